//! The book cover: a 1600×2560 PNG drawn from the book's title, subtitle, people
//! and source line.
//!
//! Everything is drawn in-process: glyph outlines come straight from the bundled
//! TrueType fonts through ttf-parser and are filled by tiny-skia. No system
//! fonts, no shaping engine, no clock and no randomness are involved, so the
//! same text and fonts always give the same PNG bytes.

use super::raster::{Picture, Rgb, Shape};
use crate::typeset::balance::{Piece, Rules, balance};
use crate::zh::is_cjk;
use crate::zh::kinsoku::{PunctShape, not_at_line_end, not_at_line_start, punct_shape};
use ttf_parser::{Face, GlyphId, OutlineBuilder};

/// The words on the cover.
pub struct CoverText<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    /// One entry per person, e.g. "采访　Steven Levy". An ideographic space
    /// (U+3000) separates the role from the name; the names are then set in an
    /// aligned column.
    pub people: Vec<String>,
    pub footer: Option<&'a str>,
}

/// Renders the cover as a 1600×2560 PNG.
///
/// `sans_bold` sets the title and the names, `serif` everything else; a
/// character missing from one font is taken from the other, and one missing
/// from both is left out.
pub fn render_cover(text: &CoverText, sans_bold: &[u8], serif: &[u8]) -> Result<Vec<u8>, String> {
    // A cover shows a title of a few lines; a very long one (a sidecar's 100,000 characters)
    // is cut with an ellipsis, so that fitting it costs what fitting a long title does. The
    // whole title is on the title page and in the metadata.
    let (title, subtitle) = (
        shown(text.title, MAX_TITLE),
        text.subtitle.map(|s| shown(s, MAX_SUBTITLE)),
    );
    let people: Vec<String> = text
        .people
        .iter()
        .map(|p| shown(p, MAX_PERSON).into_owned())
        .collect();
    let footer = text.footer.map(|f| shown(f, MAX_PERSON));
    let text = &CoverText {
        title: &title,
        subtitle: subtitle.as_deref(),
        people,
        footer: footer.as_deref(),
    };
    let sans_face = Face::parse(sans_bold, 0).map_err(|e| format!("cover: sans font: {e}"))?;
    let serif_face = Face::parse(serif, 0).map_err(|e| format!("cover: serif font: {e}"))?;
    let sans = Stack::new(&sans_face, &serif_face);
    let serif = Stack::new(&serif_face, &sans_face);

    let mut canvas = Canvas {
        picture: Picture::new(WIDTH, HEIGHT, BACKGROUND),
    };

    let bottom = draw_bottom(&mut canvas, text, sans, serif);
    let plan = plan_top(text, sans, serif, bottom - BOTTOM_GAP);
    draw_top(&mut canvas, &plan, sans, serif, bottom - BOTTOM_GAP);

    canvas.picture.to_png().map_err(|e| format!("cover: {e}"))
}

/// The most characters the cover shows of each text.
const MAX_TITLE: usize = 120;
const MAX_SUBTITLE: usize = 200;
const MAX_PERSON: usize = 60;

/// `text`, or its first `max` characters and an ellipsis.
fn shown(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()).into(),
        None => text.into(),
    }
}

const WIDTH: u32 = 1600;
const HEIGHT: u32 = 2560;
/// Left and right margin: 11% of the width, so that a reader's cropped
/// thumbnail still shows every letter of the title.
const MARGIN: f32 = 176.0;
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;
const RIGHT: f32 = MARGIN + TEXT_WIDTH;

/// Where the ink of the first title line starts.
const TITLE_TOP: f32 = 560.0;
/// The least space kept between the subtitle and the people block.
const BOTTOM_GAP: f32 = 140.0;

/// Title sizes tried, largest first. The largest suits a two-character title;
/// the smallest is still a headline on a phone's shelf view.
const TITLE_SIZES: [f32; 13] = [
    272.0, 240.0, 224.0, 208.0, 192.0, 180.0, 168.0, 156.0, 144.0, 136.0, 128.0, 120.0, 112.0,
];
/// Below the ladder, sizes for titles too long to fit any other way.
const TITLE_FALLBACK_STEP: f32 = 8.0;
const TITLE_FLOOR: f32 = 24.0;
/// A title line costs more than the gain of balancing, so a title takes the
/// fewest lines its size allows; a subtitle takes one more line if that lets it
/// break at punctuation instead of inside a phrase.
const TITLE_RULES: Rules = Rules {
    max_lines: None,
    forced: false,
    line_cost: 1.5,
};
const SUBTITLE_RULES: Rules = Rules {
    max_lines: None,
    forced: false,
    line_cost: 0.7,
};
const SUBTITLE_SIZES: [f32; 4] = [60.0, 54.0, 48.0, 42.0];

/// Deep ink blue, warm paper white and a vermilion accent: the colours of a
/// classic cloth-bound Chinese edition, strong enough to read as a thumbnail.
const BACKGROUND: Rgb = Rgb(0x16, 0x22, 0x36);
const TITLE_COLOUR: Rgb = Rgb(0xF4, 0xEE, 0xE1);
const SUBTITLE_COLOUR: Rgb = Rgb(0xC9, 0xC4, 0xB8);
const MUTED: Rgb = Rgb(0x8D, 0x96, 0xA6);
const RULE_COLOUR: Rgb = Rgb(0x3A, 0x47, 0x5C);
const ACCENT: Rgb = Rgb(0xD4, 0x4B, 0x2F);
const ORNAMENT: Rgb = Rgb(0x1E, 0x2C, 0x44);

// ---------------------------------------------------------------------------
// Layout

/// Sizes and line breaks of the title and subtitle.
struct TopPlan {
    title_size: f32,
    title: Vec<String>,
    subtitle_size: f32,
    subtitle: Vec<String>,
}

/// Picks the largest title (then subtitle) size whose text fits both the width
/// and the height left above `limit`.
fn plan_top(text: &CoverText, sans: Stack, serif: Stack, limit: f32) -> TopPlan {
    let title_units = units(&normalise(text.title, sans), sans, true);
    let subtitle_units = text
        .subtitle
        .map(|s| units(&normalise(s, serif), serif, false))
        .unwrap_or_default();
    let subtitles: Vec<(f32, Vec<String>)> = SUBTITLE_SIZES
        .iter()
        .map(|&size| {
            let lines = break_lines(&subtitle_units, size, TEXT_WIDTH, SUBTITLE_RULES);
            (size, lines.unwrap_or_default())
        })
        .collect();

    // The title matters most: the subtitle shrinks first, and only when even
    // its smallest size leaves no room does the title give way.
    let mut last = None;
    for (title_size, title) in title_candidates(&title_units) {
        for (subtitle_size, subtitle) in &subtitles {
            let plan = TopPlan {
                title_size,
                title: title.clone(),
                subtitle_size: *subtitle_size,
                subtitle: subtitle.clone(),
            };
            if top_geometry(&plan).bottom <= limit {
                return plan;
            }
            last = Some(plan);
        }
    }
    // Nothing fits the height (an absurdly long text): the smallest settings
    // still keep every line inside the side margins.
    last.unwrap_or(TopPlan {
        title_size: TITLE_SIZES[0],
        title: Vec::new(),
        subtitle_size: SUBTITLE_SIZES[0],
        subtitle: Vec::new(),
    })
}

/// Title sizes and breaks in order of preference: big and at most three lines,
/// then at most four, each first broken at the colon if there is one; then the
/// sizes below the ladder with as many lines as they need.
fn title_candidates(units: &[Unit]) -> Vec<(f32, Vec<String>)> {
    let has_colon = units.iter().any(|u| u.forced);
    let colon_first: &[bool] = if has_colon { &[true, false] } else { &[false] };
    let mut out = Vec::new();
    let mut push = |size: f32, max_lines: Option<usize>, forced: bool| {
        let rules = Rules {
            max_lines,
            forced,
            ..TITLE_RULES
        };
        if let Some(lines) = break_lines(units, size, TEXT_WIDTH, rules) {
            out.push((size, lines));
        }
    };
    for &forced in colon_first {
        for max_lines in [3, 4] {
            for &size in &TITLE_SIZES {
                push(size, Some(max_lines), forced);
            }
        }
    }
    let mut size = TITLE_SIZES[TITLE_SIZES.len() - 1];
    while size >= TITLE_FLOOR {
        for &forced in colon_first {
            push(size, None, forced);
        }
        size -= TITLE_FALLBACK_STEP;
    }
    // A single unbreakable word wider than the text block even at the floor:
    // size the title so that exactly that word fits.
    let widest = units.iter().map(|u| u.em).fold(0.0, f32::max);
    if widest > 0.0 {
        push((TEXT_WIDTH / widest).floor().min(TITLE_FLOOR), None, false);
    }
    out
}

fn title_advance(size: f32) -> f32 {
    size * 1.28
}

fn subtitle_advance(size: f32) -> f32 {
    size * 1.72
}

/// CJK ideographs in Noto sit about 0.88 em above and 0.12 em below the
/// baseline; the cover aligns ink, not line boxes.
const INK_ASCENT: f32 = 0.88;
const INK_DESCENT: f32 = 0.12;
/// From the title's last line to the short rule above the subtitle.
const SUBTITLE_RULE_GAP: f32 = 96.0;

/// Vertical positions of the top block, computed once for both fitting and
/// drawing so the two cannot disagree.
struct TopGeometry {
    title_baselines: Vec<f32>,
    rule_y: Option<f32>,
    subtitle_baselines: Vec<f32>,
    bottom: f32,
}

fn top_geometry(plan: &TopPlan) -> TopGeometry {
    let mut y = TITLE_TOP + INK_ASCENT * plan.title_size;
    let mut title_baselines = Vec::new();
    for _ in &plan.title {
        title_baselines.push(y);
        y += title_advance(plan.title_size);
    }
    // Without a title the subtitle's rule takes the title's place.
    let mut bottom = match plan.title.len() {
        0 => TITLE_TOP - SUBTITLE_RULE_GAP,
        _ => y - title_advance(plan.title_size) + INK_DESCENT * plan.title_size,
    };
    let mut rule_y = None;
    let mut subtitle_baselines = Vec::new();
    if !plan.subtitle.is_empty() {
        let rule = bottom + SUBTITLE_RULE_GAP;
        rule_y = Some(rule);
        let mut y = rule + 88.0 + INK_ASCENT * plan.subtitle_size;
        for _ in &plan.subtitle {
            subtitle_baselines.push(y);
            y += subtitle_advance(plan.subtitle_size);
        }
        bottom = y - subtitle_advance(plan.subtitle_size) + INK_DESCENT * plan.subtitle_size;
    }
    TopGeometry {
        title_baselines,
        rule_y,
        subtitle_baselines,
        bottom,
    }
}

fn draw_top(canvas: &mut Canvas, plan: &TopPlan, sans: Stack, serif: Stack, limit: f32) {
    // A short vermilion bar marks the top edge of the type area, like the
    // band on a paperback's jacket.
    canvas.fill_rect(MARGIN, 236.0, 132.0, 14.0, ACCENT);

    let geometry = top_geometry(plan);
    for (line, &baseline) in plan.title.iter().zip(&geometry.title_baselines) {
        canvas.line(sans, line, plan.title_size, MARGIN, baseline, TITLE_COLOUR);
    }
    if let Some(y) = geometry.rule_y {
        canvas.fill_rect(MARGIN, y - 2.0, 96.0, 4.0, ACCENT);
    }
    for (line, &baseline) in plan.subtitle.iter().zip(&geometry.subtitle_baselines) {
        canvas.line(
            serif,
            line,
            plan.subtitle_size,
            MARGIN,
            baseline,
            SUBTITLE_COLOUR,
        );
    }

    // An interview is a conversation: a large quotation mark, tone on tone,
    // fills the open space of a short text without competing with it.
    let (top, bottom) = (geometry.bottom + 120.0, limit);
    if bottom - top >= 300.0 {
        let height = (bottom - top).min(520.0);
        let y = top + (bottom - top - height) / 2.0;
        canvas.glyph_in_box(serif, '“', RIGHT, y, height, ORNAMENT);
    }
}

/// Draws the people and the footer from the bottom up and returns the top of
/// what it drew, the limit for the title block.
fn draw_bottom(canvas: &mut Canvas, text: &CoverText, sans: Stack, serif: Stack) -> f32 {
    let mut top = HEIGHT as f32 - 176.0;

    if let Some(footer) = text
        .footer
        .map(|f| normalise(f, serif))
        .filter(|f| !f.is_empty())
    {
        let size = fit_size(36.0, serif.width_em(&footer), TEXT_WIDTH);
        canvas.line(serif, &footer, size, MARGIN, top, MUTED);
        let rule = top - INK_ASCENT * size - 52.0;
        canvas.fill_rect(MARGIN, rule - 1.0, TEXT_WIDTH, 2.0, RULE_COLOUR);
        top = rule - 80.0;
    }

    let people: Vec<(String, String)> = text
        .people
        .iter()
        .map(|p| normalise(p, serif))
        .filter(|p| !p.trim().is_empty())
        .map(|p| match p.split_once('\u{3000}') {
            Some((role, name)) => (role.trim().to_string(), name.trim().to_string()),
            None => (String::new(), p),
        })
        .collect();
    if !people.is_empty() {
        // Roles are set smaller than names, so the names line up in a column
        // that starts after the widest role.
        const NAME: f32 = 52.0;
        const ROLE: f32 = 40.0;
        let role_em = people
            .iter()
            .map(|(r, _)| serif.width_em(r))
            .fold(0.0, f32::max);
        let name_em = people
            .iter()
            .map(|(_, n)| sans.width_em(n))
            .fold(0.0, f32::max);
        let gap = if role_em > 0.0 { 1.2 } else { 0.0 };
        // Shrink a long name to the text width, and a long list to at most a
        // quarter of the page so that the title keeps its room.
        const MAX_HEIGHT: f32 = HEIGHT as f32 / 4.0;
        const LEADING: f32 = 1.75;
        let natural_width = role_em * ROLE + gap * ROLE + name_em * NAME;
        let natural_height = NAME * (INK_ASCENT + LEADING * (people.len() - 1) as f32);
        let scale = (TEXT_WIDTH / natural_width)
            .min(MAX_HEIGHT / natural_height)
            .min(1.0);
        let (name_size, role_size) = (NAME * scale, ROLE * scale);
        let name_x = MARGIN + (role_em + gap) * role_size;
        let advance = name_size * LEADING;
        let mut baseline = top - (people.len() - 1) as f32 * advance;
        top = baseline - INK_ASCENT * name_size;
        for (role, name) in &people {
            canvas.line(serif, role, role_size, MARGIN, baseline, MUTED);
            canvas.line(sans, name, name_size, name_x, baseline, TITLE_COLOUR);
            baseline += advance;
        }
    }
    top
}

/// `size`, shrunk if needed so that `em` ems fit in `width`.
fn fit_size(size: f32, em: f32, width: f32) -> f32 {
    if em * size > width {
        (width / em).floor()
    } else {
        size
    }
}

/// Drops the characters neither font can draw, then collapses runs of ASCII
/// whitespace, line breaks and tabs to one space and trims the ends;
/// ideographic spaces are kept, they are deliberate.
fn normalise(s: &str, stack: Stack) -> String {
    let drawable: String = s
        .chars()
        .filter(|&c| c.is_whitespace() || stack.glyph(c).is_some())
        .collect();
    let mut out = String::with_capacity(drawable.len());
    for word in drawable.split(|c: char| c.is_whitespace() && c != '\u{3000}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

// ---------------------------------------------------------------------------
// Line breaking

/// An unbreakable piece of text: one CJK character or one Latin word, with
/// any punctuation that may not be separated from it glued on.
struct Unit {
    text: String,
    /// Width in ems.
    em: f32,
    /// The space before the unit, dropped if a line breaks there.
    space: String,
    space_em: f32,
    /// Added to a layout's cost if a line breaks before this unit.
    cost: f32,
    /// A line must break before this unit when breaks are forced.
    forced: bool,
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// Splits `text` into units. With `prefer_colon`, the unit after the first
/// colon is marked as a forced break: a title's colon is where it divides
/// naturally, like a main title and its subtitle.
fn units(text: &str, stack: Stack, prefer_colon: bool) -> Vec<Unit> {
    // First the raw tokens: CJK characters, Latin words and spaces.
    let mut tokens: Vec<String> = Vec::new();
    for c in text.chars() {
        let joins_word = !is_space(c)
            && !is_cjk(c)
            && tokens
                .last()
                .and_then(|t| t.chars().last())
                .is_some_and(|p| !is_space(p) && !is_cjk(p));
        match tokens.last_mut() {
            Some(t) if joins_word => t.push(c),
            _ => tokens.push(c.to_string()),
        }
    }

    let mut out: Vec<Unit> = Vec::new();
    let mut space = String::new();
    for token in tokens {
        let first = token.chars().next().unwrap_or(' ');
        if is_space(first) {
            space.push_str(&token);
            continue;
        }
        let glue = match out.last() {
            Some(prev) => {
                not_at_line_start(first) || prev.text.chars().last().is_some_and(not_at_line_end)
            }
            None => false,
        };
        if let (true, Some(prev)) = (glue, out.last_mut()) {
            prev.text.push_str(&space);
            prev.text.push_str(&token);
            // Measured whole, so that punctuation pairs are set tight.
            prev.em = stack.width_em(&prev.text);
        } else {
            let prev_end = out.last().and_then(|u| u.text.chars().last());
            let after_colon = prev_end.is_some_and(|p| p == '：' || p == ':');
            let forced = prefer_colon && after_colon && !out.iter().any(|u| u.forced);
            let cost = match prev_end {
                // Without a forced break, still lean towards the colon.
                Some(_) if prefer_colon && after_colon => -0.5,
                // The punctuation of a clause end is where a reader pauses anyway.
                Some(p) if "，。、；！？”".contains(p) => -0.2,
                // Breaking inside a run of Latin words splits names such
                // as "Yann | LeCun"; break beside CJK text where possible.
                Some(p) if !is_cjk(p) && !is_cjk(first) => 0.25,
                // A Latin word touching CJK text with no space, as in "AI安全".
                Some(p) if space.is_empty() && (!is_cjk(p) || !is_cjk(first)) => 0.3,
                // Between two hanzi, perhaps inside a word: allowed, not sought.
                Some(_) if space.is_empty() => 0.1,
                _ => 0.0,
            };
            out.push(Unit {
                space_em: stack.width_em(&space),
                space: std::mem::take(&mut space),
                em: stack.width_em(&token),
                text: token,
                cost,
                forced,
            });
        }
        space.clear();
    }
    out
}

/// Breaks `units` set at `size` into balanced lines no wider than `width`
/// ([`balance`]); `None` if no layout fits, e.g. a word wider than `width`.
fn break_lines(units: &[Unit], size: f32, width: f32, rules: Rules) -> Option<Vec<String>> {
    let pieces: Vec<Piece> = units
        .iter()
        .map(|u| Piece {
            width: u.em * size,
            space: u.space_em * size,
            cost: u.cost,
            forced: u.forced,
        })
        .collect();
    let lines = balance(&pieces, width, rules)?;
    Some(
        lines
            .into_iter()
            .map(|r| {
                let mut line = units[r.start].text.clone();
                for u in &units[r.start + 1..r.end] {
                    line.push_str(&u.space);
                    line.push_str(&u.text);
                }
                line
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------
// Fonts and drawing

/// A font with a fallback for the characters it lacks.
#[derive(Clone, Copy)]
struct Stack<'f> {
    faces: [&'f Face<'f>; 2],
}

#[derive(Clone, Copy)]
struct Glyph<'f> {
    face: &'f Face<'f>,
    id: GlyphId,
    /// Advance width in ems.
    advance: f32,
}

/// Full-width punctuation whose ink fills only half of its em box (stops, quotes, brackets).
fn half_inked(c: char) -> bool {
    matches!(
        punct_shape(c),
        Some(PunctShape::Closing | PunctShape::Opening)
    )
}

/// How far to pull two adjacent punctuation marks together, in ems: in
/// "”？" or "》）：" each mark brings a blank half em, and two or three of them
/// in a row read as a hole in the line. The blank is measured from the glyphs
/// (fonts differ in which half they ink), keeping a little air.
fn tightening(a: Glyph, b: Glyph) -> f32 {
    let (Some(a_box), Some(b_box)) = (
        a.face.glyph_bounding_box(a.id),
        b.face.glyph_bounding_box(b.id),
    ) else {
        return 0.0;
    };
    let a_blank = a.advance - f32::from(a_box.x_max) / f32::from(a.face.units_per_em());
    let b_blank = f32::from(b_box.x_min) / f32::from(b.face.units_per_em());
    (a_blank + b_blank - 0.16).clamp(0.0, 0.5)
}

impl<'f> Stack<'f> {
    fn new(primary: &'f Face<'f>, fallback: &'f Face<'f>) -> Self {
        Stack {
            faces: [primary, fallback],
        }
    }

    fn glyph(&self, c: char) -> Option<Glyph<'f>> {
        self.faces.iter().find_map(|&face| {
            // Glyph 0 is .notdef, the "missing character" box.
            let id = face.glyph_index(c).filter(|g| g.0 != 0)?;
            let advance = f32::from(face.glyph_hor_advance(id).unwrap_or(0));
            Some(Glyph {
                face,
                id,
                advance: advance / f32::from(face.units_per_em()),
            })
        })
    }

    /// Sets `s` on a line: the glyph of each drawable character with its pen
    /// position in ems, and the line's total advance. Measuring and drawing
    /// both go through here, so a line is drawn exactly as wide as measured.
    fn set(&self, s: &str) -> (Vec<(Glyph<'f>, f32)>, f32) {
        let mut placed: Vec<(Glyph<'f>, f32)> = Vec::new();
        let mut x = 0.0;
        let mut prev: Option<(char, Glyph<'f>)> = None;
        for c in s.chars() {
            let Some(glyph) = self.glyph(c) else {
                continue;
            };
            if let Some((p, prev_glyph)) = prev
                && half_inked(p)
                && half_inked(c)
            {
                x -= tightening(prev_glyph, glyph);
            }
            placed.push((glyph, x));
            x += glyph.advance;
            prev = Some((c, glyph));
        }
        (placed, x)
    }

    fn width_em(&self, s: &str) -> f32 {
        self.set(s).1
    }
}

/// The cover's shapes, drawn by the raster module.
struct Canvas {
    picture: Picture,
}

impl Canvas {
    fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Rgb) {
        self.picture.fill(Shape::rect(colour, x, y, w, h));
    }

    /// Draws `c` so that its ink is `height` tall, its top at `top` and its
    /// right edge at `right`.
    fn glyph_in_box(
        &mut self,
        stack: Stack,
        c: char,
        right: f32,
        top: f32,
        height: f32,
        colour: Rgb,
    ) {
        let Some(glyph) = stack.glyph(c) else { return };
        let Some(bbox) = glyph.face.glyph_bounding_box(glyph.id) else {
            return;
        };
        let ink_height = f32::from(bbox.y_max) - f32::from(bbox.y_min);
        if ink_height <= 0.0 {
            return;
        }
        let scale = height / ink_height;
        let mut shape = Shape::new(colour);
        let mut pen = Pen {
            shape: &mut shape,
            x: right - f32::from(bbox.x_max) * scale,
            y: top + f32::from(bbox.y_max) * scale,
            scale,
        };
        glyph.face.outline_glyph(glyph.id, &mut pen);
        self.picture.fill(shape);
    }

    /// Draws one line of text with its left edge at `x`. An opening quote or
    /// bracket at the start hangs into its own blank half so that the ink, not
    /// the glyph box, lines up with the margin.
    fn line(&mut self, stack: Stack, text: &str, size: f32, x: f32, baseline: f32, colour: Rgb) {
        let (placed, _) = stack.set(text);
        let mut x = x;
        if let Some(c) = text.chars().next()
            && punct_shape(c) == Some(PunctShape::Opening)
            && let Some((glyph, _)) = placed.first()
            && let Some(bbox) = glyph.face.glyph_bounding_box(glyph.id)
        {
            x -= f32::from(bbox.x_min.max(0)) * size / f32::from(glyph.face.units_per_em());
        }
        let mut shape = Shape::new(colour);
        for (glyph, offset) in placed {
            let mut pen = Pen {
                shape: &mut shape,
                x: x + offset * size,
                y: baseline,
                scale: size / f32::from(glyph.face.units_per_em()),
            };
            glyph.face.outline_glyph(glyph.id, &mut pen);
        }
        self.picture.fill(shape);
    }
}

/// Turns font outlines (font units, y up) into canvas shapes (pixels, y down).
struct Pen<'p> {
    shape: &'p mut Shape,
    x: f32,
    y: f32,
    scale: f32,
}

impl Pen<'_> {
    fn pt(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl OutlineBuilder for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.pt(x, y);
        self.shape.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.pt(x, y);
        self.shape.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.pt(x1, y1);
        let (x, y) = self.pt(x, y);
        self.shape.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.pt(x1, y1);
        let (x2, y2) = self.pt(x2, y2);
        let (x, y) = self.pt(x, y);
        self.shape.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.shape.close();
    }
}

#[cfg(test)]
mod tests {
    use tiny_skia::{Color, Pixmap};

    use super::*;

    // The project's bundled fonts, found relative to the crate root.
    const SANS: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fonts/NotoSansSC-Bold.subset.ttf"
    ));
    const SERIF: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fonts/NotoSerifSC-Regular.subset.ttf"
    ));

    #[test]
    fn a_huge_title_is_cut_before_it_is_fitted() {
        let huge = "长".repeat(100_000);
        let cover = |title: &str| {
            render_cover(
                &CoverText {
                    title,
                    subtitle: None,
                    people: vec![format!("采访\u{3000}{}", "名".repeat(10_000))],
                    footer: None,
                },
                SANS,
                SERIF,
            )
            .unwrap()
        };
        let cut = format!("{}…", "长".repeat(MAX_TITLE));
        assert_eq!(shown(&huge, MAX_TITLE), cut);
        assert_eq!(shown("短", MAX_TITLE), "短");
        assert_eq!(cover(&huge), cover(&cut));
    }

    const TITLE: &str = "Steven Levy 对话 Yann LeCun：开源、AI 安全与艺术";

    fn example() -> CoverText<'static> {
        CoverText {
            title: TITLE,
            subtitle: Some(
                "“机器学习很糟糕”？图灵奖得主谈大模型的极限、开源的必要与 AI 能否有灵魂",
            ),
            people: vec!["采访　Steven Levy".into(), "受访　Yann LeCun".into()],
            footer: Some("原载 Wired · Sense 编译"),
        }
    }

    fn decode(png: &[u8]) -> Pixmap {
        Pixmap::decode_png(png).expect("the cover is a valid PNG")
    }

    /// The title's lines at the size the cover would choose.
    const EXAMPLE_COVER: &str = "07eaded5-62ea-5b2a-a8a7-fef5e41496cb";

    fn title_lines(title: &str) -> Vec<String> {
        let sans_face = Face::parse(SANS, 0).unwrap();
        let serif_face = Face::parse(SERIF, 0).unwrap();
        let sans = Stack::new(&sans_face, &serif_face);
        let serif = Stack::new(&serif_face, &sans_face);
        let text = CoverText {
            title,
            subtitle: None,
            people: Vec::new(),
            footer: None,
        };
        plan_top(&text, sans, serif, HEIGHT as f32).title
    }

    #[test]
    fn renders_a_1600_by_2560_png() {
        let pixmap = decode(&render_cover(&example(), SANS, SERIF).unwrap());
        assert_eq!((pixmap.width(), pixmap.height()), (1600, 2560));
    }

    #[test]
    fn draws_the_recorded_pixels() {
        // The cover is drawn from the text and fonts alone: the same bytes on every machine
        // and every run, recorded here as their SHA-1 (through a v5 UUID). A change to the
        // drawing, the layout or the fonts changes it: look at the PNG written on failure,
        // then record the new value.
        let png = render_cover(&example(), SANS, SERIF).unwrap();
        let fingerprint = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, &png).to_string();
        if fingerprint != EXAMPLE_COVER {
            let path = std::env::temp_dir().join("fangtan-example-cover.png");
            std::fs::write(&path, &png).unwrap();
            panic!(
                "the example cover is now {fingerprint}: see {}",
                path.display()
            );
        }
    }

    #[test]
    fn long_latin_words_stay_inside_the_margins() {
        let text = CoverText {
            title: "Pneumonoultramicroscopicsilicovolcanoconiosis \
                    Supercalifragilisticexpialidocious Antidisestablishmentarianism \
                    Floccinaucinihilipilification",
            subtitle: Some("Honorificabilitudinitatibus"),
            people: vec!["Interviewer　Wolfeschlegelsteinhausenbergerdorff".into()],
            footer: Some("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"),
        };
        let pixmap = decode(&render_cover(&text, SANS, SERIF).unwrap());
        // Nothing but the background in the side margins (a few pixels of
        // anti-aliasing aside).
        let background = Color::from_rgba8(BACKGROUND.0, BACKGROUND.1, BACKGROUND.2, 255)
            .premultiply()
            .to_color_u8();
        let inside = (MARGIN as u32 - 2)..(RIGHT as u32 + 2);
        for y in 0..HEIGHT {
            for x in (0..WIDTH).filter(|x| !inside.contains(x)) {
                assert_eq!(pixmap.pixel(x, y), Some(background), "ink at ({x}, {y})");
            }
        }
    }

    #[test]
    fn breaks_after_the_colon() {
        let lines = title_lines(TITLE);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().any(|l| l.ends_with('：')), "{lines:?}");
    }

    #[test]
    fn keeps_words_whole_and_punctuation_in_place() {
        let titles = [
            TITLE,
            "许知远对话（《十三邀》）：“我们为何焦虑？”他说，时代的喧嚣之下，人人都在寻找一种安放自己的方式",
            "当我们谈论人工智能的时候我们在谈论什么：一场关于技术、伦理、权力与人类未来命运的长篇深度对话",
            "The Unreasonable Effectiveness of Mathematics in the Natural Sciences, Revisited",
        ];
        for title in titles {
            let lines = title_lines(title);
            for line in &lines {
                let first = line.chars().next().unwrap();
                let last = line.chars().last().unwrap();
                assert!(
                    !not_at_line_start(first),
                    "{line:?} starts badly in {lines:?}"
                );
                assert!(!not_at_line_end(last), "{line:?} ends badly in {lines:?}");
            }
            // Every Latin word survives intact on one line.
            for word in title.split(|c: char| is_space(c) || is_cjk(c)) {
                if !word.is_empty() {
                    assert!(
                        lines.iter().any(|l| l.contains(word)),
                        "{word:?} split in {lines:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn copes_with_missing_characters_and_empty_text() {
        let text = CoverText {
            title: "",
            subtitle: Some("😀 Łódź\u{E000}"),
            people: vec![String::new(), "　".into()],
            footer: Some(""),
        };
        decode(&render_cover(&text, SANS, SERIF).unwrap());
    }

    #[test]
    fn rejects_a_broken_font() {
        assert!(render_cover(&example(), b"not a font", SERIF).is_err());
    }
}

//! Painting: the laid-out book's items become printpdf operations. Nothing is decided here
//! that the layout did not decide: glyphs go exactly where the typesetter put them, by TJ
//! offsets (PDF word spacing does nothing for two-byte CJK fonts).

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, DictItem, FontId, Line as PdfLine,
    LineCapStyle, LineDashPattern, LinePoint, LinkAnnotation, Mm, Op, ParsedFont, PdfFontHandle,
    PdfPage, Point, Pt, Rect, Rgb, TextItem, TextMatrix, TextRenderingMode, XObjectId,
    XObjectTransform,
};

use super::subset::advance_milli;
use crate::render::fonts::FontSet;
use crate::typeset::Face;
use crate::typeset::book::structure::{Structure, Tag};
use crate::typeset::book::{self, Book, Item, LinkTarget};
use crate::typeset::linebreak::Glyph;

/// The PDF resource name of a face: fixed, so output is reproducible.
pub fn resource(face: Face) -> FontId {
    FontId(format!("F{}", FontSet::index(face) + 1))
}

fn rgb(c: book::Color) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

/// What a page's marked content belongs to, for the structure tree: the element of each
/// marked-content id (`MCID` 0, 1, …), and of each link annotation in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageTags {
    pub mcids: Vec<usize>,
    pub links: Vec<usize>,
}

/// The operations of `pages`, pages of `book`, and what their marked content belongs to
/// (nothing is marked when the book has no structure).
pub fn pages(
    book: &Book,
    pages: &[crate::typeset::book::Page],
    faces: &BTreeMap<Face, ParsedFont>,
) -> (Vec<PdfPage>, Vec<PageTags>) {
    let (w, h) = (book.width, book.height);
    pages
        .iter()
        .map(|page| {
            let mut painter = Painter {
                structure: book.structure.as_ref(),
                ..Painter::default()
            };
            for item in &page.items {
                painter.paint(item, h, faces);
            }
            painter.end_text();
            // Every page's operations live until the whole PDF is written: no growth slack.
            painter.ops.shrink_to_fit();
            let tags = std::mem::take(&mut painter.tags);
            (
                PdfPage::new(Mm::from(Pt(w)), Mm::from(Pt(h)), painter.ops),
                tags,
            )
        })
        .unzip()
}

/// The text of `glyphs` with a space at each word gap (between two glyphs that are not
/// CJK, a gap of more than a sixth of an em); `None` when there is no such gap.
fn spaced_text(glyphs: &[Glyph], size: f32, faces: &BTreeMap<Face, ParsedFont>) -> Option<String> {
    let mut text = String::new();
    let mut spaced = false;
    for (i, g) in glyphs.iter().enumerate() {
        if i > 0 {
            let a = &glyphs[i - 1];
            let advance = faces.get(&a.face).map_or(0.0, |f| {
                advance_milli(f, a.ch) as f32 * size / 1000.0 * a.scale
            });
            let gap = g.x - (a.x + advance);
            if gap > size / 6.0 && !crate::zh::is_cjk(a.ch) && !crate::zh::is_cjk(g.ch) {
                text.push(' ');
                spaced = true;
            }
        }
        text.push(g.ch);
    }
    spaced.then_some(text)
}

/// Pieces of a line in one language: (glyph range, its language when it is not the book's).
/// A Latin word (two letters or more) in a Chinese book is English; Han in another book is
/// Chinese. Spaces and marks between go with the text around them.
fn language_pieces(
    glyphs: &[Glyph],
    book_lang: &str,
) -> Vec<(std::ops::Range<usize>, Option<&'static str>)> {
    let chinese_book = crate::zh::normalize::is_chinese_language(book_lang);
    let mut pieces: Vec<(std::ops::Range<usize>, Option<&'static str>)> = Vec::new();
    let mut start = 0;
    while start < glyphs.len() {
        let cjk = crate::zh::is_cjk(glyphs[start].ch);
        let end = glyphs[start..]
            .iter()
            .position(|g| crate::zh::is_cjk(g.ch) != cjk)
            .map_or(glyphs.len(), |n| start + n);
        let piece = &glyphs[start..end];
        let lang = if chinese_book && !cjk {
            let letters = piece.iter().filter(|g| g.ch.is_alphabetic()).count();
            (letters >= 2).then_some("en")
        } else if !chinese_book && cjk && piece.iter().any(|g| crate::zh::is_han(g.ch)) {
            Some("zh")
        } else {
            None
        };
        match pieces.last_mut() {
            Some((range, last)) if *last == lang => range.end = end,
            _ => pieces.push((start..end, lang)),
        }
        start = end;
    }
    pieces
}

/// Writes a page's operations, keeping one text object open across consecutive text items
/// and setting colour, font and character spacing only when they change, and moving from
/// line to line by relative `Td` steps (smaller content streams).
#[derive(Default)]
struct Painter<'b> {
    /// The book's structure: when there is one, every item is marked as an element's
    /// content or as an artifact.
    structure: Option<&'b Structure>,
    tags: PageTags,
    ops: Vec<Op>,
    in_text: bool,
    color: Option<(u32, u32, u32)>,
    /// The fill colour, which an emboldening stroke repeats.
    fill: Option<book::Color>,
    font: Option<(Face, u32)>,
    /// Character spacing (`Tc`) in thousandths of an em.
    spacing: i32,
    /// Start of the current text line in twentieths of a point, when its matrix is unscaled.
    line_start: Option<(i64, i64)>,
}

/// Positions are kept in twentieths of a point: finer than any device, and exact in decimal.
fn twentieths(v: f32) -> i64 {
    (v * 20.0).round() as i64
}

/// A size or colour component as a whole number, to tell whether it changed.
fn milli(v: f32) -> u32 {
    (v * 1000.0) as u32
}

fn points(t: i64) -> f32 {
    t as f32 / 20.0
}

impl Painter<'_> {
    /// Opens the marked content of an item: an artifact, or the next MCID of its element
    /// (with its language when it is not the book's).
    fn begin_marked(&mut self, tag: Tag, lang: Option<&str>, actual: Option<String>) {
        let Some(structure) = self.structure else {
            return;
        };
        match tag {
            Tag::Artifact => self.ops.push(Op::BeginMarkedContent {
                tag: "Artifact".into(),
            }),
            Tag::Element(e) => {
                let mut map = BTreeMap::new();
                map.insert(
                    "MCID".to_string(),
                    DictItem::Int(self.tags.mcids.len() as i64),
                );
                if let Some(text) = actual {
                    let mut data = vec![0xFE, 0xFF];
                    data.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
                    map.insert(
                        "ActualText".to_string(),
                        DictItem::String {
                            data,
                            literal: false,
                        },
                    );
                }
                if let Some(lang) = lang {
                    map.insert(
                        "Lang".to_string(),
                        DictItem::String {
                            data: lang.as_bytes().to_vec(),
                            literal: true,
                        },
                    );
                }
                self.tags.mcids.push(e);
                self.ops.push(Op::BeginMarkedContentWithProperties {
                    tag: if lang.is_some() {
                        "Span".into()
                    } else {
                        structure.elements[e].role.name().into()
                    },
                    properties: DictItem::Dict { map },
                });
            }
        }
    }

    fn end_marked(&mut self) {
        if self.structure.is_some() {
            self.ops.push(Op::EndMarkedContent);
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
            self.line_start = None;
            self.spacing = 0;
        }
    }

    /// Starts a text line at (x, y), by a relative step from the last line when both are
    /// unscaled.
    fn move_to(&mut self, x: i64, y: i64, scale: f32) {
        let unscaled = (scale - 1.0).abs() < 1e-4;
        match self.line_start {
            Some((lx, ly)) if unscaled => self.ops.push(Op::SetTextCursor {
                pos: Point {
                    x: Pt(points(x - lx)),
                    y: Pt(points(y - ly)),
                },
            }),
            _ => {
                let matrix = if unscaled {
                    TextMatrix::Translate(Pt(points(x)), Pt(points(y)))
                } else {
                    TextMatrix::Raw([scale, 0.0, 0.0, 1.0, points(x), points(y)])
                };
                self.ops.push(Op::SetTextMatrix { matrix });
            }
        }
        self.line_start = unscaled.then_some((x, y));
    }

    /// Shows a run of glyphs of one face and scale; `at` is the line's origin (x, baseline
    /// from the page foot) and size.
    fn show(&mut self, run: &[Glyph], at: (f32, f32, f32), faces: &BTreeMap<Face, ParsedFont>) {
        let (x, baseline, size) = at;
        let Some(font) = faces.get(&run[0].face) else {
            return;
        };
        let (gx, scale) = (twentieths(x + run[0].x), run[0].scale);
        let font_key = (run[0].face, milli(size));
        if self.font != Some(font_key) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(resource(run[0].face)),
                size: Pt(size),
            });
            self.font = Some(font_key);
        }
        self.move_to(gx, twentieths(baseline), scale);
        let (spacing, items) = tj(run, font, size);
        if spacing != self.spacing {
            self.ops.push(Op::SetCharacterSpacing {
                multiplier: spacing as f32 * size / 1000.0,
            });
            self.spacing = spacing;
        }
        if run[0].embolden {
            // No font of this weight has the character: a regular glyph stroked in its own
            // colour, a 30th of an em wide, stands in for bold.
            self.ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::FillStroke,
            });
            self.ops.push(Op::SetOutlineThickness {
                pt: Pt(size / 30.0),
            });
            self.ops.push(Op::SetOutlineColor {
                col: rgb(self.fill.unwrap_or(book::BLACK)),
            });
            self.ops.push(Op::ShowText { items });
            self.ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::Fill,
            });
        } else {
            self.ops.push(Op::ShowText { items });
        }
    }

    fn paint(&mut self, item: &Item, page_height: f32, faces: &BTreeMap<Face, ParsedFont>) {
        match item {
            Item::Text {
                x,
                y,
                size,
                color,
                line,
                tag,
            } => {
                if line.glyphs.is_empty() {
                    return;
                }
                if !self.in_text {
                    self.ops.push(Op::StartTextSection);
                    self.in_text = true;
                }
                let color_key = (milli(color.0), milli(color.1), milli(color.2));
                if self.color != Some(color_key) {
                    self.ops.push(Op::SetFillColor { col: rgb(*color) });
                    self.color = Some(color_key);
                    self.fill = Some(*color);
                }
                let at = (*x, page_height - y, *size);
                let body = line.glyphs.len() - usize::from(line.hyphenated);
                let mut pieces = match (tag, self.structure) {
                    (Tag::Element(_), Some(s)) => language_pieces(&line.glyphs[..body], &s.lang),
                    _ => vec![(0..body, None)],
                };
                if pieces.is_empty() {
                    pieces.push((0..0, None));
                }
                let last = pieces.len() - 1;
                for (n, (range, lang)) in pieces.into_iter().enumerate() {
                    // Word spaces are gaps, not glyphs: a piece that has some says its text
                    // with them, so that screen readers and copying get `Steven Levy`.
                    let hyphen_follows = n == last && line.hyphenated;
                    let actual = (self.structure.is_some() && !hyphen_follows)
                        .then(|| spaced_text(&line.glyphs[range.clone()], *size, faces))
                        .flatten();
                    self.begin_marked(*tag, lang, actual);
                    for run in runs(&line.glyphs[range]) {
                        self.show(run, at, faces);
                    }
                    if n < last || !line.hyphenated {
                        self.end_marked();
                    }
                }
                if line.hyphenated {
                    // A hyphen the text does not have: drawn, but read as a soft hyphen
                    // (U+00AD, as ISO 32000 advises for hyphens added by line breaking), so
                    // that search and copying find the whole word.
                    let soft_hyphen = DictItem::String {
                        data: vec![0xFE, 0xFF, 0x00, 0xAD],
                        literal: false,
                    };
                    self.ops.push(Op::BeginMarkedContentWithProperties {
                        tag: "Span".into(),
                        properties: DictItem::Dict {
                            map: [("ActualText".to_string(), soft_hyphen)].into(),
                        },
                    });
                    self.show(&line.glyphs[body..], at, faces);
                    self.ops.push(Op::EndMarkedContent);
                    self.end_marked();
                }
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
                dash,
            } => {
                self.end_text();
                self.begin_marked(Tag::Artifact, None, None);
                let ops = &mut self.ops;
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetOutlineColor { col: rgb(*color) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::SetLineCapStyle {
                    cap: LineCapStyle::Butt,
                });
                if let Some((on, off)) = dash {
                    ops.push(Op::SetLineDashPattern {
                        dash: LineDashPattern::new(0.0, &[*on, *off]),
                    });
                }
                let point = |x: f32, y: f32| LinePoint {
                    p: Point {
                        x: Pt(x),
                        y: Pt(page_height - y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
                        is_closed: false,
                    },
                });
                ops.push(Op::RestoreGraphicsState);
                self.end_marked();
            }
            Item::Image {
                x,
                y,
                width,
                height,
                picture,
                tag,
            } => {
                self.end_text();
                self.begin_marked(*tag, None, None);
                self.ops.push(Op::UseXobject {
                    id: XObjectId(super::pictures::resource_name(*picture)),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(page_height - y - height)),
                        scale_x: Some(*width),
                        scale_y: Some(*height),
                        no_auto_scale: true,
                        ..XObjectTransform::default()
                    },
                });
                self.end_marked();
            }
            Item::Link {
                x,
                y,
                width,
                height,
                target,
                tag,
            } => {
                self.end_text();
                if let (Tag::Element(e), Some(_)) = (tag, self.structure) {
                    self.tags.links.push(*e);
                }
                let rect = Rect {
                    x: Pt(*x),
                    y: Pt(page_height - y - height),
                    width: Pt(*width),
                    height: Pt(*height),
                    mode: None,
                    winding_order: None,
                };
                self.ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        rect,
                        match target {
                            LinkTarget::Uri(uri) => Actions::uri(uri.clone()),
                            // printpdf counts pages from 1.
                            LinkTarget::Page(index) => Actions::go_to(Destination::Xyz {
                                page: index + 1,
                                left: None,
                                top: None,
                                zoom: None,
                            }),
                        },
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        None,
                    ),
                });
            }
        }
    }
}

/// Consecutive glyphs of one face and scale.
fn runs(glyphs: &[Glyph]) -> Vec<&[Glyph]> {
    glyphs
        .chunk_by(|a, b| {
            a.face == b.face && (a.scale - b.scale).abs() < 1e-4 && a.embolden == b.embolden
        })
        .collect()
}

/// Character spacing and the text with TJ offsets that put each glyph at its laid-out x.
/// Both are in thousandths of an em; an offset moves the pen back (positive) or on
/// (negative). A justified line spreads its glyphs evenly, so the commonest gap becomes the
/// character spacing and the offsets are left for the exceptions.
fn tj(glyphs: &[Glyph], font: &ParsedFont, size: f32) -> (i32, Vec<TextItem>) {
    let even = placed(glyphs, font, size, 0);
    let spacing = commonest_gap(&even).map_or(0, |gap| -gap);
    if spacing == 0 {
        return (0, items(glyphs, &even));
    }
    let offsets = placed(glyphs, font, size, spacing);
    (spacing, items(glyphs, &offsets))
}

/// The offset before each glyph (the first's is 0) when every glyph advances by its width
/// plus `spacing`.
fn placed(glyphs: &[Glyph], font: &ParsedFont, size: f32, spacing: i32) -> Vec<i32> {
    let x0 = glyphs[0].x;
    let scale = glyphs[0].scale as f64;
    // Pen position in thousandths of an em (text space, before horizontal scaling).
    let mut pen = 0.0f64;
    glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut offset = 0;
            if i > 0 {
                let target = (g.x - x0) as f64 * 1000.0 / size as f64 / scale;
                // Whole thousandths of an em, and none while the pen is less than one off
                // (0.01 pt at 10 pt, finer than any device): rounding jitter costs bytes.
                let error = pen - target;
                if error.abs() >= 1.0 {
                    offset = error.round() as i32;
                }
                pen -= offset as f64;
            }
            pen += advance_milli(font, g.ch) + spacing as f64;
            offset
        })
        .collect()
}

/// The gap that occurs most often between glyphs, when it is not zero and occurs at least
/// twice (ties go to the smaller, for reproducibility).
fn commonest_gap(offsets: &[i32]) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for &o in offsets.iter().skip(1) {
        *counts.entry(o).or_default() += 1;
    }
    let (&gap, &count) = counts.iter().max_by_key(|(gap, count)| (**count, -**gap))?;
    (gap != 0 && count >= 2).then_some(gap)
}

fn items(glyphs: &[Glyph], offsets: &[i32]) -> Vec<TextItem> {
    let mut items = Vec::new();
    let mut text = String::new();
    for (g, &offset) in glyphs.iter().zip(offsets) {
        if offset != 0 {
            if !text.is_empty() {
                text.shrink_to_fit();
                items.push(TextItem::Text(std::mem::take(&mut text)));
            }
            items.push(TextItem::Offset(offset as f32));
        }
        text.push(g.ch);
    }
    if !text.is_empty() {
        text.shrink_to_fit();
        items.push(TextItem::Text(text));
    }
    items.shrink_to_fit();
    items
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::render::pdf::subset;
    use crate::typeset::linebreak::{Align, ParagraphStyle, Span, break_paragraph};

    /// Replays Tc and TJ as a viewer does and returns each glyph's x in thousandths of an em.
    fn replay(spacing: i32, items: &[TextItem], font: &ParsedFont) -> Vec<f64> {
        let mut pen = 0.0;
        let mut xs = Vec::new();
        for item in items {
            match item {
                TextItem::Offset(o) => pen -= *o as f64,
                TextItem::Text(text) => {
                    for c in text.chars() {
                        xs.push(pen);
                        pen += advance_milli(font, c) + spacing as f64;
                    }
                }
                _ => unreachable!(),
            }
        }
        xs
    }

    #[test]
    fn glyphs_land_where_the_layout_put_them_and_even_gaps_become_character_spacing() {
        let fonts = FontSet::bundled();
        let text = "这是一段用来检验两端对齐的中文，包含 Milli Vanilli 与 1989 年的数字，以及“引号”和——破折号。";
        let style = ParagraphStyle {
            size: 10.5,
            width: 10.5 * 17.3,
            first_indent: 21.0,
            rest_indent: 0.0,
            align: Align::Justify,
            hyphenate: true,
        };
        let broken = break_paragraph(&[Span::new(text, Face::Serif)], &style, &fonts);
        let serif = fonts.font(Face::Serif).unwrap();
        let glyphs: BTreeSet<u16> = text.chars().filter_map(|c| serif.glyph(c)).collect();
        let font = subset::subset(serif.bytes, serif.index, &glyphs).unwrap();
        let mut spaced = 0;
        for line in &broken.lines {
            for run in runs(&line.glyphs) {
                let (spacing, items) = tj(run, &font, style.size);
                spaced += usize::from(spacing != 0);
                let xs = replay(spacing, &items, &font);
                for (g, x) in run.iter().zip(xs) {
                    let want =
                        (g.x - run[0].x) as f64 * 1000.0 / style.size as f64 / g.scale as f64;
                    assert!(
                        (x - want).abs() < 1.0,
                        "{:?} at {x}, laid out at {want}",
                        g.ch
                    );
                }
            }
        }
        assert!(spaced > 0, "no justified line used character spacing");
    }

    #[test]
    fn the_commonest_gap_needs_two_occurrences_and_is_never_zero() {
        assert_eq!(commonest_gap(&[0, -50, -50, -51]), Some(-50));
        assert_eq!(commonest_gap(&[0, -50, 0, 0]), None);
        assert_eq!(commonest_gap(&[0, -50]), None);
        assert_eq!(commonest_gap(&[0, -3, -3, -4, -4]), Some(-4));
    }
}

//! The narrators' script as pages on the build's paper: the cast, what is not read and the
//! pronunciation guide first, then large type and open leading to read from at a
//! microphone, each cue's number and times in the margin beside a bar in its voice's colour,
//! the voice and speaker above the text, and no cue split across pages when it fits on one.

use super::book::{Book, Color, GREY, Item, OutlineEntry, Page};
use super::linebreak::{Align, Line, ParagraphStyle, Span, break_paragraph};
use super::page::{BlockShape, paginate};
use super::{Face, Metrics};

/// One cue as the page shows it.
#[derive(Debug, Clone)]
pub struct CueText<'a> {
    pub number: String,
    /// `A · Steven Levy`, `A · 旁白`.
    pub label: String,
    pub start: String,
    pub duration: String,
    /// Borrowed from the script: a long one is not copied to be set.
    pub paragraphs: &'a [String],
    /// Which voice: 0, 1, … picks the colour.
    pub tone: usize,
}

#[derive(Debug, Clone)]
pub enum ScriptItem<'a> {
    Section(String),
    Cue(CueText<'a>),
}

/// A table of the front matter: the cast, what is not read, the pronunciation guide.
#[derive(Debug, Clone)]
pub struct Table {
    pub heading: String,
    /// A line under the heading (the terms still to be given a reading).
    pub intro: Option<String>,
    /// Column headings (none: a list).
    pub columns: Vec<String>,
    /// Each column's share of the width.
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct ScriptText<'a> {
    pub title: String,
    /// Lines under the title: the total time and pace.
    pub header: Vec<String>,
    /// Before the cues, in order.
    pub tables: Vec<Table>,
    pub items: Vec<ScriptItem<'a>>,
    /// A script in a Latin-script language: paragraphs indent one em, the first of a cue none
    /// (Chinese: two ems each).
    pub latin: bool,
    /// Page size in pt (width, height): the `--paper` of the build.
    pub paper: (f32, f32),
}

const TONES: &[Color] = &[
    Color(0.6, 0.12, 0.1),
    Color(0.11, 0.21, 0.34),
    Color(0.16, 0.42, 0.25),
    Color(0.45, 0.3, 0.55),
];

const SIZE: f32 = 12.0;
const LEADING: f32 = 21.0;

/// Where things go on a page of the paper's size: smaller margins on A5, so that the text
/// column keeps about twenty characters of 12 pt.
#[derive(Debug, Clone, Copy)]
struct Geometry {
    width: f32,
    height: f32,
    top: f32,
    bottom: f32,
    left: f32,
    /// The margin column (cue numbers and times), then the text column after a gap.
    margin: f32,
    text_x: f32,
    text_width: f32,
}

impl Geometry {
    fn of((width, height): (f32, f32)) -> Geometry {
        let small = width < 500.0;
        let (top, bottom, left, margin, right) = if small {
            (48.0, 56.0, 36.0, 62.0, 36.0)
        } else {
            (64.0, 72.0, 56.0, 86.0, 56.0)
        };
        let text_x = left + margin + 12.0;
        Geometry {
            width,
            height,
            top,
            bottom,
            left,
            margin,
            text_x,
            text_width: width - text_x - right,
        }
    }

    /// The full measure, from the left margin to the right.
    fn full(&self) -> f32 {
        self.text_x + self.text_width - self.left
    }
}

/// A line placed in a block: (dx from the text column, size, colour, line); a block's row
/// holds one line, or a table row's cells side by side.
type Placed = (f32, f32, Color, Line);

struct Block<'a> {
    shape: BlockShape,
    rows: Vec<Vec<Placed>>,
    /// Number, start and duration, borrowed from the cue.
    cue: Option<(&'a str, &'a str, &'a str, Color)>,
    section: Option<&'a str>,
}

impl Block<'_> {
    fn of_lines(lines: Vec<Placed>, leading: f32) -> Self {
        Block {
            shape: BlockShape::new(lines.len(), leading),
            rows: lines.into_iter().map(|l| vec![l]).collect(),
            cue: None,
            section: None,
        }
    }
}

/// Breaks lines with `metrics`, remembering the characters no font has (so the PDF backend
/// can look for a fallback font, as it does for the book).
struct Typesetter<'m> {
    metrics: &'m dyn Metrics,
    missing: std::cell::RefCell<Vec<char>>,
}

impl Typesetter<'_> {
    fn set(&self, text: &str, face: Face, size: f32, width: f32, align: Align) -> Vec<Line> {
        let style = ParagraphStyle {
            size,
            width,
            first_indent: 0.0,
            rest_indent: 0.0,
            align,
            hyphenate: false,
        };
        self.paragraph(text, face, &style)
    }

    fn paragraph(&self, text: &str, face: Face, style: &ParagraphStyle) -> Vec<Line> {
        let broken = break_paragraph(&[Span::new(text, face)], style, self.metrics);
        self.missing.borrow_mut().extend(broken.missing);
        broken.lines
    }
}

pub fn set_script(script: &ScriptText, metrics: &dyn Metrics) -> Book {
    let g = Geometry::of(script.paper);
    let t = Typesetter {
        metrics,
        missing: Default::default(),
    };
    let metrics = &t;
    let mut blocks = head_blocks(script, metrics, &g);
    for table in &script.tables {
        blocks.extend(table_blocks(table, metrics, &g));
    }
    for item in &script.items {
        blocks.push(match item {
            ScriptItem::Section(name) => section_block(name, metrics, &g),
            ScriptItem::Cue(cue) => cue_block(cue, script.latin, metrics, &g),
        });
    }
    let mut book = paint(blocks, metrics, &g);
    let mut missing = t.missing.into_inner();
    missing.sort_unstable();
    missing.dedup();
    // Line 0: not a line of the input (the script's text is the cues' and the lexicon's).
    book.missing = missing.into_iter().map(|c| (c, 0)).collect();
    book
}

/// The head of the first page: the title and what the narrators need to know first.
fn head_blocks<'a>(script: &ScriptText, metrics: &Typesetter<'_>, g: &Geometry) -> Vec<Block<'a>> {
    let black = Color(0.0, 0.0, 0.0);
    let dx = g.left - g.text_x;
    let title: Vec<Placed> = metrics
        .set(&script.title, Face::Sans, 18.0, g.full(), Align::Justify)
        .into_iter()
        .map(|line| (dx, 18.0, black, line))
        .collect();
    let mut title = Block::of_lines(title, 28.0);
    title.shape.space_after = 6.0;
    let mut blocks = vec![title];
    for text in &script.header {
        let lines = metrics
            .set(text, Face::Serif, 10.5, g.full(), Align::Justify)
            .into_iter()
            .map(|l| (dx, 10.5, GREY, l))
            .collect();
        blocks.push(Block::of_lines(lines, 17.0));
    }
    if let Some(last) = blocks.last_mut() {
        last.shape.space_after = 12.0;
    }
    blocks
}

/// A front-matter table: its heading, the column headings in grey, then a block per row
/// (rows break between pages, never inside), each cell wrapped in its column.
fn table_blocks<'a>(table: &Table, metrics: &Typesetter<'_>, g: &Geometry) -> Vec<Block<'a>> {
    if table.rows.is_empty() {
        return Vec::new();
    }
    let black = Color(0.0, 0.0, 0.0);
    let dx = g.left - g.text_x;
    let heading = metrics
        .set(&table.heading, Face::Sans, 13.0, g.full(), Align::Justify)
        .into_iter()
        .map(|l| (dx, 13.0, black, l))
        .collect();
    let mut head = Block::of_lines(heading, 22.0);
    head.shape.keep_with_next = true;
    head.shape.space_before = 10.0;
    let mut blocks = vec![head];
    if let Some(intro) = &table.intro {
        let lines = metrics
            .set(intro, Face::Sans, 10.0, g.full(), Align::Left)
            .into_iter()
            .map(|l| (dx, 10.0, TONES[0], l))
            .collect();
        let mut intro = Block::of_lines(lines, 15.0);
        intro.shape.keep_with_next = true;
        intro.shape.space_after = 4.0;
        blocks.push(intro);
    }
    let total: f32 = table.widths.iter().sum::<f32>().max(f32::EPSILON);
    let gutter = 8.0;
    let columns: Vec<(f32, f32)> = table
        .widths
        .iter()
        .scan(0.0, |x, w| {
            let width = g.full() * w / total;
            let at = *x;
            *x += width;
            Some((dx + at, width - gutter))
        })
        .collect();
    let row_block = |cells: &[String], size: f32, color: Color, face: Face| {
        let wrapped: Vec<Vec<Line>> = cells
            .iter()
            .zip(&columns)
            .map(|(cell, &(_, width))| metrics.set(cell, face, size, width, Align::Left))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut rows: Vec<Vec<Placed>> = vec![Vec::new(); height];
        for (lines, &(x, _)) in wrapped.into_iter().zip(&columns) {
            for (i, line) in lines.into_iter().enumerate() {
                rows[i].push((x, size, color, line));
            }
        }
        let mut block = Block {
            shape: BlockShape::new(height, 15.0),
            rows,
            cue: None,
            section: None,
        };
        block.shape.keep_together = true;
        block.shape.space_before = 2.0;
        block
    };
    if !table.columns.is_empty() {
        let mut columns = row_block(&table.columns, 9.0, GREY, Face::Sans);
        columns.shape.keep_with_next = true;
        blocks.push(columns);
    }
    for row in &table.rows {
        blocks.push(row_block(row, 10.0, black, Face::Serif));
    }
    if let Some(last) = blocks.last_mut() {
        last.shape.space_after = 8.0;
    }
    blocks
}

fn section_block<'a>(name: &'a str, metrics: &Typesetter<'_>, g: &Geometry) -> Block<'a> {
    let lines = metrics
        .set(name, Face::Sans, 14.0, g.text_width, Align::Justify)
        .into_iter()
        .map(|l| (0.0, 14.0, Color(0.0, 0.0, 0.0), l))
        .collect();
    let mut b = Block::of_lines(lines, 24.0);
    b.section = Some(name);
    b.shape.keep_with_next = true;
    b.shape.space_before = 14.0;
    b.shape.space_after = 4.0;
    b
}

/// A cue: its voice and speaker in the voice's colour, then its paragraphs; kept on one page.
fn cue_block<'a>(
    cue: &'a CueText<'a>,
    latin: bool,
    metrics: &Typesetter<'_>,
    g: &Geometry,
) -> Block<'a> {
    let tone = TONES[cue.tone % TONES.len()];
    let mut lines = Vec::new();
    for l in metrics.set(&cue.label, Face::Sans, 11.0, g.text_width, Align::Justify) {
        lines.push((0.0, 11.0, tone, l));
    }
    for (k, p) in cue.paragraphs.iter().enumerate() {
        let indent = match (latin, k) {
            (false, _) => 2.0 * SIZE,
            (true, 0) => 0.0,
            (true, _) => SIZE,
        };
        let style = ParagraphStyle {
            size: SIZE,
            width: g.text_width,
            first_indent: indent,
            rest_indent: 0.0,
            align: Align::Justify,
            hyphenate: true,
        };
        for l in metrics.paragraph(p, Face::Serif, &style) {
            lines.push((0.0, SIZE, Color(0.0, 0.0, 0.0), l));
        }
    }
    let mut b = Block::of_lines(lines, LEADING);
    b.cue = Some((&cue.number, &cue.start, &cue.duration, tone));
    b.shape.keep_together = true;
    b.shape.space_before = 9.0;
    b
}

/// The blocks paginated and drawn: lines, the cues' margin marks, page numbers, outline.
fn paint(mut blocks: Vec<Block<'_>>, metrics: &Typesetter<'_>, g: &Geometry) -> Book {
    let text_height = ((g.height - g.top - g.bottom) / LEADING).floor() * LEADING;
    let shapes: Vec<BlockShape> = blocks.iter().map(|b| b.shape.clone()).collect();
    let flows = paginate(&shapes, text_height);
    let mut pages = Vec::new();
    let mut outline = Vec::new();
    for (index, flow) in flows.iter().enumerate() {
        let mut page = Page::default();
        for f in &flow.fragments {
            let block = &mut blocks[f.block];
            let top = g.top + f.top;
            if let (0, Some(name)) = (f.first, &block.section) {
                outline.push(OutlineEntry {
                    title: name.to_string(),
                    level: 1,
                    page: index,
                    y: top,
                });
            }
            for i in f.first..f.first + f.count {
                let line_top = g.top + f.line_top(&block.shape, i);
                for (dx, size, color, line) in &mut block.rows[i] {
                    page.items.push(Item::Text {
                        x: g.text_x + *dx,
                        y: line_top + (block.shape.leading - *size) / 2.0 + *size * 0.88,
                        size: *size,
                        color: *color,
                        line: line.take(),
                        tag: Default::default(),
                    });
                }
            }
            if let Some(cue) = block.cue {
                let bottom = g.top + f.bottom(&block.shape);
                margin_mark(&mut page, cue, f.first == 0, (top, bottom), metrics, g);
            }
        }
        if let Some(line) = metrics
            .set(
                &(index + 1).to_string(),
                Face::Serif,
                9.0,
                g.full(),
                Align::Center,
            )
            .into_iter()
            .next()
        {
            page.items.push(Item::Text {
                x: g.left,
                y: g.height - g.bottom * 0.55,
                size: 9.0,
                color: GREY,
                line,
                tag: Default::default(),
            });
        }
        // Held until the PDF is written: a long script has thousands.
        page.items.shrink_to_fit();
        pages.push(page);
    }
    Book {
        // The script is a working paper for the studio: not tagged.
        structure: None,
        width: g.width,
        height: g.height,
        pages,
        outline,
        missing: Vec::new(),
    }
}

/// The margin mark: a bar in the voice's colour beside the cue, and on its first page its
/// number, start and duration flush right against the text column.
fn margin_mark(
    page: &mut Page,
    (number, start, duration, tone): (&str, &str, &str, Color),
    first: bool,
    (top, bottom): (f32, f32),
    metrics: &Typesetter<'_>,
    g: &Geometry,
) {
    page.items.push(Item::Rule {
        x1: g.text_x - 8.0,
        y1: top + 3.0,
        x2: g.text_x - 8.0,
        y2: bottom - 3.0,
        width: 2.5,
        color: tone,
        dash: None,
    });
    if !first {
        return;
    }
    let mut y = top;
    for (text, face, size, color) in [
        (format!("[{number}]"), Face::Sans, 11.0, tone),
        (start.to_string(), Face::Serif, 9.0, GREY),
        (format!("+{duration}"), Face::Serif, 9.0, GREY),
    ] {
        if let Some(mut line) = metrics
            .set(&text, face, size, g.margin, Align::Justify)
            .into_iter()
            .next()
        {
            let shift = g.margin - line.right;
            for glyph in &mut line.glyphs {
                glyph.x += shift;
            }
            page.items.push(Item::Text {
                x: g.left,
                y: y + (LEADING - size) / 2.0 + size * 0.88,
                size,
                color,
                line,
                tag: Default::default(),
            });
        }
        y += if size > 10.0 { LEADING } else { 13.0 };
    }
}

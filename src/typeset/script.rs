//! The narrators' script as pages: A4, large type and open leading to read from at a
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

#[derive(Debug, Clone)]
pub struct ScriptText<'a> {
    pub title: String,
    /// Lines under the title: the cast, the total time.
    pub header: Vec<String>,
    pub items: Vec<ScriptItem<'a>>,
    /// A script in a Latin-script language: paragraphs indent one em, the first of a cue none
    /// (Chinese: two ems each).
    pub latin: bool,
}

const TONES: &[Color] = &[
    Color(0.6, 0.12, 0.1),
    Color(0.11, 0.21, 0.34),
    Color(0.16, 0.42, 0.25),
    Color(0.45, 0.3, 0.55),
];

const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const TOP: f32 = 64.0;
const LEFT: f32 = 56.0;
/// The margin column (cue numbers and times) and the text column after it.
const MARGIN: f32 = 86.0;
const TEXT_X: f32 = LEFT + MARGIN + 12.0;
const TEXT_WIDTH: f32 = WIDTH - TEXT_X - 56.0;
const SIZE: f32 = 12.0;
const LEADING: f32 = 21.0;

struct Block<'a> {
    shape: BlockShape,
    /// (dx from the text column, size, face colour, line)
    lines: Vec<(f32, f32, Color, Line)>,
    /// Number, start and duration, borrowed from the cue.
    cue: Option<(&'a str, &'a str, &'a str, Color)>,
    section: Option<&'a str>,
}

fn set(
    metrics: &dyn Metrics,
    text: &str,
    face: Face,
    size: f32,
    width: f32,
    align: Align,
) -> Vec<Line> {
    let style = ParagraphStyle {
        size,
        width,
        first_indent: 0.0,
        rest_indent: 0.0,
        align,
        hyphenate: false,
    };
    break_paragraph(&[Span::new(text, face)], &style, metrics).lines
}

pub fn set_script(script: &ScriptText, metrics: &dyn Metrics) -> Book {
    let mut blocks: Vec<Block> = Vec::new();
    let full = WIDTH - 2.0 * LEFT;
    // The head of the first page: title and what the narrators need to know first.
    let mut head = Vec::new();
    for line in set(
        metrics,
        &script.title,
        Face::Sans,
        18.0,
        full,
        Align::Justify,
    ) {
        head.push((LEFT - TEXT_X, 18.0, Color(0.0, 0.0, 0.0), line));
    }
    let mut title = Block {
        shape: BlockShape::new(head.len(), 28.0),
        lines: head,
        cue: None,
        section: None,
    };
    title.shape.space_after = 6.0;
    blocks.push(title);
    for text in &script.header {
        let lines: Vec<_> = set(metrics, text, Face::Serif, 10.5, full, Align::Justify)
            .into_iter()
            .map(|l| (LEFT - TEXT_X, 10.5, GREY, l))
            .collect();
        blocks.push(Block {
            shape: BlockShape::new(lines.len(), 17.0),
            lines,
            cue: None,
            section: None,
        });
    }
    if let Some(last) = blocks.last_mut() {
        last.shape.space_after = 18.0;
    }
    for item in &script.items {
        match item {
            ScriptItem::Section(name) => {
                let lines: Vec<_> =
                    set(metrics, name, Face::Sans, 14.0, TEXT_WIDTH, Align::Justify)
                        .into_iter()
                        .map(|l| (0.0, 14.0, Color(0.0, 0.0, 0.0), l))
                        .collect();
                let mut b = Block {
                    shape: BlockShape::new(lines.len(), 24.0),
                    lines,
                    cue: None,
                    section: Some(name),
                };
                b.shape.keep_with_next = true;
                b.shape.space_before = 14.0;
                b.shape.space_after = 4.0;
                blocks.push(b);
            }
            ScriptItem::Cue(cue) => {
                let tone = TONES[cue.tone % TONES.len()];
                let mut lines = Vec::new();
                for l in set(
                    metrics,
                    &cue.label,
                    Face::Sans,
                    11.0,
                    TEXT_WIDTH,
                    Align::Justify,
                ) {
                    lines.push((0.0, 11.0, tone, l));
                }
                for (k, p) in cue.paragraphs.iter().enumerate() {
                    let indent = match (script.latin, k) {
                        (false, _) => 2.0 * SIZE,
                        (true, 0) => 0.0,
                        (true, _) => SIZE,
                    };
                    let style = ParagraphStyle {
                        size: SIZE,
                        width: TEXT_WIDTH,
                        first_indent: indent,
                        rest_indent: 0.0,
                        align: Align::Justify,
                        hyphenate: true,
                    };
                    for l in break_paragraph(&[Span::new(p.as_str(), Face::Serif)], &style, metrics)
                        .lines
                    {
                        lines.push((0.0, SIZE, Color(0.0, 0.0, 0.0), l));
                    }
                }
                let mut b = Block {
                    shape: BlockShape::new(lines.len(), LEADING),
                    lines,
                    cue: Some((&cue.number, &cue.start, &cue.duration, tone)),
                    section: None,
                };
                b.shape.keep_together = true;
                b.shape.space_before = 9.0;
                blocks.push(b);
            }
        }
    }
    let text_height = ((HEIGHT - TOP - 72.0) / LEADING).floor() * LEADING;
    let shapes: Vec<BlockShape> = blocks.iter().map(|b| b.shape.clone()).collect();
    let flows = paginate(&shapes, text_height);
    let mut pages = Vec::new();
    let mut outline = Vec::new();
    for (index, flow) in flows.iter().enumerate() {
        let mut page = Page::default();
        for f in &flow.fragments {
            let block = &mut blocks[f.block];
            let top = TOP + f.top;
            if let (0, Some(name)) = (f.first, &block.section) {
                outline.push(OutlineEntry {
                    title: name.to_string(),
                    level: 1,
                    page: index,
                    y: top,
                });
            }
            for i in f.first..f.first + f.count {
                let line_top = TOP + f.line_top(&block.shape, i);
                let (dx, size, color, line) = &mut block.lines[i];
                page.items.push(Item::Text {
                    x: TEXT_X + *dx,
                    y: line_top + (block.shape.leading - *size) / 2.0 + *size * 0.88,
                    size: *size,
                    color: *color,
                    line: line.take(),
                    tag: Default::default(),
                });
            }
            if let Some((number, start, duration, tone)) = &block.cue {
                let bottom = TOP + f.bottom(&block.shape);
                // The margin mark: a bar in the voice's colour beside the whole cue.
                page.items.push(Item::Rule {
                    x1: TEXT_X - 8.0,
                    y1: top + 3.0,
                    x2: TEXT_X - 8.0,
                    y2: bottom - 3.0,
                    width: 2.5,
                    color: *tone,
                    dash: None,
                });
                if f.first == 0 {
                    let mut y = top;
                    for (text, face, size, color) in [
                        (format!("[{number}]"), Face::Sans, 11.0, *tone),
                        (start.to_string(), Face::Serif, 9.0, GREY),
                        (format!("+{duration}"), Face::Serif, 9.0, GREY),
                    ] {
                        if let Some(mut line) =
                            set(metrics, &text, face, size, MARGIN, Align::Justify)
                                .into_iter()
                                .next()
                        {
                            // Flush right against the text column.
                            let shift = MARGIN - line.right;
                            for g in &mut line.glyphs {
                                g.x += shift;
                            }
                            page.items.push(Item::Text {
                                x: LEFT,
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
            }
        }
        if let Some(line) = set(
            metrics,
            &(index + 1).to_string(),
            Face::Serif,
            9.0,
            full,
            Align::Center,
        )
        .into_iter()
        .next()
        {
            page.items.push(Item::Text {
                x: LEFT,
                y: HEIGHT - 40.0,
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
        width: WIDTH,
        height: HEIGHT,
        pages,
        outline,
        // The same text's main PDF reports characters no font has, with their lines.
        missing: Vec::new(),
    }
}

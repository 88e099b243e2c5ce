//! The book: a [`Document`] set as pages of placed text, rules and links, ready to paint.
//!
//! Front matter is a title page and a contents page; then the lead as a standfirst, sections
//! with their headings (a level-1 heading opens a new page), dialogue set with the speaker's
//! label hanging in the margin column (clreq 突排), editor notes in Kai behind a rule, pull
//! quotes centred between rules, captions small, references as links. Running heads carry the
//! book title (left pages) and the section (right pages); folios sit at the foot.

mod body;
mod front;
pub mod structure;

use super::linebreak::{Align, Line, ParagraphStyle, Span, break_paragraph};
use super::page::{BlockShape, Fragment, paginate};
use super::{Face, Metrics};
use crate::locale::Strings;
use crate::model::{Block, CreditRole, Document, Inline, Paragraph, Role};
use crate::zh::normalize::is_chinese_language;
use structure::{Role as StructRole, Structure, Tag};

/// Paper sizes, in pt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    #[default]
    A5,
    A4,
    Letter,
}

impl Paper {
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A5 => (419.53, 595.28),
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

pub const BLACK: Color = Color(0.0, 0.0, 0.0);
pub const GREY: Color = Color(0.38, 0.38, 0.38);
pub const ACCENT: Color = Color(0.6, 0.12, 0.1);
pub const TINT: Color = Color(0.85, 0.8, 0.72);
pub const HAIRLINE: Color = Color(0.8, 0.8, 0.8);

/// Something placed on a page. Coordinates in pt from the page's top-left corner; `y` of text
/// is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        color: Color,
        line: Line,
        tag: Tag,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
        /// Dash and gap lengths, for leaders.
        dash: Option<(f32, f32)>,
    },
    Link {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        target: LinkTarget,
        tag: Tag,
    },
    /// One of the document's pictures; `y` is its top.
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        picture: usize,
        tag: Tag,
    },
}

/// Where a link leads: a web address, or a page of the book (0-based), as the contents'
/// entries do.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    Uri(String),
    Page(usize),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A bookmark: a heading and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub level: u8,
    /// 0-based page index.
    pub page: usize,
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// Characters no font has, with the source line they stand on.
    pub missing: Vec<(char, usize)>,
    /// The logical structure the items are tagged with (none: an untagged PDF).
    pub structure: Option<Structure>,
}

impl Book {
    /// Every placed line's text, page by page, in reading order (for checks).
    pub fn lines(&self) -> impl Iterator<Item = (usize, &Line)> {
        self.pages.iter().enumerate().flat_map(|(i, p)| {
            p.items.iter().filter_map(move |item| match item {
                Item::Text { line, .. } => Some((i, line)),
                _ => None,
            })
        })
    }
}

/// Sizes and measures derived from the paper.
#[derive(Debug, Clone)]
struct Geometry {
    width: f32,
    height: f32,
    /// Left edge and width of the text block.
    left: f32,
    measure: f32,
    top: f32,
    text_height: f32,
    body: f32,
    leading: f32,
}

impl Geometry {
    /// `latin`: a Latin book is set closer (1.5 against Chinese's 1.7), as Latin text with
    /// its ascenders and descenders needs less air between lines than square Han characters.
    fn new(paper: Paper, latin: bool) -> Geometry {
        let (width, height) = paper.size();
        let body = 10.5;
        let leading = (body * if latin { 1.5f32 } else { 1.7 }).round();
        // A whole number of characters per line: 30 on A5, 40 on the larger papers.
        let chars = if paper == Paper::A5 { 30.0 } else { 40.0 };
        let measure = chars * body;
        let top = if paper == Paper::A5 { 58.0 } else { 72.0 };
        let bottom = top + 6.0;
        let lines = ((height - top - bottom) / leading).floor();
        Geometry {
            width,
            height,
            left: ((width - measure) / 2.0).round(),
            measure,
            top,
            text_height: lines * leading,
            body,
            leading,
        }
    }

    fn baseline(&self, top: f32, leading: f32, size: f32) -> f32 {
        top + (leading - size) / 2.0 + size * 0.88
    }
}

/// A run of glyphs on a line, placed at an offset from the block's left edge.
#[derive(Debug, Clone)]
struct Run {
    dx: f32,
    size: f32,
    color: Color,
    line: Line,
    /// Its own element (a label, a lead paragraph); `None`: the block's.
    tag: Option<Tag>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Decoration {
    None,
    /// A rule down the left side (editor notes).
    LeftRule,
    /// Rules above and below, from `from` to `to` (pt right of the block's left edge): pull
    /// quotes in the accent, captions without their picture in a hairline.
    Rules {
        from: f32,
        to: f32,
        color: Color,
    },
    /// A rule under the block (the standfirst).
    RuleBelow,
}

/// A block ready for pagination: lines of runs, all with one leading.
#[derive(Debug, Clone)]
struct FlowBlock {
    shape: BlockShape,
    lines: Vec<Vec<Run>>,
    /// Left edge relative to the text block.
    dx: f32,
    decoration: Decoration,
    outline: Option<(String, u8)>,
    /// A level-1 heading: names the section in running heads and opens a page.
    section: Option<String>,
    links: Vec<(usize, LinkTarget)>,
    /// A figure's picture over its first lines: which, and its size in pt.
    picture: Option<PlacedPicture>,
    /// The element its text belongs to.
    tag: Tag,
}

#[derive(Debug, Clone, Copy)]
struct PlacedPicture {
    index: usize,
    /// Left edge relative to the block's.
    dx: f32,
    width: f32,
    height: f32,
}

struct Setter<'a> {
    doc: &'a Document,
    metrics: &'a dyn Metrics,
    g: Geometry,
    missing: Vec<(char, usize)>,
    /// Width of the speaker-label column (0 when labels run in).
    hang: f32,
    /// Every word the book adds, in its language.
    strings: &'a Strings,
    /// An English (non-Chinese) book: run-in labels, 1-em indents and none after a heading.
    latin: bool,
    structure: Structure,
    /// Where headings go in the structure: the body, or the document (the contents').
    container: usize,
}

/// Sets a document as a book.
pub fn set_book(doc: &Document, metrics: &dyn Metrics, paper: Paper) -> Book {
    set_book_with(doc, metrics, paper, &Strings::built_in(&doc.meta.language))
}

/// Sets a document as a book with these interface strings.
pub fn set_book_with(
    doc: &Document,
    metrics: &dyn Metrics,
    paper: Paper,
    strings: &Strings,
) -> Book {
    let latin = !is_chinese_language(&doc.meta.language);
    let g = Geometry::new(paper, latin);
    let mut setter = Setter {
        doc,
        metrics,
        hang: 0.0,
        g,
        missing: Vec::new(),
        strings,
        latin,
        structure: Structure {
            lang: doc.meta.language.clone(),
            ..Structure::default()
        },
        container: structure::BODY,
    };
    setter.hang = setter.label_column();
    let mut body = setter.body_blocks();
    let shapes: Vec<BlockShape> = body.iter().map(|b| b.shape.clone()).collect();
    let flows = paginate(&shapes, setter.g.text_height);

    // Front matter: a title page and the contents; body pages follow.
    let mut entries: Vec<(String, u8, usize)> = Vec::new();
    for (p, flow) in flows.iter().enumerate() {
        for f in flow.fragments.iter().filter(|f| f.first == 0) {
            if let Some((title, level)) = &body[f.block].outline {
                entries.push((title.clone(), *level, p));
            }
        }
    }
    let title_page = setter.title_page();
    // No contents page for a text without headings: it would list nothing. The first
    // setting only counts its pages: its elements are dropped.
    let elements = setter.structure.elements.len();
    let contents_blocks = setter.contents_blocks(&entries, 0);
    setter.structure.elements.truncate(elements);
    let shapes_of =
        |blocks: &[FlowBlock]| blocks.iter().map(|b| b.shape.clone()).collect::<Vec<_>>();
    let (mut contents_blocks, contents_flows) = if entries.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let pages = paginate(&shapes_of(&contents_blocks), setter.g.text_height).len();
        let blocks = setter.contents_blocks(&entries, 1 + pages);
        let flows = paginate(&shapes_of(&blocks), setter.g.text_height);
        (blocks, flows)
    };

    let mut pages = vec![title_page];
    let mut outline = Vec::new();
    for flow in &contents_flows {
        let mut page = Page::default();
        setter.paint_fragments(
            &mut contents_blocks,
            &flow.fragments,
            &mut page,
            pages.len(),
            &mut outline,
        );
        setter.folio(&mut page, pages.len() + 1);
        pages.push(page);
    }
    let title = doc.meta.title.clone();
    let mut section = title.clone();
    for flow in &flows {
        let mut page = Page::default();
        let opens_section = flow
            .fragments
            .first()
            .is_some_and(|f| f.first == 0 && body[f.block].shape.break_before);
        for f in &flow.fragments {
            if let (0, Some(s)) = (f.first, &body[f.block].section) {
                section = s.clone();
            }
        }
        setter.paint_fragments(
            &mut body,
            &flow.fragments,
            &mut page,
            pages.len(),
            &mut outline,
        );
        let number = pages.len() + 1;
        if !opens_section {
            let head = if number % 2 == 0 { &title } else { &section };
            setter.running_head(&mut page, head, number % 2 == 0);
        }
        setter.folio(&mut page, number);
        // Held until the PDF is written: a long book has thousands.
        page.items.shrink_to_fit();
        pages.push(page);
    }
    Book {
        width: setter.g.width,
        height: setter.g.height,
        pages,
        outline,
        missing: setter.missing,
        structure: Some(setter.structure),
    }
}

impl Setter<'_> {
    fn set(&mut self, spans: &[Span], style: &ParagraphStyle, source_line: usize) -> Vec<Line> {
        let broken = break_paragraph(spans, style, self.metrics);
        for c in broken.missing {
            if !self.missing.contains(&(c, source_line)) {
                self.missing.push((c, source_line));
            }
        }
        broken.lines
    }

    fn style(&self, size: f32, width: f32, first: f32, rest: f32, align: Align) -> ParagraphStyle {
        ParagraphStyle {
            size,
            width,
            first_indent: first,
            rest_indent: rest,
            align,
            hyphenate: false,
        }
    }

    /// Justified prose (lead, paragraphs, turns, notes): Latin words may hyphenate.
    fn prose(&self, size: f32, width: f32, first: f32, rest: f32) -> ParagraphStyle {
        ParagraphStyle {
            hyphenate: true,
            ..self.style(size, width, first, rest, Align::Justify)
        }
    }

    fn block(&self, lines: Vec<Vec<Run>>, leading: f32) -> FlowBlock {
        FlowBlock {
            shape: BlockShape::new(lines.len(), leading),
            lines,
            dx: 0.0,
            decoration: Decoration::None,
            outline: None,
            section: None,
            links: Vec::new(),
            picture: None,
            tag: Tag::Artifact,
        }
    }

    /// A new element under `parent`.
    fn element(&mut self, role: StructRole, parent: usize) -> usize {
        self.structure.add(role, parent)
    }

    fn runs(lines: Vec<Line>, size: f32, color: Color) -> Vec<Vec<Run>> {
        lines
            .into_iter()
            .map(|line| {
                vec![Run {
                    dx: 0.0,
                    size,
                    color,
                    line,
                    tag: None,
                }]
            })
            .collect()
    }

    fn paint_fragments(
        &self,
        blocks: &mut [FlowBlock],
        fragments: &[Fragment],
        page: &mut Page,
        page_index: usize,
        outline: &mut Vec<OutlineEntry>,
    ) {
        let g = &self.g;
        for f in fragments {
            let block = &mut blocks[f.block];
            let shape = &block.shape;
            let x0 = g.left + block.dx;
            let top = g.top + f.top;
            let bottom = g.top + f.bottom(shape);
            if let (0, Some(p)) = (f.first, block.picture) {
                page.items.push(Item::Image {
                    x: x0 + p.dx,
                    y: top,
                    width: p.width,
                    height: p.height,
                    picture: p.index,
                    tag: block.tag,
                });
            }
            if let (0, Some((title, level))) = (f.first, &block.outline) {
                outline.push(OutlineEntry {
                    title: title.clone(),
                    level: *level,
                    page: page_index,
                    y: top,
                });
            }
            for i in f.first..f.first + f.count {
                let line_top = g.top + f.line_top(shape, i);
                for run in &mut block.lines[i] {
                    let baseline = g.baseline(line_top, shape.leading, run.size);
                    page.items.push(Item::Text {
                        x: x0 + run.dx,
                        y: baseline,
                        size: run.size,
                        color: run.color,
                        line: run.line.take(),
                        tag: run.tag.unwrap_or(block.tag),
                    });
                }
                for (_, target) in block.links.iter().filter(|(l, _)| *l == i) {
                    // Over every run of the line (a contents entry and its page number).
                    let runs = &block.lines[i];
                    let left = runs
                        .iter()
                        .map(|r| r.dx + r.line.left)
                        .fold(f32::MAX, f32::min);
                    let right = runs
                        .iter()
                        .map(|r| r.dx + r.line.right)
                        .fold(0.0, f32::max)
                        .min(g.measure - block.dx);
                    page.items.push(Item::Link {
                        x: x0 + left,
                        y: line_top,
                        width: right - left,
                        height: shape.leading,
                        target: target.clone(),
                        tag: block.tag,
                    });
                }
            }
            let rule = |x1, y1, x2, y2, width, color| Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
                dash: None,
            };
            match block.decoration {
                Decoration::None => {}
                Decoration::LeftRule => page.items.push(rule(
                    g.left + 0.4 * g.body,
                    top + 2.0,
                    g.left + 0.4 * g.body,
                    bottom - 2.0,
                    1.2,
                    TINT,
                )),
                Decoration::Rules { from, to, color } => {
                    let (a, b) = (x0 + from, x0 + to);
                    page.items
                        .push(rule(a, top - 4.0, b, top - 4.0, 0.6, color));
                    page.items
                        .push(rule(a, bottom + 4.0, b, bottom + 4.0, 0.6, color));
                }
                Decoration::RuleBelow => {
                    if f.first + f.count == shape.lines {
                        let y = bottom + g.leading * 0.5;
                        page.items
                            .push(rule(g.left, y, g.left + 4.0 * g.body, y, 0.8, ACCENT));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::MonoMetrics;

    #[test]
    fn bundled_article_sets_without_losing_a_line() {
        let input = crate::Input::bundled();
        let doc = crate::prepare(&input, None).unwrap().document;
        let book = set_book(&doc, &MonoMetrics, Paper::A5);
        assert!(book.pages.len() > 10, "{} pages", book.pages.len());
        let headings = doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Heading { .. }))
            .count();
        // Contents + every heading + the references title.
        assert_eq!(book.outline.len(), headings + 2);
        assert!(book.missing.is_empty());
    }
}

#[cfg(test)]
mod hyphenation {
    use super::*;
    use crate::typeset::MonoMetrics;

    /// Headings, labels, contents and running heads never hyphenate; prose does.
    #[test]
    fn only_prose_hyphenates() {
        let input = crate::Input::bundled();
        let mut doc = crate::prepare(&input, None).unwrap().document;
        // A heading and a paragraph whose long Latin word lands at a line end at some
        // length of the Chinese before it.
        let mut hyphenated_prose = false;
        for n in 0..24 {
            let han = "大模型时代的可解释性研究与开源还有更多的问题"
                .chars()
                .cycle()
                .take(n);
            let text = format!("{}interpretability与开源", han.collect::<String>());
            doc.blocks.insert(
                0,
                Block::Heading {
                    level: 2,
                    number: None,
                    text: text.clone(),
                    line: 1,
                },
            );
            doc.blocks.insert(
                1,
                Block::Paragraph(crate::model::Paragraph {
                    line: 1,
                    item: None,
                    content: vec![crate::model::Inline::Text {
                        text: text.repeat(2),
                    }],
                }),
            );
            let book = set_book(&doc, &MonoMetrics, Paper::A5);
            for page in &book.pages {
                for item in &page.items {
                    if let Item::Text { line, size, .. } = item {
                        // Headings and labels are set larger than the body or in the sans.
                        let heading = line.glyphs.iter().any(|g| g.face == Face::Sans);
                        assert!(!(heading && line.hyphenated), "{} ({size} pt)", line.text());
                        hyphenated_prose |= line.hyphenated;
                    }
                }
            }
            doc.blocks.drain(0..2);
        }
        assert!(
            hyphenated_prose,
            "no prose line hyphenated: the test proves nothing"
        );
    }
}

#[cfg(test)]
mod list_items {
    use super::*;
    use crate::model::{Inline, Paragraph};
    use crate::typeset::MonoMetrics;

    /// A list item's lines all start a hang in; its mark stands in the hang of the first.
    #[test]
    fn a_list_item_hangs_its_mark() {
        let input = crate::Input::bundled();
        let mut doc = crate::prepare(&input, None).unwrap().document;
        let words = "结构设计与焊缝疲劳的研究".repeat(6);
        doc.blocks.insert(
            0,
            Block::Paragraph(Paragraph {
                line: 1,
                item: Some("-".into()),
                content: vec![Inline::Text {
                    text: words.clone(),
                }],
            }),
        );
        let book = set_book(&doc, &MonoMetrics, Paper::A5);
        let lines: Vec<(f32, f32, String)> = book
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|item| match item {
                Item::Text { x, y, line, .. } => {
                    Some((x + line.glyphs.first()?.x, *y, line.text()))
                }
                _ => None,
            })
            .collect();
        let mark = lines
            .iter()
            .find(|(_, _, t)| t == "•")
            .expect("the mark is set");
        let item: Vec<&(f32, f32, String)> = lines
            .iter()
            .filter(|(_, _, t)| words.contains(t.as_str()) && t.chars().count() > 3)
            .collect();
        assert!(item.len() >= 2, "the item runs over lines: {item:?}");
        let first = item[0];
        assert!(
            (first.1 - mark.1).abs() < 0.5,
            "the mark is on the first line"
        );
        assert!(mark.0 < first.0, "the mark hangs before the text");
        assert!(
            item.iter().all(|l| (l.0 - first.0).abs() < 0.5),
            "every line of the item starts at the hang: {item:?}"
        );
        assert!(
            !lines.iter().any(|(_, _, t)| t.starts_with("-结构")),
            "the written marker is not set as text"
        );
    }
}

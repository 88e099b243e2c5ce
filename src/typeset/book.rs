//! The book: a [`Document`] set as pages of placed text, rules and links, ready to paint.
//!
//! Front matter is a title page and a contents page; then the lead as a standfirst, sections
//! with their headings (a level-1 heading opens a new page), dialogue set with the speaker's
//! label hanging in the margin column (clreq 突排), editor notes in Kai behind a rule, pull
//! quotes centred between rules, captions small, references as links. Running heads carry the
//! book title (left pages) and the section (right pages); folios sit at the foot.

use super::linebreak::{Align, Line, ParagraphStyle, Span, break_paragraph};
use super::page::{BlockShape, Fragment, paginate};
use super::{Face, Metrics};
use crate::model::{Block, CreditRole, Document, Inline, Paragraph, Role};

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
        uri: String,
    },
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
    fn new(paper: Paper) -> Geometry {
        let (width, height) = paper.size();
        let body = 10.5;
        let leading = (body * 1.7f32).round();
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
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Decoration {
    None,
    /// A rule down the left side (editor notes).
    LeftRule,
    /// Rules above and below (pull quotes).
    Rules,
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
    links: Vec<(usize, String)>,
}

struct Setter<'a> {
    doc: &'a Document,
    metrics: &'a dyn Metrics,
    g: Geometry,
    missing: Vec<(char, usize)>,
    /// Width of the speaker-label column.
    hang: f32,
}

/// Sets a document as a book.
pub fn set_book(doc: &Document, metrics: &dyn Metrics, paper: Paper) -> Book {
    let g = Geometry::new(paper);
    let mut setter = Setter {
        doc,
        metrics,
        hang: 0.0,
        g,
        missing: Vec::new(),
    };
    setter.hang = setter.label_column();
    let body = setter.body_blocks();
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
    let contents_blocks = setter.contents_blocks(&entries, 0);
    let contents_pages = paginate(
        &contents_blocks
            .iter()
            .map(|b| b.shape.clone())
            .collect::<Vec<_>>(),
        setter.g.text_height,
    )
    .len();
    let front = 1 + contents_pages;
    let contents_blocks = setter.contents_blocks(&entries, front);
    let contents_flows = paginate(
        &contents_blocks
            .iter()
            .map(|b| b.shape.clone())
            .collect::<Vec<_>>(),
        setter.g.text_height,
    );

    let mut pages = vec![title_page];
    let mut outline = Vec::new();
    for flow in &contents_flows {
        let mut page = Page::default();
        setter.paint_fragments(
            &contents_blocks,
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
        setter.paint_fragments(&body, &flow.fragments, &mut page, pages.len(), &mut outline);
        let number = pages.len() + 1;
        if !opens_section {
            let head = if number % 2 == 0 { &title } else { &section };
            setter.running_head(&mut page, head, number % 2 == 0);
        }
        setter.folio(&mut page, number);
        pages.push(page);
    }
    Book {
        width: setter.g.width,
        height: setter.g.height,
        pages,
        outline,
        missing: setter.missing,
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

    /// The label column for dialogue: as wide as the widest "Name：", in whole ems, at most
    /// eight.
    fn label_column(&self) -> f32 {
        let em = self.g.body;
        let widest = self
            .doc
            .cast
            .iter()
            .map(|s| {
                label_text(&s.name)
                    .chars()
                    .map(|c| self.metrics.resolve(Face::Sans, c).map_or(1.0, |r| r.1))
                    .sum::<f32>()
                    - 0.5 // the colon's blank half
            })
            .fold(0.0f32, f32::max);
        (widest.ceil() * em).min(8.0 * em)
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
        }
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
                }]
            })
            .collect()
    }

    fn spans(&self, p: &Paragraph, face: Face) -> Vec<Span> {
        p.content
            .iter()
            .map(|inline| match inline {
                Inline::Text { text } => Span::new(text.clone(), face),
                Inline::Aside { label, text } => {
                    Span::new(format!("（{label}：{text}）"), Face::Kai)
                }
            })
            .collect()
    }

    fn body_blocks(&mut self) -> Vec<FlowBlock> {
        let g = self.g.clone();
        let em = g.body;
        let mut out: Vec<FlowBlock> = Vec::new();
        let doc = self.doc;
        let mut lead: Vec<Vec<Run>> = Vec::new();
        for block in &doc.blocks {
            if !matches!(block, Block::Lead(_)) && !lead.is_empty() {
                let size = 11.5;
                let mut b = self.block(std::mem::take(&mut lead), (size * 1.75f32).round());
                b.decoration = Decoration::RuleBelow;
                b.shape.space_after = g.leading;
                out.push(b);
            }
            match block {
                // The title and subtitle are on the title page.
                Block::Title { .. } | Block::Subtitle { .. } => {}
                Block::Lead(p) => {
                    let size = 11.5;
                    let style = self.prose(size, g.measure, 2.0 * size, 0.0);
                    let lines = self.set(&self.spans(p, Face::Serif), &style, p.line);
                    lead.extend(Self::runs(lines, size, GREY));
                }
                Block::Heading {
                    level,
                    number,
                    text,
                    line,
                } => out.push(self.heading(*level, number.as_deref(), text, *line)),
                Block::Paragraph(p) => {
                    let style = self.prose(em, g.measure, 2.0 * em, 0.0);
                    let lines = self.set(&self.spans(p, Face::Serif), &style, p.line);
                    out.push(self.block(Self::runs(lines, em, BLACK), g.leading));
                }
                Block::Turn {
                    speaker,
                    continued,
                    paragraphs,
                    line,
                    ..
                } => {
                    let who = doc.speaker(speaker);
                    let name = who.map_or(speaker.as_str(), |s| s.name.as_str());
                    let asks = who.is_some_and(|s| s.role == Role::Interviewer);
                    for (i, p) in paragraphs.iter().enumerate() {
                        let labelled = i == 0 && !continued;
                        let first = if labelled {
                            self.hang
                        } else {
                            self.hang + 2.0 * em
                        };
                        let style = self.prose(em, g.measure, first, self.hang);
                        let lines = self.set(&self.spans(p, Face::Serif), &style, p.line);
                        let mut runs = Self::runs(lines, em, BLACK);
                        if labelled && !runs.is_empty() {
                            let label = self.set(
                                &[Span::new(label_text(name), Face::Sans)],
                                &self.style(em, 20.0 * em, 0.0, 0.0, Align::Justify),
                                *line,
                            );
                            let color = if asks { ACCENT } else { BLACK };
                            runs[0].extend(label.into_iter().take(1).map(|l| Run {
                                dx: 0.0,
                                size: em,
                                color,
                                line: l,
                            }));
                        }
                        let mut b = self.block(runs, g.leading);
                        b.shape.joins_previous = !labelled;
                        out.push(b);
                    }
                    if paragraphs.is_empty() && !continued {
                        let label = self.set(
                            &[Span::new(label_text(name), Face::Sans)],
                            &self.style(em, g.measure, 0.0, 0.0, Align::Justify),
                            *line,
                        );
                        out.push(self.block(Self::runs(label, em, BLACK), g.leading));
                    }
                }
                Block::Note {
                    label,
                    paragraphs,
                    continued,
                    line,
                } => {
                    let size = 10.0;
                    let leading = (size * 1.7f32).round();
                    let inset = 1.5 * em;
                    let width = g.measure - inset;
                    let mut lines = Vec::new();
                    if !continued {
                        let head = self.set(
                            &[Span::new(label.clone(), Face::Sans)],
                            &self.style(9.0, width, 0.0, 0.0, Align::Justify),
                            *line,
                        );
                        lines.extend(Self::runs(head, 9.0, ACCENT));
                    }
                    for p in paragraphs {
                        let style = self.prose(size, width, 2.0 * size, 0.0);
                        let set = self.set(&self.spans(p, Face::Kai), &style, p.line);
                        lines.extend(Self::runs(set, size, Color(0.2, 0.2, 0.2)));
                    }
                    let mut b = self.block(lines, leading);
                    b.shape.joins_previous = *continued;
                    b.dx = inset;
                    b.decoration = Decoration::LeftRule;
                    b.shape.keep_together = true;
                    b.shape.space_before = leading * 0.5;
                    b.shape.space_after = leading * 0.5;
                    out.push(b);
                }
                Block::PullQuote { text, line, .. } => {
                    let size = 13.0;
                    let leading = (size * 1.65f32).round();
                    let width = g.measure - 6.0 * em;
                    let style = self.style(size, width, 0.0, 0.0, Align::Center);
                    let lines = self.set(&[Span::new(text.clone(), Face::Serif)], &style, *line);
                    let mut b = self.block(Self::runs(lines, size, ACCENT), leading);
                    b.dx = 3.0 * em;
                    b.decoration = Decoration::Rules;
                    b.shape.keep_together = true;
                    b.shape.space_before = g.leading;
                    b.shape.space_after = g.leading;
                    out.push(b);
                }
                Block::Break { text, line } => {
                    let style = self.style(em, g.measure, 0.0, 0.0, Align::Center);
                    let lines = self.set(&[Span::new(text.clone(), Face::Serif)], &style, *line);
                    let mut b = self.block(Self::runs(lines, em, GREY), g.leading);
                    b.shape.space_before = g.leading * 0.5;
                    b.shape.space_after = g.leading * 0.5;
                    out.push(b);
                }
                Block::Caption { text, line, .. } => {
                    let size = 9.0;
                    let style = self.style(size, g.measure - 4.0 * em, 0.0, 0.0, Align::Center);
                    let lines = self.set(&[Span::new(text.clone(), Face::Serif)], &style, *line);
                    let mut b = self.block(Self::runs(lines, size, GREY), (size * 1.6f32).round());
                    b.dx = 2.0 * em;
                    b.shape.keep_together = true;
                    b.shape.space_before = 6.0;
                    b.shape.space_after = 6.0;
                    out.push(b);
                }
                Block::References {
                    title,
                    title_line,
                    items,
                } => {
                    if let Some(t) = title {
                        out.push(self.heading(2, None, t, title_line.unwrap_or(0)));
                    }
                    for item in items {
                        let size = 9.0;
                        let mut text = String::new();
                        for part in [item.marker.as_deref(), item.text.as_deref()]
                            .into_iter()
                            .flatten()
                        {
                            text.push_str(part);
                            text.push(' ');
                        }
                        text.push_str(&item.url);
                        let style = self.style(size, g.measure, 0.0, 2.0 * size, Align::Center);
                        let style = ParagraphStyle {
                            align: Align::Justify,
                            ..style
                        };
                        let lines = self.set(&[Span::new(text, Face::Serif)], &style, item.line);
                        let n = lines.len();
                        let mut b =
                            self.block(Self::runs(lines, size, BLACK), (size * 1.6f32).round());
                        b.links = (0..n).map(|i| (i, item.url.clone())).collect();
                        b.shape.space_after = 4.0;
                        out.push(b);
                    }
                }
            }
        }
        if !lead.is_empty() {
            let mut b = self.block(lead, (11.5f32 * 1.75).round());
            b.decoration = Decoration::RuleBelow;
            out.push(b);
        }
        out
    }

    fn heading(&mut self, level: u8, number: Option<&str>, text: &str, line: usize) -> FlowBlock {
        let g = self.g.clone();
        let size = if level <= 1 { 17.0 } else { 12.5 };
        let leading = (size * 1.5f32).round();
        // The number in the accent colour, then the words, hanging clear of it by an em.
        let mut number_run = None;
        let mut hang = 0.0;
        if let Some(n) = number {
            let style = self.style(size, g.measure, 0.0, 0.0, Align::Justify);
            if let Some(l) = self
                .set(&[Span::new(n, Face::Sans)], &style, line)
                .into_iter()
                .next()
            {
                hang = l.right + size * 0.75;
                number_run = Some(Run {
                    dx: 0.0,
                    size,
                    color: ACCENT,
                    line: l,
                });
            }
        }
        let style = self.style(size, g.measure, hang, hang, Align::Justify);
        let lines = self.set(&[Span::new(text, Face::Sans)], &style, line);
        let mut runs = Self::runs(lines, size, BLACK);
        if let (Some(first), Some(n)) = (runs.first_mut(), number_run) {
            first.push(n);
        }
        let mut b = self.block(runs, leading);
        b.shape.keep_with_next = true;
        let title = match number {
            Some(n) => format!("{n} {text}"),
            None => text.to_string(),
        };
        b.outline = Some((title, level));
        // Right-hand running heads name the section or subsection the page is in.
        b.section = Some(text.to_string());
        if level <= 1 {
            b.shape.break_before = true;
            b.shape.space_after = g.leading * 1.5;
        } else {
            b.shape.space_before = g.leading;
            b.shape.space_after = g.leading * 0.4;
        }
        b
    }

    fn title_page(&mut self) -> Page {
        let g = self.g.clone();
        let meta = &self.doc.meta;
        let mut page = Page::default();
        let mut y = g.top + g.text_height * 0.22;
        let mut put =
            |setter: &mut Setter, text: &str, face: Face, size: f32, color: Color, y: &mut f32| {
                let style = setter.style(size, g.measure, 0.0, 0.0, Align::Center);
                let leading = (size * 1.6f32).round();
                for line in setter.set(&[Span::new(text, face)], &style, 0) {
                    *y += leading;
                    page.items.push(Item::Text {
                        x: g.left,
                        y: *y - leading * 0.3,
                        size,
                        color,
                        line,
                    });
                }
            };
        // A title with a colon breaks after it when both halves fit on a line each.
        let title = meta.title.as_str();
        let halves = title
            .find('：')
            .map(|i| title.split_at(i + '：'.len_utf8()))
            .filter(|(a, b)| {
                let width = |t: &str| -> f32 {
                    t.chars()
                        .map(|c| self.metrics.resolve(Face::Sans, c).map_or(1.0, |r| r.1) * 20.0)
                        .sum()
                };
                !b.is_empty() && width(a) <= g.measure && width(b) <= g.measure
            });
        match halves {
            Some((a, b)) => {
                put(self, a, Face::Sans, 20.0, BLACK, &mut y);
                put(self, b, Face::Sans, 20.0, BLACK, &mut y);
            }
            None => put(self, title, Face::Sans, 20.0, BLACK, &mut y),
        }
        y += 12.0;
        if let Some(sub) = &meta.subtitle {
            put(self, sub, Face::Serif, 11.5, GREY, &mut y);
        }
        y += 40.0;
        let people: Vec<String> = self
            .doc
            .cast
            .iter()
            .map(|s| {
                let role = match s.role {
                    Role::Interviewer => "采访",
                    Role::Interviewee => "受访",
                    Role::Other => "对话",
                };
                format!("{role}　{}", s.name)
            })
            .collect();
        for p in &people {
            put(self, p, Face::Serif, 12.0, BLACK, &mut y);
        }
        y += 24.0;
        for credit in &meta.credits {
            let role = match credit.role {
                CreditRole::Publication => "原载",
                CreditRole::Translator => "编译",
                CreditRole::Annotator => "编注",
                CreditRole::Editor => "编辑",
                CreditRole::Author => "作者",
                CreditRole::Publisher => "出版",
                CreditRole::Interviewer | CreditRole::Interviewee => continue,
            };
            let text = match &credit.note {
                Some(note) => format!("{role}　{}（{note}）", credit.name),
                None => format!("{role}　{}", credit.name),
            };
            put(self, &text, Face::Serif, 9.5, GREY, &mut y);
        }
        let mut foot = g.top + g.text_height - 40.0;
        if let Some(date) = &meta.date {
            let shown = if meta.language.starts_with("zh") {
                chinese_date(date)
            } else {
                date.clone()
            };
            put(self, &shown, Face::Serif, 9.0, GREY, &mut foot);
        }
        if let Some(url) = &meta.source_url {
            let before = foot;
            put(self, url, Face::Serif, 8.0, GREY, &mut foot);
            page.items.push(Item::Link {
                x: g.left,
                y: before,
                width: g.measure,
                height: foot - before,
                uri: url.clone(),
            });
        }
        page
    }

    fn contents_blocks(
        &mut self,
        entries: &[(String, u8, usize)],
        offset: usize,
    ) -> Vec<FlowBlock> {
        let g = self.g.clone();
        let mut out = vec![self.heading(1, None, "目录", 0)];
        out[0].section = None;
        out[0].shape.break_before = false;
        for (title, level, page) in entries {
            let (face, size, indent) = if *level <= 1 {
                (Face::Sans, 11.0, 0.0)
            } else {
                (Face::Serif, g.body, 2.0 * g.body)
            };
            let number = (page + offset + 1).to_string();
            let num_width: f32 = number
                .chars()
                .map(|c| self.metrics.resolve(face, c).map_or(0.5, |r| r.1) * size)
                .sum();
            let style = self.style(size, g.measure - 3.0 * size, indent, indent, Align::Justify);
            let mut lines = self.set(&[Span::new(title.clone(), face)], &style, 0);
            let leading = (size * 1.8f32).round();
            let last = lines.pop().map(|mut l| {
                l.last = true;
                l
            });
            let mut runs = Self::runs(lines, size, BLACK);
            if let Some(l) = last {
                let end = l.right;
                let num = self.set(
                    &[Span::new(number, face)],
                    &self.style(size, g.measure, 0.0, 0.0, Align::Justify),
                    0,
                );
                let mut row = vec![Run {
                    dx: 0.0,
                    size,
                    color: BLACK,
                    line: l,
                }];
                row.extend(num.into_iter().take(1).map(|n| Run {
                    dx: g.measure - num_width,
                    size,
                    color: BLACK,
                    line: Line { right: end, ..n },
                }));
                runs.push(row);
            }
            let mut b = self.block(runs, leading);
            if *level <= 1 {
                b.shape.space_before = 6.0;
            }
            out.push(b);
        }
        out
    }

    fn paint_fragments(
        &self,
        blocks: &[FlowBlock],
        fragments: &[Fragment],
        page: &mut Page,
        page_index: usize,
        outline: &mut Vec<OutlineEntry>,
    ) {
        let g = &self.g;
        for f in fragments {
            let block = &blocks[f.block];
            let shape = &block.shape;
            let x0 = g.left + block.dx;
            let top = g.top + f.top;
            let bottom = g.top + f.bottom(shape);
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
                for run in &block.lines[i] {
                    let baseline = g.baseline(line_top, shape.leading, run.size);
                    page.items.push(Item::Text {
                        x: x0 + run.dx,
                        y: baseline,
                        size: run.size,
                        color: run.color,
                        line: run.line.clone(),
                    });
                }
                for (_, uri) in block.links.iter().filter(|(l, _)| *l == i) {
                    let run = &block.lines[i][0];
                    page.items.push(Item::Link {
                        x: x0 + run.line.left,
                        y: line_top,
                        width: run.line.right - run.line.left,
                        height: shape.leading,
                        uri: uri.clone(),
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
                Decoration::Rules => {
                    let (a, b) = (
                        x0 + 2.0 * g.body,
                        x0 + g.measure - 6.0 * g.body - 2.0 * g.body,
                    );
                    page.items
                        .push(rule(a, top - 4.0, b, top - 4.0, 0.6, ACCENT));
                    page.items
                        .push(rule(a, bottom + 4.0, b, bottom + 4.0, 0.6, ACCENT));
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

    fn running_head(&mut self, page: &mut Page, text: &str, left_page: bool) {
        let g = self.g.clone();
        let size = 8.0;
        let style = self.style(size, g.measure, 0.0, 0.0, Align::Justify);
        if let Some(mut line) = self
            .set(&[Span::new(text, Face::Serif)], &style, 0)
            .into_iter()
            .next()
        {
            let y = g.top - 18.0;
            if !left_page {
                // Right pages: flush right.
                let shift = g.measure - line.right;
                for glyph in &mut line.glyphs {
                    glyph.x += shift;
                }
                line.right += shift;
            }
            page.items.push(Item::Text {
                x: g.left,
                y,
                size,
                color: GREY,
                line,
            });
            page.items.push(Item::Rule {
                x1: g.left,
                y1: y + 5.0,
                x2: g.left + g.measure,
                y2: y + 5.0,
                width: 0.3,
                color: GREY,
                dash: None,
            });
        }
    }

    fn folio(&mut self, page: &mut Page, number: usize) {
        let g = self.g.clone();
        let size = 8.5;
        let style = self.style(size, g.measure, 0.0, 0.0, Align::Center);
        if let Some(line) = self
            .set(&[Span::new(number.to_string(), Face::Serif)], &style, 0)
            .into_iter()
            .next()
        {
            page.items.push(Item::Text {
                x: g.left,
                y: g.top + g.text_height + 30.0,
                size,
                color: GREY,
                line,
            });
        }
    }
}

/// `2023-12-22` → `2023 年 12 月 22 日` (as written when not an ISO date).
fn chinese_date(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y, m, d]
            if [y, m, d]
                .iter()
                .all(|p| p.chars().all(|c| c.is_ascii_digit())) =>
        {
            let n = |p: &str| p.trim_start_matches('0').to_string();
            format!("{y} 年 {} 月 {} 日", n(m), n(d))
        }
        [y, m] if [y, m].iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) => {
            format!("{y} 年 {} 月", m.trim_start_matches('0'))
        }
        _ => date.to_string(),
    }
}

/// `Name：`, the label as set before a turn.
fn label_text(name: &str) -> String {
    format!("{name}：")
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
            let text = format!("{}Interpretability与开源", han.collect::<String>());
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

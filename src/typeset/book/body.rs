//! The article's blocks set as flowing blocks: the lead, headings, paragraphs, dialogue,
//! notes, pull quotes, captions and references.

use super::structure::BODY;
use super::*;

impl Setter<'_> {
    /// The label column for dialogue ([`crate::typeset::label_column_em`]); a Latin book's
    /// labels run in, so it has none.
    pub(super) fn label_column(&self) -> f32 {
        if self.latin {
            return 0.0;
        }
        let labels = self.doc.cast.iter().map(|s| self.strings.label(&s.name));
        crate::typeset::label_column_em(labels, self.metrics) * self.g.body
    }

    /// First-line indent of a paragraph of prose at `size`: two ems in Chinese; one em in a
    /// Latin book, and none where the paragraph opens its run (`flush`: after a heading, a
    /// break, a figure, at the start of a note).
    fn indent(&self, size: f32, flush: bool) -> f32 {
        match (self.latin, flush) {
            (false, _) => 2.0 * size,
            (true, true) => 0.0,
            (true, false) => size,
        }
    }

    fn spans(&self, p: &Paragraph, face: Face) -> Vec<Span> {
        p.content
            .iter()
            .map(|inline| match inline {
                // A link's words, as printed; its address is in the EPUB and the JSON.
                Inline::Text { text } | Inline::Link { text, .. } => Span::new(text.clone(), face),
                Inline::Aside { label, text } => {
                    Span::new(self.strings.aside(label, text), Face::Kai)
                }
            })
            .collect()
    }

    /// Sets paragraph `p` at `size` in `face`, `width` wide: its first line indented
    /// `first`, the others `rest`. A list item instead sets all its lines a hang past `rest`
    /// and hangs its mark (`•`, `1.`) before the first.
    #[allow(clippy::too_many_arguments)]
    fn prose_runs(
        &mut self,
        p: &Paragraph,
        face: Face,
        size: f32,
        width: f32,
        first: f32,
        rest: f32,
        color: Color,
    ) -> Vec<Vec<Run>> {
        let Some(mark) = p.item_mark() else {
            let style = self.prose(size, width, first, rest);
            let lines = self.set(&self.spans(p, face), &style, p.line);
            return Self::runs(lines, size, color);
        };
        let hang = if self.latin { 1.5 * size } else { 2.0 * size };
        let style = self.prose(size, width, rest + hang, rest + hang);
        let lines = self.set(&self.spans(p, face), &style, p.line);
        let mut runs = Self::runs(lines, size, color);
        let mark_style = self.style(size, hang, 0.0, 0.0, Align::Justify);
        let mark = self
            .set(&[Span::new(mark.to_string(), face)], &mark_style, p.line)
            .into_iter()
            .next();
        if let (Some(mark), Some(first_line)) = (mark, runs.first_mut()) {
            // Chinese: the mark centred in the two-em indent; Latin: flush left.
            let dx = if self.latin {
                rest
            } else {
                rest + ((hang - mark.right) / 2.0).max(0.0)
            };
            first_line.insert(
                0,
                Run {
                    dx,
                    size,
                    color,
                    line: mark,
                    tag: None,
                },
            );
        }
        runs
    }

    pub(super) fn body_blocks(&mut self) -> Vec<FlowBlock> {
        let g = self.g.clone();
        let em = g.body;
        let mut out: Vec<FlowBlock> = Vec::new();
        let doc = self.doc;
        let mut lead: Vec<Vec<Run>> = Vec::new();
        let mut lead_paragraphs = 0;
        // The block before was running prose (a paragraph or a turn), so a paragraph after it
        // indents.
        let mut after_prose = false;
        // What follows the last turn (references, credits) closes the article.
        let last_turn = doc
            .blocks
            .iter()
            .rposition(|b| matches!(b, Block::Turn { .. }));
        let mut closing_marked = false;
        for (at, block) in doc.blocks.iter().enumerate() {
            let first_of_closing = !closing_marked
                && last_turn.is_some_and(|t| at > t)
                && matches!(block, Block::Paragraph(_) | Block::References { .. });
            if !matches!(block, Block::Lead(_)) && !lead.is_empty() {
                out.push(Self::lead_block(std::mem::take(&mut lead), Some(g.leading)));
            }
            let blocks_before = out.len();
            match block {
                // The title and subtitle are on the title page.
                Block::Title { .. } | Block::Subtitle { .. } => {}
                Block::Lead(p) => {
                    let size = 11.5;
                    let first = self.indent(size, lead_paragraphs == 0);
                    let mut runs =
                        self.prose_runs(p, Face::Serif, size, g.measure, first, 0.0, GREY);
                    let paragraph = Tag::Element(self.element(StructRole::P, BODY));
                    for run in runs.iter_mut().flatten() {
                        run.tag = Some(paragraph);
                    }
                    lead.extend(runs);
                    lead_paragraphs += 1;
                }
                Block::Heading {
                    level,
                    number,
                    text,
                    line,
                } => out.push(self.heading(*level, number.as_deref(), text, *line)),
                Block::Paragraph(p) => {
                    let first = self.indent(em, !after_prose);
                    let runs = self.prose_runs(p, Face::Serif, em, g.measure, first, 0.0, BLACK);
                    let mut b = self.block(runs, g.leading);
                    b.tag = Tag::Element(self.element(StructRole::P, BODY));
                    out.push(b);
                }
                Block::Turn {
                    speaker,
                    continued,
                    paragraphs,
                    line,
                    ..
                } => self.turn_blocks(speaker, *continued, paragraphs, *line, &mut out),
                Block::Note {
                    label,
                    paragraphs,
                    continued,
                    line,
                } => out.push(self.note_block(label, paragraphs, *continued, *line)),
                Block::PullQuote { text, line, .. } => out.push(self.pull_quote(text, *line)),
                Block::Break { text, line } => out.push(self.break_block(text, *line)),
                Block::Figure {
                    picture,
                    caption,
                    caption_line,
                    alt,
                    line,
                    ..
                } => {
                    if let Some(b) = self.figure(
                        *picture,
                        caption.as_deref(),
                        alt,
                        caption_line.unwrap_or(*line),
                    ) {
                        out.push(b);
                    }
                }
                Block::Caption { text, line, .. } => out.push(self.caption(text, *line)),
                Block::References {
                    title,
                    title_line,
                    items,
                } => {
                    if let Some(t) = title {
                        out.push(self.heading(2, None, t, title_line.unwrap_or(0)));
                    }
                    let list = self.element(StructRole::L, BODY);
                    for item in items {
                        out.push(self.reference(item, list));
                    }
                }
            }
            if first_of_closing && out.len() > blocks_before {
                out[blocks_before].shape.closes_article = true;
                closing_marked = true;
            }
            after_prose = matches!(block, Block::Paragraph(_) | Block::Turn { .. });
        }
        if !lead.is_empty() {
            out.push(Self::lead_block(lead, None));
        }
        out
    }

    fn pull_quote(&mut self, text: &str, line: usize) -> FlowBlock {
        let em = self.g.body;
        let size = 13.0;
        let leading = (size * 1.65f32).round();
        let width = self.g.measure - 6.0 * em;
        let style = self.style(size, width, 0.0, 0.0, Align::Center);
        let lines = self.set(&[Span::new(text.to_string(), Face::Serif)], &style, line);
        let mut b = self.block(Self::runs(lines, size, ACCENT), leading);
        b.tag = Tag::Element(self.element(StructRole::BlockQuote, BODY));
        b.dx = 3.0 * em;
        b.decoration = Decoration::Rules {
            from: 2.0 * em,
            to: width - 2.0 * em,
            color: ACCENT,
        };
        b.shape.keep_together = true;
        b.shape.space_before = self.g.leading;
        b.shape.space_after = self.g.leading;
        b
    }

    fn break_block(&mut self, text: &str, line: usize) -> FlowBlock {
        let em = self.g.body;
        let style = self.style(em, self.g.measure, 0.0, 0.0, Align::Center);
        let lines = self.set(&[Span::new(text.to_string(), Face::Serif)], &style, line);
        let mut b = self.block(Self::runs(lines, em, GREY), self.g.leading);
        b.shape.space_before = self.g.leading * 0.5;
        b.shape.space_after = self.g.leading * 0.5;
        b
    }

    /// A caption with no picture (its picture was left out, could not be read, or the text
    /// names none): inset between hairlines, after its label (`图注：`) unless its words say
    /// what it is, so that it does not read as a stray line between turns.
    fn caption(&mut self, text: &str, line: usize) -> FlowBlock {
        let em = self.g.body;
        let size = 9.0;
        let width = self.g.measure - 4.0 * em;
        let mut spans = Vec::new();
        if let Some(label) = self.strings.caption_label(text) {
            spans.push(Span::new(label, Face::Sans));
        }
        spans.push(Span::new(text.to_string(), Face::Serif));
        let style = self.style(size, width, 0.0, 0.0, Align::Justify);
        let lines = self.set(&spans, &style, line);
        let mut b = self.block(Self::runs(lines, size, GREY), (size * 1.6f32).round());
        b.tag = Tag::Element(self.element(StructRole::Caption, BODY));
        b.dx = 2.0 * em;
        b.decoration = Decoration::Rules {
            from: 0.0,
            to: width,
            color: HAIRLINE,
        };
        b.shape.keep_together = true;
        b.shape.space_before = self.g.leading * 0.6;
        b.shape.space_after = self.g.leading * 0.6;
        b
    }

    /// One reference: its marker and title, then its address, linked.
    fn reference(&mut self, item: &crate::model::Reference, list: usize) -> FlowBlock {
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
        let style = ParagraphStyle {
            align: Align::Justify,
            ..self.style(size, self.g.measure, 0.0, 2.0 * size, Align::Center)
        };
        let lines = self.set(&[Span::new(text, Face::Serif)], &style, item.line);
        let n = lines.len();
        let mut b = self.block(Self::runs(lines, size, BLACK), (size * 1.6f32).round());
        b.links = (0..n)
            .map(|i| (i, LinkTarget::Uri(item.url.clone())))
            .collect();
        let entry = self.element(StructRole::Li, list);
        let body = self.element(StructRole::LBody, entry);
        b.tag = Tag::Element(self.element(StructRole::Link, body));
        b.shape.space_after = 4.0;
        b
    }

    /// The standfirst, with a short rule under it.
    fn lead_block(lines: Vec<Vec<Run>>, space_after: Option<f32>) -> FlowBlock {
        let leading = (11.5f32 * 1.75).round();
        let mut b = FlowBlock {
            shape: BlockShape::new(lines.len(), leading),
            lines,
            dx: 0.0,
            decoration: Decoration::RuleBelow,
            outline: None,
            section: None,
            links: Vec::new(),
            picture: None,
            tag: Tag::Artifact,
        };
        if let Some(space) = space_after {
            b.shape.space_after = space;
        }
        b
    }

    /// A turn: its speaker's label hanging in the label column (Chinese) or run in (Latin),
    /// then its paragraphs, each a block of its own joined to the one before.
    fn turn_blocks(
        &mut self,
        speaker: &str,
        continued: bool,
        paragraphs: &[Paragraph],
        line: usize,
        out: &mut Vec<FlowBlock>,
    ) {
        let g = self.g.clone();
        let em = g.body;
        let doc = self.doc;
        let who = doc.speaker(speaker);
        let name = who.map_or(speaker, |s| s.name.as_str());
        let asks = who.is_some_and(|s| s.role == Role::Interviewer);
        let label_text = self.strings.label(name);
        let turn = self.element(StructRole::Div, BODY);
        for (i, p) in paragraphs.iter().enumerate() {
            let labelled = i == 0 && !continued;
            let label = if labelled {
                self.set(
                    &[Span::new(label_text.clone(), Face::Sans)],
                    &self.style(em, 20.0 * em, 0.0, 0.0, Align::Justify),
                    line,
                )
                .into_iter()
                .next()
            } else {
                None
            };
            let first = match (&label, self.latin) {
                // Run in: the text starts a word space after the label.
                (Some(l), true) => {
                    l.right + self.metrics.advance(Face::Serif, ' ').unwrap_or(0.25) * em
                }
                (Some(_), false) => self.hang,
                (None, _) => self.hang + self.indent(em, false),
            };
            let mut runs = if label.is_some() {
                let style = self.prose(em, g.measure, first, self.hang);
                let lines = self.set(&self.spans(p, Face::Serif), &style, p.line);
                Self::runs(lines, em, BLACK)
            } else {
                let hang = self.hang;
                self.prose_runs(p, Face::Serif, em, g.measure, first, hang, BLACK)
            };
            if let (Some(l), Some(first_line)) = (label, runs.first_mut()) {
                // First on its line, so that it is read first.
                let label = Tag::Element(self.element(StructRole::Lbl, turn));
                first_line.insert(
                    0,
                    Run {
                        dx: 0.0,
                        size: em,
                        color: if asks { ACCENT } else { BLACK },
                        line: l,
                        tag: Some(label),
                    },
                );
            }
            let mut b = self.block(runs, g.leading);
            b.tag = Tag::Element(self.element(StructRole::P, turn));
            b.shape.joins_previous = !labelled;
            out.push(b);
        }
        if paragraphs.is_empty() && !continued {
            let label = self.set(
                &[Span::new(label_text, Face::Sans)],
                &self.style(em, g.measure, 0.0, 0.0, Align::Justify),
                line,
            );
            let mut b = self.block(Self::runs(label, em, BLACK), g.leading);
            b.tag = Tag::Element(self.element(StructRole::Lbl, turn));
            out.push(b);
        }
    }

    /// An editor note: its label, then its paragraphs in Kai (Chinese) or italic (Latin),
    /// inset behind a rule and kept on one page.
    fn note_block(
        &mut self,
        label: &str,
        paragraphs: &[Paragraph],
        continued: bool,
        line: usize,
    ) -> FlowBlock {
        let em = self.g.body;
        let size = 10.0;
        let leading = (size * 1.7f32).round();
        let inset = 1.5 * em;
        let width = self.g.measure - inset;
        let mut lines = Vec::new();
        let note = self.element(StructRole::Note, BODY);
        let mut tagged = |setter: &mut Self, mut runs: Vec<Vec<Run>>, role| {
            let tag = Tag::Element(setter.element(role, note));
            for run in runs.iter_mut().flatten() {
                run.tag = Some(tag);
            }
            lines.extend(runs);
        };
        if !continued {
            let head = self.set(
                &[Span::new(label, Face::Sans)],
                &self.style(9.0, width, 0.0, 0.0, Align::Justify),
                line,
            );
            tagged(self, Self::runs(head, 9.0, ACCENT), StructRole::Lbl);
        }
        for (i, p) in paragraphs.iter().enumerate() {
            let first = self.indent(size, i == 0);
            let grey = Color(0.2, 0.2, 0.2);
            let runs = self.prose_runs(p, Face::Kai, size, width, first, 0.0, grey);
            tagged(self, runs, StructRole::P);
        }
        let mut b = self.block(lines, leading);
        b.tag = Tag::Element(note);
        b.shape.joins_previous = continued;
        b.dx = inset;
        b.decoration = Decoration::LeftRule;
        b.shape.keep_together = true;
        b.shape.space_before = leading * 0.5;
        b.shape.space_after = leading * 0.5;
        b
    }

    pub(super) fn heading(
        &mut self,
        level: u8,
        number: Option<&str>,
        text: &str,
        line: usize,
    ) -> FlowBlock {
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
                    tag: None,
                });
            }
        }
        let style = self.style(size, g.measure, hang, hang, Align::Justify);
        let lines = self.set(&[Span::new(text, Face::Sans)], &style, line);
        let mut runs = Self::runs(lines, size, BLACK);
        if let (Some(first), Some(n)) = (runs.first_mut(), number_run) {
            // The number first: it is read first.
            first.insert(0, n);
        }
        let mut b = self.block(runs, leading);
        b.tag = Tag::Element(self.element(StructRole::heading(level), self.container));
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

    /// A figure: its picture at the measure (or smaller, never over 144 dpi, never taller
    /// than three fifths of the page), its caption under it, kept together. A picture that
    /// does not fit in what is left of a page floats to the next, the text filling the gap.
    /// One that could not be read leaves its caption (or its alternative text).
    fn figure(
        &mut self,
        picture: Option<usize>,
        caption: Option<&str>,
        alt: &str,
        line: usize,
    ) -> Option<FlowBlock> {
        let g = self.g.clone();
        let em = g.body;
        let size = 9.0;
        let leading = (size * 1.6f32).round();
        let Some((index, p)) = picture.and_then(|i| self.doc.pictures.get(i).map(|p| (i, p)))
        else {
            // Its words stay, as a caption without its picture (or its alternative text).
            let words = caption.or((!alt.is_empty()).then_some(alt))?;
            return Some(self.caption(words, line));
        };
        let (w, h) = (p.width.max(1) as f32, p.height.max(1) as f32);
        let mut width = g.measure.min(w * 72.0 / 144.0);
        let mut height = width * h / w;
        let tallest = g.text_height * 0.6;
        if height > tallest {
            height = tallest;
            width = height * w / h;
        }
        let placed = PlacedPicture {
            index,
            dx: (g.measure - width) / 2.0,
            width,
            height,
        };
        let figure = self.element(StructRole::Figure, BODY);
        self.structure.elements[figure].alt = Some(if alt.is_empty() {
            caption.unwrap_or("").to_string()
        } else {
            alt.to_string()
        });
        // The picture takes whole lines of the caption's leading, and half a line under it.
        let picture_lines = ((placed.height + leading * 0.5) / leading).ceil() as usize;
        let mut lines: Vec<Vec<Run>> = (0..picture_lines).map(|_| Vec::new()).collect();
        if let Some(text) = caption {
            let style = self.style(size, g.measure - 4.0 * em, 0.0, 0.0, Align::Center);
            let set = self.set(&[Span::new(text.to_string(), Face::Serif)], &style, line);
            let tag = Tag::Element(self.element(StructRole::Caption, BODY));
            for mut l in Self::runs(set, size, GREY) {
                for run in &mut l {
                    run.tag = Some(tag);
                    run.dx += 2.0 * em;
                }
                lines.push(l);
            }
        }
        let mut b = self.block(lines, leading);
        b.tag = Tag::Element(figure);
        b.picture = Some(placed);
        b.shape.keep_together = true;
        b.shape.figure = true;
        b.shape.space_before = g.leading * 0.5;
        b.shape.space_after = g.leading * 0.5;
        Some(b)
    }
}

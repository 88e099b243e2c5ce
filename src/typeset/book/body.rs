//! The article's blocks set as flowing blocks: the lead, headings, paragraphs, dialogue,
//! notes, pull quotes, captions and references.

use super::*;

impl Setter<'_> {
    /// The label column for dialogue: as wide as the widest "Name：", in whole ems, at most
    /// eight.
    pub(super) fn label_column(&self) -> f32 {
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

    pub(super) fn body_blocks(&mut self) -> Vec<FlowBlock> {
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
}

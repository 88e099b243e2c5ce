//! Front matter and page furniture: the title page, the contents, running heads and folios.

use super::structure::{DOCUMENT, FRONT};
use super::*;

impl Setter<'_> {
    pub(super) fn title_page(&mut self) -> Page {
        let g = self.g.clone();
        let meta = &self.doc.meta;
        let mut page = Page::default();
        let mut y = g.top + g.text_height * 0.22;
        // Each call one paragraph of the title page (`role`), unless `tag` names one.
        let mut put = |setter: &mut Setter,
                       text: &str,
                       face: Face,
                       size: f32,
                       color: Color,
                       y: &mut f32,
                       tag: Option<Tag>| {
            let tag = tag.unwrap_or_else(|| Tag::Element(setter.element(StructRole::P, FRONT)));
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
                    tag,
                });
            }
        };
        // A title with a colon breaks after it when both halves fit on a line each.
        let title = meta.title.as_str();
        let halves = title
            .find('：')
            .map(|i| i + '：'.len_utf8())
            .or_else(|| title.find(": ").map(|i| i + 1))
            .map(|i| title.split_at(i))
            .map(|(a, b)| (a, b.trim_start()))
            .filter(|(a, b)| {
                let width = |t: &str| -> f32 {
                    t.chars()
                        .map(|c| self.metrics.resolve(Face::Sans, c).map_or(1.0, |r| r.1) * 20.0)
                        .sum()
                };
                !b.is_empty() && width(a) <= g.measure && width(b) <= g.measure
            });
        // The title is the document's first heading.
        let heading = Some(Tag::Element(self.element(StructRole::H1, FRONT)));
        match halves {
            Some((a, b)) => {
                put(self, a, Face::Sans, 20.0, BLACK, &mut y, heading);
                put(self, b, Face::Sans, 20.0, BLACK, &mut y, heading);
            }
            None => put(self, title, Face::Sans, 20.0, BLACK, &mut y, heading),
        }
        y += 12.0;
        if let Some(sub) = &meta.subtitle {
            put(self, sub, Face::Serif, 11.5, GREY, &mut y, None);
        }
        y += 40.0;
        let strings = self.strings;
        let people: Vec<String> = self
            .doc
            .cast
            .iter()
            .filter(|s| !s.is_generic())
            .map(|s| strings.person(strings.speaker_role(s.role), &s.name))
            .collect();
        for p in &people {
            put(self, p, Face::Serif, 12.0, BLACK, &mut y, None);
        }
        y += 24.0;
        for credit in &meta.credits {
            if matches!(
                credit.role,
                CreditRole::Interviewer | CreditRole::Interviewee
            ) {
                continue;
            }
            let note = strings.credit_note(credit.note.as_deref());
            let text = format!(
                "{}{note}",
                strings.person(strings.credit_role(credit.role), &credit.name)
            );
            put(self, &text, Face::Serif, 9.5, GREY, &mut y, None);
        }
        let mut foot = g.top + g.text_height - 40.0;
        if let Some(date) = &meta.date {
            let shown = strings.date_text(date);
            put(self, &shown, Face::Serif, 9.0, GREY, &mut foot, None);
        }
        if let Some(url) = &meta.source_url {
            let before = foot;
            let link = Tag::Element(self.element(StructRole::Link, FRONT));
            put(self, url, Face::Serif, 8.0, GREY, &mut foot, Some(link));
            page.items.push(Item::Link {
                x: g.left,
                y: before,
                width: g.measure,
                height: foot - before,
                target: LinkTarget::Uri(url.clone()),
                tag: link,
            });
        }
        page
    }

    pub(super) fn contents_blocks(
        &mut self,
        entries: &[(String, u8, usize)],
        offset: usize,
    ) -> Vec<FlowBlock> {
        let g = self.g.clone();
        let contents = self.strings.contents.clone();
        // The contents' heading stands before the list, in the document itself.
        self.container = DOCUMENT;
        let mut out = vec![self.heading(1, None, &contents, 0)];
        self.container = super::structure::BODY;
        let toc = self.element(StructRole::Toc, DOCUMENT);
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
                    tag: None,
                }];
                row.extend(num.into_iter().take(1).map(|n| Run {
                    dx: g.measure - num_width,
                    size,
                    color: BLACK,
                    line: Line { right: end, ..n },
                    tag: None,
                }));
                runs.push(row);
            }
            let rows = runs.len();
            let mut b = self.block(runs, leading);
            let item = self.element(StructRole::TocItem, toc);
            b.tag = Tag::Element(self.element(StructRole::Link, item));
            // Every line of the entry leads to its page (`page` counts body pages only).
            b.links = (0..rows)
                .map(|i| (i, LinkTarget::Page(page + offset)))
                .collect();
            if *level <= 1 {
                b.shape.space_before = 6.0;
            }
            out.push(b);
        }
        out
    }

    pub(super) fn running_head(&mut self, page: &mut Page, text: &str, left_page: bool) {
        let g = self.g.clone();
        let size = 8.0;
        let style = self.style(size, g.measure, 0.0, 0.0, Align::Justify);
        if let Some(mut line) = self.one_line(text, Face::Serif, &style) {
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
                tag: Tag::Artifact,
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

    pub(super) fn folio(&mut self, page: &mut Page, number: usize) {
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
                tag: Tag::Artifact,
            });
        }
    }

    /// `text` on one line: whole if it fits, else cut at a word (or, in Chinese, anywhere)
    /// and ended with an ellipsis, so that a cut never passes for the whole.
    fn one_line(&mut self, text: &str, face: Face, style: &ParagraphStyle) -> Option<Line> {
        let mut lines = self.set(&[Span::new(text, face)], style, 0);
        if lines.len() <= 1 {
            return lines.pop();
        }
        let mut keep = lines[0].glyphs.len();
        let chars: Vec<char> = text.chars().collect();
        while keep > 0 {
            keep -= 1;
            let mut cut: String = chars.iter().take(keep).collect();
            if self.latin {
                // Back to the last word boundary.
                match cut.trim_end().rfind(' ') {
                    Some(i) if keep == chars.len() || chars[keep] != ' ' => cut.truncate(i),
                    _ => {}
                }
                keep = cut.chars().count();
            }
            let cut = format!(
                "{}…",
                cut.trim_end_matches([' ', '，', '、', ',', ':', '：'])
            );
            let mut set = self.set(&[Span::new(cut, face)], style, 0);
            if set.len() == 1 {
                return set.pop();
            }
        }
        lines.into_iter().next()
    }
}

//! Grouping classified lines into blocks: turns, their continuations, notes, the lead.

use super::labels::{self, Labels};
use super::lines::Line;
use super::{Kind, asides, rules};
use crate::error::Warning;
use crate::model::{Block, Document, DroppedLine, Inline, Metadata, Paragraph, Reference};
use crate::read::Hint;

/// Where the next text line goes.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    None,
    /// Index of the turn block and its speaker.
    Turn(usize, usize),
    Note(usize),
}

pub(super) fn assemble(
    lines: &[Line<'_>],
    kinds: &[Kind<'_>],
    labels: &Labels,
    warnings: &mut Vec<Warning>,
) -> Document {
    let mut a = Assembler {
        kinds,
        labels,
        warnings,
        blocks: Vec::new(),
        dropped: Vec::new(),
        open: Open::None,
        interrupted: Open::None,
        references_title: None,
        has_headings: kinds.iter().any(|k| matches!(k, Kind::Heading { .. })),
        has_turns: kinds.iter().any(|k| matches!(k, Kind::Turn { .. })),
        seen_heading: false,
        seen_turn: false,
    };
    for (at, (line, kind)) in lines.iter().zip(kinds).enumerate() {
        a.line(at, line, kind);
    }
    a.finish()
}

/// The blocks made so far and where the next line goes.
struct Assembler<'k, 'a, 'w> {
    kinds: &'k [Kind<'a>],
    labels: &'k Labels,
    warnings: &'w mut Vec<Warning>,
    blocks: Vec<Block>,
    dropped: Vec<DroppedLine>,
    open: Open,
    /// An interrupted turn or note: text after a caption, figure, pull quote or one-line
    /// note continues it.
    interrupted: Open,
    references_title: Option<(String, usize)>,
    has_headings: bool,
    has_turns: bool,
    seen_heading: bool,
    seen_turn: bool,
}

impl Assembler<'_, '_, '_> {
    /// The lead: text before the first heading, or without headings, before the first turn.
    fn in_lead(&self) -> bool {
        if self.has_headings {
            !self.seen_heading
        } else {
            self.has_turns && !self.seen_turn
        }
    }

    fn paragraph(&self, line: &Line, text: &str) -> Paragraph {
        let (item, text) = match (line.hint, rules::list_marker(text)) {
            (Hint::ListItem, Some((marker, rest))) => (Some(marker.to_string()), rest),
            _ => (None, text),
        };
        Paragraph {
            line: line.no,
            item,
            content: content(line, text, self.labels),
        }
    }

    fn speaker_id(&self, i: usize) -> String {
        self.labels.speakers[i].id.clone()
    }

    /// Closes what is open; a turn or note that was open goes on after this block.
    fn interrupt(&mut self) {
        if self.open != Open::None {
            self.interrupted = self.open;
        }
        self.open = Open::None;
    }

    fn line(&mut self, at: usize, line: &Line, kind: &Kind) {
        let no = line.no;
        // Captions, pull quotes, figures and one-paragraph notes in a row interrupt the
        // same turn.
        if !matches!(
            kind,
            Kind::Text
                | Kind::Blank
                | Kind::Dropped(_)
                | Kind::Caption(_)
                | Kind::PullQuote
                | Kind::Figure(_)
                | Kind::Note { .. }
        ) {
            self.interrupted = Open::None;
        }
        match kind {
            Kind::Blank => {}
            Kind::Dropped(reason) => self.dropped.push(DroppedLine {
                line: no,
                text: line.text.to_string(),
                reason: reason.to_string(),
            }),
            Kind::Turn {
                speaker,
                label,
                rest,
            } => self.turn(line, *speaker, label, rest),
            Kind::Note { label, rest } => self.note(at, line, label, rest),
            Kind::Reference(link) => self.reference(link, no),
            Kind::Caption(_) if takes_caption(&self.blocks, self.kinds, at) => {
                if let Some(Block::Figure {
                    caption,
                    caption_line,
                    ..
                }) = self.blocks.last_mut()
                {
                    *caption = Some(line.text.to_string());
                    *caption_line = Some(no);
                }
            }
            Kind::Figure(src) => {
                let alt = if line.text == *src { "" } else { line.text };
                self.blocks.push(Block::Figure {
                    src: src.to_string(),
                    alt: alt.to_string(),
                    caption: None,
                    caption_line: None,
                    line: no,
                    picture: None,
                });
                self.interrupt();
            }
            Kind::PullQuote => {
                self.blocks.push(Block::PullQuote {
                    text: line.text.to_string(),
                    line: no,
                    echoes: None,
                });
                self.interrupt();
            }
            Kind::Caption(speaker) => {
                let speaker = speaker.map(|s| self.speaker_id(s));
                self.blocks.push(Block::Caption {
                    text: line.text.to_string(),
                    line: no,
                    speaker,
                });
                self.interrupt();
            }
            Kind::Title | Kind::Subtitle => {
                let text = rules::strip_hash_mark(line.text)
                    .unwrap_or(line.text)
                    .to_string();
                self.blocks.push(if *kind == Kind::Title {
                    Block::Title { text, line: no }
                } else {
                    Block::Subtitle { text, line: no }
                });
            }
            Kind::ReferencesTitle => {
                self.references_title = Some((line.text.to_string(), no));
                self.open = Open::None;
            }
            Kind::Heading {
                number,
                text,
                level,
            } => self.heading(at, no, number, text, *level),
            Kind::Break => {
                self.open = Open::None;
                self.interrupted = Open::None;
                self.blocks.push(Block::Break {
                    text: line.text.to_string(),
                    line: no,
                });
            }
            Kind::Closing => {
                self.open = Open::None;
                self.interrupted = Open::None;
                let para = self.paragraph(line, line.text);
                self.push_body(para);
            }
            Kind::Text | Kind::SpeakerAlone(_) => self.text(line),
        }
    }

    /// A paragraph outside any turn: the lead's, or the body's.
    fn push_body(&mut self, para: Paragraph) {
        self.blocks.push(if self.in_lead() {
            Block::Lead(para)
        } else {
            Block::Paragraph(para)
        });
    }

    fn turn(&mut self, line: &Line, speaker: usize, label: &str, rest: &str) {
        self.seen_turn = true;
        let paragraphs = if rest.is_empty() {
            Vec::new()
        } else {
            vec![self.paragraph(line, rest)]
        };
        self.blocks.push(Block::Turn {
            speaker: self.speaker_id(speaker),
            label: label.to_string(),
            line: line.no,
            continued: false,
            time: labels::parts(label).time.or(line.time).map(str::to_string),
            paragraphs,
        });
        self.open = Open::Turn(self.blocks.len() - 1, speaker);
    }

    fn note(&mut self, at: usize, line: &Line, label: &str, rest: &str) {
        let paragraphs = if rest.is_empty() {
            Vec::new()
        } else {
            vec![self.paragraph(line, rest)]
        };
        // A label alone on its line takes the paragraphs below it; a note written on its
        // label's line is that one paragraph, unless a separator closes it.
        let takes_following = paragraphs.is_empty() || text_runs_to_break(self.kinds, at + 1);
        self.blocks.push(Block::Note {
            label: label.to_string(),
            line: line.no,
            continued: false,
            paragraphs,
        });
        if takes_following {
            self.interrupted = Open::None;
            self.open = Open::Note(self.blocks.len() - 1);
        } else if matches!(self.open, Open::Turn(..)) {
            // A note set between the paragraphs of an answer (a Word footnote, an editor's
            // `注：` line) interrupts the turn: the answer goes on after it.
            self.interrupt();
        } else {
            self.open = Open::None;
        }
    }

    fn reference(&mut self, link: &rules::Link, no: usize) {
        let item = Reference {
            marker: link.marker.clone(),
            url: link.url.clone(),
            text: link.title.clone(),
            line: no,
        };
        let continues = matches!(self.blocks.last(), Some(Block::References { .. }))
            && self.open == Open::None
            && self.references_title.is_none();
        match self.blocks.last_mut() {
            Some(Block::References { items, .. }) if continues => items.push(item),
            _ => {
                let (title, title_line) = self
                    .references_title
                    .take()
                    .map_or((None, None), |(t, l)| (Some(t), Some(l)));
                self.blocks.push(Block::References {
                    title,
                    title_line,
                    items: vec![item],
                });
            }
        }
        self.open = Open::None;
    }

    fn heading(
        &mut self,
        at: usize,
        no: usize,
        number: &Option<String>,
        text: &str,
        level: Option<u8>,
    ) {
        if let Open::Turn(_, speaker) = self.open
            && next_content_kind(self.kinds, at + 1) == Some(&Kind::Text)
        {
            self.warnings.push(Warning::at(
                no,
                format!(
                    "\"{text}\" read as a heading, but it splits a turn of {} (the next line has no label); if it is part of the turn, override with kind = \"text\"",
                    self.labels.speakers[speaker].name
                ),
            ));
        }
        self.seen_heading = true;
        self.blocks.push(Block::Heading {
            level: level.unwrap_or(1),
            number: number.clone(),
            text: text.to_string(),
            line: no,
        });
        self.open = Open::None;
    }

    fn text(&mut self, line: &Line) {
        let para = self.paragraph(line, line.text);
        if self.open == Open::None && self.interrupted != Open::None {
            self.open = reopen(&mut self.blocks, self.interrupted);
            self.interrupted = Open::None;
        }
        match self.open {
            Open::Turn(i, _) | Open::Note(i) => match &mut self.blocks[i] {
                Block::Turn { paragraphs, .. } | Block::Note { paragraphs, .. } => {
                    paragraphs.push(para)
                }
                _ => unreachable!("open points at a turn or note"),
            },
            Open::None => self.push_body(para),
        }
    }

    fn finish(mut self) -> Document {
        for block in &self.blocks {
            if let Block::Turn {
                paragraphs, line, ..
            }
            | Block::Note {
                paragraphs, line, ..
            } = block
                && paragraphs.is_empty()
            {
                self.warnings
                    .push(Warning::at(*line, "label with no text after it"));
            }
        }
        // Every backend holds the model to the end: no spare capacity in its longest lists.
        self.blocks.shrink_to_fit();
        Document {
            meta: Metadata::default(),
            cast: Vec::new(),
            blocks: self.blocks,
            dropped: self.dropped,
            pictures: Vec::new(),
        }
    }
}

/// Whether the caption at `at` is the one of the figure just before it (nothing but blank
/// or dropped lines between).
fn takes_caption(blocks: &[Block], kinds: &[Kind<'_>], at: usize) -> bool {
    let Some(Block::Figure { caption: None, .. }) = blocks.last() else {
        return false;
    };
    kinds[..at]
        .iter()
        .rev()
        .find(|k| !matches!(k, Kind::Blank | Kind::Dropped(_)))
        .is_some_and(|k| matches!(k, Kind::Figure(_)))
}

/// Starts a continuation of the interrupted turn or note and returns it as open.
fn reopen(blocks: &mut Vec<Block>, interrupted: Open) -> Open {
    let (i, speaker) = match interrupted {
        Open::Turn(i, s) => (i, Some(s)),
        Open::Note(i) => (i, None),
        Open::None => return Open::None,
    };
    let continuation = match &blocks[i] {
        Block::Turn {
            speaker,
            label,
            line,
            ..
        } => Block::Turn {
            speaker: speaker.clone(),
            label: label.clone(),
            line: *line,
            continued: true,
            time: None,
            paragraphs: Vec::new(),
        },
        Block::Note { label, line, .. } => Block::Note {
            label: label.clone(),
            line: *line,
            continued: true,
            paragraphs: Vec::new(),
        },
        _ => return Open::None,
    };
    blocks.push(continuation);
    match speaker {
        Some(s) => Open::Turn(blocks.len() - 1, s),
        None => Open::Note(blocks.len() - 1),
    }
}

/// A paragraph's runs: text with its asides, and the links the format marked.
fn content(line: &Line, text: &str, labels: &Labels) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut at = 0;
    for (words, url) in line.links_in(text) {
        out.extend(asides::split_asides(&text[at..words.start], labels));
        out.push(Inline::Link {
            text: text[words.clone()].to_string(),
            url: url.to_string(),
        });
        at = words.end;
    }
    out.extend(asides::split_asides(&text[at..], labels));
    out.shrink_to_fit();
    out
}

/// Do only text lines (at most four) stand between `kinds[from..]`'s start and a separator?
fn text_runs_to_break(kinds: &[Kind<'_>], from: usize) -> bool {
    let mut texts = 0;
    for kind in &kinds[from..] {
        match kind {
            Kind::Blank | Kind::Dropped(_) => {}
            Kind::Text if texts < 4 => texts += 1,
            Kind::Break => return texts > 0,
            _ => return false,
        }
    }
    false
}

fn next_content_kind<'k, 'a>(kinds: &'k [Kind<'a>], from: usize) -> Option<&'k Kind<'a>> {
    kinds[from..]
        .iter()
        .find(|k| !matches!(k, Kind::Blank | Kind::Dropped(_)))
}

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
    let mut blocks: Vec<Block> = Vec::new();
    let mut dropped = Vec::new();
    let mut open = Open::None;
    // An interrupted turn or note: text after a caption or pull quote continues it.
    let mut interrupted = Open::None;
    let mut references_title: Option<(String, usize)> = None;
    let has_headings = kinds.iter().any(|k| matches!(k, Kind::Heading { .. }));
    let has_turns = kinds.iter().any(|k| matches!(k, Kind::Turn { .. }));
    // The lead: text before the first heading, or without headings, before the first turn.
    let in_lead = |seen_heading: bool, seen_turn: bool| {
        if has_headings {
            !seen_heading
        } else {
            has_turns && !seen_turn
        }
    };
    let mut seen_heading = false;
    let mut seen_turn = false;
    let paragraph = |line: &Line, text: &str| {
        let (item, text) = match (line.hint, rules::list_marker(text)) {
            (Hint::ListItem, Some((marker, rest))) => (Some(marker.to_string()), rest),
            _ => (None, text),
        };
        Paragraph {
            line: line.no,
            item,
            content: content(line, text, labels),
        }
    };
    let speaker_id = |i: usize| labels.speakers[i].id.clone();

    for (at, (line, kind)) in lines.iter().zip(kinds).enumerate() {
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
            interrupted = Open::None;
        }
        match kind {
            Kind::Blank => {}
            Kind::Dropped(reason) => dropped.push(DroppedLine {
                line: no,
                text: line.text.to_string(),
                reason: reason.to_string(),
            }),
            Kind::Turn {
                speaker,
                label,
                rest,
            } => {
                seen_turn = true;
                let paragraphs = if rest.is_empty() {
                    Vec::new()
                } else {
                    vec![paragraph(line, rest)]
                };
                blocks.push(Block::Turn {
                    speaker: speaker_id(*speaker),
                    label: label.to_string(),
                    line: no,
                    continued: false,
                    time: labels::parts(label).time.or(line.time).map(str::to_string),
                    paragraphs,
                });
                open = Open::Turn(blocks.len() - 1, *speaker);
            }
            Kind::Note { label, rest } => {
                let paragraphs = if rest.is_empty() {
                    Vec::new()
                } else {
                    vec![paragraph(line, rest)]
                };
                // A label alone on its line takes the paragraphs below it; a note written on
                // its label's line is that one paragraph, unless a separator closes it.
                let takes_following = paragraphs.is_empty() || text_runs_to_break(kinds, at + 1);
                blocks.push(Block::Note {
                    label: label.clone(),
                    line: no,
                    continued: false,
                    paragraphs,
                });
                // A note set between the paragraphs of an answer (a Word footnote, an
                // editor's `注：` line) interrupts the turn: the answer goes on after it.
                if !takes_following && matches!(open, Open::Turn(..)) {
                    interrupted = open;
                }
                open = if takes_following {
                    interrupted = Open::None;
                    Open::Note(blocks.len() - 1)
                } else {
                    Open::None
                };
            }
            Kind::Reference(link) => {
                let item = Reference {
                    marker: link.marker.clone(),
                    url: link.url.clone(),
                    text: link.title.clone(),
                    line: no,
                };
                let continues = matches!(blocks.last(), Some(Block::References { .. }))
                    && open == Open::None
                    && references_title.is_none();
                match blocks.last_mut() {
                    Some(Block::References { items, .. }) if continues => items.push(item),
                    _ => {
                        let (title, title_line) = references_title
                            .take()
                            .map_or((None, None), |(t, l)| (Some(t), Some(l)));
                        blocks.push(Block::References {
                            title,
                            title_line,
                            items: vec![item],
                        });
                    }
                }
                open = Open::None;
            }
            Kind::Caption(_) if takes_caption(&blocks, kinds, at) => {
                if let Some(Block::Figure {
                    caption,
                    caption_line,
                    ..
                }) = blocks.last_mut()
                {
                    *caption = Some(line.text.to_string());
                    *caption_line = Some(no);
                }
            }
            Kind::Figure(src) => {
                let alt = if line.text == *src { "" } else { line.text };
                blocks.push(Block::Figure {
                    src: src.to_string(),
                    alt: alt.to_string(),
                    caption: None,
                    caption_line: None,
                    line: no,
                    picture: None,
                });
                if open != Open::None {
                    interrupted = open;
                }
                open = Open::None;
            }
            Kind::PullQuote | Kind::Caption(_) => {
                let block = match kind {
                    Kind::PullQuote => Block::PullQuote {
                        text: line.text.to_string(),
                        line: no,
                        echoes: None,
                    },
                    Kind::Caption(speaker) => Block::Caption {
                        text: line.text.to_string(),
                        line: no,
                        speaker: speaker.map(speaker_id),
                    },
                    _ => unreachable!("matched above"),
                };
                blocks.push(block);
                if open != Open::None {
                    interrupted = open;
                }
                open = Open::None;
            }
            Kind::Title | Kind::Subtitle => {
                let text = rules::strip_hash_mark(line.text)
                    .unwrap_or(line.text)
                    .to_string();
                blocks.push(if *kind == Kind::Title {
                    Block::Title { text, line: no }
                } else {
                    Block::Subtitle { text, line: no }
                });
            }
            Kind::ReferencesTitle => {
                references_title = Some((line.text.to_string(), no));
                open = Open::None;
            }
            Kind::Heading {
                number,
                text,
                level,
            } => {
                if let Open::Turn(_, speaker) = open
                    && next_content_kind(kinds, at + 1) == Some(&Kind::Text)
                {
                    warnings.push(Warning::at(
                        no,
                        format!(
                            "\"{text}\" read as a heading, but it splits a turn of {} (the next line has no label); if it is part of the turn, override with kind = \"text\"",
                            labels.speakers[speaker].name
                        ),
                    ));
                }
                seen_heading = true;
                blocks.push(Block::Heading {
                    level: level.unwrap_or(1),
                    number: number.clone(),
                    text: text.clone(),
                    line: no,
                });
                open = Open::None;
            }
            Kind::Break => {
                open = Open::None;
                interrupted = Open::None;
                blocks.push(Block::Break {
                    text: line.text.to_string(),
                    line: no,
                });
            }
            Kind::Closing => {
                open = Open::None;
                interrupted = Open::None;
                let para = paragraph(line, line.text);
                blocks.push(if in_lead(seen_heading, seen_turn) {
                    Block::Lead(para)
                } else {
                    Block::Paragraph(para)
                });
            }
            Kind::Text | Kind::SpeakerAlone(_) => {
                let para = paragraph(line, line.text);
                if open == Open::None && interrupted != Open::None {
                    open = reopen(&mut blocks, interrupted);
                    interrupted = Open::None;
                }
                match open {
                    Open::Turn(i, _) | Open::Note(i) => match &mut blocks[i] {
                        Block::Turn { paragraphs, .. } | Block::Note { paragraphs, .. } => {
                            paragraphs.push(para)
                        }
                        _ => unreachable!("open points at a turn or note"),
                    },
                    Open::None => {
                        blocks.push(if in_lead(seen_heading, seen_turn) {
                            Block::Lead(para)
                        } else {
                            Block::Paragraph(para)
                        });
                    }
                }
            }
        }
    }
    for block in &blocks {
        if let Block::Turn {
            paragraphs, line, ..
        }
        | Block::Note {
            paragraphs, line, ..
        } = block
            && paragraphs.is_empty()
        {
            warnings.push(Warning::at(*line, "label with no text after it"));
        }
    }
    // Every backend holds the model to the end: no spare capacity in its longest lists.
    blocks.shrink_to_fit();
    Document {
        meta: Metadata::default(),
        cast: Vec::new(),
        blocks,
        dropped,
        pictures: Vec::new(),
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

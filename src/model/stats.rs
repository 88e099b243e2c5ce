//! Block counts of a document: what `fangtan inspect` reports and the tests assert.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{Block, Document, Inline};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Stats {
    /// Speaker display name → number of turns, in cast order.
    #[serde(serialize_with = "as_ordered_map")]
    pub turns: Vec<(String, usize)>,
    /// Editor-note blocks.
    pub notes: usize,
    /// Bracketed asides inside paragraphs.
    pub inline_notes: usize,
    pub pull_quotes: usize,
    pub captions: usize,
    /// Pictures (their captions are counted with them, not in `captions`).
    #[serde(skip_serializing_if = "is_zero")]
    pub figures: usize,
    pub headings: usize,
    pub lead_paragraphs: usize,
    /// Reference entries (links), not reference blocks.
    pub references: usize,
    pub dropped_lines: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn as_ordered_map<S: Serializer>(pairs: &[(String, usize)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

impl Stats {
    pub fn of(doc: &Document) -> Stats {
        let mut stats = Stats {
            turns: doc.cast.iter().map(|s| (s.name.clone(), 0)).collect(),
            dropped_lines: doc.dropped.len(),
            ..Stats::default()
        };
        for block in &doc.blocks {
            stats.inline_notes += block
                .paragraphs()
                .iter()
                .flat_map(|p| &p.content)
                .filter(|i| matches!(i, Inline::Aside { .. }))
                .count();
            match block {
                Block::Turn {
                    speaker,
                    continued: false,
                    ..
                } => {
                    if let Some(i) = doc.cast.iter().position(|s| &s.id == speaker) {
                        stats.turns[i].1 += 1;
                    }
                }
                Block::Note {
                    continued: false, ..
                } => stats.notes += 1,
                Block::PullQuote { .. } => stats.pull_quotes += 1,
                Block::Caption { .. } => stats.captions += 1,
                Block::Figure { .. } => stats.figures += 1,
                Block::Heading { .. } => stats.headings += 1,
                Block::Lead(_) => stats.lead_paragraphs += 1,
                Block::References { items, .. } => stats.references += items.len(),
                Block::Title { .. }
                | Block::Subtitle { .. }
                | Block::Break { .. }
                | Block::Paragraph(_)
                | Block::Turn { .. }
                | Block::Note { .. } => {}
            }
        }
        stats
    }

    /// Turns of the speaker with this display name.
    pub fn turns_of(&self, name: &str) -> usize {
        self.turns
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, c)| *c)
    }
}

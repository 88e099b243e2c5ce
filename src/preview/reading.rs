//! The annotated reading: the input line by line (the lines the structure recovery numbers,
//! as `[[lines]]` and every warning count them), each with what the reader made of it, its
//! warnings, and the sidecar entries that would change its kind; the cast with turn counts;
//! the typography changes. `fangtan inspect --html` writes it as a page; `fangtan serve`
//! shows it as its first view.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Block, Document};
use crate::render::templates;
use crate::{Input, Prepared};

/// What the reader made of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineRole {
    Title,
    Subtitle,
    Lead,
    Heading,
    /// A speaker's turn starts here (its label).
    Turn,
    /// More of the turn above: its next paragraph, or the turn picked up after an interruption.
    Continuation,
    Note,
    PullQuote,
    Caption,
    Figure,
    Break,
    Reference,
    /// Body text outside any turn or note.
    Text,
    Dropped,
    Blank,
}

impl LineRole {
    /// The `[[lines]]` kind that keeps it as it is, where one does.
    fn sidecar_kind(self) -> Option<&'static str> {
        match self {
            LineRole::Heading => Some("heading"),
            LineRole::PullQuote => Some("pull-quote"),
            LineRole::Caption => Some("caption"),
            LineRole::Note => Some("note"),
            LineRole::Reference => Some("reference"),
            LineRole::Dropped => Some("dropped"),
            LineRole::Text => Some("text"),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            LineRole::Title => "title",
            LineRole::Subtitle => "subtitle",
            LineRole::Lead => "lead",
            LineRole::Heading => "heading",
            LineRole::Turn => "turn",
            LineRole::Continuation => "continuation",
            LineRole::Note => "note",
            LineRole::PullQuote => "pull quote",
            LineRole::Caption => "caption",
            LineRole::Figure => "picture",
            LineRole::Break => "break",
            LineRole::Reference => "reference",
            LineRole::Text => "text",
            LineRole::Dropped => "dropped",
            LineRole::Blank => "blank",
        }
    }
}

/// Every kind a `[[lines]]` entry can give.
const SIDECAR_KINDS: [&str; 7] = [
    "text",
    "heading",
    "pull-quote",
    "caption",
    "note",
    "reference",
    "dropped",
];

#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    pub no: usize,
    pub text: String,
    pub role: LineRole,
    pub role_name: &'static str,
    /// The speaker's index in the cast (its colour), for turns and their continuations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker_name: Option<String>,
    /// Its speaker's colour, one of [`COLOURS`] in turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<usize>,
    /// Why it was dropped, or the label of a note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub warnings: Vec<String>,
    /// Sidecar entries, each giving the line another kind.
    pub fixes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CastView {
    pub index: usize,
    pub id: String,
    pub name: String,
    pub label: String,
    pub role: String,
    pub turns: usize,
    pub colour: usize,
}

/// How many speaker colours the stylesheet has (`.sp0` … `.sp7`); a larger cast reuses them.
pub const COLOURS: usize = 8;

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub line: usize,
    pub rule: &'static str,
    pub before: String,
    pub after: String,
}

/// The whole reading, ready for the template.
#[derive(Debug, Clone, Serialize)]
pub struct Reading {
    pub source: String,
    pub title: String,
    pub language: String,
    pub format: &'static str,
    pub sidecar: Option<String>,
    pub cast: Vec<CastView>,
    pub lines: Vec<LineView>,
    /// Warnings about no line of the input (the sidecar's, the whole text's).
    pub general_warnings: Vec<String>,
    pub changes: Vec<ChangeView>,
    /// How many lines of each role (for the legend).
    pub counts: BTreeMap<&'static str, usize>,
}

/// Each line number the model names, with its role and speaker.
fn roles(doc: &Document) -> BTreeMap<usize, (LineRole, Option<usize>, Option<String>)> {
    let speaker = |id: &str| doc.cast.iter().position(|s| s.id == id);
    let mut roles = BTreeMap::new();
    let mut set = |line: usize, role: LineRole, who: Option<usize>, detail: Option<String>| {
        roles.entry(line).or_insert((role, who, detail));
    };
    for block in &doc.blocks {
        match block {
            Block::Title { line, .. } => set(*line, LineRole::Title, None, None),
            Block::Subtitle { line, .. } => set(*line, LineRole::Subtitle, None, None),
            Block::Lead(p) => set(p.line, LineRole::Lead, None, None),
            Block::Heading { line, .. } => set(*line, LineRole::Heading, None, None),
            Block::Paragraph(p) => set(p.line, LineRole::Text, None, None),
            Block::Turn {
                speaker: id,
                line,
                continued,
                paragraphs,
                ..
            } => {
                let who = speaker(id);
                if !continued {
                    set(*line, LineRole::Turn, who, None);
                }
                for p in paragraphs {
                    set(p.line, LineRole::Continuation, who, None);
                }
            }
            Block::Note {
                label,
                line,
                paragraphs,
                ..
            } => {
                set(*line, LineRole::Note, None, Some(label.clone()));
                for p in paragraphs {
                    set(p.line, LineRole::Note, None, Some(label.clone()));
                }
            }
            Block::PullQuote { line, .. } => set(*line, LineRole::PullQuote, None, None),
            Block::Caption {
                line, speaker: s, ..
            } => set(
                *line,
                LineRole::Caption,
                s.as_deref().and_then(speaker),
                None,
            ),
            Block::Break { line, .. } => set(*line, LineRole::Break, None, None),
            Block::Figure {
                line, caption_line, ..
            } => {
                set(*line, LineRole::Figure, None, None);
                if let Some(c) = caption_line {
                    set(*c, LineRole::Caption, None, None);
                }
            }
            Block::References {
                title_line, items, ..
            } => {
                if let Some(t) = title_line {
                    set(*t, LineRole::Reference, None, None);
                }
                for item in items {
                    set(item.line, LineRole::Reference, None, None);
                }
            }
        }
    }
    for d in &doc.dropped {
        set(d.line, LineRole::Dropped, None, Some(d.reason.clone()));
    }
    roles
}

/// The sidecar entries that would give line `no` each other kind.
fn fixes(no: usize, role: LineRole) -> Vec<String> {
    let current = role.sidecar_kind();
    SIDECAR_KINDS
        .iter()
        .filter(|k| Some(**k) != current)
        .map(|k| format!("[[lines]]\nline = {no}\nkind = \"{k}\""))
        .collect()
}

/// What the reader made of `input`, line by line.
pub fn reading(input: &Input, prepared: &Prepared) -> Reading {
    let doc = &prepared.document;
    let stream = crate::read::read(&input.source, &input.sidecar.reader);
    let roles = roles(doc);
    let source_name = input.source.name.as_str();
    let mut by_line: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut general = Vec::new();
    for w in &prepared.warnings {
        let about_input = w.file.as_deref().is_none_or(|f| f == source_name);
        match w.line {
            Some(line) if about_input => by_line.entry(line).or_default().push(w.message.clone()),
            _ => general.push(w.display_in(source_name).to_string()),
        }
    }
    let stats = doc.stats();
    let mut counts = BTreeMap::new();
    let mut lines = Vec::new();
    // A line the model names nowhere (the label of a turn whose text starts below it, a
    // wrapped line joined to the one above) takes the role of the line before it.
    let mut previous: Option<(LineRole, Option<usize>)> = None;
    for para in &stream.paras {
        let text = crate::zh::trim_edges(&para.text).to_string();
        let (role, speaker, detail) = if text.is_empty() {
            (LineRole::Blank, None, None)
        } else {
            match roles.get(&para.line) {
                Some((role, who, detail)) => (*role, *who, detail.clone()),
                None => match previous {
                    Some((LineRole::Turn | LineRole::Continuation, who)) => {
                        (LineRole::Continuation, who, None)
                    }
                    Some((role, who)) => (role, who, None),
                    None => (LineRole::Text, None, None),
                },
            }
        };
        if role != LineRole::Blank {
            previous = Some((role, speaker));
            *counts.entry(role.name()).or_insert(0) += 1;
        }
        lines.push(LineView {
            no: para.line,
            fixes: if role == LineRole::Blank {
                Vec::new()
            } else {
                fixes(para.line, role)
            },
            role_name: role.name(),
            speaker_name: speaker.map(|i| doc.cast[i].name.clone()),
            colour: speaker.map(|i| i % COLOURS),
            text,
            role,
            speaker,
            detail,
            warnings: by_line.remove(&para.line).unwrap_or_default(),
        });
    }
    // Warnings on lines the stream does not show (a line inside a joined paragraph).
    for (line, messages) in by_line {
        for m in messages {
            general.push(format!("line {line}: {m}"));
        }
    }
    Reading {
        source: source_name.to_string(),
        title: doc.meta.title.clone(),
        language: doc.meta.language.clone(),
        format: stream.format.name(),
        sidecar: input.sidecar_name.clone(),
        cast: doc
            .cast
            .iter()
            .enumerate()
            .map(|(index, s)| CastView {
                index,
                id: s.id.clone(),
                name: s.name.clone(),
                label: s.label.clone(),
                role: format!("{:?}", s.role).to_lowercase(),
                turns: stats.turns_of(&s.name),
                colour: index % COLOURS,
            })
            .collect(),
        lines,
        general_warnings: general,
        changes: prepared
            .changes
            .iter()
            .map(|c| ChangeView {
                line: c.line,
                rule: c.rule,
                before: c.before.clone(),
                after: c.after.clone(),
            })
            .collect(),
        counts,
    }
}

/// The reading as a standalone page; `live`: the preview's (its bar, its reload script).
pub fn page(
    reading: &Reading,
    templates_dir: Option<&std::path::Path>,
    live: Option<&super::Live>,
) -> Result<String, crate::error::Error> {
    let hb = templates::registry(templates_dir)?;
    let mut view = serde_json::json!({
        "reading": reading,
        "live": live.is_some(),
        "css": templates::file_text(templates_dir, READING_STYLESHEET.0, READING_STYLESHEET.1)?,
    });
    if let Some(live) = live {
        live.fill(&mut view, "reading");
    }
    templates::render(&hb, "preview/reading", &view)
}

pub const READING_STYLESHEET: (&str, &str) = (
    "preview/reading.css",
    include_str!("../../templates/preview/reading.css"),
);

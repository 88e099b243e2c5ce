//! `fangtan inspect` in text mode: an outline a person can check against the article.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::Prepared;
use crate::model::{Block, Document, Inline};

/// What one section (the text under a heading) holds.
#[derive(Default)]
struct Tally {
    paragraphs: usize,
    turns: Vec<(String, usize)>,
    notes: usize,
    inline_notes: usize,
    pull_quotes: usize,
    captions: usize,
    figures: usize,
}

impl Tally {
    fn add(&mut self, doc: &Document, block: &Block) {
        self.inline_notes += block
            .paragraphs()
            .iter()
            .flat_map(|p| &p.content)
            .filter(|i| matches!(i, Inline::Aside { .. }))
            .count();
        match block {
            Block::Paragraph(_) | Block::Lead(_) => self.paragraphs += 1,
            Block::Turn {
                speaker,
                continued: false,
                ..
            } => {
                let name = doc.speaker(speaker).map_or(speaker.as_str(), |s| &s.name);
                match self.turns.iter_mut().find(|(n, _)| n == name) {
                    Some((_, count)) => *count += 1,
                    None => self.turns.push((name.to_string(), 1)),
                }
            }
            Block::Note {
                continued: false, ..
            } => self.notes += 1,
            Block::PullQuote { .. } => self.pull_quotes += 1,
            Block::Caption { .. } => self.captions += 1,
            Block::Figure { .. } => self.figures += 1,
            _ => {}
        }
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if self.paragraphs > 0 {
            parts.push(plural(self.paragraphs, "paragraph", "paragraphs"));
        }
        if !self.turns.is_empty() {
            let total: usize = self.turns.iter().map(|(_, n)| n).sum();
            let each: Vec<String> = self.turns.iter().map(|(s, n)| format!("{s} {n}")).collect();
            parts.push(format!(
                "{} ({})",
                plural(total, "turn", "turns"),
                each.join(", ")
            ));
        }
        for (n, one, many) in [
            (self.notes, "note", "notes"),
            (self.inline_notes, "inline note", "inline notes"),
            (self.pull_quotes, "pull quote", "pull quotes"),
            (self.captions, "caption", "captions"),
            (self.figures, "picture", "pictures"),
        ] {
            if n > 0 {
                parts.push(plural(n, one, many));
            }
        }
        parts.join(", ")
    }
}

pub fn outline(source_name: &str, prepared: &Prepared) -> String {
    let doc = &prepared.document;
    let meta = &doc.meta;
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", meta.slug, meta.title);
    let _ = writeln!(
        out,
        "source: {source_name}   language: {}   typography: {} ({} changes)",
        meta.language,
        match prepared.typography {
            crate::sidecar::Typography::Keep => "keep",
            crate::sidecar::Typography::Normalize => "normalize",
        },
        prepared.changes.len()
    );

    let stats = doc.stats();
    let _ = writeln!(out, "\nCast");
    if doc.cast.is_empty() {
        let _ = writeln!(out, "  (none: a plain article)");
    }
    for s in &doc.cast {
        let _ = writeln!(
            out,
            "  {:<14} {:<16} {:<12} {} turns   label \"{}\"",
            s.id,
            s.name,
            format!("{:?}", s.role).to_lowercase(),
            stats.turns_of(&s.name),
            s.label
        );
    }

    let _ = writeln!(out, "\nOutline");
    let mut tally = Tally::default();
    let mut heading: Option<String> = None;
    let flush = |out: &mut String, heading: &Option<String>, tally: &mut Tally| {
        let what = tally.describe();
        match heading {
            Some(h) => {
                let _ = writeln!(
                    out,
                    "  {h}{}",
                    if what.is_empty() {
                        String::new()
                    } else {
                        format!(" — {what}")
                    }
                );
            }
            None if !what.is_empty() => {
                let _ = writeln!(out, "  (before any heading) — {what}");
            }
            None => {}
        }
        *tally = Tally::default();
    };
    for block in &doc.blocks {
        match block {
            Block::Title { text, line } => {
                let _ = writeln!(out, "  L{line:<4} title: {text}");
            }
            Block::Subtitle { text, line } => {
                let _ = writeln!(out, "  L{line:<4} subtitle: {text}");
            }
            Block::Heading {
                level,
                number,
                text,
                line,
            } => {
                flush(&mut out, &heading, &mut tally);
                let marks = "#".repeat(*level as usize);
                let number = number
                    .as_deref()
                    .map(|n| format!("{n} "))
                    .unwrap_or_default();
                heading = Some(format!("L{line:<4} {marks} {number}{text}"));
            }
            Block::References {
                title,
                title_line,
                items,
            } => {
                flush(&mut out, &heading, &mut tally);
                heading = None;
                let line = title_line.unwrap_or(items[0].line);
                let title = title
                    .as_deref()
                    .map(|t| format!(" \"{t}\""))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  L{line:<4} references{title}: {} link(s)",
                    items.len()
                );
                for item in items {
                    let _ = writeln!(out, "          {}", item.url);
                }
            }
            other => tally.add(doc, other),
        }
    }
    flush(&mut out, &heading, &mut tally);

    let _ = writeln!(out, "\nStats");
    let _ = writeln!(
        out,
        "  headings {}, lead paragraphs {}, notes {} (+{} inline), pull quotes {}, captions {}, references {}, dropped lines {}",
        stats.headings,
        stats.lead_paragraphs,
        stats.notes,
        stats.inline_notes,
        stats.pull_quotes,
        stats.captions,
        stats.references,
        stats.dropped_lines
    );
    if stats.figures > 0 {
        let shown = doc.pictures.len();
        let _ = writeln!(
            out,
            "  pictures {} ({shown} read, {} left out)",
            stats.figures,
            doc.blocks
                .iter()
                .filter(|b| matches!(b, Block::Figure { picture: None, .. }))
                .count()
        );
    }

    if !doc.dropped.is_empty() {
        let _ = writeln!(out, "\nDropped lines");
        for d in &doc.dropped {
            let _ = writeln!(out, "  L{:<4} {:<24} ({})", d.line, d.text, d.reason);
        }
    }

    let _ = writeln!(out, "\nWarnings ({})", prepared.warnings.len());
    for w in &prepared.warnings {
        let _ = writeln!(out, "  {}", w.display_in(source_name));
    }

    if !prepared.changes.is_empty() {
        let _ = writeln!(out, "\nTypography changes ({})", prepared.changes.len());
        // Grouped per line and rule: "L2  full-width punctuation ×3: 域,伴 → ，".
        let mut grouped: BTreeMap<(usize, &str), Vec<String>> = BTreeMap::new();
        for c in &prepared.changes {
            grouped
                .entry((c.line, c.rule))
                .or_default()
                .push(format!("{} → {}", c.before, c.after));
        }
        for ((line, rule), examples) in grouped {
            let shown: Vec<&str> = examples.iter().take(3).map(String::as_str).collect();
            let more = if examples.len() > 3 { " …" } else { "" };
            let _ = writeln!(
                out,
                "  L{line:<4} {rule} ×{}: {}{more}",
                examples.len(),
                shown.join("; ")
            );
        }
    }
    out
}

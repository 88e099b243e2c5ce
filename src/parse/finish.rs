//! What the reader settles once the blocks stand: metadata, the title from content, the
//! language, the cast and its roles, and which line each pull quote repeats.

use std::collections::{HashMap, HashSet};

use super::evidence::{ECHO_REACH, ECHO_SHARE, bigrams, echo_share};
use super::labels::{Labels, role_from_label};
use crate::error::Warning;
use crate::model::{Block, Document, Metadata, Paragraph, Role, Speaker};
use crate::sidecar::Sidecar;
use crate::slug::slugify;
use crate::zh;

/// Metadata from the sidecar, with what the text says as fallback.
pub(super) fn metadata(
    sidecar: &Sidecar,
    source_name: &str,
    doc: &Document,
    text: &str,
) -> Metadata {
    let stem = std::path::Path::new(source_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title_in_text = doc.blocks.iter().find_map(|b| match b {
        Block::Title { text, .. } => Some(text.clone()),
        _ => None,
    });
    let title = sidecar.title.clone().or(title_in_text).unwrap_or_else(|| {
        if stem.is_empty() {
            "Untitled".into()
        } else {
            stem.clone()
        }
    });
    let slug = sidecar
        .slug
        .as_deref()
        .map(slugify)
        .filter(|s| !s.is_empty())
        .or_else(|| Some(slugify(&stem)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "article".to_string());
    let language = sidecar
        .language
        .clone()
        .unwrap_or_else(|| guess_language(text).to_string());
    let source_url = sidecar.source_url.clone().or_else(|| {
        doc.blocks.iter().find_map(|b| match b {
            Block::References { items, .. } => items.first().map(|r| r.url.clone()),
            _ => None,
        })
    });
    Metadata {
        title,
        subtitle: sidecar.subtitle.clone().or_else(|| {
            doc.blocks.iter().find_map(|b| match b {
                Block::Subtitle { text, .. } => {
                    Some(text.trim_start_matches(['—', '－', '-', ' ']).to_string())
                }
                _ => None,
            })
        }),
        original_title: sidecar.original_title.clone(),
        language,
        slug,
        date: sidecar.date.clone(),
        source_url,
        description: sidecar.description.clone(),
        credits: sidecar.credits.clone(),
    }
}

/// A title for a text that has none: its first heading, else its cast (`Jerod Santo with
/// Rob Pike and Robert Griesemer`, `张三对话李四`).
pub(super) fn title_from_content(doc: &Document) -> Option<String> {
    let heading = doc.blocks.iter().find_map(|b| match b {
        Block::Heading { text, .. } => Some(text.clone()),
        _ => None,
    });
    if heading.is_some() {
        return heading;
    }
    let chinese = zh::normalize::is_chinese_language(&doc.meta.language);
    let mut cast: Vec<&Speaker> = doc.cast.iter().collect();
    cast.sort_by_key(|s| s.role != Role::Interviewer);
    let (first, rest) = cast.split_first()?;
    if rest.is_empty() {
        return Some(first.name.clone());
    }
    let names: Vec<&str> = rest.iter().take(4).map(|s| s.name.as_str()).collect();
    Some(if chinese {
        format!("{}对话{}", first.name, names.join("、"))
    } else {
        let others = match names.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, init)) => format!("{} and {last}", init.join(", ")),
            None => String::new(),
        };
        format!("{} with {others}", first.name)
    })
}

/// `zh-CN` when Han characters make up a tenth of the letters (`zh-TW` when characters only
/// Traditional Chinese uses outnumber their Simplified forms), else `en`.
pub(super) fn guess_language(text: &str) -> &'static str {
    // Common characters whose Simplified and Traditional forms differ.
    const SIMPLIFIED: &str = "们这说个时会来为与对后发经于实国过还没让从种样问见长开关学东车门电机";
    const TRADITIONAL: &str =
        "們這說個時會來為與對後發經於實國過還沒讓從種樣問見長開關學東車門電機";
    let (mut han, mut letters, mut simp, mut trad) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        han += zh::is_han(c) as usize;
        letters += c.is_alphabetic() as usize;
        simp += SIMPLIFIED.contains(c) as usize;
        trad += TRADITIONAL.contains(c) as usize;
    }
    if han * 10 < letters.max(1) {
        "en"
    } else if trad > simp {
        "zh-TW"
    } else {
        "zh-CN"
    }
}

/// Keeps the speakers who speak (in order of first turn) and declared ones, and fills in
/// roles the sidecar did not give.
pub(super) fn finish_cast(
    doc: &mut Document,
    labels: &Labels,
    sidecar: &Sidecar,
    warnings: &mut Vec<Warning>,
) {
    let mut order: Vec<&str> = Vec::new();
    let mut asked: HashMap<&str, (usize, usize)> = HashMap::new();
    for block in &doc.blocks {
        if let Block::Turn {
            speaker,
            paragraphs,
            continued,
            ..
        } = block
        {
            if !order.contains(&speaker.as_str()) {
                order.push(speaker);
            }
            let entry = asked.entry(speaker).or_default();
            if !continued {
                entry.1 += 1;
                let ends_in_question = paragraphs
                    .last()
                    .map(Paragraph::plain_text)
                    .is_some_and(|t| t.trim_end().ends_with(['？', '?']));
                entry.0 += ends_in_question as usize;
            }
        }
    }
    let mut cast: Vec<_> = order
        .iter()
        .filter_map(|id| labels.speakers.iter().find(|s| s.id == *id).cloned())
        .collect();
    for (entry, speaker) in sidecar.cast.iter().zip(&labels.speakers) {
        if !order.contains(&speaker.id.as_str()) {
            warnings.push(Warning::general(format!(
                "speaker \"{}\" is declared in the sidecar but never speaks in the text",
                entry.label
            )));
            cast.push(speaker.clone());
        }
    }
    let declared_role = |id: &str| {
        sidecar
            .cast
            .iter()
            .zip(&labels.speakers)
            .find(|(_, s)| s.id == id)
            .and_then(|(c, _)| c.role)
    };
    for speaker in &mut cast {
        speaker.role = declared_role(&speaker.id)
            .or_else(|| {
                std::iter::once(&speaker.label)
                    .chain(&speaker.aliases)
                    .find_map(|l| role_from_label(l))
            })
            .unwrap_or(Role::Other);
    }
    // Undeclared roles: whoever mostly asks questions interviews.
    let ratio = |id: &str| {
        asked
            .get(id)
            .map_or(0.0, |&(q, t)| q as f64 / t.max(1) as f64)
    };
    if cast.len() >= 2 {
        let undecided: Vec<usize> = (0..cast.len())
            .filter(|&i| cast[i].role == Role::Other)
            .collect();
        for &i in &undecided {
            cast[i].role = if ratio(&cast[i].id) >= 0.5 {
                Role::Interviewer
            } else {
                Role::Interviewee
            };
        }
        if !cast.iter().any(|s| s.role == Role::Interviewer)
            && let Some(i) = undecided.iter().copied().max_by(|&a, &b| {
                ratio(&cast[a].id)
                    .total_cmp(&ratio(&cast[b].id))
                    .then(b.cmp(&a))
            })
        {
            cast[i].role = Role::Interviewer;
        }
    }
    doc.cast = cast;
}

/// Bigram overlap of each pull quote with the dialogue, to find what it repeats.
pub(super) fn link_pull_quotes(doc: &mut Document, warnings: &mut Vec<Warning>) {
    /// (block index, line, bigrams) of a spoken paragraph.
    type Spoken = (usize, usize, HashSet<(char, char)>);
    let spoken: Vec<Spoken> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Turn { .. } | Block::Lead(_) | Block::Paragraph(_)))
        .flat_map(|(i, b)| b.paragraphs().iter().map(move |p| (i, p)))
        .map(|(i, p)| (i, p.line, bigrams(&p.plain_text()).into_iter().collect()))
        .collect();
    for (index, block) in doc.blocks.iter_mut().enumerate() {
        let Block::PullQuote { text, line, echoes } = block else {
            continue;
        };
        let quote = bigrams(text);
        // A pull quote repeats a line of its own article, set near it; looking only within
        // ECHO_REACH blocks keeps a book of many articles (or a huge paste) linear.
        let from = spoken.partition_point(|(i, _, _)| *i + ECHO_REACH < index);
        let to = spoken.partition_point(|(i, _, _)| *i <= index + ECHO_REACH);
        let best = spoken[from..to]
            .iter()
            .map(|(_, l, grams)| (echo_share(&quote, grams), *l))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((score, l)) if score >= ECHO_SHARE => *echoes = Some(l),
            _ => warnings.push(Warning::at(
                *line,
                "standalone quotation read as a pull quote, but it repeats nothing in the text; if it is part of a turn, override with kind = \"text\"",
            )),
        }
    }
}

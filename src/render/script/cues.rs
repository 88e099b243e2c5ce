//! From the document to numbered, timed cues: who reads what, in what voice, for how long.

use crate::locale::Strings;
use serde::Serialize;

pub use super::cast::Voice;
use super::cast::cast;
pub use super::terms::Term;
use super::terms::terms;
use super::timing::{estimate, split_sentences};
use crate::error::Warning;
use crate::model::{Block, Document, Inline, Paragraph, Role};
use crate::sidecar::ScriptConfig;

pub use super::timing::clock;
pub use crate::zh::latin_runs;

/// One line of the script: one voice reading one turn (or part of a long one), a stretch of
/// narration, or an editor's note.
#[derive(Debug, Clone, Serialize)]
pub struct Cue {
    pub id: usize,
    pub voice: String,
    /// Speaker id, or `narrator`.
    pub speaker: String,
    /// Display name, or 旁白 for narration.
    pub speaker_name: String,
    /// `interviewer`, `interviewee`, `other`, `narration` or `note`.
    pub role: String,
    pub section: String,
    pub paragraphs: Vec<String>,
    /// This continues the cue before it (a long turn split at a sentence end).
    pub continued: bool,
    /// Chinese characters and full-width letters read (Latin words counted apart).
    pub characters: usize,
    pub latin_words: usize,
    pub est_ms: u64,
    pub start_ms: u64,
}

/// The whole script before it is written out.
#[derive(Debug, Clone, Serialize)]
pub struct Script {
    pub voices: Vec<Voice>,
    pub cues: Vec<Cue>,
    pub total_ms: u64,
    pub omitted_pull_quotes: usize,
    pub omitted_captions: usize,
    /// Pictures (with their captions, not counted again in `omitted_captions`).
    pub omitted_figures: usize,
    pub omitted_references: usize,
    pub omitted_notes: usize,
    pub omitted_narration: usize,
    pub terms: Vec<Term>,
}

/// A paragraph as read: asides in brackets, as printed.
fn read_text(p: &Paragraph) -> String {
    p.content
        .iter()
        .map(|i| match i {
            Inline::Text { text } | Inline::Link { text, .. } => text.clone(),
            Inline::Aside { label, text } => format!("（{label}：{text}）"),
        })
        .collect()
}

pub fn build(
    doc: &Document,
    config: &ScriptConfig,
    strings: &Strings,
    warnings: &mut Vec<Warning>,
) -> Script {
    let voices = cast(doc, config, strings, warnings);
    let narrator = voices.iter().find(|v| v.narration).map(|v| v.id.clone());
    let voice_of = |name: &str| {
        voices
            .iter()
            .find(|v| v.speakers.iter().any(|s| s == name))
            .map(|v| v.id.clone())
    };
    let mut script = Script {
        voices: voices.clone(),
        cues: Vec::new(),
        total_ms: 0,
        omitted_pull_quotes: 0,
        omitted_captions: 0,
        omitted_figures: 0,
        omitted_references: 0,
        omitted_notes: 0,
        omitted_narration: 0,
        terms: Vec::new(),
    };
    let mut section = String::new();
    let mut turn_spoke = false;
    let push = |script: &mut Script,
                voice: String,
                speaker: String,
                speaker_name: String,
                role: &str,
                section: &str,
                continued: bool,
                paragraphs: Vec<String>| {
        for (n, mut piece) in split_sentences(&paragraphs, config).into_iter().enumerate() {
            piece.shrink_to_fit();
            let text: String = piece.concat();
            let (ms, characters, latin_words) = estimate(&text, config);
            script.cues.push(Cue {
                id: script.cues.len() + 1,
                voice: voice.clone(),
                speaker: speaker.clone(),
                speaker_name: speaker_name.clone(),
                role: role.to_string(),
                section: section.to_string(),
                paragraphs: piece,
                continued: continued || n > 0,
                characters,
                latin_words,
                est_ms: ms,
                start_ms: 0,
            });
        }
    };
    for block in &doc.blocks {
        match block {
            Block::Heading { number, text, .. } => {
                section = match number {
                    Some(n) => format!("{n} {text}"),
                    None => text.clone(),
                };
            }
            Block::Title { .. } | Block::Subtitle { .. } | Block::Break { .. } => {}
            Block::Lead(p) | Block::Paragraph(p) => match &narrator {
                Some(v) => {
                    let sec = if section.is_empty() {
                        strings.lead.clone()
                    } else {
                        section.clone()
                    };
                    push(
                        &mut script,
                        v.clone(),
                        "narrator".into(),
                        strings.narration.clone(),
                        "narration",
                        &sec,
                        false,
                        vec![read_text(p)],
                    );
                }
                None => script.omitted_narration += 1,
            },
            Block::Turn {
                speaker,
                paragraphs,
                continued,
                ..
            } => {
                let who = doc.speaker(speaker);
                let name = who.map_or_else(|| speaker.clone(), |s| s.name.clone());
                let role = match who.map(|s| s.role) {
                    Some(Role::Interviewer) => "interviewer",
                    Some(Role::Interviewee) => "interviewee",
                    _ => "other",
                };
                let voice = voice_of(&name).unwrap_or_else(|| voices[0].id.clone());
                let texts: Vec<String> = paragraphs.iter().map(read_text).collect();
                let before = script.cues.len();
                // A turn that goes on after a note continues a cue only if its start made
                // one (a label alone on its line makes none).
                let continues = *continued && turn_spoke;
                push(
                    &mut script,
                    voice,
                    speaker.clone(),
                    name,
                    role,
                    &section,
                    continues,
                    texts,
                );
                turn_spoke = continues || script.cues.len() > before;
            }
            Block::Note {
                label, paragraphs, ..
            } => match (&narrator, config.notes) {
                (Some(v), true) => {
                    let texts = paragraphs.iter().map(read_text).collect();
                    push(
                        &mut script,
                        v.clone(),
                        "narrator".into(),
                        Strings::fill(&strings.narration_note, &[("label", label)]),
                        "note",
                        &section,
                        false,
                        texts,
                    );
                }
                _ => script.omitted_notes += 1,
            },
            Block::PullQuote { text, .. } => {
                if config.pull_quotes && narrator.is_some() {
                    let v = narrator.clone().unwrap_or_default();
                    push(
                        &mut script,
                        v,
                        "narrator".into(),
                        strings.narration_quote.clone(),
                        "narration",
                        &section,
                        false,
                        vec![text.clone()],
                    );
                } else {
                    script.omitted_pull_quotes += 1;
                }
            }
            Block::Caption { .. } => script.omitted_captions += 1,
            Block::Figure { .. } => script.omitted_figures += 1,
            Block::References { items, .. } => script.omitted_references += items.len(),
        }
    }
    // A pause after each cue: longer where the voice changes.
    let mut start = 0;
    for i in 0..script.cues.len() {
        let changes = script
            .cues
            .get(i + 1)
            .is_some_and(|n| n.voice != script.cues[i].voice);
        if changes {
            script.cues[i].est_ms += config.pause_turn_ms;
        }
        script.cues[i].start_ms = start;
        start += script.cues[i].est_ms;
    }
    script.total_ms = start;
    script.cues.shrink_to_fit();
    let chinese = crate::zh::normalize::is_chinese_language(&doc.meta.language);
    script.terms = terms(&script.cues, config, chinese);
    script
}

//! What the narrators read before the cues, for the Markdown and the PDF alike: the cast
//! (voice, speakers, roles, engine voice), what is not read, and the pronunciation guide.

use serde::Serialize;

use super::cues::Script;
use crate::locale::Strings;
use crate::model::{Document, Role};

#[derive(Debug, Clone, Serialize)]
pub struct VoiceRow {
    pub id: String,
    pub name: String,
    pub tts: String,
    pub speakers: String,
    pub roles: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermRow {
    pub term: String,
    pub first_cue: usize,
    pub reading: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrontMatter {
    pub voices: Vec<VoiceRow>,
    pub omitted: Vec<String>,
    pub terms: Vec<TermRow>,
    /// The terms no lexicon reads, for the producer, as one line (empty: none).
    pub to_fill: String,
}

pub fn front_matter(doc: &Document, script: &Script, strings: &Strings) -> FrontMatter {
    let role_name = |role: Role| match role {
        Role::Interviewer => strings.script_role_interviewer.clone(),
        Role::Interviewee => strings.script_role_interviewee.clone(),
        Role::Other => strings.script_role_other.clone(),
    };
    let voices = script
        .voices
        .iter()
        .map(|v| {
            let mut who = v.speakers.clone();
            if v.narration {
                who.push(strings.narration.clone());
            }
            let roles: Vec<String> = v
                .speakers
                .iter()
                .filter_map(|name| doc.cast.iter().find(|s| &s.name == name))
                .map(|s| role_name(s.role))
                .chain(v.narration.then(|| strings.narration.clone()))
                .collect();
            VoiceRow {
                id: v.id.clone(),
                name: v.name.clone(),
                tts: v.tts().to_string(),
                speakers: strings.list(&who),
                roles: strings.list(&roles),
            }
        })
        .collect();
    let mut omitted = Vec::new();
    for (n, what) in [
        (script.omitted_pull_quotes, &strings.script_omitted_quotes),
        (script.omitted_figures, &strings.script_omitted_figures),
        (script.omitted_captions, &strings.script_omitted_captions),
        (
            script.omitted_references,
            &strings.script_omitted_references,
        ),
        (script.omitted_notes, &strings.script_omitted_notes),
        (script.omitted_narration, &strings.script_omitted_narration),
        (script.omitted_marks, &strings.script_omitted_marks),
    ] {
        if n > 0 {
            omitted.push(Strings::fill(what, &[("n", &n.to_string())]));
        }
    }
    let terms = script
        .terms
        .iter()
        .map(|t| {
            let mut reading = Vec::new();
            if let Some(alias) = &t.alias {
                reading.push(Strings::fill(&strings.script_read_as, &[("alias", alias)]));
            }
            if let Some(say) = &t.say {
                reading.push(Strings::fill(&strings.script_say, &[("say", say)]));
            }
            if t.acronym && reading.is_empty() && t.ipa.is_none() {
                reading.push(strings.script_spell_out.clone());
            }
            let mut reading = reading.join(&strings.script_reading_separator);
            if let Some(ipa) = &t.ipa {
                reading.push(' ');
                reading.push_str(ipa);
            }
            TermRow {
                term: t.term.clone(),
                first_cue: t.first_cue,
                reading,
                note: t.note.clone(),
            }
        })
        .collect();
    let unread: Vec<String> = script
        .terms
        .iter()
        .filter(|t| t.unread())
        .map(|t| t.term.clone())
        .collect();
    let to_fill = if unread.is_empty() {
        String::new()
    } else {
        Strings::fill(
            &strings.script_to_fill,
            &[("terms", &strings.list(&unread))],
        )
    };
    FrontMatter {
        voices,
        omitted,
        terms,
        to_fill,
    }
}

/// The cells of a Markdown table row: `| a | b |` → `a`, `b`.
pub fn cells(row: &str) -> Vec<String> {
    row.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

impl FrontMatter {
    /// The tables the script PDF prints before the cues.
    pub fn tables(&self, strings: &Strings) -> Vec<crate::typeset::script::Table> {
        use crate::typeset::script::Table;
        vec![
            Table {
                heading: strings.script_voices_heading.clone(),
                intro: None,
                columns: cells(&strings.script_voice_columns),
                widths: vec![1.1, 1.3, 0.8, 2.0],
                rows: self
                    .voices
                    .iter()
                    .map(|v| {
                        vec![
                            format!("{} · {}", v.id, v.name),
                            v.speakers.clone(),
                            v.roles.clone(),
                            v.tts.clone(),
                        ]
                    })
                    .collect(),
            },
            Table {
                heading: strings.script_not_read.clone(),
                intro: None,
                columns: Vec::new(),
                widths: vec![1.0],
                rows: if self.omitted.is_empty() {
                    vec![vec![strings.script_nothing.clone()]]
                } else {
                    self.omitted.iter().map(|o| vec![o.clone()]).collect()
                },
            },
            Table {
                heading: strings.script_pronunciation.clone(),
                intro: (!self.to_fill.is_empty()).then(|| self.to_fill.clone()),
                columns: cells(&strings.script_term_columns),
                widths: vec![1.3, 0.6, 2.1, 1.3],
                rows: self
                    .terms
                    .iter()
                    .map(|t| {
                        vec![
                            t.term.clone(),
                            format!("[{:03}]", t.first_cue),
                            t.reading.clone(),
                            t.note.clone().unwrap_or_default(),
                        ]
                    })
                    .collect(),
            },
        ]
    }
}

//! The two-voice read-aloud script: `<slug>.script.md` for the narrators, `<slug>.ssml`
//! (W3C SSML 1.1) for speech engines, `<slug>.cues.jsonl` and `.cues.csv` for per-cue engines
//! and editing timelines. Text outputs come from templates in `templates/script/`.

pub mod cues;

use serde::Serialize;

use super::templates;
use super::{Artifact, Backend, Format, RenderOptions, Rendered};
use crate::error::Error;
use crate::model::Document;
use crate::sidecar::ScriptConfig;
use crate::zh::latin_runs;
use cues::{Script, clock};

pub struct ScriptBackend;

fn script_error(message: impl std::fmt::Display) -> Error {
    Error::Render {
        backend: "script",
        message: message.to_string(),
    }
}

impl Backend for ScriptBackend {
    fn format(&self) -> Format {
        Format::Script
    }

    fn render(&self, doc: &Document, options: &RenderOptions) -> Result<Rendered, Error> {
        let mut warnings = Vec::new();
        let script = cues::build(doc, &options.script, &mut warnings);
        let hb = templates::registry(options.templates.as_deref())?;
        let slug = &doc.meta.slug;
        let artifacts = vec![
            Artifact {
                file_name: format!("{slug}.script.md"),
                bytes: templates::render(
                    &hb,
                    "script/md",
                    &markdown_view(doc, &script, &options.script),
                )?
                .into_bytes(),
            },
            Artifact {
                file_name: format!("{slug}.ssml"),
                bytes: templates::render(
                    &hb,
                    "script/ssml",
                    &ssml_view(doc, &script, &options.script),
                )?
                .into_bytes(),
            },
            Artifact {
                file_name: format!("{slug}.cues.jsonl"),
                bytes: jsonl(&script)?,
            },
            Artifact {
                file_name: format!("{slug}.cues.csv"),
                bytes: csv(&script)?,
            },
            Artifact {
                file_name: format!("{slug}.script.pdf"),
                bytes: script_pdf(doc, &script, options)?,
            },
        ];
        Ok(Rendered {
            artifacts,
            warnings,
        })
    }
}

/// The narrators' script typeset as a printable PDF through the PDF backend.
fn script_pdf(doc: &Document, script: &Script, options: &RenderOptions) -> Result<Vec<u8>, Error> {
    use crate::typeset::script::{CueText, ScriptItem, ScriptText, set_script};
    let mut items = Vec::new();
    let mut section = None;
    for cue in &script.cues {
        if section.as_ref() != Some(&cue.section) {
            section = Some(cue.section.clone());
            if !cue.section.is_empty() {
                items.push(ScriptItem::Section(cue.section.clone()));
            }
        }
        let tone = script
            .voices
            .iter()
            .position(|v| v.id == cue.voice)
            .unwrap_or(0);
        let continued = if cue.continued { "（续）" } else { "" };
        items.push(ScriptItem::Cue(CueText {
            number: format!("{:03}", cue.id),
            label: format!("{} · {}{continued}", cue.voice, cue.speaker_name),
            start: clock(cue.start_ms),
            duration: clock(cue.est_ms),
            paragraphs: cue.paragraphs.clone(),
            tone,
        }));
    }
    let mut header = vec![format!(
        "双人朗读稿 · 预计总时长 {} · {} 条",
        clock(script.total_ms),
        script.cues.len()
    )];
    for v in &script.voices {
        let mut who = v.speakers.clone();
        if v.narration {
            who.push("旁白".into());
        }
        header.push(format!("声部 {}（{}）：{}", v.id, v.tts, who.join("、")));
    }
    let text = ScriptText {
        title: doc.meta.title.clone(),
        header,
        items,
    };
    let (bytes, _) = crate::render::pdf::render_with(
        doc,
        options,
        "script",
        crate::render::pdf::Packing::Quick,
        |fonts| set_script(&text, fonts),
    )?;
    Ok(bytes)
}

/// One cue as the machine-readable outputs give it.
#[derive(Serialize)]
struct CueRecord<'a> {
    id: String,
    voice: &'a str,
    speaker: &'a str,
    role: &'a str,
    section: &'a str,
    text: String,
    characters: usize,
    est_ms: u64,
    start_ms: u64,
}

fn records(script: &Script) -> impl Iterator<Item = CueRecord<'_>> {
    script.cues.iter().map(|c| CueRecord {
        id: format!("{:03}", c.id),
        voice: &c.voice,
        speaker: &c.speaker_name,
        role: &c.role,
        section: &c.section,
        text: c.paragraphs.join("\n"),
        characters: c.characters,
        est_ms: c.est_ms,
        start_ms: c.start_ms,
    })
}

fn jsonl(script: &Script) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    for record in records(script) {
        serde_json::to_writer(&mut out, &record).map_err(script_error)?;
        out.push(b'\n');
    }
    Ok(out)
}

fn csv(script: &Script) -> Result<Vec<u8>, Error> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    for record in records(script) {
        writer.serialize(record).map_err(script_error)?;
    }
    writer.into_inner().map_err(script_error)
}

fn markdown_view(doc: &Document, script: &Script, config: &ScriptConfig) -> serde_json::Value {
    let mut sections: Vec<(String, Vec<serde_json::Value>)> = Vec::new();
    for cue in &script.cues {
        let title = if cue.section.is_empty() {
            "开场".to_string()
        } else {
            cue.section.clone()
        };
        if sections.last().is_none_or(|(t, _)| *t != title) {
            sections.push((title, Vec::new()));
        }
        let narration = matches!(cue.role.as_str(), "narration" | "note");
        sections
            .last_mut()
            .expect("pushed")
            .1
            .push(serde_json::json!({
                "number": format!("{:03}", cue.id),
                "voice": cue.voice,
                "speaker": cue.speaker_name,
                "continued": cue.continued,
                "narration": narration,
                "start": clock(cue.start_ms),
                "duration": clock(cue.est_ms),
                "paragraphs": cue.paragraphs,
            }));
    }
    let voices: Vec<serde_json::Value> = script
        .voices
        .iter()
        .map(|v| {
            let mut who = v.speakers.clone();
            if v.narration {
                who.push("旁白".into());
            }
            let roles: Vec<String> = v
                .speakers
                .iter()
                .filter_map(|name| doc.cast.iter().find(|s| &s.name == name))
                .map(|s| match s.role {
                    crate::model::Role::Interviewer => "采访者".to_string(),
                    crate::model::Role::Interviewee => "受访者".to_string(),
                    crate::model::Role::Other => "其他".to_string(),
                })
                .chain(v.narration.then(|| "旁白".to_string()))
                .collect();
            serde_json::json!({
                "id": v.id, "name": v.name, "tts": v.tts,
                "speakers": who.join("、"), "roles": roles.join("、"),
            })
        })
        .collect();
    let mut omitted = Vec::new();
    for (n, what) in [
        (script.omitted_pull_quotes, "条引语（重复正文）"),
        (script.omitted_captions, "条图片说明"),
        (script.omitted_references, "条参考链接"),
        (script.omitted_notes, "条编者注"),
        (script.omitted_narration, "段旁白"),
    ] {
        if n > 0 {
            omitted.push(format!("{n} {what}"));
        }
    }
    serde_json::json!({
        "title": doc.meta.title,
        "subtitle": doc.meta.subtitle,
        "total": clock(script.total_ms),
        "cue_count": script.cues.len(),
        "cpm": format!("{}", config.chars_per_minute),
        "wpm": format!("{}", config.latin_words_per_minute),
        "comma_ms": config.pause_comma_ms,
        "sentence_ms": config.pause_sentence_ms,
        "turn_ms": config.pause_turn_ms,
        "voices": voices,
        "omitted": omitted,
        "terms": script.terms,
        "sections": sections.into_iter().map(|(title, cues)| serde_json::json!({"title": title, "cues": cues})).collect::<Vec<_>>(),
    })
}

/// A sentence as SSML pieces: plain text, Latin runs in `<lang>`, lexicon terms as `<sub>`.
fn sentence_pieces(sentence: &str, config: &ScriptConfig) -> Vec<serde_json::Value> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for (a, b) in latin_runs(sentence) {
        let run = sentence[a..b].trim_end();
        let b = a + run.len();
        if a > at {
            pieces.push(serde_json::json!({ "text": &sentence[at..a] }));
        }
        match config
            .lexicon
            .iter()
            .find(|e| e.term == run && e.alias.is_some())
        {
            Some(entry) => pieces.push(serde_json::json!({ "text": run, "alias": entry.alias })),
            None => pieces.push(serde_json::json!({ "text": run, "lang": "en-US" })),
        }
        at = b;
    }
    if at < sentence.len() {
        pieces.push(serde_json::json!({ "text": &sentence[at..] }));
    }
    pieces
}

fn ssml_view(doc: &Document, script: &Script, config: &ScriptConfig) -> serde_json::Value {
    let tts = |voice: &str| {
        script
            .voices
            .iter()
            .find(|v| v.id == voice)
            .map_or("", |v| v.tts.as_str())
            .to_string()
    };
    let cues: Vec<serde_json::Value> = script
        .cues
        .iter()
        .enumerate()
        .map(|(i, cue)| {
            let section_break = i > 0 && script.cues[i - 1].section != cue.section;
            let paragraphs: Vec<Vec<Vec<serde_json::Value>>> = cue
                .paragraphs
                .iter()
                .map(|p| {
                    crate::zh::sentences(p)
                        .iter()
                        .map(|s| sentence_pieces(s, config))
                        .collect()
                })
                .collect();
            serde_json::json!({
                "tts": tts(&cue.voice),
                "section_break": section_break,
                "paragraphs": paragraphs,
                "pause_ms": config.pause_turn_ms,
            })
        })
        .collect();
    serde_json::json!({
        "lang": doc.meta.language,
        "cues": cues,
        "section_break_ms": config.pause_sentence_ms * 2 + config.pause_turn_ms,
    })
}

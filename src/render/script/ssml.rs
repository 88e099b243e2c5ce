//! The SSML for speech engines.

use super::cues::Script;
use super::templates;
use crate::error::Error;
use crate::model::Document;
use crate::sidecar::ScriptConfig;
use crate::zh::latin_runs;

/// A sentence as SSML pieces: plain text, Latin runs in `<lang>`, lexicon terms as `<sub>`.
fn sentence_pieces(
    sentence: &str,
    aliases: &crate::sidecar::LexiconIndex<'_>,
    chinese: bool,
) -> Vec<serde_json::Value> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for (a, b) in latin_runs(sentence) {
        let run = sentence[a..b].trim_end();
        let b = a + run.len();
        if a > at {
            pieces.push(serde_json::json!({ "text": &sentence[at..a] }));
        }
        match aliases.get(run) {
            Some(entry) => pieces.push(serde_json::json!({ "text": run, "alias": entry.alias })),
            // In a Chinese text a Latin run is English; in an English one it is the text.
            None if chinese => pieces.push(serde_json::json!({ "text": run, "lang": "en-US" })),
            None => pieces.push(serde_json::json!({ "text": run })),
        }
        at = b;
    }
    if at < sentence.len() {
        pieces.push(serde_json::json!({ "text": &sentence[at..] }));
    }
    pieces
}

/// The SSML, one cue at a time (`{{#each_cue}}`).
pub(super) fn ssml(
    hb: &templates::Templates,
    doc: &Document,
    script: &Script,
    config: &ScriptConfig,
) -> Result<Vec<u8>, Error> {
    let frame = serde_json::json!({
        "lang": doc.meta.language,
        "section_break_ms": config.pause_sentence_ms * 2 + config.pause_turn_ms,
    });
    let chinese = crate::zh::normalize::is_chinese_language(&doc.meta.language);
    let aliases = config.lexicon_where(|e| e.alias.is_some());
    let cue = |i: usize| Ok(ssml_cue(script, i, config, &aliases, chinese));
    let text = templates::render_each(
        hb,
        "script/ssml",
        &frame,
        "each_cue",
        script.cues.len(),
        cue,
    )?;
    Ok(text.into_bytes())
}

/// Cue `i` as the SSML template sees it.
fn ssml_cue(
    script: &Script,
    i: usize,
    config: &ScriptConfig,
    aliases: &crate::sidecar::LexiconIndex<'_>,
    chinese: bool,
) -> serde_json::Value {
    let cue = &script.cues[i];
    let tts = script
        .voices
        .iter()
        .find(|v| v.id == cue.voice)
        .map_or("", |v| v.tts.as_str());
    let section_break = i > 0 && script.cues[i - 1].section != cue.section;
    use serde_json::Value;
    let paragraphs: Value = cue
        .paragraphs
        .iter()
        .map(|p| {
            crate::zh::sentences(p)
                .iter()
                .map(|s| Value::Array(sentence_pieces(s, aliases, chinese)))
                .collect::<Value>()
        })
        .collect();
    let mut view = serde_json::json!({
        "tts": tts,
        "section_break": section_break,
        "pause_ms": config.pause_turn_ms,
    });
    // Moved in: `json!` would copy it, and a cue with many Latin runs has many pieces.
    view["paragraphs"] = paragraphs;
    view
}

//! The read-aloud script, a voice per speaker: `<slug>.script.md` for the narrators, `<slug>.ssml`
//! (W3C SSML 1.1) for speech engines, `<slug>.cues.jsonl` and `.cues.csv` for per-cue engines
//! and editing timelines. Text outputs come from templates in `templates/script/`.

pub mod cast;
pub mod cues;
pub mod engine;
mod front;
mod language;
mod lexicon;
mod marks;
pub mod ssml;
mod terms;
mod timing;

use serde::Serialize;

use super::templates;
use super::{Artifact, Backend, Format, RenderOptions, Sink};
use crate::error::{Error, Warning};
use crate::locale::Strings;
use crate::model::Document;
use crate::sidecar::ScriptConfig;
use cues::{Script, clock};
use engine::Engine;

pub struct ScriptBackend;

fn script_error(message: impl std::fmt::Display) -> Error {
    Error::render("script", message)
}

impl Backend for ScriptBackend {
    fn format(&self) -> Format {
        Format::Script
    }

    fn render_into(
        &self,
        doc: &Document,
        options: &RenderOptions,
        out: &mut Sink<'_>,
    ) -> Result<Vec<Warning>, Error> {
        let warnings = Vec::new();
        let strings = options.strings(doc)?;
        let script = cues::build(doc, &options.script, &strings);
        let hb = templates::registry(options.templates.as_deref())?;
        let slug = &doc.meta.slug;
        // One file at a time: each one's view and bytes are dropped before the next is made.
        let markdown = templates::render_each(
            &hb,
            "script/md",
            &markdown_view(doc, &script, &options.script, &strings),
            "each_cue",
            script.cues.len(),
            |i| Ok(markdown_cue(&script, i, &strings)),
        )?;
        out(Artifact {
            file_name: format!("{slug}.script.md"),
            bytes: markdown.into_bytes(),
        })?;
        let context =
            ssml::Context::new(&options.script, cast::speech_language(&doc.meta.language));
        for engine in profiles(&options.script) {
            for (file_name, bytes) in ssml::files(&script, engine, &context, slug)? {
                out(Artifact { file_name, bytes })?;
            }
        }
        out(Artifact {
            file_name: format!("{slug}.cues.jsonl"),
            bytes: jsonl(&script, cue_engine(&options.script), &context)?,
        })?;
        out(Artifact {
            file_name: format!("{slug}.cues.csv"),
            bytes: csv(&script)?,
        })?;
        out(Artifact {
            file_name: format!("{slug}.script.pdf"),
            bytes: script_pdf(doc, &script, options, &strings)?,
        })?;
        Ok(warnings)
    }
}

/// The SSML profiles to write: the generic one always, then those asked for.
fn profiles(config: &ScriptConfig) -> Vec<Engine> {
    let mut profiles = vec![Engine::Generic];
    for &engine in &config.ssml {
        if !profiles.contains(&engine) {
            profiles.push(engine);
        }
    }
    profiles
}

/// The engine whose SSML each cue of the JSONL carries: the first profile asked for.
fn cue_engine(config: &ScriptConfig) -> Engine {
    config.ssml.first().copied().unwrap_or_default()
}

/// The narrators' script typeset as a printable PDF through the PDF backend.
fn script_pdf(
    doc: &Document,
    script: &Script,
    options: &RenderOptions,
    strings: &Strings,
) -> Result<Vec<u8>, Error> {
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
        let continued = if cue.continued {
            strings.continued.as_str()
        } else {
            ""
        };
        items.push(ScriptItem::Cue(CueText {
            number: cue.number(),
            label: format!("{} · {}{continued}", cue.voice, cue.speaker_name),
            start: clock(cue.start_ms),
            duration: clock(cue.est_ms),
            paragraphs: &cue.paragraphs,
            tone,
        }));
    }
    let header = vec![Strings::fill(
        &strings.script_pdf_summary,
        &[
            ("total", &clock(script.total_ms)),
            ("cue_count", &script.cues.len().to_string()),
        ],
    )];
    let text = ScriptText {
        title: doc.meta.title.clone(),
        header,
        tables: front::front_matter(doc, script, strings).tables(strings),
        items,
        paper: options.paper.size(),
        latin: !crate::zh::normalize::is_chinese_language(&doc.meta.language),
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
    /// The voice's name in the engine of `ssml`.
    #[serde(skip_serializing_if = "Option::is_none")]
    tts: Option<&'a str>,
    speaker: &'a str,
    role: &'static str,
    section: &'a str,
    text: String,
    characters: usize,
    est_ms: u64,
    pause_ms: u64,
    start_ms: u64,
    /// The cue as a whole SSML document for one engine, to drive it cue by cue.
    #[serde(skip_serializing_if = "Option::is_none")]
    ssml: Option<String>,
}

fn records(script: &Script) -> impl Iterator<Item = CueRecord<'_>> {
    script.cues.iter().map(|c| CueRecord {
        id: c.number(),
        voice: &c.voice,
        tts: None,
        speaker: &c.speaker_name,
        role: c.role.name(),
        section: &c.section,
        text: c.paragraphs.join("\n"),
        characters: c.characters,
        est_ms: c.est_ms,
        pause_ms: c.pause_ms,
        start_ms: c.start_ms,
        ssml: None,
    })
}

fn jsonl(script: &Script, engine: Engine, context: &ssml::Context<'_>) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    for (mut record, cue) in records(script).zip(&script.cues) {
        if let Some(voice) = script.voice(&cue.voice) {
            record.tts = Some(voice.name_for(engine));
            record.ssml = Some(ssml::cue_document(cue, voice, engine, context));
        }
        serde_json::to_writer(&mut out, &record).map_err(script_error)?;
        out.push(b'\n');
    }
    Ok(out)
}

/// The cues as CSV, with a UTF-8 byte-order mark: without it Excel on Windows reads the file
/// in the system's legacy code page and garbles the Chinese.
fn csv(script: &Script) -> Result<Vec<u8>, Error> {
    let mut writer = ::csv::Writer::from_writer("\u{FEFF}".as_bytes().to_vec());
    for record in records(script) {
        writer.serialize(record).map_err(script_error)?;
    }
    writer.into_inner().map_err(script_error)
}

fn markdown_view(
    doc: &Document,
    script: &Script,
    config: &ScriptConfig,
    strings: &Strings,
) -> serde_json::Value {
    let front::FrontMatter {
        voices,
        omitted,
        terms,
        to_fill,
    } = front::front_matter(doc, script, strings);
    let summary = Strings::fill(
        &strings.script_summary,
        &[
            ("total", &clock(script.total_ms)),
            ("cpm", &format!("{}", config.chars_per_minute)),
            ("wpm", &format!("{}", config.latin_words_per_minute)),
            ("comma_ms", &config.pause_comma_ms.to_string()),
            ("sentence_ms", &config.pause_sentence_ms.to_string()),
            ("turn_ms", &config.pause_turn_ms.to_string()),
            ("section_ms", &config.pause_section_ms.to_string()),
            ("cue_count", &script.cues.len().to_string()),
        ],
    );
    serde_json::json!({
        "title": doc.meta.title,
        "subtitle": doc.meta.subtitle,
        "summary": summary,
        "strings": strings,
        "voices": voices,
        "omitted": omitted,
        "terms": terms,
        "to_fill": to_fill,
    })
}

/// Cue `i` as the Markdown template sees it; `section` is the title of the section it opens,
/// if it is the first of one.
fn markdown_cue(script: &Script, i: usize, strings: &Strings) -> serde_json::Value {
    let title = |cue: &cues::Cue| {
        if cue.section.is_empty() {
            strings.opening.clone()
        } else {
            cue.section.clone()
        }
    };
    let cue = &script.cues[i];
    let opens = i == 0 || title(&script.cues[i - 1]) != title(cue);
    let narration = cue.role.is_narration();
    serde_json::json!({
        "section": opens.then(|| title(cue)),
        "number": cue.number(),
        "voice": cue.voice,
        "speaker": cue.speaker_name,
        "continued": cue.continued,
        "narration": narration,
        "start": clock(cue.start_ms),
        "duration": clock(cue.est_ms),
        "paragraphs": cue.paragraphs,
    })
}

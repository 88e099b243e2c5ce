//! The table-read episode: every cue of the script spoken by a speech engine (espeak-ng, or
//! the sidecar's `tts.command`) or taken from the narrators' recordings, laid end to end with
//! the script's pauses, brought to −16 LUFS, encoded (MP3 with ID3 chapters, or Ogg Opus),
//! with a WebVTT transcript and Podcasting 2.0 chapters.

pub mod episode;
mod takes;
mod transcript;

use rayon::prelude::*;

use super::script::cast::{Voice, speech_language};
use super::script::cues::{self, Cue, Script};
use super::script::engine::Engine;
use super::script::ssml::{self, Context};
use super::{Artifact, Backend, Format, RenderOptions, Sink};
use crate::audio::chapters::{self, Tags};
use crate::audio::encode::{self, Codec};
use crate::audio::loudness;
use crate::audio::speech::{SpeechEngine, Utterance};
use crate::error::{Error, Warning};
use crate::model::Document;
use episode::{Clip, Episode};
pub use takes::Recordings;

/// How the episode is made: the engine, the recordings, the sidecar's `[audio]`.
#[derive(Debug, Clone, Default)]
pub struct AudioOptions {
    pub config: crate::sidecar::AudioConfig,
    /// Speaks the cues (and the takes the recordings lack); `None`: recordings only.
    pub engine: Option<SpeechEngine>,
    pub recordings: Option<Recordings>,
}

pub struct AudioBackend;

fn audio_error(message: impl std::fmt::Display) -> Error {
    Error::render("audio", message)
}

impl Backend for AudioBackend {
    fn format(&self) -> Format {
        Format::Audio
    }

    fn render_into(
        &self,
        doc: &Document,
        options: &RenderOptions,
        out: &mut Sink<'_>,
    ) -> Result<Vec<Warning>, Error> {
        let audio = &options.audio;
        let codec = audio.config.format;
        encode::check(codec).map_err(audio_error)?;
        if audio.recordings.is_none() {
            let engine = audio
                .engine
                .as_ref()
                .ok_or_else(|| audio_error("no speech engine and no recordings"))?;
            engine.check().map_err(audio_error)?;
        }
        let strings = options.strings(doc)?;
        let mut script = cues::build(doc, &options.script, &strings);
        let (clips, warnings) = clips(doc, &script, options)?;
        let mut episode =
            episode::assemble(&mut script, &options.script, clips).map_err(audio_error)?;
        loudness::normalise(
            &mut episode.pcm,
            audio.config.loudness_lufs,
            audio.config.peak_dbtp,
        )
        .map_err(audio_error)?;
        let slug = &doc.meta.slug;
        let tags = tags(doc, &script);
        let file_name = format!("{slug}.episode.{}", codec.extension());
        for chapter in &mut episode.chapters {
            if chapter.title.is_empty() {
                chapter.title = doc.meta.title.clone();
            }
        }
        out(Artifact {
            file_name: format!("{slug}.episode.vtt"),
            bytes: transcript::webvtt(&script, &episode, &doc.meta.title),
        })?;
        out(Artifact {
            file_name: format!("{slug}.chapters.json"),
            bytes: chapters::podcast_json(&tags, &file_name, &episode.chapters),
        })?;
        let bytes = encoded(&episode, codec, audio.config.bitrate_kbps, &tags)?;
        // The book carries MP3, which every reading system with Media Overlays plays (and
        // epubcheck takes as a core media type): an Opus or WAV episode is encoded again.
        let book_audio = match codec {
            Codec::Mp3 => None,
            _ => Some(encoded(
                &episode,
                Codec::Mp3,
                audio.config.bitrate_kbps,
                &tags,
            )?),
        };
        out(Artifact {
            file_name: format!("{slug}.read-along.epub"),
            bytes: read_along(
                doc,
                options,
                &script,
                &episode,
                book_audio.as_deref().unwrap_or(&bytes),
            )?,
        })?;
        drop(book_audio);
        out(Artifact { file_name, bytes })?;
        Ok(warnings)
    }
}

/// The e-book with the episode inside, each paragraph read with its clip: a synthesised
/// cue's paragraph by its own clip, a recorded cue by its take from its first paragraph.
fn read_along(
    doc: &Document,
    options: &RenderOptions,
    script: &Script,
    episode: &Episode,
    audio: &[u8],
) -> Result<Vec<u8>, Error> {
    let clips = episode
        .spans
        .iter()
        .filter_map(|span| {
            let cue = &script.cues[span.cue];
            let &(block, paragraph) = cue.sources.get(span.paragraph.unwrap_or(0))?;
            Some((
                crate::render::epub::paragraph_id(block, paragraph),
                episode.ms(span.start),
                episode.ms(span.end),
            ))
        })
        .collect();
    let overlay = crate::render::epub::overlay::Overlay {
        audio,
        extension: Codec::Mp3.extension(),
        media_type: Codec::Mp3.media_type(),
        clips,
        narrators: Vec::new(),
    };
    crate::render::epub::render_read_along(doc, options, &overlay)
}

/// The episode's title, speakers and language for its tag.
fn tags(doc: &Document, script: &Script) -> Tags {
    let speakers: Vec<&str> = doc.cast.iter().map(|s| s.name.as_str()).collect();
    Tags {
        title: doc.meta.title.clone(),
        artist: speakers.join(" · "),
        album: doc.meta.subtitle.clone().unwrap_or_default(),
        year: doc
            .meta
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok()),
        language: speech_language(&doc.meta.language).to_string(),
        comment: format!(
            "fangtan table read: {} cues, {} voices",
            script.cues.len(),
            script.voices.len()
        ),
    }
}

fn encoded(episode: &Episode, codec: Codec, kbps: u32, tags: &Tags) -> Result<Vec<u8>, Error> {
    match codec {
        Codec::Mp3 => {
            let mut bytes = chapters::id3_tag(tags, &episode.chapters).map_err(audio_error)?;
            bytes.extend(encode::encode(&episode.pcm, codec, kbps, &[]).map_err(audio_error)?);
            Ok(bytes)
        }
        Codec::Opus => {
            let comments = chapters::opus_comments(tags, &episode.chapters);
            encode::encode(&episode.pcm, codec, kbps, &comments).map_err(audio_error)
        }
        Codec::Wav => encode::encode(&episode.pcm, codec, kbps, &[]).map_err(audio_error),
    }
}

/// Every cue's speech: its recording where there is one, else each paragraph synthesised.
fn clips(
    doc: &Document,
    script: &Script,
    options: &RenderOptions,
) -> Result<(Vec<Clip>, Vec<Warning>), Error> {
    let audio = &options.audio;
    let mut warnings = Vec::new();
    let mut clips = Vec::new();
    let mut to_speak: Vec<usize> = (0..script.cues.len()).collect();
    if let Some(recordings) = &audio.recordings {
        let matched = recordings.match_cues(script)?;
        warnings.extend(matched.warnings(&recordings.folder, audio.engine.is_some()));
        to_speak = matched.missing.clone();
        clips.extend(matched.clips.into_iter().map(|(cue, pcm)| Clip {
            cue,
            paragraph: None,
            pcm,
        }));
        if audio.engine.is_none() {
            // No engine for the missing takes: their estimated length of silence holds the
            // timeline.
            for &cue in &to_speak {
                clips.push(Clip {
                    cue,
                    paragraph: None,
                    pcm: crate::audio::Pcm::silence(22_050, script.cues[cue].est_ms),
                });
            }
            to_speak.clear();
        }
    }
    if let Some(engine) = &audio.engine {
        let language = speech_language(&doc.meta.language);
        let context = Context::new(&options.script, language);
        let defaults = crate::sidecar::ScriptConfig::default();
        let pace = if language.starts_with("zh") {
            options.script.chars_per_minute / defaults.chars_per_minute
        } else {
            options.script.latin_words_per_minute / defaults.latin_words_per_minute
        };
        let work: Vec<(usize, usize)> = to_speak
            .iter()
            .flat_map(|&c| (0..script.cues[c].paragraphs.len()).map(move |p| (c, p)))
            .collect();
        let spoken: Vec<Clip> = work
            .par_iter()
            .map(|&(c, p)| {
                let cue = &script.cues[c];
                let voice = script
                    .voice(&cue.voice)
                    .ok_or_else(|| audio_error(format!("cue {} has no voice", cue.number())))?;
                speak(engine, cue, p, voice, &context, pace)
                    .map(|pcm| Clip {
                        cue: c,
                        paragraph: Some(p),
                        pcm,
                    })
                    .map_err(|e| audio_error(format!("cue {}: {e}", cue.number())))
            })
            .collect::<Result<_, Error>>()?;
        clips.extend(spoken);
    }
    Ok((clips, warnings))
}

fn speak(
    engine: &SpeechEngine,
    cue: &Cue,
    paragraph: usize,
    voice: &Voice,
    context: &Context<'_>,
    pace: f64,
) -> Result<crate::audio::Pcm, String> {
    let profile = match engine {
        SpeechEngine::Espeak => Engine::Espeak,
        SpeechEngine::Command { .. } => Engine::Generic,
    };
    let ssml = ssml::paragraph_document(cue, paragraph, voice, profile, context);
    let text = ssml::spoken_text(&cue.paragraphs[paragraph], context);
    engine.speak(&Utterance {
        text: &text,
        ssml: &ssml,
        voice: voice.name_for(profile),
        language: &voice.language,
        pace,
    })
}

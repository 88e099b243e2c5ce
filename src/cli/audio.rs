//! The episode's options from the command line and the sidecar: which engine speaks, which
//! recordings are read, and whether a default build makes audio at all.

use std::path::Path;
use std::sync::Arc;

use crate::Input;
use crate::audio::speech::SpeechEngine;
use crate::error::Error;
use crate::render::audio::{AudioOptions, Recordings};

/// The engine the sidecar names (`[tts] command`), else espeak-ng.
pub fn engine(input: &Input) -> SpeechEngine {
    match &input.sidecar.tts.command {
        Some(template) => SpeechEngine::Command {
            template: template.clone(),
            ssml: input.sidecar.tts.ssml,
        },
        None => SpeechEngine::Espeak,
    }
}

/// Every file of the recordings folder `dir` (not its subfolders nor hidden files), sorted
/// by name; the audio backend decides which is whose take.
pub fn read_recordings(dir: &Path) -> Result<Recordings, Error> {
    let name = dir.display().to_string();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::input(&name, format!("cannot read the recordings folder: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::input(&name, e.to_string()))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if file_name.starts_with('.') || !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::input(path.display().to_string(), format!("cannot read: {e}")))?;
        files.push((file_name, bytes));
    }
    files.sort();
    Ok(Recordings {
        folder: name,
        files: Arc::new(files),
    })
}

/// The episode's options: the sidecar's `[audio]`, its engine when that can run (else
/// `None` and why not), the recordings when given.
pub fn options(input: &Input, recordings: Option<&Recordings>) -> (AudioOptions, Option<String>) {
    let engine = engine(input);
    let (engine, why_not) = match engine
        .check()
        .and_then(|()| crate::audio::encode::check(input.sidecar.audio.format))
    {
        Ok(()) => (Some(engine), None),
        Err(why) => (None, Some(why)),
    };
    (
        AudioOptions {
            config: input.sidecar.audio.clone(),
            engine,
            recordings: recordings.cloned(),
        },
        why_not,
    )
}

//! The narrators' recordings: takes named by cue id (`001.wav`, `002.flac`, `cue-003.wav`)
//! in a folder, matched to the script's cues. The CLI reads the folder; this decides which
//! take is which cue and what is missing or left over.

use std::sync::Arc;

use crate::audio::Pcm;
use crate::error::{Error, Warning};
use crate::render::script::cues::Script;

/// The files of a recordings folder, as read.
#[derive(Debug, Clone, Default)]
pub struct Recordings {
    /// How messages name the folder.
    pub folder: String,
    /// File names and their bytes.
    pub files: Arc<Vec<(String, Vec<u8>)>>,
}

/// The takes matched to cues.
pub struct Matched {
    /// Cue index and its take.
    pub clips: Vec<(usize, Pcm)>,
    /// Cues without a take, by index.
    pub missing: Vec<usize>,
    /// Files that are no cue's take.
    pub extra: Vec<String>,
    numbers: Vec<String>,
}

/// The cue number a take's name gives: `001.wav`, `cue-001.flac`, `1.wav` → 1.
fn cue_number(file_name: &str) -> Option<(usize, &str)> {
    let (stem, extension) = file_name.rsplit_once('.')?;
    let digits = stem.strip_prefix("cue-").unwrap_or(stem);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, extension))
}

impl Recordings {
    pub fn match_cues(&self, script: &Script) -> Result<Matched, Error> {
        let mut clips = Vec::new();
        let mut extra = Vec::new();
        let mut taken = vec![false; script.cues.len()];
        for (name, bytes) in self.files.iter() {
            let Some((number, extension)) = cue_number(name) else {
                extra.push(name.clone());
                continue;
            };
            let Some(index) = script.cues.iter().position(|c| c.id == number) else {
                extra.push(name.clone());
                continue;
            };
            let pcm = match extension.to_ascii_lowercase().as_str() {
                "wav" | "wave" => Pcm::from_wav(bytes),
                "flac" => Pcm::from_flac(bytes),
                _ => Err("fangtan reads takes as WAV or FLAC".to_string()),
            }
            .map_err(|e| Error::input(format!("{}/{name}", self.folder), e))?;
            if std::mem::replace(&mut taken[index], true) {
                return Err(Error::input(
                    format!("{}/{name}", self.folder),
                    format!("a second take of cue {:03}", number),
                ));
            }
            clips.push((index, pcm));
        }
        let missing: Vec<usize> = (0..script.cues.len()).filter(|&i| !taken[i]).collect();
        let numbers = missing.iter().map(|&i| script.cues[i].number()).collect();
        Ok(Matched {
            clips,
            missing,
            extra,
            numbers,
        })
    }
}

impl Matched {
    /// What a producer should hear about: takes missing (and what stands in for them), and
    /// files that are no cue's.
    pub fn warnings(&self, folder: &str, synthesised: bool) -> Vec<Warning> {
        let mut out = Vec::new();
        if !self.missing.is_empty() {
            out.push(Warning::about(
                folder,
                format!(
                    "{} of the script's takes missing ({}); {}",
                    self.missing.len(),
                    self.numbers.join(", "),
                    if synthesised {
                        "synthesised in their place"
                    } else {
                        "silence of their estimated length in their place"
                    }
                ),
            ));
        }
        if !self.extra.is_empty() {
            out.push(Warning::about(
                folder,
                format!(
                    "{} files are no cue's take, left out: {}",
                    self.extra.len(),
                    self.extra.join(", ")
                ),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::cue_number;

    #[test]
    fn takes_are_named_by_cue_number() {
        assert_eq!(cue_number("001.wav"), Some((1, "wav")));
        assert_eq!(cue_number("cue-012.FLAC"), Some((12, "FLAC")));
        assert_eq!(cue_number("intro.wav"), None);
        assert_eq!(cue_number("001"), None);
        assert_eq!(cue_number(".wav"), None);
    }
}

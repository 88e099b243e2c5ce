//! Speech engines: espeak-ng (Debian's `espeak-ng`, the built-in default) reading the espeak
//! SSML profile, or any engine as a command template (`piper --model {voice} --output_file
//! {out}`) that takes the text on stdin and writes a WAV to `{out}` or to stdout.

use std::process::{Command, Stdio};

use super::pipe::run;

use super::Pcm;

/// What one cue gives an engine.
#[derive(Debug, Clone, Copy)]
pub struct Utterance<'a> {
    /// The words as spoken, names replaced by the lexicon's aliases.
    pub text: &'a str,
    /// The cue as an SSML document in the engine's profile.
    pub ssml: &'a str,
    /// The voice's name for this engine.
    pub voice: &'a str,
    /// The speech language (`zh-CN`, `en-US`).
    pub language: &'a str,
    /// How fast the script is read against its default pace (240 Chinese characters, 150
    /// English words a minute): 1.0 at the defaults.
    pub pace: f64,
}

/// espeak-ng's `-s` (words a minute) at which its reading takes as long as the script's
/// estimate at the default pace, measured on the bundled article and English transcripts
/// of the corpus (see BENCHMARKS.md): its Mandarin at its default 175; its English, which
/// pauses less than a person, slowed to 122.
fn espeak_words_per_minute(language: &str, pace: f64) -> u32 {
    let base = if language.starts_with("zh") || language.starts_with("cmn") {
        175.0
    } else {
        122.0
    };
    // espeak-ng takes 80 to 450.
    (base * pace).round().clamp(80.0, 450.0) as u32
}

/// A speech engine fangtan can run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeechEngine {
    Espeak,
    /// A shell command: `{voice}`, `{lang}` and `{out}` are replaced (quoted); the text, or
    /// the SSML when `ssml` is set, goes to its stdin.
    Command {
        template: String,
        ssml: bool,
    },
}

impl SpeechEngine {
    pub fn name(&self) -> &str {
        match self {
            SpeechEngine::Espeak => "espeak-ng",
            SpeechEngine::Command { template, .. } => {
                template.split_whitespace().next().unwrap_or("tts.command")
            }
        }
    }

    /// Whether the engine can run here; else the one line that says what to install.
    pub fn check(&self) -> Result<(), String> {
        let program = self.name();
        let found = Command::new(if *self == SpeechEngine::Espeak {
            "espeak-ng"
        } else {
            "sh"
        })
        .args(match self {
            SpeechEngine::Espeak => vec!["--version".to_string()],
            SpeechEngine::Command { .. } => {
                vec!["-c".into(), format!("command -v {}", quote(program))]
            }
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
        if found {
            Ok(())
        } else if *self == SpeechEngine::Espeak {
            Err(
                "espeak-ng is not installed (apt-get install espeak-ng), so no audio is made"
                    .into(),
            )
        } else {
            Err(format!(
                "{program}, the sidecar's tts.command, is not installed"
            ))
        }
    }

    /// The cue's speech.
    pub fn speak(&self, utterance: &Utterance<'_>) -> Result<Pcm, String> {
        match self {
            SpeechEngine::Espeak => {
                let speed = espeak_words_per_minute(utterance.language, utterance.pace).to_string();
                let wav = run(
                    Command::new("espeak-ng").args(["-m", "--stdout", "-s", &speed]),
                    utterance.ssml.as_bytes(),
                    "espeak-ng",
                )?;
                Pcm::from_wav(&wav).map_err(|e| format!("espeak-ng: {e}"))
            }
            SpeechEngine::Command { template, ssml } => {
                let out = tempfile::Builder::new()
                    .prefix("fangtan-tts-")
                    .suffix(".wav")
                    .tempfile()
                    .map_err(|e| format!("cannot make a file for the engine: {e}"))?;
                let path = out.path().to_string_lossy().into_owned();
                let to_file = template.contains("{out}");
                let command = template
                    .replace("{voice}", &quote(utterance.voice))
                    .replace("{lang}", &quote(utterance.language))
                    .replace("{out}", &quote(&path));
                let input = if *ssml {
                    utterance.ssml
                } else {
                    utterance.text
                };
                let stdout = run(
                    Command::new("sh").arg("-c").arg(&command),
                    input.as_bytes(),
                    self.name(),
                )?;
                let wav = if to_file {
                    std::fs::read(out.path())
                        .map_err(|e| format!("{}: wrote no WAV: {e}", self.name()))?
                } else {
                    stdout
                };
                Pcm::from_wav(&wav).map_err(|e| format!("{}: {e}", self.name()))
            }
        }
    }
}

/// `s` quoted for `sh`.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_engine_gets_quoted_arguments_and_the_text_on_stdin() {
        // A stand-in engine: writes a WAV of as many samples as the text has bytes.
        let template = "n=$(wc -c); python3 - {out} $n {voice} <<'PY'\nimport sys,wave\nw=wave.open(sys.argv[1],'wb');w.setnchannels(1);w.setsampwidth(2);w.setframerate(8000)\nassert sys.argv[3]==\"it's\", sys.argv\nw.writeframes(b'\\x00\\x10'*int(sys.argv[2]));w.close()\nPY";
        if Command::new("python3").arg("--version").output().is_err() {
            eprintln!("notice: python3 not installed; skipping");
            return;
        }
        let engine = SpeechEngine::Command {
            template: template.into(),
            ssml: false,
        };
        let pcm = engine
            .speak(&Utterance {
                text: "你好",
                ssml: "<speak/>",
                voice: "it's",
                language: "zh-CN",
                pace: 1.0,
            })
            .unwrap();
        assert_eq!(pcm.rate, 8000);
        assert_eq!(pcm.samples.len(), "你好".len());
    }

    #[test]
    fn a_missing_engine_is_one_line_naming_it() {
        let engine = SpeechEngine::Command {
            template: "no-such-tts-engine --out {out}".into(),
            ssml: false,
        };
        let e = engine.check().unwrap_err();
        assert!(e.contains("no-such-tts-engine") && !e.contains('\n'), "{e}");
    }
}

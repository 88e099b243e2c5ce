//! The metadata sidecar: a TOML file beside the article (`article.txt` → `article.txt.toml` or
//! `article.toml`) saying what the text does not: title, credits, the cast, reader hints and
//! per-line overrides. Every key is optional.

mod check;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Warning};
use crate::model::{Credit, Role};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    /// Where it was read from (not a key: set when the sidecar is read).
    #[serde(skip)]
    pub name: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub original_title: Option<String>,
    pub language: Option<String>,
    pub slug: Option<String>,
    pub date: Option<String>,
    pub source_url: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub credits: Vec<Credit>,
    /// Speakers: declare them, rename them, give them roles.
    #[serde(default)]
    pub cast: Vec<CastEntry>,
    #[serde(default)]
    pub reader: ReaderHints,
    /// Per-line overrides of what the reader decided.
    #[serde(default)]
    pub lines: Vec<LineOverride>,
    pub typography: Option<Typography>,
    /// Folders (or font files) with fonts for characters the bundled fonts lack, relative to
    /// the sidecar's folder; searched after `--font-dir` and before the system's fonts.
    #[serde(default)]
    pub font_dirs: Vec<std::path::PathBuf>,
    /// The read-aloud script: voices, what is read, timing, pronunciations.
    #[serde(default)]
    pub script: ScriptConfig,
    /// The speech engine of the episode: espeak-ng unless a command is given.
    #[serde(default)]
    pub tts: TtsConfig,
    /// The episode: codec, bit rate, loudness.
    #[serde(default)]
    pub audio: AudioConfig,
    /// Interface strings replacing entries of the language's table (`contents = "Inhalt"`);
    /// see `templates/strings/`.
    #[serde(default, skip_serializing_if = "toml::Table::is_empty")]
    pub strings: toml::Table,
}

/// `[script]`: how the interview is cast and read aloud.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScriptConfig {
    /// The voices, in order: the first reads the interviewer, the second the interviewee.
    pub voices: Vec<VoiceConfig>,
    /// Who reads the narration (the lead, narrative sections, editor notes): a voice id
    /// (its own voice `N` by default, or a speaker's `A`) or `none` to leave it out.
    pub narration: Narration,
    /// Read editor notes (by the narration voice).
    pub notes: bool,
    /// Read pull quotes (they repeat the dialogue, so not by default).
    pub pull_quotes: bool,
    /// Chinese characters read per minute.
    pub chars_per_minute: f64,
    /// Latin-script words read per minute.
    pub latin_words_per_minute: f64,
    /// Pauses, in milliseconds.
    pub pause_comma_ms: u64,
    pub pause_sentence_ms: u64,
    pub pause_turn_ms: u64,
    /// Between sections (in place of the pause between voices).
    pub pause_section_ms: u64,
    /// A turn longer than this (milliseconds) is split at a sentence end.
    pub max_cue_ms: u64,
    /// How to say names and terms.
    pub lexicon: Vec<LexiconEntry>,
    /// SSML profiles written besides the generic one (`["azure", "polly"]`); the first is
    /// also each cue's SSML in the cues' JSONL.
    pub ssml: Vec<crate::render::script::engine::Engine>,
}

/// Lexicon entries by term.
pub type LexiconIndex<'a> = std::collections::HashMap<&'a str, &'a LexiconEntry>;

impl ScriptConfig {
    /// The entries that `keep` accepts, by term; of two with one term the first wins, as a
    /// search from the top would find it. Made once, looked up per name: a long lexicon
    /// over a long script stays linear.
    pub fn lexicon_where(&self, keep: impl Fn(&LexiconEntry) -> bool) -> LexiconIndex<'_> {
        let mut index = LexiconIndex::new();
        for entry in self.lexicon.iter().filter(|e| keep(e)) {
            index.entry(entry.term.as_str()).or_insert(entry);
        }
        index
    }
}

/// `[tts]`: the speech engine, when not espeak-ng.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TtsConfig {
    /// A shell command that reads a cue's text on stdin and writes a WAV to `{out}` (or to
    /// stdout); `{voice}` is the voice's `tts` name, `{lang}` the speech language.
    pub command: Option<String>,
    /// Give the command the cue's SSML (generic profile) instead of its text.
    pub ssml: bool,
}

/// `[audio]`: how the episode is encoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AudioConfig {
    pub format: crate::audio::encode::Codec,
    /// Mono bit rate.
    pub bitrate_kbps: u32,
    /// Integrated loudness of the episode (EBU R128).
    pub loudness_lufs: f64,
    /// Highest true peak, dBTP.
    pub peak_dbtp: f64,
}

impl Default for AudioConfig {
    fn default() -> Self {
        AudioConfig {
            format: crate::audio::encode::Codec::Mp3,
            bitrate_kbps: 64,
            loudness_lufs: -16.0,
            peak_dbtp: -1.0,
        }
    }
}

/// Who reads the narration: a voice, or nobody (`narration = "none"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Narration {
    Voice(String),
    Silent,
}

impl From<String> for Narration {
    fn from(id: String) -> Self {
        if id.eq_ignore_ascii_case("none") {
            Narration::Silent
        } else {
            Narration::Voice(id)
        }
    }
}

impl From<Narration> for String {
    fn from(n: Narration) -> Self {
        match n {
            Narration::Voice(id) => id,
            Narration::Silent => "none".into(),
        }
    }
}

/// A voice's gender, for the default voice names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoiceConfig {
    pub id: String,
    /// Shown to the narrators (`男声 A`).
    pub name: Option<String>,
    /// Picks the default voice names; voices alternate male, female otherwise.
    pub gender: Option<Gender>,
    /// The voice's name in the generic SSML (`zh-CN-YunxiNeural`), and in each engine's.
    pub tts: Option<String>,
    pub azure: Option<String>,
    pub google: Option<String>,
    pub polly: Option<String>,
    pub espeak: Option<String>,
    /// Speaker ids this voice reads; by default each speaker has a voice of their own.
    #[serde(default)]
    pub speakers: Vec<String>,
}

impl VoiceConfig {
    /// The name set for an engine (`azure`, …; `generic` is `tts`); Azure falls back on
    /// `tts`, whose names have always been Azure's.
    pub fn name_for(&self, engine: &str) -> Option<&str> {
        match engine {
            "generic" => self.tts.as_deref(),
            "azure" => self.azure.as_deref().or(self.tts.as_deref()),
            "google" => self.google.as_deref(),
            "polly" => self.polly.as_deref(),
            "espeak" => self.espeak.as_deref(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconEntry {
    pub term: String,
    /// A Chinese rendering to say instead (`杨立昆`), used as the SSML `<sub alias>`.
    pub alias: Option<String>,
    /// How to say it, for people (`勒昆`).
    pub say: Option<String>,
    pub ipa: Option<String>,
    pub note: Option<String>,
}

impl Default for ScriptConfig {
    fn default() -> Self {
        ScriptConfig {
            voices: Vec::new(),
            narration: Narration::Voice("N".into()),
            notes: true,
            pull_quotes: false,
            // Mandarin read aloud: about 200 characters a minute is a medium pace for
            // Putonghua reading and CNR news reads 250–270; 240 suits two narrators in an
            // interview (see ../shared/notes/script.md §3.5).
            chars_per_minute: 240.0,
            latin_words_per_minute: 150.0,
            pause_comma_ms: 300,
            pause_sentence_ms: 600,
            pause_turn_ms: 600,
            pause_section_ms: 1800,
            max_cue_ms: 60_000,
            lexicon: Vec::new(),
            ssml: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CastEntry {
    /// The label as written before the colon.
    pub label: String,
    /// Display name (defaults to the label).
    pub name: Option<String>,
    pub role: Option<Role>,
    pub id: Option<String>,
    pub lang: Option<String>,
    /// Other labels that mean the same speaker (`问` and `记者`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderHints {
    /// Labels that introduce editor notes, beyond the usual ones (编者按, 译者注…).
    #[serde(default)]
    pub note_labels: Vec<String>,
    /// Only declared speakers count; recurring labels found in the text are plain text.
    #[serde(default)]
    pub cast_only: bool,
    /// The input's format (`text`, `markdown`), where its name and shape do not say it.
    pub format: Option<crate::read::Format>,
    /// Join lines of plain text wrapped at a fixed width (`true`), keep every line (`false`);
    /// unset, the text's shape decides. (Markdown joins lines as Markdown does.)
    pub unwrap: Option<bool>,
    /// Folders outside the input's own (relative to it) that its pictures may come from.
    #[serde(default)]
    pub picture_folders: Vec<std::path::PathBuf>,
}

/// Forces the kind of one line, found by number or by the start of its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineOverride {
    /// The sidecar's line where this entry starts (not a key: set when the sidecar is read).
    #[serde(skip)]
    pub at: usize,
    pub line: Option<usize>,
    /// Matches the first line whose trimmed text starts with this.
    pub starts_with: Option<String>,
    pub kind: LineKind,
    /// For `heading`: the level (default 2).
    pub level: Option<u8>,
    /// For `note`: the label to show (default "注").
    pub label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineKind {
    /// Ordinary text: continues the current turn or note, else a body paragraph.
    Text,
    Heading,
    PullQuote,
    Caption,
    /// A one-paragraph editor note.
    Note,
    Reference,
    Dropped,
}

/// Whether the backends get the text as written or with Chinese punctuation normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Typography {
    Keep,
    #[default]
    Normalize,
}

impl Sidecar {
    /// Parses sidecar TOML; syntax errors name file, line and column; unknown keys are errors
    /// too, since a misspelt key would otherwise be silently ignored.
    pub fn parse(file: &str, text: &str) -> Result<(Sidecar, Vec<Warning>), Error> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let sidecar: Sidecar = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| line_col(text, span.start))
                .unwrap_or((1, 1));
            Error::Sidecar {
                file: file.to_string(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        check::check(file, text)?;
        // Every table has the same entries, so any one checks the names and types.
        if let Err(message) = crate::locale::Strings::check(&sidecar.strings) {
            // The entry's own line when the message names it, else the table's.
            let line = crate::locale::line_of_entry(text, &message)
                .or_else(|| {
                    text.lines()
                        .position(|l| l.trim_start().starts_with("[strings"))
                        .map(|i| i + 1)
                })
                .unwrap_or(1);
            return Err(Error::Sidecar {
                file: file.to_string(),
                line,
                column: 1,
                message,
            });
        }
        let mut sidecar = sidecar;
        sidecar.name = Some(file.to_string());
        for (o, at) in sidecar.lines.iter_mut().zip(check::lines_of(text, "lines")) {
            o.at = at;
        }
        let mut warnings = Vec::new();
        for o in &sidecar.lines {
            if o.line.is_none() == o.starts_with.is_none() {
                warnings.push(Warning::in_file(
                    file,
                    o.at,
                    "a [[lines]] override needs exactly one of `line` or `starts_with`; ignored",
                ));
            }
        }
        Ok((sidecar, warnings))
    }

    pub fn read(path: &Path) -> Result<(Sidecar, Vec<Warning>), Error> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::input(&file, format!("cannot read sidecar: {e}")))?;
        let (mut sidecar, warnings) = Sidecar::parse(&file, &text)?;
        let base = path.parent().unwrap_or(Path::new("."));
        for dir in &mut sidecar.font_dirs {
            if dir.is_relative() {
                *dir = base.join(&*dir);
            }
        }
        Ok((sidecar, warnings))
    }

    /// The sidecar beside an input, if one exists: `name.txt.toml`, else `name.toml`.
    pub fn beside(input: &Path) -> Option<PathBuf> {
        let mut appended = input.as_os_str().to_owned();
        appended.push(".toml");
        [PathBuf::from(appended), input.with_extension("toml")]
            .into_iter()
            .find(|p| p.is_file() && p != input)
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = Sidecar::parse("a.toml", "title = \"x\"\nslug = = 3\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("a.toml:2:"), "{msg}");
    }

    #[test]
    fn misspelt_string_names_the_sidecar_and_line() {
        // The entry's own line, not its table's.
        let text = "title = \"x\"\n\n[strings]\ncontents = \"z\"\ncontnets = \"y\"\n";
        let err = Sidecar::parse("a.toml", text).unwrap_err().to_string();
        assert!(err.starts_with("a.toml:5:"), "{err}");
        assert!(err.contains("contnets"), "{err}");
        assert!(!err.contains("expected one of"), "one short line: {err}");
        let err = Sidecar::parse("a.toml", "title = \"x\"\nstrings.contnets = \"y\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.toml:2:"), "{err}");
        let (ok, _) = Sidecar::parse("a.toml", "[strings]\ncontents = \"Inhalt\"\n").unwrap();
        assert_eq!(ok.strings["contents"].as_str(), Some("Inhalt"));
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let err = Sidecar::parse("a.toml", "title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert!(err.to_string().starts_with("a.toml:2:1:"), "{err}");
    }
}

//! Casting: which voice reads which speaker and the narration, and what each speech engine
//! calls that voice.

use crate::locale::Strings;
use crate::model::Document;
use crate::sidecar::{Gender, Narration, ScriptConfig, VoiceConfig};
use serde::Serialize;

use super::engine::Engine;

/// A voice of the cast.
#[derive(Debug, Clone, Serialize)]
pub struct Voice {
    pub id: String,
    pub name: String,
    pub gender: Gender,
    /// The voice's language (`zh-CN`, `zh-TW`, `en-US`): the document's.
    pub language: String,
    /// The voice's name for each engine, in [`Engine::ALL`] order.
    pub engine_names: Vec<String>,
    /// Speakers (display names) this voice reads, and whether it reads the narration.
    pub speakers: Vec<String>,
    pub narration: bool,
}

impl Voice {
    /// What `engine` calls this voice.
    pub fn name_for(&self, engine: Engine) -> &str {
        &self.engine_names[engine as usize]
    }

    /// The generic SSML's voice name (Azure's, which other engines' docs also use).
    pub fn tts(&self) -> &str {
        self.name_for(Engine::Generic)
    }
}

/// The speech language of a document: Mandarin in Simplified or Traditional Chinese, else US
/// English (the only other language the built-in voice tables cover).
pub fn speech_language(language: &str) -> &'static str {
    match crate::locale::table_for(language) {
        "zh-Hans" => "zh-CN",
        "zh-Hant" => "zh-TW",
        _ => "en-US",
    }
}

/// Built-in voice names for `engine` in `language`, by gender. Sources: Azure's and Google
/// Cloud's voice lists, Amazon Polly's voice table (Polly has one Mandarin voice, Zhiyu, so
/// every Mandarin voice is Zhiyu there), espeak-ng's voice variants (`+m1` … `+f5`).
fn table(engine: Engine, language: &str, gender: Gender) -> &'static [&'static str] {
    use Engine::*;
    use Gender::*;
    match (engine, language, gender) {
        (Generic | Azure, "zh-CN", Male) => &[
            "zh-CN-YunxiNeural",
            "zh-CN-YunjianNeural",
            "zh-CN-YunyangNeural",
            "zh-CN-YunfengNeural",
        ],
        (Generic | Azure, "zh-CN", Female) => &[
            "zh-CN-XiaoxiaoNeural",
            "zh-CN-XiaoyiNeural",
            "zh-CN-XiaochenNeural",
            "zh-CN-XiaohanNeural",
        ],
        (Generic | Azure, "zh-TW", Male) => &["zh-TW-YunJheNeural"],
        (Generic | Azure, "zh-TW", Female) => &["zh-TW-HsiaoChenNeural", "zh-TW-HsiaoYuNeural"],
        (Generic | Azure, _, Male) => &[
            "en-US-GuyNeural",
            "en-US-DavisNeural",
            "en-US-TonyNeural",
            "en-US-JasonNeural",
        ],
        (Generic | Azure, _, Female) => &[
            "en-US-JennyNeural",
            "en-US-AriaNeural",
            "en-US-SaraNeural",
            "en-US-NancyNeural",
        ],
        (Google, "zh-CN", Male) => &[
            "cmn-CN-Wavenet-B",
            "cmn-CN-Wavenet-C",
            "cmn-CN-Standard-B",
            "cmn-CN-Standard-C",
        ],
        (Google, "zh-CN", Female) => &[
            "cmn-CN-Wavenet-A",
            "cmn-CN-Wavenet-D",
            "cmn-CN-Standard-A",
            "cmn-CN-Standard-D",
        ],
        (Google, "zh-TW", Male) => &["cmn-TW-Wavenet-B", "cmn-TW-Wavenet-C"],
        (Google, "zh-TW", Female) => &["cmn-TW-Wavenet-A"],
        (Google, _, Male) => &[
            "en-US-Neural2-D",
            "en-US-Neural2-A",
            "en-US-Neural2-I",
            "en-US-Neural2-J",
        ],
        (Google, _, Female) => &[
            "en-US-Neural2-F",
            "en-US-Neural2-C",
            "en-US-Neural2-E",
            "en-US-Neural2-H",
        ],
        (Polly, "zh-CN" | "zh-TW", _) => &["Zhiyu"],
        (Polly, _, Male) => &["Matthew", "Stephen", "Gregory", "Joey"],
        (Polly, _, Female) => &["Joanna", "Ruth", "Danielle", "Salli"],
        (Espeak, "zh-CN" | "zh-TW", Male) => &[
            "cmn-latn-pinyin+m1",
            "cmn-latn-pinyin+m3",
            "cmn-latn-pinyin+m5",
            "cmn-latn-pinyin+m7",
        ],
        (Espeak, "zh-CN" | "zh-TW", Female) => &[
            "cmn-latn-pinyin+f2",
            "cmn-latn-pinyin+f4",
            "cmn-latn-pinyin+f1",
            "cmn-latn-pinyin+f3",
        ],
        (Espeak, _, Male) => &["en-us+m1", "en-us+m3", "en-us+m5", "en-us+m7"],
        (Espeak, _, Female) => &["en-us+f2", "en-us+f4", "en-us+f1", "en-us+f3"],
    }
}

/// The `n`th voice's default name for `engine`: voices alternate male and female, and each
/// gender walks its own table.
fn default_name(engine: Engine, language: &str, gender: Gender, nth_of_gender: usize) -> String {
    let names = table(engine, language, gender);
    names[nth_of_gender % names.len()].to_string()
}

/// A voice id for the `n`th voice made without a sidecar entry: A, B, C … Z, then V27 ….
fn voice_letter(n: usize) -> String {
    if n < 26 {
        ((b'A' + n as u8) as char).to_string()
    } else {
        format!("V{}", n + 1)
    }
}

/// Builds voices in order, giving each its default gender and engine names.
struct Casting<'a> {
    language: &'static str,
    strings: &'a Strings,
    voices: Vec<Voice>,
    /// Voices of each gender so far, for the tables' next name.
    of_gender: [usize; 2],
}

impl Casting<'_> {
    fn add(&mut self, id: String, config: Option<&VoiceConfig>, narration: bool) -> usize {
        let n = self.voices.len();
        let gender = config
            .and_then(|c| c.gender)
            .unwrap_or(if n.is_multiple_of(2) {
                Gender::Male
            } else {
                Gender::Female
            });
        let nth = self.of_gender[gender as usize];
        self.of_gender[gender as usize] += 1;
        let engine_names = Engine::ALL
            .iter()
            .map(|&engine| {
                config
                    .and_then(|c| c.name_for(engine.name()))
                    .map(str::to_string)
                    .unwrap_or_else(|| default_name(engine, self.language, gender, nth))
            })
            .collect();
        let label = if narration {
            &self.strings.narration
        } else {
            &self.strings.voice
        };
        self.voices.push(Voice {
            name: config
                .and_then(|c| c.name.clone())
                .unwrap_or_else(|| format!("{label} {id}")),
            id,
            gender,
            language: self.language.to_string(),
            engine_names,
            speakers: Vec::new(),
            narration,
        });
        n
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.voices.iter().position(|v| v.id == id)
    }

    /// A new voice with the first letter no voice has and that is not `reserved`.
    fn add_lettered(&mut self, reserved: Option<&str>) -> usize {
        let id = (0..)
            .map(voice_letter)
            .find(|id| self.position(id).is_none() && Some(id.as_str()) != reserved)
            .expect("an unused letter");
        self.add(id, None, false)
    }
}

/// Assigns every speaker a voice of their own: the sidecar's mapping first; a speaker it does
/// not map takes the next sidecar voice that maps nobody, else a new voice. The narration
/// has its own voice (`N`) unless the sidecar names another or `none`.
pub fn cast(doc: &Document, config: &ScriptConfig, strings: &Strings) -> Vec<Voice> {
    let mut casting = Casting {
        language: speech_language(&doc.meta.language),
        strings,
        voices: Vec::new(),
        of_gender: [0, 0],
    };
    let narration_id = match &config.narration {
        Narration::Voice(id) => Some(id.as_str()),
        Narration::Silent => None,
    };
    for v in &config.voices {
        casting.add(v.id.clone(), Some(v), false);
    }
    let mut free: std::collections::VecDeque<usize> = config
        .voices
        .iter()
        .enumerate()
        .filter(|(_, v)| v.speakers.is_empty() && Some(v.id.as_str()) != narration_id)
        .map(|(n, _)| n)
        .collect();
    for speaker in &doc.cast {
        let declared = config
            .voices
            .iter()
            .position(|v| v.speakers.iter().any(|s| s == &speaker.id));
        let index = declared
            .or_else(|| free.pop_front())
            .unwrap_or_else(|| casting.add_lettered(narration_id));
        casting.voices[index].speakers.push(speaker.name.clone());
    }
    if let Some(id) = narration_id {
        match casting.position(id) {
            Some(n) => casting.voices[n].narration = true,
            None => {
                casting.add(id.to_string(), None, true);
            }
        }
    }
    // A sidecar voice left with nothing to read is not in the cast.
    casting
        .voices
        .retain(|v| !v.speakers.is_empty() || v.narration);
    casting.voices
}

//! Casting: which voice reads which speaker and the narration.

use crate::error::Warning;
use crate::locale::Strings;
use crate::model::{Document, Role};
use crate::sidecar::{ScriptConfig, VoiceConfig};
use serde::Serialize;

/// A voice of the cast.
#[derive(Debug, Clone, Serialize)]
pub struct Voice {
    pub id: String,
    pub name: String,
    pub tts: String,
    /// Speakers (display names) this voice reads, and whether it reads the narration.
    pub speakers: Vec<String>,
    pub narration: bool,
}

/// Default TTS voices for voices A, B, C… (Azure's neural voices): Mandarin for a Chinese
/// text (Taiwan Mandarin for Traditional Chinese), US English for any other.
fn default_tts(language: &str) -> &'static [&'static str] {
    match crate::locale::table_for(language) {
        "zh-Hans" => &[
            "zh-CN-YunxiNeural",
            "zh-CN-YunyeNeural",
            "zh-CN-XiaoxiaoNeural",
            "zh-CN-YunjianNeural",
            "zh-CN-XiaoyiNeural",
        ],
        "zh-Hant" => &[
            "zh-TW-YunJheNeural",
            "zh-TW-HsiaoChenNeural",
            "zh-TW-HsiaoYuNeural",
        ],
        _ => &[
            "en-US-GuyNeural",
            "en-US-JennyNeural",
            "en-US-DavisNeural",
            "en-US-AriaNeural",
            "en-US-TonyNeural",
        ],
    }
}

fn voice_letter(n: usize) -> String {
    ((b'A' + (n % 26) as u8) as char).to_string()
}

/// Assigns every speaker a voice: the sidecar's mapping, else interviewers to the first voice
/// and interviewees to the second, further speakers to further voices when declared, else
/// sharing (which is reported).
pub fn cast(
    doc: &Document,
    config: &ScriptConfig,
    strings: &Strings,
    warnings: &mut Vec<Warning>,
) -> Vec<Voice> {
    let default_tts = default_tts(&doc.meta.language);
    let mut voices: Vec<Voice> = if config.voices.is_empty() {
        (0..2)
            .map(|n| Voice {
                id: voice_letter(n),
                name: format!("{} {}", strings.voice, voice_letter(n)),
                tts: default_tts[n % default_tts.len()].to_string(),
                speakers: Vec::new(),
                narration: false,
            })
            .collect()
    } else {
        config
            .voices
            .iter()
            .enumerate()
            .map(|(n, v): (usize, &VoiceConfig)| Voice {
                id: v.id.clone(),
                name: v
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{} {}", strings.voice, v.id)),
                tts: v
                    .tts
                    .clone()
                    .unwrap_or_else(|| default_tts[n % default_tts.len()].to_string()),
                speakers: Vec::new(),
                narration: false,
            })
            .collect()
    };
    let declared = |id: &str| {
        config
            .voices
            .iter()
            .position(|v| v.speakers.iter().any(|s| s == id))
    };
    let mut next_free = 2;
    for speaker in &doc.cast {
        let index = declared(&speaker.id).unwrap_or_else(|| match speaker.role {
            Role::Interviewer => 0,
            Role::Interviewee if voices.len() > 1 => 1,
            _ => {
                let n = next_free.min(voices.len() - 1);
                next_free += 1;
                n
            }
        });
        voices[index].speakers.push(speaker.name.clone());
    }
    for v in &voices {
        if v.speakers.len() > 1 {
            warnings.push(Warning::general(format!(
                "script: {} read by one voice ({}); declare more [[script.voices]] to give each their own",
                strings.list(&v.speakers),
                v.id
            )));
        }
    }
    if let Some(v) = voices.iter_mut().find(|v| v.id == config.narration) {
        v.narration = true;
    } else if config.narration != "none" {
        voices.push(Voice {
            id: config.narration.clone(),
            name: format!("{} {}", strings.narration, config.narration),
            tts: default_tts[voices.len() % default_tts.len()].to_string(),
            speakers: Vec::new(),
            narration: true,
        });
    }
    voices
}

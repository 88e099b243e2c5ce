//! The speech engines fangtan writes SSML for, and what each accepts.

use std::fmt;
use std::str::FromStr;

/// An SSML profile: W3C SSML 1.1, or what one engine accepts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    #[default]
    Generic,
    Azure,
    Google,
    Polly,
    Espeak,
}

impl Engine {
    /// In the order of [`super::cast::Voice::engine_names`].
    pub const ALL: [Engine; 5] = [
        Engine::Generic,
        Engine::Azure,
        Engine::Google,
        Engine::Polly,
        Engine::Espeak,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Generic => "generic",
            Engine::Azure => "azure",
            Engine::Google => "google",
            Engine::Polly => "polly",
            Engine::Espeak => "espeak",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Engine {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Engine::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<_> = Engine::ALL.iter().map(|e| e.name()).collect();
                format!("unknown SSML profile {s:?} (known: {})", names.join(", "))
            })
    }
}

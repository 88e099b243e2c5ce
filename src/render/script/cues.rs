//! From the document to numbered, timed cues: who reads what, in what voice, for how long.

use crate::locale::Strings;
use serde::Serialize;

use crate::error::Warning;
use crate::model::{Block, Document, Inline, Paragraph, Role};
use crate::sidecar::{ScriptConfig, VoiceConfig};
use crate::zh;

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

/// One line of the script: one voice reading one turn (or part of a long one), a stretch of
/// narration, or an editor's note.
#[derive(Debug, Clone, Serialize)]
pub struct Cue {
    pub id: usize,
    pub voice: String,
    /// Speaker id, or `narrator`.
    pub speaker: String,
    /// Display name, or 旁白 for narration.
    pub speaker_name: String,
    /// `interviewer`, `interviewee`, `other`, `narration` or `note`.
    pub role: String,
    pub section: String,
    pub paragraphs: Vec<String>,
    /// This continues the cue before it (a long turn split at a sentence end).
    pub continued: bool,
    /// Chinese characters and full-width letters read (Latin words counted apart).
    pub characters: usize,
    pub latin_words: usize,
    pub est_ms: u64,
    pub start_ms: u64,
}

/// The whole script before it is written out.
#[derive(Debug, Clone, Serialize)]
pub struct Script {
    pub voices: Vec<Voice>,
    pub cues: Vec<Cue>,
    pub total_ms: u64,
    pub omitted_pull_quotes: usize,
    pub omitted_captions: usize,
    /// Pictures (with their captions, not counted again in `omitted_captions`).
    pub omitted_figures: usize,
    pub omitted_references: usize,
    pub omitted_notes: usize,
    pub omitted_narration: usize,
    pub terms: Vec<Term>,
}

/// A Latin-script name or term in the read text, for the pronunciation guide.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub term: String,
    pub first_cue: usize,
    pub alias: Option<String>,
    pub say: Option<String>,
    pub ipa: Option<String>,
    pub note: Option<String>,
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

/// A paragraph as read: asides in brackets, as printed.
fn read_text(p: &Paragraph) -> String {
    p.content
        .iter()
        .map(|i| match i {
            Inline::Text { text } | Inline::Link { text, .. } => text.clone(),
            Inline::Aside { label, text } => format!("（{label}：{text}）"),
        })
        .collect()
}

pub use crate::zh::latin_runs;

/// Estimated reading time of a text, and what it counts.
pub fn estimate(text: &str, config: &ScriptConfig) -> (u64, usize, usize) {
    let mut characters = 0usize;
    let mut pauses = 0u64;
    for c in text.chars() {
        if zh::is_han(c) || ('\u{FF21}'..='\u{FF5A}').contains(&c) {
            characters += 1;
        }
        pauses += match c {
            '，' | '、' | '；' | '：' | ',' | ';' | ':' => config.pause_comma_ms,
            '。' | '！' | '？' | '!' | '?' | '…' => config.pause_sentence_ms,
            _ => 0,
        };
    }
    let latin_words: usize = latin_runs(text)
        .iter()
        .map(|&(a, b)| text[a..b].split_whitespace().count())
        .sum::<usize>()
        // Digits read as numbers: a group of digits takes about as long as a word.
        + text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .count();
    let speech = characters as f64 / config.chars_per_minute * 60_000.0
        + latin_words as f64 / config.latin_words_per_minute * 60_000.0;
    (speech.round() as u64 + pauses, characters, latin_words)
}

/// Splits a long turn at sentence ends into pieces of about equal length, each about
/// `max_cue_ms` at most (a single sentence longer than that stays whole); paragraph breaks
/// are kept.
fn split_sentences(paragraphs: &[String], config: &ScriptConfig) -> Vec<Vec<String>> {
    // (paragraph index, sentence, duration)
    let sentences: Vec<(usize, String, u64)> = paragraphs
        .iter()
        .enumerate()
        .flat_map(|(index, p)| zh::sentences(p).into_iter().map(move |s| (index, s)))
        .map(|(index, s)| {
            let ms = estimate(&s, config).0;
            (index, s, ms)
        })
        .collect();
    let total: u64 = sentences.iter().map(|s| s.2).sum();
    let parts = total.div_ceil(config.max_cue_ms.max(1)).max(1);
    let target = total / parts;
    let mut pieces: Vec<Vec<String>> = vec![Vec::new()];
    let mut used = 0u64;
    let mut last_paragraph = None;
    for (index, sentence, ms) in sentences {
        // Close the piece once it has reached its share, at this sentence end.
        if used > 0 && used + ms / 2 > target && (pieces.len() as u64) < parts {
            pieces.push(Vec::new());
            used = 0;
            last_paragraph = None;
        }
        let piece = pieces.last_mut().expect("one piece");
        match (last_paragraph, piece.last_mut()) {
            (Some(p), Some(text)) if p == index => text.push_str(&sentence),
            _ => piece.push(sentence),
        }
        last_paragraph = Some(index);
        used += ms;
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

pub fn build(
    doc: &Document,
    config: &ScriptConfig,
    strings: &Strings,
    warnings: &mut Vec<Warning>,
) -> Script {
    let voices = cast(doc, config, strings, warnings);
    let narrator = voices.iter().find(|v| v.narration).map(|v| v.id.clone());
    let voice_of = |name: &str| {
        voices
            .iter()
            .find(|v| v.speakers.iter().any(|s| s == name))
            .map(|v| v.id.clone())
    };
    let mut script = Script {
        voices: voices.clone(),
        cues: Vec::new(),
        total_ms: 0,
        omitted_pull_quotes: 0,
        omitted_captions: 0,
        omitted_figures: 0,
        omitted_references: 0,
        omitted_notes: 0,
        omitted_narration: 0,
        terms: Vec::new(),
    };
    let mut section = String::new();
    let mut turn_spoke = false;
    let push = |script: &mut Script,
                voice: String,
                speaker: String,
                speaker_name: String,
                role: &str,
                section: &str,
                continued: bool,
                paragraphs: Vec<String>| {
        for (n, mut piece) in split_sentences(&paragraphs, config).into_iter().enumerate() {
            piece.shrink_to_fit();
            let text: String = piece.concat();
            let (ms, characters, latin_words) = estimate(&text, config);
            script.cues.push(Cue {
                id: script.cues.len() + 1,
                voice: voice.clone(),
                speaker: speaker.clone(),
                speaker_name: speaker_name.clone(),
                role: role.to_string(),
                section: section.to_string(),
                paragraphs: piece,
                continued: continued || n > 0,
                characters,
                latin_words,
                est_ms: ms,
                start_ms: 0,
            });
        }
    };
    for block in &doc.blocks {
        match block {
            Block::Heading { number, text, .. } => {
                section = match number {
                    Some(n) => format!("{n} {text}"),
                    None => text.clone(),
                };
            }
            Block::Title { .. } | Block::Subtitle { .. } | Block::Break { .. } => {}
            Block::Lead(p) | Block::Paragraph(p) => match &narrator {
                Some(v) => {
                    let sec = if section.is_empty() {
                        strings.lead.clone()
                    } else {
                        section.clone()
                    };
                    push(
                        &mut script,
                        v.clone(),
                        "narrator".into(),
                        strings.narration.clone(),
                        "narration",
                        &sec,
                        false,
                        vec![read_text(p)],
                    );
                }
                None => script.omitted_narration += 1,
            },
            Block::Turn {
                speaker,
                paragraphs,
                continued,
                ..
            } => {
                let who = doc.speaker(speaker);
                let name = who.map_or_else(|| speaker.clone(), |s| s.name.clone());
                let role = match who.map(|s| s.role) {
                    Some(Role::Interviewer) => "interviewer",
                    Some(Role::Interviewee) => "interviewee",
                    _ => "other",
                };
                let voice = voice_of(&name).unwrap_or_else(|| voices[0].id.clone());
                let texts: Vec<String> = paragraphs.iter().map(read_text).collect();
                let before = script.cues.len();
                // A turn that goes on after a note continues a cue only if its start made
                // one (a label alone on its line makes none).
                let continues = *continued && turn_spoke;
                push(
                    &mut script,
                    voice,
                    speaker.clone(),
                    name,
                    role,
                    &section,
                    continues,
                    texts,
                );
                turn_spoke = continues || script.cues.len() > before;
            }
            Block::Note {
                label, paragraphs, ..
            } => match (&narrator, config.notes) {
                (Some(v), true) => {
                    let texts = paragraphs.iter().map(read_text).collect();
                    push(
                        &mut script,
                        v.clone(),
                        "narrator".into(),
                        Strings::fill(&strings.narration_note, &[("label", label)]),
                        "note",
                        &section,
                        false,
                        texts,
                    );
                }
                _ => script.omitted_notes += 1,
            },
            Block::PullQuote { text, .. } => {
                if config.pull_quotes && narrator.is_some() {
                    let v = narrator.clone().unwrap_or_default();
                    push(
                        &mut script,
                        v,
                        "narrator".into(),
                        strings.narration_quote.clone(),
                        "narration",
                        &section,
                        false,
                        vec![text.clone()],
                    );
                } else {
                    script.omitted_pull_quotes += 1;
                }
            }
            Block::Caption { .. } => script.omitted_captions += 1,
            Block::Figure { .. } => script.omitted_figures += 1,
            Block::References { items, .. } => script.omitted_references += items.len(),
        }
    }
    // A pause after each cue: longer where the voice changes.
    let mut start = 0;
    for i in 0..script.cues.len() {
        let changes = script
            .cues
            .get(i + 1)
            .is_some_and(|n| n.voice != script.cues[i].voice);
        if changes {
            script.cues[i].est_ms += config.pause_turn_ms;
        }
        script.cues[i].start_ms = start;
        start += script.cues[i].est_ms;
    }
    script.total_ms = start;
    script.cues.shrink_to_fit();
    let chinese = crate::zh::normalize::is_chinese_language(&doc.meta.language);
    script.terms = terms(&script.cues, config, chinese);
    script
}

/// Every Latin-script name or term read in a Chinese text, with the cue it first comes in, and
/// the lexicon's reading when it has one. In a text in another language the Latin runs are the
/// text itself, so only the lexicon's entries are listed.
fn terms(cues: &[Cue], config: &ScriptConfig, chinese: bool) -> Vec<Term> {
    // Looked up by name (the first entry of a term wins) and seen terms kept in a set: a
    // script with thousands of names and a long lexicon stays linear.
    let lexicon = config.lexicon_where(|_| true);
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut terms: Vec<Term> = Vec::new();
    for cue in cues.iter().filter(|_| chinese) {
        for p in &cue.paragraphs {
            for term in latin_runs(p)
                .into_iter()
                .flat_map(|(a, b)| names_run_together(&p[a..b]))
            {
                let term = term.trim().to_string();
                if !seen.insert(term.clone()) {
                    continue;
                }
                let entry = lexicon.get(term.as_str()).copied();
                terms.push(Term {
                    term,
                    first_cue: cue.id,
                    alias: entry.and_then(|e| e.alias.clone()),
                    say: entry.and_then(|e| e.say.clone()),
                    ipa: entry.and_then(|e| e.ipa.clone()),
                    note: entry.and_then(|e| e.note.clone()),
                });
            }
        }
    }
    // Lexicon entries for words inside longer runs (LeCun in "Yann LeCun"): every remaining
    // entry searched for at once, the cues read once.
    let rest: Vec<&crate::sidecar::LexiconEntry> = config
        .lexicon
        .iter()
        .filter(|e| !e.term.is_empty() && seen.insert(e.term.clone()))
        .collect();
    let mut first_cue: Vec<Option<usize>> = vec![None; rest.len()];
    if let Ok(finder) = aho_corasick::AhoCorasick::new(rest.iter().map(|e| &e.term)) {
        let mut left = rest.len();
        'cues: for cue in cues {
            for p in &cue.paragraphs {
                for found in finder.find_overlapping_iter(p.as_str()) {
                    let slot = &mut first_cue[found.pattern().as_usize()];
                    if slot.is_none() {
                        *slot = Some(cue.id);
                        left -= 1;
                        if left == 0 {
                            break 'cues;
                        }
                    }
                }
            }
        }
    }
    for (entry, first) in rest.into_iter().zip(first_cue) {
        if let Some(first) = first {
            terms.push(Term {
                term: entry.term.clone(),
                first_cue: first,
                alias: entry.alias.clone(),
                say: entry.say.clone(),
                ipa: entry.ipa.clone(),
                note: entry.note.clone(),
            });
        }
    }
    terms.sort_by_key(|t| t.first_cue);
    terms
}

/// Splits a Latin run where a full stop joins two names without a space ("Chamath
/// Palihapitiya.Sheryl Sandberg", a slip of the source): a word of three or more letters
/// ending in a small letter, then a capitalised word of three or more. Titles and
/// abbreviations (Prof.Hinton, St.Louis), acronyms (Node.JS) and domains (wired.com) stay
/// whole.
fn names_run_together(run: &str) -> Vec<&str> {
    /// Titles and abbreviations that a full stop may join to a name without a space.
    const TITLES: &[&str] = &[
        "Mrs", "Prof", "Gen", "Sen", "Rep", "Gov", "Sgt", "Capt", "Col", "Rev", "Hon", "Pres",
        "Supt", "Cmdr", "Adm", "Lieut", "Messrs", "Inc", "Ltd", "Corp", "Bros", "Ave", "Blvd",
    ];
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let word_len = |range: &mut dyn Iterator<Item = &(usize, char)>| {
        range.take_while(|(_, c)| c.is_alphabetic()).count()
    };
    let mut pieces = Vec::new();
    let mut start = 0;
    for (k, &(at, c)) in chars.iter().enumerate() {
        if c != '.' || k == 0 || k + 2 >= chars.len() {
            continue;
        }
        let before = chars[k - 1].1;
        let (first, second) = (chars[k + 1].1, chars[k + 2].1);
        let left = word_len(&mut chars[..k].iter().rev());
        let word: String = chars[k - left..k].iter().map(|(_, c)| c).collect();
        let joins = before.is_lowercase()
            && first.is_uppercase()
            && second.is_lowercase()
            && left >= 3
            && !TITLES.contains(&word.as_str())
            && word_len(&mut chars[k + 1..].iter()) >= 3;
        if joins {
            pieces.push(&run[start..at]);
            start = at + 1;
        }
    }
    pieces.push(&run[start..]);
    pieces
}

/// `m:ss` or `h:mm:ss`.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::names_run_together;

    #[test]
    fn names_joined_by_a_full_stop_are_two_terms() {
        assert_eq!(
            names_run_together("Chamath Palihapitiya.Sheryl Sandberg"),
            ["Chamath Palihapitiya", "Sheryl Sandberg"]
        );
        for whole in [
            "St.Louis",
            "Mrs.Smith",
            "Prof.Hinton",
            "Sen.Warren",
            "Node.JS",
            "wired.com",
            "Yann LeCun",
            "Mr. Smith",
            "A.I.",
        ] {
            assert_eq!(names_run_together(whole), [whole]);
        }
    }
}

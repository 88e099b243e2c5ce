//! How long a text takes to read, and where a long turn is cut.

use crate::sidecar::ScriptConfig;
use crate::zh::{self, latin_runs};

/// Estimated reading time of a text, and what it counts.
pub fn estimate(text: &str, config: &ScriptConfig) -> (u64, usize, usize) {
    let mut characters = 0usize;
    let mut pauses = 0u64;
    for (at, c) in text.char_indices() {
        if zh::is_han(c) || ('\u{FF21}'..='\u{FF5A}').contains(&c) {
            characters += 1;
        }
        pauses += match c {
            '，' | '、' | '；' | '：' | ',' | ';' | ':' => config.pause_comma_ms,
            '。' | '！' | '？' | '!' | '?' | '…' => config.pause_sentence_ms,
            '.' if zh::is_full_stop(text, at) => config.pause_sentence_ms,
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
/// Each piece's paragraphs come with the index of the paragraph of `paragraphs` they are
/// (all or part) of.
pub(super) fn split_sentences(
    paragraphs: &[String],
    config: &ScriptConfig,
) -> Vec<Vec<(usize, String)>> {
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
    let mut pieces: Vec<Vec<(usize, String)>> = vec![Vec::new()];
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
            (Some(p), Some((_, text))) if p == index => text.push_str(&sentence),
            _ => piece.push((index, sentence)),
        }
        last_paragraph = Some(index);
        used += ms;
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// `m:ss` or `h:mm:ss`.
pub fn clock(ms: u64) -> String {
    // To the nearest second: 1,597.75 s is 26:38.
    let s = (ms + 500) / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

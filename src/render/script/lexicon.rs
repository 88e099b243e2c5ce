//! The lexicon a script reads with: the sidecar's `[[script.lexicon]]` first, then for a
//! Chinese text the built-in one (`templates/lexicon/zh.toml`: well-known names as mainland
//! media write them in Chinese). And the splitting of a Latin run into the terms it holds,
//! the same for the guide and for the speech, so that a name is said one way everywhere.

use std::sync::OnceLock;

use crate::sidecar::{LexiconEntry, LexiconIndex, ScriptConfig};

#[derive(serde::Deserialize)]
struct BuiltIn {
    lexicon: Vec<LexiconEntry>,
}

/// The built-in entries for a Chinese text.
pub fn built_in() -> &'static [LexiconEntry] {
    static ENTRIES: OnceLock<Vec<LexiconEntry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        toml::from_str::<BuiltIn>(include_str!("../../../templates/lexicon/zh.toml"))
            .expect("templates/lexicon/zh.toml parses (tested)")
            .lexicon
    })
}

/// The entries that `keep` accepts by term: the sidecar's, then (for Chinese) the built-in
/// ones the sidecar does not have.
pub fn index<'a>(
    config: &'a ScriptConfig,
    chinese: bool,
    keep: impl Fn(&LexiconEntry) -> bool + Copy,
) -> LexiconIndex<'a> {
    let mut index = config.lexicon_where(keep);
    if chinese {
        for entry in built_in().iter().filter(|e| keep(e)) {
            index.entry(entry.term.as_str()).or_insert(entry);
        }
    }
    index
}

/// Whether a word is an acronym read letter by letter: two to six capitals (and digits), as
/// AI, CEO, GPU, FAIR.
pub fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_ascii_uppercase()).count();
    (2..=6).contains(&word.chars().count())
        && letters >= 2
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A Latin run cut into the terms it holds: the longest known term at each word, then
/// (when `acronyms`) an acronym before or after other words on its own, and the words between
/// them as one term ("CEO Mark Zuckerberg" → "CEO", "Mark Zuckerberg").
pub fn split_terms<'r>(run: &'r str, known: &dyn Fn(&str) -> bool, acronyms: bool) -> Vec<&'r str> {
    let words: Vec<(usize, usize)> = word_spans(run);
    let mut out = Vec::new();
    let mut pending: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < words.len() {
        let longest = (i + 1..=words.len())
            .rev()
            .find(|&j| known(&run[words[i].0..words[j - 1].1]));
        let alone = match longest {
            Some(j) => Some(j),
            None if acronyms && words.len() > 1 && is_acronym(&run[words[i].0..words[i].1]) => {
                Some(i + 1)
            }
            None => None,
        };
        match alone {
            Some(j) => {
                if let Some((a, b)) = pending.take() {
                    push_words(&mut out, run, a, b);
                }
                out.push(&run[words[i].0..words[j - 1].1]);
                i = j;
            }
            None => {
                pending = Some(match pending {
                    Some((a, _)) => (a, words[i].1),
                    None => words[i],
                });
                i += 1;
            }
        }
    }
    if let Some((a, b)) = pending {
        push_words(&mut out, run, a, b);
    }
    out
}

/// Adds the words `run[a..b]` as a term, or to the term before when they are only a number
/// (`Llama 2` is one name).
fn push_words<'r>(out: &mut Vec<&'r str>, run: &'r str, a: usize, b: usize) {
    let words = &run[a..b];
    match out.last_mut() {
        Some(last) if words.chars().all(|c| !c.is_alphabetic()) => {
            let start = last.as_ptr() as usize - run.as_ptr() as usize;
            *last = &run[start..b];
        }
        _ => out.push(words),
    }
}

/// Byte spans of the words of a run, split at spaces; a word keeps its inner punctuation
/// (d’honneur, Fei-Fei) and loses a comma or full stop at its end.
fn word_spans(run: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in run.char_indices().chain([(run.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let word = run[s..i].trim_end_matches([',', '.', ';', ':', '!', '?']);
                if !word.is_empty() {
                    spans.push((s, s + word.len()));
                }
                start = None;
            }
            _ => {}
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_lexicon_parses_and_every_entry_has_a_reading() {
        let entries = built_in();
        assert!(entries.len() > 40);
        for e in entries {
            assert!(
                e.alias.is_some() || e.say.is_some() || e.note.is_some(),
                "{}",
                e.term
            );
        }
    }

    #[test]
    fn a_run_is_cut_at_the_terms_it_holds() {
        let known = |t: &str| ["Mark Zuckerberg", "Facebook"].contains(&t);
        assert_eq!(
            split_terms("CEO Mark Zuckerberg", &known, true),
            ["CEO", "Mark Zuckerberg"]
        );
        assert_eq!(split_terms("Facebook AI", &known, true), ["Facebook", "AI"]);
        assert_eq!(
            split_terms("Facebook AI", &known, false),
            ["Facebook", "AI"]
        );
        assert_eq!(
            split_terms("Chevalier de la Légion d’honneur", &known, true),
            ["Chevalier de la Légion d’honneur"]
        );
        assert_eq!(split_terms("Llama 2", &known, true), ["Llama 2"]);
        let llama = |t: &str| t == "Llama";
        assert_eq!(split_terms("Llama 2", &llama, true), ["Llama 2"]);
        assert_eq!(split_terms("FAIR", &known, true), ["FAIR"]);
        assert_eq!(
            split_terms("CEO Sam Altman,", &|_| false, false),
            ["CEO Sam Altman"]
        );
    }

    #[test]
    fn acronyms_are_capitals() {
        for yes in ["AI", "CEO", "GPU", "FAIR", "GPT4"] {
            assert!(is_acronym(yes), "{yes}");
        }
        for no in ["A", "Meta", "LeCun", "iPhone", "ABCDEFG", "42"] {
            assert!(!is_acronym(no), "{no}");
        }
    }
}

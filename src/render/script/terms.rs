//! The pronunciation guide: the names and terms a narrator meets, with their readings.

use super::cues::Cue;
use super::lexicon;
use crate::sidecar::ScriptConfig;
use crate::zh::latin_runs;
use serde::Serialize;

/// A Latin-script name or term in the read text, for the pronunciation guide.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    pub term: String,
    pub first_cue: usize,
    pub alias: Option<String>,
    pub say: Option<String>,
    pub ipa: Option<String>,
    pub note: Option<String>,
    /// Read letter by letter (AI, CEO): needs no reading of its own.
    pub acronym: bool,
}

impl Term {
    /// Neither the lexicon nor a rule says how to read it: for the producer to fill in.
    pub fn unread(&self) -> bool {
        self.alias.is_none()
            && self.say.is_none()
            && self.ipa.is_none()
            && self.note.is_none()
            && !self.acronym
    }
}

/// Every Latin-script name or term read in a Chinese text, with the cue it first comes in, and
/// the lexicon's reading when it has one. In a text in another language the Latin runs are the
/// text itself, so only the lexicon's entries are listed.
pub(super) fn terms(cues: &[Cue], config: &ScriptConfig, chinese: bool) -> Vec<Term> {
    // Looked up by name (the first entry of a term wins) and seen terms kept in a set: a
    // script with thousands of names and a long lexicon stays linear.
    let lexicon = lexicon::index(config, chinese, |_| true);
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut terms: Vec<Term> = Vec::new();
    for cue in cues.iter().filter(|_| chinese) {
        for p in &cue.paragraphs {
            let known = |t: &str| lexicon.contains_key(t);
            for term in latin_runs(p)
                .into_iter()
                .flat_map(|(a, b)| names_run_together(&p[a..b]))
                .flat_map(|run| lexicon::split_terms(run, &known, true))
            {
                let term = term.trim().to_string();
                if term.is_empty() || !seen.insert(term.clone()) {
                    continue;
                }
                let term_text = term.clone();
                let entry = lexicon.get(term.as_str()).copied();
                terms.push(Term {
                    term,
                    first_cue: cue.id,
                    alias: entry.and_then(|e| e.alias.clone()),
                    say: entry.and_then(|e| e.say.clone()),
                    ipa: entry.and_then(|e| e.ipa.clone()),
                    note: entry.and_then(|e| e.note.clone()),
                    acronym: lexicon::is_acronym(&term_text),
                });
            }
        }
    }
    // Lexicon entries for words inside longer runs (LeCun in "Yann LeCun"): every remaining
    // entry searched for at once, the cues read once.
    let built_in = if chinese { lexicon::built_in() } else { &[] };
    let rest: Vec<&crate::sidecar::LexiconEntry> = config
        .lexicon
        .iter()
        .chain(built_in)
        .filter(|e| !e.term.is_empty() && seen.insert(e.term.clone()))
        .collect();
    let mut first_cue: Vec<Option<usize>> = vec![None; rest.len()];
    if let Ok(finder) = aho_corasick::AhoCorasick::new(rest.iter().map(|e| &e.term)) {
        let mut left = rest.len();
        'cues: for cue in cues {
            for p in &cue.paragraphs {
                for found in finder.find_overlapping_iter(p.as_str()) {
                    // A whole word: Meta is not in Metaverse.
                    let before = p[..found.start()].chars().next_back();
                    let after = p[found.end()..].chars().next();
                    if before.is_some_and(char::is_alphanumeric)
                        && before.is_some_and(|c| c.is_ascii())
                        || after.is_some_and(|c| c.is_ascii_alphanumeric())
                    {
                        continue;
                    }
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
                acronym: lexicon::is_acronym(&entry.term),
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
pub(super) fn names_run_together(run: &str) -> Vec<&str> {
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

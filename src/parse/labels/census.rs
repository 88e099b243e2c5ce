//! Which labels are speakers: every label counted across the text, weighed by how often and
//! where it appears and how it looks beside the others.

use std::collections::HashMap;

use super::*;
use crate::error::Warning;
use crate::model::Speaker;
use crate::parse::lines::Line;
use crate::sidecar::Sidecar;

/// One label as it occurs across the text.
struct Seen<'a> {
    first: &'a str,
    spellings: Vec<&'a str>,
    count: usize,
    /// Lines whose label carries a time (transcripts).
    timed: usize,
    own_line: bool,
    /// Lines where it is written in capitals without a colon (`Q    text`).
    capitals: usize,
    first_line: usize,
    last_line: usize,
    /// Where the first line stands among the paragraphs (line numbers skip joined lines).
    first_at: usize,
}

/// Whether none of the other readings found speaker `n`.
fn found_only_by(others: &[Option<usize>], n: usize) -> bool {
    others.iter().all(|o| *o != Some(n))
}

/// Full names written in the credits, the cast or the text (`Kensei Nakada`): two or three
/// capitalised Latin words in a row.
struct FullNames(Vec<String>);

impl FullNames {
    fn of(lines: &[Line<'_>], sidecar: &Sidecar) -> FullNames {
        let mut names: Vec<String> = sidecar
            .credits
            .iter()
            .map(|c| c.name.clone())
            .chain(sidecar.cast.iter().filter_map(|c| c.name.clone()))
            .collect();
        let capitalised = |w: &str| {
            let mut chars = w.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_lowercase() || c == '-')
        };
        for line in lines {
            let words: Vec<&str> = line
                .text
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .collect();
            for pair in words.windows(2) {
                if capitalised(pair[0]) && capitalised(pair[1]) {
                    names.push(format!("{} {}", pair[0], pair[1]));
                }
            }
        }
        FullNames(names)
    }

    /// The full names that start with `first`.
    fn of_first<'n>(&'n self, first: &'n str) -> impl Iterator<Item = &'n String> + 'n {
        self.0.iter().filter(move |full| {
            full.split_whitespace().next() == Some(first) && full.split_whitespace().count() >= 2
        })
    }
}

/// Every label at a line start, keyed by [`label_key`], in order of first appearance.
fn census<'a>(lines: &[Line<'a>]) -> Vec<(String, Seen<'a>)> {
    let mut seen: Vec<(String, Seen)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    // Where labels are set in bold (two or more lines open so), a label in plain text is a
    // term being explained (`[KWOK](…): KWOK is…`), not a speaker's.
    let bold_labels = lines
        .iter()
        .filter(|l| l.opens_bold && find_label(l.text).is_some())
        .count()
        >= 2;
    for (at, line) in lines.iter().enumerate() {
        if bold_labels && !line.opens_bold {
            continue;
        }
        let Some(found) = find_label(line.text) else {
            continue;
        };
        let key = label_key(found.label);
        let i = *index.entry(key.clone()).or_insert_with(|| {
            seen.push((
                key,
                Seen {
                    first: found.label,
                    spellings: Vec::new(),
                    count: 0,
                    timed: 0,
                    own_line: false,
                    capitals: 0,
                    first_line: line.no,
                    last_line: line.no,
                    first_at: at,
                },
            ));
            seen.len() - 1
        });
        let s = &mut seen[i].1;
        s.count += 1;
        s.timed += parts(found.label).time.is_some() as usize;
        s.own_line |= found.rest.is_empty();
        s.capitals += (found.form == LabelForm::Capitals) as usize;
        s.last_line = line.no;
        if found.label != s.first && !s.spellings.contains(&found.label) {
            s.spellings.push(found.label);
        }
    }
    seen
}

/// Titles before a name, not part of its initials.
const HONORIFICS: &[&str] = &["dr", "mr", "mrs", "ms", "prof", "sir", "dame"];

/// Speakers and note labels of one document.
#[derive(Debug, Default)]
pub struct Labels {
    pub speakers: Vec<Speaker>,
    /// A transcript: most speaker labels carry a time, so a label line without one (a cast
    /// list in the header, `主持人：林一`) is not a turn.
    pub timed: bool,
    /// label key → index into `speakers`.
    speaker_keys: HashMap<String, usize>,
    note_keys: Vec<String>,
}

impl Labels {
    /// Decides from the whole text which labels are speakers and which are note labels.
    pub fn detect(lines: &[Line<'_>], sidecar: &Sidecar, warnings: &mut Vec<Warning>) -> Labels {
        let seen = census(lines);
        let mut labels = Labels {
            note_keys: NOTE_LABELS
                .iter()
                .copied()
                .chain(sidecar.reader.note_labels.iter().map(String::as_str))
                .map(label_key)
                .collect(),
            ..Labels::default()
        };
        labels.add_declared(sidecar, &seen);
        for (key, s) in &seen {
            let sounds_like_note = key.ends_with(['说', '注', '按']) && key.chars().count() <= 12;
            if s.own_line && sounds_like_note && !labels.speaker_keys.contains_key(key) {
                labels.note_keys.push(key.clone());
            }
        }
        if !sidecar.reader.cast_only {
            let names = FullNames::of(lines, sidecar);
            labels.add_recurring(&seen, &names, warnings);
            let (timed, all) = seen
                .iter()
                .filter(|(k, _)| labels.speaker_keys.contains_key(k))
                .fold((0, 0), |(t, a), (_, s)| (t + s.timed, a + s.count));
            labels.timed = all > 0 && timed * 10 >= all * 6;
            labels.add_single_lines(&seen, warnings);
        }
        assign_ids(&mut labels.speakers);
        labels
    }

    fn add_speaker(&mut self, speaker: Speaker, keys: impl IntoIterator<Item = String>) {
        let n = self.speakers.len();
        self.speakers.push(speaker);
        for key in keys {
            self.speaker_keys.entry(key).or_insert(n);
        }
    }

    fn is_candidate(&self, key: &str) -> bool {
        !self.speaker_keys.contains_key(key)
            && !self.note_keys.iter().any(|k| k == key)
            && !NOT_SPEAKERS.contains(&key)
            && !BREAK_LABELS.contains(&key)
    }

    /// Speakers the sidecar declares, in its order, with the spellings the text uses.
    fn add_declared(&mut self, sidecar: &Sidecar, seen: &[(String, Seen)]) {
        for entry in &sidecar.cast {
            let keys: Vec<String> = std::iter::once(&entry.label)
                .chain(&entry.aliases)
                .map(|l| label_key(l))
                .collect();
            let aliases = seen
                .iter()
                .filter(|(k, _)| keys.contains(k))
                .flat_map(|(_, s)| std::iter::once(s.first).chain(s.spellings.iter().copied()))
                .filter(|l| *l != entry.label)
                .map(str::to_string)
                .collect();
            let speaker = Speaker {
                id: entry.id.clone().unwrap_or_default(),
                label: entry.label.clone(),
                aliases,
                name: entry
                    .name
                    .clone()
                    .unwrap_or_else(|| display_name(&entry.label)),
                role: entry.role.unwrap_or(Role::Other),
                lang: entry.lang.clone(),
            };
            self.add_speaker(speaker, keys);
        }
    }

    /// Labels that start two or more lines. A label seen once whose name ends in a speaker's
    /// label (`RUTH ADEYEMI:` before `ADEYEMI:`) is that speaker.
    fn add_recurring(
        &mut self,
        seen: &[(String, Seen)],
        names: &FullNames,
        warnings: &mut Vec<Warning>,
    ) {
        // `A:` once or twice among many `AP:` turns: a slip for those initials.
        let slip_for = |key: &str, s: &Seen| {
            let longer: Vec<&String> = seen
                .iter()
                .filter(|(k, t)| {
                    t.count >= 3
                        && (2..=3).contains(&k.len())
                        && k.starts_with(key)
                        && t.first.chars().all(|c| c.is_ascii_uppercase())
                })
                .map(|(k, _)| k)
                .collect();
            (s.count <= 2 && key.len() == 1 && key.is_ascii() && longer.len() == 1)
                .then(|| longer[0].clone())
        };
        let mut slips = Vec::new();
        for (key, s) in seen.iter().filter(|(_, s)| s.count >= 2) {
            if !self.is_candidate(key) {
                continue;
            }
            if let Some(target) = slip_for(key, s) {
                slips.push((key, s, target));
                continue;
            }
            if s.count == 2 && role_from_label(s.first).is_none() {
                warnings.push(Warning::at(
                    s.first_line,
                    format!(
                        "\"{}\" read as a speaker label from only 2 lines; declare it in the sidecar's [[cast]] (or set reader.cast_only) to be sure",
                        s.first
                    ),
                ));
            }
            let speaker = new_speaker(s.first, &s.spellings);
            self.add_speaker(speaker, [key.clone()]);
        }
        for (key, s, target) in slips {
            if let Some(&n) = self.speaker_keys.get(&target) {
                warnings.push(Warning::at(
                    s.first_line,
                    format!(
                        "\"{}\" read as a slip for the speaker \"{}\"",
                        s.first, self.speakers[n].label
                    ),
                ));
                // Not an alias: a slip says nothing of the speaker (`A` is no answerer here).
                self.speaker_keys.insert(key.clone(), n);
            }
        }
        // A label seen once that names a speaker another way: a full name before the short
        // one (`RUTH ADEYEMI:` … `ADEYEMI:`), an announced short name (`（以下简称“利维”）`), the
        // surname of a full name (`Ford:` for `Martin Ford:`), or a slip of one letter.
        for (key, s) in seen.iter().filter(|(_, s)| s.count == 1) {
            if !self.is_candidate(key) {
                continue;
            }
            // A capitals label once (`NIELDS. What…`, `Mr. SECOHD. Yes.`) may be a speaker's
            // surname or a slip, never another reading: capitals start many sentences.
            let capitals = s.capitals > 0;
            let p = parts(s.first);
            let words: Vec<&str> = p.name.split_whitespace().collect();
            let by_alias = p.alias.and_then(|a| self.speaker_keys.get(&label_key(a)));
            let by_last_word = (words.len() >= 2)
                .then(|| self.speaker_keys.get(&label_key(words[words.len() - 1])))
                .flatten();
            // The full name once, then the first name or the initials: `Seth Kenlon:` …
            // `Seth:`, `Linux Voice:` … `LV:`.
            let by_first_word = (words.len() >= 2)
                .then(|| self.speaker_keys.get(&label_key(words[0])))
                .flatten();
            let by_initials = (words.len() >= 2
                && words.iter().all(|w| !w.chars().any(zh::is_han)))
            .then(|| self.by_initials(&words))
            .flatten();
            let full_name = by_first_word.copied().or(by_initials);
            let by_surname = self.speakers.iter().position(|sp| {
                let names: Vec<&str> = parts(&sp.label).name.split_whitespace().collect();
                names.len() >= 2 && label_key(names[names.len() - 1]) == *key
            });
            // A short name, then once in full: `Jess:` … `Jessica:` (one Latin word that
            // starts with a speaker's one-word label of three letters or more).
            let by_short_name = (words.len() == 1 && key.is_ascii())
                .then(|| {
                    self.speaker_keys.iter().find_map(|(k, &n)| {
                        (k.len() >= 3 && key.len() > k.len() && key.starts_with(k.as_str()))
                            .then_some(n)
                    })
                })
                .flatten();
            // A first name once, whose full name elsewhere (the credits, the text) has a
            // speaker's initials: `Arvind:` … `AP:` by Arvind Parekh.
            let by_named_initials = (words.len() == 1 && !capitals)
                .then(|| {
                    names.of_first(words[0]).find_map(|full| {
                        let parts: Vec<&str> = full.split_whitespace().collect();
                        self.by_initials(&parts).map(|n| (n, full))
                    })
                })
                .flatten();
            let by_slip = self.speaker_keys.iter().find_map(|(k, &n)| {
                (key.chars().count() >= 6 && edit_distance_at_most_one(k, key)).then_some(n)
            });
            let found = if capitals {
                by_surname.or(by_slip)
            } else {
                by_alias
                    .or(by_last_word)
                    .copied()
                    .or(full_name)
                    .or(by_surname)
                    .or(by_named_initials.as_ref().map(|(n, _)| *n))
                    .or(by_short_name)
                    .or(by_slip)
            };
            let Some(n) = found else {
                continue;
            };
            // The full name is the one to show.
            if !capitals && full_name == Some(n) && by_alias.or(by_last_word).is_none() {
                self.speakers[n].name = display_name(s.first);
            }
            if let Some((m, full)) = &by_named_initials
                && *m == n
                && found_only_by(
                    &[by_alias.or(by_last_word).copied(), full_name, by_surname],
                    n,
                )
            {
                // Known by initials in the turns, the speaker is shown by the full name.
                self.speakers[n].name = display_name(full);
            }
            let plain = by_alias.or(by_last_word).is_none() && by_surname.is_none();
            let guess = if by_short_name == Some(n) && plain && full_name.is_none() {
                Some("the speaker {} written in full")
            } else if by_slip.is_some() && plain && full_name.is_none() {
                Some("a misspelling of the speaker {}")
            } else {
                None
            };
            if let Some(guess) = guess {
                let speaker = format!("\"{}\"", self.speakers[n].label);
                warnings.push(Warning::at(
                    s.first_line,
                    format!("\"{}\" read as {}", s.first, guess.replace("{}", &speaker)),
                ));
            }
            self.speakers[n].aliases.push(s.first.to_string());
            self.speaker_keys.insert(key.clone(), n);
        }
    }

    /// A label seen once, between the first and last turn of the recurring speakers, shaped
    /// like their labels, is a speaker too (a guest who speaks once); a guess worth a warning.
    fn add_single_lines(&mut self, seen: &[(String, Seen)], warnings: &mut Vec<Warning>) {
        let dialogue = seen
            .iter()
            .filter(|(k, _)| self.speaker_keys.contains_key(k))
            .fold(None, |range: Option<(usize, usize)>, (_, s)| {
                Some(range.map_or((s.first_line, s.last_line), |(a, b)| {
                    (a.min(s.first_line), b.max(s.last_line))
                }))
            });
        let Some((first, last)) = dialogue else {
            return;
        };
        let shapes: Vec<LabelShape> = self
            .speakers
            .iter()
            .map(|s| LabelShape::of(&s.label))
            .collect();
        // Single labels on adjacent lines are a list (`Code contributions: …`).
        let singles: Vec<usize> = seen
            .iter()
            .filter(|(_, s)| s.count == 1)
            .map(|(_, s)| s.first_at)
            .collect();
        let in_list = |at: usize| singles.iter().any(|&other| other.abs_diff(at) == 1);
        // Where the speakers' labels stand alone on their lines (`唐鳳：` over the answer), a
        // label alone on its line is in their form.
        let speakers_own_line = seen
            .iter()
            .filter(|(k, _)| self.speaker_keys.contains_key(k))
            .all(|(_, s)| s.own_line);
        // Where the speakers' labels are capitals without a colon (`CHAIR POWELL. …`), a
        // capitals label seen once is in their form (a reporter who asks once).
        let speakers_capitals = seen
            .iter()
            .filter(|(k, _)| self.speaker_keys.contains_key(k))
            .all(|(_, s)| s.capitals > 0);
        // A family of labels seen once each, one stem and a letter or number (`學生 A`,
        // `學生 B`; `Caller 1`, `Caller 2`): participants who speak once, in the speakers' form.
        let stem = |label: &str| -> String {
            let t = label.trim_end_matches(|c: char| c.is_ascii_alphanumeric());
            if t.len() < label.len() && t.ends_with(' ') {
                t.trim_end().to_string()
            } else {
                String::new()
            }
        };
        let family = |label: &str| {
            let st = stem(label);
            !st.is_empty()
                && seen
                    .iter()
                    .filter(|(_, o)| o.count == 1 && stem(o.first) == st)
                    .count()
                    >= 2
        };
        for (key, s) in seen {
            let shape = LabelShape::of(s.first);
            let in_family = family(s.first);
            let fits = s.count == 1
                && (s.capitals == 0 || speakers_capitals)
                && s.own_line == speakers_own_line
                && !in_list(s.first_at)
                && (s.timed == 1 || !self.timed)
                && (first..=last).contains(&s.first_line)
                && self.is_candidate(key)
                && (in_family || shape != LabelShape::Other && shapes.contains(&shape));
            if !fits {
                continue;
            }
            warnings.push(Warning::at(
                s.first_line,
                format!(
                    "\"{}\" read as a speaker label from a single line, as it looks like the other speakers' labels; declare the cast in the sidecar to be sure",
                    s.first
                ),
            ));
            self.add_speaker(new_speaker(s.first, &[]), [key.clone()]);
        }
    }

    /// The speaker whose label is a name's initials: all of them, or the first and last
    /// (`Timothy Normand Miller` … `TM:`); honorifics are not initials (`Dr. Petter Urkedal` …
    /// `PU:`).
    fn by_initials(&self, words: &[&str]) -> Option<usize> {
        let named: Vec<&str> = words
            .iter()
            .copied()
            .skip_while(|w| HONORIFICS.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
            .collect();
        let initial = |w: &&str| w.chars().next().into_iter().flat_map(char::to_lowercase);
        let initials: String = named.iter().flat_map(initial).collect();
        let outer_initials: String = named
            .first()
            .into_iter()
            .chain(named.last().filter(|_| named.len() >= 3))
            .flat_map(initial)
            .collect();
        (named.len() >= 2)
            .then(|| {
                self.speaker_keys
                    .get(&initials)
                    .or_else(|| self.speaker_keys.get(&outer_initials))
                    .copied()
            })
            .flatten()
    }

    /// A person's name alone on a line (`Bernhard Reiter`, `Richard M. Stallman`) whose
    /// initials are a speaker's label: the caption of their portrait.
    pub fn named_by_initials(&self, text: &str) -> Option<usize> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let name_like = (2..=4).contains(&words.len())
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase())
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
                    && !w.chars().any(zh::is_han)
            });
        name_like.then(|| self.by_initials(&words)).flatten()
    }

    pub fn speaker_for(&self, label: &str) -> Option<usize> {
        self.speaker_keys.get(&label_key(label)).copied()
    }

    pub fn is_note_label(&self, label: &str) -> bool {
        let key = label_key(label);
        self.note_keys.contains(&key) && !self.speaker_keys.contains_key(&key)
    }

    /// The speaker whose label or name starts `text` as a word of its own (not followed by a
    /// colon, nor run into a longer Latin word), with the byte length matched.
    pub fn speaker_at_start(&self, text: &str) -> Option<(usize, usize)> {
        self.speakers.iter().enumerate().find_map(|(i, s)| {
            std::iter::once(&s.label)
                .chain(&s.aliases)
                .chain(std::iter::once(&s.name))
                .filter(|form| !form.is_empty())
                .find_map(|form| {
                    let rest = text.strip_prefix(form.as_str())?;
                    let next = rest.chars().next();
                    let last = form.chars().last()?;
                    let runs_on = next.is_some_and(|n| {
                        n == ':'
                            || n == '：'
                            || (last.is_alphanumeric() && n.is_alphanumeric() && !zh::is_han(n))
                    });
                    (!runs_on).then_some((i, form.len()))
                })
        })
    }
}

/// The look of a label, to tell whether a label seen once belongs with the speakers'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelShape {
    /// `HOST`, `Q`, `YANN LECUN`.
    UpperLatin,
    /// `Steven Levy`, `Dr. Smith`.
    CapitalisedLatin,
    /// `主持人`, `张三`, `史蒂文·利维`.
    Han,
    Other,
}

impl LabelShape {
    fn of(label: &str) -> LabelShape {
        let name_punct = |c: char| matches!(c, ' ' | '.' | '-' | '\'' | '’');
        let latin = label
            .chars()
            .all(|c| c.is_alphabetic() && !zh::is_han(c) || name_punct(c));
        if latin && label.chars().any(char::is_alphabetic) {
            if !label.chars().any(char::is_lowercase) {
                return LabelShape::UpperLatin;
            }
            if label
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            {
                return LabelShape::CapitalisedLatin;
            }
            return LabelShape::Other;
        }
        let chars = label.chars().count();
        if (1..=6).contains(&chars) && label.chars().all(|c| zh::is_han(c) || c == '·') {
            return LabelShape::Han;
        }
        LabelShape::Other
    }
}

/// Whether two strings differ by at most one insertion, deletion or substitution.
fn edit_distance_at_most_one(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        short[prefix + 1.min(short.len() - prefix)..] == long[prefix + 1.min(long.len() - prefix)..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

fn new_speaker(label: &str, spellings: &[&str]) -> Speaker {
    Speaker {
        id: String::new(),
        label: label.to_string(),
        aliases: spellings.iter().map(|l| l.to_string()).collect(),
        name: display_name(label),
        role: Role::Other,
        lang: None,
    }
}

/// Ids from the sidecar are kept; others come from an ASCII label (`steven-levy`) or are
/// numbered (`speaker-2`). Ids are unique.
fn assign_ids(speakers: &mut [Speaker]) {
    let mut used: Vec<String> = speakers
        .iter()
        .filter(|s| !s.id.is_empty())
        .map(|s| s.id.clone())
        .collect();
    for (n, speaker) in speakers.iter_mut().enumerate() {
        if !speaker.id.is_empty() {
            continue;
        }
        let slug = crate::slug::slugify(&display_name(&speaker.label));
        let mut id = if slug.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2 {
            slug
        } else {
            format!("speaker-{}", n + 1)
        };
        while used.contains(&id) {
            id.push('x');
        }
        used.push(id.clone());
        speaker.id = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_of_one_letter() {
        assert!(edit_distance_at_most_one("yannlecun", "yannlecunn"));
        assert!(edit_distance_at_most_one("yannlecun", "yanlecun"));
        assert!(edit_distance_at_most_one("yannlecun", "yannlecan"));
        assert!(!edit_distance_at_most_one("yannlecun", "martinford"));
        assert!(edit_distance_at_most_one("abc", "abc"));
    }
}

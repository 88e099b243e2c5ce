//! Labels at line starts (`Name:`, `问：`, `Sense说:`): finding them, and deciding which are
//! speakers and which introduce editor notes.

use std::collections::HashMap;

use super::lines::Line;
use crate::error::Warning;
use crate::model::{Role, Speaker};
use crate::sidecar::Sidecar;
use crate::zh;

/// Longest label, in characters, that can stand before a colon.
const MAX_LABEL_CHARS: usize = 24;
/// The same for a label in Latin letters (`FOREIGN MINISTER HAAVISTO`).
const MAX_LATIN_LABEL_CHARS: usize = 40;

/// Words that often stand before a colon at a line start but never name a speaker: list
/// lead-ins and bylines. Compared as label keys (lowercase, no spaces).
const NOT_SPEAKERS: &[&str] = &[
    "例如",
    "比如",
    "譬如",
    "注意",
    "提示",
    "备注",
    "总结",
    "结论",
    "答案",
    "问题",
    "原因",
    "地址",
    "时间",
    "日期",
    "地点",
    "电话",
    "邮箱",
    "来源",
    "出处",
    "作者",
    "文",
    "编辑",
    "责编",
    "责任编辑",
    "翻译",
    "编译",
    "校对",
    "排版",
    "审校",
    "图",
    "图片",
    "摄影",
    "原文",
    "原文链接",
    "链接",
    "网址",
    "微信",
    "公众号",
    "关键词",
    "摘要",
    "导语",
    "ps",
    "p.s.",
    "source",
    "via",
    "photo",
    "photograph",
    "photography",
    "photos",
    "image",
    "illustration",
    "credit",
    "摄影",
    "攝影",
    "來源",
    "文字记录",
    "访谈时间",
    "访谈地点",
    "采访时间",
    "采访地点",
    "url",
    "email",
    "tags",
];

/// Labels that mark a pause in a recording, not a speaker: `Break: [24:27]`.
pub const BREAK_LABELS: &[&str] = &[
    "break",
    "adbreak",
    "commercialbreak",
    "sponsorbreak",
    "sponsor",
    "intermission",
    "广告",
    "廣告",
    "中场休息",
    "中場休息",
];

/// Labels that introduce an editor's or translator's note wherever they appear.
const NOTE_LABELS: &[&str] = &[
    "编者注",
    "编者按",
    "编按",
    "编注",
    "译者注",
    "译者按",
    "译注",
    "译按",
    "小编注",
    "小编说",
    "作者注",
    "附注",
    "编者的话",
    "編按",
    "編者按",
    "編者註",
    "編者注",
    "編註",
    "編注",
    "譯者註",
    "譯者注",
    "譯註",
    "譯注",
    "譯按",
    "作者註",
    "附註",
    "注",
    "按",
    "editor'snote",
    "editor’snote",
    "editorsnote",
    "editor'snotes",
    "translator'snote",
    "translator’snote",
    "note",
];

/// Labels that name the asking side / the answering side in a Q&A.
const INTERVIEWER_LABELS: &[&str] = &[
    "问",
    "q",
    "记者",
    "主持人",
    "主持",
    "提问",
    "采访者",
    "interviewer",
    "host",
];
const INTERVIEWEE_LABELS: &[&str] = &["答", "a", "受访者", "嘉宾", "interviewee", "guest"];

/// A label found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labelled<'a> {
    /// As written, trimmed.
    pub label: &'a str,
    /// Text after the colon, trimmed (empty when the label stands on its own line).
    pub rest: &'a str,
    pub form: LabelForm,
}

/// How a label is set off from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelForm {
    /// `Name: text`, `名字：`, or a name with a time.
    Colon,
    /// Capitals with no colon, before a wide gap or a full stop (`Q    text`, `CHAIR POWELL.`).
    Capitals,
}

/// Verbs of reported speech: `李建华说：“…”` quotes someone, it does not label a turn.
const SPEECH_VERBS: &[&str] = &[
    "说",
    "说道",
    "表示",
    "称",
    "道",
    "问",
    "问道",
    "答道",
    "指出",
    "认为",
    "回忆",
    "坦言",
    "笑称",
    "强调",
    "补充",
    "介绍",
    "解释",
    "感叹",
    "透露",
    "写道",
    "提到",
    "回答",
    "告诉记者",
    "said",
    "says",
    "asked",
    "told",
];

/// Splits `Label: rest` (ASCII or full-width colon, spaces allowed around it). The colon is
/// the first one not inside a time (`[00:01:23] 主持人：`, `Priya Raman (00:00:02):`); a name
/// followed only by a time (`晓楠 00:00:05`) is a label standing alone.
pub fn find_label(text: &str) -> Option<Labelled<'_>> {
    let by_colon = colon_label(text);
    // `Q    text`, `CHAIR POWELL. text`: capitals before a wide gap or a full stop (press
    // transcripts). They count as speakers only when they recur (see `Labels::detect`).
    if let Some(found) = by_colon
        && (!has_wide_gap(found.label) || !found.label.chars().any(char::is_lowercase))
    {
        return Some(found);
    }
    capitals_label(text).or(by_colon)
}

/// Two or more spaces (ASCII, no-break, tab) in a row.
fn has_wide_gap(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        run = if matches!(c, ' ' | '\u{a0}' | '\t') {
            run + 1
        } else {
            0
        };
        if run >= 2 {
            return true;
        }
    }
    false
}

/// A label in capitals with no colon: `Q    text` (a wide gap after it) or `CHAIR POWELL. text`.
fn capitals_label(text: &str) -> Option<Labelled<'_>> {
    let gap = text.char_indices().find(|&(i, c)| {
        matches!(c, ' ' | '\u{a0}' | '\t')
            && text[i + c.len_utf8()..].starts_with([' ', '\u{a0}', '\t'])
    });
    let (label, rest) = match gap {
        Some((i, _)) => (&text[..i], &text[i..]),
        None => {
            // `CHAIR POWELL. Good afternoon`: the first full stop followed by a space whose
            // text before it is capitals of at least two letters (not an initial `J.`).
            let stop = text
                .char_indices()
                .find(|&(i, c)| c == '.' && text[i + 1..].starts_with(' '))
                .map(|(i, _)| (&text[..i], &text[i + 1..]))
                .filter(|(label, _)| {
                    let last = label.rsplit(' ').next().unwrap_or("");
                    last.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && !label.chars().any(char::is_lowercase)
                });
            match stop {
                Some(found) => found,
                // `INTERVIEWER The Slipway is…`: one word of capitals run into a sentence
                // (magazines); like every capitals label, a speaker only when it recurs.
                None => {
                    let (word, rest) = text.split_once(' ')?;
                    let sentence = rest.split_whitespace().count() >= 3
                        && rest.starts_with(|c: char| c.is_ascii_uppercase());
                    let letters = word.chars().all(|c| c.is_ascii_uppercase());
                    if !(sentence && letters && word.len() >= 3) {
                        return None;
                    }
                    (word, rest)
                }
            }
        }
    };
    let (label, rest) = (zh::trim_edges(label), zh::trim_edges(rest));
    let capitals = label.chars().any(char::is_uppercase)
        && label
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'' | '’'));
    let fits = capitals
        && !rest.is_empty()
        && !rest.starts_with([':', '：'])
        && label.chars().count() <= MAX_LATIN_LABEL_CHARS
        && label.split_whitespace().count() <= 5;
    fits.then_some(Labelled {
        label,
        rest,
        form: LabelForm::Capitals,
    })
}

fn colon_label(text: &str) -> Option<Labelled<'_>> {
    let bytes = text.as_bytes();
    let digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    // The first colon outside brackets: `Don Watkins（译注：本文作者）：` labels Don Watkins.
    let mut depth = 0usize;
    let colon = text.char_indices().find(|&(i, c)| {
        match c {
            '（' | '(' | '【' | '[' => depth += 1,
            '）' | ')' | '】' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth == 0 && (c == '：' || (c == ':' && !(i > 0 && digit_at(i - 1) && digit_at(i + 1))))
    });
    let (label, rest) = match colon {
        Some((idx, c)) => (
            zh::trim_edges(&text[..idx]),
            zh::trim_edges(&text[idx + c.len_utf8()..]),
        ),
        None => {
            // Only `Name 00:00:05`: a time after the name, nothing else on the line.
            let time = parts(text).time?;
            if !zh::trim_edges(text).ends_with(time) {
                return None;
            }
            (zh::trim_edges(text), "")
        }
    };
    let chars = label.chars().count();
    if chars == 0 || chars > MAX_LATIN_LABEL_CHARS + 12 || rest.starts_with("//") {
        return None;
    }
    let parts = parts(label);
    let name = parts.name;
    let limit = if name.chars().any(zh::is_han) {
        MAX_LABEL_CHARS
    } else {
        MAX_LATIN_LABEL_CHARS
    };
    if name.is_empty()
        || name.chars().count() > limit
        || name.starts_with(|c: char| c.is_ascii_digit())
        || name.split_whitespace().count() > 5
    {
        return None;
    }
    let forbidden =
        |c: char| zh::is_prose_punct(c) || "“”\"‘’「」『』（）()《》【】[]<>{}=/\\#*|".contains(c);
    // A joint label of initials: `M/G/S`.
    let joint = name.contains('/')
        && name
            .split('/')
            .all(|w| !w.is_empty() && w.chars().all(char::is_alphabetic));
    // A bracketed note in a label may have a colon: `（LCTT 译注：本文作者）`.
    let role_forbidden = |c: char| forbidden(c) && !matches!(c, ':' | '：');
    if name.chars().any(|c| forbidden(c) && !(joint && c == '/'))
        || parts.role.chars().any(role_forbidden)
    {
        return None;
    }
    let quotes_someone = rest.starts_with(['“', '「', '『', '"'])
        && SPEECH_VERBS
            .iter()
            .any(|v| label.ends_with(v) && label.len() > v.len());
    if quotes_someone {
        return None;
    }
    Some(Labelled {
        label,
        rest,
        form: LabelForm::Colon,
    })
}

/// A label taken apart: `史蒂文·利维（以下简称“利维”）`, `张三（主持人）`,
/// `TERRY GROSS, HOST`, `[00:01:23] 主持人`, `Priya Raman (00:00:02)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelParts<'a> {
    pub name: &'a str,
    /// A role written with the name (`主持人`, `HOST`), or "".
    pub role: &'a str,
    /// A time written with the name (`00:01:23`).
    pub time: Option<&'a str>,
    /// The short name the text announces (`以下简称“利维”` → `利维`).
    pub alias: Option<&'a str>,
}

/// `1:23`, `01:23`, `01:02:03`, `01:02:03.5`, `01:02:03,500`.
pub fn is_timestamp(s: &str) -> bool {
    let main = s.split(['.', ',']).next().unwrap_or("");
    let fields: Vec<&str> = main.split(':').collect();
    (2..=3).contains(&fields.len())
        && fields[0].len() <= 2
        && fields
            .iter()
            .all(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
        && fields[1..].iter().all(|f| f.len() == 2)
}

/// `以下简称“X”`, `下称X`, `简称X`, `hereafter X`: the short label used from then on.
fn alias_in(bracket: &str) -> Option<&str> {
    let rest = [
        "以下简称",
        "下文简称",
        "下称",
        "简称",
        "以下簡稱",
        "下稱",
        "簡稱",
        "hereafter ",
    ]
    .iter()
    .find_map(|p| bracket.strip_prefix(p))?;
    let alias = rest
        .trim_start_matches([':', '：', ' '])
        .trim_matches(['“', '”', '"', '「', '」', '‘', '’', ' ']);
    (!alias.is_empty() && alias.chars().count() <= 12).then_some(alias)
}

pub fn parts(label: &str) -> LabelParts<'_> {
    let mut s = zh::trim_edges(label);
    let mut out = LabelParts {
        name: s,
        role: "",
        time: None,
        alias: None,
    };
    // A leading time: [00:01:23], (00:01:23) or 00:01:23.
    for (open, close) in [('[', ']'), ('(', ')'), ('【', '】'), ('（', '）')] {
        if let Some(inner) = s.strip_prefix(open)
            && let Some(end) = inner.find(close)
            && is_timestamp(inner[..end].trim())
        {
            out.time = Some(inner[..end].trim());
            s = zh::trim_edges(&inner[end + close.len_utf8()..]);
        }
    }
    if out.time.is_none()
        && let Some((first, rest)) = s.split_once(char::is_whitespace)
        && is_timestamp(first)
    {
        out.time = Some(first);
        s = zh::trim_edges(rest);
    }
    // A trailing bracket: a time, an alias, or a role.
    for (open, close) in [('（', '）'), ('(', ')'), ('[', ']')] {
        if let Some(inner) = s.strip_suffix(close)
            && let Some(at) = inner.rfind(open)
        {
            let bracket = zh::trim_edges(&inner[at + open.len_utf8()..]);
            s = zh::trim_edges(&inner[..at]);
            if is_timestamp(bracket) {
                out.time = Some(bracket);
            } else if let Some(alias) = alias_in(bracket) {
                out.alias = Some(alias);
            } else {
                out.role = bracket;
            }
            break;
        }
    }
    // A trailing bare time: 晓楠 00:00:05.
    if let Some((name, last)) = s.rsplit_once(char::is_whitespace)
        && is_timestamp(last)
    {
        out.time = Some(last);
        s = zh::trim_edges(name);
    }
    // Transcripts: TERRY GROSS, HOST.
    if out.role.is_empty()
        && let Some((name, role)) = s.split_once(", ")
    {
        let latin = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
        };
        if latin(name) && latin(role) {
            s = name.trim();
            out.role = role.trim();
        }
    }
    out.name = s;
    out
}

/// A label's name and role (see [`parts`]).
pub fn split_role(label: &str) -> (&str, &str) {
    let p = parts(label);
    (p.name, p.role)
}

/// The name to show for a label: the role part dropped, spaces padding a Chinese name
/// (`何　静`) removed, other runs of spaces made one.
pub fn display_name(label: &str) -> String {
    let (name, _) = split_role(label);
    if name.chars().any(zh::is_han) {
        name.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        name.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// How labels are compared: by name (role, time and alias left out), lowercase, whitespace
/// removed, so `Sense 说` = `Sense说`, `YANN LECUN` = `Yann LeCun` and `张三（主持人）` = `张三`.
pub fn label_key(label: &str) -> String {
    parts(label)
        .name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

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
}

/// Every label at a line start, keyed by [`label_key`], in order of first appearance.
fn census<'a>(lines: &[Line<'a>]) -> Vec<(String, Seen<'a>)> {
    let mut seen: Vec<(String, Seen)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for line in lines {
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
            labels.add_recurring(&seen, warnings);
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
    fn add_recurring(&mut self, seen: &[(String, Seen)], warnings: &mut Vec<Warning>) {
        for (key, s) in seen.iter().filter(|(_, s)| s.count >= 2) {
            if !self.is_candidate(key) {
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
        // A label seen once that names a speaker another way: a full name before the short
        // one (`RUTH ADEYEMI:` … `ADEYEMI:`), an announced short name (`（以下简称“利维”）`), the
        // surname of a full name (`Ford:` for `Martin Ford:`), or a slip of one letter.
        for (key, s) in seen.iter().filter(|(_, s)| s.count == 1 && s.capitals == 0) {
            if !self.is_candidate(key) {
                continue;
            }
            let p = parts(s.first);
            let words: Vec<&str> = p.name.split_whitespace().collect();
            let by_alias = p.alias.and_then(|a| self.speaker_keys.get(&label_key(a)));
            let by_last_word = (words.len() >= 2)
                .then(|| self.speaker_keys.get(&label_key(words[words.len() - 1])))
                .flatten();
            // The full name once, then the first name or the initials: `Seth Kenlon:` …
            // `Seth:`, `Linux Voice:` … `LV:`.
            let initials: String = words
                .iter()
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_lowercase)
                .collect();
            let by_first_word = (words.len() >= 2)
                .then(|| self.speaker_keys.get(&label_key(words[0])))
                .flatten();
            let by_initials = (words.len() >= 2
                && words.iter().all(|w| !w.chars().any(zh::is_han)))
            .then(|| self.speaker_keys.get(&initials))
            .flatten();
            let full_name = by_first_word.or(by_initials).copied();
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
            let by_slip = self.speaker_keys.iter().find_map(|(k, &n)| {
                (key.chars().count() >= 6 && edit_distance_at_most_one(k, key)).then_some(n)
            });
            let Some(n) = by_alias
                .or(by_last_word)
                .copied()
                .or(full_name)
                .or(by_surname)
                .or(by_short_name)
                .or(by_slip)
            else {
                continue;
            };
            // The full name is the one to show.
            if full_name == Some(n) && by_alias.or(by_last_word).is_none() {
                self.speakers[n].name = display_name(s.first);
            }
            if by_short_name == Some(n)
                && by_alias.or(by_last_word).or(full_name.as_ref()).is_none()
                && by_surname.is_none()
            {
                warnings.push(Warning::at(
                    s.first_line,
                    format!(
                        "\"{}\" read as the speaker \"{}\" written in full",
                        s.first, self.speakers[n].label
                    ),
                ));
            } else if by_slip.is_some()
                && by_alias.or(by_last_word).is_none()
                && full_name.is_none()
                && by_surname.is_none()
            {
                warnings.push(Warning::at(
                    s.first_line,
                    format!(
                        "\"{}\" read as a misspelling of the speaker \"{}\"",
                        s.first, self.speakers[n].label
                    ),
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
            .map(|(_, s)| s.first_line)
            .collect();
        let in_list = |line: usize| singles.iter().any(|&other| other.abs_diff(line) == 1);
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
                && !in_list(s.first_line)
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

/// Role from the label itself (问/答, Q/A, 记者…), if it says.
pub fn role_from_label(label: &str) -> Option<Role> {
    let (name, role) = split_role(label);
    [role, name].into_iter().find_map(|word| {
        let key = label_key(word);
        if INTERVIEWER_LABELS.contains(&key.as_str()) {
            Some(Role::Interviewer)
        } else if INTERVIEWEE_LABELS.contains(&key.as_str()) {
            Some(Role::Interviewee)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_forms() {
        let l = find_label("Steven Levy:在最近的一次演讲中").unwrap();
        assert_eq!((l.label, l.rest), ("Steven Levy", "在最近的一次演讲中"));
        let l = find_label("Yann LeCun ： 对").unwrap();
        assert_eq!((l.label, l.rest), ("Yann LeCun", "对"));
        assert_eq!(find_label("问：为什么？").unwrap().label, "问");
        assert_eq!(find_label("Sense说:").unwrap().rest, "");
        assert_eq!(
            find_label("张三（主持人）：欢迎").unwrap().label,
            "张三（主持人）"
        );
        assert_eq!(role_from_label("张三（主持人）"), Some(Role::Interviewer));
        assert_eq!(role_from_label("李四 (嘉宾)"), Some(Role::Interviewee));
        assert!(find_label("（笑）：好").is_none());
        assert_eq!(split_role("TERRY GROSS, HOST"), ("TERRY GROSS", "HOST"));
        assert!(find_label("李建华说：“我们不走。”").is_none());
        assert!(find_label("问：“为什么？”").is_some());
        assert_eq!(display_name("何　静"), "何静");
        assert_eq!(display_name("Yann  LeCun"), "Yann LeCun");
        assert!(find_label("https://example.com/a").is_none());
        assert!(find_label("10:30 开始").is_none());
        assert_eq!(find_label("[00:01:23] 主持人：欢迎").unwrap().rest, "欢迎");
        let p = parts("Priya Raman (00:00:02)");
        assert_eq!((p.name, p.time), ("Priya Raman", Some("00:00:02")));
        assert_eq!(find_label("晓楠 00:00:05").unwrap().rest, "");
        let p = parts("史蒂文·利维（以下简称“利维”）");
        assert_eq!((p.name, p.alias), ("史蒂文·利维", Some("利维")));
        assert_eq!(label_key("张三（主持人）"), label_key("张三"));
        assert!(find_label("他说,“你好:世界”").is_none());
        assert!(find_label("这是一个很长很长很长很长很长很长很长很长很长的句子:后面").is_none());
    }

    #[test]
    fn slips_of_one_letter() {
        assert!(edit_distance_at_most_one("yannlecun", "yannlecunn"));
        assert!(edit_distance_at_most_one("yannlecun", "yanlecun"));
        assert!(edit_distance_at_most_one("yannlecun", "yannlecan"));
        assert!(!edit_distance_at_most_one("yannlecun", "martinford"));
        assert!(edit_distance_at_most_one("abc", "abc"));
    }

    #[test]
    fn keys_ignore_case_and_spaces() {
        assert_eq!(label_key("Sense 说"), label_key("Sense说"));
        assert_eq!(label_key("YANN LECUN"), label_key("Yann LeCun"));
    }
}

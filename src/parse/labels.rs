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
    "credit",
    "url",
    "email",
    "tags",
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

/// Splits `Label: rest` (ASCII or full-width colon, spaces allowed around it).
pub fn find_label(text: &str) -> Option<Labelled<'_>> {
    let (idx, colon) = text.char_indices().find(|&(_, c)| c == ':' || c == '：')?;
    let label = zh::trim_edges(&text[..idx]);
    let rest = zh::trim_edges(&text[idx + colon.len_utf8()..]);
    let chars = label.chars().count();
    if chars == 0 || chars > MAX_LABEL_CHARS || rest.starts_with("//") {
        return None;
    }
    let first = label.chars().next()?;
    if first.is_ascii_digit() || label.split_whitespace().count() > 5 {
        return None;
    }
    let forbidden =
        |c: char| zh::is_prose_punct(c) || "“”\"‘’「」『』（）()《》【】[]<>{}=/\\#*|".contains(c);
    let (name, role) = split_role(label);
    if name.is_empty() || name.chars().any(forbidden) || role.chars().any(forbidden) {
        return None;
    }
    let quotes_someone = rest.starts_with(['“', '「', '『', '"'])
        && SPEECH_VERBS
            .iter()
            .any(|v| label.ends_with(v) && label.len() > v.len());
    if quotes_someone {
        return None;
    }
    Some(Labelled { label, rest })
}

/// A label's name and role: `张三（主持人）` → (`张三`, `主持人`), and in transcripts
/// `TERRY GROSS, HOST` → (`TERRY GROSS`, `HOST`).
pub fn split_role(label: &str) -> (&str, &str) {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = label.strip_suffix(close)
            && let Some(at) = inner.rfind(open)
        {
            return (
                zh::trim_edges(&inner[..at]),
                zh::trim_edges(&inner[at + open.len_utf8()..]),
            );
        }
    }
    if let Some((name, role)) = label.split_once(", ") {
        let latin = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
        };
        if latin(name) && latin(role) {
            return (name.trim(), role.trim());
        }
    }
    (label, "")
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

/// How labels are compared: lowercase, whitespace removed, so `Sense 说` = `Sense说` and
/// `YANN LECUN` = `Yann LeCun`.
pub fn label_key(label: &str) -> String {
    label
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
    own_line: bool,
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
                    own_line: false,
                    first_line: line.no,
                    last_line: line.no,
                },
            ));
            seen.len() - 1
        });
        let s = &mut seen[i].1;
        s.count += 1;
        s.own_line |= found.rest.is_empty();
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
        for (key, s) in seen.iter().filter(|(_, s)| s.count == 1) {
            let (name, _) = split_role(s.first);
            let Some(last_word) = name.split_whitespace().last() else {
                continue;
            };
            if name.split_whitespace().count() < 2 || !self.is_candidate(key) {
                continue;
            }
            if let Some(&n) = self.speaker_keys.get(&label_key(last_word)) {
                self.speakers[n].aliases.push(s.first.to_string());
                self.speaker_keys.insert(key.clone(), n);
            }
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
        for (key, s) in seen {
            let shape = LabelShape::of(s.first);
            let fits = s.count == 1
                && (first..=last).contains(&s.first_line)
                && self.is_candidate(key)
                && shape != LabelShape::Other
                && shapes.contains(&shape);
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
        let slug = crate::slug::slugify(&speaker.label);
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
        assert!(find_label("他说,“你好:世界”").is_none());
        assert!(find_label("这是一个很长很长很长很长很长很长很长很长很长的句子:后面").is_none());
    }

    #[test]
    fn keys_ignore_case_and_spaces() {
        assert_eq!(label_key("Sense 说"), label_key("Sense说"));
        assert_eq!(label_key("YANN LECUN"), label_key("Yann LeCun"));
    }
}

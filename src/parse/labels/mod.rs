//! Labels at line starts (`Name:`, `问：`, `Sense说:`): finding them, and deciding which are
//! speakers and which introduce editor notes.

use crate::model::Role;
use crate::zh;

mod census;
pub use census::Labels;

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
    "author'snote",
    "author’snote",
    "notefromtheauthor",
    "notefromtheeditor",
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
/// Words of address printed before a name in capitals (`Mr. NIELDS.`, `Chairman INOUYE.`,
/// `Senator RUDMAN.`: congressional hearings).
const TITLES_OF_ADDRESS: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
    "Dr.",
    "Chairman",
    "Chairwoman",
    "Senator",
    "Representative",
    "Judge",
    "General",
    "Admiral",
    "Colonel",
    "Secretary",
    "Ambassador",
    "Governor",
];

fn capitals_label(text: &str) -> Option<Labelled<'_>> {
    // `Mr. NIELDS. What…`: the title stays with the label; the capitals after it are read as
    // any capitals label is.
    if let Some(title) = TITLES_OF_ADDRESS.iter().find(|t| {
        text.strip_prefix(**t)
            .is_some_and(|rest| rest.starts_with(' ') && rest[1..].starts_with(char::is_uppercase))
    }) {
        let found = capitals_after_title(&text[title.len() + 1..])?;
        let label_end = found.label.as_ptr() as usize - text.as_ptr() as usize + found.label.len();
        return Some(Labelled {
            label: &text[..label_end],
            ..found
        });
    }
    capitals_after_title(text)
}

fn capitals_after_title(text: &str) -> Option<Labelled<'_>> {
    // The first wide gap, when capitals stand before it (a wide gap later in a sentence is
    // the typist's, `Is it  just…`).
    let gap = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ' ' | '\u{a0}' | '\t')
                && text[i + c.len_utf8()..].starts_with([' ', '\u{a0}', '\t'])
        })
        .filter(|&(i, _)| !text[..i].chars().any(char::is_lowercase));
    let (label, rest) = match gap {
        Some((i, _)) => (&text[..i], &text[i..]),
        None => {
            // `CHAIR POWELL. Good afternoon`: the first full stop followed by a space whose
            // text before it is capitals of at least two letters (not an initial `J.`), or
            // the interview's `Q.` and `A.`.
            let stop = text
                .char_indices()
                .find(|&(i, c)| c == '.' && text[i + 1..].starts_with(' '))
                .map(|(i, _)| (&text[..i], &text[i + 1..]))
                .filter(|(label, _)| {
                    let last = label.rsplit(' ').next().unwrap_or("");
                    (last.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        || matches!(*label, "Q" | "A"))
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
    fn keys_ignore_case_and_spaces() {
        assert_eq!(label_key("Sense 说"), label_key("Sense说"));
        assert_eq!(label_key("YANN LECUN"), label_key("Yann LeCun"));
    }
}

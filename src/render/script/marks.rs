//! A transcriber's marks inside the turns (`[crosstalk]`, `(laughs)`, `（笑）`, `[inaudible
//! 00:12:34]`): they describe the recording, so they are shown in the book but not read aloud.
//! A bracketed insertion that is words of the text (`[the company]`, `（编者注：…）`) is read.

/// Words a bracketed mark may be made of (lower case), English and Chinese transcription
/// conventions (Rev, Otter, AssemblyAI, and Chinese subtitle practice).
const MARK_WORDS: &[&str] = &[
    "crosstalk",
    "cross-talk",
    "cross",
    "talk",
    "talking",
    "overlapping",
    "overtalk",
    "laughter",
    "laughs",
    "laughing",
    "laugh",
    "chuckles",
    "chuckling",
    "giggles",
    "applause",
    "clapping",
    "inaudible",
    "unintelligible",
    "indiscernible",
    "unclear",
    "affirmative",
    "negative",
    "silence",
    "pause",
    "pauses",
    "music",
    "coughs",
    "cough",
    "sighs",
    "sigh",
    "background",
    "noise",
    "audio",
    "video",
    "clip",
    "plays",
    "playing",
    "break",
    "technical",
    "difficulties",
    "foreign",
    "language",
    "speaking",
    "speaks",
    "phonetic",
    "sic",
    "beep",
    "bleep",
    "static",
    "and",
    "both",
    "all",
    "crowd",
    "audience",
    "murmurs",
    "groans",
    "sound",
    "of",
    "end",
];

/// Chinese marks, whole.
const MARK_PHRASES: &[&str] = &[
    "笑",
    "笑声",
    "大笑",
    "众笑",
    "全场笑",
    "掌声",
    "鼓掌",
    "听不清",
    "聽不清",
    "音乐",
    "音樂",
    "停顿",
    "停頓",
    "沉默",
    "咳嗽",
    "叹气",
    "嘆氣",
    "杂音",
    "雜音",
    "插话",
    "插話",
    "重叠",
    "重疊",
    "众人笑",
    "眾人笑",
    "笑聲",
    "掌聲",
];

/// A timestamp such as `00:12:34`, `12:34.5` or `1:02:03`.
fn is_timestamp(word: &str) -> bool {
    let parts: Vec<&str> = word.split(':').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            let digits = p.split('.').next().unwrap_or("");
            !digits.is_empty() && p.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
}

/// The inside of a bracket pair is a transcriber's mark.
fn is_mark(inside: &str) -> bool {
    let inside = inside.trim().trim_end_matches(['.', '!', '?', '。']);
    if inside.is_empty() {
        return false;
    }
    if MARK_PHRASES.contains(&inside) {
        return true;
    }
    let words: Vec<String> = inside
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '/')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    !words.is_empty()
        && words
            .iter()
            .all(|w| MARK_WORDS.contains(&w.as_str()) || is_timestamp(w))
        // A lone "and", "of" or "end" is words of the text.
        && words.iter().any(|w| {
            is_timestamp(w) || !matches!(w.as_str(), "and" | "of" | "end" | "all" | "both")
        })
}

/// `text` without its transcriber's marks, and how many there were. The space a mark leaves
/// is closed up (`Yes. [laughs] Sure.` reads `Yes. Sure.`).
pub fn without_marks(text: &str) -> (String, usize) {
    const PAIRS: [(char, char); 4] = [('[', ']'), ('(', ')'), ('（', '）'), ('【', '】')];
    let mut out = String::with_capacity(text.len());
    let mut marks = 0;
    let mut rest = text;
    while let Some((at, open)) = rest
        .char_indices()
        .find(|(_, c)| PAIRS.iter().any(|p| p.0 == *c))
    {
        let close = PAIRS
            .iter()
            .find(|p| p.0 == open)
            .map(|p| p.1)
            .unwrap_or(')');
        let after = &rest[at + open.len_utf8()..];
        match after.find(close) {
            Some(end) if is_mark(&after[..end]) => {
                out.push_str(&rest[..at]);
                marks += 1;
                rest = &after[end + close.len_utf8()..];
                // Close up the space the mark leaves.
                if out.ends_with(' ') || out.is_empty() {
                    rest = rest.trim_start_matches(' ');
                }
                if rest.starts_with(['.', ',', ';', ':', '!', '?']) {
                    out.truncate(out.trim_end().len());
                }
            }
            _ => {
                out.push_str(&rest[..at + open.len_utf8()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if marks > 0 {
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
    }
    (out, marks)
}

#[cfg(test)]
mod tests {
    use super::without_marks;

    #[test]
    fn transcript_marks_are_not_read() {
        for (text, read, n) in [
            ("Yes. [crosstalk] Sure.", "Yes. Sure.", 1),
            ("(affirmative)", "", 1),
            ("We did it (laughs).", "We did it.", 1),
            ("[inaudible 00:12:34] and then", "and then", 1),
            ("好的（笑）。", "好的。", 1),
            ("我们（掌声）继续", "我们继续", 1),
            ("[Laughter] [Applause]", "", 2),
            (
                "It was [the company] that paid.",
                "It was [the company] that paid.",
                0,
            ),
            ("（编者注：此处有删节）", "（编者注：此处有删节）", 0),
            ("(and)", "(and)", 0),
            ("Meta (formerly Facebook)", "Meta (formerly Facebook)", 0),
            ("unclosed (laughs", "unclosed (laughs", 0),
        ] {
            assert_eq!(without_marks(text), (read.to_string(), n), "{text}");
        }
    }
}

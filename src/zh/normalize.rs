//! The optional typographic clean-up pass (`--typography normalize`), run on the model after
//! reading and before any backend, so that EPUB, PDF and script agree.
//!
//! Rules (clreq §"mixed text composition", GB/T 15834):
//! - Half-width `, ? ! : ;` become full-width when a neighbour (spaces skipped) is Chinese,
//!   or when they end a run of Chinese text; `.` becomes `。` between Chinese and the end.
//!   Digits (`1,000`, `10:30`) and URLs are left alone.
//! - A pair of ASCII parentheses becomes `（）` when it encloses or touches Chinese.
//! - Straight double quotes around Chinese become “ ”; `...`/`。。。` become `……`; a lone `—`
//!   or `--` between Chinese characters becomes `——`.
//! - Full-width Latin letters and digits (`ＡＩ２０`) become ASCII.
//! - Spaces are removed between Chinese characters, between Chinese and Latin letters or
//!   digits, and next to full-width punctuation: each renderer adds the Han–Latin gap itself
//!   (the PDF a quarter em of glue, the EPUB U+2005: [`super::gap`]), so typed spaces would
//!   double it.
//!
//! - The marks Chinese and English share (“ ” ‘ ’ … — ·) count as Chinese punctuation only
//!   where the text beside them is Chinese: `他说 “你好”` loses its space, `said, “Well` keeps it.
//!
//! In a document that is not Chinese (English, by the sidecar or detected), the rules apply
//! only inside runs of Chinese (from a Han character to a Han character, with no Latin letter
//! between): every space and mark of the Latin text stays as the author set it. Apostrophes
//! inside a word are curled in either.
//!
//! Every change is recorded so `fangtan inspect` can list it.

use serde::Serialize;

use super::{is_cjk, is_cjk_punct, is_han, is_latin_or_digit};
use crate::model::Document;

/// One edit of the pass: what stood at a place and what stands there now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub line: usize,
    pub rule: &'static str,
    /// The changed characters with one neighbour on each side, before and after.
    pub before: String,
    pub after: String,
}

/// Normalises every text run of the document in place and returns what changed; the rules
/// depend on whether the document's language is Chinese.
pub fn normalize_document(doc: &mut Document) -> Vec<Change> {
    let chinese = is_chinese_language(&doc.meta.language);
    let mut changes = Vec::new();
    for block in &mut doc.blocks {
        for (line, text) in block.texts_mut() {
            let (normalized, edits) = if chinese {
                normalize(text)
            } else {
                normalize_chinese_runs(text)
            };
            for (rule, before, after) in edits {
                changes.push(Change {
                    line,
                    rule,
                    before,
                    after,
                });
            }
            *text = normalized;
        }
    }
    changes
}

type Edit = (&'static str, String, String);

/// `zh`, `zh-CN`, `zh-Hant-TW` …: languages the full pass is for.
pub fn is_chinese_language(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    primary.eq_ignore_ascii_case("zh")
        || primary.eq_ignore_ascii_case("cmn")
        || primary.eq_ignore_ascii_case("yue")
}

/// The pass for a document in a Latin-script language: Chinese rules inside each run from a
/// Han character to a Han character (with no Latin letter in it), apostrophes curled within
/// words; nothing else changes.
pub fn normalize_chinese_runs(text: &str) -> (String, Vec<Edit>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut edits = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_han(chars[i]) {
            // The run ends at the last Han character before a Latin letter or the end.
            let mut end = i;
            let mut j = i;
            while j < chars.len() && !super::is_latin_or_digit(chars[j]) {
                if is_han(chars[j]) {
                    end = j;
                }
                j += 1;
            }
            let run: String = chars[i..=end].iter().collect();
            let (normalized, run_edits) = normalize(&run);
            out.push_str(&normalized);
            edits.extend(run_edits);
            i = end + 1;
            continue;
        }
        let c = chars[i];
        if is_word_apostrophe(&chars, i) {
            edits.push(("apostrophe", context(&chars, i, 1), "’".into()));
            out.push('’');
        } else {
            out.push(c);
        }
        i += 1;
    }
    (out, edits)
}

/// A straight apostrophe inside a Latin word (d'honneur, It's): the typographic ’.
fn is_word_apostrophe(chars: &[char], i: usize) -> bool {
    let letter = |c: &char| c.is_alphabetic() && !is_han(*c);
    chars[i] == '\'' && i > 0 && letter(&chars[i - 1]) && chars.get(i + 1).is_some_and(letter)
}

/// Marks both Chinese and Latin text use; they are Chinese only beside Chinese.
fn is_shared_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '⸺' | '⋯')
}

/// Is `chars[i]` Chinese punctuation here: a full-width mark, or a shared mark with Chinese
/// (not counting spaces and further shared marks) on either side of it?
fn chinese_punct_at(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if !is_cjk_punct(c) {
        return false;
    }
    if !is_shared_mark(c) {
        return true;
    }
    let chinese = |c: Option<&char>| c.is_some_and(|c| is_cjk(*c));
    let skip = |c: &&char| **c == ' ' || is_shared_mark(**c);
    chinese(chars[..i].iter().rev().find(|c| !skip(c)))
        || chinese(chars[i + 1..].iter().find(|c| !skip(c)))
}

/// Is the character at `i` Chinese text, for deciding a neighbour's punctuation?
fn cjk_at(chars: &[char], i: usize) -> bool {
    is_cjk(chars[i]) && (!is_shared_mark(chars[i]) || chinese_punct_at(chars, i))
}

/// Normalises one run of text; returns the text and its edits.
pub fn normalize(text: &str) -> (String, Vec<Edit>) {
    let mut edits = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let chars = punctuation(&chars, &mut edits);
    let chars = parentheses(chars, &mut edits);
    // A space between two Chinese characters is a copy glitch in running prose ("的 人类"),
    // but a separator in a byline or heading ("记者 刘畅").
    let prose = chars
        .iter()
        .any(|c| matches!(c, '，' | '。' | '；' | '！' | '？'));
    let chars = spacing(&chars, prose, &mut edits);
    (chars.into_iter().collect(), edits)
}

fn context(chars: &[char], at: usize, len: usize) -> String {
    let start = at.saturating_sub(1);
    let end = (at + len + 1).min(chars.len());
    chars[start..end].iter().collect()
}

fn prev_non_space(chars: &[char], i: usize) -> Option<char> {
    chars[..i].iter().rev().copied().find(|c| *c != ' ')
}

fn next_non_space(chars: &[char], i: usize) -> Option<char> {
    chars[i + 1..].iter().copied().find(|c| *c != ' ')
}

/// Is position `i` inside a URL-like token (no spaces back to `://` or `www.`)?
fn in_url(chars: &[char], i: usize) -> bool {
    let start = chars[..i]
        .iter()
        .rposition(|c| c.is_whitespace() || is_cjk(*c))
        .map_or(0, |p| p + 1);
    let end = chars[i..]
        .iter()
        .position(|c| c.is_whitespace() || is_cjk(*c))
        .map_or(chars.len(), |p| i + p);
    let token: String = chars[start..end].iter().collect();
    token.contains("://") || token.starts_with("www.")
}

/// Does Chinese text run up to `i` (the previous sentence-level run contains Han)?
fn chinese_run_before(chars: &[char], i: usize) -> bool {
    chars[..i]
        .iter()
        .rev()
        .take(20)
        .take_while(|c| !matches!(c, '。' | '！' | '？' | '.' | '!' | '?'))
        .any(|c| is_han(*c))
}

/// For each position, the nearest character other than a space before it and after it,
/// found in one pass each way: searched from every position, a long run of spaces would cost
/// its length squared.
fn non_space_neighbours(chars: &[char]) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut before = Vec::with_capacity(chars.len());
    let mut last = None;
    for (i, &c) in chars.iter().enumerate() {
        before.push(last);
        if c != ' ' {
            last = Some(i);
        }
    }
    let mut after = vec![None; chars.len()];
    let mut next = None;
    for (i, &c) in chars.iter().enumerate().rev() {
        after[i] = next;
        if c != ' ' {
            next = Some(i);
        }
    }
    (before, after)
}

/// Whether the token around a position is URL-like, each token looked at once (a long
/// token full of commas would otherwise be read again for each).
#[derive(Default)]
struct UrlTokens {
    /// The last token looked at: its end and whether it is a URL.
    last: Option<(usize, usize, bool)>,
}

impl UrlTokens {
    fn at(&mut self, chars: &[char], i: usize) -> bool {
        if let Some((start, end, url)) = self.last
            && (start..end).contains(&i)
        {
            return url;
        }
        let start = chars[..i]
            .iter()
            .rposition(|c| c.is_whitespace() || is_cjk(*c))
            .map_or(0, |p| p + 1);
        let end = chars[i..]
            .iter()
            .position(|c| c.is_whitespace() || is_cjk(*c))
            .map_or(chars.len(), |p| i + p);
        let url = in_url(chars, i);
        self.last = Some((start, end.max(i + 1), url));
        url
    }
}

fn punctuation(chars: &[char], edits: &mut Vec<Edit>) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let (before, after) = non_space_neighbours(chars);
    let mut urls = UrlTokens::default();
    // The run of one character that position `i` is in, measured once per run.
    let (mut run_char, mut run_end) = ('\0', 0);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = before[i].map(|p| chars[p]);
        let next = after[i].map(|n| chars[n]);
        let cjk_neighbour = before[i].is_some_and(|p| cjk_at(chars, p)) || next.is_some_and(is_han);
        let ends_chinese_run = next.is_none_or(|n| matches!(n, '”' | '’' | '）' | ')' | '」'))
            && chinese_run_before(chars, i);
        let full = match c {
            ',' | ':' | ';' => {
                let between_digits = prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                (cjk_neighbour || (c != ',' && ends_chinese_run))
                    && !between_digits
                    && !urls.at(chars, i)
            }
            '?' | '!' => (cjk_neighbour || ends_chinese_run) && !urls.at(chars, i),
            '.' => {
                prev.is_some_and(is_han)
                    && next.is_none_or(|n| is_han(n) || matches!(n, '”' | '’' | '」'))
                    && chars.get(i + 1) != Some(&'.')
            }
            _ => false,
        };
        // Runs: ... / 。。。 → ……; -- or a lone — between Chinese → ——.
        if i >= run_end || c != run_char {
            run_char = c;
            run_end = i + chars[i..].iter().take_while(|&&x| x == c).count();
        }
        let run_len = run_end - i;
        if (c == '.' || c == '。')
            && run_len >= 3
            && (prev.is_some_and(is_cjk) || next.is_some_and(is_cjk))
        {
            edits.push(("ellipsis", context(chars, i, run_len), "……".into()));
            out.extend(['…', '…']);
            i += run_len;
            continue;
        }
        if ((c == '-' && run_len == 2) || (c == '—' && run_len == 1))
            && chars.get(i.wrapping_sub(1)).is_some_and(|p| is_han(*p))
            && chars.get(i + run_len).is_some_and(|n| is_han(*n))
        {
            edits.push(("dash", context(chars, i, run_len), "——".into()));
            out.extend(['—', '—']);
            i += run_len;
            continue;
        }
        // An apostrophe inside a word (d'honneur, It's) is the typographic ’.
        if is_word_apostrophe(chars, i) {
            edits.push(("apostrophe", context(chars, i, 1), "’".into()));
            out.push('’');
            i += 1;
            continue;
        }
        if full {
            let wide = match c {
                ',' => '，',
                ':' => '：',
                ';' => '；',
                '?' => '？',
                '!' => '！',
                _ => '。',
            };
            edits.push((
                "full-width punctuation",
                context(chars, i, 1),
                wide.to_string(),
            ));
            out.push(wide);
        } else if let Some(ascii) = halfwidth_alnum(c) {
            edits.push((
                "half-width letters and digits",
                c.to_string(),
                ascii.to_string(),
            ));
            out.push(ascii);
        } else {
            out.push(c);
        }
        i += 1;
    }
    curly_quotes(out, edits)
}

fn halfwidth_alnum(c: char) -> Option<char> {
    match c {
        'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// Straight double quotes, paired left to right, become “ ” when a pair touches Chinese.
fn curly_quotes(mut chars: Vec<char>, edits: &mut Vec<Edit>) -> Vec<char> {
    let positions: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '"').collect();
    if !positions.len().is_multiple_of(2) {
        return chars;
    }
    for pair in positions.chunks(2) {
        let (a, b) = (pair[0], pair[1]);
        let touches = chars[a + 1..b].iter().any(|c| is_han(*c))
            || a.checked_sub(1).is_some_and(|p| is_cjk(chars[p]))
            || chars.get(b + 1).is_some_and(|n| is_cjk(*n));
        if touches {
            chars[a] = '“';
            chars[b] = '”';
            edits.push(("curly quotes", "\"…\"".into(), "“…”".into()));
        }
    }
    chars
}

fn parentheses(mut chars: Vec<char>, edits: &mut Vec<Edit>) -> Vec<char> {
    let mut stack = Vec::new();
    let mut pairs = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => stack.push(i),
            ')' => {
                if let Some(open) = stack.pop() {
                    pairs.push((open, i));
                }
            }
            _ => {}
        }
    }
    for (open, close) in pairs {
        let inner_han = chars[open + 1..close].iter().any(|c| is_han(*c));
        let before = prev_non_space(&chars, open).is_some_and(is_cjk);
        let after = next_non_space(&chars, close).is_some_and(is_cjk);
        if inner_han || before || after {
            let shown: String = chars[open..=close].iter().collect();
            chars[open] = '（';
            chars[close] = '）';
            let now: String = chars[open..=close].iter().collect();
            edits.push(("full-width parentheses", shown, now));
        }
    }
    chars
}

fn spacing(chars: &[char], prose: bool, edits: &mut Vec<Edit>) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != ' ' && chars[i] != '\u{a0}' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run = chars[i..]
            .iter()
            .take_while(|c| **c == ' ' || **c == '\u{a0}')
            .count();
        let prev = out.last().copied();
        let next = chars.get(i + run).copied();
        // A number's unit sign belongs to the number: "20% 到" is spaced like "20 到".
        let latin = |c: char| is_latin_or_digit(c) || matches!(c, '%' | '‰' | '°' | '℃');
        let punct_beside = i > 0 && chinese_punct_at(chars, i - 1)
            || (i + run < chars.len() && chinese_punct_at(chars, i + run));
        let joins = |a: char, b: char| {
            (is_han(a) && is_han(b) && prose)
                || (is_han(a) && latin(b))
                || (latin(a) && is_han(b))
                || punct_beside
        };
        match (prev, next) {
            (Some(a), Some(b)) if joins(a, b) => {
                let rule = if punct_beside {
                    "space next to full-width punctuation"
                } else if is_han(a) && is_han(b) {
                    "space between Chinese characters"
                } else {
                    "space between Chinese and Latin (renderers add the gap)"
                };
                edits.push((rule, context(chars, i, run), format!("{a}{b}")));
            }
            (Some(_), Some(_)) => {
                if run > 1 {
                    edits.push(("repeated spaces", context(chars, i, run), " ".into()));
                }
                out.push(' ');
            }
            _ => {}
        }
        i += run;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    fn n(s: &str) -> String {
        normalize(s).0
    }

    #[test]
    fn punctuation_next_to_chinese() {
        assert_eq!(n("大模型领域,伴随技术进步"), "大模型领域，伴随技术进步");
        assert_eq!(n("为什么你会这么说?"), "为什么你会这么说？");
        assert_eq!(n("你如何看待 chatbots?它们"), "你如何看待chatbots？它们");
        assert_eq!(n("愿景:未来所有"), "愿景：未来所有");
        assert_eq!(n("大约 1,000 个"), "大约1,000个");
        assert_eq!(
            n("见 https://a.com/b?x=1,2 页"),
            "见https://a.com/b?x=1,2页"
        );
        assert_eq!(
            n("Hello, world. Is it? Yes: no!"),
            "Hello, world. Is it? Yes: no!"
        );
    }

    #[test]
    fn parentheses_and_spaces() {
        assert_eq!(
            n("当时 Meta(当时称为 Facebook)邀请"),
            "当时Meta（当时称为Facebook）邀请"
        );
        assert_eq!(n("《连线》 (Wired) 杂志"), "《连线》（Wired）杂志");
        assert_eq!(n("称呼人们为“ Sir ”。"), "称呼人们为“Sir”。");
        assert_eq!(n("是真正的 人类智能。"), "是真正的人类智能。");
        assert_eq!(n("记者 刘畅"), "记者 刘畅");
        assert_eq!(
            n("Palihapitiya.Sheryl Sandberg"),
            "Palihapitiya.Sheryl Sandberg"
        );
        assert_eq!(n("Milli  Vanilli"), "Milli Vanilli");
        assert_eq!(n("只有 20% 到 25% 是"), "只有20%到25%是");
    }

    #[test]
    fn quotes_dashes_ellipses_and_fullwidth_letters() {
        assert_eq!(n("他说\"你好\"吗"), "他说“你好”吗");
        assert_eq!(n("然后...结束"), "然后……结束");
        assert_eq!(n("技术—深度学习"), "技术——深度学习");
        assert_eq!(n("ＡＩ２０年"), "AI20年");
        assert_eq!(n("a -- b"), "a -- b");
        assert_eq!(n("Légion d'honneur，It's"), "Légion d’honneur，It’s");
    }

    #[test]
    fn shared_marks_are_chinese_only_beside_chinese() {
        assert_eq!(n("他说 “你好” 吗"), "他说“你好”吗");
        assert_eq!(n("称呼人们为“ Sir ”。"), "称呼人们为“Sir”。");
        assert_eq!(
            n("他说：she said, “Well, that’s it.”"),
            "他说：she said, “Well, that’s it.”"
        );
        assert_eq!(
            n("他写道：“Hello”, she said — and left … then"),
            "他写道：“Hello”, she said — and left … then"
        );
    }

    #[test]
    fn latin_documents_keep_their_text() {
        let r = |s: &str| super::normalize_chinese_runs(s).0;
        let english = "She said, “Well, that’s it” — and then... left (quietly): 10:30, yes!";
        assert_eq!(r(english), english);
        assert_eq!(r("It's"), "It’s");
        // Chinese inside English text still gets Chinese rules, its surroundings do not.
        assert_eq!(r("the word 你好 , 世界 means"), "the word 你好，世界 means");
        assert_eq!(r("called 人工智能, or AI"), "called 人工智能, or AI");
    }

    #[test]
    fn records_edits() {
        let (_, edits) = normalize("领域,伴随 AI");
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[0].0, "full-width punctuation");
    }
}

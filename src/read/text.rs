//! The text reader: one paragraph per line, as pasted from a web page or chat app, except
//! where the text was wrapped at a fixed width (copied from a PDF or an email). Then the
//! lines of a paragraph are joined again, also across a page break, and the page furniture
//! a PDF's layout left in the text (`Journal 2023/4        · 27 ·`) is marked.
//!
//! A text is taken as hard-wrapped when, of its lines followed directly by another line, at
//! least three and three in five are *full*: a Latin line whose next word would not have fit
//! in the widest such line, or a Chinese line within an eighth of it (a PDF's columns are not
//! a fixed number of characters once digits and Latin stand in them). Full lines are then
//! joined to the next, unless that one starts a paragraph of its own: a first-line indent, a
//! label that starts other lines too, a list marker.

use std::collections::{HashMap, HashSet};

use unicode_width::UnicodeWidthStr;

use super::{Format, Hint, Para, Stream, join_wrapped};
use crate::error::Warning;
use crate::parse::{find_label, label_key};
use crate::zh;

/// Narrower than any page or mail client wraps (20 Chinese characters).
const MIN_WRAP_COLUMNS: usize = 40;

/// The physical lines of `text` (LF, CRLF and lone CR all end a line), untrimmed, numbered
/// from 1.
pub fn raw_lines(text: &str) -> Vec<(usize, &str)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .collect()
}

/// Reads text line by line; `unwrap` forces (or forbids) joining wrapped lines, which is
/// otherwise decided by the text's shape.
pub fn read(text: &str, unwrap: Option<bool>) -> Stream {
    let raw = raw_lines(text);
    let mut lines: Vec<Physical> = raw
        .iter()
        .map(|&(no, raw)| Physical::new(no, raw))
        .collect();
    // Page furniture stands apart, between blank lines (a table's rows stand together).
    for i in 0..lines.len() {
        let blank = |k: usize| lines.get(k).is_none_or(|l| l.text.is_empty());
        let apart = (i == 0 || blank(i - 1)) && blank(i + 1);
        lines[i].furniture = apart && is_running_head(lines[i].text);
    }
    mark_repeated_heads(&mut lines);
    let mut warnings = Vec::new();
    let width = match unwrap {
        Some(false) => None,
        Some(true) => wrap_width(&lines, true),
        None => wrap_width(&lines, false),
    };
    let Some(wrap) = width else {
        let paras = lines
            .iter()
            .map(|l| Para::new(l.no, l.text, l.hint()))
            .collect();
        return Stream {
            format: Format::Text,
            paras,
            warnings,
            front_matter: None,
            embedded: Vec::new(),
        };
    };
    let recurring =
        super::recurring_labels(lines.iter().filter(|l| l.is_content()).map(|l| l.text));
    let mut paras = Vec::with_capacity(lines.len());
    let mut consumed = vec![false; lines.len()];
    let mut joined = 0;
    for i in 0..lines.len() {
        if consumed[i] {
            continue;
        }
        let line = &lines[i];
        if !line.is_content() {
            paras.push(Para::new(line.no, line.text, line.hint()));
            continue;
        }
        let mut text = line.text.to_string();
        let mut between = Vec::new();
        let mut at = i;
        while let Some(next) = continuation(&lines, at, wrap, &recurring) {
            between.extend((at + 1..next).map(|k| {
                consumed[k] = true;
                Para::new(lines[k].no, lines[k].text, lines[k].hint())
            }));
            join_wrapped(&mut text, lines[next].text);
            consumed[next] = true;
            joined += 1;
            at = next;
        }
        paras.push(Para::new(line.no, text, Hint::None));
        paras.append(&mut between);
    }
    if joined > 0 {
        let width = wrap.width;
        warnings.push(Warning::general(format!(
            "the text is wrapped at about {width} columns: joined {joined} lines to the paragraphs they continue (set reader.unwrap = false to keep every line)"
        )));
    }
    Stream {
        format: Format::Text,
        paras,
        warnings,
        front_matter: None,
        embedded: Vec::new(),
    }
}

/// One input line, measured.
struct Physical<'a> {
    no: usize,
    /// Trimmed.
    text: &'a str,
    indented: bool,
    width: usize,
    furniture: bool,
}

impl<'a> Physical<'a> {
    fn new(no: usize, raw: &'a str) -> Physical<'a> {
        let text = zh::trim_edges(raw);
        Physical {
            no,
            text,
            indented: !text.is_empty() && raw.starts_with(char::is_whitespace),
            width: raw.trim_end().width(),
            furniture: false,
        }
    }

    fn hint(&self) -> Hint {
        if self.furniture {
            Hint::PageFurniture
        } else {
            Hint::None
        }
    }

    /// Text of the article, not a blank or the page's furniture.
    fn is_content(&self) -> bool {
        !self.text.is_empty() && !self.furniture && !is_page_number(self.text)
    }
}

/// A document that went through pages (it has page numbers) repeats its running head: a line
/// written three or more times, mostly next to a page number, is page furniture everywhere.
fn mark_repeated_heads(lines: &mut [Physical]) {
    let page_numbers: Vec<usize> = (0..lines.len())
        .filter(|&i| is_page_number(lines[i].text))
        .collect();
    if page_numbers.len() < 2 {
        return;
    }
    let recurring =
        super::recurring_labels(lines.iter().filter(|l| l.is_content()).map(|l| l.text));
    let mut occurrences: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        // A speaker's line is never furniture, however often it is said (`Q: Thank you.`).
        let said =
            find_label(line.text).is_some_and(|found| recurring.contains(&label_key(found.label)));
        if line.is_content() && !said {
            occurrences.entry(line.text).or_default().push(i);
        }
    }
    // Near: no more than two other lines with text between it and a page number.
    let near = |i: usize| {
        page_numbers.iter().any(|&p| {
            let (a, b) = (i.min(p), i.max(p));
            lines[a + 1..b]
                .iter()
                .filter(|l| !l.text.is_empty())
                .count()
                <= 2
        })
    };
    let heads: Vec<usize> = occurrences
        .values()
        .filter(|at| at.len() >= 3 && at.iter().filter(|&&i| near(i)).count() * 2 >= at.len())
        .flatten()
        .copied()
        .collect();
    for i in heads {
        lines[i].furniture = true;
    }
}

/// How a text is wrapped: at about `width` columns, and whether its lines are ragged (set in
/// a proportional font, then copied: a full line may be a sixth shorter than the widest).
#[derive(Debug, Clone, Copy)]
struct Wrap {
    width: usize,
    ragged: bool,
}

impl Wrap {
    /// Whether `line` ends where the wrapping broke it: the next word would not have fit (or,
    /// ragged, the line is within a sixth of the width; Chinese, within an eighth).
    fn is_full(&self, line: &Physical, next: &str) -> bool {
        let (Some(last), Some(first)) = (line.text.chars().last(), next.chars().next()) else {
            return false;
        };
        let width = self.width;
        if line.width > width + width / 10 {
            false
        } else if is_wide(last) || is_wide(first) {
            line.width + width / 8 >= width
        } else {
            let word = next.split_whitespace().next().unwrap_or(next).width();
            line.width + 1 + word > width || (self.ragged && line.width * 6 >= width * 5)
        }
    }

    /// Whether the paragraph goes on after `line`: it is full; or it ends in mid-sentence and
    /// is a printed page's two lines run into one (much wider than the rest), or the next
    /// line goes on in lower case (a short line the copy broke early).
    fn goes_on(&self, line: &Physical, next: &str) -> bool {
        let mid_sentence = !ends_sentence(line.text);
        self.is_full(line, next)
            || (mid_sentence && line.width > self.width + self.width / 10)
            || (mid_sentence && next.starts_with(char::is_lowercase))
    }
}

fn ends_sentence(text: &str) -> bool {
    text.chars().last().is_some_and(|c| {
        zh::is_sentence_end(c) || matches!(c, '”' | '"' | '」' | '’' | ')' | '）' | ':' | '：')
    })
}

/// How the text is wrapped, if it is (`force`: whatever its shape).
fn wrap_width(lines: &[Physical], force: bool) -> Option<Wrap> {
    let joints: Vec<usize> = (0..lines.len().saturating_sub(1))
        .filter(|&i| lines[i].is_content() && lines[i + 1].is_content())
        .collect();
    if joints.is_empty() {
        return None;
    }
    let mut widths: Vec<usize> = joints.iter().map(|&i| lines[i].width).collect();
    widths.sort_unstable();
    let median = widths[widths.len() / 2];
    // The widest lines but for outliers (printed lines run together, an unwrapped paragraph):
    // the widest within a quarter above the median, or the ninth decile of those.
    let kept: Vec<usize> = widths
        .iter()
        .copied()
        .filter(|&w| w * 4 <= median * 5)
        .collect();
    let widest = kept.last().copied().unwrap_or(median);
    let decile = kept.get(kept.len() * 9 / 10).copied().unwrap_or(widest);
    if force {
        return Some(Wrap {
            width: widest,
            ragged: false,
        });
    }
    let content = lines.iter().filter(|l| l.is_content()).count();
    [
        Wrap {
            width: widest,
            ragged: false,
        },
        Wrap {
            width: decile,
            ragged: true,
        },
    ]
    .into_iter()
    .find(|wrap| {
        let full = joints
            .iter()
            .filter(|&&i| wrap.is_full(&lines[i], lines[i + 1].text))
            .count();
        // Lines wrapped at a width are not much wider than it, but for a few run together.
        let wider = lines
            .iter()
            .filter(|l| l.is_content() && l.width > wrap.width + wrap.width / 10)
            .count();
        wrap.width >= MIN_WRAP_COLUMNS
            && full >= 3
            && full * 5 >= joints.len() * 3
            && wider * 20 <= content * 3
    })
}

/// The line that continues the paragraph ending at line `at`, if it is wrapped: the next
/// line, or across a page break the first line after the page's furniture.
fn continuation(
    lines: &[Physical],
    at: usize,
    wrap: Wrap,
    recurring: &HashSet<String>,
) -> Option<usize> {
    let line = &lines[at];
    let mut next = at + 1;
    let mut furniture = false;
    while next < lines.len() && !lines[next].is_content() {
        furniture |= !lines[next].text.is_empty();
        next += 1;
    }
    let candidate = lines.get(next)?;
    if next > at + 1 {
        // Only a page break (furniture between), never a blank line alone, and only where the
        // sentence plainly goes on.
        if !furniture || ends_sentence(line.text) {
            return None;
        }
    }
    let starts_paragraph = (candidate.indented && !line.indented)
        || starts_with_list_marker(candidate.text)
        || find_label(candidate.text)
            .is_some_and(|found| recurring.contains(&label_key(found.label)));
    (wrap.goes_on(line, candidate.text) && !starts_paragraph).then_some(next)
}

fn starts_with_list_marker(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '·' | '◆' | '■' | '●') => chars.next() == Some(' '),
        Some(c) if c.is_ascii_digit() => {
            let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.len() + 3 >= text.len() && (rest.starts_with(". ") || rest.starts_with(") "))
        }
        _ => false,
    }
}

/// East Asian wide and full-width characters (two columns in a monospaced layout).
pub fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// Page furniture of a document that went through pages: `Page 3 of 28`, `- 12 -`, `3 / 28`,
/// `· 27 ·`.
pub fn is_page_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let num = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    match words.as_slice() {
        ["page", n] => num(n),
        ["page", n, "of", m] => num(n) && num(m),
        [n, "/", m] => num(n) && num(m),
        ["-", n, "-"] | ["–", n, "–"] | ["·", n, "·"] | ["•", n, "•"] => num(n),
        _ => {
            let bare = lower.trim_matches(['-', '–', '—', ' ']);
            bare.split_once('/')
                .is_some_and(|(a, b)| num(a.trim()) && num(b.trim()))
        }
    }
}

/// A running head and a page number on one line, set apart by a wide gap, as text copied from
/// a PDF keeps them: `《图书馆人》2023年第4期        · 27 ·`, `Oral History Project      Hall,
/// J. -- 3`.
pub fn is_running_head(text: &str) -> bool {
    let parts = split_at_wide_gaps(text);
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    let short = parts.iter().all(|p| p.chars().count() <= 60);
    let folio = |p: &str| {
        let tail = p
            .rsplit_once(" -- ")
            .or_else(|| p.rsplit_once(" — "))
            .or_else(|| p.rsplit_once(" | "))
            .map_or(p, |(_, n)| n);
        is_page_number(p)
            || (tail.len() <= 3 && !tail.is_empty() && tail.chars().all(|c| c.is_ascii_digit()))
    };
    short && (folio(parts[0]) || folio(parts[parts.len() - 1]))
}

/// Parts of a line separated by a gap of eight or more columns (a tab counts four, an
/// ideographic space two): far wider than any typist's double space.
fn split_at_wide_gaps(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut gap_start = None;
    let mut gap = 0;
    for (at, c) in text.char_indices() {
        let columns = match c {
            '\t' => 4,
            '\u{3000}' => 2,
            c if c.is_whitespace() => 1,
            _ => 0,
        };
        if columns > 0 {
            gap_start.get_or_insert(at);
            gap += columns;
            continue;
        }
        if let Some(g) = gap_start.take() {
            if gap >= 8 {
                parts.push(&text[start..g]);
                start = at;
            }
            gap = 0;
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(stream: &Stream) -> Vec<(usize, &str)> {
        stream
            .paras
            .iter()
            .filter(|p| !p.text.is_empty())
            .map(|p| (p.line, p.text.as_str()))
            .collect()
    }

    #[test]
    fn all_line_endings() {
        let lines = raw_lines("\u{FEFF}a\r\nb\rc\n\n d \u{3000}");
        assert_eq!(
            lines,
            [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, " d \u{3000}")]
        );
    }

    #[test]
    fn a_text_of_one_line_per_paragraph_stays_as_it_is() {
        let text = "Q: How did it start?\nA: By chance, as these things do, in a bookshop on a wet afternoon.\nQ: And then?\nA: Then nothing for years, and then everything at once.\n";
        let stream = read(text, None);
        assert_eq!(texts(&stream).len(), 4);
        assert!(stream.warnings.is_empty());
    }

    #[test]
    fn wrapped_english_is_joined_but_not_across_labels() {
        let text = "\
SMITH: This is the first paragraph of a long answer, wrapped at a fixed
width by the program that exported it, as email and PDF copies are, so
that no line is longer than the others.

JONES: And a second one, also wrapped at the same width as the first one
was, so that the reader has to join its lines again.
SMITH: A label starts a new paragraph even right under a full line.
";
        let stream = read(text, None);
        let got = texts(&stream);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].1.ends_with("longer than the others."));
        assert!(got[0].1.contains("fixed width by"));
        assert_eq!(got[2].0, 7);
        assert_eq!(stream.warnings.len(), 1);
    }

    #[test]
    fn a_paragraph_goes_on_across_a_page_break() {
        let text = "\
在省图书馆老馆的四楼，有一间常年拉着窗帘的屋子。屋里恒温恒湿，桌上摊着一页页
残破的古书，空气里有一股淡淡的糨糊味。她在这里工作了整整四十年，经她手修
复的古籍超过三千册，其中不乏宋元善本。

今年春天，她正式退休。退休前的最后一个月，我们在修复室里和她聊了三个下午。
以下内容根据录音整理，经本人审定。修复室里恒温，我修过最久的一部书是一部明

《某某期刊》2023年第4期                                    · 27 ·

· 28 ·                                    专题

代的方志。
";
        let stream = read(text, None);
        let got = texts(&stream);
        assert_eq!((got[0].0, got[1].0), (1, 5));
        assert!(got[1].1.ends_with("一部明代的方志。"), "{got:?}");
        let furniture = stream
            .paras
            .iter()
            .filter(|p| p.hint == Hint::PageFurniture)
            .count();
        assert_eq!(furniture, 2);
    }

    #[test]
    fn page_furniture_shapes() {
        assert!(is_running_head(
            "Detroit Labor Oral History Project          Hall, J. -- 3"
        ));
        assert!(is_running_head("· 28 ·                古籍保护专题"));
        assert!(!is_running_head("People having SVN write access\t11"));
        assert!(!is_running_head("a line with one  double space 3"));
        assert!(is_page_number("· 27 ·"));
        assert!(!is_page_number("2019"));
    }
}

//! Chinese text core: character classes shared by the reader, the normalising pass and the
//! typesetters. Renderer-independent.

pub mod gap;
pub mod kinsoku;
pub mod normalize;

/// Han ideographs (CJK Unified Ideographs and extensions, compatibility ideographs) and 〇.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

/// Full-width CJK punctuation: the CJK Symbols block, full-width forms' punctuation, and the
/// curly quotes and dashes Chinese text uses.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
        | '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '⸺' | '⋯'
        | '！' | '（' | '）' | '，' | '．' | '：' | '；' | '？' | '［' | '］' | '｛' | '｝' | '～')
}

/// Han, kana or full-width punctuation: characters whose neighbours get Chinese punctuation.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c) || matches!(c, '\u{3040}'..='\u{30FF}' | '\u{FF01}'..='\u{FF60}')
}

/// Latin letters (incl. accented) and ASCII digits: the runs that get a gap next to Han.
pub fn is_latin_or_digit(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{00C0}'..='\u{024F}' if c != '×' && c != '÷')
        || matches!(c, '\u{1E00}'..='\u{1EFF}')
}

/// Marks that end a sentence, in either width.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '.' | '…' | '．' | '｡')
}

/// Punctuation that shows a line is running prose, not a heading or label: stops, commas,
/// colons and semicolons in either width.
pub fn is_prose_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
            | '｡'
            | '､'
    )
}

/// Opening quotation marks and their closers, Chinese and ASCII.
pub fn closing_quote_for(open: char) -> Option<char> {
    match open {
        '“' => Some('”'),
        '‘' => Some('’'),
        '「' => Some('」'),
        '『' => Some('』'),
        '"' => Some('"'),
        '﹁' => Some('﹂'),
        _ => None,
    }
}

/// Latin-script runs of a text, as byte ranges: words of letters (accented too) joined by
/// spaces and word punctuation (`Chevalier de la Légion d’honneur`, `Llama 2`, `R&B`).
pub fn latin_runs(text: &str) -> Vec<(usize, usize)> {
    let latin = |c: char| c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !latin(chars[i].1) {
            i += 1;
            continue;
        }
        let (mut j, mut end) = (i, i);
        while j < chars.len() {
            let c = chars[j].1;
            if latin(c) || c.is_ascii_digit() {
                end = j;
            } else if !(c == ' ' || "'’.-&".contains(c)) {
                break;
            }
            j += 1;
        }
        runs.push((chars[i].0, chars[end].0 + chars[end].1.len_utf8()));
        i = end + 1;
    }
    runs
}

/// Splits a paragraph after each sentence end (。！？!?), closing quotes and brackets staying
/// with their sentence; a tail without a full stop is the last piece.
pub fn sentences(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = paragraph.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        current.push(c);
        if matches!(c, '。' | '！' | '？' | '!' | '?') || (c == '.' && is_full_stop(paragraph, at))
        {
            while let Some(&(_, n)) = chars.peek() {
                if matches!(n, '”' | '’' | '"' | '）' | ')' | '」' | '』') {
                    current.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether the `.` at byte `at` of `text` ends a sentence: followed by a space (or the end,
/// or a closing quote) and not after an abbreviation (Mr., Dr., St., U.S.), an initial
/// (John F. Kennedy), or inside a number or an address (3.5, wired.com).
pub fn is_full_stop(text: &str, at: usize) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "Gen", "Sen", "Rep", "Gov", "Col",
        "Capt", "Lt", "Sgt", "Adm", "Rev", "Hon", "Mt", "No", "vs", "etc", "e.g", "i.e", "Inc",
        "Ltd", "Co", "Corp", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Oct", "Nov", "Dec", "U.S",
        "U.K", "a.m", "p.m",
    ];
    let after = text[at + 1..].chars().next();
    if !after.is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '”' | '’' | ')')) {
        return false;
    }
    let word: &str = text[..at]
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .next()
        .unwrap_or("");
    if word.is_empty() || ABBREVIATIONS.contains(&word) {
        return false;
    }
    // An initial: one capital letter.
    let mut letters = word.chars();
    !(matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase()))
}

/// Whitespace a pasted line may carry at either end: ASCII and Unicode spaces, the ideographic
/// space, and zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM).
pub fn is_edge_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Trims [`is_edge_space`] characters from both ends.
pub fn trim_edges(s: &str) -> &str {
    s.trim_matches(is_edge_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('中') && is_han('〇') && is_han('𠀀'));
        assert!(!is_han('a') && !is_han('，'));
        assert!(is_cjk_punct('，') && is_cjk_punct('》') && is_cjk_punct('“'));
        assert!(is_latin_or_digit('é') && is_latin_or_digit('7') && !is_latin_or_digit('×'));
        assert_eq!(trim_edges("\u{3000} 你好\u{200B}\t"), "你好");
    }
}

#[cfg(test)]
mod sentence_tests {
    use super::sentences;

    #[test]
    fn english_sentences_end_at_full_stops_but_not_after_titles_initials_or_in_numbers() {
        assert_eq!(
            sentences(
                "Mr. North said no. John F. Kennedy read 3.5 pages at wired.com. \"Yes.\" Then?"
            ),
            [
                "Mr. North said no.",
                " John F. Kennedy read 3.5 pages at wired.com.",
                " \"Yes.\"",
                " Then?"
            ]
        );
        assert_eq!(
            sentences("他说：好。Meta也是。"),
            ["他说：好。", "Meta也是。"]
        );
    }
}

//! Line-start and line-end prohibitions (行首行尾禁则) and punctuation widths, after W3C clreq
//! §"Prohibition rules for line start and line end" at the GB-style level, with ——/…… kept
//! whole (strict level). Tables from `typography-zh.md` §1.2, cross-checked there against
//! Word's default kinsoku, xeCJK and typst.

/// Must not start a line (clreq: pause/stop marks, closing quotes and brackets, connectors,
/// interpuncts, solidi; plus their ASCII forms in running text).
pub const NOT_AT_LINE_START: &[char] = &[
    '、', '，', '。', '．', '：', '；', '！', '？', '‼', '⁇', '⁈', '⁉', //
    '”', '’', '」', '』', //
    '）', '］', '｝', '】', '〗', '〕', '〉', '》', '〙', '〛', //
    '–', '～', '·', '・', '‧', '/', '／', //
    ')', ']', '}', ',', '.', ':', ';', '!', '?', '%', '»', '‰', '℃', '°',
];

/// Must not end a line (opening quotes and brackets, currency prefixes, solidi).
pub const NOT_AT_LINE_END: &[char] = &[
    '“', '‘', '「', '『', //
    '（', '［', '｛', '【', '〖', '〔', '〈', '《', '〘', '〚', //
    '(', '[', '{', '￥', '＄', '￡', '$', '¥', '£', '«', '/', '／',
];

/// Marks written doubled that must never be split: the two-em dash and the ellipsis.
pub const UNBREAKABLE_PAIRS: &[char] = &['—', '…', '⋯', '⸺'];

pub fn not_at_line_start(c: char) -> bool {
    NOT_AT_LINE_START.contains(&c) || UNBREAKABLE_PAIRS.contains(&c)
}

pub fn not_at_line_end(c: char) -> bool {
    NOT_AT_LINE_END.contains(&c)
}

/// Where a full-width mark's glyph sits in its em box, GB style: closing marks and stops sit
/// left with their blank half on the right; opening marks sit right with the blank on the
/// left; the interpunct sits in the middle with a quarter em each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PunctShape {
    /// 、，。：；！？ and closing quotes/brackets: blank half on the right.
    Closing,
    /// Opening quotes/brackets: blank half on the left.
    Opening,
    /// · ・: a quarter em of blank each side.
    Middle,
}

pub fn punct_shape(c: char) -> Option<PunctShape> {
    match c {
        '、' | '，' | '。' | '．' | '：' | '；' | '！' | '？' | '”' | '’' | '」' | '』' | '）'
        | '］' | '｝' | '】' | '〗' | '〕' | '〉' | '》' | '〙' | '〛' => {
            Some(PunctShape::Closing)
        }
        '“' | '‘' | '「' | '『' | '（' | '［' | '｛' | '【' | '〖' | '〔' | '〈' | '《' | '〘'
        | '〚' => Some(PunctShape::Opening),
        '・' => Some(PunctShape::Middle),
        _ => None,
    }
}

/// May a line break between `before` and `after`? Breaks are allowed between any two CJK
/// characters unless a prohibition forbids them; the caller never asks inside a Latin word.
pub fn can_break_between(before: char, after: char) -> bool {
    if not_at_line_start(after) || not_at_line_end(before) {
        return false;
    }
    // Never split a doubled dash or ellipsis.
    !(UNBREAKABLE_PAIRS.contains(&before) && before == after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_mark_is_prohibited() {
        for &c in NOT_AT_LINE_START {
            assert!(!can_break_between('中', c), "break before {c}");
        }
        for &c in NOT_AT_LINE_END {
            assert!(!can_break_between(c, '中'), "break after {c}");
        }
        assert!(can_break_between('中', '文'));
        assert!(can_break_between('。', '中'));
        assert!(
            can_break_between('”', '“'),
            "a break between ” and “ is allowed"
        );
        assert!(!can_break_between('—', '—'));
        assert!(!can_break_between('…', '…'));
        assert!(
            !can_break_between('中', '—'),
            "—— must not start a line (strict)"
        );
        assert!(!can_break_between('中', '…'));
    }

    #[test]
    fn shapes() {
        assert_eq!(punct_shape('，'), Some(PunctShape::Closing));
        assert_eq!(punct_shape('”'), Some(PunctShape::Closing));
        assert_eq!(punct_shape('《'), Some(PunctShape::Opening));
        assert_eq!(punct_shape('中'), None);
    }
}

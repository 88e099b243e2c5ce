//! Inline asides: a bracketed span inside a paragraph that starts with a note label,
//! e.g. `(Sense 说:LeCun 在巴黎郊外长大。)` or `（编者注：……）`.

use super::labels::{Labels, find_label};
use crate::model::Inline;

const OPENERS: &[char] = &['(', '（', '【', '['];
const CLOSERS: &[char] = &[')', '）', '】', ']'];

/// Splits a paragraph's text into text runs and asides. Brackets of either width match each
/// other, since pasted text mixes them.
pub fn split_asides(text: &str, labels: &Labels) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut search_from = 0;
    while let Some(rel) = text[search_from..].find(OPENERS) {
        let open = search_from + rel;
        let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
        let Some(close) = matching_close(text, open + open_len) else {
            break;
        };
        let inner = &text[open + open_len..close];
        match find_label(inner).filter(|l| labels.is_note_label(l.label) && !l.rest.is_empty()) {
            Some(found) => {
                push_text(&mut out, &text[plain_start..open]);
                out.push(Inline::Aside {
                    label: found.label.to_string(),
                    text: found.rest.to_string(),
                });
                let close_len = text[close..].chars().next().map_or(1, char::len_utf8);
                plain_start = close + close_len;
                search_from = plain_start;
            }
            None => search_from = open + open_len,
        }
    }
    push_text(&mut out, &text[plain_start..]);
    out
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if !text.is_empty() {
        out.push(Inline::Text {
            text: text.to_string(),
        });
    }
}

/// Byte index of the bracket closing the one opened just before `from`.
fn matching_close(text: &str, from: usize) -> Option<usize> {
    let mut depth = 1usize;
    for (i, c) in text[from..].char_indices() {
        if OPENERS.contains(&c) {
            depth += 1;
        } else if CLOSERS.contains(&c) {
            depth -= 1;
            if depth == 0 {
                return Some(from + i);
            }
        }
    }
    None
}

//! Page furniture found by looking at the whole text: running heads and edge chrome.

use std::collections::HashMap;

use super::lines::Line;
use super::{Kind, rules};
use crate::sidecar::LineOverride;

/// A document that went through pages (it has page numbers) repeats its running head: a line
/// written three or more times, mostly next to a page number, is page furniture everywhere.
pub(super) fn drop_running_heads(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    overrides: &HashMap<usize, &LineOverride>,
) {
    let page_numbers: Vec<usize> = (0..kinds.len())
        .filter(|&i| kinds[i] == Kind::Dropped("page number"))
        .collect();
    if page_numbers.len() < 2 {
        return;
    }
    let mut occurrences: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.is_blank() && !matches!(kinds[i], Kind::Dropped(_) | Kind::Turn { .. }) {
            occurrences.entry(line.text).or_default().push(i);
        }
    }
    // Near: no more than two other lines with text between it and a page number.
    let near = |i: usize| {
        page_numbers.iter().any(|&p| {
            let (a, b) = (i.min(p), i.max(p));
            lines[a + 1..b].iter().filter(|l| !l.is_blank()).count() <= 2
        })
    };
    for at in occurrences.values().filter(|v| v.len() >= 3) {
        if at.iter().filter(|&&i| near(i)).count() * 2 < at.len() {
            continue;
        }
        for &i in at {
            if !overrides.contains_key(&lines[i].no) {
                kinds[i] = Kind::Dropped("running head");
            }
        }
    }
}

/// Drops the runs of bulleted fragments at the very start and end of the text (page chrome);
/// such fragments elsewhere stay text.
pub(super) fn drop_edge_chrome(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    overrides: &HashMap<usize, &LineOverride>,
) {
    let is_chrome = |i: usize, kinds: &[Kind]| {
        matches!(kinds[i], Kind::Blank | Kind::Dropped(_))
            || (!overrides.contains_key(&lines[i].no)
                && (rules::is_bullet_fragment(lines[i].text) || rules::is_counter(lines[i].text)))
    };
    let mut i = 0;
    while i < kinds.len() && is_chrome(i, kinds) {
        if !matches!(kinds[i], Kind::Blank | Kind::Dropped(_)) {
            kinds[i] = Kind::Dropped("page chrome before the text");
        }
        i += 1;
    }
    let mut j = kinds.len();
    while j > i && is_chrome(j - 1, kinds) {
        if !matches!(kinds[j - 1], Kind::Blank | Kind::Dropped(_)) {
            kinds[j - 1] = Kind::Dropped("page chrome after the text");
        }
        j -= 1;
    }
}

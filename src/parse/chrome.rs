//! Page chrome found by looking at the whole text: the widgets at its edges. (A printed
//! page's running heads are found by the text reader, `crate::read::text`.)

use std::collections::HashMap;

use super::lines::Line;
use super::{Kind, rules};
use crate::sidecar::LineOverride;

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

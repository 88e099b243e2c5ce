//! Cutting units where a line may break inside them: a compound after its own hyphens, a
//! word at its hyphenation points, a token wider than the measure anywhere.

use super::{Kind, Setter, Unit, UnitGlyph};
use crate::typeset::Metrics;

impl Setter<'_> {
    /// A compound (`kube-scheduler-simulator`, `well-known`) may break after its own hyphens,
    /// with no hyphen added: two letters or more on each side.
    pub(super) fn split_at_hard_hyphens(&mut self) {
        let mut units = Vec::with_capacity(self.units.len());
        for unit in std::mem::take(&mut self.units) {
            let chars: Vec<char> = unit.glyphs.iter().map(|g| g.ch).collect();
            let letters = |range: &[char]| range.iter().filter(|c| c.is_alphabetic()).count();
            // Not in an address: a break after its hyphen would read as hyphenation.
            let address = chars.iter().any(|c| matches!(c, '/' | ':' | '@'));
            let cuts: Vec<usize> = (1..chars.len())
                .filter(|&k| {
                    unit.kind == Kind::Latin
                        && !address
                        && chars[k - 1] == '-'
                        && chars[k].is_alphabetic()
                        && letters(&chars[..k - 1]) >= 2
                        && chars[k - 2].is_alphabetic()
                        && letters(&chars[k..]) >= 2
                })
                .collect();
            if cuts.is_empty() {
                units.push(unit);
                continue;
            }
            let mut start = 0;
            for end in cuts.into_iter().chain([unit.glyphs.len()]) {
                let last = end == unit.glyphs.len();
                units.push(Unit {
                    glyphs: unit.glyphs[start..end].to_vec(),
                    space_before: start == 0 && unit.space_before,
                    compound_after: !last,
                    hyphen: if last { unit.hyphen } else { None },
                    ..unit.clone()
                });
                start = end;
            }
        }
        self.units = units;
    }

    /// Cuts Latin words into the pieces they may hyphenate between. All-capital words and
    /// words under six letters stay whole; a word with capitals inside (ChatGPT, OpenAI)
    /// breaks only before them.
    pub(super) fn split_hyphenable(&mut self, metrics: &dyn Metrics) {
        let mut units = Vec::with_capacity(self.units.len());
        for unit in std::mem::take(&mut self.units) {
            let points = if unit.kind == Kind::Latin && !unit.cut_after {
                let word: String = unit.glyphs.iter().map(|g| g.ch).collect();
                hyphenation_points(&word)
            } else {
                Vec::new()
            };
            let face = unit.glyphs[unit.glyphs.len() - 1].face;
            let hyphen = metrics.advance(face, '-').map(|adv| UnitGlyph {
                ch: '-',
                face,
                embolden: false,
                advance: adv * self.em,
                scale: 1.0,
                shift: 0.0,
            });
            let (Some(hyphen), false) = (hyphen, points.is_empty()) else {
                units.push(unit);
                continue;
            };
            // Every piece but the last may hyphenate after itself; the last keeps what the
            // word had after it, the first what it had before.
            let mut start = 0;
            for end in points.into_iter().chain([unit.glyphs.len()]) {
                let last = end == unit.glyphs.len();
                units.push(Unit {
                    glyphs: unit.glyphs[start..end].to_vec(),
                    space_before: start == 0 && unit.space_before,
                    hyphen: if last { unit.hyphen } else { Some(hyphen) },
                    compound_after: last && unit.compound_after,
                    ..unit.clone()
                });
                start = end;
            }
        }
        self.units = units;
    }

    /// A unit wider than the measure (a long URL) is cut into pieces that fit, in one pass
    /// over its glyphs (each piece its own exact copy: cutting a long token again and again
    /// would copy, and keep, the rest of it each time).
    pub(super) fn split_overlong(&mut self) {
        let limit = self.style.width - self.style.first_indent.max(self.style.rest_indent);
        if self
            .units
            .iter()
            .all(|u| u.width() <= limit || u.glyphs.len() <= 1)
        {
            return;
        }
        let mut units = Vec::with_capacity(self.units.len());
        for unit in std::mem::take(&mut self.units) {
            if unit.width() <= limit || unit.glyphs.len() <= 1 {
                units.push(unit);
                continue;
            }
            let glyphs = &unit.glyphs;
            let mut start = 0;
            while start < glyphs.len() {
                let mut used = 0.0;
                let fit = glyphs[start..]
                    .iter()
                    .position(|g| {
                        used += g.advance;
                        used > limit
                    })
                    .map_or(glyphs.len(), |k| start + k.max(1));
                let cut = if fit == glyphs.len() {
                    fit
                } else {
                    // Cut a URL or path after a slash or other separator when one is near, or
                    // before a hyphen (so that it cannot be taken for a hyphenation).
                    let near = |after: &str, before: &str| {
                        (start + (fit - start) / 2..fit).rev().find(|&k| {
                            k > start
                                && (after.contains(glyphs[k - 1].ch)
                                    || before.contains(glyphs[k].ch))
                        })
                    };
                    near("/", "").or_else(|| near("._?&=#", "-")).unwrap_or(fit)
                };
                let last = cut == glyphs.len();
                units.push(Unit {
                    glyphs: glyphs[start..cut].to_vec(),
                    space_before: start == 0 && unit.space_before,
                    kind: if start == 0 { unit.kind } else { Kind::Latin },
                    cut_after: !last || unit.cut_after,
                    hyphen: if last { unit.hyphen } else { None },
                    ..unit.clone_empty()
                });
                start = cut;
            }
        }
        self.units = units;
    }
}

/// Where a Latin word may hyphenate, as glyph indices (a break before each).
pub(super) fn hyphenation_points(word: &str) -> Vec<usize> {
    use hyphenation::{Hyphenator, Language, Load, Standard};
    use std::sync::OnceLock;
    static ENGLISH: OnceLock<Option<Standard>> = OnceLock::new();
    let chars: Vec<char> = word.chars().collect();
    // The letters, without punctuation around them ("Facebook," or "(Facebook").
    let (Some(first), Some(last)) = (
        chars.iter().position(|c| c.is_alphabetic()),
        chars.iter().rposition(|c| c.is_alphabetic()),
    ) else {
        return Vec::new();
    };
    let apostrophe = |c: &char| matches!(c, '’' | '\'');
    let core = &chars[first..=last];
    if core.len() < 6 || !core.iter().all(|c| c.is_alphabetic() || apostrophe(c)) {
        return Vec::new();
    }
    // A possessive or contraction ending (’s, n’t, ’ll) is not part of the word's stem.
    let stem = match core.iter().rposition(apostrophe) {
        Some(p) if core.len() - p <= 3 => p,
        _ => core.len(),
    };
    let capitals = core[..stem].iter().filter(|c| c.is_uppercase()).count();
    if capitals == core[..stem].iter().filter(|c| c.is_alphabetic()).count() {
        return Vec::new(); // NVIDIA, GPU’s
    }
    let clear_of_apostrophes = |k: usize| {
        core[..stem]
            .iter()
            .enumerate()
            .filter(|(_, c)| apostrophe(c))
            .all(|(p, _)| k + 2 <= p || k >= p + 3)
    };
    // Capitalised parts stand alone: Chat-GPT, Open-AI (not Mc-Donald).
    let camel: Vec<usize> = (1..stem)
        .filter(|&k| core[k].is_uppercase() && core[k - 1].is_lowercase())
        .collect();
    // A capitalised word is a name (Pilatus, Zuckerberg) or starts a sentence: left whole,
    // as typesetters avoid dividing proper names.
    if camel.is_empty() && core[0].is_uppercase() {
        return Vec::new();
    }
    let points: Vec<usize> = if camel.is_empty() {
        let Some(english) =
            ENGLISH.get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        else {
            return Vec::new();
        };
        // The patterns index bytes of the word; glyphs are characters. At least two
        // letters before a break and three after.
        let text: String = core.iter().collect();
        let bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        english
            .hyphenate(&text)
            .breaks
            .iter()
            .filter_map(|&byte| bytes.iter().position(|&b| b == byte))
            .filter(|&k| k >= 2 && k + 3 <= stem)
            .collect()
    } else {
        camel
            .into_iter()
            .filter(|&k| k >= 3 && k + 2 <= stem)
            .collect()
    };
    points
        .into_iter()
        .filter(|&k| clear_of_apostrophes(k))
        .map(|k| first + k)
        .collect()
}

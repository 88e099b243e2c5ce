//! The units a paragraph is cut into (a Han character or full-width mark, a Latin word, a
//! doubled dash) and the gaps between them: their widths, how far each gap may shrink or
//! stretch, and where a line may end.

use super::Span;
use crate::typeset::{Face, Metrics};
use crate::zh::kinsoku::{self, PunctShape};
use crate::zh::{is_cjk, is_latin_or_digit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Cjk,
    Latin,
    /// —— or ……
    Long,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct UnitGlyph {
    pub(super) ch: char,
    pub(super) face: Face,
    pub(super) embolden: bool,
    /// Advance in pt.
    pub(super) advance: f32,
    /// Horizontal scale and shift (pt) of the drawn glyph within its box.
    pub(super) scale: f32,
    pub(super) shift: f32,
}

#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub(super) glyphs: Vec<UnitGlyph>,
    pub(super) kind: Kind,
    /// Compressible blank on each side (pt): half an em for full-width marks.
    pub(super) lead: f32,
    pub(super) trail: f32,
    /// Whitespace stood before this unit in the text.
    pub(super) space_before: bool,
    /// An overlong word was cut after this unit: a break without a gap.
    pub(super) cut_after: bool,
    /// A compound's own hyphen ends this unit: a break without a gap that never stretches.
    pub(super) compound_after: bool,
    /// A word may hyphenate after this unit: the hyphen's glyph and advance (pt).
    pub(super) hyphen: Option<UnitGlyph>,
}

impl Unit {
    /// The unit's settings without its glyphs (cheap to copy from a long one).
    pub(super) fn clone_empty(&self) -> Unit {
        Unit {
            glyphs: Vec::new(),
            kind: self.kind,
            lead: self.lead,
            trail: self.trail,
            space_before: self.space_before,
            cut_after: self.cut_after,
            compound_after: self.compound_after,
            hyphen: self.hyphen,
        }
    }

    pub(super) fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
    pub(super) fn first(&self) -> char {
        self.glyphs[0].ch
    }
    pub(super) fn last(&self) -> char {
        self.glyphs[self.glyphs.len() - 1].ch
    }
    pub(super) fn is_punct(&self) -> bool {
        self.lead > 0.0 || self.trail > 0.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GapKind {
    /// A word space, or the gap between Han and Latin: stretches first.
    Priority,
    /// Between CJK units: stretches only to justify evenly.
    Plain,
    /// Inside a word, where it may hyphenate: never stretches.
    Inside,
}

/// What lies between unit i and i+1.
#[derive(Debug, Clone, Copy)]
pub(super) struct Gap {
    pub(super) natural: f32,
    pub(super) min: f32,
    pub(super) max: f32,
    pub(super) kind: GapKind,
    pub(super) breakable: bool,
    /// Fixed compression of adjacent marks: cut from unit i's trailing / unit i+1's leading blank.
    pub(super) cut_trail: f32,
    pub(super) cut_lead: f32,
    /// A break here hyphenates a word.
    pub(super) hyphen: bool,
}

/// Side bearing of an apostrophe set inside a Latin word, in em.
pub(super) const APOSTROPHE_SIDE: f32 = 0.05;
/// Space between a full-width quotation mark's ink and the text it encloses, in em (as in
/// the serif's own full-width marks).
pub(super) const QUOTE_SIDE: f32 = 0.08;

pub(super) fn make_units(
    spans: &[Span],
    em: f32,
    metrics: &dyn Metrics,
    missing: &mut Vec<char>,
) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut space_before = false;
    for span in spans {
        let chars: Vec<char> = span.text.chars().collect();
        for (k, &c) in chars.iter().enumerate() {
            if c.is_whitespace() {
                space_before = !units.is_empty();
                continue;
            }
            // An apostrophe between letters (d’honneur, It’s) is part of a Latin word, not
            // Chinese punctuation.
            let letter =
                |c: Option<&char>| c.is_some_and(|c| c.is_alphabetic() && is_latin_or_digit(*c));
            let apostrophe = matches!(c, '’' | '\'')
                && k > 0
                && letter(chars.get(k - 1))
                && letter(chars.get(k + 1));
            // Latin letters, digits and apostrophes inside Kai text come from the serif,
            // whose Latin matches the body's.
            let wanted = if span.face == Face::Kai
                && metrics.notes_take_latin_from_serif()
                && (is_latin_or_digit(c) || apostrophe)
            {
                Face::Serif
            } else {
                span.face
            };
            let (face, adv_em) = metrics.resolve(wanted, c).unwrap_or_else(|| {
                if !missing.contains(&c) {
                    missing.push(c);
                }
                (span.face, if is_cjk(c) { 1.0 } else { 0.5 })
            });
            let mut full = (adv_em - 1.0).abs() < 0.05;
            // Proportional curly quotes left so (in Latin text) are Latin punctuation.
            let curly_quote = matches!(c, '“' | '”' | '‘' | '’');
            let mut advance = adv_em * em;
            let (mut scale, mut shift) = (1.0, 0.0);
            let long = kinsoku::UNBREAKABLE_PAIRS.contains(&c);
            if c == '—' {
                // Two em dashes must read as one stroke: stretch the ink a little past its em
                // box so that the two overlap.
                if let Some((x0, x1)) = metrics.ink(face, c).filter(|(a, b)| b > a) {
                    scale = 1.04 / (x1 - x0);
                    shift = (-x0 * scale - 0.02) * em;
                    advance = em;
                }
            } else if apostrophe && full {
                // A Chinese font's ’ fills an em with its ink at the left: in a Latin word it
                // takes its ink's width and a little either side.
                if let Some((x0, x1)) = metrics.ink(face, c).filter(|(a, b)| b > a) {
                    shift = (APOSTROPHE_SIDE - x0) * em;
                    advance = (x1 - x0 + 2.0 * APOSTROPHE_SIDE) * em;
                }
            } else if curly_quote && !apostrophe && !full {
                // A font with proportional curly quotes (the Kai) sets them the Chinese way
                // beside Chinese text: an em wide, the ink at the inner side.
                let beside_chinese =
                    (k > 0 && is_cjk(chars[k - 1])) || chars.get(k + 1).is_some_and(|n| is_cjk(*n));
                if let Some((x0, x1)) = metrics
                    .ink(face, c)
                    .filter(|(a, b)| b > a && beside_chinese)
                {
                    let opening = matches!(c, '“' | '‘');
                    shift = if opening {
                        1.0 - QUOTE_SIDE - x1
                    } else {
                        QUOTE_SIDE - x0
                    } * em;
                    advance = em;
                    full = true;
                }
            } else if c == '·' && adv_em < 0.5 {
                // A narrow Latin middle dot between Chinese names is centred in half an em.
                shift = (0.5 - adv_em) / 2.0 * em;
                advance = em / 2.0;
            }
            let embolden = metrics.weight(wanted) >= 600 && metrics.weight(face) < 600;
            let glyph = UnitGlyph {
                ch: c,
                face,
                embolden,
                advance,
                scale,
                shift,
            };
            let kind = if long {
                Kind::Long
            } else if is_cjk(c) && !apostrophe && (full || !curly_quote) {
                Kind::Cjk
            } else {
                Kind::Latin
            };
            let joins = match units.last() {
                Some(prev) if !space_before => {
                    (kind == Kind::Latin && prev.kind == Kind::Latin)
                        || (kind == Kind::Long && prev.kind == Kind::Long && prev.last() == c)
                }
                _ => false,
            };
            if joins {
                units.last_mut().expect("checked").glyphs.push(glyph);
            } else {
                let (lead, trail) = match kinsoku::punct_shape(c) {
                    Some(PunctShape::Closing) if full => (0.0, em / 2.0),
                    Some(PunctShape::Opening) if full => (em / 2.0, 0.0),
                    Some(PunctShape::Middle) if full => (em / 4.0, em / 4.0),
                    _ => (0.0, 0.0),
                };
                units.push(Unit {
                    glyphs: vec![glyph],
                    kind,
                    lead,
                    trail,
                    space_before,
                    cut_after: false,
                    compound_after: false,
                    hyphen: None,
                });
            }
            space_before = false;
        }
    }
    units
}

pub(super) fn make_gaps(units: &[Unit], em: f32, metrics: &dyn Metrics) -> Vec<Gap> {
    units
        .windows(2)
        .map(|pair| {
            let (a, b) = (&pair[0], &pair[1]);
            if a.compound_after {
                // After a compound's own hyphen: may break, never stretches.
                return Gap {
                    kind: GapKind::Inside,
                    ..Gap::plain()
                };
            }
            if a.cut_after {
                return Gap::plain();
            }
            if a.hyphen.is_some() {
                return Gap {
                    kind: GapKind::Inside,
                    hyphen: true,
                    ..Gap::plain()
                };
            }
            let latin_a = a.kind == Kind::Latin;
            let latin_b = b.kind == Kind::Latin;
            // Where the EPUB carries the gap as a character (zh::gap), so the two agree.
            let mixed = crate::zh::gap::between(a.last(), b.first());
            let mut gap = if mixed {
                // clreq: up to ¼ em between Han and Latin, shrinking to ⅛, stretching to ⅓.
                Gap::priority(em / 4.0, em / 8.0, em / 3.0)
            } else if b.space_before && latin_a && latin_b {
                let space = metrics
                    .advance(b.glyphs[0].face, ' ')
                    .map_or(em / 4.0, |a| a * em);
                Gap::priority(space, space * 0.75, space * 2.0)
            } else if b.space_before && !(a.is_punct() || b.is_punct()) {
                Gap::priority(em / 4.0, em / 8.0, em / 3.0)
            } else {
                Gap::plain()
            };
            gap.breakable = if b.space_before && !kinsoku::not_at_line_start(b.first()) {
                true
            } else {
                kinsoku::can_break_between(a.last(), b.first())
                    && !(a.kind == Kind::Latin && b.kind == Kind::Latin)
            };
            // Adjacent full-width marks: keep ½ em between a closing and an opening mark,
            // nothing otherwise.
            let blank = a.trail + b.lead;
            if a.is_punct() && b.is_punct() && blank > 0.0 {
                let keep = if a.trail > 0.0 && b.lead > 0.0 {
                    em / 2.0
                } else {
                    0.0
                };
                let cut = (blank - keep).max(0.0);
                gap.cut_trail = cut.min(a.trail);
                gap.cut_lead = cut - gap.cut_trail;
            }
            gap
        })
        .collect()
}

impl Gap {
    pub(super) fn priority(natural: f32, min: f32, max: f32) -> Gap {
        Gap {
            natural,
            min,
            max,
            kind: GapKind::Priority,
            breakable: true,
            cut_trail: 0.0,
            cut_lead: 0.0,
            hyphen: false,
        }
    }
    pub(super) fn plain() -> Gap {
        Gap {
            natural: 0.0,
            min: 0.0,
            max: 0.0,
            kind: GapKind::Plain,
            breakable: true,
            cut_trail: 0.0,
            cut_lead: 0.0,
            hyphen: false,
        }
    }
}

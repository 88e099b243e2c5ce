//! Breaking one paragraph into lines and justifying them, after clreq:
//!
//! - The text is cut into *units* that never break inside: one Han character or full-width
//!   mark, a Latin word or number (`LeCun`, `11.6%`), a doubled dash or ellipsis (`——`, `……`).
//! - A line may end between two units unless the kinsoku tables forbid it
//!   ([`crate::zh::kinsoku`]); at a space between Latin words always.
//! - Between a Han character and a Latin word or number there is a quarter-em gap (shrinking
//!   to ⅛ em); no gap next to full-width punctuation.
//! - Adjacent full-width marks are compressed (`。”` is 1½ em, `”，“` keeps ½ em between), and
//!   a closing mark at a line end loses its blank half (GB/T 15834 §5.1.10).
//! - "Squeeze in first, then push out": a line takes as many units as fit when every gap and
//!   every mid-line punctuation blank is shrunk to its minimum; then it is justified to the
//!   measure: spaces and Han–Latin gaps stretch first (a Han–Latin gap to ⅓ em, a word space
//!   to twice its width, but in a line with Han neither by more than [`TOO_LOOSE`]), then the
//!   gaps between CJK units evenly, so neither opens wider than the Han around it (only a
//!   line with no such gap stretches its spaces further). A paragraph's last line is set at
//!   its natural width.
//! - The Han–Latin gap sits where the EPUB carries it as a character ([`crate::zh::gap`]).
//! - A last line of one character (plus its punctuation) pulls a unit down from the line
//!   before, when that line can spare it.
//! - A Latin word at the end of a justified line that would otherwise be left loose (more
//!   than 1/16 em of stretch per gap) is hyphenated: US English patterns (Knuth–Liang), or at
//!   its capitals in a word like ChatGPT; never all-capital words, and only in prose
//!   ([`ParagraphStyle::hyphenate`]), not in titles, labels or centred lines.
//! - A compound may break after its own hyphen (`kube-scheduler-` / `simulator`), adding
//!   nothing and never stretching there; not inside an address (a URL, a mail address).

mod cut;
mod units;

use units::{Gap, GapKind, Kind, Unit, UnitGlyph, make_gaps, make_units};

use super::{Face, Metrics};

/// A run of text in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub face: Face,
}

impl Span {
    pub fn new(text: impl Into<String>, face: Face) -> Span {
        Span {
            text: text.into(),
            face,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Every line but the last fills the measure.
    Justify,
    /// Lines at their natural width, centred.
    Center,
    /// Lines at their natural width from the left (table cells).
    Left,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphStyle {
    /// Font size in pt.
    pub size: f32,
    /// Column width in pt.
    pub width: f32,
    /// Left indent of the first line, pt.
    pub first_indent: f32,
    /// Left indent of the other lines, pt.
    pub rest_indent: f32,
    pub align: Align,
    /// Prose: a Latin word that would leave a justified line loose may hyphenate. Off for
    /// headings, labels, contents entries and running heads.
    pub hyphenate: bool,
}

/// A glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub face: Face,
    /// Left edge of the glyph's box, pt from the column's left edge.
    pub x: f32,
    /// Horizontal scale (a dash drawn to fill a full em), 1.0 normally.
    pub scale: f32,
    /// Drawn bolder than its font: a bold face's character taken from a regular fallback.
    pub embolden: bool,
}

/// Stretch per gap above which a line hyphenates its last word instead, in em.
const LOOSE: f32 = 1.0 / 16.0;

/// The stretch per gap (in em) past which a justified line is too loose: the loosest lines
/// typst 0.15 and XeLaTeX set from the same texts reach 0.185 and 0.118 em
/// (`tests/line-quality/`). A paragraph whose greedy breaks leave such a line is broken again
/// as a whole (see `Setter::total_fit`).
pub const TOO_LOOSE: f32 = 0.15;

/// What a word space or Han–Latin gap of a Chinese line may take past its maximum when the
/// gaps between CJK units are at [`TOO_LOOSE`] (in em; typst's widest word space is 0.57 em).
const SPILL: f32 = 0.25;

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub glyphs: Vec<Glyph>,
    /// Where the line may start (its indent), pt.
    pub left: f32,
    /// Where the line's last glyph box ends (after line-end compression), pt.
    pub right: f32,
    /// The last line of its paragraph.
    pub last: bool,
    /// The line ends inside a word: its last glyph is a hyphen the text does not have.
    pub hyphenated: bool,
}

impl Line {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }

    /// The line, its glyphs moved out of `self` (which keeps its geometry): a page takes
    /// its lines from the laid-out blocks rather than holding a second copy of the book.
    pub fn take(&mut self) -> Line {
        Line {
            glyphs: std::mem::take(&mut self.glyphs),
            ..*self
        }
    }
}

/// A paragraph's lines, and characters no font could draw.
#[derive(Debug, Clone, Default)]
pub struct Broken {
    pub lines: Vec<Line>,
    pub missing: Vec<char>,
}

struct Setter<'a> {
    units: Vec<Unit>,
    gaps: Vec<Gap>,
    style: &'a ParagraphStyle,
    em: f32,
}

/// Breaks and justifies a paragraph.
pub fn break_paragraph(spans: &[Span], style: &ParagraphStyle, metrics: &dyn Metrics) -> Broken {
    let em = style.size;
    let mut missing = Vec::new();
    let units = make_units(spans, em, metrics, &mut missing);
    if units.is_empty() {
        return Broken {
            lines: Vec::new(),
            missing,
        };
    }
    let mut setter = Setter {
        gaps: Vec::new(),
        units,
        style,
        em,
    };
    setter.split_overlong();
    setter.split_at_hard_hyphens();
    if style.hyphenate && style.align == Align::Justify {
        setter.split_hyphenable(metrics);
    }
    setter.gaps = make_gaps(&setter.units, em, metrics);
    let ranges = setter.balanced_breaks();
    let n = ranges.len();
    let lines = ranges
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| setter.place(a, b, i == 0, i + 1 == n))
        .collect();
    Broken { lines, missing }
}

/// Widths of a candidate line.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    /// Natural width with fixed compressions and the line-end cut applied.
    natural: f32,
    /// How much the gaps can give.
    shrink_gaps: f32,
    /// How much mid-line punctuation blanks can give.
    shrink_punct: f32,
    /// How much the priority gaps can take before plain gaps stretch, in a line without
    /// gaps between CJK units and in one with them (each capped at [`TOO_LOOSE`], so that a
    /// word space in a Chinese line opens no wider than the Han around it).
    priority_room: f32,
    priority_room_in_cjk: f32,
    gaps: usize,
    /// Gaps between CJK units, which alone take the even stretch when the line has any, so that
    /// a Han–Latin gap or a word space never opens past its maximum in a Chinese line.
    plain_gaps: usize,
}

impl Measure {
    /// How much the priority gaps can take before plain gaps stretch.
    fn stretch_priority(&self) -> f32 {
        if self.plain_gaps > 0 {
            self.priority_room_in_cjk
        } else {
            self.priority_room
        }
    }

    /// How much one priority gap of this line takes at full priority stretch.
    fn room(&self, gap: &Gap, em: f32) -> f32 {
        let room = gap.max - gap.natural;
        if self.plain_gaps > 0 {
            room.min(em * TOO_LOOSE)
        } else {
            room
        }
    }

    /// The gaps the even stretch is shared among.
    fn stretching_gaps(&self) -> usize {
        if self.plain_gaps > 0 {
            self.plain_gaps
        } else {
            self.gaps
        }
    }
}

impl Setter<'_> {
    fn indent(&self, first: bool) -> f32 {
        if first {
            self.style.first_indent
        } else {
            self.style.rest_indent
        }
    }

    /// Lead and trail blanks of unit `i` left after the fixed cuts, within line a..=b.
    fn blanks(&self, i: usize, a: usize, b: usize) -> (f32, f32, f32, f32) {
        let u = &self.units[i];
        let cut_lead = if i > a {
            self.gaps[i - 1].cut_lead
        } else {
            0.0
        };
        let cut_trail = if i < b {
            self.gaps[i].cut_trail
        } else {
            u.trail // line end: a closing mark loses its blank half
        };
        (u.lead, u.trail, cut_lead, cut_trail)
    }

    fn measure(&self, a: usize, b: usize) -> Measure {
        let mut m = Measure::default();
        for i in a..b {
            self.add_unit(&mut m, i, a, b);
        }
        self.end_line(m, a, b)
    }

    /// Adds unit `i` of the line a..=b (and the gap after it, unless it ends the line).
    fn add_unit(&self, m: &mut Measure, i: usize, a: usize, b: usize) {
        let (lead, trail, cut_lead, cut_trail) = self.blanks(i, a, b);
        m.natural += self.units[i].width() - cut_lead - cut_trail;
        // Mid-line marks give at most a quarter em each: squeezing every comma to half
        // width to save one character makes lines look uneven.
        if i > a {
            m.shrink_punct += (lead - cut_lead).min(self.em / 4.0);
        }
        if i < b {
            m.shrink_punct += (trail - cut_trail).min(self.em / 4.0);
            let g = &self.gaps[i];
            m.natural += g.natural;
            m.shrink_gaps += g.natural - g.min;
            if g.kind == GapKind::Priority {
                m.priority_room += g.max - g.natural;
                m.priority_room_in_cjk += (g.max - g.natural).min(self.em * TOO_LOOSE);
            }
            if g.kind != GapKind::Inside {
                m.gaps += 1;
            }
            if g.kind == GapKind::Plain {
                m.plain_gaps += 1;
            }
        }
    }

    /// The measure of line a..=b from that of its units before `b`.
    fn end_line(&self, mut m: Measure, a: usize, b: usize) -> Measure {
        self.add_unit(&mut m, b, a, b);
        if let Some(hyphen) = self.hyphen_at(b) {
            m.natural += hyphen.advance;
        }
        m
    }

    /// The hyphen a line ending after unit `b` must add, if it ends inside a word.
    fn hyphen_at(&self, b: usize) -> Option<UnitGlyph> {
        self.gaps
            .get(b)
            .filter(|g| g.hyphen)
            .and(self.units[b].hyphen)
    }

    /// Stretch per gap the line a..=b needs, beyond what its spaces take, in pt.
    fn looseness(&self, a: usize, b: usize, first: bool, width: f32) -> f32 {
        let m = self.measure(a, b);
        let extra = self.available(first, width) - m.natural - m.stretch_priority();
        if m.gaps == 0 {
            if extra > 0.0 { f32::INFINITY } else { 0.0 }
        } else {
            extra / m.stretching_gaps() as f32
        }
    }

    fn available(&self, first: bool, width: f32) -> f32 {
        width - self.indent(first)
    }

    fn fits(&self, a: usize, b: usize, first: bool, width: f32) -> bool {
        self.squeezed_fits(&self.measure(a, b), first, width)
    }

    fn squeezed_fits(&self, m: &Measure, first: bool, width: f32) -> bool {
        m.natural - m.shrink_gaps - m.shrink_punct <= self.available(first, width) + 0.01
    }

    /// Greedy: each line takes as many units as fit when squeezed.
    fn choose_breaks(&self, width: f32) -> Vec<(usize, usize)> {
        let n = self.units.len();
        let mut ranges = Vec::new();
        let mut a = 0;
        while a < n {
            let first = ranges.is_empty();
            let (mut best, mut best_hyphen) = (None, None);
            let mut b = a;
            // The units before b, measured once as the line grows (not again for every b).
            let mut before = Measure::default();
            while b < n && self.squeezed_fits(&self.end_line(before, a, b), first, width) {
                if b + 1 < n {
                    self.add_unit(&mut before, b, a, b + 1);
                }
                if b + 1 == n || (self.gaps[b].breakable && !self.gaps[b].hyphen) {
                    best = Some(b);
                } else if self.gaps[b].hyphen {
                    best_hyphen = Some(b);
                }
                b += 1;
            }
            // Hyphenate only what would otherwise leave the line loose.
            if let Some(h) = best_hyphen
                && best.is_none_or(|e| {
                    h > e && e + 1 < n && self.looseness(a, e, first, width) > self.em * LOOSE
                })
            {
                best = Some(h);
            }
            // Nothing fits: take the shortest breakable stretch (an overfull line).
            let end = best.unwrap_or_else(|| {
                (a..n)
                    .find(|&e| e + 1 == n || self.gaps[e].breakable)
                    .unwrap_or(n - 1)
            });
            ranges.push((a, end));
            a = end + 1;
        }
        if self.style.align == Align::Justify
            && self.too_loose(&ranges, width)
            && let Some(better) = self.total_fit(width)
        {
            ranges = better;
        }
        self.avoid_orphan(&mut ranges, width);
        ranges
    }

    /// Whether a justified line (not the last) needs more than [`TOO_LOOSE`] stretch per gap.
    fn too_loose(&self, ranges: &[(usize, usize)], width: f32) -> bool {
        let lines = ranges.len().saturating_sub(1);
        ranges[..lines]
            .iter()
            .enumerate()
            .any(|(i, &(a, b))| self.looseness(a, b, i == 0, width) > self.em * TOO_LOOSE)
    }

    /// Breaks chosen for the whole paragraph at once (after Knuth and Plass, simplified): the
    /// fewest, least loose lines, the looseness of each costing its cube, so that a word that
    /// cannot break ("roadie", `GPU，`) is made room for over the lines before it instead of
    /// opening one line. None when no such breaks improve on the loosest line.
    fn total_fit(&self, width: f32) -> Option<Vec<(usize, usize)>> {
        let n = self.units.len();
        // cost[a]: the least cost of setting units a.. ; end[a]: where a's line ends.
        let mut cost = vec![f32::INFINITY; n + 1];
        let mut end = vec![usize::MAX; n];
        cost[n] = 0.0;
        for a in (0..n).rev() {
            let first = a == 0;
            let mut before = Measure::default();
            for b in a..n {
                if b > a {
                    self.add_unit(&mut before, b - 1, a, b);
                }
                if !self.squeezed_fits(&self.end_line(before, a, b), first, width) {
                    break;
                }
                let line = if b + 1 == n {
                    0.0
                } else if self.gaps[b].breakable {
                    let loose = (self.looseness(a, b, first, width) / self.em).max(0.0);
                    let hyphen = if self.gaps[b].hyphen { 0.5 } else { 0.0 };
                    (10.0 * loose).powi(3) + 1.0 + hyphen
                } else {
                    continue;
                };
                if line + cost[b + 1] < cost[a] {
                    cost[a] = line + cost[b + 1];
                    end[a] = b;
                }
            }
        }
        if !cost[0].is_finite() {
            return None;
        }
        let mut ranges = Vec::new();
        let mut a = 0;
        while a < n {
            ranges.push((a, end[a]));
            a = end[a] + 1;
        }
        Some(ranges)
    }

    /// Centred lines (titles, pull quotes, captions) are balanced: the narrowest measure that
    /// keeps the same number of lines, so the last line is not a runt.
    fn balanced_breaks(&self) -> Vec<(usize, usize)> {
        let full = self.choose_breaks(self.style.width);
        if self.style.align != Align::Center || full.len() < 2 {
            return full;
        }
        let mut best = full.clone();
        for step in 1..=30 {
            let trial = self.choose_breaks(self.style.width * (1.0 - step as f32 * 0.015));
            if trial.len() != full.len() {
                break;
            }
            best = trial;
        }
        best
    }

    /// A last line of a single character (and its punctuation) pulls one unit down.
    fn avoid_orphan(&self, ranges: &mut [(usize, usize)], width: f32) {
        let n = ranges.len();
        if n < 2 {
            return;
        }
        let (a, b) = ranges[n - 1];
        // Words, not the pieces of a hyphenated one.
        let words = (a..=b)
            .filter(|&i| !self.units[i].is_punct() && (i == a || !self.gaps[i - 1].hyphen))
            .count();
        if words > 1 {
            return;
        }
        let (pa, pb) = ranges[n - 2];
        let first = n == 2;
        for e in (pa..pb).rev() {
            if !self.gaps[e].breakable || self.gaps[e].hyphen {
                continue;
            }
            // The shortened line must not need more than ⅛ em of stretch per gap.
            let m = self.measure(pa, e);
            let extra = self.available(first, width) - m.natural - m.stretch_priority();
            if m.gaps == 0 || extra / m.stretching_gaps() as f32 > self.em / 8.0 {
                return;
            }
            if self.fits(e + 1, b, false, width) {
                ranges[n - 2] = (pa, e);
                ranges[n - 1] = (e + 1, b);
            }
            return;
        }
    }

    fn place(&self, a: usize, b: usize, first: bool, last: bool) -> Line {
        let m = self.measure(a, b);
        let left = self.indent(first);
        let avail = self.available(first, self.style.width);
        let extra = avail - m.natural;
        // How each gap and blank moves from natural: shrink ratios, or stretch amounts.
        let (gap_ratio, punct_ratio) = if extra < 0.0 {
            let need = -extra;
            let g = if m.shrink_gaps > 0.0 {
                (need / m.shrink_gaps).min(1.0)
            } else {
                0.0
            };
            let rest = need - g * m.shrink_gaps;
            let p = if m.shrink_punct > 0.0 {
                (rest / m.shrink_punct).min(1.0)
            } else {
                0.0
            };
            (g, p)
        } else {
            (0.0, 0.0)
        };
        let justify = extra > 0.0 && !last && self.style.align == Align::Justify;
        // Stretch beyond the priority gaps' maximum: shared by the gaps between CJK units up
        // to TOO_LOOSE each, the rest by the spaces and Han–Latin gaps up to SPILL; a line
        // that would need more (its next word, an address, cannot break and no better breaks
        // exist) stops short of the measure rather than letter-space its characters.
        let (priority_ratio, even, spill) = if justify {
            let room = m.stretch_priority();
            let p = if room > 0.0 {
                (extra / room).min(1.0)
            } else {
                0.0
            };
            let rest = extra - p * room;
            let priority_gaps = m.gaps - m.plain_gaps;
            if m.plain_gaps > 0 {
                let even = (rest / m.plain_gaps as f32).min(self.em * TOO_LOOSE);
                let left = rest - even * m.plain_gaps as f32;
                let spill = if priority_gaps > 0 && left > 0.0 {
                    (left / priority_gaps as f32).min(self.em * SPILL)
                } else {
                    0.0
                };
                (p, even, spill)
            } else if m.gaps > 0 {
                (p, 0.0, rest / m.gaps as f32)
            } else {
                (p, 0.0, 0.0)
            }
        } else {
            (0.0, 0.0, 0.0)
        };
        let mut x = left;
        if self.style.align == Align::Center && extra > 0.0 {
            x += extra / 2.0;
        }
        let hyphen = self.hyphen_at(b);
        // Sized exactly: a long book holds every line's glyphs until its pages are painted.
        let count = (a..=b).map(|i| self.units[i].glyphs.len()).sum::<usize>()
            + usize::from(hyphen.is_some());
        let mut glyphs = Vec::with_capacity(count);
        for i in a..=b {
            let (lead, trail, cut_lead, cut_trail) = self.blanks(i, a, b);
            let quarter = self.em / 4.0;
            let lead_cut = cut_lead
                + if i > a {
                    (lead - cut_lead).min(quarter) * punct_ratio
                } else {
                    0.0
                };
            let trail_cut = cut_trail
                + if i < b {
                    (trail - cut_trail).min(quarter) * punct_ratio
                } else {
                    0.0
                };
            x -= lead_cut;
            for g in &self.units[i].glyphs {
                glyphs.push(Glyph {
                    ch: g.ch,
                    face: g.face,
                    x: x + g.shift,
                    scale: g.scale,
                    embolden: g.embolden,
                });
                x += g.advance;
            }
            x -= trail_cut;
            if i < b {
                let g = &self.gaps[i];
                let mut width = g.natural - (g.natural - g.min) * gap_ratio;
                if g.kind == GapKind::Priority {
                    width += m.room(g, self.em) * priority_ratio;
                }
                match g.kind {
                    GapKind::Plain => width += even,
                    GapKind::Priority => width += spill,
                    GapKind::Inside => {}
                }
                x += width;
            }
        }
        if let Some(h) = hyphen {
            glyphs.push(Glyph {
                ch: h.ch,
                face: h.face,
                x,
                scale: h.scale,
                embolden: h.embolden,
            });
            x += h.advance;
        }
        Line {
            glyphs,
            left,
            right: x,
            last,
            hyphenated: hyphen.is_some(),
        }
    }
}

#[cfg(test)]
mod tests;

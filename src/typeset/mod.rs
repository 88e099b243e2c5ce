//! Typesetting for the PDF: Chinese line breaking and justification (clreq), then pagination.
//! Pure computation over font metrics: nothing here writes a PDF, so it is tested with a fake
//! monospace metric as well as the real fonts.

pub mod balance;
pub mod book;
pub mod linebreak;
pub mod page;
pub mod script;

/// The faces a book uses. Fallback faces (other fonts for characters the bundled ones lack)
/// are numbered after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Song/serif: body text.
    Serif,
    /// Hei/sans bold: headings and speaker labels.
    Sans,
    /// Kai: editor notes.
    Kai,
    /// The n-th fallback font.
    Fallback(u8),
}

/// Glyph advances, in em, of the fonts a book uses.
pub trait Metrics {
    /// Advance of `c` in `face`, or `None` when the face has no glyph for it.
    fn advance(&self, face: Face, c: char) -> Option<f32>;

    /// Left and right edges of the glyph's ink, in em from its origin.
    fn ink(&self, _face: Face, _c: char) -> Option<(f32, f32)> {
        None
    }

    /// The face's weight (OS/2 `usWeightClass`: 400 regular, 700 bold).
    fn weight(&self, _face: Face) -> u16 {
        400
    }

    /// Faces to try, in order, when `face` lacks a character.
    fn fallbacks(&self, face: Face) -> Vec<Face> {
        [Face::Serif, Face::Sans, Face::Kai]
            .into_iter()
            .filter(|f| *f != face)
            .collect()
    }

    /// Latin letters inside Kai text (editor notes) are drawn in the serif, whose Latin matches
    /// the body's: true for Chinese faces, whose Kai has Latin of its own style.
    fn notes_take_latin_from_serif(&self) -> bool {
        true
    }

    /// The face that will draw `c` (the requested one, else the first fallback that has it)
    /// and its advance; `None` when no face has it.
    fn resolve(&self, face: Face, c: char) -> Option<(Face, f32)> {
        if let Some(a) = self.advance(face, c) {
            return Some((face, a));
        }
        self.fallbacks(face)
            .into_iter()
            .find_map(|f| self.advance(f, c).map(|a| (f, a)))
    }
}

/// The label column of Chinese dialogue (clreq 突排: each turn hangs under its speaker's
/// name), in ems: as wide as the widest label (`姓名：`) in the sans, in whole ems, at most
/// eight. Shared by the PDF and the EPUB, so both hang turns alike.
pub fn label_column_em(labels: impl Iterator<Item = String>, metrics: &dyn Metrics) -> f32 {
    let widest = labels
        .map(|label| {
            label
                .chars()
                .map(|c| metrics.resolve(Face::Sans, c).map_or(1.0, |r| r.1))
                .sum::<f32>()
                - 0.5 // the colon's blank half
        })
        .fold(0.0f32, f32::max);
    widest.ceil().min(8.0)
}

/// A test metric: Han and full-width punctuation 1 em, everything else ½ em, spaces ¼ em.
#[derive(Debug, Clone, Copy, Default)]
pub struct MonoMetrics;

impl Metrics for MonoMetrics {
    fn advance(&self, _face: Face, c: char) -> Option<f32> {
        Some(if c == ' ' {
            0.25
        } else if crate::zh::is_cjk(c) && c != '·' {
            1.0
        } else {
            0.5
        })
    }
}

//! The bundled fonts (compiled in) and fallback fonts, with their metrics for typesetting.
//!
//! Fonts live for the whole process: the bundled ones are static, and a fallback font read
//! from disk is kept (leaked) once, so that every document of a batch shares one parse.

use ttf_parser::Face as TtfFace;

use crate::typeset::{Face, Metrics};

pub const SERIF: &[u8] = include_bytes!("../../fonts/NotoSerifSC-Regular.subset.ttf");
pub const SANS: &[u8] = include_bytes!("../../fonts/NotoSansSC-Bold.subset.ttf");
pub const KAI: &[u8] = include_bytes!("../../fonts/LXGWWenKai-Regular.subset.ttf");

/// One font face: its bytes and a zero-copy parser over them.
pub struct Font {
    /// Where it came from, for messages.
    pub name: String,
    pub bytes: &'static [u8],
    /// Face index inside a collection (.ttc).
    pub index: u32,
    face: TtfFace<'static>,
    units_per_em: f32,
}

impl Font {
    pub fn from_static(name: &str, bytes: &'static [u8], index: u32) -> Option<Font> {
        let face = TtfFace::parse(bytes, index).ok()?;
        Some(Font {
            name: name.to_string(),
            bytes,
            index,
            units_per_em: face.units_per_em() as f32,
            face,
        })
    }

    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// Glyph id of `c` (ttf-parser reads the cmap without copying).
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0)
    }
}

/// The fonts of a book: serif, sans, kai, then fallbacks in order.
pub struct FontSet {
    pub fonts: Vec<Font>,
}

impl FontSet {
    /// The three bundled faces.
    pub fn bundled() -> FontSet {
        FontSet::with_fallbacks(Vec::new())
    }

    pub fn with_fallbacks(fallbacks: Vec<Font>) -> FontSet {
        let bundled = |name, bytes| Font::from_static(name, bytes, 0).expect("bundled fonts parse");
        let mut fonts = vec![
            bundled("Noto Serif SC (bundled)", SERIF),
            bundled("Noto Sans SC Bold (bundled)", SANS),
            bundled("Fangtan Kai (bundled)", KAI),
        ];
        fonts.extend(fallbacks);
        FontSet { fonts }
    }

    pub fn index(face: Face) -> usize {
        match face {
            Face::Serif => 0,
            Face::Sans => 1,
            Face::Kai => 2,
            Face::Fallback(n) => 3 + n as usize,
        }
    }

    pub fn font(&self, face: Face) -> Option<&Font> {
        self.fonts.get(Self::index(face))
    }
}

impl Metrics for FontSet {
    fn advance(&self, face: Face, c: char) -> Option<f32> {
        let font = self.font(face)?;
        let gid = font.face.glyph_index(c)?;
        Some(font.face.glyph_hor_advance(gid).unwrap_or(0) as f32 / font.units_per_em)
    }

    fn ink(&self, face: Face, c: char) -> Option<(f32, f32)> {
        let font = self.font(face)?;
        let rect = font.face.glyph_bounding_box(font.face.glyph_index(c)?)?;
        Some((
            rect.x_min as f32 / font.units_per_em,
            rect.x_max as f32 / font.units_per_em,
        ))
    }

    fn fallbacks(&self, face: Face) -> Vec<Face> {
        let mut order: Vec<Face> = [Face::Serif, Face::Sans, Face::Kai]
            .into_iter()
            .filter(|f| *f != face)
            .collect();
        order.extend((0..self.fonts.len().saturating_sub(3)).map(|n| Face::Fallback(n as u8)));
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_metrics() {
        let fonts = FontSet::bundled();
        assert_eq!(fonts.advance(Face::Serif, '中'), Some(1.0));
        assert_eq!(fonts.advance(Face::Serif, '，'), Some(1.0));
        assert!(fonts.advance(Face::Serif, 'i').unwrap() < 0.5);
        assert_eq!(fonts.advance(Face::Kai, '堃'), None, "GB 2312 subset");
        assert_eq!(fonts.resolve(Face::Kai, '中').map(|r| r.0), Some(Face::Kai));
    }
}

//! The bundled fonts (compiled in) and fallback fonts, with their metrics for typesetting.
//!
//! Fonts live for the whole process: the bundled ones are static, and a fallback font read
//! from disk is kept (leaked) once, so that every document of a batch shares one parse.

use ttf_parser::Face as TtfFace;

use crate::typeset::{Face, Metrics};

pub const SERIF: &[u8] = include_bytes!("../../fonts/NotoSerifSC-Regular.subset.ttf");
pub const SANS: &[u8] = include_bytes!("../../fonts/NotoSansSC-Bold.subset.ttf");
pub const KAI: &[u8] = include_bytes!("../../fonts/LXGWWenKai-Regular.subset.ttf");
/// The Latin faces of books in other languages than Chinese: Source Serif 4 Regular,
/// SemiBold and Italic, subset and renamed "Fangtan Serif" (fonts/README.md).
pub const LATIN_SERIF: &[u8] = include_bytes!("../../fonts/SourceSerif4-Regular.subset.ttf");
pub const LATIN_SEMIBOLD: &[u8] = include_bytes!("../../fonts/SourceSerif4-SemiBold.subset.ttf");
pub const LATIN_ITALIC: &[u8] = include_bytes!("../../fonts/SourceSerif4-Italic.subset.ttf");

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

    /// OS/2 weight class (400 regular, 700 bold).
    pub fn weight(&self) -> u16 {
        self.face.weight().to_number()
    }

    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// Glyph id of `c` (ttf-parser reads the cmap without copying).
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0)
    }
}

/// Which bundled faces set a book's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BookFaces {
    /// Song, Hei and Kai, whose Latin serves the Latin runs of a Chinese text.
    #[default]
    Chinese,
    /// A Latin serif in regular, semibold and italic for the body, headings and labels, and
    /// notes; the Chinese faces after them for any Han text.
    Latin,
}

impl BookFaces {
    /// Chinese faces for a Chinese document, Latin faces for any other.
    pub fn for_language(language: &str) -> BookFaces {
        if crate::zh::normalize::is_chinese_language(language) {
            BookFaces::Chinese
        } else {
            BookFaces::Latin
        }
    }
}

/// The fonts of a book: its serif, sans and kai faces, then fallbacks in order (for a Latin
/// book the Chinese faces are the first three fallbacks).
pub struct FontSet {
    pub fonts: Vec<Font>,
    pub faces: BookFaces,
}

impl FontSet {
    /// The three bundled Chinese faces.
    pub fn bundled() -> FontSet {
        FontSet::new(BookFaces::Chinese, Vec::new())
    }

    pub fn with_fallbacks(fallbacks: Vec<Font>) -> FontSet {
        FontSet::new(BookFaces::Chinese, fallbacks)
    }

    pub fn new(faces: BookFaces, fallbacks: Vec<Font>) -> FontSet {
        let bundled = |name, bytes| Font::from_static(name, bytes, 0).expect("bundled fonts parse");
        let chinese = [
            bundled("Noto Serif SC (bundled)", SERIF),
            bundled("Noto Sans SC Bold (bundled)", SANS),
            bundled("Fangtan Kai (bundled)", KAI),
        ];
        let mut fonts = Vec::new();
        if faces == BookFaces::Latin {
            fonts.extend([
                bundled("Fangtan Serif (Source Serif 4, bundled)", LATIN_SERIF),
                bundled(
                    "Fangtan Serif SemiBold (Source Serif 4, bundled)",
                    LATIN_SEMIBOLD,
                ),
                bundled(
                    "Fangtan Serif Italic (Source Serif 4, bundled)",
                    LATIN_ITALIC,
                ),
            ]);
        }
        fonts.extend(chinese);
        fonts.extend(fallbacks);
        FontSet { fonts, faces }
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

    fn weight(&self, face: Face) -> u16 {
        self.font(face).map_or(400, |f| f.face.weight().to_number())
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
        let main = [Face::Serif, Face::Sans, Face::Kai];
        let mut order: Vec<Face> = Vec::new();
        if self.faces == BookFaces::Latin {
            // Han in a Latin book: the Chinese face of the same role first.
            let partner = main.iter().position(|f| *f == face);
            order.extend(partner.map(|n| Face::Fallback(n as u8)));
            order.extend((0..3u8).map(Face::Fallback));
        }
        order.extend(main.into_iter().filter(|f| *f != face));
        order.extend((0..self.fonts.len().saturating_sub(3)).map(|n| Face::Fallback(n as u8)));
        let mut seen = Vec::new();
        order.retain(|f| {
            let new = !seen.contains(f);
            seen.push(*f);
            new
        });
        // A face of the same weight first (a bold label's rare character from a bold font
        // if there is one), then of the same style (the Kai only for the Kai), else the
        // order above.
        let bold = |f: Face| self.weight(f) >= 600;
        order.sort_by_key(|f| {
            (
                bold(*f) != bold(face),
                (*f == Face::Kai) != (face == Face::Kai),
            )
        });
        order
    }

    fn notes_take_latin_from_serif(&self) -> bool {
        // The Kai's own Latin does not match the body's; a Latin book's italic is its own.
        self.faces == BookFaces::Chinese
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
        assert_eq!(fonts.advance(Face::Kai, '堃'), Some(1.0), "通用规范汉字表");
        assert_eq!(fonts.advance(Face::Kai, '龍'), None, "no traditional forms");
        assert_eq!(fonts.resolve(Face::Kai, '中').map(|r| r.0), Some(Face::Kai));
    }

    #[test]
    fn latin_books_take_han_from_the_chinese_face_of_the_same_role() {
        let fonts = FontSet::new(BookFaces::Latin, Vec::new());
        assert_eq!(
            fonts.resolve(Face::Serif, 'a').map(|r| r.0),
            Some(Face::Serif)
        );
        assert_eq!(
            fonts.resolve(Face::Serif, '中').map(|r| r.0),
            Some(Face::Fallback(0))
        );
        assert_eq!(
            fonts.resolve(Face::Sans, '中').map(|r| r.0),
            Some(Face::Fallback(1))
        );
        assert_eq!(
            fonts.resolve(Face::Kai, '中').map(|r| r.0),
            Some(Face::Fallback(2))
        );
        // Proportional quotes, narrower than the Chinese faces' full-width ones.
        let quote = fonts.advance(Face::Serif, '“').unwrap();
        assert!(quote < 0.5, "{quote}");
        assert_eq!(FontSet::bundled().advance(Face::Serif, '“'), Some(1.0));
    }
}

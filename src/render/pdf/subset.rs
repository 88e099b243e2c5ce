//! Per-document font subsets: each face is cut down to the glyphs the book draws (with
//! allsorts), tagged `ABCDEF+PostScriptName` as PDF requires of subsets, and handed to printpdf,
//! which then embeds the bytes as they are with a ToUnicode map of the characters drawn.

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::{FontTableProvider, NameTable};
use allsorts::tag;
use printpdf::ParsedFont;

/// Six capital letters from the bytes: the subset tag of ISO 32000-1 §9.6.4, stable for
/// the same subset so builds are reproducible.
fn subset_tag(bytes: &[u8]) -> String {
    let mut h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    (0..6)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

/// Subsets `font` (face `index`) to `glyphs` (ids from the font's own cmap).
pub fn subset(font: &[u8], index: u32, glyphs: &BTreeSet<u16>) -> Result<ParsedFont, String> {
    let (bytes, postscript) = program(font, index, glyphs, Use::Pdf)?;
    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or("printpdf cannot read the subset")?;
    // printpdf maps characters through the subset's cmap; the embedded program needs none
    // (Identity-H with an identity CIDToGIDMap addresses glyphs directly), so it goes
    // without: a few KB less per face.
    if let Ok((bare, _)) = program(font, index, glyphs, Use::PdfEmbedded) {
        parsed.original_bytes = bare;
    }
    // printpdf writes this as /BaseFont and /FontName.
    parsed.font_name = Some(format!(
        "{}+{}",
        subset_tag(&bytes),
        postscript.replace(' ', "")
    ));
    Ok(parsed)
}

/// What a subset is for: a PDF font program, or a font file an EPUB reader loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Pdf,
    /// The program a PDF embeds: the outlines and metrics only (no cmap, OS/2 or post, which
    /// a CID-keyed TrueType font in PDF does not use).
    PdfEmbedded,
    Web,
}

/// Cuts `font` (face `index`) down to `glyphs` (ids of the font's own cmap); returns the sfnt
/// bytes and the font's PostScript name.
pub fn program(
    font: &[u8],
    index: u32,
    glyphs: &BTreeSet<u16>,
    purpose: Use,
) -> Result<(Vec<u8>, String), String> {
    fn err<E: std::fmt::Debug>(what: &'static str) -> impl Fn(E) -> String {
        move |e: E| format!("{what}: {e:?}")
    }
    let data = ReadScope::new(font)
        .read::<FontData<'_>>()
        .map_err(err("font"))?;
    let provider = data
        .table_provider(index as usize)
        .map_err(err("font face"))?;
    // .notdef first, then the glyphs in order, no duplicates (allsorts' contract).
    let ids: Vec<u16> = std::iter::once(0)
        .chain(glyphs.iter().copied().filter(|&g| g != 0))
        .collect();
    // A PDF font program needs no name table (ISO 32000-1 §9.9: the PDF names the font); OS/2
    // gives the descriptor its stem width. A web font keeps its names.
    let mut tables = vec![
        tag::HEAD,
        tag::CVT,
        tag::FPGM,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::PREP,
    ];
    if purpose != Use::PdfEmbedded {
        tables.extend([tag::CMAP, tag::OS_2, tag::POST]);
    }
    if purpose == Use::Web {
        tables.push(tag::NAME);
    }
    let bytes = allsorts::subset::subset(
        &provider,
        &ids,
        &SubsetProfile::Custom(tables),
        CmapTarget::Unicode,
    )
    .map_err(err("subset"))?;
    let name_data = provider.read_table_data(tag::NAME).map_err(err("name"))?;
    let postscript = ReadScope::new(&name_data)
        .read::<NameTable<'_>>()
        .map_err(err("name"))?
        .string_for_id(NameTable::POSTSCRIPT_NAME)
        .unwrap_or_else(|| "Font".to_string());
    Ok((bytes, postscript))
}

/// Advance of `c` in 1/1000 em, exactly as printpdf writes it into the /W array, so that
/// TJ offsets computed from it land glyphs where the layout put them.
pub fn advance_milli(face: &ParsedFont, c: char) -> f64 {
    let upem = face.pdf_font_metrics.units_per_em.max(1) as f32;
    face.lookup_glyph_index(c as u32)
        .and_then(|g| face.get_glyph_width(g))
        .map_or(0.0, |w| (w as f32 * 1000.0 / upem) as i64 as f64)
}

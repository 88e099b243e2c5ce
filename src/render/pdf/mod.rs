//! `<slug>.pdf`: the book typeset by [`crate::typeset`], painted with printpdf, finished with
//! lopdf. Fonts are subset per document and embedded with subset tags and ToUnicode maps.

mod batch;
mod fallback;
mod finish;
mod paint;
mod pictures;
pub mod subset;
mod tagged;

use std::collections::{BTreeMap, BTreeSet};

use printpdf::ParsedFont;
use rayon::prelude::*;

use super::fonts::{BookFaces, FontSet};
use super::{Artifact, Backend, Format, RenderOptions, Sink};
use crate::error::{Error, Warning};
use crate::model::{Document, Role};
use crate::typeset::Face;
use crate::typeset::book::{Book, set_book_with};

pub struct PdfBackend;

fn render_error(message: impl std::fmt::Display) -> Error {
    Error::render("pdf", message)
}

impl Backend for PdfBackend {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render_into(
        &self,
        doc: &Document,
        options: &RenderOptions,
        out: &mut Sink<'_>,
    ) -> Result<Vec<Warning>, Error> {
        let (bytes, warnings) = render_pdf(doc, options)?;
        out(Artifact {
            file_name: format!("{}.pdf", doc.meta.slug),
            bytes,
        })?;
        Ok(warnings)
    }
}

/// Sets and writes the PDF; returns its bytes and warnings about characters no font has.
pub fn render_pdf(
    doc: &Document,
    options: &RenderOptions,
) -> Result<(Vec<u8>, Vec<Warning>), Error> {
    let strings = options.strings(doc)?;
    render_with(doc, options, "pdf", Packing::Smallest, |fonts| {
        set_book_with(doc, fonts, options.paper, &strings)
    })
}

/// Writes whatever `set` lays out with the bundled fonts (and fallbacks for characters they
/// lack); `salt` tells the document's id apart from other PDFs of the same article.
/// How hard the font programs are deflated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// libdeflate level 10: the book, whose size is an aim.
    Smallest,
    /// Level 9: about 1.2% larger font programs, three times quicker (the script PDF).
    Quick,
}

pub fn render_with(
    doc: &Document,
    options: &RenderOptions,
    salt: &str,
    packing: Packing,
    set: impl Fn(&FontSet) -> Book,
) -> Result<(Vec<u8>, Vec<Warning>), Error> {
    let faces = BookFaces::for_language(&doc.meta.language);
    let mut fonts = FontSet::new(faces, Vec::new());
    let mut book = set(&fonts);
    if !book.missing.is_empty() {
        let wanted: BTreeSet<char> = book.missing.iter().map(|(c, _)| *c).collect();
        let extra = fallback::fonts_for(&wanted, &options.font_dirs);
        if !extra.is_empty() {
            fonts = FontSet::new(faces, extra);
            book = set(&fonts);
        }
    }
    let warnings = book
        .missing
        .iter()
        .map(|(c, line)| {
            let message = format!(
                "no font has {c:?} (U+{:04X}): the PDF shows an empty box there; add a font that has it with --font-dir",
                *c as u32
            );
            // Line 0: text the book's front matter sets from the metadata (the sidecar's
            // title, names, credits), not from a line of the text.
            match *line {
                0 => Warning::about_metadata(
                    c.to_string(),
                    format!("{message} (in the title, names or credits)"),
                ),
                line => Warning::at(line, message),
            }
        })
        .collect();
    let bytes = write(doc, book, &fonts, options, salt, packing)?;
    Ok((bytes, warnings))
}

/// The glyphs each face draws.
pub fn used_glyphs(book: &Book, fonts: &FontSet) -> BTreeMap<Face, BTreeSet<u16>> {
    let mut used: BTreeMap<Face, BTreeSet<u16>> = BTreeMap::new();
    for (_, line) in book.lines() {
        for g in &line.glyphs {
            if let Some(id) = fonts.font(g.face).and_then(|f| f.glyph(g.ch)) {
                used.entry(g.face).or_default().insert(id);
            }
        }
    }
    used
}

/// The faces the book uses, each cut down to the glyphs it shows.
fn subset_faces(book: &Book, fonts: &FontSet) -> Result<BTreeMap<Face, ParsedFont>, Error> {
    let mut faces = BTreeMap::new();
    for (face, glyphs) in used_glyphs(book, fonts) {
        let font = fonts
            .font(face)
            .ok_or_else(|| render_error("unknown face"))?;
        let sub = subset::subset(font.bytes, font.index, &glyphs)
            .map_err(|e| render_error(format!("font {}: {e}", font.name)))?;
        faces.insert(face, sub);
    }
    Ok(faces)
}

fn write(
    doc: &Document,
    mut book: Book,
    fonts: &FontSet,
    options: &RenderOptions,
    salt: &str,
    packing: Packing,
) -> Result<Vec<u8>, Error> {
    let faces = subset_faces(&book, fonts)?;
    let (mut lo, tags) = batch::to_lopdf(&doc.meta.title, &book, &faces, batch::PAGES_PER_BATCH)?;
    pictures::embed(&mut lo, doc, &pictures::shown(&book))?;
    // The layout is dropped as soon as the PDF objects exist: a long book's layout is many
    // times its text.
    book.pages = Vec::new();

    let names: Vec<&str> = doc
        .cast
        .iter()
        .filter(|s| s.role != Role::Other && !s.is_generic())
        .map(|s| s.name.as_str())
        .collect();
    let author = options.strings(doc)?.list(&names);
    let subject = doc
        .meta
        .subtitle
        .as_deref()
        .or(doc.meta.description.as_deref())
        .unwrap_or("");
    let info = finish::Info {
        title: &doc.meta.title,
        author: &author,
        subject,
        language: &doc.meta.language,
        date: options.timestamp(doc.meta.date.as_deref()),
        creators: names.clone(),
    };
    let seed = super::content_hash(doc, format!("{salt} {:?}", options.paper).as_bytes());
    finish::finish(&mut lo, &book.outline, book.height, &info, seed).map_err(render_error)?;
    if let Some(structure) = &book.structure {
        tagged::write(&mut lo, structure, &tags).map_err(render_error)?;
    }
    compress_streams(&mut lo, packing)?;
    let mut out = Vec::new();
    // Small objects (page dictionaries, font descriptors, outline items) packed into
    // compressed object streams, with a cross-reference stream (PDF 1.5).
    let save = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .compression_level(9)
        .build();
    lo.save_with_options(&mut out, save).map_err(render_error)?;
    Ok(out)
}

/// Deflates every stream not yet filtered with libdeflate: the font programs (nine tenths
/// of the book) at level 10 when packing for size, about 1.4% smaller than zlib's best;
/// page contents, which grow with the text, at level 9, several times faster and within 3%
/// of level 10 on them.
fn compress_streams(lo: &mut lopdf::Document, packing: Packing) -> Result<(), Error> {
    let font_level = match packing {
        Packing::Smallest => 10,
        Packing::Quick => 9,
    };
    let (mut fonts, mut pages): (Vec<&mut lopdf::Stream>, Vec<&mut lopdf::Stream>) = lo
        .objects
        .values_mut()
        .filter_map(|object| match object {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .partition(|s| s.dict.has(b"Length1"));
    // Each font program on its own (a core left idle by the other outputs takes one); each
    // stream is deflated alone, so the bytes do not depend on the threads.
    let (fonts_done, pages_done) = rayon::join(
        || {
            fonts
                .par_iter_mut()
                .try_for_each(|s| deflate(s, &mut compressor(font_level)?))
        },
        || {
            let mut compressor = compressor(PAGE_LEVEL)?;
            pages
                .iter_mut()
                .try_for_each(|s| deflate(s, &mut compressor))
        },
    );
    fonts_done.and(pages_done)
}

/// The deflate level of page contents (see [`compress_streams`]).
pub(super) const PAGE_LEVEL: i32 = 9;

pub(super) fn compressor(level: i32) -> Result<libdeflater::Compressor, Error> {
    libdeflater::CompressionLvl::new(level)
        .map(libdeflater::Compressor::new)
        .map_err(|e| render_error(format!("{e:?}")))
}

/// Deflates one stream in place, unless that would not make it smaller.
pub(super) fn deflate(
    stream: &mut lopdf::Stream,
    compressor: &mut libdeflater::Compressor,
) -> Result<(), Error> {
    let mut packed = vec![0; compressor.zlib_compress_bound(stream.content.len())];
    let len = compressor
        .zlib_compress(&stream.content, &mut packed)
        .map_err(|e| render_error(format!("deflate: {e:?}")))?;
    if len < stream.content.len() {
        packed.truncate(len);
        // The bound is larger than the text it packs: kept, a long book's streams would
        // hold their uncompressed size until the file is written.
        packed.shrink_to_fit();
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(packed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let pdf_date = |modified, date| {
            let options = RenderOptions {
                modified,
                ..RenderOptions::default()
            };
            options
                .timestamp(date)
                .format("D:%Y%m%d%H%M%SZ")
                .to_string()
        };
        assert_eq!(pdf_date(None, None), "D:19700101000000Z");
        assert_eq!(pdf_date(Some(1_703_203_201), None), "D:20231222000001Z");
        assert_eq!(pdf_date(None, Some("2023-12-22")), "D:20231222000000Z");
        assert_eq!(pdf_date(Some(0), Some("2023-12-22")), "D:19700101000000Z");
    }

    /// Converting a few pages at a time makes the file printpdf makes of all pages at once:
    /// the same fonts, ToUnicode maps, links and contents.
    #[test]
    fn batches_make_the_bytes_of_one_conversion() {
        let doc = crate::prepare(&crate::Input::bundled(), None)
            .unwrap()
            .document;
        let options = RenderOptions::default();
        let strings = options.strings(&doc).unwrap();
        let fonts = FontSet::new(BookFaces::for_language(&doc.meta.language), Vec::new());
        let book = set_book_with(&doc, &fonts, options.paper, &strings);
        assert!(book.pages.len() > 3);
        let faces = subset_faces(&book, &fonts).unwrap();
        let saved = |mut lo: lopdf::Document| {
            compress_streams(&mut lo, Packing::Quick).unwrap();
            // printpdf stamps the time and a random id; `finish` replaces both.
            let info = lo.trailer.get(b"Info").unwrap().as_reference().unwrap();
            lo.objects.remove(&info);
            lo.trailer.remove(b"ID");
            let mut out = Vec::new();
            lo.save_to(&mut out).unwrap();
            out
        };
        let (all, _) = paint::pages(&book, &book.pages, &faces);
        let whole = saved(batch::convert(&batch::document("t", &faces, all)));
        for per_batch in [1, 3, usize::MAX] {
            let (batched, _) = batch::to_lopdf("t", &book, &faces, per_batch).unwrap();
            assert!(saved(batched) == whole, "{per_batch} pages per batch");
        }
    }
}

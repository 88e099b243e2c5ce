//! From the laid-out book to lopdf objects a few pages at a time, so that a long book never
//! holds printpdf's operations and the uncompressed content streams of every page at once
//! (for a 3.6 MB text those were most of the script backend's peak memory).
//!
//! Each batch of pages is painted, converted by printpdf, and its content streams deflated
//! and kept. The document itself is then converted once from pages that carry only their
//! link annotations and, on the first page, one run per face of every glyph the book uses
//! (so printpdf embeds the same fonts with the same ToUnicode maps), and each page's
//! contents are replaced by the kept stream. The bytes are those of a single conversion.

use std::collections::BTreeMap;

use printpdf::{
    FontId, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    TextItem,
};

use super::{PAGE_LEVEL, compressor, deflate, paint, render_error};
use crate::error::Error;
use crate::typeset::Face;
use crate::typeset::book::Book;

/// Pages painted and converted together: small enough that their operations are a few
/// megabytes, large enough that converting the fonts once per batch costs little.
pub const PAGES_PER_BATCH: usize = 48;

/// The glyphs shown in each font resource, each with the character printpdf's own scan of
/// the pages would map it to (the last one shown with that glyph).
type GlyphCensus = BTreeMap<FontId, BTreeMap<u16, char>>;

pub(super) fn document(
    title: &str,
    faces: &BTreeMap<Face, ParsedFont>,
    pages: Vec<PdfPage>,
) -> PdfDocument {
    let mut pdf = PdfDocument::new(title);
    for (face, parsed) in faces {
        pdf.resources
            .fonts
            .map
            .insert(paint::resource(*face), PdfFont::new(parsed.clone()));
    }
    pdf.pages = pages;
    pdf
}

pub(super) fn convert(pdf: &PdfDocument) -> lopdf::Document {
    let save = PdfSaveOptions {
        subset_fonts: false,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    pdf.to_lopdf_document(&save, &mut warnings)
}

/// The content stream object of each page, in page order.
fn content_ids(lo: &lopdf::Document) -> Result<Vec<lopdf::ObjectId>, Error> {
    lo.get_pages()
        .into_values()
        .map(|page| {
            lo.get_dictionary(page)
                .and_then(|d| d.get(b"Contents"))
                .and_then(|c| c.as_reference())
                .map_err(render_error)
        })
        .collect()
}

/// Records the glyphs of `ops` as printpdf's font preparation does.
fn count_glyphs(ops: &[Op], by_id: &BTreeMap<FontId, &ParsedFont>, census: &mut GlyphCensus) {
    let mut current: Option<&FontId> = None;
    for op in ops {
        match op {
            Op::SetFont {
                font: PdfFontHandle::External(id),
                ..
            } => current = Some(id),
            Op::SetFont { .. } => current = None,
            Op::ShowText { items } => {
                let Some((id, font)) = current.and_then(|id| by_id.get_key_value(id)) else {
                    continue;
                };
                let glyphs = census.entry(id.clone()).or_default();
                for item in items {
                    if let TextItem::Text(text) = item {
                        for c in text.chars() {
                            if let Some(gid) = font.lookup_glyph_index(c as u32) {
                                glyphs.insert(gid, c);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// One text object showing every glyph of the census, font by font.
fn census_ops(census: &GlyphCensus) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (id, glyphs) in census {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(10.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(glyphs.values().collect())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// The book as a lopdf document, its page contents already deflated.
pub fn to_lopdf(
    title: &str,
    book: &Book,
    faces: &BTreeMap<Face, ParsedFont>,
    pages_per_batch: usize,
) -> Result<(lopdf::Document, Vec<paint::PageTags>), Error> {
    let mut contents: Vec<lopdf::Object> = Vec::with_capacity(book.pages.len());
    let mut links: Vec<Vec<Op>> = Vec::with_capacity(book.pages.len());
    let mut tags: Vec<paint::PageTags> = Vec::with_capacity(book.pages.len());
    let mut census = GlyphCensus::new();
    let mut compressor = compressor(PAGE_LEVEL)?;
    let by_id: BTreeMap<FontId, &ParsedFont> = faces
        .iter()
        .map(|(face, font)| (paint::resource(*face), font))
        .collect();
    for batch in book.pages.chunks(pages_per_batch.max(1)) {
        let (mut painted, batch_tags) = paint::pages(book, batch, faces);
        tags.extend(batch_tags);
        for page in &mut painted {
            count_glyphs(&page.ops, &by_id, &mut census);
            // Internal links name pages by number: only the whole document can resolve them.
            let (link_ops, rest) = std::mem::take(&mut page.ops)
                .into_iter()
                .partition(|op| matches!(op, Op::LinkAnnotation { .. }));
            links.push(link_ops);
            page.ops = rest;
        }
        let mut lo = convert(&document(title, faces, painted));
        for id in content_ids(&lo)? {
            let mut object = lo
                .objects
                .remove(&id)
                .ok_or_else(|| render_error("page without contents"))?;
            if let lopdf::Object::Stream(stream) = &mut object {
                deflate(stream, &mut compressor)?;
            }
            contents.push(object);
        }
    }

    let (w, h) = (book.width, book.height);
    let mut skeleton: Vec<PdfPage> = links
        .into_iter()
        .map(|ops| PdfPage::new(Pt(w).into(), Pt(h).into(), ops))
        .collect();
    if let Some(first) = skeleton.first_mut() {
        first.ops.extend(census_ops(&census));
    }
    let mut lo = convert(&document(title, faces, skeleton));
    let ids = content_ids(&lo)?;
    if ids.len() != contents.len() {
        return Err(render_error("pages lost between batches"));
    }
    for (id, object) in ids.into_iter().zip(contents) {
        lo.objects.insert(id, object);
    }
    Ok((lo, tags))
}

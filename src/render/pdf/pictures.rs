//! The document's pictures as image XObjects: a JPEG as it is (`DCTDecode`), a PNG as its
//! pixels deflated (lossless), its transparency as a soft mask. Added after the pages are
//! converted (the painter names them `/Im1`, `/Im2`… in the page contents), each in the
//! resources of the pages that show it.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::render_error;
use crate::error::Error;
use crate::model::{Document, Picture, PictureFormat};
use crate::typeset::book::{Book, Item};

/// The resource name of picture `index` (as [`super::paint`] writes it).
pub fn resource_name(index: usize) -> String {
    format!("Im{}", index + 1)
}

/// The pictures each page shows, by page index.
pub fn shown(book: &Book) -> BTreeMap<usize, BTreeSet<usize>> {
    let mut shown: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (i, page) in book.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Image { picture, .. } = item {
                shown.entry(i).or_default().insert(*picture);
            }
        }
    }
    shown
}

/// Adds the pictures `shown` names to `lo`, and each to its pages' resources.
pub fn embed(
    lo: &mut lopdf::Document,
    doc: &Document,
    shown: &BTreeMap<usize, BTreeSet<usize>>,
) -> Result<(), Error> {
    if shown.is_empty() {
        return Ok(());
    }
    let wanted: BTreeSet<usize> = shown.values().flatten().copied().collect();
    let mut ids: BTreeMap<usize, ObjectId> = BTreeMap::new();
    for index in wanted {
        let picture = doc
            .pictures
            .get(index)
            .ok_or_else(|| render_error("a figure shows a picture the document lacks"))?;
        let stream = image_stream(lo, picture)?;
        ids.insert(index, lo.add_object(stream));
    }
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    for (page_index, pictures) in shown {
        let page = *pages
            .get(*page_index)
            .ok_or_else(|| render_error("a picture on a page the PDF lacks"))?;
        let mut resources = match lo
            .get_dictionary(page)
            .and_then(|d| d.get(b"Resources"))
            .map_err(render_error)?
        {
            Object::Reference(id) => lo.get_dictionary(*id).map_err(render_error)?.clone(),
            Object::Dictionary(d) => d.clone(),
            _ => Dictionary::new(),
        };
        let mut xobjects = match resources.get(b"XObject") {
            Ok(Object::Dictionary(d)) => d.clone(),
            Ok(Object::Reference(id)) => lo.get_dictionary(*id).map_err(render_error)?.clone(),
            _ => Dictionary::new(),
        };
        for index in pictures {
            xobjects.set(resource_name(*index), Object::Reference(ids[index]));
        }
        resources.set("XObject", Object::Dictionary(xobjects));
        lo.get_dictionary_mut(page)
            .map_err(render_error)?
            .set("Resources", Object::Dictionary(resources));
    }
    Ok(())
}

fn image_dict(picture: &Picture, color_space: &str) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(picture.width.into()));
    dict.set("Height", Object::Integer(picture.height.into()));
    dict.set("ColorSpace", Object::Name(color_space.as_bytes().to_vec()));
    dict.set("BitsPerComponent", Object::Integer(8));
    dict
}

fn image_stream(lo: &mut lopdf::Document, picture: &Picture) -> Result<Stream, Error> {
    // A JPEG fangtan made from another format is printed from its lossless copy.
    let (format, bytes) = match &picture.lossless {
        Some(png) => (PictureFormat::Png, png),
        None => (picture.format, &picture.bytes),
    };
    match format {
        PictureFormat::Jpeg => {
            let space = if picture.components == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            let mut dict = image_dict(picture, space);
            dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
            let mut stream = Stream::new(dict, bytes.clone());
            stream.allows_compression = false;
            Ok(stream)
        }
        PictureFormat::Png => {
            let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
                .map_err(|e| render_error(format!("picture {}: {e}", picture.src)))?;
            let grey = !decoded.color().has_color();
            let alpha = decoded
                .color()
                .has_alpha()
                .then(|| decoded.to_luma_alpha8());
            let (space, pixels) = if grey {
                ("DeviceGray", decoded.to_luma8().into_raw())
            } else {
                ("DeviceRGB", decoded.to_rgb8().into_raw())
            };
            let mut dict = image_dict(picture, space);
            if let Some(alpha) = alpha {
                let mask: Vec<u8> = alpha.pixels().map(|p| p.0[1]).collect();
                if mask.iter().any(|&a| a != 255) {
                    let mask_stream = Stream::new(image_dict(picture, "DeviceGray"), mask);
                    let id = lo.add_object(mask_stream);
                    dict.set("SMask", Object::Reference(id));
                }
            }
            Ok(Stream::new(dict, pixels))
        }
    }
}

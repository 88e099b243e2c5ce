//! The figures' pictures, found and made ready for every backend.
//!
//! A picture comes from the input file itself (a Word file's media), or from a file in the
//! input's folder (or below it), or from a folder the sidecar's `reader.picture_folders`
//! allows. Never from the network, never from elsewhere on the disk: a page saved from the
//! web names its pictures' addresses, and a text must not read the reader's files.
//!
//! Made ready: JPEG and PNG up to [`MAX_SIDE`] pixels and [`MAX_BYTES`] are kept as they are
//! (a JPEG of grey or RGB; a photo turned by its EXIF orientation is turned for real);
//! anything else (WebP, GIF, BMP, larger pictures) is decoded, scaled to fit, and written as
//! JPEG (quality 85), or as PNG where it has transparency. A picture that is missing or
//! cannot be read is a warning with its line; its caption stays.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::error::Warning;
use crate::model::{Block, Document, Picture, PictureFormat};

/// The longest side readers and print need: 1,600 px is 14 cm at 300 dpi.
pub const MAX_SIDE: u32 = 1600;
/// A picture kept as it is weighs at most this.
pub const MAX_BYTES: usize = 2 << 20;
/// A file larger than this is not read at all.
const MAX_FILE: u64 = 64 << 20;

/// Where pictures may come from.
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    /// The input's folder (none for a text in memory).
    pub folder: Option<&'a Path>,
    /// More folders the sidecar allows.
    pub allowed: &'a [PathBuf],
    /// Pictures the input file holds, by the `src` its figures use.
    pub embedded: &'a [(String, Vec<u8>)],
}

/// Reads every figure's picture into `doc.pictures`; returns what went wrong, by line.
pub fn load_pictures(doc: &mut Document, sources: &Sources<'_>) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut by_src: HashMap<String, Option<usize>> = HashMap::new();
    let mut pictures = Vec::new();
    for block in &mut doc.blocks {
        let Block::Figure {
            src, line, picture, ..
        } = block
        else {
            continue;
        };
        if let Some(known) = by_src.get(src.as_str()) {
            *picture = *known;
            continue;
        }
        let found = bytes_of(src, sources).and_then(|bytes| ready(src, &bytes));
        let index = match found {
            Ok(p) => {
                pictures.push(p);
                Some(pictures.len() - 1)
            }
            Err(why) => {
                warnings.push(Warning::at(
                    *line,
                    format!("picture {src}: {why}; left out, its caption kept"),
                ));
                None
            }
        };
        by_src.insert(src.clone(), index);
        *picture = index;
    }
    doc.pictures = pictures;
    warnings
}

fn bytes_of(src: &str, sources: &Sources<'_>) -> Result<Vec<u8>, String> {
    if let Some((_, bytes)) = sources.embedded.iter().find(|(name, _)| name == src) {
        return Ok(bytes.clone());
    }
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//") {
        return Err("an address on the web, not fetched (save the picture beside the input and name that file)".into());
    }
    if lower.starts_with("data:") {
        return Err("a picture written inside the text (data: URI), not read".into());
    }
    let Some(folder) = sources.folder else {
        return Err("no folder to find it in (the input is not a file)".into());
    };
    let path = src.strip_prefix("file://").unwrap_or(src);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut candidates = vec![folder.join(path)];
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if decoded != path {
        candidates.push(folder.join(decoded.as_ref()));
    }
    let Some(found) = candidates.iter().find(|p| p.is_file()) else {
        return Err(format!("no such file in {}", shown(folder)));
    };
    let real = found.canonicalize().map_err(|e| e.to_string())?;
    let inside = |dir: &Path| dir.canonicalize().is_ok_and(|d| real.starts_with(d));
    if !inside(folder) && !sources.allowed.iter().any(|d| inside(d)) {
        return Err(format!(
            "outside the input's folder {} (allow its folder with reader.picture_folders in the sidecar)",
            shown(folder)
        ));
    }
    let size = std::fs::metadata(&real).map_err(|e| e.to_string())?.len();
    if size > MAX_FILE {
        return Err(format!(
            "{} MB, larger than {} MB",
            size >> 20,
            MAX_FILE >> 20
        ));
    }
    std::fs::read(&real).map_err(|e| format!("cannot read: {e}"))
}

fn shown(folder: &Path) -> String {
    let s = folder.display().to_string();
    if s.is_empty() { ".".into() } else { s }
}

/// The number of colour components of a baseline or progressive JPEG, from its frame header.
fn jpeg_components(bytes: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let length = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
            return Some(bytes[i + 9]);
        }
        i += 2 + length;
    }
    None
}

/// A picture as readers and print take it.
pub fn ready(src: &str, bytes: &[u8]) -> Result<Picture, String> {
    let format = image::guess_format(bytes)
        .map_err(|_| "not a picture fangtan reads (JPEG, PNG, WebP, GIF, BMP)".to_string())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(30_000);
    limits.max_image_height = Some(30_000);
    limits.max_alloc = Some(1 << 30);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let upright = orientation == image::metadata::Orientation::NoTransforms;
    let small = width.max(height) <= MAX_SIDE && bytes.len() <= MAX_BYTES;
    let keep = match format {
        ImageFormat::Jpeg => small && upright && matches!(jpeg_components(bytes), Some(1 | 3)),
        ImageFormat::Png => small,
        _ => false,
    };
    if keep {
        let (picture_format, components) = if format == ImageFormat::Jpeg {
            (PictureFormat::Jpeg, jpeg_components(bytes).unwrap_or(3))
        } else {
            (PictureFormat::Png, 0)
        };
        return Ok(Picture {
            src: src.to_string(),
            format: picture_format,
            width,
            height,
            components,
            converted: None,
            size: bytes.len(),
            bytes: bytes.to_vec(),
            lossless: None,
        });
    }
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    let mut notes = Vec::new();
    if !upright {
        notes.push("turned upright".to_string());
    }
    if image.width().max(image.height()) > MAX_SIDE {
        notes.push(format!("scaled from {}×{}", image.width(), image.height()));
        image = image.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Lanczos3);
    }
    let transparent = image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] != 255);
    let grey = !image.color().has_color();
    let mut out = Vec::new();
    let mut lossless = None;
    let (picture_format, components) = if transparent {
        image
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map_err(|e| e.to_string())?;
        (PictureFormat::Png, 0)
    } else {
        let flat = if grey {
            DynamicImage::ImageLuma8(image.to_luma8())
        } else {
            DynamicImage::ImageRgb8(image.to_rgb8())
        };
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        flat.write_with_encoder(encoder)
            .map_err(|e| e.to_string())?;
        if format != ImageFormat::Jpeg {
            let mut png = Vec::new();
            flat.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
                .map_err(|e| e.to_string())?;
            lossless = Some(png);
        }
        (PictureFormat::Jpeg, if grey { 1 } else { 3 })
    };
    if format != ImageFormat::Jpeg || picture_format != PictureFormat::Jpeg {
        notes.push(
            format!("{format:?} as {picture_format:?}")
                .replace("Jpeg", "JPEG")
                .replace("Png", "PNG"),
        );
    }
    Ok(Picture {
        src: src.to_string(),
        format: picture_format,
        width: image.width(),
        height: image.height(),
        components,
        converted: Some(notes.join(", ")),
        size: out.len(),
        bytes: out,
        lossless,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
        let image = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, alpha]));
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(image)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn small_pictures_are_kept_and_large_ones_scaled() {
        let small = ready("a.png", &png(40, 30, 255)).unwrap();
        assert_eq!(
            (small.format, small.width, small.height),
            (PictureFormat::Png, 40, 30)
        );
        assert!(small.converted.is_none());
        let large = ready("b.png", &png(3200, 800, 255)).unwrap();
        assert_eq!(
            (large.format, large.width, large.height),
            (PictureFormat::Jpeg, 1600, 400)
        );
        assert_eq!(jpeg_components(&large.bytes), Some(3));
        let clear = ready("c.png", &png(2000, 100, 128)).unwrap();
        assert_eq!(clear.format, PictureFormat::Png);
        assert!(ready("d.png", b"not a picture").is_err());
    }

    #[test]
    fn a_picture_made_a_jpeg_keeps_a_lossless_copy_for_print() {
        // A large PNG was lossless: the JPEG for e-books has a PNG of the same pixels beside it.
        let large = ready("b.png", &png(3200, 800, 255)).unwrap();
        let copy = large.lossless.as_deref().expect("a lossless copy");
        let copy = image::load_from_memory_with_format(copy, ImageFormat::Png).unwrap();
        assert_eq!((copy.width(), copy.height()), (1600, 400));
        // A JPEG scaled down stays a JPEG: it was lossy already.
        let mut jpeg = Vec::new();
        DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            3000,
            200,
            image::Rgb([9, 9, 9]),
        ))
        .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .unwrap();
        assert!(ready("e.jpg", &jpeg).unwrap().lossless.is_none());
    }

    #[test]
    fn pictures_outside_the_folder_or_on_the_web_are_not_read() {
        let dir = tempfile_dir();
        std::fs::create_dir_all(dir.join("in")).unwrap();
        std::fs::write(dir.join("in/a.png"), png(10, 10, 255)).unwrap();
        std::fs::write(dir.join("secret.png"), png(10, 10, 255)).unwrap();
        let folder = dir.join("in");
        let sources = Sources {
            folder: Some(&folder),
            ..Sources::default()
        };
        assert!(bytes_of("a.png", &sources).is_ok());
        assert!(bytes_of("./a.png", &sources).is_ok());
        let outside = bytes_of("../secret.png", &sources).unwrap_err();
        assert!(outside.contains("outside"), "{outside}");
        let absolute = dir.join("secret.png").display().to_string();
        assert!(
            bytes_of(&absolute, &sources)
                .unwrap_err()
                .contains("outside")
        );
        let allowed = [dir.clone()];
        let opened = Sources {
            allowed: &allowed,
            ..sources.clone()
        };
        assert!(bytes_of("../secret.png", &opened).is_ok());
        assert!(
            bytes_of("https://example.org/a.png", &opened)
                .unwrap_err()
                .contains("not fetched")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("fangtan-media-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}

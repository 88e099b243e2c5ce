//! Finishing the package epub-builder writes: metadata it cannot express (creators with MARC
//! roles, `dc:source`, EPUB Accessibility 1.1), `lang` on the navigation document, and a
//! re-zip with `mimetype` first and stored and every entry dated 1980-01-01, so that two
//! builds are byte-identical.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Escapes text for XML content and attributes.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// Rewrites the two files that need it; every other entry is copied as it is, still
/// compressed (epub-builder already writes `mimetype` first and stored, and dates every entry
/// 1980-01-01, so the result is deterministic).
pub fn finish(
    epub: &[u8],
    extra_metadata: &str,
    lang: &str,
    cover_png: &[u8],
) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(epub)).map_err(|e| e.to_string())?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let name = archive
            .by_index_raw(i)
            .map_err(|e| e.to_string())?
            .name()
            .to_string();
        if name.ends_with("/cover.png") {
            // Already compressed: stored.
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Stored)
                .last_modified_time(DateTime::default());
            out.start_file(name.as_str(), options)
                .map_err(|e| e.to_string())?;
            out.write_all(cover_png).map_err(|e| e.to_string())?;
            continue;
        }
        let rewrite = name.ends_with("content.opf") || name.ends_with("nav.xhtml");
        if !rewrite {
            let file = archive.by_index_raw(i).map_err(|e| e.to_string())?;
            out.raw_copy_file(file).map_err(|e| e.to_string())?;
            continue;
        }
        let mut text = String::new();
        archive
            .by_index(i)
            .map_err(|e| e.to_string())?
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
        let text = if name.ends_with("content.opf") {
            text.replacen(
                "  </metadata>",
                &format!("{extra_metadata}  </metadata>"),
                1,
            )
        } else {
            let lang = xml_escape(lang);
            text.replacen(
                "xmlns:epub=\"http://www.idpf.org/2007/ops\">",
                &format!("xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">"),
                1,
            )
        };
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default());
        out.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

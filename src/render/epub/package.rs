//! Finishing the package epub-builder writes. epub-builder lays out the content documents,
//! the NCX and the manifest; its package document and navigation are fixed templates that
//! cannot say what this book needs (creators with several MARC roles, `xml:lang` on the
//! package, `dc:source`, EPUB Accessibility 1.1, ARIA roles and labels on the navs). So its
//! `content.opf` is read as XML for the manifest, spine and guide, and both files are written
//! again from our templates (`templates/epub/package.opf.hbs`, `nav.xhtml.hbs`). The archive is
//! re-zipped with `mimetype` first and stored and every entry dated 1980-01-01, so that two
//! builds are byte-identical.

use std::io::{Cursor, Read, Write};

use serde::Serialize;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// One manifest item as epub-builder listed it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    pub id: String,
    pub href: String,
    pub media_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<String>,
    /// The id of the item's Media Overlay (the read-along book's SMIL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_overlay: Option<String>,
}

/// One EPUB 2 guide reference (still read by Kindle conversions).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GuideRef {
    pub kind: String,
    pub title: String,
    pub href: String,
}

/// What the package lists: every file, the reading order, the guide.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Manifest {
    pub manifest: Vec<Item>,
    pub spine: Vec<String>,
    pub guide: Vec<GuideRef>,
    pub ncx_id: String,
    pub cover_id: String,
}

/// Reads epub-builder's package document.
pub fn read_manifest(opf: &str) -> Result<Manifest, String> {
    let doc = roxmltree::Document::parse(opf).map_err(|e| format!("content.opf: {e}"))?;
    let children = |name: &str| {
        doc.descendants()
            .filter(|n| n.tag_name().name() == name)
            .flat_map(|n| n.children().filter(|c| c.is_element()))
            .collect::<Vec<_>>()
    };
    let attr = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap_or_default().to_string();
    let manifest: Vec<Item> = children("manifest")
        .iter()
        .map(|n| Item {
            id: attr(n, "id"),
            href: attr(n, "href"),
            media_type: attr(n, "media-type"),
            properties: n.attribute("properties").map(str::to_string),
            media_overlay: None,
        })
        .collect();
    let spine = children("spine").iter().map(|n| attr(n, "idref")).collect();
    let guide = children("guide")
        .iter()
        .map(|n| GuideRef {
            kind: attr(n, "type"),
            title: attr(n, "title"),
            href: attr(n, "href"),
        })
        .collect();
    let find = |f: &dyn Fn(&Item) -> bool, what: &str| {
        manifest
            .iter()
            .find(|i| f(i))
            .map(|i| i.id.clone())
            .ok_or_else(|| format!("content.opf lists no {what}"))
    };
    let ncx_id = find(&|i| i.media_type == "application/x-dtbncx+xml", "NCX")?;
    let cover_id = find(
        &|i| i.properties.as_deref() == Some("cover-image"),
        "cover image",
    )?;
    Ok(Manifest {
        manifest,
        spine,
        guide,
        ncx_id,
        cover_id,
    })
}

/// Rewrites the package document (from what `package` makes of epub-builder's manifest),
/// the navigation and the cover image; every other entry is copied as it is, still
/// compressed (epub-builder already writes `mimetype` first and stored, and dates every entry
/// 1980-01-01, so the result is deterministic).
pub fn finish(
    epub: &[u8],
    package: impl FnOnce(&Manifest) -> Result<String, String>,
    nav: &str,
    cover_png: &[u8],
) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(epub)).map_err(|e| e.to_string())?;
    let opf_name = (0..archive.len())
        .filter_map(|i| archive.name_for_index(i))
        .find(|n| n.ends_with("content.opf"))
        .ok_or("epub-builder wrote no content.opf")?
        .to_string();
    let mut opf = String::new();
    archive
        .by_name(&opf_name)
        .map_err(|e| e.to_string())?
        .read_to_string(&mut opf)
        .map_err(|e| e.to_string())?;
    let opf = package(&read_manifest(&opf)?)?;

    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let dated = |method| {
        SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::default())
    };
    for i in 0..archive.len() {
        let name = archive
            .by_index_raw(i)
            .map_err(|e| e.to_string())?
            .name()
            .to_string();
        let replacement = if name.ends_with("/cover.png") {
            // Already compressed: stored.
            Some((cover_png, CompressionMethod::Stored))
        } else if name == opf_name {
            Some((opf.as_bytes(), CompressionMethod::Deflated))
        } else if name.ends_with("nav.xhtml") {
            Some((nav.as_bytes(), CompressionMethod::Deflated))
        } else {
            None
        };
        match replacement {
            Some((bytes, method)) => {
                out.start_file(name.as_str(), dated(method))
                    .map_err(|e| e.to_string())?;
                out.write_all(bytes).map_err(|e| e.to_string())?;
            }
            None => {
                let file = archive.by_index_raw(i).map_err(|e| e.to_string())?;
                out.raw_copy_file(file).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_manifest_spine_and_guide() {
        let opf = r#"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata/>
<manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item media-type="image/png" properties="cover-image" id="cover-image" href="cover.png"/>
<item id="a" href="a.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine toc="ncx"><itemref idref="a"/></spine>
<guide><reference type="text" title="T" href="a.xhtml"/></guide></package>"#;
        let m = read_manifest(opf).unwrap();
        assert_eq!(m.manifest.len(), 3);
        assert_eq!(m.spine, ["a"]);
        assert_eq!(
            (m.ncx_id.as_str(), m.cover_id.as_str()),
            ("ncx", "cover-image")
        );
        assert_eq!(m.guide[0].kind, "text");
        assert!(read_manifest("<package/>").is_err());
    }
}

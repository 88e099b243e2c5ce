//! The last pass over the PDF, with lopdf: what printpdf does not write or writes wrong. A
//! nested outline in reading order (printpdf's is flat and sorted by page and title), the
//! outline panel shown (as a name, not the string printpdf writes), `/Lang`, document info in
//! UTF-16, fixed dates and a content-derived `/ID`, so the same input gives the same bytes.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::typeset::book::OutlineEntry;

pub struct Info<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub language: &'a str,
    pub date: chrono::DateTime<chrono::Utc>,
    /// Interviewer and interviewee, each on their own in XMP (`author` lists them).
    pub creators: Vec<&'a str>,
}

/// Escapes text for XML content.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The XMP packet (ISO 16684-1) saying what the Info dictionary says, as PDF/A and PDF/UA
/// require and as most catalogues read first.
fn xmp(info: &Info, creator_tool: &str, producer: &str) -> String {
    let date = info.date.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let lang = xml(info.language);
    let alt = |value: &str| {
        format!(
            "<rdf:Alt><rdf:li xml:lang=\"x-default\">{v}</rdf:li><rdf:li xml:lang=\"{lang}\">{v}</rdf:li></rdf:Alt>",
            v = xml(value)
        )
    };
    let creators: String = info
        .creators
        .iter()
        .map(|c| format!("<rdf:li>{}</rdf:li>", xml(c)))
        .collect();
    let description = if info.subject.is_empty() {
        String::new()
    } else {
        format!("<dc:description>{}</dc:description>\n", alt(info.subject))
    };
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title>{title}</dc:title>\n\
<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>\n\
{description}<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
<xmp:CreateDate>{date}</xmp:CreateDate>\n\
<xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
<xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
<xmp:CreatorTool>{tool}</xmp:CreatorTool>\n\
<pdf:Producer>{producer}</pdf:Producer>\n\
</rdf:Description>\n\
</rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = alt(info.title),
        tool = xml(creator_tool),
        producer = xml(producer),
    )
}

fn text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

struct Node<'a> {
    entry: &'a OutlineEntry,
    children: Vec<Node<'a>>,
}

/// Nests a flat list of headings by level.
fn tree(entries: &[OutlineEntry]) -> Vec<Node<'_>> {
    fn take<'a>(entries: &'a [OutlineEntry], i: &mut usize, level: u8) -> Vec<Node<'a>> {
        let mut nodes = Vec::new();
        while *i < entries.len() && entries[*i].level >= level {
            let entry = &entries[*i];
            *i += 1;
            let children = take(entries, i, entry.level + 1);
            nodes.push(Node { entry, children });
        }
        nodes
    }
    let mut i = 0;
    let mut nodes = Vec::new();
    while i < entries.len() {
        let level = entries[i].level;
        nodes.extend(take(entries, &mut i, level));
    }
    nodes
}

fn count(node: &Node) -> i64 {
    node.children.iter().map(|c| 1 + count(c)).sum()
}

fn write_nodes(
    doc: &mut lopdf::Document,
    nodes: &[Node],
    parent: ObjectId,
    pages: &[ObjectId],
    page_height: f32,
) -> (ObjectId, ObjectId) {
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    for (i, node) in nodes.iter().enumerate() {
        let mut d = Dictionary::new();
        // Set by the viewer in its own fonts: the Han–Latin gap as a plain space.
        d.set(
            "Title",
            text(&crate::zh::gap::spaced_plain(&node.entry.title)),
        );
        d.set("Parent", Object::Reference(parent));
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            d.set("Next", Object::Reference(ids[i + 1]));
        }
        let page = pages[node.entry.page.min(pages.len() - 1)];
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(page_height - node.entry.y + 6.0),
                Object::Null,
            ]),
        );
        if !node.children.is_empty() {
            let (first, last) = write_nodes(doc, &node.children, ids[i], pages, page_height);
            d.set("First", Object::Reference(first));
            d.set("Last", Object::Reference(last));
            d.set("Count", Object::Integer(count(node)));
        }
        doc.set_object(ids[i], d);
    }
    (ids[0], ids[ids.len() - 1])
}

pub fn finish(
    doc: &mut lopdf::Document,
    outline: &[OutlineEntry],
    page_height: f32,
    info: &Info,
    id_seed: u64,
) -> Result<(), lopdf::Error> {
    // printpdf writes 1.3; /Lang needs 1.4.
    doc.version = "1.7".into();
    let info_id = doc.trailer.get(b"Info")?.as_reference()?;
    let dict = doc.get_dictionary_mut(info_id)?;
    // An empty GTS_PDFXVersion makes readers take the file for PDF/X.
    for key in [
        &b"GTS_PDFXVersion"[..],
        b"Identifier",
        b"Keywords",
        b"Trapped",
    ] {
        dict.remove(key);
    }
    let creator_tool = format!("fangtan {}", env!("CARGO_PKG_VERSION"));
    let producer = "fangtan (printpdf, lopdf)";
    let date = info.date.format("D:%Y%m%d%H%M%SZ").to_string();
    dict.set("Title", text(info.title));
    dict.set("Author", text(info.author));
    dict.set("Subject", text(info.subject));
    dict.set("Creator", text(&creator_tool));
    dict.set("Producer", Object::string_literal(producer));
    dict.set("CreationDate", Object::string_literal(date.as_str()));
    dict.set("ModDate", Object::string_literal(date.as_str()));

    // XMP, uncompressed so that tools that do not inflate streams find it.
    let mut metadata = lopdf::Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(info, &creator_tool, producer).into_bytes(),
    );
    metadata.allows_compression = false;
    let metadata = doc.add_object(metadata);
    doc.catalog_mut()?
        .set("Metadata", Object::Reference(metadata));

    let nodes = tree(outline);
    let root = if nodes.is_empty() {
        None
    } else {
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let root = doc.new_object_id();
        let (first, last) = write_nodes(doc, &nodes, root, &pages, page_height);
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Outlines".to_vec()));
        d.set("First", Object::Reference(first));
        d.set("Last", Object::Reference(last));
        d.set(
            "Count",
            Object::Integer(nodes.iter().map(|n| 1 + count(n)).sum()),
        );
        doc.set_object(root, d);
        Some(root)
    };
    let catalog = doc.catalog_mut()?;
    match root {
        Some(root) => {
            catalog.set("Outlines", Object::Reference(root));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
    }
    catalog.set("Lang", Object::string_literal(info.language));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));

    let second = id_seed.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15;
    let id: Vec<u8> = id_seed
        .to_be_bytes()
        .into_iter()
        .chain(second.to_be_bytes())
        .collect();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_nests_by_level_in_order() {
        let e = |t: &str, level| OutlineEntry {
            title: t.into(),
            level,
            page: 0,
            y: 0.0,
        };
        let entries = [
            e("目录", 1),
            e("前言", 1),
            e("访谈", 1),
            e("a", 2),
            e("b", 2),
            e("参考", 2),
        ];
        let nodes = tree(&entries);
        let titles: Vec<_> = nodes.iter().map(|n| n.entry.title.as_str()).collect();
        assert_eq!(titles, ["目录", "前言", "访谈"]);
        assert_eq!(nodes[2].children.len(), 3);
        assert_eq!(count(&nodes[2]), 3);
    }
}

//! The PDF of the bundled article, opened with lopdf and with poppler/qpdf where installed.

mod common;

use std::sync::OnceLock;

use fangtan::Input;
use fangtan::model::{Block, Document};
use fangtan::render::RenderOptions;
use fangtan::render::pdf::render_pdf;
use lopdf::Object;

fn bundled() -> &'static (Document, Vec<u8>) {
    static PDF: OnceLock<(Document, Vec<u8>)> = OnceLock::new();
    PDF.get_or_init(|| {
        let doc = fangtan::prepare(&Input::bundled(), None).unwrap().document;
        let (bytes, warnings) = render_pdf(&doc, &RenderOptions::default()).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        (doc, bytes)
    })
}

fn load() -> lopdf::Document {
    lopdf::Document::load_mem(&bundled().1).expect("lopdf reads it")
}

fn name(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().unwrap()).into_owned()
}

#[test]
fn fonts_are_embedded_subset_and_mapped() {
    let pdf = load();
    let mut fonts = Vec::new();
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Subtype").ok().map(name).as_deref() != Some("Type0") {
            continue;
        }
        let base = name(dict.get(b"BaseFont").unwrap());
        // A subset tag: six capitals and a plus.
        assert!(base.len() > 7 && base.as_bytes()[6] == b'+', "{base}");
        assert!(base[..6].chars().all(|c| c.is_ascii_uppercase()), "{base}");
        let to_unicode = pdf
            .get_object(dict.get(b"ToUnicode").unwrap().as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        assert!(!to_unicode.content.is_empty());
        let descendant = &dict.get(b"DescendantFonts").unwrap().as_array().unwrap()[0];
        let cid = match descendant.as_reference() {
            Ok(id) => pdf.get_dictionary(id).unwrap(),
            Err(_) => descendant.as_dict().unwrap(),
        };
        let descriptor = pdf
            .get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap())
            .unwrap();
        let file = pdf
            .get_object(
                descriptor
                    .get(b"FontFile2")
                    .unwrap()
                    .as_reference()
                    .unwrap(),
            )
            .unwrap()
            .as_stream()
            .unwrap();
        let program = file
            .decompressed_content()
            .unwrap_or_else(|_| file.content.clone());
        // A real font program (printpdf once embedded empty ones), and a small one.
        let face = ttf_parser::Face::parse(&program, 0).expect("a parseable sfnt");
        assert!(face.number_of_glyphs() > 10 && face.number_of_glyphs() < 2000);
        fonts.push(base);
    }
    fonts.sort();
    assert_eq!(fonts.len(), 3, "serif, sans and kai: {fonts:?}");
    assert!(fonts.iter().any(|f| f.ends_with("NotoSerifSC-Regular")));
    assert!(fonts.iter().any(|f| f.ends_with("NotoSansSC-Bold")));
    assert!(fonts.iter().any(|f| f.ends_with("FangtanKai-Regular")));
}

#[test]
fn catalog_outline_and_info() {
    let pdf = load();
    let catalog = pdf.catalog().unwrap();
    assert_eq!(name(catalog.get(b"PageMode").unwrap()), "UseOutlines");
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"zh-CN");
    // Walk the outline: titles in reading order with their depth.
    fn walk(
        pdf: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let item = pdf.get_dictionary(id).unwrap();
            let raw = item.get(b"Title").unwrap().as_str().unwrap();
            let units: Vec<u16> = raw[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            out.push((depth, String::from_utf16(&units).unwrap()));
            walk(
                pdf,
                item.get(b"First").ok().map(|f| f.as_reference().unwrap()),
                depth + 1,
                out,
            );
            next = item.get(b"Next").ok().map(|n| n.as_reference().unwrap());
        }
    }
    let root = pdf
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut titles = Vec::new();
    walk(
        &pdf,
        root.get(b"First").ok().map(|f| f.as_reference().unwrap()),
        0,
        &mut titles,
    );
    let doc = &bundled().0;
    let headings: Vec<(usize, String)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                level,
                number,
                text,
                ..
            } => Some((
                *level as usize - 1,
                // The outline carries the Han–Latin gap as a space (`开源 AI 与初衷`).
                fangtan::zh::gap::spaced_plain(
                    &number
                        .as_ref()
                        .map_or(text.clone(), |n| format!("{n} {text}")),
                ),
            )),
            Block::References { title: Some(t), .. } => {
                Some((1, fangtan::zh::gap::spaced_plain(t)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(titles[0], (0, "目录".to_string()));
    assert_eq!(titles[1..], headings[..]);
    let info = pdf
        .get_dictionary(pdf.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    assert!(info.get(b"GTS_PDFXVersion").is_err());
    for key in [
        &b"Title"[..],
        b"Author",
        b"Subject",
        b"Creator",
        b"CreationDate",
    ] {
        assert!(info.get(key).is_ok(), "{}", String::from_utf8_lossy(key));
    }
    let pages = pdf.get_pages().len();
    assert!((10..=40).contains(&pages), "{pages} pages");
}

#[test]
fn two_builds_are_byte_identical() {
    let doc = &bundled().0;
    let again = render_pdf(doc, &RenderOptions::default()).unwrap().0;
    assert!(
        again == bundled().1,
        "a second build in the same process differs"
    );
}

#[test]
fn links_have_no_visible_border() {
    let pdf = load();
    let mut links = Vec::new();
    for page in pdf.get_pages().into_values() {
        let page = pdf.get_dictionary(page).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let annots = match annots.as_reference() {
            Ok(id) => pdf.get_object(id).unwrap().as_array().unwrap(),
            Err(_) => annots.as_array().unwrap(),
        };
        for a in annots {
            let d = match a.as_reference() {
                Ok(id) => pdf.get_dictionary(id).unwrap(),
                Err(_) => a.as_dict().unwrap(),
            };
            if d.get(b"Subtype").ok().map(name).as_deref() == Some("Link") {
                links.push(d);
            }
        }
    }
    assert!(!links.is_empty());
    for link in links {
        let border = link.get(b"Border").unwrap().as_array().unwrap();
        assert!(
            border
                .iter()
                .all(|w| w.as_float().unwrap_or(0.0) == 0.0 || w.as_i64().ok() == Some(0))
        );
    }
}

fn run(tool: &str, args: &[&str], file: &std::path::Path) -> std::process::Output {
    std::process::Command::new(tool)
        .args(args)
        .arg(file)
        .output()
        .unwrap()
}

fn written() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("levy-lecun.pdf");
    std::fs::write(&path, &bundled().1).unwrap();
    (dir, path)
}

#[test]
fn hyphens_the_layout_adds_are_drawn_but_read_as_soft_hyphens() {
    use fangtan::render::fonts::FontSet;
    use fangtan::typeset::book::{Paper, set_book};
    // The words the book hyphenates at a line end, as (before, after) the hyphen.
    let book = set_book(&bundled().0, &FontSet::bundled(), Paper::A5);
    let lines: Vec<_> = book.lines().map(|(_, line)| line).collect();
    let split: Vec<(String, String)> = lines
        .windows(2)
        .filter(|pair| pair[0].hyphenated)
        .map(|pair| {
            let before: String = pair[0]
                .text()
                .trim_end_matches('-')
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let after: String = pair[1]
                .text()
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            (before, after)
        })
        .collect();
    // Loose lines ending before ChatGPT and Facebook hyphenate them (layout as of writing;
    // if the layout changes so that none does, pick another article for this test).
    assert!(
        !split.is_empty(),
        "no hyphenated line in the bundled article"
    );
    // The hyphen is drawn, marked as standing for nothing, once per hyphenated line.
    let pdf = load();
    let contents: usize = pdf
        .get_pages()
        .values()
        .map(|&id| {
            let content = pdf.get_page_content(id);
            // A soft hyphen's ActualText (others spell out words' spaces).
            String::from_utf8_lossy(&content)
                .to_ascii_lowercase()
                .matches("/actualtext<feff00ad>")
                .count()
        })
        .sum();
    assert_eq!(contents, split.len());
    if !common::have_tool("pdftotext") {
        return;
    }
    let (_dir, path) = written();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    // The added hyphen reads as a soft hyphen, which shows only where a line breaks.
    let text = common::squeeze(&String::from_utf8(out.stdout).unwrap()).replace('\u{ad}', "");
    for (before, after) in &split {
        assert!(
            text.contains(&format!("{before}{after}")),
            "{before}-{after} not read whole"
        );
        assert!(
            !text.contains(&format!("{before}-")),
            "{before}-{after}: hyphen read"
        );
    }
}

#[test]
fn pdftotext_gives_back_every_dialogue_paragraph_in_order() {
    if !common::have_tool("pdftotext") {
        return;
    }
    let (_dir, path) = written();
    // The text block only (A5: running heads above 50 pt, folios below 535 pt), so that a
    // paragraph running over a page break reads on.
    let out = std::process::Command::new("pdftotext")
        .args(["-r", "72", "-x", "0", "-y", "50", "-W", "420", "-H", "485"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    // Soft hyphens stand for the hyphens line breaking added: not part of the text.
    let text: String = String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect();
    let mut from = 0;
    let mut checked = 0;
    for block in &bundled().0.blocks {
        if let Block::Turn { paragraphs, .. } = block {
            for p in paragraphs {
                let want: String = p
                    .plain_text()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let at = text[from..]
                    .find(&want)
                    .unwrap_or_else(|| panic!("line {}: not found in order: {want}", p.line));
                from += at + want.len();
                checked += 1;
            }
        }
    }
    assert!(checked >= 62);
}

#[test]
fn qpdf_finds_no_errors() {
    if !common::have_tool("qpdf") {
        return;
    }
    let (_dir, path) = written();
    let out = run("qpdf", &["--check"], &path);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("No syntax or stream encoding errors"),
        "{report}"
    );
}

#[test]
fn pdffonts_shows_embedded_subset_unicode_fonts() {
    if !common::have_tool("pdffonts") {
        return;
    }
    let (_dir, path) = written();
    let out = run("pdffonts", &[], &path);
    let report = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = report.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "{report}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
    }
}

#[test]
fn characters_no_font_has_are_reported_with_their_line() {
    let text = "问：这是一个私用区字符\u{10FFFD}吗？\n答：是的。\n问：好？\n答：好。\n";
    let source = fangtan::input::Source::from_text("t.txt", text);
    let doc = fangtan::parse::parse(&source, &Default::default())
        .unwrap()
        .document;
    let (bytes, warnings) = render_pdf(&doc, &RenderOptions::default()).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].line, Some(1));
    assert!(warnings[0].message.contains("U+10FFFD"));
}

/// XMP says what the Info dictionary says; the contents page's entries lead to the pages
/// their numbers name.
#[test]
fn xmp_matches_the_info_and_the_contents_are_links() {
    let pdf = load();
    let catalog = pdf.catalog().unwrap();
    let metadata = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = pdf.get_object(metadata).unwrap().as_stream().unwrap();
    assert!(
        stream.dict.get(b"Filter").is_err(),
        "XMP is left uncompressed"
    );
    let xmp = String::from_utf8(stream.content.clone()).unwrap();
    let xml = roxmltree::Document::parse(&xmp).unwrap();
    let texts = |name: &str| -> Vec<String> {
        xml.descendants()
            .filter(|n| n.tag_name().name() == name)
            .filter_map(|n| n.text().map(str::to_string))
            .collect()
    };
    let info = pdf
        .get_dictionary(pdf.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    let info_text = |key: &[u8]| match info.get(key).unwrap() {
        Object::String(bytes, _) if bytes.starts_with(&[0xFE, 0xFF]) => String::from_utf16(
            &bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        Object::String(bytes, _) => String::from_utf8(bytes.clone()).unwrap(),
        other => panic!("{other:?}"),
    };
    let title = texts("li");
    assert_eq!(title[0], info_text(b"Title"));
    assert!(title.contains(&"Steven Levy".to_string()));
    assert_eq!(texts("CreateDate"), ["2023-12-22T00:00:00Z"]);
    assert_eq!(info_text(b"CreationDate"), "D:20231222000000Z");
    assert_eq!(texts("language"), Vec::<String>::new()); // a Bag: its text is in <rdf:li>
    assert!(xmp.contains("<rdf:li>zh-CN</rdf:li>"));

    // Page 2 is the contents: each entry ends in its page number and leads to that page.
    let pages: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    let contents = pdf.get_dictionary(pages[1]).unwrap();
    let annots = contents.get(b"Annots").unwrap().as_array().unwrap();
    let text = pdf.extract_text(&[2]).unwrap_or_default();
    // Each entry's trailing page number (a line of digits alone is the folio).
    let numbers: Vec<usize> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.chars().all(|c| c.is_ascii_digit()))
        .filter_map(|l| {
            let digits = l.len() - l.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            l[l.len() - digits..].parse().ok()
        })
        .collect();
    let mut targets = Vec::new();
    for annot in annots {
        let annot = match annot {
            Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        };
        let action = annot.get(b"A").unwrap().as_dict().unwrap();
        assert_eq!(action.get(b"S").unwrap().as_name().unwrap(), b"GoTo");
        let dest = action.get(b"D").unwrap().as_array().unwrap();
        let page = dest[0].as_reference().unwrap();
        targets.push(pages.iter().position(|p| *p == page).unwrap() + 1);
    }
    assert!(targets.len() >= 5, "{targets:?}");
    assert_eq!(targets, numbers, "{text}");
}

/// The tagged PDF: a structure tree in reading order whose turns are a label and
/// paragraphs, every marked content owned through the parent tree, page furniture marked
/// as artifacts, English runs marked with their language.
#[test]
fn the_book_is_tagged_in_reading_order() {
    let pdf = load();
    let catalog = pdf.catalog().unwrap();
    let marked = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(marked.get(b"Marked").unwrap().as_bool().unwrap());
    let root = pdf
        .get_dictionary(
            catalog
                .get(b"StructTreeRoot")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    // (role, kids) of an element, kids as elements or MCIDs.
    fn walk(pdf: &lopdf::Document, id: lopdf::ObjectId, out: &mut Vec<(String, Vec<String>)>) {
        let e = pdf.get_dictionary(id).unwrap();
        let role = String::from_utf8(e.get(b"S").unwrap().as_name().unwrap().to_vec()).unwrap();
        let mut kids = Vec::new();
        let mut children = Vec::new();
        for kid in e.get(b"K").unwrap().as_array().unwrap() {
            match kid {
                Object::Reference(c) => {
                    let child = pdf.get_dictionary(*c).unwrap();
                    kids.push(
                        String::from_utf8_lossy(child.get(b"S").unwrap().as_name().unwrap())
                            .to_string(),
                    );
                    children.push(*c);
                }
                Object::Dictionary(d) => kids.push(
                    String::from_utf8_lossy(d.get(b"Type").unwrap().as_name().unwrap()).to_string(),
                ),
                other => panic!("{other:?}"),
            }
        }
        out.push((role, kids));
        for c in children {
            walk(pdf, c, out);
        }
    }
    let mut elements = Vec::new();
    let top = root.get(b"K").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    walk(&pdf, top, &mut elements);
    assert_eq!(elements[0].0, "Document");
    // Title page, contents heading, contents, body.
    assert_eq!(elements[0].1, ["Sect", "H1", "TOC", "Sect"]);
    let (doc, _) = bundled();
    let turns = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Turn { paragraphs, .. } if !paragraphs.is_empty()))
        .count();
    let divs: Vec<_> = elements.iter().filter(|(r, _)| r == "Div").collect();
    assert_eq!(divs.len(), turns);
    let labelled = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Turn { continued: false, paragraphs, .. } if !paragraphs.is_empty()))
        .count();
    assert_eq!(divs.iter().filter(|(_, k)| k[0] == "Lbl").count(), labelled);
    assert!(divs.iter().all(|(_, k)| k[1..].iter().all(|r| r == "P")));
    assert!(elements.iter().any(|(r, _)| r == "Note"));
    assert!(elements.iter().any(|(r, _)| r == "BlockQuote"));

    // Every MCID on a page is owned in the parent tree; furniture is an artifact.
    let tree = pdf
        .get_dictionary(root.get(b"ParentTree").unwrap().as_reference().unwrap())
        .unwrap();
    let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
    for (n, (_, &page)) in pdf.get_pages().iter().enumerate() {
        let content = String::from_utf8_lossy(&pdf.get_page_content(page)).to_string();
        let mcids = content.matches("/MCID").count();
        let key = pdf
            .get_dictionary(page)
            .unwrap()
            .get(b"StructParents")
            .unwrap()
            .as_i64()
            .unwrap();
        let at = nums
            .iter()
            .position(|o| o.as_i64().ok() == Some(key))
            .unwrap();
        let owners = nums[at + 1].as_array().unwrap();
        assert_eq!(owners.len(), mcids, "page {}", n + 1);
        assert!(owners.iter().all(|o| o.as_reference().is_ok()));
        if n > 0 {
            assert!(content.contains("/Artifact BMC"), "page {}: folio", n + 1);
        }
    }
    let first = String::from_utf8_lossy(&pdf.get_page_content(pdf.get_pages()[&1])).to_string();
    assert!(first.contains("/Lang(en)"), "English names marked");
    if common::have_tool("pdfinfo") {
        let (_dir, path) = written();
        let out = std::process::Command::new("pdfinfo")
            .arg("-struct-text")
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.starts_with("Document"),
            "{text}"
        );
        // Reading order: the first turn's words come before the last turn's.
        let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} missing"));
        assert!(at("在最近的一次演讲中") < at("我不认为这是一个好想法"));
    }
}

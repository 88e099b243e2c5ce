//! The EPUB of the bundled article and of hostile input, read back from the zip.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::sync::OnceLock;

use common::squeeze;
use fangtan::Input;
use fangtan::model::{Block, Document};
use fangtan::render::RenderOptions;
use fangtan::render::epub::render_epub;

type Files = Vec<(String, Vec<u8>, zip::CompressionMethod)>;

fn unzip(bytes: &[u8]) -> Files {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data, f.compression())
        })
        .collect()
}

fn bundled() -> &'static (Document, Vec<u8>) {
    static EPUB: OnceLock<(Document, Vec<u8>)> = OnceLock::new();
    EPUB.get_or_init(|| {
        let doc = fangtan::prepare(&Input::bundled(), None).unwrap().document;
        let bytes = render_epub(&doc, &RenderOptions::default()).unwrap();
        (doc, bytes)
    })
}

fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap_or(""))
        .collect()
}

/// Parses XML, allowing the `<!DOCTYPE html>` every XHTML file starts with.
fn parse(text: &str) -> roxmltree::Document<'_> {
    common::parse_xml(text).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}"))
}

/// Checks every XHTML file: well-formed, with the document's language on <html>.
fn xhtml_files(files: &Files, lang: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, data, _) in files {
        if !name.ends_with(".xhtml") {
            continue;
        }
        let text = String::from_utf8(data.clone()).unwrap();
        let xml = parse(&text);
        let html = xml.root_element();
        assert_eq!(html.attribute("lang"), Some(lang), "{name}: lang");
        assert_eq!(
            html.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang),
            "{name}: xml:lang"
        );
        out.insert(name.clone(), text);
    }
    out
}

#[test]
fn container_and_package() {
    let files = unzip(&bundled().1);
    assert_eq!(files[0].0, "mimetype");
    assert_eq!(files[0].1, b"application/epub+zip");
    assert_eq!(files[0].2, zip::CompressionMethod::Stored);
    let opf = files.iter().find(|f| f.0.ends_with("content.opf")).unwrap();
    let opf = String::from_utf8(opf.1.clone()).unwrap();
    let xml = roxmltree::Document::parse(&opf).unwrap();
    let meta = |property: &str| -> Vec<String> {
        xml.descendants()
            .filter(|n| n.attribute("property") == Some(property))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    };
    for property in [
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "dcterms:conformsTo",
        "dcterms:modified",
    ] {
        assert!(!meta(property).is_empty(), "{property} missing");
    }
    assert_eq!(meta("dcterms:modified"), ["2023-12-22T00:00:00Z"]);
    let dc = |name: &str| -> Vec<String> {
        xml.descendants()
            .filter(|n| n.tag_name().name() == name)
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(dc("language"), ["zh-CN"]);
    assert!(dc("identifier")[0].starts_with("urn:uuid:"));
    assert_eq!(dc("creator"), ["Steven Levy", "Yann LeCun"]);
    assert!(dc("contributor").contains(&"Sense".to_string()));
    assert!(dc("source")[0].starts_with("https://www.wired.com/"));
    assert!(!dc("description")[0].is_empty());
    let roles: Vec<&str> = xml
        .descendants()
        .filter(|n| n.attribute("property") == Some("role"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        roles.contains(&"ivr") && roles.contains(&"ive") && roles.contains(&"trl"),
        "{roles:?}"
    );
    assert!(opf.contains("properties=\"cover-image\""));
}

#[test]
fn every_file_is_well_formed_and_the_nav_lists_every_heading() {
    let (doc, bytes) = bundled();
    let files = unzip(bytes);
    let xhtml = xhtml_files(&files, "zh-CN");
    let nav = parse(&xhtml["OEBPS/nav.xhtml"]);
    let entries: Vec<String> = nav
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(|n| squeeze(&text_of(n)))
        .collect();
    for block in &doc.blocks {
        if let Block::Heading { number, text, .. } = block {
            let want = squeeze(&format!("{}{text}", number.as_deref().unwrap_or("")));
            assert!(entries.contains(&want), "nav lacks {want}: {entries:?}");
        }
    }
}

#[test]
fn every_turn_is_there_with_its_speaker_in_order() {
    let (doc, bytes) = bundled();
    let files = unzip(bytes);
    let xhtml = xhtml_files(&files, "zh-CN");
    // (speaker id, paragraph texts) of every turn, in reading order across the sections.
    let mut found: Vec<(String, String, Vec<String>)> = Vec::new();
    for (name, text) in &xhtml {
        if !name.contains("section-") {
            continue;
        }
        let xml = parse(text);
        for div in xml
            .descendants()
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("turn")))
        {
            let speaker = div.attribute("data-speaker").unwrap().to_string();
            let label = div
                .descendants()
                .find(|n| n.attribute("class") == Some("speaker"))
                .map(text_of)
                .unwrap_or_default();
            let paragraphs = div
                .children()
                .filter(|n| n.tag_name().name() == "p")
                .map(|p| {
                    let all = text_of(p);
                    squeeze(all.strip_prefix(&format!("{label}：")).unwrap_or(&all))
                })
                .collect();
            found.push((speaker, label, paragraphs));
        }
    }
    let turns: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Turn { .. }))
        .collect();
    assert_eq!(found.len(), turns.len());
    for (block, (speaker, label, paragraphs)) in turns.iter().zip(&found) {
        let Block::Turn {
            speaker: id,
            paragraphs: want,
            continued,
            ..
        } = block
        else {
            unreachable!()
        };
        assert_eq!(speaker, id);
        if !continued {
            assert_eq!(label, &doc.speaker(id).unwrap().name);
        }
        let want: Vec<String> = want.iter().map(|p| squeeze(&p.plain_text())).collect();
        assert_eq!(paragraphs, &want);
    }
}

#[test]
fn latin_words_keep_a_latin_apostrophe() {
    // A Chinese font's ’ is full width: the Latin runs are marked, and the stylesheet takes
    // their quotes from a Latin font.
    let (_, bytes) = bundled();
    let files = unzip(bytes);
    let xhtml = xhtml_files(&files, "zh-CN");
    let marked = xhtml.values().any(|text| {
        parse(text)
            .descendants()
            .any(|n| n.attribute("lang") == Some("en") && text_of(n).contains("Légion d’honneur"))
    });
    assert!(marked, "d’honneur is not inside a lang=\"en\" run");
    let css = files
        .iter()
        .find(|f| f.0.ends_with("stylesheet.css"))
        .map(|f| String::from_utf8_lossy(&f.1).to_string())
        .unwrap();
    assert!(css.contains("unicode-range: U+2018-2019"), "{css}");
    // Which font stack each selector of a Latin run gets (comments dropped, rules split).
    let mut css = css;
    while let (Some(a), Some(b)) = (css.find("/*"), css.find("*/")) {
        css.replace_range(a..b + 2, "");
    }
    let mut stacks: Vec<(String, String)> = Vec::new();
    for rule in css.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        let Some(family) = body
            .split(';')
            .find_map(|d| d.trim().strip_prefix("font-family:"))
        else {
            continue;
        };
        for selector in selectors.split(',') {
            let selector = selector.split_whitespace().collect::<Vec<_>>().join(" ");
            if selector.contains("[lang|=\"en\"]") {
                stacks.push((selector, family.trim().to_string()));
            }
        }
    }
    let stack = |selector: &str| -> Vec<&String> {
        stacks
            .iter()
            .filter(|(s, _)| s == selector)
            .map(|(_, f)| f)
            .collect()
    };
    // A Latin run anywhere: the Latin quotes, then the body's serif (one rule, no other).
    let plain = stack("[lang|=\"en\"]");
    assert_eq!(plain.len(), 1, "{stacks:?}");
    assert!(
        plain[0].starts_with("\"Latin Quotes Serif\", \"Noto Serif SC\""),
        "{stacks:?}"
    );
    // In notes and asides the Kai; in headings and speaker names the sans.
    for (selector, face) in [
        ("aside.editor-note [lang|=\"en\"]", "\"Fangtan Kai\""),
        (".aside [lang|=\"en\"]", "\"Fangtan Kai\""),
        ("h1 [lang|=\"en\"]", "\"Noto Sans SC\""),
        (".speaker[lang|=\"en\"]", "\"Noto Sans SC\""),
    ] {
        let found = stack(selector);
        assert!(
            found.len() == 1 && found[0].contains(face),
            "{selector}: {stacks:?}"
        );
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (doc, bytes) = bundled();
    assert!(render_epub(doc, &RenderOptions::default()).unwrap() == *bytes);
}

/// Text that breaks naive XML writers reaches the EPUB verbatim and well-formed.
fn hostile() -> Document {
    let text = "标题 <b>&amp; \"引号\" 'single' ]]> <!-- x -->\n\
        导语 <script>alert(1)</script> & R&D 与 AT&T。\n\
        01 A & B <章节>\n\
        问：<i>你好</i> & “]]>”？\n\
        答：a < b && c > d（编者注：<注释> & 说明）。\n\
        问：再见 &nbsp; &#x41;？\n\
        答：好 \u{1F600}。\n\
        参考 & 链接\n\
        https://example.com/?a=1&b=<2>\n";
    let source = fangtan::input::Source::from_text("hostile.txt", text);
    let sidecar = fangtan::sidecar::Sidecar {
        title: Some("Tom & Jerry <访谈> \"特辑\"".into()),
        subtitle: Some("a < b & c".into()),
        ..Default::default()
    };
    fangtan::parse::parse(&source, &sidecar).unwrap().document
}

#[test]
fn hostile_text_is_escaped_and_kept() {
    let doc = hostile();
    let bytes = render_epub(&doc, &RenderOptions::default()).unwrap();
    let files = unzip(&bytes);
    let xhtml = xhtml_files(&files, &doc.meta.language);
    let all: String = xhtml
        .values()
        .map(|t| squeeze(&text_of(parse(t).root())))
        .collect();
    for piece in [
        "<i>你好</i>&“]]>”",
        "a<b&&c>d",
        "<注释>&说明",
        "<script>alert(1)</script>&R&D与AT&T",
        "再见&nbsp;&#x41;",
    ] {
        assert!(all.contains(piece), "{piece} lost or changed");
    }
    let opf = files.iter().find(|f| f.0.ends_with("content.opf")).unwrap();
    roxmltree::Document::parse(std::str::from_utf8(&opf.1).unwrap())
        .expect("content.opf well-formed");
}

#[test]
fn epubcheck_reports_nothing() {
    common::epubcheck(&bundled().1, "levy-lecun.epub");
    let bytes = render_epub(&hostile(), &RenderOptions::default()).unwrap();
    common::epubcheck(&bytes, "hostile.epub");
    // Reader fixtures of other shapes: untitled references, transcripts, three voices,
    // Traditional Chinese, English. (All 31 passed when this was written; each run of
    // epubcheck starts a JVM, so the suite checks a few.)
    for fixture in [
        "readers/markdown-copy.txt",
        "readers/podcast-bracket.txt",
        "readers/three-voices-numbered.txt",
        "readers/traditional-tw.txt",
        "readers/english-qa.txt",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let input = Input::from_file(&path, None, None, None).unwrap();
        let doc = fangtan::prepare(&input, None).unwrap().document;
        let bytes = render_epub(&doc, &RenderOptions::default()).unwrap();
        common::epubcheck(&bytes, &format!("{}.epub", doc.meta.slug));
    }
}

/// The OpenType feature tags of a face's GSUB (`true`) or GPOS.
fn layout_features(face: &ttf_parser::Face, substitution: bool) -> Vec<String> {
    let table = if substitution {
        face.tables().gsub
    } else {
        face.tables().gpos
    };
    table.map_or(Vec::new(), |t| {
        t.features.into_iter().map(|f| f.tag.to_string()).collect()
    })
}

#[test]
fn embedded_fonts_are_subset_declared_and_valid() {
    let doc = &bundled().0;
    let options = RenderOptions {
        embed_fonts: true,
        ..RenderOptions::default()
    };
    let bytes = render_epub(doc, &options).unwrap();
    let files = unzip(&bytes);
    let fonts: Vec<&(String, Vec<u8>, zip::CompressionMethod)> =
        files.iter().filter(|f| f.0.ends_with(".ttf")).collect();
    assert_eq!(fonts.len(), 3);
    for (name, data, _) in &fonts {
        let face = ttf_parser::Face::parse(data, 0).unwrap();
        // Subsets: hundreds of glyphs drawn, not the 9,500 of the bundled fonts (whose ids
        // the subset keeps, so that its layout tables stay valid).
        let drawn = (0..face.number_of_glyphs())
            .filter(|&g| face.glyph_bounding_box(ttf_parser::GlyphId(g)).is_some())
            .count();
        assert!(drawn < 2000, "{name}: {drawn}");
        // The features a reader squeezes punctuation with (text-spacing-trim), sets vertical
        // text and kerns Latin with (LXGW WenKai has no GPOS at all, only vertical forms).
        let (gsub, gpos) = (layout_features(&face, true), layout_features(&face, false));
        assert!(gsub.contains(&"vert".to_string()), "{name}: {gsub:?}");
        if !name.contains("Kai") {
            for feature in ["halt", "palt", "vhal", "vpal", "kern"] {
                assert!(
                    gpos.contains(&feature.to_string()),
                    "{name}: {feature} {gpos:?}"
                );
            }
            assert!(gsub.contains(&"locl".to_string()), "{name}: {gsub:?}");
        }
    }
    // Normal-weight Hei and italic Song are not among the embedded faces: nothing asks for them.
    let sheet = files
        .iter()
        .find(|f| f.0.ends_with("stylesheet.css"))
        .unwrap();
    let sheet = String::from_utf8_lossy(&sheet.1);
    assert!(
        !sheet.contains("font-style: italic"),
        "a synthesised italic"
    );
    let css = files
        .iter()
        .find(|f| f.0.ends_with("stylesheet.css"))
        .unwrap();
    let css = String::from_utf8(css.1.clone()).unwrap();
    // The three embedded faces, and the two local Latin faces for quotes.
    assert_eq!(css.matches("url(\"fonts/").count(), 3);
    assert_eq!(css.matches("@font-face").count(), 5);
    let opf = files.iter().find(|f| f.0.ends_with("content.opf")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&opf.1)
            .matches("media-type=\"font/ttf\"")
            .count(),
        3
    );
    // Every character the pages show is in the embedded serif.
    let serif = fonts.iter().find(|f| f.0.contains("Serif")).unwrap();
    let face = ttf_parser::Face::parse(&serif.1, 0).unwrap();
    for c in doc
        .blocks
        .iter()
        .flat_map(|b| b.paragraphs())
        .flat_map(|p| p.plain_text().chars().collect::<Vec<_>>())
    {
        if !c.is_whitespace() {
            assert!(
                face.glyph_index(c).is_some(),
                "{c:?} missing from the embedded serif"
            );
        }
    }
    common::epubcheck(&bytes, "embedded.epub");
}

#[test]
fn user_templates_replace_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("epub")).unwrap();
    let colophon = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/epub/colophon.xhtml.hbs"
    ))
    .unwrap()
    .replace(
        "<p class=\"colophon-title\">",
        "<p class=\"colophon-title\">自定义模板·",
    );
    std::fs::write(dir.path().join("epub/colophon.xhtml.hbs"), colophon).unwrap();
    std::fs::write(
        dir.path().join("epub/stylesheet.css"),
        "body { color: #123456; }",
    )
    .unwrap();
    let options = RenderOptions {
        templates: Some(dir.path().to_path_buf()),
        ..RenderOptions::default()
    };
    let files = unzip(&render_epub(&bundled().0, &options).unwrap());
    let text = |suffix: &str| {
        String::from_utf8(
            files
                .iter()
                .find(|f| f.0.ends_with(suffix))
                .unwrap()
                .1
                .clone(),
        )
        .unwrap()
    };
    assert!(text("colophon.xhtml").contains("自定义模板·"));
    assert!(text("stylesheet.css").contains("#123456"));
    // The others stay built in.
    assert!(text("title.xhtml").contains("titlepage"));
    // A broken template is an error naming the file.
    std::fs::write(dir.path().join("epub/title.xhtml.hbs"), "{{#if}}").unwrap();
    let err = render_epub(&bundled().0, &options).unwrap_err().to_string();
    assert!(err.contains("title.xhtml.hbs"), "{err}");
}

/// What reading systems other than new Chromium need (issue: "right in every reader"): the
/// Han–Latin gap in the text itself, labels as one box, an aside's brackets as text, the
/// package's language, an author calibre can read, the navs' roles, and separate editions.
#[test]
fn every_reading_system_gets_the_gap_the_author_and_the_roles() {
    let (doc, bytes) = bundled();
    let files = unzip(bytes);
    let text = |suffix: &str| {
        let f = files.iter().find(|f| f.0.ends_with(suffix)).unwrap();
        String::from_utf8(f.1.clone()).unwrap()
    };
    // The gap is U+2005, in the pages, the nav, the NCX and the package's title.
    let nav = text("nav.xhtml");
    assert!(nav.contains("开源\u{2005}AI\u{2005}与初衷"), "{nav}");
    assert!(text("toc.ncx").contains("开源\u{2005}AI\u{2005}与初衷"));
    let pages: String = files
        .iter()
        .filter(|f| f.0.contains("section-"))
        .map(|f| String::from_utf8(f.1.clone()).unwrap())
        .collect();
    assert!(
        pages.contains("Meta</span>\u{2005}公司"),
        "no gap after a Latin run"
    );
    assert!(!pages.contains("Meta</span>公司"));
    // Every turn's label is one box, and an aside's brackets are text, with nothing before
    // the closing one.
    let turns = doc
        .blocks
        .iter()
        .filter(|b| {
            matches!(
                b,
                Block::Turn {
                    continued: false,
                    ..
                }
            )
        })
        .count();
    assert_eq!(
        pages
            .matches("<span class=\"label\"><b class=\"speaker\"")
            .count(),
        turns
    );
    assert!(pages.contains("<span class=\"aside\" role=\"note\">（<span class=\"aside-label\">"));
    assert!(!pages.contains(" ）</span>") && !pages.contains("\n）</span>"));
    let css = text("stylesheet.css");
    assert!(
        !css.contains("::before { content: \"（\""),
        "brackets generated by CSS"
    );
    // The widest label (`Steven Levy：`) needs more than the stylesheet's 4 em.
    assert!(css.contains(".turn .label { min-width: 7em; }"), "{css}");

    // A centred title keeps a name on one line; an address breaks at its slashes.
    assert!(text("title.xhtml").contains("Yann\u{a0}LeCun"));
    assert!(
        pages.contains("wired<wbr/>.com/<wbr/>story/"),
        "no break points in a URL"
    );
    assert!(!css.contains("break-all"));

    let opf = text("content.opf");
    let xml = roxmltree::Document::parse(&opf).unwrap();
    let package = xml.root_element();
    assert_eq!(
        package.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("zh-CN")
    );
    // Each creator is an author too (calibre shows "Unknown" otherwise).
    for id in ["creator-1", "creator-2"] {
        let roles: Vec<&str> = xml
            .descendants()
            .filter(|n| n.attribute("refines") == Some(&format!("#{id}")))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(roles[0], "aut", "{id}: {roles:?}");
    }
    // One contributor with two roles, not two contributors of one name.
    assert_eq!(opf.matches("<dc:contributor").count(), 1, "{opf}");
    let nav_xml = parse(&nav);
    let navs: Vec<_> = nav_xml
        .descendants()
        .filter(|n| n.tag_name().name() == "nav")
        .collect();
    assert_eq!(navs[0].attribute("role"), Some("doc-toc"));
    assert!(
        navs.iter().all(
            |n| n.attribute("aria-label").is_some() || n.attribute("aria-labelledby").is_some()
        )
    );

    // The edition with embedded fonts is another book to a reading system; the date of
    // modification is the one given.
    let id = |bytes: &[u8]| {
        let files = unzip(bytes);
        let opf = files.iter().find(|f| f.0.ends_with("content.opf")).unwrap();
        let opf = String::from_utf8(opf.1.clone()).unwrap();
        let start = opf.find("urn:uuid:").unwrap();
        (opf[start..start + 45].to_string(), opf)
    };
    let embedded = render_epub(
        doc,
        &RenderOptions {
            embed_fonts: true,
            modified: Some(1_764_547_200),
            ..RenderOptions::default()
        },
    )
    .unwrap();
    let (plain_id, _) = id(bytes);
    let (embedded_id, embedded_opf) = id(&embedded);
    assert_ne!(plain_id, embedded_id);
    assert!(
        embedded_opf.contains("<meta property=\"dcterms:modified\">2025-12-01T00:00:00Z</meta>")
    );
}

/// The accessibility metadata says only what the book has: a book with pictures is visual
/// too, and sufficient as text only when each picture is described.
#[test]
fn access_modes_follow_the_pictures() {
    let modes = |bytes: &[u8]| -> Vec<String> {
        let files = unzip(bytes);
        let opf = files.iter().find(|f| f.0.ends_with("content.opf")).unwrap();
        let opf = String::from_utf8(opf.1.clone()).unwrap();
        let xml = roxmltree::Document::parse(&opf).unwrap();
        xml.descendants()
            .filter(|n| {
                n.attribute("property")
                    .is_some_and(|p| p.starts_with("schema:accessMode"))
            })
            .map(|n| format!("{} {}", n.attribute("property").unwrap(), n.text().unwrap()))
            .collect()
    };
    assert_eq!(
        modes(&bundled().1),
        [
            "schema:accessMode textual",
            "schema:accessModeSufficient textual"
        ]
    );
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/zh-wechat-jazzband.html");
    let input = Input::from_file(&page, None, None, None).unwrap();
    let doc = fangtan::prepare(&input, None).unwrap().document;
    let epub = render_epub(&doc, &RenderOptions::default()).unwrap();
    let with_pictures = modes(&epub);
    assert!(
        with_pictures.contains(&"schema:accessMode visual".to_string()),
        "{with_pictures:?}"
    );
}

#[test]
fn an_english_book_embeds_the_chinese_faces_its_han_needs() {
    let text = "Talking Tea\nBy Ann Lee\nA conversation about tea.\n\
                Q: What does 普洱 mean to you?\n\
                A: It is the tea of Yunnan, 云南, where my family comes from.\n";
    let mut doc = common::parse_text("tea.txt", text, &Default::default()).document;
    doc.meta.language = "en".into();
    let options = RenderOptions {
        embed_fonts: true,
        ..RenderOptions::default()
    };
    let files = unzip(&render_epub(&doc, &options).unwrap());
    let han_face = files
        .iter()
        .find(|f| f.0.ends_with("NotoSerifSC-Regular.ttf"))
        .expect("the Han of an English book comes with the book");
    let face = ttf_parser::Face::parse(&han_face.1, 0).unwrap();
    for c in "普洱云南".chars() {
        assert!(face.glyph_index(c).is_some(), "{c}");
    }
    assert_eq!(face.glyph_index('茶'), None, "only the book's Han");
    assert!(
        files
            .iter()
            .any(|f| f.0.ends_with("FangtanSerif-Regular.ttf"))
    );
}

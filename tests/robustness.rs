//! Hardening: every encoding gives the same model, hostile text reaches every output intact,
//! every backend is reproducible, and arbitrary or mangled input goes through the whole
//! pipeline without a panic and with well-formed XML (property tests).

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use common::{parse_xml, squeeze};
use fangtan::input::Source;
use fangtan::model::{Block, Document, Inline};
use fangtan::render::script::cues;
use fangtan::render::{Format, RenderOptions};
use fangtan::sidecar::Typography;
use fangtan::{Input, prepare};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

fn utf16(text: &str, bom: [u8; 2], big_endian: bool) -> Vec<u8> {
    let mut bytes = bom.to_vec();
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

#[test]
fn every_encoding_of_the_bundled_article_gives_the_same_model() {
    let bundled = Input::bundled();
    let text = &bundled.source.text;
    let (gb18030, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    let copies: Vec<(&str, Vec<u8>)> = vec![
        ("UTF-8", text.as_bytes().to_vec()),
        (
            "UTF-8 with BOM",
            [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
        ),
        ("UTF-16LE", utf16(text, [0xFF, 0xFE], false)),
        ("UTF-16BE", utf16(text, [0xFE, 0xFF], true)),
        ("GB18030", gb18030.to_vec()),
    ];
    let want = prepare(&bundled, None).unwrap().document;
    for (label, bytes) in copies {
        let source = Source::decode("copy.txt".into(), &bytes, None)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(&source.text, text, "{label}: the text differs");
        assert!(
            !source.text.contains('\u{FEFF}'),
            "{label}: a BOM got through"
        );
        let copy = Input {
            source,
            ..bundled.clone()
        };
        let got = prepare(&copy, None).unwrap().document;
        assert_eq!(got, want, "{label}: the model differs");
    }
    // Guessing is said; naming the encoding is obeyed and not reported as a guess.
    let guessed = Source::decode("gb.txt".into(), &gb18030, None).unwrap();
    assert!(
        guessed
            .warnings
            .iter()
            .any(|w| w.message.contains("a guess")),
        "{:?}",
        guessed.warnings
    );
    let named = Source::decode("gb.txt".into(), &gb18030, Some("gb18030")).unwrap();
    assert_eq!(&named.text, text);
    assert!(named.warnings.is_empty(), "{:?}", named.warnings);
    // Named wrongly, it is an error with the byte offset, never mojibake.
    let wrong = Source::decode("gb.txt".into(), &gb18030, Some("utf-8")).unwrap_err();
    assert!(wrong.to_string().contains("byte"), "{wrong}");
}

#[test]
fn line_endings_lf_crlf_and_cr_read_alike() {
    let text = &Input::bundled().source.text;
    let lf = text.replace("\r\n", "\n");
    let doc = |t: &str| {
        let mut input = Input::bundled();
        input.source = Source::from_text("copy.txt", t);
        prepare(&input, None).unwrap().document
    };
    let want = doc(&lf);
    assert_eq!(doc(&lf.replace('\n', "\r\n")), want);
    assert_eq!(doc(&lf.replace('\n', "\r")), want);
}

const HOSTILE: &str = "访谈：<script>&amp;]]><!-- x -->\n\n\
    记者：第一个问题 <b>粗体</b> & \"引号\" 'single' ]]> <!-- 注释 --> 吗？\n\n\
    嘉宾：回答里有 a < b && c > d，还有 <![CDATA[x]]> 与 &#x41;。\n\n\
    记者：控制字符\u{0}\u{1}\u{b}\u{FFFE}\u{FFFF}都该去掉。\n\n\
    嘉宾：好的。\n";

/// The text content of an XML document, entities resolved.
fn xml_text(xml: &str) -> String {
    let doc = parse_xml(xml).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn epub_texts(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_string();
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            files.insert(name, text);
        }
    }
    files
}

fn render_all(doc: &Document, options: &RenderOptions) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for format in Format::TEXT {
        let rendered = format.backend().unwrap().render(doc, options).unwrap();
        for artifact in rendered.artifacts {
            out.insert(artifact.file_name, artifact.bytes);
        }
    }
    out
}

#[test]
fn hostile_text_reaches_every_output_verbatim_or_escaped() {
    // As written: the typography pass would (rightly) curl the straight quotes.
    let prepared = prepare(
        &Input::from_text("hostile.txt", HOSTILE),
        Some(Typography::Keep),
    )
    .unwrap();
    // The forbidden characters were removed, each line said so.
    let lines: Vec<usize> = prepared
        .warnings
        .iter()
        .filter(|w| w.message.contains("control"))
        .filter_map(|w| w.line)
        .collect();
    assert_eq!(lines, vec![7], "{:?}", prepared.warnings);
    let doc = prepared.document;
    let outputs = render_all(&doc, &RenderOptions::default());
    let pieces = [
        "<b>粗体</b>",
        "&\"引号\"",
        "]]>",
        "<!--注释-->",
        "a<b&&c>d",
        "<![CDATA[x]]>",
        "&#x41;",
    ];
    let plain = |name: &str| String::from_utf8(outputs[name].clone()).unwrap();
    let json = squeeze(
        &serde_json::from_str::<Document>(&plain("hostile.json")).map_or_else(
            |e| panic!("{e}"),
            |d| {
                d.blocks
                    .iter()
                    .flat_map(|b| b.paragraphs().iter().map(|p| p.plain_text()))
                    .collect::<String>()
            },
        ),
    );
    let markdown = squeeze(&plain("hostile.script.md"));
    let ssml = squeeze(&xml_text(&plain("hostile.ssml")));
    let epub: String = epub_texts(&outputs["hostile.epub"])
        .iter()
        .filter(|(name, _)| name.ends_with(".xhtml"))
        .map(|(_, xhtml)| squeeze(&xml_text(xhtml)))
        .collect();
    for piece in pieces {
        for (output, text) in [
            ("json", &json),
            ("script.md", &markdown),
            ("ssml", &ssml),
            ("epub", &epub),
        ] {
            assert!(text.contains(piece), "{output} lost {piece:?}");
        }
    }
    // The text outputs, and the EPUB's pages.
    let texts = outputs
        .iter()
        .filter(|(name, _)| !name.ends_with(".epub") && !name.ends_with(".pdf"))
        .map(|(name, bytes)| (name.as_str(), String::from_utf8_lossy(bytes).into_owned()))
        .chain([("epub pages", epub.clone())]);
    for (name, text) in texts {
        assert!(
            !text.contains('\u{FFFD}') && !text.contains('\u{0}') && !text.contains('\u{FFFE}'),
            "{name} carries a forbidden or replacement character"
        );
    }
}

#[test]
fn every_backend_gives_the_same_bytes_twice() {
    let bundled = Input::bundled();
    let doc = prepare(&bundled, None).unwrap().document;
    let options = RenderOptions {
        modified: Some(1_700_000_000),
        script: bundled.sidecar.script.clone(),
        ..RenderOptions::default()
    };
    let first = render_all(&doc, &options);
    let second = render_all(&doc, &options);
    assert_eq!(first.len(), 8, "{:?}", first.keys());
    for (name, bytes) in &first {
        assert!(&second[name] == bytes, "{name} differs between two builds");
    }
    // The date is the one given, so a different epoch gives a different PDF and EPUB.
    let later = render_all(
        &doc,
        &RenderOptions {
            modified: Some(1_800_000_000),
            ..options.clone()
        },
    );
    assert!(later["levy-lecun.pdf"] != first["levy-lecun.pdf"]);
    assert!(later["levy-lecun.epub"] != first["levy-lecun.epub"]);
}

/// Runs every backend and checks what a reader of each output relies on: XHTML and SSML
/// well-formed, and every turn in the script once, in order, with its speaker.
fn check_pipeline(doc: &Document) {
    let outputs = render_all(doc, &RenderOptions::default());
    for (name, bytes) in &outputs {
        if name.ends_with(".epub") {
            for (file, xml) in epub_texts(bytes) {
                if let Err(e) = parse_xml(&xml) {
                    panic!("{file} is not well-formed: {e}");
                }
            }
        } else if name.ends_with(".ssml") {
            let text = std::str::from_utf8(bytes).unwrap();
            if let Err(e) = parse_xml(text) {
                panic!("the SSML is not well-formed: {e}");
            }
        }
    }
    let strings = fangtan::locale::Strings::built_in(&doc.meta.language);
    let script = cues::build(doc, &Default::default(), &strings);
    // A turn the model marks as continued (its speaker again after a caption or a note) is
    // read as the continuation of the cue before it, like a long turn split in two.
    let mut turns: Vec<(String, String)> = Vec::new();
    for block in &doc.blocks {
        let Block::Turn {
            speaker,
            paragraphs,
            continued,
            ..
        } = block
        else {
            continue;
        };
        // Read as printed: an editor's aside in brackets with its label.
        let text: String = paragraphs
            .iter()
            .flat_map(|p| &p.content)
            .map(|inline| match inline {
                Inline::Text { text } | Inline::Link { text, .. } => squeeze(text),
                Inline::Aside { label, text } => squeeze(&format!("（{label}：{text}）")),
            })
            .collect();
        match turns.last_mut() {
            Some((last, so_far)) if *continued => {
                assert_eq!(last, speaker, "a continued turn changes speaker");
                so_far.push_str(&text);
            }
            _ => turns.push((speaker.clone(), text)),
        }
    }
    let mut dialogue = script
        .cues
        .iter()
        .filter(|c| !c.role.is_narration())
        .peekable();
    for (speaker, want) in turns.iter().filter(|(_, text)| !text.is_empty()) {
        let cue = dialogue.next().expect("a cue for every turn");
        assert_eq!(&cue.speaker, speaker);
        let mut got = squeeze(&cue.paragraphs.concat());
        while dialogue.peek().is_some_and(|c| c.continued) {
            let more = dialogue.next().unwrap();
            assert_eq!(&more.speaker, speaker, "a continued cue changes speaker");
            got.push_str(&squeeze(&more.paragraphs.concat()));
        }
        assert_eq!(&got, want, "a turn of {speaker} changed in the script");
    }
    assert!(dialogue.next().is_none(), "a cue without a turn");
}

/// Arbitrary text: any characters, with line breaks and label-like colons mixed in often
/// enough that the reader finds turns, notes and headings.
fn arbitrary_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("记者：".to_string()),
        Just("\n答：".to_string()),
        Just("Sense说:".to_string()),
        Just("（编者注：".to_string()),
        Just("01 ".to_string()),
        Just("——".to_string()),
        Just("https://e.com/<&>".to_string()),
        "[a-z]{1,12}".prop_map(|s| s),
        "[一-龥]{1,12}".prop_map(|s| s),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

/// Arbitrary Markdown: the text above with Markdown's block and inline marks mixed in.
fn arbitrary_markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        arbitrary_text(),
        Just("\n\n".to_string()),
        Just("**问：** ".to_string()),
        Just("\n# ".to_string()),
        Just("\n## ".to_string()),
        Just("\n> ".to_string()),
        Just("\n- ".to_string()),
        Just("\n1. ".to_string()),
        Just("![图](a.png)".to_string()),
        Just("\n*说明*\n".to_string()),
        Just("\n---\n".to_string()),
        Just("---\ntitle: x\n---\n".to_string()),
        Just("\n| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("\n```\ncode\n```\n".to_string()),
        Just("[link](https://e.com/)".to_string()),
        Just("<b>html</b><br>".to_string()),
        Just("[^1]\n\n[^1]: note".to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// The bundled article with some lines moved, dropped, repeated or cut short.
fn mangled_article() -> impl Strategy<Value = String> {
    let lines: Vec<String> = Input::bundled()
        .source
        .text
        .lines()
        .map(str::to_string)
        .collect();
    let n = lines.len();
    let edit = (0..4u8, 0..n, 0..n, 0..40usize);
    prop::collection::vec(edit, 1..12).prop_map(move |edits| {
        let mut lines = lines.clone();
        for (kind, a, b, cut) in edits {
            let (a, b) = (a % lines.len().max(1), b % lines.len().max(1));
            if lines.is_empty() {
                break;
            }
            match kind {
                0 => lines.swap(a, b),
                1 => {
                    lines.remove(a);
                }
                2 => {
                    let line = lines[a].clone();
                    lines.insert(b, line);
                }
                _ => {
                    let line = &mut lines[a];
                    let keep = line.chars().take(cut).collect();
                    *line = keep;
                }
            }
        }
        lines.join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/robustness.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_goes_through_every_backend(text in arbitrary_text()) {
        if let Ok(prepared) = prepare(&Input::from_text("any.txt", &text), None) {
            check_pipeline(&prepared.document);
        }
    }

    #[test]
    fn arbitrary_markdown_goes_through_every_backend(text in arbitrary_markdown()) {
        if let Ok(prepared) = prepare(&Input::from_text("any.md", &text), None) {
            check_pipeline(&prepared.document);
        }
    }

    #[test]
    fn any_sidecar_string_is_refused_with_its_key_or_reaches_every_output_well_formed(
        title in any::<String>(),
        name in any::<String>(),
        url in "[ -~]{0,40}",
    ) {
        let mut table = toml::Table::new();
        table.insert("title".into(), toml::Value::String(title.clone()));
        table.insert("source_url".into(), toml::Value::String(url));
        let mut cast = toml::Table::new();
        cast.insert("label".into(), toml::Value::String("问".into()));
        cast.insert("name".into(), toml::Value::String(name.clone()));
        table.insert("cast".into(), toml::Value::Array(vec![toml::Value::Table(cast)]));
        let text = toml::to_string(&table).unwrap();
        let forbidden = |s: &str| s.chars().any(fangtan::input::is_forbidden_control);
        match fangtan::sidecar::Sidecar::parse("s.toml", &text) {
            Err(e) => {
                let e = e.to_string();
                prop_assert!(forbidden(&title) || forbidden(&name), "refused: {e}");
                prop_assert!(e.starts_with("s.toml:") && e.contains("holds the control character"), "{e}");
            }
            Ok((sidecar, _)) => {
                prop_assert!(!forbidden(&title) && !forbidden(&name));
                let input = Input {
                    sidecar,
                    ..Input::from_text("t.txt", "问：你好吗？\n答：很好。\n问：真的？\n答：真的。\n")
                };
                let prepared = prepare(&input, None).unwrap();
                check_pipeline(&prepared.document);
            }
        }
    }

    #[test]
    fn a_mangled_article_goes_through_every_backend(text in mangled_article()) {
        let mut mangled = Input::bundled();
        mangled.source = Source::from_text("mangled.txt", text);
        if let Ok(prepared) = prepare(&mangled, None) {
            check_pipeline(&prepared.document);
        }
    }
}

/// Huge inputs (no timing here: `cargo bench` and BENCHMARKS.md measure the cost): a single
/// line of 2 MB and the article fifty times over are read whole, nothing dropped.
#[test]
fn a_huge_line_and_a_long_text_are_read_whole() {
    let sentence = "这是一个很长的回答，包含 Latin words 与数字 2024。";
    let answer = sentence.repeat(2_000_000 / sentence.len());
    let text =
        format!("一个长回答\n\n记者：请讲。\n\n嘉宾：{answer}\n\n记者：谢谢。\n\n嘉宾：不客气。\n");
    let doc = prepare(&Input::from_text("huge.txt", &text), Some(Typography::Keep))
        .unwrap()
        .document;
    let spoken: usize = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Turn { .. }))
        .flat_map(|b| b.paragraphs())
        .map(|p| p.plain_text().len())
        .sum();
    assert_eq!(spoken, "请讲。谢谢。不客气。".len() + answer.len());

    let bundled = Input::bundled();
    let once = prepare(&bundled, None).unwrap().document.stats();
    let long = Input {
        source: Source::from_text("x50.txt", fangtan::sample::repeated(&bundled, 50).unwrap()),
        ..bundled
    };
    let stats = prepare(&long, None).unwrap().document.stats();
    assert_eq!(stats.headings, 50 * once.headings);
    assert_eq!(stats.pull_quotes, 50 * once.pull_quotes);
}

/// A ZIP archive of the given entries (for Word files, good and broken).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, data) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

const DOCUMENT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Q:</w:t></w:r><w:r><w:t xml:space="preserve"> One?</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>A:</w:t></w:r><w:r><w:t xml:space="preserve"> Two.</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Q:</w:t></w:r><w:r><w:t xml:space="preserve"> Three?</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>A:</w:t></w:r><w:r><w:t xml:space="preserve"> Four.</w:t></w:r></w:p>
</w:body></w:document>"#;

/// Inputs of every kind fangtan reads, broken as real files are broken: each is refused with
/// one line naming the file (and what to do), or read with a warning naming its line; never a
/// panic, and whatever is read goes through every backend.
#[test]
fn broken_inputs_of_every_format_are_refused_or_read_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let refused = |name: &str, bytes: &[u8], want: &str| {
        std::fs::write(p.join(name), bytes).unwrap();
        let err = Input::from_file(&p.join(name), None, None, None)
            .and_then(|input| prepare(&input, None).map(|_| ()))
            .expect_err(name)
            .to_string();
        assert!(err.contains(name) && err.contains(want), "{name}: {err}");
        assert!(!err.contains('\n'), "{name}: {err}");
    };
    let read = |name: &str, bytes: &[u8], warning_line: Option<usize>, want: &str| {
        std::fs::write(p.join(name), bytes).unwrap();
        let input = Input::from_file(&p.join(name), None, None, None).expect(name);
        let prepared = prepare(&input, None).expect(name);
        let found = prepared
            .warnings
            .iter()
            .any(|w| w.line == warning_line && w.message.contains(want));
        assert!(
            want.is_empty() || found,
            "{name}: no warning {want:?} at {warning_line:?}: {:?}",
            prepared.warnings
        );
        check_pipeline(&prepared.document);
        prepared
    };

    // Word: not a Word archive, cut short, broken XML, no body.
    refused("plain.zip", &zip_of(&[("a.txt", b"x")]), "ZIP archive");
    let good = zip_of(&[("word/document.xml", DOCUMENT_XML.as_bytes())]);
    refused("cut.docx", &good[..good.len() / 2], "not a Word document");
    refused(
        "badxml.docx",
        &zip_of(&[("word/document.xml", b"<w:document><w:body><w:p>")]),
        "word/document.xml",
    );
    refused(
        "nobody.docx",
        &zip_of(&[("word/document.xml", b"<?xml version=\"1.0\"?><x/>")]),
        "no body",
    );
    let word = read("good.docx", &good, None, "");
    assert_eq!(word.document.cast.len(), 2);
    // A saved page with no article, a page cut off mid-tag, subtitles without a cue.
    refused(
        "empty.html",
        b"<!DOCTYPE html><html><body><script>x()</script></body></html>",
        "no text found in it as html",
    );
    read(
        "cut.html",
        b"<html><body><p><b>Q:</b> One?</p><p><b>A:</b> Two.</p><p><b>Q:</b> Three?</p><p><b>A:</b> Fo",
        None,
        "",
    );
    refused("nocues.srt", b"1\n\n2\n\n", "nothing to read");
    read(
        "notimes.srt",
        b"1\nhello\n\n",
        Some(1),
        "no valid time code",
    );
    // A cue with a broken time code: its words are kept, the line named.
    read(
        "slip.srt",
        b"1\n00:00:01,000 --> 00:00:02,000\nQ: One?\n\n2\n00:00:0x,000 --> 00:00:03,000\nA: Two.\n\n3\n00:00:04,000 --> 00:00:05,000\nQ: Three?\n",
        Some(5),
        "no valid time code",
    );
    refused(
        "broken.json",
        b"{\"segments\": [\n{\"start\": 1, \"text\": \"hi\"",
        "broken.json:2: not valid JSON",
    );
    refused("package.json", b"{\"name\": \"x\"}", "not a transcript");
    // Kinds fangtan does not read say what to do instead.
    refused(
        "scan.pdf",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n",
        "pdftotext",
    );
    refused(
        "old.doc",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0",
        ".docx",
    );
    let epub = zip_of(&[("mimetype", b"application/epub+zip")]);
    refused("book.epub", &epub, "EPUB");
    refused("talk.mp3", b"ID3\x04\0\0\0\0\0\0", "transcribe");
}

/// A picture that is missing, unreadable, outside the input's folder or on the web is a
/// warning at its line; its caption stays in every output, and the rest of the book is built.
#[test]
fn pictures_that_cannot_be_read_leave_their_captions() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in");
    std::fs::create_dir(&p).unwrap();
    std::fs::write(p.join("garbage.jpg"), b"\xFF\xD8\xFF\xE0 not really").unwrap();
    std::fs::write(dir.path().join("secret.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let text = "\
**Q:** One?

**A:** Two.

![](missing.jpg)

*Caption one.*

**Q:** Three?

![](garbage.jpg)

*Caption two.*

**A:** Four.

![](../secret.png)

*Caption three.*

![](https://example.org/a.jpg)

*Caption four.*
";
    std::fs::write(p.join("talk.md"), text).unwrap();
    let input = Input::from_file(&p.join("talk.md"), None, None, None).unwrap();
    let prepared = prepare(&input, None).unwrap();
    let mut found: Vec<(Option<usize>, String)> = prepared
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("picture"))
        .map(|w| (w.line, w.message.clone()))
        .collect();
    found.sort();
    let lines: Vec<Option<usize>> = found.iter().map(|f| f.0).collect();
    assert_eq!(lines, [Some(5), Some(11), Some(17), Some(21)], "{found:?}");
    assert!(found[0].1.contains("no such file"), "{found:?}");
    assert!(found[2].1.contains("outside"), "{found:?}");
    assert!(found[3].1.contains("not fetched"), "{found:?}");
    assert!(prepared.document.pictures.is_empty());
    check_pipeline(&prepared.document);
    let outputs = render_all(&prepared.document, &RenderOptions::default());
    let epub = epub_texts(&outputs["talk.epub"])
        .into_values()
        .collect::<String>();
    for caption in [
        "Caption one.",
        "Caption two.",
        "Caption three.",
        "Caption four.",
    ] {
        assert!(epub.contains(caption), "{caption} lost");
    }
}

/// A caption whose picture is not in the book is set off after a label (`Caption:`, `图注：`)
/// in the EPUB and the PDF, so that it does not read as a stray line between turns; one whose
/// own words say what it is (`Photo:`, `图片来源：`) is not labelled twice.
#[test]
fn a_caption_without_its_picture_is_labelled_unless_it_says_what_it_is() {
    use fangtan::render::fonts::{BookFaces, FontSet};
    use fangtan::typeset::book::{Paper, set_book};
    let dir = tempfile::tempdir().unwrap();
    for (name, text, label, plain, own) in [
        (
            "talk.md",
            "**Q:** One?\n\n![](missing.jpg)\n\n*The lab in 2019.*\n\n**A:** Two.\n\n\
             ![](gone.png)\n\n*Photo: Jane Doe.*\n\n**Q:** Three?\n",
            "Caption:",
            "The lab in 2019.",
            "Photo: Jane Doe.",
        ),
        (
            "访谈.md",
            "**问：**您好吗？\n\n![](missing.jpg)\n\n*实验室一角，摄于二〇一九年*\n\n\
             **答：**很好，谢谢。\n\n![](gone.png)\n\n*图片来源：受访者提供*\n\n**问：**再见。\n",
            "图注：",
            "实验室一角，摄于二〇一九年",
            "图片来源：受访者提供",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let input = Input::from_file(&path, None, None, None).unwrap();
        let doc = prepare(&input, None).unwrap().document;
        let outputs = render_all(&doc, &RenderOptions::default());
        let epub_name = outputs.keys().find(|k| k.ends_with(".epub")).unwrap();
        let xhtml: String = epub_texts(&outputs[epub_name]).into_values().collect();
        let labelled = format!("<span class=\"caption-label\">{label}");
        assert_eq!(xhtml.matches(&labelled).count(), 1, "{name}: {xhtml}");
        let at = xhtml.find(&labelled).unwrap();
        assert!(xhtml[at..].contains(plain), "{name}");
        assert!(
            xhtml.contains(&format!("<p class=\"caption\">{own}</p>")),
            "{name}: {xhtml}"
        );

        let faces = if doc.meta.language.starts_with("zh") {
            BookFaces::Chinese
        } else {
            BookFaces::Latin
        };
        let book = set_book(&doc, &FontSet::new(faces, Vec::new()), Paper::A5);
        // Lines as glyphs: word spaces are gaps, not characters.
        let printed: String = book.lines().map(|(_, l)| l.text()).collect();
        let (label, plain, own) = (squeeze(label), squeeze(plain), squeeze(own));
        assert_eq!(printed.matches(&label).count(), 1, "{name}: {printed}");
        let at = printed.find(&label).unwrap();
        let after = printed[at + label.len()..].trim_start();
        assert!(after.starts_with(&plain), "{name}: {after}");
        assert!(printed.contains(&own), "{name}");
    }
}

//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use fangtan::input::Source;
use fangtan::model::{Block, Document, Inline};
use fangtan::parse::{Parsed, parse};
use fangtan::sidecar::Sidecar;

/// Parses text as written (no typography pass) with a sidecar.
pub fn parse_text(name: &str, text: &str, sidecar: &Sidecar) -> Parsed {
    parse(&Source::from_text(name, text), sidecar).expect("parses")
}

/// Characters that may stand in the source but not in the model: the colon after a label or
/// reference title, the brackets around an inline aside, the separator after a heading number.
const STRUCTURAL: &[char] = &[':', '：', '(', ')', '（', '）', '【', '】', '[', ']'];
const HEADING_SEPARATORS: &[char] = &['、', '.', '．', ':', '：'];

/// The model's text for each source line, in model order: labels, numbers, texts, URLs.
pub fn model_text_by_line(doc: &Document) -> BTreeMap<usize, String> {
    let mut by_line: BTreeMap<usize, String> = BTreeMap::new();
    let mut put = |line: usize, s: &str| by_line.entry(line).or_default().push_str(s);
    for block in &doc.blocks {
        match block {
            Block::Title { text, line }
            | Block::Subtitle { text, line }
            | Block::Break { text, line }
            | Block::PullQuote { text, line, .. }
            | Block::Caption { text, line, .. } => put(*line, text),
            Block::Heading {
                number, text, line, ..
            } => {
                put(*line, number.as_deref().unwrap_or(""));
                put(*line, text);
            }
            Block::Turn {
                label,
                line,
                continued,
                ..
            }
            | Block::Note {
                label,
                line,
                continued,
                ..
            } => {
                if !continued {
                    put(*line, label)
                }
            }
            Block::References {
                title,
                title_line,
                items,
            } => {
                if let (Some(t), Some(l)) = (title, title_line) {
                    put(*l, t);
                }
                for item in items {
                    put(item.line, item.marker.as_deref().unwrap_or(""));
                    put(item.line, item.text.as_deref().unwrap_or(""));
                    put(item.line, &item.url);
                }
            }
            Block::Figure {
                src,
                alt,
                caption,
                caption_line,
                line,
                ..
            } => {
                put(*line, alt);
                put(*line, src);
                if let (Some(c), Some(l)) = (caption, caption_line) {
                    put(*l, c);
                }
            }
            Block::Lead(_) | Block::Paragraph(_) => {}
        }
        for p in block.paragraphs() {
            put(p.line, p.item.as_deref().unwrap_or(""));
            for inline in &p.content {
                match inline {
                    Inline::Text { text } => put(p.line, text),
                    Inline::Aside { label, text } => {
                        put(p.line, label);
                        put(p.line, text);
                    }
                    Inline::Link { text, url } => {
                        put(p.line, text);
                        put(p.line, url);
                    }
                }
            }
        }
    }
    by_line
}

/// Asserts that every non-blank, non-dropped source line reaches the model whole and in order:
/// the model's characters for the line are the line's characters with whitespace removed,
/// less only structural colons and brackets. A line the model does not name continues the
/// paragraph of the line before it (a wrapped line, joined by the reader).
pub fn assert_nothing_lost(source_text: &str, doc: &Document) {
    check_nothing_lost(source_text, doc, &[]);
}

/// Markdown's marks, which a Markdown source has and the model does not.
pub const MARKDOWN_MARKS: &[char] = &[
    '*', '_', '#', '>', '<', '!', '[', ']', '(', ')', '|', '-', '`', '~', '+', '=',
];

/// [`assert_nothing_lost`] for a source whose markup (`markup`) the reader takes away.
pub fn assert_nothing_lost_but(source_text: &str, doc: &Document, markup: &[char]) {
    check_nothing_lost(source_text, doc, markup);
}

fn check_nothing_lost(source_text: &str, doc: &Document, markup: &[char]) {
    let model = model_text_by_line(doc);
    let heading_lines: Vec<usize> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                line,
                number: Some(_),
                ..
            } => Some(*line),
            _ => None,
        })
        .collect();
    let dropped: Vec<usize> = doc.dropped.iter().map(|d| d.line).collect();
    // `CHAIR POWELL. Good afternoon`: a full stop may set a label off.
    let label_lines: Vec<usize> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Turn {
                line,
                continued: false,
                ..
            } => Some(*line),
            _ => None,
        })
        .collect();
    // Titles and headings may have been marked `# …`.
    let marked_lines: Vec<usize> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Title { line, .. } | Block::Heading { line, .. } => Some(*line),
            _ => None,
        })
        .collect();
    let source = source_text.strip_prefix('\u{FEFF}').unwrap_or(source_text);
    let lines: Vec<&str> = source
        .split("\r\n")
        .flat_map(|l| l.split(['\n', '\r']))
        .collect();
    // Each model line with the source lines it holds: its own and those it continues into.
    let mut units: Vec<(usize, Vec<char>, String)> = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let no = i + 1;
        let chars: Vec<char> = raw.chars().filter(|c| !is_space(*c)).collect();
        if chars.is_empty() {
            continue;
        }
        if dropped.contains(&no) {
            assert!(
                !model.contains_key(&no),
                "line {no} is both dropped and in the model"
            );
            continue;
        }
        if model.contains_key(&no) {
            units.push((no, chars, raw.to_string()));
        } else {
            let unit = units
                .last_mut()
                .unwrap_or_else(|| panic!("line {no} is neither in the model nor dropped: {raw}"));
            unit.1.extend(chars);
            unit.2.push_str(&format!("\n         {raw}"));
        }
    }
    for (no, want, raw) in units {
        let got: Vec<char> = model[&no].chars().filter(|c| !is_space(*c)).collect();
        // `got` must be `want` with only structural characters left out.
        let mut g = 0;
        for &c in &want {
            if g < got.len() && got[g] == c {
                g += 1;
            } else {
                let structural = STRUCTURAL.contains(&c)
                    || markup.contains(&c)
                    || (heading_lines.contains(&no) && HEADING_SEPARATORS.contains(&c))
                    || (c == '#' && marked_lines.contains(&no))
                    || (c == '.' && label_lines.contains(&no));
                assert!(
                    structural,
                    "line {no}: {c:?} is missing from the model\n source: {raw}\n model:  {}",
                    got.iter().collect::<String>()
                );
            }
        }
        assert_eq!(
            g,
            got.len(),
            "line {no}: the model has text the source line lacks\n source: {raw}\n model:  {}",
            got.iter().collect::<String>()
        );
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Whether an external tool is installed. Missing locally: a notice and `false` (the test
/// skips). Missing in CI (`CI` set): the test fails, since CI installs it.
pub fn have_tool(name: &str) -> bool {
    let found = std::process::Command::new(name)
        .arg("-v")
        .output()
        .or_else(|_| std::process::Command::new(name).arg("--version").output())
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is required in CI (.ci/run installs it)"
        );
        eprintln!("notice: {name} not installed; skipping the part of this test that needs it");
    }
    found
}

/// Text without any whitespace, for comparing text across line breaks and markup.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Parses XML, allowing the XHTML doctype.
pub fn parse_xml(xml: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(xml, options)
}

/// The XHTML files of an EPUB, in archive order.
pub fn epub_text_files(bytes: &[u8]) -> Vec<String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .filter_map(|i| {
            let mut f = archive.by_index(i).unwrap();
            if !f.name().ends_with(".xhtml") {
                return None;
            }
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            Some(text)
        })
        .collect()
}

/// Runs epubcheck on an EPUB: no error, no warning (skipped with a notice when it is
/// missing locally; required in CI).
pub fn epubcheck(bytes: &[u8], name: &str) {
    let jar = std::path::Path::new("/usr/share/java/epubcheck.jar");
    if !jar.exists() || !have_tool("java") {
        assert!(
            std::env::var_os("CI").is_none(),
            "epubcheck is required in CI (.ci/run installs it)"
        );
        eprintln!("notice: epubcheck not installed; skipping");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(&path)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("No errors or warnings detected"),
        "{report}"
    );
}

/// Every backend's files; the EPUB checked by epubcheck.
pub fn build_all(doc: &Document) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for format in fangtan::render::Format::TEXT {
        let rendered = format
            .backend()
            .unwrap()
            .render(doc, &fangtan::render::RenderOptions::default())
            .unwrap();
        for artifact in rendered.artifacts {
            out.insert(artifact.file_name, artifact.bytes);
        }
    }
    let epub = out.iter().find(|(n, _)| n.ends_with(".epub")).unwrap();
    epubcheck(epub.1, epub.0);
    out
}

/// The image XObjects of a PDF, and on which pages they are shown.
pub fn pdf_images(bytes: &[u8]) -> (usize, usize) {
    let pdf = lopdf::Document::load_mem(bytes).unwrap();
    let images = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image".as_slice())
                && s.dict.get(b"SMask").is_err()
                && s.dict.get(b"Width").is_ok()
        })
        .count();
    let mut shown = 0;
    for (_, page) in pdf.get_pages() {
        let content = pdf.get_page_content(page);
        shown += String::from_utf8_lossy(&content).matches(" Do").count();
    }
    (images, shown)
}

/// The id of the speaker whose label, spellings or display name `label` is (compared as
/// label keys, so `Zoë：` finds `Zoë Kooyman` by an alias).
pub fn speaker_id<'d>(label: &str, doc: &'d Document) -> Option<&'d str> {
    let key = fangtan::parse::label_key(label);
    doc.cast
        .iter()
        .find(|s| {
            std::iter::once(&s.label)
                .chain(&s.aliases)
                .chain(std::iter::once(&s.name))
                .any(|l| fangtan::parse::label_key(l) == key)
        })
        .map(|s| s.id.as_str())
}

/// A committed real text's provenance (`NAME.source.toml`), in the corpus and the format
/// fixtures alike.
#[derive(serde::Deserialize)]
pub struct Provenance {
    pub repository: String,
    pub path: String,
    pub commit: String,
    pub url: String,
    pub licence: String,
    pub kind: String,
    pub language: String,
}

impl Provenance {
    /// Reads `path`, panicking with `name` and what is wrong.
    pub fn read(path: &std::path::Path, name: &str) -> Provenance {
        toml::from_str(
            &std::fs::read_to_string(path).unwrap_or_else(|_| panic!("{name}: no source.toml")),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Whether the licence lets the text be committed.
    pub fn may_be_committed(&self) -> bool {
        self.licence == "public domain"
            || self.licence.starts_with("CC ")
            || self.licence.starts_with("CC0")
            || self.licence.starts_with("OGDL")
    }
}

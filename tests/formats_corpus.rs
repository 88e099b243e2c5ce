//! Real interviews in the formats they arrive in (`tests/fixtures/formats/`): a WeChat article
//! saved from the browser with its pictures, a translator's Word file with footnotes, and a
//! recorded conversation as SRT, WebVTT and speech-to-text JSON. Each `STEM.truth.toml` was
//! written by reading the file as its reader sees it; every input `STEM.*` is read and
//! checked against it (title, language, headings, captions, pictures, notes, turns per
//! speaker, times), `STEM.expected.txt` (what the reader sees, paragraph by paragraph) is
//! found in the model in order, and every backend builds (the EPUB epubcheck-clean, the PDF
//! showing each picture). Provenance: `STEM.source.toml`; how the files were made: `make.py`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fangtan::Input;
use fangtan::model::{Block, Document, Inline};
use fangtan::sidecar::Typography;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Truth {
    title: Option<String>,
    subtitle: Option<String>,
    language: String,
    date: Option<String>,
    /// The credited authors, where the file names them.
    #[serde(default)]
    authors: Vec<String>,
    headings: Vec<String>,
    captions: Vec<String>,
    pictures: usize,
    /// Each editor's note as read, with its number (`[1] …`).
    notes: Vec<String>,
    #[serde(default)]
    times: Vec<String>,
    turns: BTreeMap<String, usize>,
}

const INPUT_EXTENSIONS: &[&str] = &["html", "htm", "docx", "srt", "vtt", "json", "md"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

/// Every `STEM.truth.toml` with the inputs that share its stem.
fn cases() -> Vec<(String, Vec<PathBuf>)> {
    let mut stems: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".truth.toml").map(str::to_string)
        })
        .collect();
    stems.sort();
    stems
        .into_iter()
        .map(|stem| {
            let inputs = INPUT_EXTENSIONS
                .iter()
                .map(|ext| fixtures().join(format!("{stem}.{ext}")))
                .filter(|p| p.exists())
                .collect();
            (stem, inputs)
        })
        .collect()
}

/// Text compared for being there: no whitespace, no label colons, no note marks (`[2]`, `[ii]`
/// and the `[]` of the expected text, where Word shows a superscript) and no list bullets.
fn squeezed(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' {
            let mark = chars[i + 1..]
                .iter()
                .take_while(|&&c| c.is_ascii_digit() || "ivxlcdm".contains(c))
                .count();
            if chars.get(i + 1 + mark) == Some(&']') {
                i += mark + 2;
                continue;
            }
        }
        if !(chars[i].is_whitespace() || matches!(chars[i], ':' | '：' | '-')) {
            out.push(chars[i]);
        }
        i += 1;
    }
    out
}

/// The model's text in reading order, as a reader sees it: the title and subtitle its
/// metadata carries, then every block's (labels, paragraphs, a link's words but not its
/// address, captions, notes, references).
fn model_text(doc: &Document) -> String {
    let mut text = format!(
        "{}{}",
        doc.meta.title,
        doc.meta.subtitle.as_deref().unwrap_or("")
    );
    for block in &doc.blocks {
        match block {
            Block::Title { text: t, .. }
            | Block::Subtitle { text: t, .. }
            | Block::Break { text: t, .. }
            | Block::PullQuote { text: t, .. }
            | Block::Caption { text: t, .. } => text.push_str(t),
            Block::Heading {
                number, text: t, ..
            } => {
                text.push_str(number.as_deref().unwrap_or(""));
                text.push_str(t);
            }
            Block::Turn {
                label, continued, ..
            }
            | Block::Note {
                label, continued, ..
            } if !continued => text.push_str(label),
            Block::Figure { caption, .. } => text.push_str(caption.as_deref().unwrap_or("")),
            Block::References { title, items, .. } => {
                text.push_str(title.as_deref().unwrap_or(""));
                for item in items {
                    text.push_str(item.marker.as_deref().unwrap_or(""));
                    text.push_str(item.text.as_deref().unwrap_or(""));
                    text.push_str(&item.url);
                }
            }
            _ => {}
        }
        for p in block.paragraphs() {
            text.push_str(p.item.as_deref().unwrap_or(""));
            for inline in &p.content {
                match inline {
                    Inline::Text { text: t } | Inline::Link { text: t, .. } => text.push_str(t),
                    Inline::Aside { label, text: t } => {
                        text.push_str(label);
                        text.push_str(t);
                    }
                }
            }
        }
    }
    squeezed(&text)
}

/// The lines of `expected` the model lacks: each must be found after the one before.
fn missing_lines(expected: &str, doc: &Document) -> Vec<String> {
    let model = model_text(doc);
    let mut from = 0;
    let mut missing = Vec::new();
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let want = squeezed(line);
        match model[from..].find(&want) {
            Some(at) => from += at + want.len(),
            None => missing.push(line.chars().take(60).collect()),
        }
    }
    missing
}

fn check(input: &Path, truth: &Truth, expected: &str) -> Vec<String> {
    let mut failed = Vec::new();
    let read = Input::from_file(input, None, None, None).expect("reads");
    let doc = fangtan::prepare(&read, Some(Typography::Keep))
        .expect("parses")
        .document;
    let mut differ = |what: &str, got: String, want: String| {
        if got != want {
            failed.push(format!("{what}: {got}, want {want}"));
        }
    };
    if let Some(title) = &truth.title {
        differ("title", doc.meta.title.clone(), title.clone());
    }
    if let Some(subtitle) = &truth.subtitle {
        differ(
            "subtitle",
            format!("{:?}", doc.meta.subtitle),
            format!("{:?}", Some(subtitle)),
        );
    }
    differ(
        "language",
        doc.meta.language.clone(),
        truth.language.clone(),
    );
    if let Some(date) = &truth.date {
        differ(
            "date",
            format!("{:?}", doc.meta.date),
            format!("{:?}", Some(date)),
        );
    }
    if !truth.authors.is_empty() {
        let authors: Vec<&String> = doc
            .meta
            .credits
            .iter()
            .filter(|c| c.role == fangtan::model::CreditRole::Author)
            .map(|c| &c.name)
            .collect();
        differ(
            "authors",
            format!("{authors:?}"),
            format!("{:?}", truth.authors),
        );
    }
    let headings: Vec<&String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    differ(
        "headings",
        format!("{headings:?}"),
        format!("{:?}", truth.headings),
    );
    let captions: Vec<&String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Caption { text, .. } => Some(text),
            Block::Figure { caption, .. } => caption.as_ref(),
            _ => None,
        })
        .collect();
    differ(
        "captions",
        format!("{captions:?}"),
        format!("{:?}", truth.captions),
    );
    let figures: Vec<Option<usize>> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure { picture, .. } => Some(*picture),
            _ => None,
        })
        .collect();
    differ(
        "pictures",
        format!("{} figures, {} read", figures.len(), doc.pictures.len()),
        format!("{0} figures, {0} read", truth.pictures),
    );
    if figures.iter().any(Option::is_none) {
        differ(
            "figures",
            format!("{figures:?}"),
            "every figure with its picture".into(),
        );
    }
    let notes: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Note {
                continued: false,
                paragraphs,
                ..
            } => Some(
                paragraphs
                    .iter()
                    .map(|p| p.plain_text())
                    .collect::<String>(),
            ),
            _ => None,
        })
        .map(|n| n.split_whitespace().collect())
        .collect();
    let want_notes: Vec<String> = truth
        .notes
        .iter()
        .map(|n| n.split_whitespace().collect())
        .collect();
    differ("notes", format!("{notes:?}"), format!("{want_notes:?}"));

    let mut turns: BTreeMap<String, usize> = BTreeMap::new();
    let mut times = Vec::new();
    for block in &doc.blocks {
        if let Block::Turn {
            speaker,
            continued: false,
            time,
            ..
        } = block
        {
            *turns.entry(speaker.clone()).or_default() += 1;
            times.extend(time.clone());
        }
    }
    let want_turns: BTreeMap<String, usize> = truth
        .turns
        .iter()
        .map(|(label, n)| {
            let id = common::speaker_id(label, &doc)
                .map_or_else(|| format!("{label} (not a speaker)"), str::to_string);
            (id, *n)
        })
        .collect();
    differ("turns", format!("{turns:?}"), format!("{want_turns:?}"));
    if !truth.times.is_empty() {
        differ("times", format!("{times:?}"), format!("{:?}", truth.times));
    }
    let missing = missing_lines(expected, &doc);
    if !missing.is_empty() {
        failed.push(format!(
            "{} expected lines not in the model (in order), first: {:?}",
            missing.len(),
            missing.first()
        ));
    }

    // Every backend builds from it; the PDF shows each picture once.
    let built = common::build_all(&doc);
    let pdf = built
        .iter()
        .find(|(n, _)| n.ends_with(".pdf") && !n.ends_with(".script.pdf"))
        .unwrap();
    let (images, shown) = common::pdf_images(pdf.1);
    if (images, shown) != (truth.pictures, truth.pictures) {
        failed.push(format!(
            "PDF: {images} images, shown {shown} times; want {}",
            truth.pictures
        ));
    }
    failed
}

#[test]
fn real_interviews_in_each_format_read_as_a_person_reads_them() {
    let cases = cases();
    assert!(cases.len() >= 3, "fixtures missing: {cases:?}");
    let mut report = String::new();
    let mut read = 0;
    for (stem, inputs) in &cases {
        assert!(!inputs.is_empty(), "{stem}: a truth without an input");
        let truth: Truth = toml::from_str(
            &std::fs::read_to_string(fixtures().join(format!("{stem}.truth.toml"))).unwrap(),
        )
        .unwrap_or_else(|e| panic!("{stem}.truth.toml: {e}"));
        let provenance =
            common::Provenance::read(&fixtures().join(format!("{stem}.source.toml")), stem);
        assert!(
            provenance.may_be_committed(),
            "{stem}: licence {:?} is not one we may commit",
            provenance.licence
        );
        let expected =
            std::fs::read_to_string(fixtures().join(format!("{stem}.expected.txt"))).unwrap();
        for input in inputs {
            read += 1;
            let failed = check(input, &truth, &expected);
            let name = input.file_name().unwrap().to_string_lossy();
            if !failed.is_empty() {
                report.push_str(&format!("  {name}\n    {}\n", failed.join("\n    ")));
            }
        }
    }
    println!("format fixtures: {read} files read");
    assert!(
        report.is_empty(),
        "format fixtures that do not hold:\n{report}"
    );
}

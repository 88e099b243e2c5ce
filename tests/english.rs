//! English books: every English case of the corpus set as an English book in each output:
//! the Latin face, ASCII label colons, one-em indents (none after a heading), interface words
//! in English, the text unaltered and in order, and an English voice for the script.

mod common;

use std::io::{Cursor, Read};
use std::path::PathBuf;

use fangtan::Input;
use fangtan::locale::Strings;
use fangtan::model::{Block, Document};
use fangtan::render::RenderOptions;
use fangtan::render::fonts::{BookFaces, FontSet};
use fangtan::render::script::cues;
use fangtan::typeset::Face;
use fangtan::typeset::book::{Item, Paper, set_book};

fn english_cases() -> Vec<(String, Document)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("en-") && name.ends_with(".txt")
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "English corpus cases: {}", cases.len());
    cases
        .iter()
        .map(|path| {
            let input = Input::from_file(path, None, None, None).expect("reads");
            let doc = fangtan::prepare(&input, None).expect("parses").document;
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            (name, doc)
        })
        .collect()
}

fn has_han(s: &str) -> bool {
    s.chars().any(fangtan::zh::is_han)
}

fn source_has_han(doc: &Document) -> bool {
    common::model_text_by_line(doc).values().any(|t| has_han(t))
}

#[test]
fn english_cases_are_english_books_in_the_pdf() {
    let fonts = FontSet::new(BookFaces::Latin, Vec::new());
    let em = 10.5;
    for (name, doc) in english_cases() {
        assert!(
            doc.meta.language.starts_with("en"),
            "{name}: {}",
            doc.meta.language
        );
        let book = set_book(&doc, &fonts, Paper::A5);
        let lines: Vec<_> = book.lines().map(|(_, l)| l).collect();
        let drawn: String = lines.iter().map(|l| l.text()).collect();
        // Nothing fangtan adds is Chinese, and no full-width colon follows a label.
        if !source_has_han(&doc) {
            assert!(
                !has_han(&drawn),
                "{name}: Han characters in an English book"
            );
            assert!(!drawn.contains('：'), "{name}: a full-width colon");
        }
        // Latin letters come from the Latin faces, never a Chinese fallback.
        for line in &lines {
            for g in line.glyphs.iter().filter(|g| g.ch.is_ascii_alphanumeric()) {
                assert!(
                    matches!(g.face, Face::Serif | Face::Sans | Face::Kai),
                    "{name}: {:?} drawn in {:?}",
                    g.ch,
                    g.face
                );
            }
        }
        // Labels run in with an ASCII colon; the text starts a word space after the label.
        let mut labelled = 0;
        for page in &book.pages {
            let texts: Vec<_> = page
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Text { x, y, line, .. } => Some((*x, *y, line)),
                    _ => None,
                })
                .collect();
            for (x, y, label) in texts.iter().filter(|(_, _, l)| {
                l.glyphs.first().is_some_and(|g| g.face == Face::Sans) && l.text().ends_with(':')
            }) {
                if let Some((bx, _, body)) = texts.iter().find(|(bx, by, b)| {
                    by == y
                        && bx == x
                        && b.left > 0.0
                        && b.glyphs.first().is_some_and(|g| g.face == Face::Serif)
                }) {
                    let gap = body.left - label.right;
                    assert!(
                        (1.0..=6.0).contains(&gap),
                        "{name}: {:?} then {:?}: gap {gap} pt",
                        label.text(),
                        body.text()
                    );
                    assert_eq!(*bx, *x);
                    labelled += 1;
                }
            }
        }
        assert!(labelled > 0, "{name}: no run-in label found");
        // A turn's second paragraph indents one em; a paragraph right after a heading none.
        let continued = lines
            .iter()
            .filter(|l| l.left > 0.0 && (l.left - em).abs() < 0.01)
            .count();
        let turns_with_more_paragraphs = doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Turn { paragraphs, .. } if paragraphs.len() > 1))
            .count();
        if turns_with_more_paragraphs > 0 {
            assert!(continued > 0, "{name}: no one-em indent");
        }
        // Every paragraph of the model is drawn, in order (spaces aside: they are gaps, and
        // hyphens the layout adds aside).
        let mut text = String::new();
        // Labels and headings (the semibold face) aside: a label is painted after its line;
        // running heads (8 pt) and folios (8.5 pt) too.
        let text_lines = book
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { size, line, .. } if *size > 8.5 => Some(line),
                _ => None,
            });
        for line in text_lines.filter(|l| l.glyphs.first().is_some_and(|g| g.face != Face::Sans)) {
            let mut t: Vec<char> = line.glyphs.iter().map(|g| g.ch).collect();
            if line.hyphenated {
                t.pop();
            }
            text.extend(t);
        }
        let mut from = 0;
        for block in &doc.blocks {
            for p in block.paragraphs() {
                let want: String = p
                    .plain_text()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                // A note is kept together and may float below the text after it.
                if matches!(block, Block::Note { .. }) {
                    assert!(
                        text.contains(&want),
                        "{name}: line {}: note not drawn",
                        p.line
                    );
                    continue;
                }
                let at = text[from..].find(&want).unwrap_or_else(|| {
                    let rest = &text[from..];
                    let end = from + rest.char_indices().nth(300).map_or(rest.len(), |(i, _)| i);
                    panic!(
                        "{name}: line {}: not drawn in order: {want}\nat: {}",
                        p.line,
                        &text[from..end]
                    )
                });
                from += at + want.len();
            }
        }
    }
}

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .filter_map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).ok()?;
            Some((f.name().to_string(), text))
        })
        .collect()
}

#[test]
fn english_cases_have_english_epubs_and_scripts() {
    let options = RenderOptions::default();
    for (name, doc) in english_cases() {
        let files = unzip(&fangtan::render::epub::render_epub(&doc, &options).unwrap());
        let file = |n: &str| {
            files
                .iter()
                .find(|(f, _)| f.ends_with(n))
                .map(|(_, t)| t.as_str())
                .unwrap_or_else(|| panic!("{name}: no {n}"))
        };
        assert!(
            file("nav.xhtml").contains("<title>Contents</title>"),
            "{name}"
        );
        assert!(
            file("stylesheet.css").contains("text-indent: 1em"),
            "{name}"
        );
        assert!(
            !file("stylesheet.css").contains("text-indent: 2em"),
            "{name}"
        );
        let opf = file("content.opf");
        for s in doc.cast.iter().filter(|s| s.is_generic()) {
            assert!(
                !opf.contains(&format!(">{}</dc:creator>", s.name)),
                "{name}: {} credited",
                s.name
            );
        }
        if !source_has_han(&doc) {
            for (f, text) in &files {
                assert!(!has_han(text), "{name}: {f} has Chinese words");
                assert!(!text.contains('：'), "{name}: {f} has a full-width colon");
            }
        }
        let strings = Strings::built_in(&doc.meta.language);
        let script = cues::build(&doc, &options.script, &strings);
        assert!(
            script.voices.iter().all(|v| v.tts().starts_with("en-US-")),
            "{name}: {:?}",
            script.voices.iter().map(|v| v.tts()).collect::<Vec<_>>()
        );
        assert!(
            script.terms.is_empty(),
            "{name}: English text listed as terms"
        );
    }
}

#[test]
fn sidecar_strings_reach_the_book() {
    let (name, doc) = english_cases().remove(0);
    let mut strings = Strings::built_in("en");
    strings.label_colon = " says: ".into();
    let book = fangtan::typeset::book::set_book_with(
        &doc,
        &FontSet::new(BookFaces::Latin, Vec::new()),
        Paper::A5,
        &strings,
    );
    let drawn: String = book.lines().map(|(_, l)| l.text()).collect();
    assert!(
        drawn.contains("says:"),
        "{name}: the label separator is not the sidecar's"
    );
    let mut options = RenderOptions::default();
    options.strings.insert("contents".into(), "Inhalt".into());
    let files = unzip(&fangtan::render::epub::render_epub(&doc, &options).unwrap());
    let nav = &files
        .iter()
        .find(|(f, _)| f.ends_with("nav.xhtml"))
        .unwrap()
        .1;
    assert!(nav.contains("<title>Inhalt</title>"), "{name}: {nav}");
}

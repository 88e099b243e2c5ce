//! How loose the PDF's justified lines are, over the bundled article and every reader and
//! format fixture, measured on the typesetter's own lines (no PDF written): the spacing between
//! Han characters, the Han–Latin gap and the word space, each beyond its natural width, in em.
//! The bounds come from typst's and XeLaTeX's settings of the same texts
//! (`tests/line-quality/`, figures in BENCHMARKS.md).

use std::path::Path;

use fangtan::Input;
use fangtan::render::fonts::{BookFaces, FontSet};
use fangtan::typeset::Metrics;
use fangtan::typeset::book::{Item, Paper, set_book};
use fangtan::zh::{is_han, is_latin_or_digit};

/// Extra space between two Han characters of a justified line: typst's loosest line of the
/// same texts has 0.185 em, XeLaTeX's 0.118.
const HAN_SPACING: f32 = 0.15;
/// A Han–Latin gap: ⅓ em at most (clreq), typst's widest is 0.435 em, XeLaTeX's 0.375.
const HAN_LATIN: f32 = 1.0 / 3.0 + 0.005;
/// Stretch of a word space: typst's loosest English line has 0.571 em (XeLaTeX lets 17 of
/// the blog's lines run past the measure instead).
const WORD_SPACE: f32 = 0.575;
/// Stretch of a word space in a line that also holds Han: no more than the Han around it may
/// take (`linebreak::TOO_LOOSE`); typst's widest in the same Chinese texts is 0.169 em, XeLaTeX's 0.119.
const WORD_SPACE_IN_HAN: f32 = fangtan::typeset::linebreak::TOO_LOOSE;

#[derive(Default, Debug)]
struct Worst {
    han: (f32, String),
    han_latin: (f32, String),
    word: (f32, String),
    word_in_han: (f32, String),
    lines: usize,
}

fn note(worst: &mut (f32, String), value: f32, text: impl Fn() -> String) {
    if value > worst.0 {
        *worst = (value, text());
    }
}

fn measure(input: &Input) -> Worst {
    let doc = fangtan::prepare(input, None).unwrap().document;
    let fonts = FontSet::new(BookFaces::for_language(&doc.meta.language), Vec::new());
    let book = set_book(&doc, &fonts, Paper::A5);
    let mut worst = Worst::default();
    for page in &book.pages {
        for item in &page.items {
            let Item::Text { line, size, .. } = item else {
                continue;
            };
            if line.last {
                continue;
            }
            worst.lines += 1;
            let has_han = line.glyphs.iter().any(|g| is_han(g.ch));
            for pair in line.glyphs.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let Some(advance) = fonts.advance(a.face, a.ch) else {
                    continue;
                };
                let space = (b.x - a.x - advance * a.scale * size) / size;
                let text = || line.glyphs.iter().map(|g| g.ch).collect::<String>();
                if is_han(a.ch) && is_han(b.ch) {
                    note(&mut worst.han, space, text);
                } else if (is_han(a.ch) && is_latin_or_digit(b.ch))
                    || (is_latin_or_digit(a.ch) && is_han(b.ch))
                {
                    note(&mut worst.han_latin, space, text);
                } else if is_latin_or_digit(a.ch) && is_latin_or_digit(b.ch) && space > 0.01 {
                    let natural = fonts.advance(a.face, ' ').unwrap_or(0.25);
                    let word = if has_han {
                        &mut worst.word_in_han
                    } else {
                        &mut worst.word
                    };
                    note(word, space - natural, text);
                }
            }
        }
    }
    worst
}

fn inputs() -> Vec<(String, Input)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut inputs = vec![("bundled".to_string(), Input::bundled())];
    for dir in ["readers", "formats"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                let ext = p.extension().map(|e| e.to_string_lossy().to_string());
                !name.contains(".expected.")
                    && matches!(ext.as_deref(), Some("txt" | "md" | "html" | "docx" | "srt"))
            })
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(input) = Input::from_file(&path, None, None, None) {
                inputs.push((
                    format!("{dir}/{}", path.file_name().unwrap().to_string_lossy()),
                    input,
                ));
            }
        }
    }
    inputs
}

#[test]
fn no_justified_line_is_looser_than_typst_and_xelatex_set_the_same_texts() {
    let mut failures = Vec::new();
    eprintln!(
        "line quality (em beyond natural): file | lines | Han spacing | Han–Latin | word space | in a line with Han"
    );
    let inputs = inputs();
    assert!(inputs.len() > 20, "{} inputs", inputs.len());
    for (name, input) in &inputs {
        let w = measure(input);
        eprintln!(
            "{name} | {} | {:.3} | {:.3} | {:.3} | {:.3}",
            w.lines, w.han.0, w.han_latin.0, w.word.0, w.word_in_han.0
        );
        for (value, bound, what, text) in [
            (w.han.0, HAN_SPACING, "Han spacing", &w.han.1),
            (w.han_latin.0, HAN_LATIN, "Han–Latin gap", &w.han_latin.1),
            (w.word.0, WORD_SPACE, "word space", &w.word.1),
            (
                w.word_in_han.0,
                WORD_SPACE_IN_HAN,
                "word space in a line with Han",
                &w.word_in_han.1,
            ),
        ] {
            if value > bound + 0.001 {
                failures.push(format!("{name}: {what} {value:.3} em > {bound:.3}: {text}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! The Markdown reader and the hard-wrap joining, on small texts written for them: what the
//! markup says reaches the model, the markup itself does not, and nothing else is lost.

mod common;

use fangtan::model::{Block, Inline};
use fangtan::sidecar::Sidecar;

const INTERVIEW: &str = "\
---
title: \"A Conversation About Bridges\"
author: Jane Roe
---

# A Conversation About Bridges

*An interview with an engineer who has spent thirty years on steel.*

## The early years

**Interviewer:** When did you first notice bridges? This question
is wrapped in the source, as Markdown files often are.
**Ana Silva:** As a child, in Lisbon. The 25 de Abril bridge was
being painted the whole time I grew up.

![The bridge at dusk](bridge.jpg)

*The 25 de Abril bridge at dusk. Photo: the author.*

**Interviewer:** What did you study?

**Ana Silva:** Civil engineering, then:

- steel design,
- fatigue of welds, and
- the history of suspension bridges.

| Year | Bridge |
|------|--------|
| 1998 | Vasco da Gama |

## Later

**Interviewer:** And now?

**Ana Silva:** Now I teach.
";

fn text_of(block: &Block) -> Vec<String> {
    block
        .paragraphs()
        .iter()
        .map(|p| {
            let text: String = p
                .content
                .iter()
                .map(|i| match i {
                    Inline::Text { text } => text.clone(),
                    Inline::Aside { label, text } => format!("{label}{text}"),
                    Inline::Link { text, .. } => text.clone(),
                })
                .collect();
            match &p.item {
                Some(marker) => format!("{marker} {text}"),
                None => text,
            }
        })
        .collect()
}

#[test]
fn a_markdown_interview_reads_by_its_markup() {
    let parsed = common::parse_text("bridges.md", INTERVIEW, &Sidecar::default());
    let doc = &parsed.document;
    assert_eq!(doc.meta.title, "A Conversation About Bridges");
    let turns: Vec<(&str, Vec<String>)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Turn { label, .. } => Some((label.as_str(), text_of(b))),
            _ => None,
        })
        .collect();
    let labels: Vec<&str> = turns.iter().map(|t| t.0).collect();
    assert_eq!(
        labels,
        [
            "Interviewer",
            "Ana Silva",
            "Interviewer",
            "Ana Silva",
            "Interviewer",
            "Ana Silva"
        ]
    );
    // A soft break joins words with a space; a bold label on the next line starts a turn.
    assert_eq!(
        turns[0].1,
        [
            "When did you first notice bridges? This question is wrapped in the source, as Markdown files often are."
        ]
    );
    assert_eq!(
        turns[1].1,
        [
            "As a child, in Lisbon. The 25 de Abril bridge was being painted the whole time I grew up."
        ]
    );
    // List items keep their markers (apart from their text), table rows their cells, and
    // both stay in the answer.
    assert_eq!(
        turns[3].1,
        [
            "Civil engineering, then:",
            "- steel design,",
            "- fatigue of welds, and",
            "- the history of suspension bridges.",
            "Year | Bridge",
            "1998 | Vasco da Gama"
        ]
    );
    let headings: Vec<(u8, &str)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, text, .. } => Some((*level, text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(headings, [(1, "The early years"), (1, "Later")]);
    let figure = doc.blocks.iter().find_map(|b| match b {
        Block::Figure {
            src, alt, caption, ..
        } => Some((src.as_str(), alt.as_str(), caption.as_deref())),
        _ => None,
    });
    assert_eq!(
        figure,
        Some((
            "bridge.jpg",
            "The bridge at dusk",
            Some("The 25 de Abril bridge at dusk. Photo: the author.")
        ))
    );
    let dropped: Vec<(usize, &str)> = doc
        .dropped
        .iter()
        .map(|d| (d.line, d.reason.as_str()))
        .collect();
    assert!(dropped.contains(&(2, "front matter")), "{dropped:?}");
    common::assert_nothing_lost_but(INTERVIEW, doc, common::MARKDOWN_MARKS);

    // The EPUB sets a list item with its mark hanging, the PDF with a bullet.
    let item = doc
        .blocks
        .iter()
        .flat_map(|b| b.paragraphs())
        .find(|p| p.item.is_some())
        .unwrap();
    assert_eq!(item.item_mark(), Some("•"));
    assert_eq!(item.plain_text(), "steel design,");
    let epub = fangtan::render::Format::Epub
        .backend()
        .unwrap()
        .render(doc, &fangtan::render::RenderOptions::default())
        .unwrap();
    let pages = common::epub_text_files(&epub.artifacts[0].bytes).concat();
    assert!(
        pages.contains(
            " class=\"item\"><span class=\"item-marker\">•&#160;</span>steel design,</p>"
        ),
        "{pages}"
    );
}

#[test]
fn markdown_is_read_by_name_by_shape_or_by_the_sidecar() {
    let text = "**Q:** One?\n\n**A:** Two.\n\n**Q:** Three?\n\n**A:** Four.\n\n## Part two\n\n**Q:** Five?\n\n**A:** Six.\n";
    let as_text = Sidecar::parse("t.toml", "[reader]\nformat = \"text\"\n")
        .unwrap()
        .0;
    for (name, sidecar, markdown) in [
        ("t.md", Sidecar::default(), true),
        ("t.txt", Sidecar::default(), true),
        ("t.txt", as_text, false),
    ] {
        let parsed = common::parse_text(name, text, &sidecar);
        let first_turn = parsed.document.blocks.iter().find_map(|b| match b {
            Block::Turn { label, .. } => Some(label.clone()),
            _ => None,
        });
        if markdown {
            assert_eq!(first_turn.as_deref(), Some("Q"), "{name}");
        } else {
            // Read line by line, the marks stay: `**Q:**` is no label the reader knows.
            assert_ne!(first_turn.as_deref(), Some("Q"), "{name}");
        }
    }
}

#[test]
fn links_keep_their_words_and_their_address() {
    let text = "**Q:** Where?\n\n**A:** See [our notes](https://example.org/n) and [the docs](/docs/x) for it.\n\n**Q:** More?\n\n**A:** [The archive](https://example.org/a)\n\n**Q:** <https://example.org/plain>?\n";
    let parsed = common::parse_text("t.md", text, &Sidecar::default());
    let doc = &parsed.document;
    let answers: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Turn { label, .. } if label == "A"))
        .collect();
    assert_eq!(text_of(answers[0]), ["See our notes and the docs for it."]);
    let links: Vec<(&str, &str)> = answers[0].paragraphs()[0]
        .content
        .iter()
        .filter_map(|i| match i {
            Inline::Link { text, url } => Some((text.as_str(), url.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        links,
        [
            ("our notes", "https://example.org/n"),
            ("the docs", "/docs/x")
        ]
    );
    // A link that is its paragraph's whole text reads as a reference would: words, address.
    assert_eq!(text_of(answers[1]), ["The archive https://example.org/a"]);
    common::assert_nothing_lost_but(text, doc, common::MARKDOWN_MARKS);
    // In the EPUB a web address is a link; a site's own path is its words only.
    let epub = fangtan::render::epub::render_epub(doc, &fangtan::render::RenderOptions::default())
        .unwrap();
    let xhtml = common::epub_text_files(&epub).concat();
    assert!(
        xhtml.contains(r#"<a href="https://example.org/n">our notes</a>"#),
        "{xhtml}"
    );
    assert!(!xhtml.contains("/docs/x"));
}

#[test]
fn a_wrapped_text_can_be_kept_line_by_line() {
    let text = "\
SMITH: This is the first paragraph of a long answer, wrapped at a fixed
width by the program that exported it, as email and PDF copies are, so
that no line is longer than the others, and so on for a while longer.

JONES: And a second one, also wrapped at the same width as the first one
was, so that the reader has to join its lines again when it reads them.

SMITH: Quite.
";
    let joined = common::parse_text("t.txt", text, &Sidecar::default());
    let keep = Sidecar::parse("t.toml", "[reader]\nunwrap = false\n")
        .unwrap()
        .0;
    let kept = common::parse_text("t.txt", text, &keep);
    let paragraphs = |doc: &fangtan::model::Document| {
        doc.blocks
            .iter()
            .map(|b| b.paragraphs().len())
            .sum::<usize>()
    };
    assert_eq!(paragraphs(&joined.document), 3);
    assert_eq!(paragraphs(&kept.document), 6);
    common::assert_nothing_lost(text, &joined.document);
    common::assert_nothing_lost(text, &kept.document);
}

/// `text` as a PDF or mail export would have it: every line longer than `columns` broken
/// into lines of at most that width (Chinese anywhere, Latin at spaces).
fn hard_wrap(text: &str, columns: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    for line in text.lines() {
        let mut current = String::new();
        for word in line.split_inclusive(' ') {
            for piece in split_wide(word) {
                if current.trim_end().width() + piece.trim_end().width() > columns
                    && !current.trim().is_empty()
                {
                    out.push_str(current.trim_end());
                    out.push('\n');
                    current.clear();
                }
                current.push_str(piece);
            }
        }
        out.push_str(current.trim_end());
        out.push('\n');
    }
    out
}

/// A Latin word stays whole; Chinese may break after any character.
fn split_wide(word: &str) -> Vec<&str> {
    use unicode_width::UnicodeWidthChar;
    if word.chars().any(|c| c.width() == Some(2)) {
        word.char_indices()
            .map(|(i, c)| &word[i..i + c.len_utf8()])
            .collect()
    } else {
        vec![word]
    }
}

/// Every block's kind and text, spaces squeezed: what the reader found, whatever its lines.
fn reading(doc: &fangtan::model::Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(|b| {
            let kind = serde_json::to_value(b).unwrap()["kind"].to_string();
            let texts: String = text_of(b).concat();
            let own = match b {
                Block::Heading { text, .. }
                | Block::Caption { text, .. }
                | Block::PullQuote { text, .. }
                | Block::Title { text, .. } => text.clone(),
                _ => String::new(),
            };
            format!("{kind} {}", common::squeeze(&(own + &texts)))
        })
        .collect()
}

#[test]
fn a_real_interview_wrapped_at_a_fixed_width_reads_as_before() {
    for (case, columns) in [
        ("zh-lctt-larry-wall.txt", 72),
        ("en-pd-fed-powell-press-conference.txt", 72),
        ("en-cc-fsm-stallman.txt", 66),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(case);
        let text = std::fs::read_to_string(&path).unwrap();
        let wrapped = hard_wrap(&text, columns);
        assert!(
            wrapped.lines().count() > text.lines().count() * 5 / 4,
            "{case}"
        );
        let original = common::parse_text(case, &text, &Sidecar::default());
        let rewrapped = common::parse_text(case, &wrapped, &Sidecar::default());
        assert!(
            rewrapped
                .warnings
                .iter()
                .any(|w| w.message.contains("wrapped at about")),
            "{case}: not seen as wrapped"
        );
        assert_eq!(
            original.document.stats(),
            rewrapped.document.stats(),
            "{case}"
        );
        assert_eq!(
            reading(&original.document),
            reading(&rewrapped.document),
            "{case}"
        );
        // Latin words are joined with one space, as they stood.
        if case.starts_with("en") {
            let words = |doc: &fangtan::model::Document| {
                doc.blocks
                    .iter()
                    .flat_map(text_of)
                    .collect::<Vec<String>>()
                    .join(" ")
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                words(&original.document),
                words(&rewrapped.document),
                "{case}"
            );
        }
        common::assert_nothing_lost(&wrapped, &rewrapped.document);
    }
}

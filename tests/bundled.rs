//! The bundled article: the truth numbers of issue #2, nothing lost, stable output.

mod common;

use fangtan::Input;
use fangtan::model::{Block, Inline, Role};
use fangtan::sidecar::Typography;

fn bundled_as_written() -> fangtan::Prepared {
    fangtan::prepare(&Input::bundled(), Some(Typography::Keep)).unwrap()
}

#[test]
fn truth_numbers() {
    let prepared = bundled_as_written();
    let stats = prepared.document.stats();
    assert_eq!(stats.turns_of("Steven Levy"), 31);
    assert_eq!(stats.turns_of("Yann LeCun"), 31);
    assert_eq!(
        stats.turns.len(),
        2,
        "exactly two speakers: {:?}",
        stats.turns
    );
    assert_eq!(stats.notes, 3);
    assert_eq!(stats.inline_notes, 1);
    assert_eq!(stats.pull_quotes, 3);
    assert_eq!(stats.captions, 2);
    assert_eq!(stats.headings, 6);
    assert_eq!(stats.lead_paragraphs, 4);
    assert_eq!(stats.references, 1);
    assert_eq!(stats.dropped_lines, 5);
    assert!(prepared.warnings.is_empty(), "{:?}", prepared.warnings);
}

#[test]
fn structure_details() {
    let doc = bundled_as_written().document;
    let note_paragraphs: usize = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Note { .. }))
        .map(|b| b.paragraphs().len())
        .sum();
    assert_eq!(note_paragraphs, 4);

    let headings: Vec<(u8, Option<&str>, &str)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                level,
                number,
                text,
                ..
            } => Some((*level, number.as_deref(), text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(headings[0], (1, Some("01"), "前言"));
    assert_eq!(headings[1], (1, Some("02"), "访谈全文"));
    assert!(
        headings[2..]
            .iter()
            .all(|(level, n, _)| *level == 2 && n.is_none())
    );

    // The "参考材料" line titles the references and is not a heading.
    let refs = doc.blocks.iter().find_map(|b| match b {
        Block::References { title, items, .. } => Some((title.clone(), items.clone())),
        _ => None,
    });
    let (title, items) = refs.expect("a references block");
    assert_eq!(title.as_deref(), Some("参考材料"));
    assert_eq!(
        items[0].url,
        "https://www.wired.com/story/artificial-intelligence-meta-yann-lecun-interview/"
    );

    // Unlabelled paragraphs continue the turn before them.
    let multi_paragraph_turns = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Turn { .. }) && b.paragraphs().len() > 1)
        .count();
    assert_eq!(multi_paragraph_turns, 2);

    // The inline aside keeps its label as written.
    let aside = doc
        .blocks
        .iter()
        .flat_map(|b| b.paragraphs())
        .flat_map(|p| &p.content)
        .find_map(|i| match i {
            Inline::Aside { label, text } => Some((label.clone(), text.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(aside.0, "Sense 说");
    assert!(aside.1.ends_with("爵士俱乐部。"));

    let roles: Vec<Role> = doc.cast.iter().map(|s| s.role).collect();
    assert_eq!(roles, [Role::Interviewer, Role::Interviewee]);
    // Every pull quote was matched to the dialogue it repeats.
    assert!(
        doc.blocks
            .iter()
            .all(|b| !matches!(b, Block::PullQuote { echoes: None, .. }))
    );
}

#[test]
fn nothing_lost() {
    let doc = bundled_as_written().document;
    common::assert_nothing_lost(fangtan::bundled::TEXT, &doc);
}

#[test]
fn metadata_from_sidecar() {
    let meta = bundled_as_written().document.meta;
    assert_eq!(meta.slug, "levy-lecun");
    assert_eq!(meta.language, "zh-CN");
    assert!(meta.title.contains("Steven Levy") && meta.title.contains("Yann LeCun"));
    assert!(
        meta.source_url
            .unwrap()
            .starts_with("https://www.wired.com/")
    );
    assert!(meta.date.is_some());
    assert!(meta.credits.len() >= 4);
}

#[test]
fn normalised_text_keeps_structure_and_fixes_punctuation() {
    let as_written = bundled_as_written();
    let normalized = fangtan::prepare(&Input::bundled(), None).unwrap();
    assert_eq!(normalized.typography, Typography::Normalize);
    assert_eq!(as_written.document.stats(), normalized.document.stats());
    assert!(!normalized.changes.is_empty());
    // No half-width comma or question mark is left next to a Han character.
    for block in &normalized.document.blocks {
        for p in block.paragraphs() {
            let text = p.plain_text();
            let chars: Vec<char> = text.chars().collect();
            for w in chars.windows(2) {
                let han = |c: char| fangtan::zh::is_han(c);
                assert!(
                    !((han(w[0]) && matches!(w[1], ',' | '?'))
                        || (matches!(w[0], ',') && han(w[1]))),
                    "line {}: {:?} left in {text}",
                    p.line,
                    w
                );
            }
        }
    }
}

#[test]
fn outline_snapshot() {
    let input = Input::bundled();
    let prepared = fangtan::prepare(&input, None).unwrap();
    let outline = fangtan::cli::outline_text(&input.source.name, &prepared);
    insta::assert_snapshot!(outline);
}

#[test]
fn model_snapshot() {
    insta::assert_json_snapshot!(bundled_as_written().document);
}

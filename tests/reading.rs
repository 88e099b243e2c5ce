//! The annotated reading (`fangtan inspect --html`, the first view of `fangtan serve`): every
//! line with its kind, the speakers' turns, the warnings beside their lines, and sidecar
//! entries that really change a line's kind when pasted into the sidecar.

use std::process::Command;

use fangtan::preview::reading::{LineRole, reading};
use fangtan::{Input, prepare};

fn fangtan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fangtan"))
}

#[test]
fn bundled_article_reading_names_every_line() {
    let input = Input::bundled();
    let prepared = prepare(&input, None).unwrap();
    let r = reading(&input, &prepared);
    let turns = r.lines.iter().filter(|l| l.role == LineRole::Turn).count();
    assert_eq!(turns, 62);
    assert_eq!(r.cast.iter().map(|c| c.turns).sum::<usize>(), 62);
    // Every turn is coloured by its speaker, and both speakers speak.
    let speakers: std::collections::BTreeSet<_> = r
        .lines
        .iter()
        .filter(|l| l.role == LineRole::Turn)
        .map(|l| l.speaker.expect("a turn has its speaker"))
        .collect();
    assert_eq!(speakers.len(), 2);
    // Every non-blank line of the text is there, in order, with its number.
    let source_lines: Vec<usize> = input
        .source
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| !fangtan::zh::trim_edges(l).is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    let shown: Vec<usize> = r
        .lines
        .iter()
        .filter(|l| l.role != LineRole::Blank)
        .map(|l| l.no)
        .collect();
    assert_eq!(shown, source_lines);
    assert!(r.lines.iter().any(|l| l.role == LineRole::Dropped));
    assert!(r.lines.iter().any(|l| l.role == LineRole::Heading));
    // The page itself: one list item per line, the cast table, the warnings.
    let run = fangtan().args(["inspect", "--html"]).output().unwrap();
    assert!(run.status.success());
    let html = String::from_utf8(run.stdout).unwrap();
    assert_eq!(html.matches("class=\"line role-turn sp").count(), 62);
    assert!(html.contains("<table class=\"cast\">"));
    assert!(
        !html.contains("<script"),
        "the standalone page needs no script"
    );
    let warned = prepared
        .warnings
        .iter()
        .filter(|w| w.line.is_some())
        .count();
    assert_eq!(
        html.matches("<p class=\"warning\">").count(),
        warned,
        "each warning beside its line"
    );
}

#[test]
fn a_suggested_sidecar_entry_changes_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Q: Where did you grow up?\nA: In a small town by the sea.\nPhoto by the author\nQ: And then?\nA: Then the city.\n";
    let path = dir.path().join("talk.txt");
    std::fs::write(&path, text).unwrap();
    let read = |path: &std::path::Path| {
        let input = Input::from_file(path, None, None, None).unwrap();
        let prepared = prepare(&input, None).unwrap();
        reading(&input, &prepared)
    };
    let before = read(&path);
    let line3 = before.lines.iter().find(|l| l.no == 3).unwrap();
    assert_ne!(line3.role, LineRole::Dropped);
    let fix = line3
        .fixes
        .iter()
        .find(|f| f.contains("\"dropped\""))
        .expect("an entry to drop it");
    std::fs::write(dir.path().join("talk.toml"), fix).unwrap();
    let after = read(&path);
    let line3 = after.lines.iter().find(|l| l.no == 3).unwrap();
    assert_eq!(line3.role, LineRole::Dropped, "{fix}");
    // A warning about a line stands beside it.
    let warned = after
        .lines
        .iter()
        .filter(|l| !l.warnings.is_empty())
        .count()
        + after.general_warnings.len();
    assert_eq!(
        warned > 0,
        !prepare(&Input::from_file(&path, None, None, None).unwrap(), None)
            .unwrap()
            .warnings
            .is_empty()
    );
}

//! Interviews in other shapes than the bundled one: each `tests/fixtures/readers/NAME.txt`
//! (any encoding, with an optional `NAME.txt.toml` sidecar) has `NAME.expected.json`, the
//! counts a careful human reader gives it. The reader must agree, lose nothing, and its
//! outline is snapshotted.

mod common;

use std::path::Path;

use fangtan::Input;
use fangtan::sidecar::Typography;

fn check(path: &Path) {
    let input = Input::from_file(path, None, None, None).unwrap();
    let prepared = fangtan::prepare(&input, Some(Typography::Keep)).unwrap();
    let stats = serde_json::to_value(prepared.document.stats()).unwrap();
    let expected_path = path.with_extension("expected.json");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
    assert_eq!(
        stats,
        expected,
        "{}: stats differ\n{}",
        path.display(),
        fangtan::cli::outline_text(&input.source.name, &prepared)
    );
    let format = fangtan::read::read(&input.source, &input.sidecar.reader).format;
    let markup = match format {
        fangtan::read::Format::Markdown => common::MARKDOWN_MARKS,
        _ => &[],
    };
    common::assert_nothing_lost_but(&input.source.text, &prepared.document, markup);
}

#[test]
fn every_fixture_reads_as_a_person_would() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/readers");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    fixtures.sort();
    assert!(
        fixtures.len() >= 10,
        "fixtures missing in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for path in &fixtures {
        if let Err(e) = std::panic::catch_unwind(|| check(path)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(msg);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn outlines() {
    insta::glob!("fixtures/readers/*.txt", |path| {
        let input = Input::from_file(path, None, None, None).unwrap();
        let prepared = fangtan::prepare(&input, None).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        insta::assert_snapshot!(fangtan::cli::outline_text(&name, &prepared));
    });
}

//! Legacy encodings on real texts (`tests/fixtures/encodings/`, provenance in its README, and
//! a Simplified Chinese case of the corpus): each, encoded as people saved such files, is
//! detected, decoded to the very same text, and reported as a guess.

use fangtan::input::Source;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn real_texts_in_legacy_encodings_are_read_exactly() {
    let cases = [
        ("fixtures/encodings/ja-aozora-yabu-no-naka.txt", "Shift_JIS"),
        ("fixtures/encodings/ja-aozora-yabu-no-naka.txt", "EUC-JP"),
        ("fixtures/encodings/fr-flaubert-bovary.txt", "windows-1252"),
        ("fixtures/encodings/fr-flaubert-bovary.txt", "ISO-8859-1"),
        ("fixtures/encodings/zh-tang-tvbs-seoul.txt", "Big5"),
        ("corpus/zh-lctt-larry-wall.txt", "GB18030"),
    ];
    for (name, label) in cases {
        let text = fixture(name);
        let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let (bytes, _, unmappable) = encoding.encode(&text);
        assert!(!unmappable, "{name} does not fit {label}");
        let source = Source::decode(name.into(), &bytes, None)
            .unwrap_or_else(|e| panic!("{name} in {label}: {e}"));
        assert_eq!(
            source.text,
            text.strip_prefix('\u{FEFF}').unwrap_or(&text),
            "{name} in {label}"
        );
        let said = &source.warnings[0].message;
        assert!(said.contains("a guess"), "{name} in {label}: {said}");
    }
}

#[test]
fn a_real_utf8_text_with_one_bad_byte_is_not_guessed_into_mojibake() {
    for name in [
        "fixtures/encodings/ja-aozora-yabu-no-naka.txt",
        "fixtures/encodings/zh-tang-tvbs-seoul.txt",
        "corpus/zh-lctt-larry-wall.txt",
    ] {
        let text = fixture(name);
        let mut bytes = text.into_bytes();
        let middle = bytes.len() / 2;
        let at = middle + bytes[middle..].iter().position(|&b| b == b'\n').unwrap() + 1;
        bytes.insert(at, 0xFF);
        let err = Source::decode(name.into(), &bytes, None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("invalid UTF-8 at byte offset {at}")),
            "{name}: {err}"
        );
    }
}

//! Any bytes: decoded, read and normalised without panicking, and no character XML forbids
//! reaches the model.
#![no_main]

use fangtan::input::Source;
use fangtan::sidecar::Sidecar;
use fangtan::{Input, prepare};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(source) = Source::decode("fuzz.txt".into(), bytes, None) else {
        return;
    };
    let input = Input {
        source,
        sidecar: Sidecar::default(),
        sidecar_name: None,
        sidecar_warnings: Vec::new(),
    };
    let Ok(prepared) = prepare(&input, None) else {
        return;
    };
    let mut document = prepared.document;
    for block in &mut document.blocks {
        for (_, text) in block.texts_mut() {
            assert!(
                !text.chars().any(|c| matches!(c,
                    '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')),
                "a forbidden character reached the model: {text:?}"
            );
        }
    }
});

//! Any bytes: decoded, read and normalised without panicking, and no character XML forbids
//! reaches the model.
#![no_main]

use fangtan::{Input, prepare};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(input) = Input::from_bytes("fuzz.txt", bytes, None) else {
        return;
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

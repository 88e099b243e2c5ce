//! Any bytes through every backend, in memory: no panic, every XHTML file of the EPUB and
//! the SSML well-formed XML.
#![no_main]

use std::io::{Cursor, Read};

use fangtan::render::{Format, RenderOptions};
use fangtan::{Input, prepare};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(input) = Input::from_bytes("fuzz.txt", bytes, None) else {
        return;
    };
    let Ok(prepared) = prepare(&input, None) else {
        return;
    };
    let options = RenderOptions::default();
    for format in Format::ALL {
        let backend = format.backend().expect("every format has a backend");
        let rendered = backend
            .render(&prepared.document, &options)
            .unwrap_or_else(|e| panic!("{format} failed: {e}"));
        for artifact in rendered.artifacts {
            let name = &artifact.file_name;
            if name.ends_with(".epub") {
                let mut zip = zip::ZipArchive::new(Cursor::new(&artifact.bytes)).unwrap();
                for i in 0..zip.len() {
                    let mut file = zip.by_index(i).unwrap();
                    if file.name().ends_with(".xhtml") || file.name().ends_with(".opf") {
                        let mut text = String::new();
                        file.read_to_string(&mut text).unwrap();
                        if let Err(e) = roxmltree::Document::parse_with_options(
                            &text,
                            roxmltree::ParsingOptions {
                                allow_dtd: true,
                                ..Default::default()
                            },
                        ) {
                            panic!("{} is not well-formed: {e}", file.name());
                        }
                    }
                }
            } else if name.ends_with(".ssml") {
                let text = std::str::from_utf8(&artifact.bytes).unwrap();
                if let Err(e) = roxmltree::Document::parse_with_options(
                    text,
                    roxmltree::ParsingOptions {
                        allow_dtd: true,
                        ..Default::default()
                    },
                ) {
                    panic!("the SSML is not well-formed: {e}");
                }
            }
        }
    }
});

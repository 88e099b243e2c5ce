//! Each SSML profile against its engine's documented rules, and the timing model against the
//! SSML: the bundled article and a three-speaker English hearing.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use fangtan::Input;
use fangtan::render::script::engine::Engine;
use fangtan::render::{Format, RenderOptions};

const ENGLISH: &str = "tests/corpus/en-pd-congress-north-hearing-excerpt.txt";

/// Files by name.
type Files = BTreeMap<String, Vec<u8>>;

/// Every file the script backend writes with every profile, for both cases.
fn cases() -> &'static Vec<(String, Files)> {
    static CASES: OnceLock<Vec<(String, Files)>> = OnceLock::new();
    CASES.get_or_init(|| {
        let english = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(ENGLISH);
        [
            Input::bundled(),
            Input::from_file(&english, None, None, None).unwrap(),
        ]
        .iter()
        .map(|input| {
            let doc = fangtan::prepare(input, None).unwrap().document;
            let mut options = RenderOptions {
                script: input.sidecar.script.clone(),
                ..RenderOptions::default()
            };
            options.script.ssml = Engine::ALL.to_vec();
            let rendered = Format::Script
                .backend()
                .unwrap()
                .render(&doc, &options)
                .unwrap();
            let files = rendered
                .artifacts
                .into_iter()
                .map(|a| (a.file_name, a.bytes))
                .collect();
            (input.source.name.clone(), files)
        })
        .collect()
    })
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// The cue records of the JSONL.
fn cues(files: &Files) -> Vec<serde_json::Value> {
    let (_, jsonl) = files
        .iter()
        .find(|(name, _)| name.ends_with(".cues.jsonl"))
        .unwrap();
    text(jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The documents of one profile, in request order.
fn documents(files: &Files, engine: Engine) -> Vec<&str> {
    let suffix = match engine {
        Engine::Generic => ".ssml".to_string(),
        Engine::Espeak => ".espeak.ssml".to_string(),
        e => format!(".{e}."),
    };
    files
        .iter()
        .filter(|(name, _)| match engine {
            Engine::Generic => {
                name.ends_with(".ssml")
                    && !Engine::ALL[1..]
                        .iter()
                        .any(|e| name.contains(&format!(".{e}.")))
            }
            _ => name.contains(&suffix) && name.ends_with(".ssml"),
        })
        .map(|(_, bytes)| text(bytes))
        .collect()
}

/// Milliseconds of a `<break time="…ms"/>` (the profiles write milliseconds only).
fn break_ms(node: roxmltree::Node<'_, '_>) -> u64 {
    let time = node.attribute("time").expect("a timed break");
    time.strip_suffix("ms").unwrap().parse().unwrap()
}

/// Walks a document's marks and breaks: for each mark, the silence the breaks after it make
/// before the next mark.
fn pauses_by_mark(xml: &roxmltree::Document<'_>, mark: &str, out: &mut Vec<(String, u64)>) {
    for node in xml.descendants() {
        let name = node.tag_name().name();
        if name == mark {
            let attribute = if mark == "bookmark" { "mark" } else { "name" };
            out.push((node.attribute(attribute).unwrap().to_string(), 0));
        } else if name == "break" {
            out.last_mut().expect("a break after a mark").1 += break_ms(node);
        }
    }
}

/// Every profile: one mark per cue in order, and between two marks exactly the pause the
/// cue model counts, so `start_ms` is where the engine's audio has the cue.
#[test]
fn every_profile_marks_each_cue_and_pauses_as_the_timing_model() {
    for (case, files) in cases() {
        let cues = cues(files);
        for engine in Engine::ALL {
            let mut pauses = Vec::new();
            if engine == Engine::Polly {
                for request in polly_requests(files) {
                    let xml = common::parse_xml(request["Text"].as_str().unwrap()).unwrap();
                    pauses_by_mark(&xml, "mark", &mut pauses);
                }
                // A cue cut into several requests marks its first.
            } else {
                for doc in documents(files, engine) {
                    let xml = roxmltree::Document::parse(doc)
                        .unwrap_or_else(|e| panic!("{case} {engine}: {e}"));
                    let mark = if engine == Engine::Azure {
                        "bookmark"
                    } else {
                        "mark"
                    };
                    pauses_by_mark(&xml, mark, &mut pauses);
                }
            }
            assert_eq!(pauses.len(), cues.len(), "{case} {engine}");
            for (cue, (mark, pause)) in cues.iter().zip(&pauses) {
                assert_eq!(mark, &format!("cue-{}", cue["id"].as_str().unwrap()));
                assert_eq!(
                    *pause,
                    cue["pause_ms"].as_u64().unwrap(),
                    "{case} {engine} {mark}"
                );
            }
        }
        // Each cue starts where the one before ends, with its pause.
        for pair in cues.windows(2) {
            let end = pair[0]["start_ms"].as_u64().unwrap()
                + pair[0]["est_ms"].as_u64().unwrap()
                + pair[0]["pause_ms"].as_u64().unwrap();
            assert_eq!(pair[1]["start_ms"].as_u64().unwrap(), end, "{case}");
        }
    }
}

/// Azure: only `<voice>` children of `<speak>` (text, breaks and marks inside voices), at most
/// 50 voices and 10 minutes of audio per request, `<bookmark>` for marks, breaks of 5 s at most,
/// the mstts namespace declared, `<lang>` only inside a multilingual voice.
#[test]
fn azure_requests_keep_azures_rules() {
    for (case, files) in cases() {
        let cues = cues(files);
        let docs = documents(files, Engine::Azure);
        assert!(!docs.is_empty(), "{case}");
        for doc in docs {
            let xml = roxmltree::Document::parse(doc).unwrap();
            let speak = xml.root_element();
            assert_eq!(speak.tag_name().name(), "speak");
            assert_eq!(
                speak.lookup_namespace_uri(Some("mstts")),
                Some("https://www.w3.org/2001/mstts")
            );
            let children: Vec<_> = speak.children().filter(|n| n.is_element()).collect();
            assert!(
                speak
                    .children()
                    .all(|n| n.is_element() || n.text().unwrap().trim().is_empty()),
                "{case}: text directly in <speak>"
            );
            assert!(children.iter().all(|n| n.tag_name().name() == "voice"));
            assert!(children.len() <= 50, "{case}: {} voices", children.len());
            let mut audio = 0;
            for node in xml.descendants() {
                match node.tag_name().name() {
                    "mark" => panic!("{case}: Azure takes <bookmark>, not <mark>"),
                    "break" => assert!(break_ms(node) <= 5_000),
                    "lang" => assert!(
                        node.ancestors().any(|a| a
                            .attribute("name")
                            .is_some_and(|n| n.contains("Multilingual"))),
                        "{case}: <lang> outside a multilingual voice"
                    ),
                    "bookmark" => {
                        let id = &node.attribute("mark").unwrap()["cue-".len()..];
                        let cue = cues.iter().find(|c| c["id"] == id).unwrap();
                        audio +=
                            cue["est_ms"].as_u64().unwrap() + cue["pause_ms"].as_u64().unwrap();
                    }
                    _ => {}
                }
            }
            assert!(audio <= 10 * 60_000, "{case}: {audio} ms in one request");
        }
    }
}

/// Google: requests of 5,000 bytes at most, a bare `<speak>`, voice names from its
/// Mandarin or English lists.
#[test]
fn google_requests_keep_googles_rules() {
    for (case, files) in cases() {
        let docs = documents(files, Engine::Google);
        assert!(!docs.is_empty());
        for doc in docs {
            assert!(doc.len() <= 5_000, "{case}: {} bytes", doc.len());
            let xml = roxmltree::Document::parse(doc).unwrap();
            let speak = xml.root_element();
            assert_eq!(speak.tag_name().name(), "speak");
            assert_eq!(speak.attributes().count(), 0);
            for voice in xml.descendants().filter(|n| n.has_tag_name("voice")) {
                let name = voice.attribute("name").unwrap();
                assert!(
                    name.starts_with("cmn-CN-") || name.starts_with("en-US-"),
                    "{case}: {name}"
                );
            }
        }
    }
}

fn polly_requests(files: &Files) -> Vec<serde_json::Value> {
    let (_, jsonl) = files
        .iter()
        .find(|(name, _)| name.ends_with(".polly.jsonl"))
        .unwrap();
    text(jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Polly: SynthesizeSpeech bodies, one voice each (Polly has no `<voice>`), 6,000 characters
/// of SSML at most, breaks of 10 s at most, Mandarin as `cmn-CN`.
#[test]
fn polly_requests_keep_pollys_rules() {
    for (case, files) in cases() {
        let requests = polly_requests(files);
        assert!(!requests.is_empty());
        let english = case.contains("hearing");
        for request in &requests {
            assert_eq!(request["TextType"], "ssml");
            assert_eq!(
                request["LanguageCode"],
                if english { "en-US" } else { "cmn-CN" }
            );
            let voice = request["VoiceId"].as_str().unwrap();
            if !english {
                assert_eq!(voice, "Zhiyu", "Polly's one Mandarin voice");
            }
            let ssml = request["Text"].as_str().unwrap();
            assert!(ssml.chars().count() <= 6_000, "{case}");
            let xml = roxmltree::Document::parse(ssml).unwrap();
            assert!(!xml.descendants().any(|n| n.has_tag_name("voice")));
            for node in xml.descendants().filter(|n| n.has_tag_name("break")) {
                assert!(break_ms(node) <= 10_000);
            }
        }
    }
}

/// espeak-ng: flat `<voice>` elements (a nested one leaves espeak-ng in the wrong voice),
/// its own voice names, and espeak-ng itself reads the file without a complaint.
#[test]
fn espeak_file_is_flat_and_espeak_reads_it() {
    for (case, files) in cases() {
        let docs = documents(files, Engine::Espeak);
        assert_eq!(docs.len(), 1);
        let xml = roxmltree::Document::parse(docs[0]).unwrap();
        for voice in xml.descendants().filter(|n| n.has_tag_name("voice")) {
            assert!(
                !voice.descendants().skip(1).any(|n| n.has_tag_name("voice")),
                "{case}: nested voice"
            );
            let name = voice.attribute("name").unwrap();
            assert!(
                name.starts_with("cmn-latn-pinyin+")
                    || ["en-us+", "fr-fr+", "de+", "es+", "it+", "pt+"]
                        .iter()
                        .any(|v| name.starts_with(v)),
                "{case}: {name}"
            );
            // Speech, a mark or a pause: never empty, nor only the zero break that ends a
            // clause.
            assert!(
                voice.children().any(|n| n.is_text()
                    || n.has_tag_name("sub")
                    || n.has_tag_name("mark")
                    || (n.has_tag_name("break") && break_ms(n) > 0)),
                "{case}: an empty voice"
            );
        }
        if !common::have_tool("espeak-ng") {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let ssml = dir.path().join("s.ssml");
        let wav = dir.path().join("s.wav");
        std::fs::write(&ssml, docs[0]).unwrap();
        let out = std::process::Command::new("espeak-ng")
            .arg("-m")
            .arg("-w")
            .arg(&wav)
            .arg("-f")
            .arg(&ssml)
            .output()
            .unwrap();
        assert!(out.status.success(), "{case}");
        assert!(
            out.stderr.is_empty(),
            "{case}: espeak-ng said {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::metadata(&wav).unwrap().len() > 100_000, "{case}");
    }
}

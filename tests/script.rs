//! The read-aloud script of the bundled article and of hostile input.

mod common;

use std::sync::OnceLock;

use common::squeeze;
use fangtan::Input;
use fangtan::model::{Block, Document};
use fangtan::render::script::cues::{self, CueRole, Script};
use fangtan::render::{Format, RenderOptions};
use fangtan::sidecar::Narration;

fn bundled() -> &'static (Document, RenderOptions) {
    static DOC: OnceLock<(Document, RenderOptions)> = OnceLock::new();
    DOC.get_or_init(|| {
        let input = Input::bundled();
        let doc = fangtan::prepare(&input, None).unwrap().document;
        let options = RenderOptions {
            script: input.sidecar.script.clone(),
            ..RenderOptions::default()
        };
        (doc, options)
    })
}

fn script() -> Script {
    let (doc, options) = bundled();
    cues::build(doc, &options.script, &options.strings(doc).unwrap())
}

fn outputs(doc: &Document, options: &RenderOptions) -> Vec<(String, String)> {
    let rendered = Format::Script
        .backend()
        .unwrap()
        .render(doc, options)
        .unwrap();
    rendered
        .artifacts
        .into_iter()
        .filter(|a| !a.file_name.ends_with(".pdf"))
        .map(|a| (a.file_name, String::from_utf8(a.bytes).unwrap()))
        .collect()
}

#[test]
fn every_turn_once_in_order_with_its_speakers_own_voice() {
    let (doc, _) = bundled();
    let script = script();
    let dialogue: Vec<&cues::Cue> = script
        .cues
        .iter()
        .filter(|c| matches!(c.role, CueRole::Interviewer | CueRole::Interviewee))
        .collect();
    // One cue per turn, plus a continued cue for each split of a long turn.
    let turns: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Turn { .. }))
        .collect();
    assert_eq!(
        dialogue.iter().filter(|c| !c.continued).count(),
        turns.len()
    );
    assert_eq!(turns.len(), 62);
    let mut cues = dialogue.iter().peekable();
    for turn in turns {
        let Block::Turn {
            speaker,
            paragraphs,
            ..
        } = turn
        else {
            unreachable!()
        };
        let want: String = paragraphs
            .iter()
            .map(|p| squeeze(&p.plain_text()))
            .collect();
        let first = cues.next().unwrap();
        assert_eq!(&first.speaker, speaker);
        let mut got = squeeze(&first.paragraphs.concat());
        while cues.peek().is_some_and(|c| c.continued) {
            let more = cues.next().unwrap();
            assert_eq!(&more.speaker, speaker, "a split cue keeps its speaker");
            assert_eq!(more.voice, first.voice);
            got.push_str(&squeeze(&more.paragraphs.concat()));
        }
        assert_eq!(got, want);
    }
    // Two speakers, two voices, and the narration a third.
    let voices: std::collections::BTreeSet<&str> =
        dialogue.iter().map(|c| c.voice.as_str()).collect();
    assert_eq!(voices.len(), 2, "{voices:?}");
    let narration: std::collections::BTreeSet<&str> = script
        .cues
        .iter()
        .filter(|c| c.role.is_narration())
        .map(|c| c.voice.as_str())
        .collect();
    assert_eq!(narration.len(), 1);
    assert!(
        voices.is_disjoint(&narration),
        "the narration has its own voice"
    );
    // Long turns are split at sentence ends into cues of about a minute at most.
    assert!(dialogue.iter().any(|c| c.continued));
    assert!(
        dialogue.iter().all(|c| c.est_ms <= 75_000),
        "a cue runs long"
    );
}

#[test]
fn narration_covers_lead_and_notes_and_nothing_repeats() {
    let (doc, _) = bundled();
    let script = script();
    let read: String = script
        .cues
        .iter()
        .map(|c| squeeze(&c.paragraphs.concat()))
        .collect();
    for block in &doc.blocks {
        match block {
            Block::Lead(_) | Block::Note { .. } => {
                for p in block.paragraphs() {
                    assert!(
                        read.contains(&squeeze(&p.plain_text())),
                        "line {} not read",
                        p.line
                    );
                }
            }
            Block::PullQuote { text, .. } | Block::Caption { text, .. } => {
                assert!(!read.contains(&squeeze(text)), "{text} is read");
            }
            _ => {}
        }
    }
    assert!(script.cues.iter().any(|c| c.role == CueRole::Note));
    assert_eq!(script.omitted_pull_quotes, 3);
    assert_eq!(script.omitted_captions, 2);
    // The stated total is the sum of the cues and their pauses, and each cue starts where
    // the one before ends with its pause.
    assert_eq!(
        script.total_ms,
        script
            .cues
            .iter()
            .map(|c| c.est_ms + c.pause_ms)
            .sum::<u64>()
    );
    for pair in script.cues.windows(2) {
        assert_eq!(
            pair[1].start_ms,
            pair[0].start_ms + pair[0].est_ms + pair[0].pause_ms
        );
    }
    assert_eq!(script.cues.last().unwrap().pause_ms, 0);
    // The pronunciation guide names LeCun with the lexicon's reading.
    let lecun = script.terms.iter().find(|t| t.term == "LeCun").unwrap();
    assert_eq!(lecun.alias.as_deref(), Some("杨立昆"));
}

#[test]
fn ssml_is_well_formed_and_uses_the_cast_voices() {
    let (doc, options) = bundled();
    let files = outputs(doc, options);
    let ssml = &files.iter().find(|f| f.0.ends_with(".ssml")).unwrap().1;
    let xml = roxmltree::Document::parse(ssml).expect("well-formed SSML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "speak");
    assert_eq!(
        root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("zh-CN")
    );
    let names: Vec<&str> = xml
        .descendants()
        .filter(|n| n.tag_name().name() == "voice")
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert_eq!(names.len(), script().cues.len());
    assert!(names.iter().all(|n| {
        [
            "zh-CN-YunxiNeural",
            "zh-CN-YunyeNeural",
            "zh-CN-XiaoxiaoNeural",
        ]
        .contains(n)
    }));
    assert!(
        xml.descendants()
            .any(|n| n.tag_name().name() == "sub" && n.attribute("alias") == Some("杨立昆"))
    );
    assert!(xml.descendants().any(|n| n.tag_name().name() == "lang"));
    // A French phrase among the English names is French.
    let lang_of = |text: &str| {
        xml.descendants()
            .find(|n| n.has_tag_name("lang") && n.text() == Some(text))
            .and_then(|n| n.attribute(("http://www.w3.org/XML/1998/namespace", "lang")))
    };
    assert_eq!(
        lang_of("Chevalier de la Légion d\u{2019}honneur"),
        Some("fr-FR")
    );
    assert_eq!(lang_of("Meta"), Some("en-US"));
    // The JSON lines agree with the cues.
    let jsonl = &files
        .iter()
        .find(|f| f.0.ends_with(".cues.jsonl"))
        .unwrap()
        .1;
    let records: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), names.len());
    assert_eq!(records[0]["id"], "001");
}

#[test]
fn hostile_text_is_verbatim_in_markdown_and_escaped_in_ssml() {
    let text = "问：<b>你好</b> & “]]>” <!-- x -->？\n答：a < b && c > 'd' \"e\"。\n问：再见？\n答：好。\n";
    let source = fangtan::input::Source::from_text("hostile.txt", text);
    let doc = fangtan::parse::parse(&source, &Default::default())
        .unwrap()
        .document;
    let files = outputs(&doc, &RenderOptions::default());
    let md = &files
        .iter()
        .find(|f| f.0.ends_with(".script.md"))
        .unwrap()
        .1;
    assert!(md.contains("<b>你好</b> & “]]>” <!-- x -->？"), "{md}");
    assert!(md.contains("a < b && c > 'd' \"e\"。"));
    let ssml = &files.iter().find(|f| f.0.ends_with(".ssml")).unwrap().1;
    let xml = roxmltree::Document::parse(ssml).expect("well-formed SSML");
    let spoken: String = xml
        .descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap())
        .collect();
    assert!(spoken.contains("<b>你好</b> & “]]>” <!-- x -->？"));
    assert!(spoken.contains("a < b && c > 'd' \"e\"。"));
    let csv = &files.iter().find(|f| f.0.ends_with(".cues.csv")).unwrap().1;
    assert!(csv.contains("\"a < b && c > 'd' \"\"e\"\"。\""), "{csv}");
}

#[test]
fn three_speakers_three_voices_and_a_narrator() {
    let text = "主持人：欢迎？\n张三：谢谢。\n李四：我也是。\n主持人：再见？\n张三：再见。\n李四：再见。\n";
    let source = fangtan::input::Source::from_text("t.txt", text);
    let doc = fangtan::parse::parse(&source, &Default::default())
        .unwrap()
        .document;
    let strings = fangtan::locale::Strings::built_in(&doc.meta.language);
    let script = cues::build(&doc, &Default::default(), &strings);
    let ids: Vec<&str> = script.voices.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["A", "B", "C", "N"]);
    for voice in &script.voices[..3] {
        assert_eq!(voice.speakers.len(), 1, "{voice:?}");
    }
    assert!(script.voices[3].narration);
    // Default names differ from voice to voice in every engine.
    for engine in fangtan::render::script::engine::Engine::ALL {
        let names: std::collections::BTreeSet<&str> =
            script.voices.iter().map(|v| v.name_for(engine)).collect();
        if engine != fangtan::render::script::engine::Engine::Polly {
            assert_eq!(names.len(), 4, "{engine:?}: {names:?}");
        }
    }
}

#[test]
fn snapshots() {
    let (doc, options) = bundled();
    for (name, text) in outputs(doc, options) {
        if name.ends_with(".csv") {
            continue;
        }
        insta::assert_snapshot!(name.replace('.', "_"), text);
    }
}

/// The script PDF the backend makes of `doc`.
fn script_pdf(doc: &Document, options: &RenderOptions) -> Vec<u8> {
    Format::Script
        .backend()
        .unwrap()
        .render(doc, options)
        .unwrap()
        .artifacts
        .into_iter()
        .find(|a| a.file_name.ends_with(".script.pdf"))
        .unwrap()
        .bytes
}

/// The PDF's text by pdftotext (with `args`), without whitespace; `None` when pdftotext is
/// not installed (outside CI).
fn pdf_text(pdf: &[u8], args: &[&str]) -> Option<String> {
    if !common::have_tool("pdftotext") {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(args)
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    Some(squeeze(&String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn script_pdf_has_every_cue() {
    let (doc, options) = bundled();
    let pdf = script_pdf(doc, options);
    let lo = lopdf::Document::load_mem(&pdf).unwrap();
    assert!(lo.get_pages().len() >= 10);
    let Some(text) = pdf_text(&pdf, &[]) else {
        return;
    };
    // Soft hyphens stand for the hyphens line breaking added.
    let text = text.replace('\u{ad}', "");
    for cue in &script().cues {
        assert!(
            text.contains(&format!("[{:03}]", cue.id)),
            "cue {} has no number",
            cue.id
        );
        let first = squeeze(&cue.paragraphs[0]);
        let head: String = first.chars().take(12).collect();
        assert!(text.contains(&head), "cue {}: {head}", cue.id);
    }
}

#[test]
fn narration_options_third_voice_none_and_pull_quotes() {
    let (doc, options) = bundled();
    let mut config = options.script.clone();
    config.narration = Narration::Voice("C".into());
    config.pull_quotes = true;
    let strings = fangtan::locale::Strings::built_in(&doc.meta.language);
    let script = cues::build(doc, &config, &strings);
    let narration: Vec<&cues::Cue> = script
        .cues
        .iter()
        .filter(|c| c.role.is_narration())
        .collect();
    assert!(!narration.is_empty() && narration.iter().all(|c| c.voice == "C"));
    assert_eq!(script.voices.len(), 3);
    assert_eq!(script.omitted_pull_quotes, 0);
    let read: String = script
        .cues
        .iter()
        .map(|c| squeeze(&c.paragraphs.concat()))
        .collect();
    for block in &doc.blocks {
        if let Block::PullQuote { text, .. } = block {
            assert!(read.contains(&squeeze(text)), "pull quote not read: {text}");
        }
    }

    config.narration = Narration::Silent;
    config.notes = false;
    let strings = fangtan::locale::Strings::built_in(&doc.meta.language);
    let script = cues::build(doc, &config, &strings);
    assert!(
        script
            .cues
            .iter()
            .all(|c| matches!(c.role, CueRole::Interviewer | CueRole::Interviewee))
    );
    assert_eq!(script.omitted_notes, 3);
    assert!(script.omitted_narration > 0);
    assert_eq!(script.voices.len(), 2);
}

/// The script PDF opens with the cast, what is not read and the pronunciation guide, as
/// script.md does, on the build's paper.
#[test]
fn script_pdf_has_the_cast_the_guide_and_what_is_not_read_on_its_paper() {
    let (doc, options) = bundled();
    for paper in [
        fangtan::typeset::book::Paper::A5,
        fangtan::typeset::book::Paper::A4,
    ] {
        let options = RenderOptions {
            paper,
            ..options.clone()
        };
        let pdf = script_pdf(doc, &options);
        let lo = lopdf::Document::load_mem(&pdf).unwrap();
        let (_, first) = lo.get_pages().into_iter().next().unwrap();
        let media = lo
            .get_dictionary(first)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_float().unwrap())
            .collect::<Vec<f32>>();
        let (w, h) = paper.size();
        assert!(
            (media[2] - w).abs() < 0.5 && (media[3] - h).abs() < 0.5,
            "{media:?}"
        );
        let Some(text) = pdf_text(&pdf, &["-l", "3"]) else {
            continue;
        };
        let strings = options.strings(doc).unwrap();
        let script = script();
        for want in [
            &strings.script_voices_heading,
            &strings.script_not_read,
            &strings.script_pronunciation,
        ] {
            assert!(text.contains(&squeeze(want)), "{want}");
        }
        for voice in &script.voices {
            assert!(text.contains(&squeeze(&voice.name)), "{}", voice.name);
            assert!(text.contains(voice.tts()), "{}", voice.tts());
        }
        // The lexicon's reading of the first term, IPA and all (drawn, not a missing box).
        let term = &script.terms[0];
        assert!(text.contains(&squeeze(&term.term)));
        assert!(text.contains(&squeeze(term.alias.as_deref().unwrap())));
        if let Some(ipa) = &term.ipa {
            assert!(text.contains(&squeeze(ipa)), "{ipa}");
        }
        let quotes = fangtan::locale::Strings::fill(
            &strings.script_omitted_quotes,
            &[("n", &script.omitted_pull_quotes.to_string())],
        );
        assert!(text.contains(&squeeze(&quotes)), "{quotes}");
    }
}

/// A name the guide gives an alias is said as that alias everywhere, inside a longer run of
/// Latin words too ("CEO Mark Zuckerberg"), never read out in English in one cue and as the
/// alias in another.
#[test]
fn a_term_is_said_the_same_everywhere() {
    let (doc, options) = bundled();
    let files = outputs(doc, options);
    let ssml = &files.iter().find(|f| f.0.ends_with(".ssml")).unwrap().1;
    let xml = roxmltree::Document::parse(ssml).unwrap();
    let script = script();
    let aliased: Vec<&str> = script
        .terms
        .iter()
        .filter(|t| t.alias.is_some())
        .map(|t| t.term.as_str())
        .collect();
    assert!(aliased.len() >= 10, "{aliased:?}");
    for lang in xml.descendants().filter(|n| n.has_tag_name("lang")) {
        let text = lang.text().unwrap_or_default();
        for term in &aliased {
            let whole_word = text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == *term)
                || text.contains(&format!("{term} "))
                || text.ends_with(term);
            assert!(
                !(text.contains(term) && whole_word),
                "{term} read in English in {text:?}"
            );
        }
    }
    // Every aliased term is said as its alias somewhere, or only ever in a longer name that
    // is (Biden in Joe Biden).
    for term in &aliased {
        assert!(
            xml.descendants().any(|n| n.has_tag_name("sub")
                && n.text().is_some_and(|t| t == *term || t.contains(term))),
            "{term}"
        );
    }
}

/// Narration between turns of a text without headings is in the turns' section: the
/// episode's chapters and section pauses do not flip at every narrative paragraph.
#[test]
fn narration_between_turns_stays_in_their_section() {
    let text = "问：第一个问题是什么？\n答：这是回答。\n问：第二个问题呢？\n答：也是回答。\n";
    let source = fangtan::input::Source::from_text("t.txt", text);
    let mut doc = fangtan::parse::parse(&source, &Default::default())
        .unwrap()
        .document;
    let second = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Turn { .. }))
        .nth(2)
        .unwrap()
        .0;
    doc.blocks.insert(
        second,
        Block::Paragraph(fangtan::model::Paragraph::text(3, "他停了一下，看向窗外。")),
    );
    let strings = fangtan::locale::Strings::built_in(&doc.meta.language);
    let script = cues::build(&doc, &Default::default(), &strings);
    assert!(script.cues.iter().any(|c| c.role == CueRole::Narration));
    let mut sections: Vec<&str> = script.cues.iter().map(|c| c.section.as_str()).collect();
    sections.dedup();
    assert_eq!(sections.len(), 1, "{sections:?}");
}

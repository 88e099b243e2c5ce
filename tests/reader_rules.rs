//! Single rules of the reader, on small texts written for them.

mod common;

use common::parse_text;
use fangtan::model::{Block, Role};
use fangtan::sidecar::Sidecar;

fn sidecar(toml: &str) -> Sidecar {
    Sidecar::parse("t.toml", toml).unwrap().0
}

fn kinds(doc: &fangtan::model::Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(|b| {
            let v = serde_json::to_value(b).unwrap();
            let kind = v["kind"].as_str().unwrap().to_string();
            match b {
                Block::Turn {
                    speaker, continued, ..
                } => {
                    let name = &doc.speaker(speaker).unwrap().name;
                    format!("{kind}:{name}{}", if *continued { "+" } else { "" })
                }
                _ => kind,
            }
        })
        .collect()
}

#[test]
fn labels_on_their_own_line_and_spaces_around_colons() {
    let text = "主持人 ：\n欢迎两位。\n张三：\n谢谢。\n\n我很高兴。\n李四 : 我也是。\n主持人：那我们开始？\n张三:好。\n李四：\r\n好的。\n";
    let parsed = parse_text("t.txt", text, &Sidecar::default());
    let doc = &parsed.document;
    assert_eq!(
        kinds(doc),
        [
            "turn:主持人",
            "turn:张三",
            "turn:李四",
            "turn:主持人",
            "turn:张三",
            "turn:李四"
        ]
    );
    assert_eq!(doc.blocks[1].paragraphs().len(), 2);
    common::assert_nothing_lost(text, doc);
}

#[test]
fn a_pull_quote_inside_a_turn_continues_the_same_speaker() {
    let text = "Q: Why open source?\nA: Because many eyes make systems safer.\n\u{201c}Many eyes make systems safer.\u{201d}\nAnd it is faster, too.\nQ: Thanks?\nA: Thank you.\n";
    let doc = parse_text("t.txt", text, &Sidecar::default()).document;
    assert_eq!(
        kinds(&doc),
        [
            "turn:Q",
            "turn:A",
            "pull-quote",
            "turn:A+",
            "turn:Q",
            "turn:A"
        ]
    );
    // A continued turn is not a new turn.
    assert_eq!(doc.stats().turns, [("Q".into(), 2), ("A".into(), 2)]);
    assert_eq!(doc.cast[0].role, Role::Interviewer);
    assert_eq!(doc.cast[1].role, Role::Interviewee);
    common::assert_nothing_lost(text, &doc);
}

#[test]
fn sidecar_renames_declares_and_overrides() {
    let text =
        "记者：第一问？\n答：第一答。\n很短的一行\n接着说完。\n记者：第二问？\n答：第二答。\n";
    let side = sidecar(
        r#"
[[cast]]
label = "记者"
name = "Steven"
id = "steven"
[[cast]]
label = "答"
name = "Yann"
role = "interviewee"
[[cast]]
label = "编辑"
[[lines]]
starts_with = "很短的一行"
kind = "text"
"#,
    );
    let parsed = parse_text("t.txt", text, &side);
    let doc = &parsed.document;
    // Without the override "很短的一行" would be a caption; with it, it continues the answer.
    assert_eq!(
        kinds(doc),
        ["turn:Steven", "turn:Yann", "turn:Steven", "turn:Yann"]
    );
    assert_eq!(doc.blocks[1].paragraphs().len(), 3);
    assert_eq!(doc.cast[1].id, "speaker-2");
    assert_eq!(doc.cast[0].name, "Steven");
    assert_eq!(doc.cast[0].role, Role::Interviewer, "记者 asks");
    // The declared speaker who never speaks is kept and reported.
    assert_eq!(doc.cast.len(), 3);
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.message.contains("\"编辑\" is declared"))
    );

    let without = parse_text("t.txt", text, &Sidecar::default());
    assert!(
        without
            .warnings
            .iter()
            .any(|w| w.line == Some(3) && w.message.contains("caption inside a turn")),
        "{:?}",
        without.warnings
    );
}

#[test]
fn notes_asides_and_page_chrome() {
    let text = "- A+\n编者按：本文有删节。\n一、开场\n问：你好（编者注：采访在上海进行）？\n答：你好。\n- 分享\n问：再见？\n答：再见。\n阅读原文\n";
    let parsed = parse_text("t.txt", text, &Sidecar::default());
    let doc = &parsed.document;
    let stats = doc.stats();
    assert_eq!((stats.notes, stats.inline_notes, stats.headings), (1, 1, 1));
    // "- 分享" is a share button even mid-text; "- A+" and "阅读原文" likewise.
    let dropped: Vec<usize> = doc.dropped.iter().map(|d| d.line).collect();
    assert_eq!(dropped, [1, 6, 9]);
    common::assert_nothing_lost(text, doc);
}

#[test]
fn mid_text_bullet_fragment_is_kept_with_a_warning() {
    let text = "问：清单？\n答：有三点。\n- 开放\n问：好？\n答：好。\n";
    let parsed = parse_text("t.txt", text, &Sidecar::default());
    assert!(parsed.document.dropped.is_empty());
    assert!(parsed.warnings.iter().any(|w| w.line == Some(3)));
}

#[test]
fn title_line_and_plain_article() {
    let text = "开源的意义\n这是一篇没有对话的文章，只有段落。\n第二段也没有。\n";
    let parsed = parse_text("essay.txt", text, &Sidecar::default());
    let doc = &parsed.document;
    assert_eq!(kinds(doc), ["title", "paragraph", "paragraph"]);
    assert_eq!(doc.meta.title, "开源的意义");
    assert_eq!(doc.meta.slug, "essay");
    assert!(doc.cast.is_empty());
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.message.contains("plain article"))
    );
}

#[test]
fn a_heading_matching_nothing_yields_no_bogus_speaker() {
    // "例如：" recurs at line starts but is a list lead-in, not a speaker.
    let text = "例如：第一件事。\n例如：第二件事。\n这就是全部。\n";
    let parsed = parse_text("t.txt", text, &Sidecar::default());
    assert!(parsed.document.cast.is_empty());
}

#[test]
fn model_snapshot_of_a_mixed_text() {
    let text = "访谈录\r\n导语：两位嘉宾谈开源。\r\n01 开场\r\nHOST: Welcome?\r\n\r\nALICE: Thanks (Editor's note: recorded in May).\r\n\u{201c}Open is faster.\u{201d}\r\nBOB: Open is faster, indeed.\r\n▲ Alice and Bob on stage\r\nHOST: Bye?\r\n参考\r\n[1] Source: https://example.com/talk\r\n";
    let doc = parse_text("mixed.txt", text, &Sidecar::default()).document;
    common::assert_nothing_lost(text, &doc);
    insta::assert_yaml_snapshot!(doc);
}

#[test]
fn a_quotation_that_repeats_nothing_stays_in_its_turn_unless_the_sidecar_says() {
    let text = "问：他怎么说？\n\n答：他说了一句话。\n\n“等等，那不是他们特有的吗？”\n\n问：后来呢？\n\n答：后来就标准化了。\n";
    let parsed = parse_text("t.txt", text, &Sidecar::default());
    assert_eq!(parsed.document.stats().pull_quotes, 0);
    let answer = &parsed.document.blocks[1];
    assert_eq!(answer.paragraphs().len(), 2, "{answer:?}");
    assert!(parsed.warnings.iter().any(|w| w.line == Some(5)));
    common::assert_nothing_lost(text, &parsed.document);

    let sidecar: Sidecar = toml::from_str("[[lines]]\nline = 5\nkind = \"pull-quote\"\n").unwrap();
    let forced = parse_text("t.txt", text, &sidecar);
    assert_eq!(forced.document.stats().pull_quotes, 1);
}

#[test]
fn a_bracketed_line_between_turns_is_the_transcribers() {
    let text = "Q: Ready?\n\nA: Yes.\n\n(Cross-talk.)\n\nQ: Go on.\n\nA: Fine.\n\n(Video caller: thanks, it was lovely.)\n\nQ: Next.\n";
    let parsed = parse_text("t.txt", text, &Sidecar::default());
    let doc = &parsed.document;
    assert!(
        doc.blocks
            .iter()
            .any(|b| matches!(b, Block::Break { text, .. } if text == "(Cross-talk.)"))
    );
    assert!(
        doc.blocks
            .iter()
            .any(|b| matches!(b, Block::Note { label, .. } if label == "Video caller"))
    );
    common::assert_nothing_lost(text, doc);
}

#[test]
fn magazine_sidebars_portraits_and_unmarked_pull_quotes() {
    let text = "\
Building the Boat

A talk with two builders about boats and the people who sail them.

Q. How did you start?

MK: My father built dinghies in the garage, and I held the planks for him every summer.

Harbour Boatworks Cooperative

The cooperative was founded by six builders in 1998. It shares a slipway and a steam box.

Members pay a yearly fee and take turns at the slipway.

Q. What changed since?

MK: Glue changed everything, and epoxy most of all. We need fewer clamps than we ever did.

We need fewer clamps than we ever did

Anna Berg: \"Wood tells you where it wants to bend\" (Photo by Jo Lind)

AB: I learned from him, and I still use his planes.

Q. And the future?

AB: More people, smaller boats.
";
    let doc = parse_text("t.txt", text, &Sidecar::default()).document;
    assert_eq!(
        kinds(&doc),
        [
            "title",
            "lead",
            "turn:Q",
            "turn:MK",
            "note",
            "turn:Q",
            "turn:MK",
            "pull-quote",
            "caption",
            "turn:Anna Berg",
            "turn:Q",
            "turn:Anna Berg",
        ]
    );
    let Block::Note {
        label, paragraphs, ..
    } = &doc.blocks[4]
    else {
        panic!("the sidebar is a note");
    };
    assert_eq!(
        (label.as_str(), paragraphs.len()),
        ("Harbour Boatworks Cooperative", 2)
    );
    common::assert_nothing_lost(text, &doc);
}

#[test]
fn an_unlabelled_answer_between_two_questions() {
    let text = "LV：第一个问题？\n\nLW：第一个回答。\n\nLV：第二个问题…\n\n这是没有标签的回答。\n\nLV：第三个问题？\n\nLW：第三个回答。\n\nLV：第四个问题？\n\nLW：第四个回答。\n";
    let parsed = parse_text("t.txt", text, &Sidecar::default());
    assert_eq!(
        kinds(&parsed.document),
        [
            "turn:LV", "turn:LW", "turn:LV", "turn:LW", "turn:LV", "turn:LW", "turn:LV", "turn:LW"
        ]
    );
    assert!(parsed.warnings.iter().any(|w| w.line == Some(7)));
    common::assert_nothing_lost(text, &parsed.document);
}

//! Interviews as they arrive, end to end: a saved WeChat-style page with its pictures, a Word
//! file, SRT, WebVTT and speech-to-text JSON each read to the model a careful person writes,
//! and every backend builds from it (the EPUB passes epubcheck with its pictures; the PDF
//! shows each picture once, under its caption).

mod common;

use std::io::{Cursor, Write};
use std::path::Path;

use fangtan::model::{Block, Document};
use fangtan::{Input, prepare};

fn picture(path: &Path, width: u32, height: u32, format: image::ImageFormat) {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 120])
    });
    image::DynamicImage::ImageRgb8(image)
        .save_with_format(path, format)
        .unwrap();
}

fn read(path: &Path) -> Document {
    let input = Input::from_file(path, None, None, None).unwrap();
    prepare(&input, None).unwrap().document
}

fn turns(doc: &Document) -> Vec<(String, String)> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Turn {
                speaker,
                continued: false,
                paragraphs,
                ..
            } => Some((
                doc.speaker(speaker).unwrap().name.clone(),
                paragraphs
                    .first()
                    .map(|p| p.plain_text())
                    .unwrap_or_default(),
            )),
            _ => None,
        })
        .collect()
}

fn figures(doc: &Document) -> Vec<(Option<usize>, Option<String>)> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure {
                picture, caption, ..
            } => Some((*picture, caption.clone())),
            _ => None,
        })
        .collect()
}

const WECHAT_PAGE: &str = r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>桥的一生</title>
<meta property="og:title" content="桥的一生">
<style>.rich_media_content { font-size: 17px; }</style>
<script>var ct = "1714521600"; var nickname = "桥梁周刊";</script></head>
<body id="activity-detail">
<div class="rich_media_area_primary">
<h1 class="rich_media_title" id="activity-name">
  桥的一生
</h1>
<div id="meta_content" class="rich_media_meta_list">
<span class="rich_media_meta rich_media_meta_text" id="js_author_name">张三</span>
<a class="wx_tap_link js_wx_tap_highlight rich_media_meta_link" id="js_name">桥梁周刊</a>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">2024年5月1日 08:00</em>
</div>
<div class="rich_media_content js_underline_content" id="js_content" style="visibility: visible;">
<section><p>一位工程师谈她三十年的钢桥生涯：从里斯本的童年，到实验室里的焊缝，再到今天的课堂。</p></section>
<section><h2><span>一、童年</span></h2></section>
<section><p><span><strong>问：</strong></span><span>您第一次注意到桥是什么时候？</span></p>
<p><span><strong>李华：</strong></span><span>小时候，在里斯本。那时大桥一直在刷漆，我每天上学都从桥下经过。</span></p>
<p style="text-align: center;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/a/640?wx_fmt=jpeg" src="./桥的一生_files/640.jpeg" data-ratio="0.5625"></p>
<p style="text-align: center;"><span style="font-size: 12px;color: #888888;">黄昏时的四月二十五日大桥</span></p>
<p><span>后来我才知道，那座桥的钢索每一根都有名字。</span></p>
<p><span><strong>问：</strong></span><span>您学的是什么？</span></p>
<p><span><strong>李华：</strong></span><span>土木工程。我的导师研究焊缝疲劳。</span></p></section>
<section><h2><span>二、课堂</span></h2></section>
<section><p style="text-align: center;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/b/640?wx_fmt=png" src="./桥的一生_files/640(1).png"></p>
<p style="text-align: center;"><span style="font-size: 12px;color: #888888;">李华在实验室</span></p>
<p><span><strong>问：</strong></span><span>现在呢？</span></p>
<p><span><strong>李华：</strong></span><span>现在我教书。学生们比我当年聪明得多。</span></p>
<figure><img data-src="https://mmbiz.qpic.cn/c/640?wx_fmt=webp" src="./桥的一生_files/640(2).webp"><figcaption>学生们的桥梁模型</figcaption></figure>
<p><span><strong>问：</strong></span><span>谢谢您。</span></p></section>
</div>
<div id="js_toolbar_0" class="rich_media_tool"><span>阅读原文</span> <span>分享</span> <span>在看</span></div>
<div class="qr_code_pc"><p>微信扫一扫<br>关注该公众号</p></div>
</div></body></html>
"#;

#[test]
fn a_saved_wechat_page_comes_out_with_its_three_pictures_under_their_captions() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("桥的一生_files");
    std::fs::create_dir(&files).unwrap();
    picture(&files.join("640.jpeg"), 640, 360, image::ImageFormat::Jpeg);
    picture(&files.join("640(1).png"), 640, 900, image::ImageFormat::Png);
    picture(
        &files.join("640(2).webp"),
        2000,
        1000,
        image::ImageFormat::WebP,
    );
    let page = dir.path().join("桥的一生.html");
    std::fs::write(&page, WECHAT_PAGE).unwrap();
    let doc = read(&page);
    assert_eq!(doc.meta.title, "桥的一生");
    assert_eq!(doc.meta.date.as_deref(), Some("2024-05-01"));
    assert_eq!(
        turns(&doc),
        [
            ("问".into(), "您第一次注意到桥是什么时候？".into()),
            (
                "李华".into(),
                "小时候，在里斯本。那时大桥一直在刷漆，我每天上学都从桥下经过。".into()
            ),
            ("问".into(), "您学的是什么？".into()),
            ("李华".into(), "土木工程。我的导师研究焊缝疲劳。".into()),
            ("问".into(), "现在呢？".into()),
            ("李华".into(), "现在我教书。学生们比我当年聪明得多。".into()),
            ("问".into(), "谢谢您。".into()),
        ]
    );
    assert_eq!(
        figures(&doc),
        [
            (Some(0), Some("黄昏时的四月二十五日大桥".into())),
            (Some(1), Some("李华在实验室".into())),
            (Some(2), Some("学生们的桥梁模型".into())),
        ]
    );
    // The turn the first picture stood in goes on after it.
    let after = doc
        .blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Figure { .. }))
        .nth(1)
        .unwrap();
    assert!(
        matches!(
            after,
            Block::Turn {
                continued: true,
                ..
            }
        ),
        "{after:?}"
    );
    // The WebP is a JPEG of at most 1,600 px; the others as they were.
    assert_eq!((doc.pictures[2].width, doc.pictures[2].height), (1600, 800));
    let headings: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(headings, ["童年", "课堂"]);
    let out = common::build_all(&doc);
    // EPUB: each picture in the package and in a <figure> with its caption.
    let pages = common::epub_text_files(&out[&format!("{}.epub", doc.meta.slug)]).concat();
    for (i, (file, caption)) in [
        ("fig-001.jpg", "黄昏时的四月二十五日大桥"),
        ("fig-002.png", "李华在实验室"),
        ("fig-003.jpg", "学生们的桥梁模型"),
    ]
    .iter()
    .enumerate()
    {
        let at = pages
            .find(&format!("images/{file}"))
            .unwrap_or_else(|| panic!("picture {i} not in the EPUB"));
        let caption_at = pages[at..].find(caption).unwrap() + at;
        assert!(pages[at..caption_at].contains("<figcaption>"), "{caption}");
    }
    // PDF: three images, each shown once; the captions in the text.
    let pdf = &out[&format!("{}.pdf", doc.meta.slug)];
    assert_eq!(common::pdf_images(pdf), (3, 3));
    // The script reads no picture but says how many it leaves out.
    let script = String::from_utf8(out[&format!("{}.script.md", doc.meta.slug)].clone()).unwrap();
    assert!(script.contains("3 幅图片"), "{script}");
}

/// A minimal Word package: styles, a footnote, a picture, as Word writes them.
fn docx(body: &str, footnotes: &str, picture_png: &[u8]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default();
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#;
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.into()),
        ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w}><w:body>{body}</w:body></w:document>"#)),
        ("word/styles.xml", format!(r#"<?xml version="1.0"?><w:styles {w}>
<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Zitat"><w:name w:val="Quote"/></w:style>
<w:style w:type="paragraph" w:styleId="Beschriftung"><w:name w:val="caption"/></w:style>
</w:styles>"#)),
        ("word/footnotes.xml", format!(r#"<?xml version="1.0"?><w:footnotes {w}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
{footnotes}</w:footnotes>"#)),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/bridges" TargetMode="External"/>
</Relationships>"#.into()),
        ("docProps/core.xml", r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>A Life in Bridges</dc:title><dc:creator>Jane Roe</dc:creator><dcterms:created>2024-09-24T10:00:00Z</dcterms:created></cp:coreProperties>"#.into()),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("word/media/image1.png", options).unwrap();
    zip.write_all(picture_png).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

fn para(style: Option<&str>, runs: &str) -> String {
    let props = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    format!("<w:p>{props}{runs}</w:p>")
}

fn run(text: &str, bold: bool) -> String {
    let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!(r#"<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

#[test]
fn a_word_file_reads_by_its_styles_bold_labels_pictures_and_footnotes() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("p.png");
    picture(&png, 300, 200, image::ImageFormat::Png);
    let drawing = r#"<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="A steel truss"/><a:graphic><a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:embed="rId5"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#;
    let body = [
        para(Some("Titel"), &run("A Life in Bridges", false)),
        para(None, &run("An engineer on thirty years of steel.", false)),
        para(Some("berschrift1"), &run("The early years", false)),
        para(
            None,
            &(run("Interviewer:", true) + &run(" When did you first notice bridges?", false)),
        ),
        para(
            None,
            &(run("Ana Silva:", true)
                + &run(" As a child, in Lisbon.", false)
                + r#"<w:r><w:footnoteReference w:id="1"/></w:r>"#
                + &run(" The bridge was being painted.", false)),
        ),
        para(None, drawing),
        para(
            Some("Beschriftung"),
            &run("The 25 de Abril bridge at dusk.", false),
        ),
        para(None, &run("It still is, I think.", false)),
        para(
            Some("Zitat"),
            &run("A bridge is a letter to the river.", false),
        ),
        para(
            None,
            &(run("Interviewer:", true) + &run(" What did you study?", false)),
        ),
        para(
            None,
            &(run("Ana Silva:", true)
                + r#"<w:hyperlink r:id="rId9">"#
                + &run(" Civil engineering", false)
                + "</w:hyperlink>"
                + &run(", then steel.", false)),
        ),
    ]
    .concat();
    let footnotes = r#"<w:footnote w:id="1"><w:p><w:r><w:t>The 25 de Abril bridge, opened in 1966.</w:t></w:r></w:p></w:footnote>"#;
    let path = dir.path().join("bridges.docx");
    std::fs::write(&path, docx(&body, footnotes, &std::fs::read(&png).unwrap())).unwrap();
    let input = Input::from_file(&path, None, None, None).unwrap();
    // A paragraph a line, a footnote after its paragraph: the picture is line 7, its caption 8.
    assert_eq!(
        input.source.text.lines().nth(7),
        Some("The 25 de Abril bridge at dusk.")
    );
    let doc = prepare(&input, None).unwrap().document;
    assert_eq!(doc.meta.title, "A Life in Bridges");
    assert_eq!(doc.meta.date.as_deref(), Some("2024-09-24"));
    assert_eq!(
        turns(&doc),
        [
            (
                "Interviewer".into(),
                "When did you first notice bridges?".into()
            ),
            (
                "Ana Silva".into(),
                "As a child, in Lisbon.[1] The bridge was being painted.".into()
            ),
            ("Interviewer".into(), "What did you study?".into()),
            ("Ana Silva".into(), "Civil engineering, then steel.".into()),
        ]
    );
    assert_eq!(
        figures(&doc),
        [(Some(0), Some("The 25 de Abril bridge at dusk.".into()))]
    );
    let alt = doc.blocks.iter().find_map(|b| match b {
        Block::Figure { alt, line, .. } => Some((alt.as_str(), *line)),
        _ => None,
    });
    assert_eq!(alt, Some(("A steel truss", 7)));
    let note = doc.blocks.iter().find_map(|b| match b {
        Block::Note { paragraphs, .. } => Some(paragraphs[0].plain_text()),
        _ => None,
    });
    assert_eq!(
        note.as_deref(),
        Some("[1] The 25 de Abril bridge, opened in 1966.")
    );
    let link = doc
        .blocks
        .iter()
        .flat_map(|b| b.paragraphs())
        .flat_map(|p| &p.content)
        .find_map(|i| match i {
            fangtan::model::Inline::Link { url, text } => Some((text.trim(), url.as_str())),
            _ => None,
        });
    assert_eq!(
        link,
        Some(("Civil engineering", "https://example.org/bridges"))
    );
    assert!(
        doc.blocks
            .iter()
            .any(|b| matches!(b, Block::Heading { text, .. } if text == "The early years"))
    );
    let out = common::build_all(&doc);
    assert_eq!(
        common::pdf_images(&out[&format!("{}.pdf", doc.meta.slug)]),
        (1, 1)
    );
}

const SRT: &str = "1\r\n00:00:01,000 --> 00:00:03,500\r\nHOST: Welcome back to the show.\r\n\r\n2\r\n00:00:03,600 --> 00:00:06,000\r\nToday I am talking with\r\na bridge engineer.\r\n\r\n3\r\n00:00:06,200 --> 00:00:08,000\r\nGUEST: <i>Thanks</i> for having me.\r\n\r\n4\r\n00:00:08,100 --> 00:00:10,000\r\nHOST: When did it start?\r\n\r\n5\r\n00:00:10,500 --> 00:00:13,000\r\nGUEST: {\\an8}As a child,\r\nin Lisbon.\r\n";

const VTT: &str = "WEBVTT\n\nNOTE recorded in studio B\n\n00:00:01.000 --> 00:00:03.500\n<v Maria Lopez>Welcome back to the show.\n\n00:00:03.600 --> 00:00:06.000\n<v Maria Lopez>Today I am talking with a bridge engineer.\n\n00:00:06.200 --> 00:00:08.000\n<v Ana Silva>Thanks for having me.\n\n00:00:08.100 --> 00:00:10.000 align:start\n<v Maria Lopez>When did it start?\n\n00:01:10.500 --> 00:01:13.000\n<v Ana Silva>As a child, in Lisbon.</v>\n";

const WHISPERX: &str = r#"{"segments": [
  {"start": 1.0, "end": 3.5, "text": " Welcome back to the show.", "speaker": "SPEAKER_00"},
  {"start": 3.6, "end": 6.0, "text": " Today I am talking with a bridge engineer.", "speaker": "SPEAKER_00"},
  {"start": 6.2, "end": 8.0, "text": " Thanks for having me.", "speaker": "SPEAKER_01"},
  {"start": 8.1, "end": 10.0, "text": " When did it start?", "speaker": "SPEAKER_00"},
  {"start": 70.5, "end": 73.0, "text": " As a child, in Lisbon.", "speaker": "SPEAKER_01"}
], "language": "en"}"#;

#[test]
fn subtitles_and_transcripts_read_into_turns_with_their_times() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, host, guest, last_time) in [
        ("talk.srt", SRT, "HOST", "GUEST", "00:00:10"),
        ("talk.vtt", VTT, "Maria Lopez", "Ana Silva", "00:01:10"),
        ("talk.json", WHISPERX, "Speaker 1", "Speaker 2", "00:01:10"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let doc = read(&path);
        let got = turns(&doc);
        let want: Vec<(String, String)> = vec![
            (
                host.into(),
                "Welcome back to the show. Today I am talking with a bridge engineer.".into(),
            ),
            (guest.into(), "Thanks for having me.".into()),
            (host.into(), "When did it start?".into()),
            (guest.into(), "As a child, in Lisbon.".into()),
        ];
        assert_eq!(got, want, "{name}");
        let times: Vec<Option<&str>> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Turn {
                    time,
                    continued: false,
                    ..
                } => Some(time.as_deref()),
                _ => None,
            })
            .collect();
        assert_eq!(times[0], Some("00:00:01"), "{name}");
        assert_eq!(times[3], Some(last_time), "{name}");
        common::build_all(&doc);
    }
}

//! Line breaking and justification of the laid-out article, with the real fonts: every line
//! of every paragraph is checked against the clreq rules.

use fangtan::Input;
use fangtan::model::{Block, Inline, Paragraph};
use fangtan::render::fonts::FontSet;
use fangtan::typeset::linebreak::{Align, Line, ParagraphStyle, Span, break_paragraph};
use fangtan::typeset::{Face, Metrics};
use fangtan::zh::kinsoku::{not_at_line_end, not_at_line_start};

fn latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Breaks `text` at `width_em` and checks every line break; returns the lines.
fn check(text: &str, face: Face, width_em: f32, metrics: &dyn Metrics) -> Vec<Line> {
    let size = 10.5;
    let style = ParagraphStyle {
        size,
        width: width_em * size,
        first_indent: 2.0 * size,
        rest_indent: 0.0,
        align: Align::Justify,
        hyphenate: true,
    };
    let lines = break_paragraph(&[Span::new(text, face)], &style, metrics).lines;
    // Where each glyph came from in the text, to see what stood between two lines.
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let mut ends = Vec::new();
    for line in &lines {
        // A hyphenated line's hyphen is not in the text.
        let drawn = line.glyphs.len() - usize::from(line.hyphenated);
        for g in &line.glyphs[..drawn] {
            while chars[at] != g.ch {
                assert!(
                    chars[at].is_whitespace(),
                    "glyph {:?} out of order in {text}",
                    g.ch
                );
                at += 1;
            }
            at += 1;
        }
        ends.push(at);
    }
    for (i, pair) in lines.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        if a.hyphenated {
            // Inside a word: at least two letters before the hyphen and three after.
            let text = a.text();
            let before: Vec<char> = text.chars().rev().skip(1).take(2).collect();
            let after: Vec<char> = b.text().chars().take(3).collect();
            assert!(
                text.ends_with('-')
                    && before.len() == 2
                    && before.iter().chain(&after).all(|c| c.is_alphabetic()),
                "bad hyphenation: {}|{}",
                a.text(),
                b.text()
            );
        }
        let last = a.glyphs[a.glyphs.len() - 1 - usize::from(a.hyphenated)].ch;
        let first = b.glyphs[0].ch;
        let shown = format!("{}|{}", a.text(), b.text());
        let spaced = chars[ends[i]..].first().is_some_and(|c| c.is_whitespace());
        // An overlong word (a URL) is cut where it must, best after a separator.
        let start = if i == 0 { 0 } else { ends[i - 1] };
        // The word the break falls in, if any: a break inside it is allowed only when the
        // whole word is wider than the measure (a URL).
        let is_word = |c: &char| !c.is_whitespace() && !fangtan::zh::is_cjk(*c);
        let mut from = ends[i];
        while from > 0 && is_word(&chars[from - 1]) {
            from -= 1;
        }
        let mut to = ends[i];
        while to < chars.len() && is_word(&chars[to]) {
            to += 1;
        }
        let word_width: f32 = chars[from..to]
            .iter()
            .map(|c| metrics.advance(face, *c).unwrap_or(0.5) * size)
            .sum();
        let cut_word = !spaced && word_width > style.width - style.first_indent;
        if !cut_word {
            assert!(
                !not_at_line_start(first),
                "line starts with {first:?}: {shown}"
            );
            assert!(!not_at_line_end(last), "line ends with {last:?}: {shown}");
            assert!(
                !(last == first && matches!(last, '—' | '…')),
                "split {last}{first}: {shown}"
            );
            assert!(
                !(latin(last) && latin(first)) || spaced || a.hyphenated,
                "a Latin word or number split: {shown}"
            );
        }
        // Justified: every line but the last ends exactly at the measure, unless it is one
        // word with nowhere to stretch.
        let one_word = a.glyphs.iter().all(|g| !fangtan::zh::is_han(g.ch))
            && !chars[start..ends[i]]
                .iter()
                .skip_while(|c| c.is_whitespace())
                .any(|c| c.is_whitespace());
        // Or it stops short because its characters are as far apart as they may be.
        let capped = a.glyphs.windows(2).any(|p| {
            let advance = metrics.advance(p[0].face, p[0].ch).unwrap_or(0.0) * p[0].scale * size;
            fangtan::zh::is_han(p[0].ch)
                && fangtan::zh::is_han(p[1].ch)
                && p[1].x - p[0].x - advance >= fangtan::typeset::linebreak::TOO_LOOSE * size - 0.01
        });
        assert!(
            one_word || capped && a.right < style.width || (a.right - style.width).abs() < 0.01,
            "line {i} ends at {} not {}: {shown}",
            a.right,
            style.width
        );
    }
    lines
}

fn text_of(p: &Paragraph) -> String {
    p.content
        .iter()
        .map(|i| match i {
            Inline::Text { text } | Inline::Link { text, .. } => text.clone(),
            Inline::Aside { label, text } => format!("（{label}：{text}）"),
        })
        .collect()
}

#[test]
fn every_paragraph_of_the_article_breaks_by_the_rules() {
    let fonts = FontSet::bundled();
    let doc = fangtan::prepare(&Input::bundled(), None).unwrap().document;
    let mut lines = 0;
    for block in &doc.blocks {
        let face = if matches!(block, Block::Note { .. }) {
            Face::Kai
        } else {
            Face::Serif
        };
        for p in block.paragraphs() {
            for width in [24.0, 30.0, 40.0] {
                lines += check(&text_of(p), face, width, &fonts).len();
            }
        }
    }
    assert!(lines > 500, "{lines}");
}

#[test]
fn focused_cases() {
    let fonts = FontSet::bundled();
    for text in [
        // Punctuation arriving at the line end, in every width.
        "他说：“我们不需要削弱任何竞争对手。”这是世界发展的趋势，AI必须是开源的。《连线》（Wired）杂志！",
        // Long Latin words and numbers with units.
        "我们测试了Chevalier de la Légion d'honneur和supercalifragilisticexpialidocious这样的长词，还有11.6%、2000个GPU与95%的比例。",
        // Dashes and ellipses that must stay whole.
        "印刷术——深度学习——以及更多……然后……再然后——结束了。“好……”他说——“走吧。”",
        // Words that may hyphenate, and words that must not (all capitals, contractions).
        "他说NVIDIA’s的GPU和Facebook’s的数据都很重要，但我们couldn’t做到，还有McDonald、Zuckerberg与ChatGPT和OpenAI的Interpretability研究。",
        // A URL longer than the line.
        "参见https://www.wired.com/story/artificial-intelligence-meta-yann-lecun-interview/这篇文章。",
    ] {
        for width in [8.0, 10.0, 13.0, 17.0, 23.0, 30.0] {
            check(text, Face::Serif, width, &fonts);
        }
    }
}

#[test]
fn layout_snapshot_with_a_monospace_metric() {
    let style = ParagraphStyle {
        size: 10.0,
        width: 120.0,
        first_indent: 20.0,
        rest_indent: 0.0,
        align: Align::Justify,
        hyphenate: true,
    };
    let text = "他说：“机器学习很糟糕。”为什么？因为仅仅依靠扩大Llama 2的规模——或者GPT-4的规模……是不够的，95%的人这样认为。";
    let lines = break_paragraph(
        &[Span::new(text, Face::Serif)],
        &style,
        &fangtan::typeset::MonoMetrics,
    )
    .lines;
    let shown: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let xs: Vec<String> = l.glyphs.iter().map(|g| format!("{:.1}", g.x)).collect();
            format!(
                "L{:02}|{}| right {:.2}\n     x {}",
                i + 1,
                l.text(),
                l.right,
                xs.join(" ")
            )
        })
        .collect();
    insta::assert_snapshot!(shown.join("\n"));
}

/// A paragraph short enough for one line (the last line is set at its natural width).
fn one_line(text: &str, face: Face, fonts: &FontSet) -> Line {
    let style = ParagraphStyle {
        size: 10.0,
        width: 400.0,
        first_indent: 0.0,
        rest_indent: 0.0,
        align: Align::Justify,
        hyphenate: true,
    };
    let mut lines = break_paragraph(&[Span::new(text, face)], &style, fonts).lines;
    assert_eq!(lines.len(), 1);
    lines.remove(0)
}

#[test]
fn apostrophes_in_latin_words_are_narrow_and_never_break() {
    let fonts = FontSet::bundled();
    for face in [Face::Serif, Face::Kai] {
        let line = one_line("授予 Légion d’honneur，歌名 It’s True。", face, &fonts);
        let glyphs = &line.glyphs;
        for (i, g) in glyphs.iter().enumerate().filter(|(_, g)| g.ch == '’') {
            // Drawn by the serif (the body's Latin), a third of an em at most, no gap.
            assert_eq!(g.face, Face::Serif, "{face:?}");
            let width = glyphs[i + 1].x - g.x;
            assert!((1.5..=3.5).contains(&width), "{face:?}: ’ takes {width} pt");
            let before = g.x - glyphs[i - 1].x;
            assert!(before < 6.5, "{face:?}: gap before ’: {before} pt");
        }
    }
    // At every measure, d’honneur and It’s stay whole.
    let text =
        "他获得了Chevalier de la Légion d’honneur勋章，还唱过It’s True和Girl I’m Gonna Miss You。";
    for width in [6.0, 8.0, 10.0, 13.0, 17.0] {
        for line in check(text, Face::Serif, width, &fonts) {
            let t = line.text();
            assert!(!t.starts_with('’') && !t.ends_with('’'), "{t}");
        }
    }
}

#[test]
fn proportional_kai_quotes_are_set_full_width_beside_chinese() {
    let fonts = FontSet::bundled();
    let line = one_line("使用“Sir”（爵士）这样的称号", Face::Kai, &fonts);
    let x = |c: char| line.glyphs.iter().find(|g| g.ch == c).unwrap().x;
    // “ takes a full em before S; ” and （ together take an em and a half after Sir.
    let sir: f32 = "Sir"
        .chars()
        .map(|c| fonts.advance(Face::Serif, c).unwrap() * 10.0)
        .sum();
    assert!(
        (x('S') - x('用') - 20.0).abs() < 0.01,
        "{}",
        x('S') - x('用')
    );
    let after = x('爵') - x('S') - sir;
    assert!((after - 15.0).abs() < 0.01, "{after}");
    // In Latin text the Kai's quotes stay proportional and close up to the word.
    let line = one_line("He said “Sir” twice", Face::Kai, &fonts);
    let x = |c: char| line.glyphs.iter().find(|g| g.ch == c).unwrap().x;
    let quote = fonts.advance(Face::Kai, '“').unwrap() * 10.0;
    assert!(
        (x('S') - x('“') - quote).abs() < 0.01,
        "{}",
        x('S') - x('“')
    );
}

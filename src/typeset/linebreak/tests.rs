//! Line breaking and justification, on monospaced metrics.

use super::cut::hyphenation_points;
use super::*;
use crate::typeset::MonoMetrics;
use crate::zh::is_han;

fn set(text: &str, width_em: f32) -> Vec<Line> {
    let style = ParagraphStyle {
        size: 10.0,
        width: width_em * 10.0,
        first_indent: 0.0,
        rest_indent: 0.0,
        align: Align::Justify,
        hyphenate: true,
    };
    break_paragraph(&[Span::new(text, Face::Serif)], &style, &MonoMetrics).lines
}

fn texts(lines: &[Line]) -> Vec<String> {
    lines.iter().map(Line::text).collect()
}

#[test]
fn a_han_latin_gap_never_opens_past_a_third_of_an_em() {
    let text =
        "他在Meta公司工作了十年，之后加入了AI实验室担任首席科学家并且负责GPU集群的建设工作。";
    for width in 9..20 {
        let lines = set(text, width as f32);
        for line in lines.iter().filter(|l| !l.last) {
            for pair in line.glyphs.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let mixed = (is_han(a.ch) && b.ch.is_ascii_alphanumeric())
                    || (a.ch.is_ascii_alphanumeric() && is_han(b.ch));
                let advance = MonoMetrics.advance(Face::Serif, a.ch).unwrap() * 10.0;
                let gap = b.x - a.x - advance;
                if mixed {
                    assert!(
                        gap <= 10.0 / 3.0 + 0.01,
                        "{width} em: {gap} in {}",
                        line.text()
                    );
                }
            }
        }
    }
}

#[test]
fn han_lines_fill_the_measure_exactly() {
    let lines = set("一二三四五六七八九十一二三四五六七八九十一二三", 10.0);
    assert_eq!(
        texts(&lines),
        ["一二三四五六七八九十", "一二三四五六七八九十", "一二三"]
    );
    for line in &lines[..2] {
        assert!((line.right - 100.0).abs() < 0.01, "{}", line.right);
    }
}

#[test]
fn no_closing_mark_starts_a_line_squeezed_in_first() {
    // The final comma squeezes in: it loses its blank half at the line end and the
    // two commas inside give up a quarter em each.
    let lines = set("一，二三，四五六七八，一二", 10.0);
    assert_eq!(texts(&lines)[0], "一，二三，四五六七八，");
    assert!((lines[0].right - 100.0).abs() < 0.01, "{}", lines[0].right);
    // With nothing to squeeze, the character before the comma goes down with it.
    let lines = set("一二三四五六七八九十，一二三", 10.0);
    assert_eq!(texts(&lines), ["一二三四五六七八九", "十，一二三"]);
}

#[test]
fn opening_mark_never_ends_a_line() {
    let lines = set("一二三四五六七八九“十一”二三", 10.0);
    assert!(!lines[0].text().ends_with('“'), "{:?}", texts(&lines));
}

#[test]
fn latin_words_stay_whole_with_quarter_em_gaps() {
    let lines = set("我们用OpenAI的模型和Meta的Llama做实验，效果很好。", 10.0);
    let all = texts(&lines).join("|");
    assert!(!all.contains("Ope|") && !all.contains("Lla|"), "{all}");
    let first = &lines[0];
    let g = |c: char| first.glyphs.iter().find(|g| g.ch == c).unwrap().x;
    // 用 ends at 30; O starts after a gap of at least ⅛ em.
    assert!(g('O') >= 30.0 + 1.25 - 0.01, "{}", g('O'));
}

#[test]
fn dashes_and_ellipses_stay_together() {
    for text in [
        "一二三四五六七八九——十一二三",
        "一二三四五六七八九……十一二三",
    ] {
        let lines = set(text, 10.0);
        for l in &lines {
            let t = l.text();
            assert!(!t.starts_with(['—', '…']), "{:?}", texts(&lines));
            assert_eq!(t.matches('—').count() % 2, 0, "{:?}", texts(&lines));
            assert_eq!(t.matches('…').count() % 2, 0, "{:?}", texts(&lines));
        }
    }
}

#[test]
fn adjacent_marks_are_compressed() {
    let lines = set("他说：“好。”然后", 20.0);
    let l = &lines[0];
    let x = |c: char| l.glyphs.iter().find(|g| g.ch == c).unwrap().x;
    // 。” together take 1.5 em: ” starts half an em after 。.
    assert!((x('”') - x('。') - 5.0).abs() < 0.01);
    // ：“ keeps half an em between them: “ box starts half an em after ：'s.
    assert!(
        (x('“') - x('：') - 5.0).abs() < 0.01,
        "{} {}",
        x('“'),
        x('：')
    );
}

#[test]
fn single_char_last_line_pulls_one_down() {
    let lines = set("一二三四五六七八九十一", 10.0);
    assert_eq!(texts(&lines), ["一二三四五六七八九", "十一"]);
}

#[test]
fn compounds_break_after_their_own_hyphens() {
    // 16 em: `two subprojects, kube-scheduler-` fits, the whole compound does not.
    let lines = set("two subprojects, kube-scheduler-wasm-extension.", 16.0);
    let texts = texts(&lines);
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].ends_with('-'), "{texts:?}");
    // No hyphen is added: the words read as written.
    assert_eq!(
        texts.concat(),
        "twosubprojects,kube-scheduler-wasm-extension."
    );
}

#[test]
fn hyphenation_points_follow_patterns_and_capitals() {
    assert_eq!(hyphenation_points("notebook"), [4]);
    assert_eq!(hyphenation_points("interpretability"), [2, 5, 13]);
    // Capitals inside: only before them (not the patterns' Ope-nAI).
    assert_eq!(hyphenation_points("ChatGPT"), [4]);
    assert_eq!(hyphenation_points("OpenAI"), [4]);
    for whole in [
        "NVIDIA",
        "NVIDIA’s",
        "GPU",
        "Meta",
        "LeCun",
        "McDonald",
        "11.6%",
        "R&B",
        "Chamath",
        "couldn’t",
        // Proper names (and a sentence's first word) stay whole.
        "Facebook",
        "Zuckerberg",
        "Pilatus",
    ] {
        assert!(hyphenation_points(whole).is_empty(), "{whole}");
    }
    // Possessives and punctuation around the word stay out of the way.
    assert_eq!(hyphenation_points("notebook’s"), [4]);
    assert_eq!(hyphenation_points("notebook,"), [4]);
    assert_eq!(hyphenation_points("(notebook)"), [5]);
}

#[test]
fn a_loose_line_hyphenates_its_last_word() {
    let lines = set("一二三四五六七八notebook九十", 11.0);
    assert_eq!(texts(&lines), ["一二三四五六七八note-", "book九十"]);
    assert!(lines[0].hyphenated && !lines[1].hyphenated);
    assert!((lines[0].right - 110.0).abs() < 0.01, "{}", lines[0].right);
    // Titles and other centred lines never hyphenate.
    let style = ParagraphStyle {
        size: 10.0,
        width: 110.0,
        first_indent: 0.0,
        rest_indent: 0.0,
        align: Align::Center,
        hyphenate: true,
    };
    let centred = break_paragraph(
        &[Span::new("一二三四五六七八Facebook九十", Face::Serif)],
        &style,
        &MonoMetrics,
    );
    assert!(centred.lines.iter().all(|l| !l.hyphenated));
}

#[test]
fn a_word_alone_on_the_last_line_pulls_a_character_down() {
    // The pieces of a hyphenable word are one word: "Zuckerberg。" alone on the last line
    // takes 十 with it, as a single character would.
    let lines = set("一二三四五六七八九十Zuckerberg。", 10.0);
    assert_eq!(texts(&lines), ["一二三四五六七八九", "十Zuckerberg。"]);
}

#[test]
fn overlong_word_is_cut() {
    let lines = set(
        "https://www.example.com/a/very/long/path/that/never/ends",
        10.0,
    );
    assert!(lines.len() > 1);
    assert!(lines.iter().all(|l| l.right <= 100.01));
}

/// Bold sans that lacks 珺, and one regular fallback that has it.
struct RareMetrics;

impl Metrics for RareMetrics {
    fn advance(&self, face: Face, c: char) -> Option<f32> {
        match (face, c) {
            (Face::Sans, '珺') | (Face::Serif, '珺') | (Face::Kai, '珺') => None,
            (Face::Fallback(0), '珺') => Some(1.0),
            (Face::Fallback(_), _) => None,
            _ => MonoMetrics.advance(face, c),
        }
    }

    fn weight(&self, face: Face) -> u16 {
        if face == Face::Sans { 700 } else { 400 }
    }

    fn fallbacks(&self, face: Face) -> Vec<Face> {
        [Face::Serif, Face::Sans, Face::Kai, Face::Fallback(0)]
            .into_iter()
            .filter(|f| *f != face)
            .collect()
    }
}

#[test]
fn a_bold_character_from_a_regular_fallback_is_emboldened() {
    let style = ParagraphStyle {
        size: 10.0,
        width: 100.0,
        first_indent: 0.0,
        rest_indent: 0.0,
        align: Align::Justify,
        hyphenate: false,
    };
    let bold = break_paragraph(&[Span::new("王珺：", Face::Sans)], &style, &RareMetrics);
    let glyphs = &bold.lines[0].glyphs;
    assert_eq!(
        glyphs.iter().map(|g| g.embolden).collect::<Vec<_>>(),
        [false, true, false]
    );
    assert_eq!(glyphs[1].face, Face::Fallback(0));
    // In regular text the same fallback is of the right weight.
    let plain = break_paragraph(&[Span::new("王珺", Face::Serif)], &style, &RareMetrics);
    assert!(plain.lines[0].glyphs.iter().all(|g| !g.embolden));
}

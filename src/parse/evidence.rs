//! Line kinds settled by evidence from the whole document: heading sequences, captions
//! inside answers, boilerplate after the last turn, quotations that repeat nothing.

use std::collections::HashSet;

use super::lines::Line;
use super::{Kind, content_lines, rules};
use crate::error::Warning;
use crate::zh;

/// Heading decisions that weigh the whole document:
/// - a numbered line of any length is a heading when a turn follows it or its number goes on
///   from the previous numbered heading (`03  为什么…，…` after `02 …`);
/// - when the document has headings that a turn follows (confirmed headings), a short line
///   with no sentence end right before a turn is a heading too (`Siri、關懷與分叉權`);
/// - a short line inside the dialogue (between turns, the answer going on after it) is a
///   caption, not a heading, and the turn continues through it;
/// - in a document with turns but no headings among them, a short line before the first turn
///   (a place, `Via Teleconference`) is lead text, not a heading;
/// - after the last turn, a line leading into a list of links is body text, not the turn's.
pub(super) fn weigh_headings(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    warnings: &mut Vec<Warning>,
) {
    let content = content_lines(kinds);
    let is_turn = |k: &Kind| matches!(k, Kind::Turn { .. } | Kind::SpeakerAlone(_));
    // Most paragraphs stand between blank lines (a web page or a document copied as text).
    let blank_after = content
        .iter()
        .filter(|&&i| kinds.get(i + 1).is_none_or(|k| *k == Kind::Blank))
        .count();
    let blank_separated = blank_after * 10 > content.len() * 6;
    let blank: Vec<bool> = kinds.iter().map(|k| *k == Kind::Blank).collect();
    let touches = |j: usize| blank.get(j).is_some_and(|b| !b);
    // There, three or more lines with no blank between them are a list or a verse (names
    // with their companies, a poem): none of them is a heading.
    if blank_separated {
        let mut start = 0;
        while start < kinds.len() {
            let mut end = start;
            while end < kinds.len() && !blank[end] {
                end += 1;
            }
            if end - start >= 3 {
                for kind in &mut kinds[start..end] {
                    if matches!(kind, Kind::Heading { number: None, .. }) {
                        *kind = Kind::Text;
                    }
                }
            }
            start = end + 1;
        }
    }
    let Some(first_turn) = content.iter().position(|&i| is_turn(&kinds[i])) else {
        return;
    };
    // After the last turn, a line leading into a list of links is the article's, not the
    // speaker's (`For more information, take a look at:`).
    if let Some(n) = content.iter().rposition(|&i| is_turn(&kinds[i])) {
        for m in n + 1..content.len().saturating_sub(1) {
            let (i, j) = (content[m], content[m + 1]);
            if kinds[i] == Kind::Text
                && lines[i].text.ends_with([':', '：'])
                && matches!(kinds[j], Kind::Reference(_))
            {
                kinds[i] = Kind::Closing;
            }
        }
    }
    let last_turn = content
        .iter()
        .rposition(|&i| is_turn(&kinds[i]))
        .unwrap_or(0);
    let next_is_turn =
        |n: usize, kinds: &[Kind]| content.get(n + 1).is_some_and(|&j| is_turn(&kinds[j]));

    // Numbered lines: a turn after them, or numbers in sequence.
    let mut last_number: Option<u32> = None;
    for n in 0..content.len() {
        let i = content[n];
        match &kinds[i] {
            Kind::Heading {
                number: Some(num), ..
            } => {
                last_number = rules::numbered_line(&format!("{num} x")).map(|(v, _, _)| v);
            }
            Kind::Text => {
                // Numbered lines next to each other, or after a colon, are a list.
                let numbered = |m: Option<&usize>| {
                    m.is_some_and(|&j| rules::numbered_line(lines[j].text).is_some())
                };
                let in_list = n.checked_sub(1).is_some_and(|m| {
                    numbered(content.get(m)) || lines[content[m]].text.ends_with([':', '：'])
                }) || numbered(content.get(n + 1));
                if let Some((value, number, text)) = rules::numbered_line(lines[i].text)
                    && !in_list
                {
                    let in_sequence = last_number.is_some_and(|l| value == l + 1);
                    if in_sequence || (next_is_turn(n, kinds) && value <= 99) {
                        kinds[i] = Kind::Heading {
                            number: Some(number),
                            text,
                            level: Some(1),
                        };
                        last_number = Some(value);
                    }
                }
            }
            _ => {}
        }
    }

    // A short line ending in a colon right before the first turn heads the dialogue
    // (`文字记录:`, `Transcript:`).
    let mut dialogue_heading = None;
    if let Some(n) = first_turn.checked_sub(1) {
        let i = content[n];
        let text = lines[i].text;
        let title = text.trim_end_matches([':', '：']).trim_end();
        if kinds[i] == Kind::Text
            && title.len() < text.len()
            && !title.is_empty()
            && rules::han_width(title) <= 12
            && !title.contains([':', '：', '，', ',', '。', '.', '(', '（'])
        {
            kinds[i] = Kind::plain_heading(title);
            dialogue_heading = Some(i);
        }
    }
    // A single unnumbered heading in the midst of the dialogue, the text's only one, the
    // answer before it and a turn after: the answer's last line without its full stop.
    let headings: Vec<usize> = (0..content.len())
        .filter(|&n| matches!(kinds[content[n]], Kind::Heading { .. }))
        .collect();
    if let [n] = headings[..]
        && n > first_turn
        && matches!(kinds[content[n]], Kind::Heading { number: None, .. })
        && kinds[content[n - 1]] == Kind::Text
        && next_is_turn(n, kinds)
    {
        let i = content[n];
        kinds[i] = Kind::Text;
        warnings.push(Warning::at(
            lines[i].no,
            format!("\"{}\" is the text's only heading, between an answer and a turn: read as the answer's last line (override with kind = \"heading\")", lines[i].text),
        ));
    }
    let confirmed = (0..content.len())
        .filter(|&n| matches!(kinds[content[n]], Kind::Heading { .. }) && next_is_turn(n, kinds))
        .count();
    let ends_sentence = |t: &str| {
        t.ends_with([
            '。', '.', '！', '!', '？', '?', '…', '”', '"', '」', '）', ')', '：', ':', '；', ';',
            '，', ',',
        ])
    };
    for n in first_turn..content.len() {
        let i = content[n];
        let prev_ends_turn = n > 0
            && (matches!(kinds[content[n - 1]], Kind::Text)
                || matches!(kinds[content[n - 1]], Kind::Turn { rest, .. } if !rest.is_empty()));
        let text = lines[i].text;
        let short = rules::title_shaped(text) && text.chars().count() <= 60;
        // A short line right before a turn, shaped like the confirmed headings.
        if confirmed >= 2
            && kinds[i] == Kind::Text
            && prev_ends_turn
            && next_is_turn(n, kinds)
            && short
            && !ends_sentence(text)
        {
            kinds[i] = Kind::plain_heading(text);
            warnings.push(Warning::at(
                lines[i].no,
                format!("\"{text}\" read as a heading: it stands before a turn as the document's other headings do; if it ends the answer, override with kind = \"text\""),
            ));
            continue;
        }
        // A short line inside an answer that goes on after it, before the dialogue ends; in
        // a text whose paragraphs stand between blank lines, a line that touches another is
        // inside a block (a verse, a stanza), not a caption of its own.
        let inside_dialogue = n < last_turn;
        let next_is_text = content.get(n + 1).is_some_and(|&j| kinds[j] == Kind::Text);
        let in_block = blank_separated && (touches(i.wrapping_sub(1)) || touches(i + 1));
        if in_block && matches!(kinds[i], Kind::Heading { number: None, .. }) && prev_ends_turn {
            kinds[i] = Kind::Text;
            continue;
        }
        // Between a question and its answer no section begins: a short line there is the
        // caption of a picture set beside them (`KDE World Summit’s logo`).
        let speaker_of = |j: usize, kinds: &[Kind]| match kinds[j] {
            Kind::Turn { speaker, .. } | Kind::SpeakerAlone(speaker) => Some(speaker),
            _ => None,
        };
        let asked = (first_turn..n)
            .rev()
            .find_map(|m| speaker_of(content[m], kinds).map(|s| (s, lines[content[n - 1]].text)));
        let answered_by = content.get(n + 1).and_then(|&j| speaker_of(j, kinds));
        if matches!(kinds[i], Kind::Heading { number: None, .. })
            && n > first_turn
            && let (Some((asker, last)), Some(answerer)) = (asked, answered_by)
            && asker != answerer
            && last.ends_with(['？', '?'])
            && !text.ends_with(['？', '?'])
        {
            kinds[i] = Kind::Caption(None);
            warnings.push(Warning::at(
                lines[i].no,
                format!("\"{text}\" read as a caption: it stands between a question and its answer (override with kind = \"heading\")"),
            ));
            continue;
        }
        // Where the document's headings are confirmed, a line shaped like them that names no
        // picture opens a section of narrative (`我们一起学到了什么`); it stays a heading.
        let like_headings = confirmed >= 2 && !rules::names_a_picture(text);
        if matches!(kinds[i], Kind::Heading { number: None, .. })
            && prev_ends_turn
            && next_is_text
            && inside_dialogue
            && !like_headings
            && !text.ends_with(['？', '?', '！', '!'])
        {
            kinds[i] = Kind::Caption(None);
            warnings.push(Warning::at(
                lines[i].no,
                format!("\"{text}\" read as a caption inside a turn (the answer goes on after it); if it is part of the turn, override with kind = \"text\", if a heading, kind = \"heading\""),
            ));
        }
    }

    // After the last turn, in a text with headings, a short line over more text heads what
    // follows (`Join us!` over the show notes): the boilerplate never joins the last turn.
    let has_headings = content
        .iter()
        .any(|&i| matches!(kinds[i], Kind::Heading { .. }));
    if has_headings {
        for n in last_turn + 1..content.len() {
            let i = content[n];
            let text = lines[i].text;
            let next_is_text = content.get(n + 1).is_some_and(|&j| kinds[j] == Kind::Text);
            let short = text.split_whitespace().count() <= 5 && rules::title_shaped(text);
            let in_block = blank_separated && (touches(i.wrapping_sub(1)) || touches(i + 1));
            if kinds[i] == Kind::Text
                && short
                && next_is_text
                && !in_block
                && !text.contains([':', '：'])
                && !text.ends_with(['.', '。', ',', '，', '?', '？'])
            {
                kinds[i] = Kind::plain_heading(text);
                warnings.push(Warning::at(
                    lines[i].no,
                    format!("\"{text}\" after the last turn read as a heading over what follows, which is the article's, not the last speaker's"),
                ));
                break;
            }
        }
    }

    // A lone heading-shaped line before the dialogue, where no headings run among the turns
    // (a heading already settled, such as a series heading naming the guest, stays).
    let headings_among_turns = content[first_turn..]
        .iter()
        .any(|&i| matches!(kinds[i], Kind::Heading { .. }));
    if !headings_among_turns {
        for &i in content.iter().take(first_turn) {
            if matches!(
                kinds[i],
                Kind::Heading {
                    number: None,
                    level: None,
                    ..
                }
            ) && dialogue_heading != Some(i)
            {
                kinds[i] = Kind::Text;
            }
        }
    }
}

/// Characters that carry a text's words, in pairs: what a pull quote shares with the line it
/// repeats.
pub(super) fn bigrams(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| zh::is_han(*c) || c.is_alphanumeric())
        .collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The share of a quotation's bigrams that a line has.
pub(super) fn echo_share(quote: &[(char, char)], line: &HashSet<(char, char)>) -> f64 {
    let shared = quote.iter().filter(|g| line.contains(g)).count();
    shared as f64 / quote.len().max(1) as f64
}

/// How many blocks (or lines) before or after a pull quote the line it repeats may be: more than a
/// long interview has.
pub(super) const ECHO_REACH: usize = 500;

/// A pull quote repeats a line when at least this share of its bigrams is in the line.
pub(super) const ECHO_SHARE: f64 = 0.25;

/// A pull quote repeats a line of its own article; a quotation that repeats no line within
/// ECHO_REACH lines of it is a quotation in the text (`“Wait… wasn't that GNU's?”`), read as
/// text so that it stays in its turn.
pub(super) fn unechoed_quotes_are_text(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    warnings: &mut Vec<Warning>,
) {
    if !kinds.contains(&Kind::PullQuote) {
        return;
    }
    // Each spoken line's bigrams once, not once per quotation near it.
    let grams: Vec<Option<HashSet<(char, char)>>> = kinds
        .iter()
        .zip(lines)
        .map(|(k, l)| {
            matches!(k, Kind::Text | Kind::Turn { .. })
                .then(|| bigrams(l.text).into_iter().collect())
        })
        .collect();
    for i in 0..kinds.len() {
        if kinds[i] != Kind::PullQuote {
            continue;
        }
        let quote = bigrams(lines[i].text);
        let from = i.saturating_sub(ECHO_REACH);
        let to = (i + ECHO_REACH).min(kinds.len());
        let echoed = grams[from..to]
            .iter()
            .flatten()
            .any(|g| echo_share(&quote, g) >= ECHO_SHARE);
        if !echoed {
            kinds[i] = Kind::Text;
            warnings.push(Warning::at(
                lines[i].no,
                "a quotation on its own line repeats nothing in the text, so it is read as text, not a pull quote (override with kind = \"pull-quote\")",
            ));
        }
    }
}

/// A magazine's boxed sidebar copied into the text: a title in headline capitals inside the
/// dialogue, after an answer and over paragraphs that run to the next turn (`Open Hardware
/// Foundation`, then what the box says), where the turns go on after it. It becomes a note
/// titled by that line, so the box's words are nobody's turn. A short line inside the box is
/// its caption. Once two such boxes stand among the turns, a line of that shape before the
/// dialogue, over the text that runs to the first turn, is one too (a glossary box).
pub(super) fn sidebars(lines: &[Line<'_>], kinds: &mut [Kind<'_>], warnings: &mut Vec<Warning>) {
    let content = content_lines(kinds);
    let is_turn = |k: &Kind| matches!(k, Kind::Turn { .. } | Kind::SpeakerAlone(_));
    let Some(first_turn) = content.iter().position(|&i| is_turn(&kinds[i])) else {
        return;
    };
    let last_turn = content
        .iter()
        .rposition(|&i| is_turn(&kinds[i]))
        .unwrap_or(0);
    let title_like = |k: &Kind| {
        matches!(
            k,
            Kind::Heading { number: None, .. } | Kind::Caption(None) | Kind::Text
        )
    };
    // The paragraphs after `n` up to the next turn, if only text and captions stand there.
    let body_to_turn = |n: usize, kinds: &[Kind]| -> Option<usize> {
        let mut m = n + 1;
        while m < content.len() && matches!(kinds[content[m]], Kind::Text | Kind::Caption(None)) {
            m += 1;
        }
        let texts = content[n + 1..m]
            .iter()
            .filter(|&&j| kinds[j] == Kind::Text)
            .count();
        (texts >= 1 && content.get(m).is_some_and(|&j| is_turn(&kinds[j]))).then_some(m)
    };
    let mut found = 0;
    let mut n = first_turn + 1;
    while n < last_turn {
        let i = content[n];
        let text = lines[i].text;
        let after_answer = matches!(kinds[content[n - 1]], Kind::Text)
            || matches!(kinds[content[n - 1]], Kind::Turn { rest, .. } if !rest.is_empty());
        let shaped =
            title_like(&kinds[i]) && rules::headline_case(text, 2) && !rules::names_a_picture(text);
        match body_to_turn(n, kinds) {
            Some(end) if after_answer && shaped => {
                open_sidebar(lines, kinds, &content[n..end], warnings);
                found += 1;
                n = end;
            }
            _ => n += 1,
        }
    }
    if found < 2 {
        return;
    }
    // The glossary box before the dialogue.
    let boxed = |n: usize| {
        let text = lines[content[n]].text;
        title_like(&kinds[content[n]])
            && rules::headline_case(text, 1)
            && rules::title_shaped(text)
            && !rules::names_a_picture(text)
    };
    if let Some(n) = (1..first_turn).rev().find(|&n| boxed(n))
        && kinds[content[n - 1]] == Kind::Text
        && body_to_turn(n, kinds) == Some(first_turn)
    {
        open_sidebar(lines, kinds, &content[n..first_turn], warnings);
    }
}

/// Makes `box_lines[0]` a note label over the rest; short lines inside are its captions.
fn open_sidebar(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    box_lines: &[usize],
    warnings: &mut Vec<Warning>,
) {
    let (&title, body) = box_lines.split_first().expect("a title and its text");
    let alone = |j: usize| {
        (j == 0 || lines[j - 1].is_blank()) && lines.get(j + 1).is_none_or(Line::is_blank)
    };
    for &j in body {
        let text = lines[j].text;
        // A table's rows touch each other; a caption stands alone.
        let short = rules::title_shaped(text) && text.split_whitespace().count() <= 8 && alone(j);
        kinds[j] = if short && !text.ends_with(['.', '?', '!', ':']) {
            Kind::Caption(None)
        } else {
            Kind::Text
        };
    }
    // The line was first weighed as a caption or heading; that guess is superseded.
    warnings.retain(|w| w.line != Some(lines[title].no));
    kinds[title] = Kind::Note {
        label: lines[title].text.to_string(),
        rest: "",
    };
    warnings.push(Warning::at(
        lines[title].no,
        format!("\"{}\" read as the title of a sidebar (a box beside the interview): the text under it, up to the next turn, is nobody's turn (override with kind = \"heading\" or \"text\")", lines[title].text),
    ));
}

/// A magazine's pull quote without quotation marks: a line with no sentence end whose words
/// all stand, in order, in a paragraph at most three lines away that ends a sentence or says
/// more (`We need more people to engage themselves politically for free software`, lifted
/// from the answer around it). A line repeated so is the page's, not a second saying.
pub(super) fn unmarked_pull_quotes(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    warnings: &mut Vec<Warning>,
) {
    let words = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric() || zh::is_han(*c))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let content = content_lines(kinds);
    let ends_sentence = |t: &str| t.ends_with(['.', '。', '!', '！', '?', '？', '”', '"', '…']);
    for n in 0..content.len() {
        let i = content[n];
        let text = lines[i].text;
        let candidate = matches!(
            kinds[i],
            Kind::Text | Kind::Heading { number: None, .. } | Kind::Caption(None)
        ) && !ends_sentence(text)
            && (text.split_whitespace().count() >= 6 || rules::han_width(text) >= 24);
        if !candidate {
            continue;
        }
        let quote = words(text);
        let near = content[n.saturating_sub(3)..(n + 4).min(content.len())]
            .iter()
            .filter(|&&j| j != i);
        let repeats = near.clone().any(|&j| {
            let other = lines[j].text;
            let body = match kinds[j] {
                Kind::Turn { rest, .. } => rest,
                _ => other,
            };
            let said = words(body);
            said.contains(&quote) && (said.len() > quote.len() || ends_sentence(body))
        });
        if repeats {
            kinds[i] = Kind::PullQuote;
            warnings.push(Warning::at(
                lines[i].no,
                "a line that repeats a sentence next to it, without quotation marks, is read as a pull quote (override with kind = \"text\")",
            ));
        }
    }
}

/// A short line with no sentence end inside a turn, right before or after a pull quote, is
/// the caption of the picture the page set there with it (`Perl 6 : Camelia`).
pub(super) fn captions_beside_pull_quotes(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    warnings: &mut Vec<Warning>,
) {
    let content = content_lines(kinds);
    let Some(first_turn) = content
        .iter()
        .position(|&i| matches!(kinds[i], Kind::Turn { .. }))
    else {
        return;
    };
    for n in first_turn + 1..content.len().saturating_sub(1) {
        let (prev, i, next) = (content[n - 1], content[n], content[n + 1]);
        let text = lines[i].text;
        let in_turn = matches!(kinds[prev], Kind::Text)
            || matches!(kinds[prev], Kind::Turn { rest, .. } if !rest.is_empty());
        let short = rules::han_width(text) <= 40
            && rules::title_shaped(text)
            && !text.ends_with(['.', '。', '!', '！', '?', '？', ':', '：', '”', '"', '…']);
        if matches!(kinds[i], Kind::Text | Kind::Heading { number: None, .. })
            && in_turn
            && short
            && kinds[next] == Kind::PullQuote
        {
            kinds[i] = Kind::Caption(None);
            warnings.push(Warning::at(
                lines[i].no,
                format!("\"{text}\" read as a caption: a short line inside a turn, beside a pull quote (override with kind = \"text\")"),
            ));
        }
    }
}

/// In a two-speaker interview where one speaker's turns are one paragraph each (the
/// questions), text between two of their turns in a row is the other speaker's answer that
/// lost its label (`LV：…` / an unlabelled paragraph / `LV：…`).
pub(super) fn unlabelled_answers<'a>(
    lines: &[Line<'a>],
    kinds: &mut [Kind<'a>],
    warnings: &mut Vec<Warning>,
) {
    let content = content_lines(kinds);
    let turns: Vec<(usize, usize)> = (0..content.len())
        .filter_map(|n| match kinds[content[n]] {
            Kind::Turn { speaker, rest, .. } if !rest.is_empty() => Some((n, speaker)),
            _ => None,
        })
        .collect();
    let mut speakers: Vec<usize> = turns.iter().map(|&(_, s)| s).collect();
    speakers.sort_unstable();
    speakers.dedup();
    let [a, b] = speakers[..] else {
        return;
    };
    let followed_by_text =
        |n: usize, kinds: &[Kind]| content.get(n + 1).is_some_and(|&j| kinds[j] == Kind::Text);
    for (asker, answerer) in [(a, b), (b, a)] {
        let asked: Vec<usize> = turns
            .iter()
            .filter(|&&(_, s)| s == asker)
            .map(|&(n, _)| n)
            .collect();
        // Runs of text after one of the asker's turns, the next turn being the asker's again.
        let gaps: Vec<usize> = asked
            .windows(2)
            .filter(|w| {
                followed_by_text(w[0], kinds)
                    && content[w[0] + 1..w[1]]
                        .iter()
                        .all(|&j| kinds[j] == Kind::Text)
            })
            .map(|w| w[0])
            .collect();
        let one_paragraph = asked
            .iter()
            .filter(|n| !gaps.contains(n))
            .all(|&n| !followed_by_text(n, kinds));
        if asked.len() < 3 || gaps.is_empty() || gaps.len() * 4 > asked.len() || !one_paragraph {
            continue;
        }
        let Some(label) = turns.iter().find_map(|&(n, s)| match kinds[content[n]] {
            Kind::Turn { label, .. } if s == answerer => Some(label),
            _ => None,
        }) else {
            continue;
        };
        for n in gaps {
            let i = content[n + 1];
            // No label was written on the line: the turn's label is empty.
            kinds[i] = Kind::Turn {
                speaker: answerer,
                label: "",
                rest: lines[i].text,
            };
            warnings.push(Warning::at(
                lines[i].no,
                format!("text between two turns of the same speaker, who otherwise says one paragraph a turn, read as an answer by \"{label}\" (override with kind = \"text\")"),
            ));
        }
        return;
    }
}

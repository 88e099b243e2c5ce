//! Line kinds settled by the neighbouring lines (the title, lists, bracketed lines).

use super::evidence::{
    captions_beside_pull_quotes, sidebars, unechoed_quotes_are_text, unlabelled_answers,
    unmarked_pull_quotes, weigh_headings,
};
use super::lines::Line;
use super::{Kind, content_lines, find_label, label_key, rules};
use crate::error::Warning;
use crate::sidecar::Sidecar;

/// Decisions that need the neighbouring lines, in this order: the title (and a `——` subtitle
/// under it); what follows a label standing alone is its text; numbered lines in a run or after
/// a colon are a list, not headings; a question-like heading not followed by a turn is text;
/// a quotation introduced by a colon is text; a heading over links titles them; heading levels.
pub(super) fn resolve_context<'a>(
    lines: &[Line<'a>],
    kinds: &mut [Kind<'a>],
    sidecar: &Sidecar,
    warnings: &mut Vec<Warning>,
) {
    let content = content_lines(kinds);
    let Some(&first) = content.first() else {
        return;
    };
    let text_of = |i: usize| lines[i].text;
    let ends_with_colon = |i: usize| text_of(i).ends_with([':', '：']);

    // The account name and bio right above a post's header or its first counter at the top
    // (`新京报书评周刊` over `… 来自 微博网页版`; `林间` and a line of bio over `1,024 人赞同了
    // 该回答`) are the page's author card, like the header.
    if let Some(h) = (0..kinds.len().min(8)).find(|&i| {
        matches!(
            kinds[i],
            Kind::Dropped("post header") | Kind::Dropped("page widget")
        )
    }) {
        let card = |i: usize| {
            let text = text_of(i);
            let byline =
                rules::is_byline(text) || text.to_lowercase().split_whitespace().any(|w| w == "by");
            !matches!(kinds[i], Kind::Blank | Kind::Dropped(_))
                && !byline
                && text.chars().any(char::is_alphabetic)
                && rules::han_width(text) <= 20
                && !text.contains(['。', '.', '！', '!', '？', '?'])
        };
        let mut top = h;
        while top > first + 1 && h - top < 2 && card(top - 1) {
            top -= 1;
        }
        for kind in &mut kinds[top..h] {
            *kind = Kind::Dropped("author card");
        }
    }
    let first_turn = (0..kinds.len())
        .find(|&i| matches!(kinds[i], Kind::Turn { .. }))
        .unwrap_or(kinds.len());
    // A headline of the form `Name: “quote”` over text that is not a turn.
    let headline_quote = match kinds[first] {
        Kind::Turn { rest, .. } => rules::pull_quote(rest),
        Kind::Caption(Some(_)) => {
            find_label(text_of(first)).is_some_and(|f| rules::pull_quote(f.rest))
        }
        _ => false,
    };
    if headline_quote && content.get(1).is_some_and(|&j| kinds[j] == Kind::Text) {
        kinds[first] = Kind::Title;
    }
    // The article's title: a first line shaped like one, unless the sidecar names another.
    let title_candidate = matches!(
        kinds[first],
        Kind::Text | Kind::PullQuote | Kind::Heading { number: None, .. }
    ) && rules::title_shaped(text_of(first))
        && content.len() > 1
        && sidecar.title.as_deref().is_none_or(|t| {
            let (t, l) = (label_key(t), label_key(text_of(first)));
            t.contains(&l) || l.contains(&t)
        });
    if title_candidate {
        kinds[first] = Kind::Title;
        let second = content[1];
        if text_of(second).starts_with(['—', '－', '-']) && rules::title_shaped(text_of(second))
        {
            kinds[second] = Kind::Subtitle;
        }
    }

    // Bracketed lines as the transcriber's section marks: `(開場)` before the first turn and
    // `(第一題：技術與民主的關係)` between turns, three or more, are headings, not directions.
    let bracketed_lines: Vec<usize> = content
        .iter()
        .copied()
        .filter(|&i| kinds[i] == Kind::Text && rules::bracketed(text_of(i)).is_some())
        .collect();
    let opens_with_one = bracketed_lines
        .first()
        .is_some_and(|&i| i < first_turn && first_turn < kinds.len());
    if opens_with_one && bracketed_lines.len() >= 3 {
        for &i in &bracketed_lines {
            let inner = rules::bracketed(text_of(i)).unwrap_or_default();
            let (number, text) = match find_label(inner) {
                Some(found) if !found.rest.is_empty() => {
                    (Some(found.label.to_string()), found.rest.to_string())
                }
                _ => (None, inner.to_string()),
            };
            kinds[i] = Kind::Heading {
                number,
                text,
                level: Some(1),
            };
        }
        warnings.push(Warning::at(
            lines[bracketed_lines[0]].no,
            format!(
                "{} lines in brackets, the first before the dialogue, read as section headings",
                bracketed_lines.len()
            ),
        ));
        // With the sections marked so, a question on its own line among the turns is the
        // end of a speaker's turn (`您怎麼看這個困境？`), not a heading.
        for &i in &content[..] {
            let asks = text_of(i).ends_with(['？', '?']);
            if i > first_turn
                && asks
                && matches!(kinds[i], Kind::Heading { number: None, .. })
                && !bracketed_lines.contains(&i)
            {
                kinds[i] = Kind::Text;
            }
        }
    }

    for (n, &i) in content.iter().enumerate() {
        let prev = n.checked_sub(1).map(|m| content[m]);
        let next = content.get(n + 1).copied();
        let next_kind = next.map(|j| kinds[j].clone());
        let labelled_alone = prev.is_some_and(|p| {
            matches!(
                kinds[p],
                Kind::Turn { rest: "", .. } | Kind::Note { rest: "", .. }
            )
        });
        match kinds[i].clone() {
            // A name alone before the dialogue starts is a byline or an author card.
            Kind::SpeakerAlone(_) if i < first_turn => kinds[i] = Kind::Text,
            Kind::SpeakerAlone(speaker) => {
                kinds[i] = if next_kind == Some(Kind::Text) || next_kind.as_ref().is_some_and(|k| matches!(k, Kind::Heading { .. } | Kind::PullQuote)) {
                    Kind::Turn {
                        speaker,
                        label: text_of(i),
                        rest: "",
                    }
                } else {
                    Kind::Caption(Some(speaker))
                };
            }
            Kind::Heading { .. } | Kind::PullQuote | Kind::Caption(_) | Kind::Closing
                if labelled_alone =>
            {
                kinds[i] = Kind::Text;
            }
            Kind::Heading {
                number: Some(_), ..
            } => {
                let numbered = |j: Option<usize>| {
                    j.is_some_and(|j| matches!(kinds[j], Kind::Heading { number: Some(_), .. }) || rules::numbered_heading(text_of(j)).is_some() && matches!(kinds[j], Kind::Text))
                };
                let in_list = prev.is_some_and(ends_with_colon) || numbered(prev) || numbered(next);
                if in_list {
                    kinds[i] = Kind::Text;
                }
            }
            Kind::Heading { number: None, .. } => {
                let asks = text_of(i).ends_with(['？', '?', '！', '!']);
                let before_turn = matches!(next_kind, Some(Kind::Turn { .. } | Kind::Heading { .. } | Kind::SpeakerAlone(_)));
                let licence_box = rules::is_licence_title(text_of(i))
                    && next.is_some_and(|j| rules::is_licence_line(text_of(j)));
                if licence_box {
                    kinds[i] = Kind::Closing;
                } else if matches!(next_kind, Some(Kind::Reference(_))) {
                    kinds[i] = Kind::ReferencesTitle;
                } else if asks && !before_turn {
                    kinds[i] = Kind::Text;
                }
            }
            Kind::PullQuote if prev.is_some_and(ends_with_colon) => kinds[i] = Kind::Text,
            // A line wholly in brackets between two turns is the transcriber's, not the
            // speaker's: `(Cross-talk.)` a stage direction, `（視訊者：…）` a note.
            Kind::Text
                if i > first_turn
                    && next_kind
                        .as_ref()
                        .is_some_and(|k| matches!(k, Kind::Turn { .. } | Kind::SpeakerAlone(_)))
                    && rules::bracketed(text_of(i)).is_some_and(|inner| {
                        !inner.chars().all(|c| c.is_ascii_digit() || ":.,- ".contains(c))
                    }) =>
            {
                let inner = rules::bracketed(text_of(i)).unwrap_or_default();
                kinds[i] = match find_label(inner) {
                    Some(found) if !found.rest.is_empty() => Kind::Note {
                        label: found.label.to_string(),
                        rest: found.rest,
                    },
                    _ => Kind::Break,
                };
                warnings.push(Warning::at(
                    lines[i].no,
                    "a line in brackets between turns is read as the transcriber's, not the speaker's (override with kind = \"text\")",
                ));
            }
            Kind::Text if rules::is_bullet_fragment(text_of(i)) => warnings.push(Warning::at(
                lines[i].no,
                "short bulleted line looks like page chrome, but stands inside the text; kept (override with kind = \"dropped\")",
            )),
            _ => {}
        }
    }

    // A line right above a picture credit, with no blank between, is the caption it credits
    // (`Haverford at her home in Falmouth.` over `Photograph: …`).
    let dialogue_start = kinds
        .iter()
        .position(|k| matches!(k, Kind::Turn { .. }))
        .unwrap_or(kinds.len());
    for i in dialogue_start + 1..kinds.len() {
        if matches!(kinds[i], Kind::Caption(None))
            && rules::caption_prefix(text_of(i))
            && kinds[i - 1] == Kind::Text
            && text_of(i - 1).chars().count() <= 120
        {
            kinds[i - 1] = Kind::Caption(None);
        }
    }
    weigh_headings(lines, kinds, warnings);
    sidebars(lines, kinds, warnings);
    unechoed_quotes_are_text(lines, kinds, warnings);
    unmarked_pull_quotes(lines, kinds, warnings);
    captions_beside_pull_quotes(lines, kinds, warnings);
    unlabelled_answers(lines, kinds, warnings);

    let has_numbered = kinds.iter().any(|k| {
        matches!(
            k,
            Kind::Heading {
                number: Some(_),
                ..
            }
        )
    });
    for kind in kinds.iter_mut() {
        if let Kind::Heading { number, level, .. } = kind
            && level.is_none()
        {
            *level = Some(if number.is_some() || !has_numbered {
                1
            } else {
                2
            });
        }
    }
}

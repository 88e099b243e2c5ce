//! The interview reader: plain text (as pasted from a web page or chat app) → [`Document`].
//!
//! The reader works line by line; every non-blank line is one paragraph. It knows nothing of
//! any particular article. First it collects the labels that start lines (`Name:` / `Name：`,
//! spaces allowed around the colon) and decides which are speakers and which introduce notes;
//! then it gives each line a kind by the first rule below that matches; then it settles what
//! needs the neighbouring lines; then it groups lines into blocks.
//!
//! **Labels**
//! - *Label*: text before the first colon of a line: at most 24 characters and 5 words, no
//!   prose punctuation, not starting with a digit; it may end in a role, `张三（主持人）` or
//!   `TERRY GROSS, HOST`. `李建华说：“…”` (a speech verb, then a quotation) is not a label.
//! - *Speaker*: a label that starts two or more lines, or is declared in the sidecar's
//!   `[[cast]]`; labels compare without case or spaces (`YANN LECUN:` is `Yann LeCun:`).
//!   A label seen once is a speaker when its last word is a speaker's label (`RUTH ADEYEMI:`
//!   before `ADEYEMI:`), or when it stands among the turns and looks like the speakers' labels
//!   (a guest who speaks once; warned).
//! - *Capitals label*: a name in capitals before a wide gap or a full stop, no colon
//!   (`Q    text`, `CHAIR POWELL. text`), or one word of capitals run into a sentence
//!   (`INTERVIEWER The Slipway is…`); a speaker when it recurs, or once among the turns where
//!   the speakers' labels are all written so (a reporter who asks once).
//! - *Full name once*: a label seen once whose first word or initials are a speaker's label
//!   (`Seth Kenlon:` … `Seth:`, `Linux Voice:` … `LV:`) is that speaker, shown by the full name.
//!   Labels seen once on adjacent lines are a list, not speakers; so is a label alone on its
//!   line, unless the speakers' labels stand alone on theirs too (`唐鳳：` over the answer).
//!   A family of labels seen once each, one stem and a letter or number (`學生 A`, `學生 B`),
//!   are speakers; so is a one-word label that lengthens a speaker's (`Jess:` … `Jessica:`).
//! - *Pause label*: `Break: [24:27]` marks a break in a recording, never a speaker.
//! - *Note label*: a usual note word (编者按, 编者注, 译者注, 注, Editor's note …), a label the
//!   sidecar lists in `reader.note_labels`, or a short label ending in 说/注/按 that stands
//!   alone on its line at least once (`Sense说:`); a note label is never a speaker.
//!
//! **Line kinds, in order of precedence**
//! 1. *Override*: a `[[lines]]` entry of the sidecar sets the kind of that line.
//! 2. *Page chrome* (dropped): a known widget line of the page it was copied from, with or
//!    without its counter (`A+`, `阅读原文`, `赞 86`), a short line with a widget phrase
//!    (`…扫一扫`), a post header (`原创 … 2024-03-15 08:30 发表于…`), or a short dash-bulleted
//!    fragment (`- 我的微信`) in the run of such lines at the very start or end of the text.
//! 3. *Turn*: a line starting with a speaker label and a colon; the text after the colon, or
//!    the next lines when the label stands alone, is what they say.
//! 4. *Note*: a line starting with a note label and a colon; alone on its line it takes the
//!    next lines, else it is that one paragraph.
//! 5. *Reference*: a line that ends in a URL, after an optional list marker and short title.
//! 6. *Label on its own line*: exactly a speaker's label or name, without colon, followed by
//!    text (otherwise it is a caption naming them).
//! 7. *Closing line*: an end mark (`（完）`, `-END-`) or a byline or credit (`By …`, `记者 …`,
//!    `编辑：…`): body text that ends any turn.
//! 8. *Pull quote*: a line wholly inside one pair of quotation marks (“…”, 「…」).
//! 9. *Caption*: a line starting with a caption mark (▲, 图：…), or with a speaker's name not
//!    followed by a colon that is either short and unpunctuated or ends in a quotation
//!    attributed to them (`X预计，“…”`).
//! 10. *Numbered heading*: a number (`01`, `1.`, `一、`, `第一章`, `Part 1`) and a short title
//!     without prose punctuation.
//! 11. *Heading*: a short line (≤ 30 characters) without prose punctuation but perhaps a final
//!     ？ or ！.
//! 12. *Text*: anything else.
//!
//! **In context**: the first line, if shaped like a title (no final full stop, at most 50
//! Chinese or 100 Latin characters) and not a turn, is the *title* (unless the sidecar names
//! another), and a line under it starting with a dash the *subtitle*. Whatever follows a label
//! standing alone is its text. Numbered lines after a line ending in a colon, or next to each
//! other, are a list, not headings. A heading ending in ？/！ that no turn follows is text. A
//! quotation after a line ending in a colon is text. A heading above links titles them.
//! Numbered headings are level 1; plain ones level 2 when the text has numbered ones, else 1.
//! A line right above a picture credit (`Photograph: …`) among the turns is the caption it
//! credits. A short line ending in a colon right before the first turn heads the dialogue (`文字记录:`);
//! a text's only unnumbered heading, between an answer and a turn, is the answer's last line
//! (warned).
//!
//! **Whole-document evidence** (`weigh_headings`): a numbered line of any length is a heading
//! when a turn follows it or its number goes on from the previous heading's; where headings
//! stand before turns, a short line without a sentence end before a turn is one too; a short
//! line inside an answer that goes on after it is a caption, unless it is shaped like the
//! confirmed headings and names no picture (then a heading), or, in a text whose paragraphs
//! stand between blank lines, it touches the lines around it (a verse); a lone heading-shaped
//! line before the dialogue of a text with no headings among its turns is lead; a quotation
//! alone on its line that repeats no line near it is text, not a pull quote; page numbers and
//! the running heads beside them are dropped, as is an author card (a name, a bio) right
//! above a post's header or counter at the top (`新京报书评周刊`); a pause (`(Commercial break begins.)`) is a break,
//! and so is a line wholly in brackets between two turns (`(Cross-talk.)`, `(LAUGHTER)`; a
//! note when it has a label inside, `（視訊者：…）`; warned), unless three or more such lines,
//! the first before the dialogue, mark the sections (`(開場)`, `(第一題：…)`: headings; a
//! question alone among the turns is then the end of a turn); in a text whose paragraphs
//! stand between blank lines, three or more lines with no blank between them are a list or a
//! verse, never headings; after the last turn of a text with headings, a short line over more
//! text (`Join us!`) is a heading, so that what follows is the article's, not the last
//! speaker's;
//! and an end (`END 2:05 P.M. EST`, a clock alone, `(… concluded at …)`) closes. A text
//! without a title is titled by its first heading, else by its cast.
//!
//! **Grouping**: text after a turn or note continues it (a new label, a heading, a reference
//! or a closing line ends it); a pull quote or caption inside a turn interrupts it, and the
//! text after it is a *continued* turn of the same speaker. Text before the first heading (or,
//! without headings, before the first turn) is the lead. A bracketed span inside a paragraph
//! that starts with a note label and colon is an inline aside.
//!
//! **Warnings** name the line whenever a rule was a guess: a heading that splits a speaker's
//! turn, a pull quote that repeats nothing said, a bulleted fragment in mid-text, a speaker
//! found on only one or two lines, a label with no text, no speakers at all.

mod asides;
mod labels;
pub(crate) mod lines;
mod rules;

use std::collections::HashMap;

use crate::error::{Error, Warning};
use crate::input::Source;
use crate::model::{Block, Document, DroppedLine, Metadata, Paragraph, Reference, Role, Speaker};
use crate::sidecar::{LineKind, LineOverride, Sidecar};
use crate::slug::slugify;
use crate::zh;

use labels::{Labels, role_from_label};
pub use labels::{find_label, label_key};
use lines::Line;

/// A parsed document and what the reader was unsure about.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

/// What a line is, before grouping.
#[derive(Debug, Clone, PartialEq)]
enum Kind<'a> {
    Blank,
    Dropped(&'static str),
    Turn {
        speaker: usize,
        label: &'a str,
        rest: &'a str,
    },
    Note {
        label: String,
        rest: &'a str,
    },
    /// Exactly a speaker's name on its own line, no colon.
    SpeakerAlone(usize),
    Reference(rules::Link),
    PullQuote,
    Caption(Option<usize>),
    /// A numbered or plain heading; the level is settled in context.
    Heading {
        number: Option<String>,
        text: String,
        level: Option<u8>,
    },
    Title,
    Subtitle,
    /// A short line titling the reference list below it.
    ReferencesTitle,
    /// A byline, credit or end mark: body text that ends any turn or note.
    Closing,
    /// A separator line: ends any turn or note.
    Break,
    Text,
}

/// Reads `source` with the hints of `sidecar`.
pub fn parse(source: &Source, sidecar: &Sidecar) -> Result<Parsed, Error> {
    let lines = lines::split_lines(&source.text);
    if lines.iter().all(Line::is_blank) {
        let what = if source.text.is_empty() {
            "is empty"
        } else {
            "contains only whitespace"
        };
        return Err(Error::input(
            &source.name,
            format!("{what}: nothing to read"),
        ));
    }
    let mut warnings = source.warnings.clone();
    let labels = Labels::detect(&lines, sidecar, &mut warnings);
    let overrides = resolve_overrides(&lines, &sidecar.lines, &mut warnings);
    let mut kinds: Vec<Kind> = lines
        .iter()
        .map(|line| match overrides.get(&line.no) {
            Some(o) => override_kind(line, o, &mut warnings),
            None => classify(line, &labels),
        })
        .collect();
    drop_running_heads(&lines, &mut kinds, &overrides);
    drop_edge_chrome(&lines, &mut kinds, &overrides);
    // The sidecar has the last word: the whole-document rules never undo an override.
    let forced: Vec<(usize, Kind)> = (0..lines.len())
        .filter(|&i| overrides.contains_key(&lines[i].no))
        .map(|i| (i, kinds[i].clone()))
        .collect();
    resolve_context(&lines, &mut kinds, sidecar, &mut warnings);
    for (i, kind) in forced {
        kinds[i] = kind;
    }
    let mut document = assemble(&lines, &kinds, &labels, &mut warnings);
    document.meta = metadata(sidecar, &source.name, &document, &source.text);
    finish_cast(&mut document, &labels, sidecar, &mut warnings);
    let titled = document
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Title { .. }));
    if sidecar.title.is_none()
        && !titled
        && let Some(title) = title_from_content(&document)
    {
        document.meta.title = title;
    }
    link_pull_quotes(&mut document, &mut warnings);
    if document.cast.is_empty() {
        warnings.push(Warning::general(
            "no speaker labels found (\"Name: text\" at line starts); reading it as a plain article",
        ));
    }
    warnings.sort_by_key(|w| w.line.unwrap_or(0));
    Ok(Parsed { document, warnings })
}

fn classify<'a>(line: &Line<'a>, labels: &Labels) -> Kind<'a> {
    let text = line.text;
    if text.is_empty() {
        return Kind::Blank;
    }
    if rules::is_widget(text) {
        return Kind::Dropped("page widget");
    }
    if rules::is_post_header(text) {
        return Kind::Dropped("post header");
    }
    if rules::is_page_number(text) {
        return Kind::Dropped("page number");
    }
    if rules::stage_direction(text) == Some(rules::StageDirection::Pause) {
        return Kind::Break;
    }
    if let Some(found) = find_label(text) {
        let pause = labels::BREAK_LABELS.contains(&label_key(found.label).as_str());
        if pause && (found.rest.chars().count() <= 20 || labels::parts(found.rest).time.is_some()) {
            return Kind::Break;
        }
        let untimed_in_transcript = labels.timed && labels::parts(found.label).time.is_none();
        if let Some(speaker) = labels
            .speaker_for(found.label)
            .filter(|_| !untimed_in_transcript)
        {
            return Kind::Turn {
                speaker,
                label: found.label,
                rest: found.rest,
            };
        }
        if labels.is_note_label(found.label) {
            return Kind::Note {
                label: found.label.to_string(),
                rest: found.rest,
            };
        }
    }
    if let Some(link) = rules::reference(text) {
        return Kind::Reference(link);
    }
    if rules::is_separator(text) {
        return Kind::Break;
    }
    let alone = labels::parts(text);
    if alone.role.is_empty()
        && alone.alias.is_none()
        && (alone.name == text || alone.time.is_some())
        && let Some(speaker) = labels.speaker_for(text)
    {
        return Kind::SpeakerAlone(speaker);
    }
    if rules::is_end_mark(text) || rules::is_byline(text) || rules::is_bare_time(text) {
        return Kind::Closing;
    }
    if rules::pull_quote(text) {
        return Kind::PullQuote;
    }
    if rules::caption_prefix(text) {
        return Kind::Caption(None);
    }
    if let Some((speaker, len)) = labels.speaker_at_start(text)
        && rules::caption_after_name(text, len)
    {
        return Kind::Caption(Some(speaker));
    }
    if let Some((number, heading)) = rules::numbered_heading(text) {
        return Kind::Heading {
            number: Some(number),
            text: heading,
            level: Some(1),
        };
    }
    if let Some(heading) = rules::strip_hash_mark(text) {
        let (number, text) = rules::numbered_heading(heading)
            .map_or((None, heading.to_string()), |(n, t)| (Some(n), t));
        return Kind::Heading {
            number,
            text,
            level: None,
        };
    }
    if rules::plain_heading(text) && !rules::is_bullet_fragment(text) {
        return Kind::Heading {
            number: None,
            text: text.to_string(),
            level: None,
        };
    }
    Kind::Text
}

/// Finds the line each override names; unmatched overrides are reported.
fn resolve_overrides<'o>(
    lines: &[Line<'_>],
    overrides: &'o [LineOverride],
    warnings: &mut Vec<Warning>,
) -> HashMap<usize, &'o LineOverride> {
    let mut map = HashMap::new();
    for o in overrides {
        let target = match (o.line, &o.starts_with) {
            (Some(n), None) => lines.iter().find(|l| l.no == n && !l.is_blank()),
            (None, Some(prefix)) => lines
                .iter()
                .find(|l| !l.is_blank() && l.text.starts_with(zh::trim_edges(prefix))),
            _ => continue,
        };
        match target {
            Some(line) => {
                map.insert(line.no, o);
            }
            None => warnings.push(Warning::general(format!(
                "sidecar override {} matches no non-blank line; ignored",
                match (o.line, &o.starts_with) {
                    (Some(n), _) => format!("for line {n}"),
                    (_, Some(p)) => format!("starts_with = {p:?}"),
                    _ => String::new(),
                }
            ))),
        }
    }
    map
}

fn override_kind<'a>(line: &Line<'a>, o: &LineOverride, warnings: &mut Vec<Warning>) -> Kind<'a> {
    match o.kind {
        LineKind::Text => Kind::Text,
        LineKind::Heading => {
            let (number, text) = rules::numbered_heading(line.text)
                .map_or((None, line.text.to_string()), |(n, t)| (Some(n), t));
            Kind::Heading {
                level: Some(o.level.unwrap_or(if number.is_some() { 1 } else { 2 })),
                number,
                text,
            }
        }
        LineKind::PullQuote => Kind::PullQuote,
        LineKind::Caption => Kind::Caption(None),
        LineKind::Note => Kind::Note {
            label: o.label.clone().unwrap_or_else(|| "注".to_string()),
            rest: line.text,
        },
        LineKind::Reference => match rules::reference(line.text) {
            Some(link) => Kind::Reference(link),
            None => {
                warnings.push(Warning::at(
                    line.no,
                    "override says reference, but the line has no URL; kept as text",
                ));
                Kind::Text
            }
        },
        LineKind::Dropped => Kind::Dropped("sidecar override"),
    }
}

/// A document that went through pages (it has page numbers) repeats its running head: a line
/// written three or more times, mostly next to a page number, is page furniture everywhere.
fn drop_running_heads(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    overrides: &HashMap<usize, &LineOverride>,
) {
    let page_numbers: Vec<usize> = (0..kinds.len())
        .filter(|&i| kinds[i] == Kind::Dropped("page number"))
        .collect();
    if page_numbers.len() < 2 {
        return;
    }
    let mut occurrences: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.is_blank() && !matches!(kinds[i], Kind::Dropped(_) | Kind::Turn { .. }) {
            occurrences.entry(line.text).or_default().push(i);
        }
    }
    // Near: no more than two other lines with text between it and a page number.
    let near = |i: usize| {
        page_numbers.iter().any(|&p| {
            let (a, b) = (i.min(p), i.max(p));
            lines[a + 1..b].iter().filter(|l| !l.is_blank()).count() <= 2
        })
    };
    for at in occurrences.values().filter(|v| v.len() >= 3) {
        if at.iter().filter(|&&i| near(i)).count() * 2 < at.len() {
            continue;
        }
        for &i in at {
            if !overrides.contains_key(&lines[i].no) {
                kinds[i] = Kind::Dropped("running head");
            }
        }
    }
}

/// Drops the runs of bulleted fragments at the very start and end of the text (page chrome);
/// such fragments elsewhere stay text.
fn drop_edge_chrome(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    overrides: &HashMap<usize, &LineOverride>,
) {
    let is_chrome = |i: usize, kinds: &[Kind]| {
        matches!(kinds[i], Kind::Blank | Kind::Dropped(_))
            || (!overrides.contains_key(&lines[i].no)
                && (rules::is_bullet_fragment(lines[i].text) || rules::is_counter(lines[i].text)))
    };
    let mut i = 0;
    while i < kinds.len() && is_chrome(i, kinds) {
        if !matches!(kinds[i], Kind::Blank | Kind::Dropped(_)) {
            kinds[i] = Kind::Dropped("page chrome before the text");
        }
        i += 1;
    }
    let mut j = kinds.len();
    while j > i && is_chrome(j - 1, kinds) {
        if !matches!(kinds[j - 1], Kind::Blank | Kind::Dropped(_)) {
            kinds[j - 1] = Kind::Dropped("page chrome after the text");
        }
        j -= 1;
    }
}

/// Decisions that need the neighbouring lines, in this order: the title (and a `——` subtitle
/// under it); what follows a label standing alone is its text; numbered lines in a run or after
/// a colon are a list, not headings; a question-like heading not followed by a turn is text;
/// a quotation introduced by a colon is text; a heading over links titles them; heading levels.
fn resolve_context<'a>(
    lines: &[Line<'a>],
    kinds: &mut [Kind<'a>],
    sidecar: &Sidecar,
    warnings: &mut Vec<Warning>,
) {
    let content: Vec<usize> = (0..kinds.len())
        .filter(|&i| !matches!(kinds[i], Kind::Blank | Kind::Dropped(_)))
        .collect();
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
    if let Kind::Turn { rest, .. } = kinds[first]
        && rules::pull_quote(rest)
        && content.get(1).is_some_and(|&j| kinds[j] == Kind::Text)
    {
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
                if matches!(next_kind, Some(Kind::Reference(_))) {
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
    unechoed_quotes_are_text(lines, kinds, warnings);

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
fn weigh_headings(lines: &[Line<'_>], kinds: &mut [Kind<'_>], warnings: &mut Vec<Warning>) {
    let content: Vec<usize> = (0..kinds.len())
        .filter(|&i| !matches!(kinds[i], Kind::Blank | Kind::Dropped(_)))
        .collect();
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
            kinds[i] = Kind::Heading {
                number: None,
                text: title.to_string(),
                level: None,
            };
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
            kinds[i] = Kind::Heading {
                number: None,
                text: text.to_string(),
                level: None,
            };
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
                kinds[i] = Kind::Heading {
                    number: None,
                    text: text.to_string(),
                    level: None,
                };
                warnings.push(Warning::at(
                    lines[i].no,
                    format!("\"{text}\" after the last turn read as a heading over what follows, which is the article's, not the last speaker's"),
                ));
                break;
            }
        }
    }

    // A lone heading-shaped line before the dialogue, where no headings run among the turns.
    let headings_among_turns = content[first_turn..]
        .iter()
        .any(|&i| matches!(kinds[i], Kind::Heading { .. }));
    if !headings_among_turns {
        for &i in content.iter().take(first_turn) {
            if matches!(kinds[i], Kind::Heading { number: None, .. }) && dialogue_heading != Some(i)
            {
                kinds[i] = Kind::Text;
            }
        }
    }
}

/// Characters that carry a text's words, in pairs: what a pull quote shares with the line it
/// repeats.
fn bigrams(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| zh::is_han(*c) || c.is_alphanumeric())
        .collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The share of a quotation's bigrams that a line has.
fn echo_share(quote: &[(char, char)], line: &std::collections::HashSet<(char, char)>) -> f64 {
    let shared = quote.iter().filter(|g| line.contains(g)).count();
    shared as f64 / quote.len().max(1) as f64
}

/// A pull quote repeats a line when at least this share of its bigrams is in the line.
const ECHO_SHARE: f64 = 0.25;

/// A pull quote repeats a line of its own article; a quotation that repeats no line within
/// ECHO_REACH lines of it is a quotation in the text (`“Wait… wasn't that GNU's?”`), read as
/// text so that it stays in its turn.
fn unechoed_quotes_are_text(
    lines: &[Line<'_>],
    kinds: &mut [Kind<'_>],
    warnings: &mut Vec<Warning>,
) {
    if !kinds.contains(&Kind::PullQuote) {
        return;
    }
    // Each spoken line's bigrams once, not once per quotation near it.
    let grams: Vec<Option<std::collections::HashSet<(char, char)>>> = kinds
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

/// Where the next text line goes.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    None,
    /// Index of the turn block and its speaker.
    Turn(usize, usize),
    Note(usize),
}

fn assemble(
    lines: &[Line<'_>],
    kinds: &[Kind<'_>],
    labels: &Labels,
    warnings: &mut Vec<Warning>,
) -> Document {
    let mut blocks: Vec<Block> = Vec::new();
    let mut dropped = Vec::new();
    let mut open = Open::None;
    // An interrupted turn or note: text after a caption or pull quote continues it.
    let mut interrupted = Open::None;
    let mut references_title: Option<(String, usize)> = None;
    let has_headings = kinds.iter().any(|k| matches!(k, Kind::Heading { .. }));
    let has_turns = kinds.iter().any(|k| matches!(k, Kind::Turn { .. }));
    // The lead: text before the first heading, or without headings, before the first turn.
    let in_lead = |seen_heading: bool, seen_turn: bool| {
        if has_headings {
            !seen_heading
        } else {
            has_turns && !seen_turn
        }
    };
    let mut seen_heading = false;
    let mut seen_turn = false;
    let paragraph = |no: usize, text: &str| Paragraph {
        line: no,
        content: asides::split_asides(text, labels),
    };
    let speaker_id = |i: usize| labels.speakers[i].id.clone();

    for (line, kind) in lines.iter().zip(kinds) {
        let no = line.no;
        if !matches!(kind, Kind::Text | Kind::Blank | Kind::Dropped(_)) {
            interrupted = Open::None;
        }
        match kind {
            Kind::Blank => {}
            Kind::Dropped(reason) => dropped.push(DroppedLine {
                line: no,
                text: line.text.to_string(),
                reason: reason.to_string(),
            }),
            Kind::Turn {
                speaker,
                label,
                rest,
            } => {
                seen_turn = true;
                let paragraphs = if rest.is_empty() {
                    Vec::new()
                } else {
                    vec![paragraph(no, rest)]
                };
                blocks.push(Block::Turn {
                    speaker: speaker_id(*speaker),
                    label: label.to_string(),
                    line: no,
                    continued: false,
                    time: labels::parts(label).time.map(str::to_string),
                    paragraphs,
                });
                open = Open::Turn(blocks.len() - 1, *speaker);
            }
            Kind::Note { label, rest } => {
                let paragraphs = if rest.is_empty() {
                    Vec::new()
                } else {
                    vec![paragraph(no, rest)]
                };
                // A label alone on its line takes the paragraphs below it; a note written on
                // its label's line is that one paragraph, unless a separator closes it.
                let takes_following = paragraphs.is_empty() || text_runs_to_break(kinds, no);
                blocks.push(Block::Note {
                    label: label.clone(),
                    line: no,
                    continued: false,
                    paragraphs,
                });
                open = if takes_following {
                    Open::Note(blocks.len() - 1)
                } else {
                    Open::None
                };
            }
            Kind::Reference(link) => {
                let item = Reference {
                    marker: link.marker.clone(),
                    url: link.url.clone(),
                    text: link.title.clone(),
                    line: no,
                };
                let continues = matches!(blocks.last(), Some(Block::References { .. }))
                    && open == Open::None
                    && references_title.is_none();
                match blocks.last_mut() {
                    Some(Block::References { items, .. }) if continues => items.push(item),
                    _ => {
                        let (title, title_line) = references_title
                            .take()
                            .map_or((None, None), |(t, l)| (Some(t), Some(l)));
                        blocks.push(Block::References {
                            title,
                            title_line,
                            items: vec![item],
                        });
                    }
                }
                open = Open::None;
            }
            Kind::PullQuote | Kind::Caption(_) => {
                let block = match kind {
                    Kind::PullQuote => Block::PullQuote {
                        text: line.text.to_string(),
                        line: no,
                        echoes: None,
                    },
                    Kind::Caption(speaker) => Block::Caption {
                        text: line.text.to_string(),
                        line: no,
                        speaker: speaker.map(speaker_id),
                    },
                    _ => unreachable!("matched above"),
                };
                blocks.push(block);
                if open != Open::None {
                    interrupted = open;
                }
                open = Open::None;
            }
            Kind::Title | Kind::Subtitle => {
                let text = rules::strip_hash_mark(line.text)
                    .unwrap_or(line.text)
                    .to_string();
                blocks.push(if *kind == Kind::Title {
                    Block::Title { text, line: no }
                } else {
                    Block::Subtitle { text, line: no }
                });
            }
            Kind::ReferencesTitle => {
                references_title = Some((line.text.to_string(), no));
                open = Open::None;
            }
            Kind::Heading {
                number,
                text,
                level,
            } => {
                if let Open::Turn(_, speaker) = open
                    && next_content_kind(kinds, no) == Some(&Kind::Text)
                {
                    warnings.push(Warning::at(
                        no,
                        format!(
                            "\"{text}\" read as a heading, but it splits a turn of {} (the next line has no label); if it is part of the turn, override with kind = \"text\"",
                            labels.speakers[speaker].name
                        ),
                    ));
                }
                seen_heading = true;
                blocks.push(Block::Heading {
                    level: level.unwrap_or(1),
                    number: number.clone(),
                    text: text.clone(),
                    line: no,
                });
                open = Open::None;
            }
            Kind::Break => {
                open = Open::None;
                interrupted = Open::None;
                blocks.push(Block::Break {
                    text: line.text.to_string(),
                    line: no,
                });
            }
            Kind::Closing => {
                open = Open::None;
                interrupted = Open::None;
                let para = paragraph(no, line.text);
                blocks.push(if in_lead(seen_heading, seen_turn) {
                    Block::Lead(para)
                } else {
                    Block::Paragraph(para)
                });
            }
            Kind::Text | Kind::SpeakerAlone(_) => {
                let para = paragraph(no, line.text);
                if open == Open::None && interrupted != Open::None {
                    open = reopen(&mut blocks, interrupted);
                    interrupted = Open::None;
                }
                match open {
                    Open::Turn(i, _) | Open::Note(i) => match &mut blocks[i] {
                        Block::Turn { paragraphs, .. } | Block::Note { paragraphs, .. } => {
                            paragraphs.push(para)
                        }
                        _ => unreachable!("open points at a turn or note"),
                    },
                    Open::None => {
                        blocks.push(if in_lead(seen_heading, seen_turn) {
                            Block::Lead(para)
                        } else {
                            Block::Paragraph(para)
                        });
                    }
                }
            }
        }
    }
    for block in &blocks {
        if let Block::Turn {
            paragraphs, line, ..
        }
        | Block::Note {
            paragraphs, line, ..
        } = block
            && paragraphs.is_empty()
        {
            warnings.push(Warning::at(*line, "label with no text after it"));
        }
    }
    Document {
        meta: Metadata::default(),
        cast: Vec::new(),
        blocks,
        dropped,
    }
}

/// Starts a continuation of the interrupted turn or note and returns it as open.
fn reopen(blocks: &mut Vec<Block>, interrupted: Open) -> Open {
    let (i, speaker) = match interrupted {
        Open::Turn(i, s) => (i, Some(s)),
        Open::Note(i) => (i, None),
        Open::None => return Open::None,
    };
    let continuation = match &blocks[i] {
        Block::Turn {
            speaker,
            label,
            line,
            ..
        } => Block::Turn {
            speaker: speaker.clone(),
            label: label.clone(),
            line: *line,
            continued: true,
            time: None,
            paragraphs: Vec::new(),
        },
        Block::Note { label, line, .. } => Block::Note {
            label: label.clone(),
            line: *line,
            continued: true,
            paragraphs: Vec::new(),
        },
        _ => return Open::None,
    };
    blocks.push(continuation);
    match speaker {
        Some(s) => Open::Turn(blocks.len() - 1, s),
        None => Open::Note(blocks.len() - 1),
    }
}

/// Do only text lines (at most four) stand between line `after_line` and a separator?
fn text_runs_to_break(kinds: &[Kind<'_>], after_line: usize) -> bool {
    let mut texts = 0;
    for kind in &kinds[after_line..] {
        match kind {
            Kind::Blank | Kind::Dropped(_) => {}
            Kind::Text if texts < 4 => texts += 1,
            Kind::Break => return texts > 0,
            _ => return false,
        }
    }
    false
}

fn next_content_kind<'k, 'a>(kinds: &'k [Kind<'a>], after_line: usize) -> Option<&'k Kind<'a>> {
    kinds[after_line..]
        .iter()
        .find(|k| !matches!(k, Kind::Blank | Kind::Dropped(_)))
}

/// Metadata from the sidecar, with what the text says as fallback.
fn metadata(sidecar: &Sidecar, source_name: &str, doc: &Document, text: &str) -> Metadata {
    let stem = std::path::Path::new(source_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title_in_text = doc.blocks.iter().find_map(|b| match b {
        Block::Title { text, .. } => Some(text.clone()),
        _ => None,
    });
    let title = sidecar.title.clone().or(title_in_text).unwrap_or_else(|| {
        if stem.is_empty() {
            "Untitled".into()
        } else {
            stem.clone()
        }
    });
    let slug = sidecar
        .slug
        .as_deref()
        .map(slugify)
        .filter(|s| !s.is_empty())
        .or_else(|| Some(slugify(&stem)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "article".to_string());
    let language = sidecar
        .language
        .clone()
        .unwrap_or_else(|| guess_language(text).to_string());
    let source_url = sidecar.source_url.clone().or_else(|| {
        doc.blocks.iter().find_map(|b| match b {
            Block::References { items, .. } => items.first().map(|r| r.url.clone()),
            _ => None,
        })
    });
    Metadata {
        title,
        subtitle: sidecar.subtitle.clone().or_else(|| {
            doc.blocks.iter().find_map(|b| match b {
                Block::Subtitle { text, .. } => {
                    Some(text.trim_start_matches(['—', '－', '-', ' ']).to_string())
                }
                _ => None,
            })
        }),
        original_title: sidecar.original_title.clone(),
        language,
        slug,
        date: sidecar.date.clone(),
        source_url,
        description: sidecar.description.clone(),
        credits: sidecar.credits.clone(),
    }
}

/// A title for a text that has none: its first heading, else its cast (`Jerod Santo with
/// Rob Pike and Robert Griesemer`, `张三对话李四`).
fn title_from_content(doc: &Document) -> Option<String> {
    let heading = doc.blocks.iter().find_map(|b| match b {
        Block::Heading { text, .. } => Some(text.clone()),
        _ => None,
    });
    if heading.is_some() {
        return heading;
    }
    let chinese = zh::normalize::is_chinese_language(&doc.meta.language);
    let mut cast: Vec<&Speaker> = doc.cast.iter().collect();
    cast.sort_by_key(|s| s.role != Role::Interviewer);
    let (first, rest) = cast.split_first()?;
    if rest.is_empty() {
        return Some(first.name.clone());
    }
    let names: Vec<&str> = rest.iter().take(4).map(|s| s.name.as_str()).collect();
    Some(if chinese {
        format!("{}对话{}", first.name, names.join("、"))
    } else {
        let others = match names.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, init)) => format!("{} and {last}", init.join(", ")),
            None => String::new(),
        };
        format!("{} with {others}", first.name)
    })
}

/// `zh-CN` when Han characters make up a tenth of the letters (`zh-TW` when characters only
/// Traditional Chinese uses outnumber their Simplified forms), else `en`.
fn guess_language(text: &str) -> &'static str {
    // Common characters whose Simplified and Traditional forms differ.
    const SIMPLIFIED: &str = "们这说个时会来为与对后发经于实国过还没让从种样问见长开关学东车门电机";
    const TRADITIONAL: &str =
        "們這說個時會來為與對後發經於實國過還沒讓從種樣問見長開關學東車門電機";
    let (mut han, mut letters, mut simp, mut trad) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        han += zh::is_han(c) as usize;
        letters += c.is_alphabetic() as usize;
        simp += SIMPLIFIED.contains(c) as usize;
        trad += TRADITIONAL.contains(c) as usize;
    }
    if han * 10 < letters.max(1) {
        "en"
    } else if trad > simp {
        "zh-TW"
    } else {
        "zh-CN"
    }
}

/// Keeps the speakers who speak (in order of first turn) and declared ones, and fills in
/// roles the sidecar did not give.
fn finish_cast(
    doc: &mut Document,
    labels: &Labels,
    sidecar: &Sidecar,
    warnings: &mut Vec<Warning>,
) {
    let mut order: Vec<&str> = Vec::new();
    let mut asked: HashMap<&str, (usize, usize)> = HashMap::new();
    for block in &doc.blocks {
        if let Block::Turn {
            speaker,
            paragraphs,
            continued,
            ..
        } = block
        {
            if !order.contains(&speaker.as_str()) {
                order.push(speaker);
            }
            let entry = asked.entry(speaker).or_default();
            if !continued {
                entry.1 += 1;
                let ends_in_question = paragraphs
                    .last()
                    .map(Paragraph::plain_text)
                    .is_some_and(|t| t.trim_end().ends_with(['？', '?']));
                entry.0 += ends_in_question as usize;
            }
        }
    }
    let mut cast: Vec<_> = order
        .iter()
        .filter_map(|id| labels.speakers.iter().find(|s| s.id == *id).cloned())
        .collect();
    for (entry, speaker) in sidecar.cast.iter().zip(&labels.speakers) {
        if !order.contains(&speaker.id.as_str()) {
            warnings.push(Warning::general(format!(
                "speaker \"{}\" is declared in the sidecar but never speaks in the text",
                entry.label
            )));
            cast.push(speaker.clone());
        }
    }
    let declared_role = |id: &str| {
        sidecar
            .cast
            .iter()
            .zip(&labels.speakers)
            .find(|(_, s)| s.id == id)
            .and_then(|(c, _)| c.role)
    };
    for speaker in &mut cast {
        speaker.role = declared_role(&speaker.id)
            .or_else(|| {
                std::iter::once(&speaker.label)
                    .chain(&speaker.aliases)
                    .find_map(|l| role_from_label(l))
            })
            .unwrap_or(Role::Other);
    }
    // Undeclared roles: whoever mostly asks questions interviews.
    let ratio = |id: &str| {
        asked
            .get(id)
            .map_or(0.0, |&(q, t)| q as f64 / t.max(1) as f64)
    };
    if cast.len() >= 2 {
        let undecided: Vec<usize> = (0..cast.len())
            .filter(|&i| cast[i].role == Role::Other)
            .collect();
        for &i in &undecided {
            cast[i].role = if ratio(&cast[i].id) >= 0.5 {
                Role::Interviewer
            } else {
                Role::Interviewee
            };
        }
        if !cast.iter().any(|s| s.role == Role::Interviewer)
            && let Some(i) = undecided.iter().copied().max_by(|&a, &b| {
                ratio(&cast[a].id)
                    .total_cmp(&ratio(&cast[b].id))
                    .then(b.cmp(&a))
            })
        {
            cast[i].role = Role::Interviewer;
        }
    }
    doc.cast = cast;
}

/// How many blocks before or after a pull quote the line it repeats may be: more than a
/// long interview has.
const ECHO_REACH: usize = 500;

/// Bigram overlap of each pull quote with the dialogue, to find what it repeats.
fn link_pull_quotes(doc: &mut Document, warnings: &mut Vec<Warning>) {
    /// (block index, line, bigrams) of a spoken paragraph.
    type Spoken = (usize, usize, std::collections::HashSet<(char, char)>);
    let spoken: Vec<Spoken> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Turn { .. } | Block::Lead(_) | Block::Paragraph(_)))
        .flat_map(|(i, b)| b.paragraphs().iter().map(move |p| (i, p)))
        .map(|(i, p)| (i, p.line, bigrams(&p.plain_text()).into_iter().collect()))
        .collect();
    for (index, block) in doc.blocks.iter_mut().enumerate() {
        let Block::PullQuote { text, line, echoes } = block else {
            continue;
        };
        let quote = bigrams(text);
        // A pull quote repeats a line of its own article, set near it; looking only within
        // ECHO_REACH blocks keeps a book of many articles (or a huge paste) linear.
        let from = spoken.partition_point(|(i, _, _)| *i + ECHO_REACH < index);
        let to = spoken.partition_point(|(i, _, _)| *i <= index + ECHO_REACH);
        let best = spoken[from..to]
            .iter()
            .map(|(_, l, grams)| (echo_share(&quote, grams), *l))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((score, l)) if score >= ECHO_SHARE => *echoes = Some(l),
            _ => warnings.push(Warning::at(
                *line,
                "standalone quotation read as a pull quote, but it repeats nothing in the text; if it is part of a turn, override with kind = \"text\"",
            )),
        }
    }
}

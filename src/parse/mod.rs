//! The structure recovery: the paragraphs a reader of [`crate::read`] made of the input
//! (text as pasted from a web page or chat app, Markdown…) → [`Document`].
//!
//! It works paragraph by paragraph, each one a *line* below (for plain text, every non-blank
//! line, once hard-wrapped lines are joined). What the input's format says for sure (a
//! Markdown heading, a picture, a break, page furniture) is the line's kind, and no rule below
//! undoes it; a quoted or listed paragraph is never a heading. It knows nothing of any
//! particular article. First it collects the labels that start lines (`Name:` / `Name：`,
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
//!   A first name once whose full name (in the credits or the text) has a speaker's initials
//!   is that speaker (`Arvind:` … `AP:`), shown by the full name; one letter once or twice
//!   that begins exactly one frequent initials label is a slip for it (`A:` among `AP:`;
//!   warned); a capitals label once may be a speaker's surname or a one-letter slip
//!   (`NIELDS.`, `Mr. SECOHD.`), never another reading.
//! - *Title of address*: `Mr. NIELDS.`, `Chairman INOUYE.`: a title, then capitals, is a
//!   capitals label with its title.
//! - *Bold labels*: where two or more paragraphs open with a bold label (Markdown's
//!   `**Name:**`), a label in plain text is no label (`[KWOK](…): KWOK is…`).
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
//! **Magazine pages**: `Q.` and `A.` are labels; a speaker's full name over a quotation
//! (`Attila Kinali: "I studied…" (Photo by …)`), where their turns go by another label, and
//! a name alone whose initials are a speaker's label (`Bernhard Reiter` among `BR:` turns) are
//! portrait captions; a phrase, a colon and a speaker's name (`Free software people: Richard
//! M. Stallman`) is a heading; a line in headline capitals inside the dialogue, after an
//! answer and over text that runs to the next turn, is a sidebar: a note titled by it (and,
//! once two stand among the turns, such a line before the dialogue too); a short line between
//! a question and its answer, or right before a pull quote inside a turn, is a caption; a line
//! with no final stop that repeats a sentence within three lines of it is a pull quote; in a
//! two-speaker text whose asking side says one paragraph a turn, text between two of their
//! turns in a row is the other's answer, its label lost (warned); tag lists (`Tags: …`) are
//! dropped, a licence statement and its `License` title are closing text, a date is no author
//! card.
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
mod assemble;
mod chrome;
mod context;
mod evidence;
mod finish;
mod labels;
pub(crate) mod lines;
mod rules;

use std::collections::HashMap;

use crate::error::{Error, Warning};
use crate::input::Source;
use crate::model::{Block, Document};
use crate::read::{self, Hint, Stream};
use crate::sidecar::{LineKind, LineOverride, Sidecar};
use crate::zh;

use assemble::assemble;
use chrome::drop_edge_chrome;
use context::resolve_context;
use finish::{finish_cast, link_pull_quotes, metadata, title_from_content};
use labels::Labels;
pub use labels::{find_label, label_key};
use lines::Line;

/// A parsed document and what the reader was unsure about.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub document: Document,
    pub warnings: Vec<Warning>,
    /// Pictures the input file holds itself (a Word file's), by the `src` its figures use.
    pub embedded: Vec<(String, Vec<u8>)>,
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
    /// A picture the format shows (its `src`); the line's text is its alternative text.
    Figure(&'a str),
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

impl Kind<'_> {
    /// A heading without a number, its level settled in context.
    fn plain_heading(text: &str) -> Kind<'static> {
        Kind::Heading {
            number: None,
            text: text.to_string(),
            level: None,
        }
    }
}

/// The indices of the lines that carry content (not blank, not dropped).
fn content_lines(kinds: &[Kind<'_>]) -> Vec<usize> {
    (0..kinds.len())
        .filter(|&i| !matches!(kinds[i], Kind::Blank | Kind::Dropped(_)))
        .collect()
}

/// Reads `source` with the hints of `sidecar`.
pub fn parse(source: &Source, sidecar: &Sidecar) -> Result<Parsed, Error> {
    recover(&read::read(source, &sidecar.reader), source, sidecar)
}

/// The structure recovery: reads the paragraphs of `stream`, which a reader made of `source`.
pub fn recover(stream: &Stream, source: &Source, sidecar: &Sidecar) -> Result<Parsed, Error> {
    // What the file's own metadata says fills what the sidecar leaves unset.
    let filled;
    let sidecar = match &stream.front_matter {
        Some(front) => {
            filled = front.fill(sidecar);
            &filled
        }
        None => sidecar,
    };
    let lines = lines::from_stream(stream);
    if lines.iter().all(Line::is_blank) {
        let message = match source.format {
            _ if source.text.is_empty() => "is empty: nothing to read".to_string(),
            read::Format::Text | read::Format::Wrapped | read::Format::Markdown => {
                "contains only whitespace: nothing to read".to_string()
            }
            format => format!(
                "nothing to read: no text found in it as {} (--from chooses another reader)",
                format.name()
            ),
        };
        return Err(Error::input(&source.name, message));
    }
    let mut warnings = source.warnings.clone();
    warnings.extend(stream.warnings.iter().cloned());
    let labels = Labels::detect(&lines, sidecar, &mut warnings);
    let overrides = resolve_overrides(&lines, sidecar, &mut warnings);
    let mut kinds: Vec<Kind> = lines
        .iter()
        .map(|line| match overrides.get(&line.no) {
            Some(o) => override_kind(line, o, &mut warnings),
            None => classify(line, &labels),
        })
        .collect();
    drop_edge_chrome(&lines, &mut kinds, &overrides);
    // The sidecar has the last word, then the format: the whole-document rules never undo an
    // override or what the format says for sure.
    let forced: Vec<(usize, Kind)> = (0..lines.len())
        .filter(|&i| overrides.contains_key(&lines[i].no) || lines[i].hint.is_certain())
        .map(|i| (i, kinds[i].clone()))
        .collect();
    let before_context = warnings.len();
    resolve_context(&lines, &mut kinds, sidecar, &mut warnings);
    // What the rules said of a line they may not change is no warning.
    let forced_lines: Vec<usize> = forced.iter().map(|(i, _)| lines[*i].no).collect();
    let mut at = 0;
    warnings.retain(|w| {
        at += 1;
        at <= before_context || !w.line.is_some_and(|l| forced_lines.contains(&l))
    });
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
    Ok(Parsed {
        document,
        warnings,
        embedded: stream.embedded.clone(),
    })
}

fn classify<'a>(line: &Line<'a>, labels: &Labels) -> Kind<'a> {
    if line.text.is_empty() {
        return Kind::Blank;
    }
    match line.hint {
        Hint::PageFurniture => return Kind::Dropped("running head"),
        Hint::Picture { src } => return Kind::Figure(src),
        Hint::FrontMatter => return Kind::Dropped("front matter"),
        Hint::Break => return Kind::Break,
        Hint::Title => return Kind::Title,
        Hint::Subtitle => return Kind::Subtitle,
        Hint::Term => return Kind::Text,
        Hint::Caption => return Kind::Caption(labels.speaker_at_start(line.text).map(|(s, _)| s)),
        // `### 唐鳳：` over the answer: a speaker's label set as a heading is still a label.
        Hint::Heading(_)
            if find_label(line.text)
                .is_some_and(|f| f.rest.is_empty() && labels.speaker_for(f.label).is_some()) => {}
        Hint::Heading(level) => {
            let (number, text) = rules::numbered_heading(line.text)
                .map_or((None, line.text.to_string()), |(n, t)| (Some(n), t));
            return Kind::Heading {
                number,
                text,
                level: Some(*level),
            };
        }
        Hint::Quote | Hint::ListItem | Hint::None => {}
    }
    let kind = classify_text(line, labels);
    // Quoted or listed text is never a heading, whatever its shape.
    match (line.hint, &kind) {
        (Hint::Quote | Hint::ListItem, Kind::Heading { .. }) => Kind::Text,
        _ => kind,
    }
}

/// A line's kind from its text alone.
fn classify_text<'a>(line: &Line<'a>, labels: &Labels) -> Kind<'a> {
    let text = line.text;
    if rules::is_widget(text) {
        return Kind::Dropped("page widget");
    }
    if rules::is_post_header(text) {
        return Kind::Dropped("post header");
    }
    if rules::is_tag_line(text) {
        return Kind::Dropped("tag list");
    }
    if rules::is_licence_line(text) {
        return Kind::Closing;
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
            // A speaker's full name over a quotation, where their turns go by another label,
            // is a portrait's caption: `Attila Kinali: "I studied…"` among `AK:` turns.
            let other_label = label_key(found.label) != label_key(&labels.speakers[speaker].label);
            if other_label && rules::credited_quotation(found.rest) {
                return Kind::Caption(Some(speaker));
            }
            return Kind::Turn {
                speaker,
                label: found.label,
                rest: found.rest,
            };
        }
        // A series heading that names the guest: `Free software people: Richard M. Stallman`.
        if found.form == labels::LabelForm::Colon
            && labels.named_by_initials(found.rest).is_some()
            && rules::title_shaped(text)
        {
            return Kind::Heading {
                number: None,
                text: text.to_string(),
                level: Some(1),
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
    if let Some(speaker) = labels.named_by_initials(text) {
        return Kind::Caption(Some(speaker));
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
        return Kind::plain_heading(text);
    }
    Kind::Text
}

/// Finds the line each override names; unmatched overrides are reported.
fn resolve_overrides<'o>(
    lines: &[Line<'_>],
    sidecar: &'o Sidecar,
    warnings: &mut Vec<Warning>,
) -> HashMap<usize, &'o LineOverride> {
    let mut map = HashMap::new();
    for o in &sidecar.lines {
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
            None => warnings.push(Warning::in_file(
                sidecar.name.as_deref().unwrap_or("the sidecar"),
                o.at,
                format!(
                    "sidecar override {} matches no non-blank line; ignored",
                    match (o.line, &o.starts_with) {
                        (Some(n), _) => format!("for line {n}"),
                        (_, Some(p)) => format!("starts_with = {p:?}"),
                        _ => String::new(),
                    }
                ),
            )),
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

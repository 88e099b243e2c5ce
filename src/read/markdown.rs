//! The Markdown reader (CommonMark with GFM tables, footnotes and strikethrough, by
//! pulldown-cmark): what the markup says for sure becomes hints, and the text goes to the
//! structure recovery without its markup.
//!
//! - `# Title` as the first block is the title (when it is the only `#`); the other headings
//!   keep their order of levels, the highest of them level 1.
//! - Paragraphs, list items (with their marker as written), table rows, code lines and
//!   block-quoted paragraphs (hinted as quotes) are one paragraph each. A soft line break
//!   joins lines, as Markdown says, except before a line that starts with a bold run ending
//!   in a colon or with a label that starts other lines too: there a speaker takes over.
//! - `![alt](src)` is a picture; an emphasised paragraph right under it is its caption.
//! - `---` between blocks is a break; YAML or TOML front matter is marked as such.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::front_matter::FrontMatter;
use super::{Format, Hint, Link, Para, Stream, join_wrapped};
use crate::error::Warning;
use crate::parse::{find_label, label_key};
use crate::zh;

/// Whether a text not named as Markdown is plainly written in it: three or more lines of
/// Markdown's own syntax (bold labels, `##` headings, `>` quotes, pictures, links), of at
/// least two kinds. A lone `# Title` or a `>` in a mail quote does not make Markdown.
pub fn looks_like_markdown(text: &str) -> bool {
    let mut kinds = [0usize; 5];
    for line in text.lines().map(str::trim_start) {
        if line.starts_with("**") && line[2..].contains("**") {
            kinds[0] += 1;
        } else if line.starts_with("## ") || line.starts_with("### ") {
            kinds[1] += 1;
        } else if line.starts_with("> ") {
            kinds[2] += 1;
        } else if line.starts_with("![") && line.contains("](") {
            kinds[3] += 1;
        } else if line.contains("](http") {
            kinds[4] += 1;
        }
    }
    kinds.iter().sum::<usize>() >= 3 && kinds.iter().filter(|&&n| n > 0).count() >= 2
}

/// Reads Markdown into paragraphs with hints.
pub fn read(text: &str) -> Stream {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let events: Vec<(Event, Range<usize>)> =
        Parser::new_ext(text, options).into_offset_iter().collect();
    let mut walk = Walk::new(text, &events);
    for (event, range) in &events {
        walk.event(event, range);
    }
    walk.finish()
}

/// Whether the first block is the document's only `#` heading: then it is the title, and
/// every other heading moves one level up.
fn title_is_only_h1(events: &[(Event, Range<usize>)]) -> bool {
    let is_h1 = |e: &Event| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    };
    let first_block = events.iter().find_map(|(e, _)| match e {
        Event::Start(Tag::MetadataBlock(_)) => None,
        Event::Start(_) => Some(is_h1(e)),
        _ => None,
    });
    first_block == Some(true) && events.iter().filter(|(e, _)| is_h1(e)).count() == 1
}

/// The highest level among the headings, but a title's.
fn top_level(events: &[(Event, Range<usize>)], titled: bool) -> u8 {
    events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .skip(titled as usize)
        .min()
        .unwrap_or(1)
}

/// The walk through a document's events.
struct Walk<'t, 'e> {
    text: &'t str,
    events: &'e [(Event<'t>, Range<usize>)],
    raw: Vec<&'t str>,
    line_starts: Vec<usize>,
    recurring: HashSet<String>,
    title_is_only_h1: bool,
    /// The highest level of the headings that are not the title.
    top_level: u8,
    out: Builder,
    warnings: Vec<Warning>,
    quote_depth: usize,
    /// Inside front matter: its text so far.
    metadata: Option<String>,
    front_matter: Option<FrontMatter>,
    in_code: bool,
    /// The picture being read: its line, address and alternative text.
    picture: Option<(usize, String, String)>,
    /// The link being read: its address and where its words start.
    link: Option<(String, usize)>,
    last_was_picture: bool,
    seen_block: bool,
}

impl<'t, 'e> Walk<'t, 'e> {
    fn new(text: &'t str, events: &'e [(Event<'t>, Range<usize>)]) -> Self {
        let raw: Vec<&str> = super::text::raw_lines(text)
            .into_iter()
            .map(|(_, l)| l)
            .collect();
        Walk {
            text,
            events,
            recurring: {
                let unmarked: Vec<String> = raw.iter().map(|l| unmarked(l)).collect();
                super::recurring_labels(unmarked.iter().map(String::as_str))
            },
            raw,
            line_starts: line_starts(text),
            title_is_only_h1: title_is_only_h1(events),
            top_level: top_level(events, title_is_only_h1(events)),
            out: Builder::default(),
            warnings: Vec::new(),
            quote_depth: 0,
            metadata: None,
            front_matter: None,
            in_code: false,
            picture: None,
            link: None,
            last_was_picture: false,
            seen_block: false,
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    fn block_hint(&self) -> Hint {
        if self.quote_depth > 0 {
            Hint::Quote
        } else {
            Hint::None
        }
    }

    fn event(&mut self, event: &Event<'t>, range: &Range<usize>) {
        let line = self.line_of(range.start);
        match event {
            Event::Start(Tag::MetadataBlock(_)) => self.metadata = Some(String::new()),
            Event::End(TagEnd::MetadataBlock(kind)) => {
                let body = self.metadata.take().unwrap_or_default();
                let toml = *kind == MetadataBlockKind::PlusesStyle;
                self.front_matter = Some(FrontMatter::parse(&body, toml, line, &mut self.warnings));
                self.front_matter_lines(line, self.line_of(range.end.saturating_sub(1)));
            }
            Event::Text(t) if self.metadata.is_some() => {
                self.metadata.get_or_insert_default().push_str(t);
            }
            _ if self.metadata.is_some() => {}
            Event::Start(tag) => self.start(tag, line, range),
            Event::End(tag) => self.end(*tag),
            Event::Text(t) | Event::Code(t) if self.in_code => {
                for (k, code_line) in t.lines().enumerate() {
                    self.out.begin(line + k, Hint::None);
                    self.out.push(code_line);
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut self.picture {
                Some((_, _, alt)) => alt.push_str(t),
                None => self.out.push(t),
            },
            Event::SoftBreak => {
                let next = self.raw.get(line).copied().unwrap_or("");
                if starts_turn(next, &self.recurring) {
                    self.out.begin(line + 1, self.block_hint());
                } else {
                    self.out.soft_break();
                }
            }
            Event::HardBreak => self.out.begin(line + 1, self.block_hint()),
            Event::Rule => {
                self.out.begin(line, Hint::Break);
                self.out.push(zh::trim_edges(self.raw[line - 1]));
                self.out.flush();
            }
            Event::Html(html) | Event::InlineHtml(html) => self.out.push(&strip_tags(html)),
            Event::FootnoteReference(label) => self.out.push(&format!("[^{label}]")),
            Event::TaskListMarker(done) => self.out.push(if *done { "[x] " } else { "[ ] " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.out.push(t),
        }
    }

    fn start(&mut self, tag: &Tag<'t>, line: usize, range: &Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                let level = *level as u8;
                let hint = if level == 1 && !self.seen_block && self.title_is_only_h1 {
                    Hint::Title
                } else {
                    // The highest level the sections use is level 1 (`##` under a title
                    // from the front matter, or under `# Title`).
                    Hint::Heading((level + 1).saturating_sub(self.top_level).clamp(1, 3))
                };
                self.out.begin(line, hint);
            }
            Tag::Paragraph => {
                let hint = if self.last_was_picture && starts_emphasised(self.events, range.start) {
                    Hint::Caption
                } else {
                    self.block_hint()
                };
                self.out.begin_unless_item(line, hint);
            }
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::Item => {
                // The marker as written (`-`, `*`, `1.`), so that the list reads as it did.
                let marker = self.text[range.clone()]
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                self.out.begin(line, Hint::ListItem);
                self.out.prefix(marker);
            }
            Tag::TableHead | Tag::TableRow => self.out.begin(line, Hint::None),
            Tag::CodeBlock(_) => self.in_code = true,
            Tag::FootnoteDefinition(label) => {
                self.out.begin(line, Hint::None);
                self.out.prefix(&format!("[^{label}]:"));
            }
            Tag::Image { dest_url, .. } => {
                self.picture = Some((line, dest_url.to_string(), String::new()));
            }
            Tag::Link { dest_url, .. } => {
                self.link = Some((dest_url.to_string(), self.out.text.len()));
                self.out.text.push(LINK_START);
            }
            Tag::Strong if self.out.text.trim().len() <= self.out.prefix_len => {
                self.out.opens_bold = true;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::BlockQuote(_) => self.quote_depth -= 1,
            TagEnd::TableCell => self.out.cell_end(),
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::Image => self.picture_ends(),
            TagEnd::Link => {
                if let Some((url, at)) = self.link.take() {
                    self.out.link_ends(url, at);
                }
            }
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableHead
            | TagEnd::TableRow => {
                self.out.flush();
                self.seen_block = true;
            }
            _ => {}
        }
        match tag {
            TagEnd::Image | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link => {}
            TagEnd::Paragraph if self.picture.is_none() => {
                self.last_was_picture = self
                    .out
                    .paras
                    .last()
                    .is_some_and(|p| matches!(p.hint, Hint::Picture { .. }));
            }
            _ => self.last_was_picture = false,
        }
    }

    fn picture_ends(&mut self) {
        let Some((no, src, alt)) = self.picture.take() else {
            return;
        };
        self.out.flush();
        let shown = if alt.trim().is_empty() {
            src.clone()
        } else {
            alt
        };
        self.out
            .paras
            .push(Para::new(no, shown, Hint::Picture { src }));
    }

    /// Each line of the front matter, fences included, as front matter.
    fn front_matter_lines(&mut self, first: usize, last: usize) {
        for no in first..=last.min(self.raw.len()) {
            let text = zh::trim_edges(self.raw[no - 1]);
            if !text.is_empty() {
                self.out.paras.push(Para::new(no, text, Hint::FrontMatter));
            }
        }
    }

    fn finish(mut self) -> Stream {
        self.out.flush();
        let mut paras = std::mem::take(&mut self.out.paras);
        // Blank lines as the text has them, for the rules that look at spacing.
        for (k, line) in self.raw.iter().enumerate() {
            if zh::trim_edges(line).is_empty() {
                paras.push(Para::new(k + 1, "", Hint::None));
            }
        }
        paras.sort_by_key(|p| p.line);
        Stream {
            format: Format::Markdown,
            paras,
            warnings: self.warnings,
            front_matter: self.front_matter,
            embedded: Vec::new(),
        }
    }
}

/// The paragraph being read.
#[derive(Default)]
struct Builder {
    paras: Vec<Para>,
    line: usize,
    text: String,
    hint: Hint,
    /// Length of a list marker or footnote label put before the text.
    prefix_len: usize,
    open: bool,
    /// The addresses of the links marked in `text`, in order.
    link_urls: Vec<String>,
    opens_bold: bool,
}

impl Builder {
    fn begin(&mut self, line: usize, hint: Hint) {
        self.flush();
        self.line = line;
        self.hint = hint;
        self.open = true;
    }

    /// A paragraph inside a list item continues the item's marker.
    fn begin_unless_item(&mut self, line: usize, hint: Hint) {
        if self.open && self.text.trim().len() <= self.prefix_len && self.prefix_len > 0 {
            return;
        }
        self.begin(line, hint);
    }

    fn prefix(&mut self, marker: &str) {
        self.text.push_str(marker);
        self.text.push(' ');
        self.prefix_len = self.text.len();
    }

    fn push(&mut self, text: &str) {
        if !self.open {
            self.open = true;
            self.hint = Hint::None;
        }
        self.text.push_str(text);
    }

    /// Marks a soft line break (U+0001, which no input keeps) to be joined at the end.
    fn soft_break(&mut self) {
        self.text.push('\u{1}');
    }

    fn cell_end(&mut self) {
        self.text.push_str(" | ");
    }

    /// A link's words are marked in `text` (LINK_START … LINK_END) and its address kept;
    /// an address shown as its own words (`<https://…>`) is plain text.
    fn link_ends(&mut self, url: String, start: usize) {
        let words = self.text[start + LINK_START.len_utf8()..].trim();
        if url.is_empty() || words == url || words.is_empty() {
            self.text.remove(start);
        } else {
            self.text.push(LINK_END);
            self.link_urls.push(url);
        }
    }

    /// A paragraph that is one link, perhaps after a list marker or a label (`- [The
    /// archive](https://…)`), reads as a reference does: its words, then its address.
    fn link_as_reference(&mut self) {
        let (Some(start), Some(url)) = (self.text.rfind(LINK_START), self.link_urls.last()) else {
            return;
        };
        let before = self.text[..start].trim();
        let alone = self.text.matches(LINK_START).count() == 1
            && self.text.trim_end().ends_with(LINK_END)
            && (before.len() <= self.prefix_len
                || (before.chars().count() <= 40 && before.ends_with([':', '：'])));
        if alone {
            let url = url.clone();
            self.text = self.text.replace([LINK_START, LINK_END], "");
            self.text = format!("{} {url}", self.text.trim_end());
            self.link_urls.clear();
        }
    }

    fn flush(&mut self) {
        self.link_as_reference();
        if let Some(row) = self.text.strip_suffix(" | ") {
            self.text.truncate(row.len());
        }
        if self.open {
            let joined = join_soft_breaks(&self.text);
            let (text, links) = take_links(zh::trim_edges(&joined), &self.link_urls);
            if !text.is_empty() {
                let mut para = Para::new(self.line, text, std::mem::take(&mut self.hint));
                para.opens_bold = self.opens_bold;
                para.links = links;
                self.paras.push(para);
            }
        }
        self.text.clear();
        self.link_urls.clear();
        self.opens_bold = false;
        self.prefix_len = 0;
        self.hint = Hint::None;
        self.open = false;
    }
}

/// Marks around a link's words while its paragraph is read (control characters no input
/// keeps: `Source` removes them).
const LINK_START: char = '\u{2}';
const LINK_END: char = '\u{3}';

/// The text without its link marks, and each link's words (a byte range of it) and address.
fn take_links(marked: &str, urls: &[String]) -> (String, Vec<Link>) {
    let mut text = String::with_capacity(marked.len());
    let mut links = Vec::new();
    let mut urls = urls.iter();
    let mut start = None;
    for c in marked.chars() {
        match c {
            LINK_START => start = Some(text.len()),
            LINK_END => {
                if let (Some(from), Some(url)) = (start.take(), urls.next())
                    && from < text.len()
                {
                    links.push(Link {
                        words: from..text.len(),
                        url: url.clone(),
                    });
                }
            }
            c => text.push(c),
        }
    }
    (text, links)
}

/// Joins the lines a soft break (marked U+0001) separates, as wrapped lines are joined.
fn join_soft_breaks(text: &str) -> String {
    let mut parts = text.split('\u{1}');
    let mut out = parts.next().unwrap_or("").trim_end().to_string();
    for part in parts {
        join_wrapped(&mut out, part.trim());
    }
    out
}

/// Whether the paragraph starting at `offset` opens with emphasis and is emphasised whole.
fn starts_emphasised(events: &[(Event, Range<usize>)], offset: usize) -> bool {
    let at = events
        .iter()
        .position(|(e, r)| r.start == offset && matches!(e, Event::Start(Tag::Paragraph)));
    let Some(at) = at else { return false };
    let mut depth = 0;
    for (event, _) in &events[at + 1..] {
        match event {
            Event::Start(Tag::Emphasis | Tag::Strong) => depth += 1,
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => depth -= 1,
            Event::Text(t) if depth == 0 && !t.trim().is_empty() => return false,
            Event::End(TagEnd::Paragraph) => return true,
            _ => {}
        }
    }
    false
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends {
            starts.push(i + 1);
        }
    }
    starts
}

/// A line's text without the Markdown marks before it (`> `, `- `, `**`).
fn unmarked(line: &str) -> String {
    let line = line.trim_start().trim_start_matches(['>', ' ']);
    line.replace("**", "").replace("__", "")
}

/// Whether a line starts a speaker's turn: a bold run ending in a colon (`**问：**`), or a
/// label that starts other lines too.
fn starts_turn(line: &str, recurring: &HashSet<String>) -> bool {
    let line = line.trim_start();
    let bold_label = line
        .strip_prefix("**")
        .and_then(|rest| rest.split_once("**"))
        .is_some_and(|(inside, after)| {
            inside.ends_with([':', '：']) || after.starts_with([':', '：'])
        });
    bold_label
        || find_label(&unmarked(line))
            .is_some_and(|found| recurring.contains(&label_key(found.label)))
}

/// Text of an HTML fragment without its tags and comments.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tag_end = if rest[open..].starts_with("<!--") {
            rest[open..].find("-->").map(|e| open + e + 3)
        } else {
            rest[open..].find('>').map(|e| open + e + 1)
        };
        match tag_end {
            Some(end) => {
                let tag = rest[open..end].to_ascii_lowercase();
                if tag.starts_with("<br") {
                    out.push('\u{1}');
                }
                rest = &rest[end..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

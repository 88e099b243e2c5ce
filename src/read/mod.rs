//! Readers: each input format becomes one stream of paragraphs, each with what the format
//! says about it for sure (a [`Hint`]). The structure recovery in [`crate::parse`] runs on that
//! stream whatever the format was, and takes a hint over its own guesses.
//!
//! - [`text`]: text pasted or exported line by line; undoes hard wrapping and finds page
//!   furniture that a PDF's layout left in the text.
//! - [`markdown`]: CommonMark with GFM tables (pulldown-cmark).
//! - [`html`]: a saved web page (html5ever through scraper): the article's body, its meta tags.
//! - [`docx`]: a Word document (zip, then its XML with roxmltree): styles, bold runs, pictures,
//!   footnotes.
//! - [`subtitles`]: SRT, WebVTT and speech-to-text JSON: cues joined into turns with their times.
//!
//! [`detect`] settles the format: `--from` or the sidecar, else the file's name, else its
//! content.

pub mod detect;
pub mod docx;
pub mod front_matter;
pub mod html;
pub mod markdown;
pub mod subtitles;
pub mod text;

use serde::{Deserialize, Serialize};

use crate::error::Warning;
use crate::input::Source;
use crate::sidecar::ReaderHints;

/// The input formats fangtan reads (`--from`, `reader.format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Text pasted or exported line by line (hard wrapping detected and undone).
    Text,
    /// Plain text wrapped at a fixed width (copied from a PDF or an email): always unwrapped.
    Wrapped,
    Markdown,
    /// A saved web page (`.html`, `.htm`), WeChat's included.
    Html,
    /// A Word document (`.docx`).
    Docx,
    /// SubRip subtitles (`.srt`).
    Srt,
    /// WebVTT subtitles or captions (`.vtt`), with `<v Name>` voices.
    Vtt,
    /// The JSON of a speech-to-text tool (Whisper, WhisperX, AssemblyAI, Deepgram…).
    #[value(name = "transcript-json")]
    TranscriptJson,
}

impl Format {
    /// The format a file name says (`.md`, `.html`, `.srt`…), if it says one. `.json` says
    /// nothing alone: [`detect`] looks inside.
    pub fn for_name(name: &str) -> Option<Format> {
        let extension = std::path::Path::new(name)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "srt" => Some(Format::Srt),
            "vtt" | "webvtt" => Some(Format::Vtt),
            _ => None,
        }
    }

    /// Whether the format is read from the file's bytes rather than its decoded text.
    pub fn is_binary(self) -> bool {
        self == Format::Docx
    }

    /// What its line numbers count: lines of the file, or (Word) its paragraphs.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Wrapped => "wrapped",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Srt => "srt",
            Format::Vtt => "vtt",
            Format::TranscriptJson => "transcript-json",
        }
    }
}

/// What a paragraph's format says about it for sure.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Hint {
    #[default]
    None,
    /// A running head or page number set on one line with it (`Journal 2023/4      · 27 ·`).
    PageFurniture,
    /// The document's title.
    Title,
    /// The line under the title that the format marks as its subtitle (Word's Subtitle style).
    Subtitle,
    /// A heading of this level (1 the highest).
    Heading(u8),
    /// Inside a block quote.
    Quote,
    /// A list item (its marker is kept in the text).
    ListItem,
    /// A definition list's term (`<dt>`): text, never a heading or a label.
    Term,
    /// A picture: where it is and its alternative text (the paragraph's text).
    Picture { src: String },
    /// Emphasised text right under a picture: its caption.
    Caption,
    /// A thematic break (`---`).
    Break,
    /// Front matter (YAML or TOML metadata) of a Markdown file.
    FrontMatter,
}

impl Hint {
    /// Whether the hint settles the paragraph's kind (no guess of the recovery undoes it).
    pub fn is_certain(&self) -> bool {
        matches!(
            self,
            Hint::PageFurniture
                | Hint::Title
                | Hint::Subtitle
                | Hint::Heading(_)
                | Hint::Picture { .. }
                | Hint::Caption
                | Hint::Term
                | Hint::Break
                | Hint::FrontMatter
        )
    }
}

/// One paragraph of the input: the line it starts on, its text (trimmed), and its hint. Blank
/// lines are paragraphs with empty text, so that the recovery sees where the blanks stand.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub line: usize,
    pub text: String,
    pub hint: Hint,
    /// It opens with bold text (`**问：**`, `**AP: …**`): where a format has bold, the
    /// speakers' labels are set in it.
    pub opens_bold: bool,
    /// Links in the text, in order.
    pub links: Vec<Link>,
    /// When it was said, where the format records it (a subtitle's start: `00:01:23`).
    pub time: Option<String>,
}

/// A link: which words of its paragraph's text (a byte range), and where to.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub words: std::ops::Range<usize>,
    pub url: String,
}

impl Para {
    pub fn new(line: usize, text: impl Into<String>, hint: Hint) -> Para {
        Para {
            line,
            text: text.into(),
            hint,
            opens_bold: false,
            links: Vec::new(),
            time: None,
        }
    }
}

/// A whole input as paragraphs, with what its reader wants to tell the user.
#[derive(Debug, Clone)]
pub struct Stream {
    pub format: Format,
    pub paras: Vec<Para>,
    pub warnings: Vec<Warning>,
    /// Metadata the file carries (Markdown's front matter, a page's meta tags…).
    pub front_matter: Option<front_matter::FrontMatter>,
    /// Pictures the file itself holds (a Word file's media), by the name its paragraphs'
    /// [`Hint::Picture`] use.
    pub embedded: Vec<(String, Vec<u8>)>,
}

/// Reads `source` in the format [`detect`] settled when it was loaded, or the one the
/// sidecar names (a text may be read as any text format; a Word file only as Word).
pub fn read(source: &Source, hints: &ReaderHints) -> Stream {
    let chosen = hints
        .format
        .filter(|f| !f.is_binary() && !source.format.is_binary());
    let format = chosen.unwrap_or(source.format);
    let mut stream = match format {
        Format::Text => text::read(&source.text, hints.unwrap),
        Format::Wrapped => text::read(&source.text, Some(true)),
        Format::Markdown => markdown::read(&source.text),
        Format::Html => html::read(&source.text),
        Format::Docx => docx::read(source.bytes.as_deref().unwrap_or_default()),
        Format::Srt | Format::Vtt | Format::TranscriptJson => subtitles::read(&source.text, format),
    };
    if chosen.is_none()
        && let Some(note) = &source.format_note
    {
        stream.warnings.insert(0, Warning::general(note.clone()));
    }
    stream
}

/// The labels that start two or more of `lines` (a speaker's, whose line always starts a
/// paragraph), by [`label_key`](crate::parse::label_key).
pub(crate) fn recurring_labels<'a>(
    lines: impl Iterator<Item = &'a str>,
) -> std::collections::HashSet<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for line in lines {
        if let Some(found) = crate::parse::find_label(line) {
            *counts
                .entry(crate::parse::label_key(found.label))
                .or_insert(0) += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(k, _)| k)
        .collect()
}

/// Appends the next line of a wrapped paragraph: Latin words get a space between them, Chinese
/// (and anything next to it) none; a hyphen at the end of a line is kept as written.
pub fn join_wrapped(out: &mut String, next: &str) {
    let (Some(last), Some(first)) = (out.chars().last(), next.chars().next()) else {
        out.push_str(next);
        return;
    };
    // East Asian wide characters only: curly quotes are Chinese and English alike.
    let wide = text::is_wide;
    let hyphenated = last == '-' && out.chars().rev().nth(1).is_some_and(char::is_alphabetic);
    if !(wide(last) || wide(first) || hyphenated || last == '/') {
        out.push(' ');
    }
    out.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_words_with_a_space_and_chinese_without() {
        let mut s = String::from("when did you first come to");
        join_wrapped(&mut s, "Detroit?");
        assert_eq!(s, "when did you first come to Detroit?");
        let mut s = String::from("我修过最久的一部书是一部明");
        join_wrapped(&mut s, "代的方志");
        assert_eq!(s, "我修过最久的一部书是一部明代的方志");
        let mut s = String::from("a self-");
        join_wrapped(&mut s, "driven car");
        assert_eq!(s, "a self-driven car");
        let mut s = String::from("招工进了 AI");
        join_wrapped(&mut s, "实验室");
        assert_eq!(s, "招工进了 AI实验室");
    }

    #[test]
    fn format_from_name() {
        assert_eq!(Format::for_name("a/b.MD"), Some(Format::Markdown));
        assert_eq!(Format::for_name("talk.txt"), Some(Format::Text));
        assert_eq!(Format::for_name("talk"), None);
    }
}

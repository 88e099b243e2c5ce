//! The document model shared by every backend.
//!
//! A [`Document`] is metadata, a cast of speakers and the article's blocks in reading order.
//! Every block carries the 1-based source line number(s) it came from, so a backend can point
//! a diagnostic at the input. Speaker labels and note labels are structure, never part of the
//! text: a backend chooses how to print them.

mod caption;
mod picture;
mod stats;

pub use caption::names_itself as caption_names_itself;
pub use picture::{Picture, PictureFormat};

use serde::{Deserialize, Serialize};

pub use stats::Stats;

/// One parsed interview (or plain article).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub meta: Metadata,
    /// Everyone who speaks, in order of first appearance (declared-but-silent speakers last).
    pub cast: Vec<Speaker>,
    /// The article in reading order.
    pub blocks: Vec<Block>,
    /// Lines the reader dropped as page chrome (share buttons, QR-code prompts), kept so that
    /// nothing is lost silently.
    pub dropped: Vec<DroppedLine>,
    /// The pictures the figures show, read and made ready for every backend.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pictures: Vec<Picture>,
}

/// What the text itself does not say: from the sidecar, else derived from the text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Metadata {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// The title of the original publication, when this is a translation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_title: Option<String>,
    /// BCP 47 language tag of the text, e.g. `zh-CN`.
    pub language: String,
    /// File-name stem for outputs: lowercase ASCII letters, digits and `-` only.
    pub slug: String,
    /// Publication date, ISO 8601 (`2023-12-22`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<Credit>,
}

/// A person or organisation credited for the work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credit {
    pub name: String,
    pub role: CreditRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Roles map onto MARC relator codes, which EPUB metadata uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CreditRole {
    Author,
    Interviewer,
    Interviewee,
    Translator,
    Editor,
    /// Writer of editor notes and commentary.
    Annotator,
    /// Where the original appeared (a magazine, a site).
    Publication,
    Publisher,
}

impl CreditRole {
    /// MARC relator code (<https://id.loc.gov/vocabulary/relators>).
    pub fn marc_code(self) -> &'static str {
        match self {
            CreditRole::Author => "aut",
            CreditRole::Interviewer => "ivr",
            CreditRole::Interviewee => "ive",
            CreditRole::Translator => "trl",
            CreditRole::Editor => "edt",
            CreditRole::Annotator => "ann",
            CreditRole::Publication => "pbl",
            CreditRole::Publisher => "pbl",
        }
    }
}

/// A voice in the interview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// Stable id used by turns (`steven-levy`, `speaker-1`).
    pub id: String,
    /// The label as first written in the text (or as declared in the sidecar).
    pub label: String,
    /// Other spellings of the label found in the text (`Yann  LeCun`, `YANN LECUN`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Display name for outputs.
    pub name: String,
    pub role: Role,
    /// Language of the name itself, when it differs from the document's (`en` for a Latin name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Speaker {
    /// A stand-in label that names nobody: a transcript's `Speaker 1`, `Speaker B`, `Unknown`,
    /// `发言人 2`, or a role such as `Q`, `问`, `记者`, `Audience`. Such a speaker is not
    /// credited as a creator.
    pub fn is_generic(&self) -> bool {
        const WORDS: &[&str] = &[
            "speaker",
            "unknown",
            "unknown speaker",
            "participant",
            "voice",
            "person",
            "发言人",
            "說話人",
            "说话人",
            "發言人",
            "讲者",
            "講者",
            "q",
            "a",
            "question",
            "answer",
            "reporter",
            "journalist",
            "audience",
            "audience member",
            "moderator",
            "host",
            "guest",
            "interviewer",
            "interviewee",
            "问",
            "答",
            "問",
            "记者",
            "記者",
            "观众",
            "觀眾",
            "主持人",
            "嘉宾",
            "嘉賓",
        ];
        let label = self.label.trim().trim_end_matches('.').to_lowercase();
        // Joint initials (`M/G/S`: answers given together) stand for several people.
        if label.contains('/') && label.split('/').all(|p| p.trim().chars().count() <= 3) {
            return true;
        }
        let stem = label
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end();
        let stem = match stem.char_indices().last() {
            // One trailing letter after a space: `Speaker B`.
            Some((i, c)) if c.is_ascii_alphabetic() && stem[..i].ends_with(' ') => {
                stem[..i].trim_end()
            }
            _ => stem,
        };
        WORDS.contains(&stem)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Interviewer,
    Interviewee,
    Other,
}

/// One unit of the article in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// The article's own title line at the very top of the text.
    Title { text: String, line: usize },
    /// A line under the title that starts with a dash (`——对话…`).
    Subtitle { text: String, line: usize },
    /// A standfirst paragraph before the first heading.
    Lead(Paragraph),
    Heading {
        level: u8,
        /// "01" in "01 前言", "三" in "三、结语".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<String>,
        text: String,
        line: usize,
    },
    /// Body text outside any turn or note.
    Paragraph(Paragraph),
    /// What one speaker says before another speaker (or a heading) takes over.
    Turn {
        speaker: String,
        /// The label exactly as written on this turn's line.
        label: String,
        /// Line of the label (its text may start there or on the next line).
        line: usize,
        /// This picks up a turn interrupted by a caption or pull quote: same speaker, label
        /// not shown again, not counted as a new turn.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        continued: bool,
        /// A time written with the label in transcripts (`00:01:23`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time: Option<String>,
        paragraphs: Vec<Paragraph>,
    },
    /// An editor's or translator's note set off from the text ("Sense说:", "编者按：").
    Note {
        label: String,
        line: usize,
        /// Picks up a note interrupted by a caption or pull quote.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        continued: bool,
        paragraphs: Vec<Paragraph>,
    },
    /// A standalone quotation that repeats something said in the dialogue.
    PullQuote {
        text: String,
        line: usize,
        /// Line of the dialogue paragraph it most likely repeats.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        echoes: Option<usize>,
    },
    /// A short line describing a photo.
    Caption {
        text: String,
        line: usize,
        /// The speaker the caption names, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        speaker: Option<String>,
    },
    /// A separator line (`——`, `***`, `◆◆◆`) between parts of the text.
    Break { text: String, line: usize },
    /// A picture, with its caption; inside a turn it interrupts it as a caption does.
    Figure {
        /// Where the input said the picture is, as written.
        src: String,
        /// Its alternative text (what it shows, for those who cannot see it).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        alt: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption_line: Option<usize>,
        line: usize,
        /// Which of [`Document::pictures`] it shows; none when it could not be read.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        picture: Option<usize>,
    },
    References {
        /// The line that titles the list ("参考材料"), as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title_line: Option<usize>,
        items: Vec<Reference>,
    },
}

/// A paragraph: one source line of inline content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub line: usize,
    /// A list item's marker as written (`-`, `*`, `1.`), kept out of its content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Inline {
    Text {
        text: String,
    },
    /// A bracketed editor's aside inside a paragraph: "(Sense 说:…)".
    Aside {
        label: String,
        text: String,
    },
    /// Words that link somewhere, as the input's format wrote them (`[words](url)`).
    Link {
        text: String,
        url: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// The list marker as written (`[1]`, `1.`, `-`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    pub url: String,
    /// Words written before the link, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub line: usize,
}

/// A line the reader set aside, with the rule that dropped it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedLine {
    pub line: usize,
    pub text: String,
    pub reason: String,
}

impl Paragraph {
    pub fn text(line: usize, text: impl Into<String>) -> Self {
        Paragraph {
            line,
            item: None,
            content: vec![Inline::Text { text: text.into() }],
        }
    }

    /// The mark a list item shows: a bullet for `-`, `*`, `+` and the like, else its number
    /// as written (`1.`, `2)`).
    pub fn item_mark(&self) -> Option<&str> {
        let marker = self.item.as_deref()?;
        Some(if marker.chars().any(|c| c.is_alphanumeric()) {
            marker
        } else {
            "•"
        })
    }

    /// The paragraph's words as one string, asides included without their label.
    pub fn plain_text(&self) -> String {
        self.content
            .iter()
            .map(|inline| match inline {
                Inline::Text { text } | Inline::Aside { text, .. } | Inline::Link { text, .. } => {
                    text.as_str()
                }
            })
            .collect()
    }
}

impl Block {
    /// All source lines this block came from, in order.
    pub fn lines(&self) -> Vec<usize> {
        match self {
            Block::Title { line, .. }
            | Block::Subtitle { line, .. }
            | Block::Break { line, .. }
            | Block::Heading { line, .. }
            | Block::PullQuote { line, .. }
            | Block::Caption { line, .. } => vec![*line],
            Block::Lead(p) | Block::Paragraph(p) => vec![p.line],
            Block::Turn {
                line, paragraphs, ..
            }
            | Block::Note {
                line, paragraphs, ..
            } => {
                let mut lines = vec![*line];
                lines.extend(paragraphs.iter().map(|p| p.line).filter(|l| l != line));
                lines
            }
            Block::References {
                title_line, items, ..
            } => title_line
                .iter()
                .copied()
                .chain(items.iter().map(|r| r.line))
                .collect(),
            Block::Figure {
                line, caption_line, ..
            } => std::iter::once(*line).chain(*caption_line).collect(),
        }
    }

    /// The block's paragraphs, for blocks made of paragraphs.
    pub fn paragraphs(&self) -> &[Paragraph] {
        match self {
            Block::Lead(p) | Block::Paragraph(p) => std::slice::from_ref(p),
            Block::Turn { paragraphs, .. } | Block::Note { paragraphs, .. } => paragraphs,
            _ => &[],
        }
    }

    /// Mutable access to every run of text the block holds (not labels, numbers or URLs).
    pub fn texts_mut(&mut self) -> Vec<(usize, &mut String)> {
        fn para_texts(p: &mut Paragraph) -> impl Iterator<Item = (usize, &mut String)> {
            let line = p.line;
            p.content.iter_mut().map(move |inline| match inline {
                Inline::Text { text } | Inline::Aside { text, .. } | Inline::Link { text, .. } => {
                    (line, text)
                }
            })
        }
        match self {
            Block::Title { text, line }
            | Block::Subtitle { text, line }
            | Block::Heading { text, line, .. }
            | Block::PullQuote { text, line, .. }
            | Block::Caption { text, line, .. } => vec![(*line, text)],
            Block::Lead(p) | Block::Paragraph(p) => para_texts(p).collect(),
            Block::Turn { paragraphs, .. } | Block::Note { paragraphs, .. } => {
                paragraphs.iter_mut().flat_map(para_texts).collect()
            }
            Block::References { items, .. } => items
                .iter_mut()
                .filter_map(|r| r.text.as_mut().map(|t| (r.line, t)))
                .collect(),
            // A separator is marks, not words.
            Block::Break { .. } => Vec::new(),
            Block::Figure {
                caption,
                caption_line,
                alt,
                line,
                ..
            } => {
                let mut texts = Vec::new();
                if !alt.is_empty() {
                    texts.push((*line, alt));
                }
                if let Some(caption) = caption {
                    texts.push((caption_line.unwrap_or(*line), caption));
                }
                texts
            }
        }
    }
}

impl Document {
    pub fn speaker(&self, id: &str) -> Option<&Speaker> {
        self.cast.iter().find(|s| s.id == id)
    }

    /// Counts of each kind of block, as `fangtan inspect` reports them.
    pub fn stats(&self) -> Stats {
        Stats::of(self)
    }
}

#[cfg(test)]
mod speaker_tests {
    use super::*;

    fn speaker(label: &str) -> Speaker {
        Speaker {
            id: "x".into(),
            label: label.into(),
            aliases: Vec::new(),
            name: label.into(),
            role: Role::Other,
            lang: None,
        }
    }

    #[test]
    fn generic_labels_name_nobody() {
        for label in [
            "Speaker 1",
            "Speaker B",
            "SPEAKER 12",
            "Unknown",
            "发言人2",
            "Q",
            "Q.",
            "问",
            "Audience Member",
        ] {
            assert!(speaker(label).is_generic(), "{label}");
        }
        for label in ["MS. PSAKI", "Yann LeCun", "Speakerman", "Qi", "Bob A"] {
            assert!(!speaker(label).is_generic(), "{label}");
        }
    }
}

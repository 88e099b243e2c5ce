//! The reader's view of the input: the paragraphs of a [`Stream`], each as one line.

use crate::read::{Hint, Link, Stream};

/// One paragraph of the input, as the recovery sees it.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based number of the input line it starts on.
    pub no: usize,
    /// The paragraph's text, trimmed (incl. ideographic and zero-width spaces).
    pub text: &'a str,
    /// What the input's format says of it.
    pub hint: &'a Hint,
    /// It opens with bold text (Markdown's `**Name:**`).
    pub opens_bold: bool,
    /// The paragraph as its reader gave it (`text` is a trimmed slice of it), and its links,
    /// by byte ranges of it.
    pub source: &'a str,
    pub links: &'a [Link],
    /// When it was said, where the format records it (subtitles).
    pub time: Option<&'a str>,
}

impl<'a> Line<'a> {
    /// The links wholly inside `part` (a slice of this line's text), by ranges of `part`.
    pub fn links_in(&self, part: &str) -> Vec<(std::ops::Range<usize>, &'a str)> {
        let Some(base) = (part.as_ptr() as usize).checked_sub(self.source.as_ptr() as usize) else {
            return Vec::new();
        };
        if base + part.len() > self.source.len() {
            return Vec::new();
        }
        self.links
            .iter()
            .filter(|l| l.words.start >= base && l.words.end <= base + part.len())
            .map(|l| (l.words.start - base..l.words.end - base, l.url.as_str()))
            .collect()
    }
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

pub fn from_stream(stream: &Stream) -> Vec<Line<'_>> {
    stream
        .paras
        .iter()
        .map(|p| Line {
            no: p.line,
            text: crate::zh::trim_edges(&p.text),
            hint: &p.hint,
            opens_bold: p.opens_bold,
            source: &p.text,
            links: &p.links,
            time: p.time.as_deref(),
        })
        .collect()
}

//! The reader's view of the input: the paragraphs of a [`Stream`], each as one line.

use crate::read::{Hint, Stream};

/// One paragraph of the input, as the recovery sees it.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based number of the input line it starts on.
    pub no: usize,
    /// The paragraph's text, trimmed (incl. ideographic and zero-width spaces).
    pub text: &'a str,
    /// What the input's format says of it.
    pub hint: &'a Hint,
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
        })
        .collect()
}

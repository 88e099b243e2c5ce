//! The gap between Han and Latin (clreq: a quarter em) as a character, for outputs whose
//! renderer is not ours.
//!
//! The model holds `Meta公司`: the normalising pass removes typed spaces there, and our PDF
//! typesetter sets the gap itself (a quarter em shrinking to an eighth). An EPUB reading
//! system sets it only if it implements CSS `text-autospace` (recent Chromium alone), so the
//! EPUB, its navigation and the PDF outline carry it as U+2005 FOUR-PER-EM SPACE: a quarter
//! em wide, a place a line may break, not a word separator that justification stretches, and
//! a space, so `text-autospace` adds nothing beside it.

use super::{is_cjk, is_cjk_punct, is_latin_or_digit};
use crate::model::{Block, Document, Inline, Paragraph};

/// The gap's character: FOUR-PER-EM SPACE.
pub const GAP: char = '\u{2005}';

/// Han or kana (not punctuation, which has its own blank).
fn is_ideographic(c: char) -> bool {
    is_cjk(c) && !is_cjk_punct(c) && !('\u{FF01}'..='\u{FF0F}').contains(&c)
}

/// A Latin word or number, its unit sign included (`20%的` is spaced like `20的`).
fn is_latin(c: char) -> bool {
    is_latin_or_digit(c) || matches!(c, '%' | '‰' | '°')
}

/// Does a gap belong between `a` and `b`, set side by side?
pub fn between(a: char, b: char) -> bool {
    (is_ideographic(a) && is_latin(b)) || (is_latin(a) && is_ideographic(b))
}

/// Inserts the gap into runs of one paragraph, carrying the last character across runs, so
/// that `用` + a link `Meta` gets it too.
#[derive(Debug, Default, Clone, Copy)]
pub struct Spacer {
    last: Option<char>,
}

impl Spacer {
    pub fn new() -> Self {
        Self::default()
    }

    /// `text` with the gap put in, after what came before it.
    pub fn push(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            if self.last.is_some_and(|a| between(a, c)) {
                out.push(GAP);
            }
            out.push(c);
            self.last = Some(c);
        }
        out
    }

    /// Goes on after text that is not pushed (a label, a bracket the template writes).
    pub fn after(&mut self, c: Option<char>) {
        self.last = c;
    }
}

/// One text on its own (a title, a caption) with the gap put in.
pub fn spaced(text: &str) -> String {
    Spacer::new().push(text)
}

/// The same with an ordinary space, for text a viewer sets in its own interface (the PDF
/// outline), whose fonts may lack U+2005.
pub fn spaced_plain(text: &str) -> String {
    spaced(text).replace(GAP, " ")
}

/// The document with the gap put into every text a reader sees: metadata, names, blocks.
pub fn spaced_document(doc: &Document) -> Document {
    let mut out = doc.clone();
    let meta = &mut out.meta;
    for text in [&mut meta.title]
        .into_iter()
        .chain(meta.subtitle.as_mut())
        .chain(meta.original_title.as_mut())
        .chain(meta.description.as_mut())
        .chain(meta.credits.iter_mut().map(|c| &mut c.name))
        .chain(out.cast.iter_mut().map(|s| &mut s.name))
    {
        *text = spaced(text);
    }
    for block in &mut out.blocks {
        match block {
            Block::Lead(p) | Block::Paragraph(p) => space_paragraph(p),
            Block::Turn { paragraphs, .. } => paragraphs.iter_mut().for_each(space_paragraph),
            Block::Note {
                label, paragraphs, ..
            } => {
                *label = spaced(label);
                paragraphs.iter_mut().for_each(space_paragraph)
            }
            _ => {
                for (_, text) in block.texts_mut() {
                    *text = spaced(text);
                }
            }
        }
    }
    out
}

/// A paragraph's runs in order, the gap carried across them; an aside's brackets are
/// punctuation, which takes no gap.
fn space_paragraph(p: &mut Paragraph) {
    let mut spacer = Spacer::new();
    for inline in &mut p.content {
        match inline {
            Inline::Text { text } | Inline::Link { text, .. } => *text = spacer.push(text),
            Inline::Aside { label, text } => {
                *label = spaced(label);
                spacer.after(Some('（'));
                *text = spacer.push(text);
                spacer.after(Some('）'));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_between_han_and_latin_only() {
        assert_eq!(
            spaced("Meta公司的首席AI科学家"),
            "Meta\u{2005}公司的首席\u{2005}AI\u{2005}科学家"
        );
        assert_eq!(spaced("占11.6%的份额"), "占\u{2005}11.6%\u{2005}的份额");
        // Punctuation has its own blank; spaces already there are kept, not doubled.
        assert_eq!(spaced("《Facebook》，AI。"), "《Facebook》，AI。");
        assert_eq!(spaced("Meta 公司"), "Meta 公司");
        assert_eq!(spaced("plain English text"), "plain English text");
        assert_eq!(spaced_plain("开源AI与初衷"), "开源 AI 与初衷");
    }

    #[test]
    fn carries_across_runs() {
        let mut s = Spacer::new();
        assert_eq!(s.push("用"), "用");
        assert_eq!(s.push("Llama"), "\u{2005}Llama");
        s.after(Some('）'));
        assert_eq!(s.push("模型"), "模型");
    }
}

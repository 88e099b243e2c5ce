//! What the EPUB templates see: the model cut into sections (one file per top-level heading)
//! and blocks with plain values. All text is escaped by the templates, never here.

use serde::Serialize;

use crate::model::{Block, Document, Inline, Paragraph, Role};

/// A piece of inline text: plain, a Latin run (with its language), or an editor's aside.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aside: Option<String>,
    /// A link's target (web and mail addresses only: the book holds no other pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Segment>,
    /// A list item's mark (`•`, `1.`), first in its paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// An aside's brackets and the mark after its label, as text (not CSS-generated, which
    /// text extraction and some conversions lose).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marks: Option<AsideMarks>,
}

/// `（` `：` `）` of `（注：……）`, from the locale's `aside` pattern.
#[derive(Debug, Clone, Serialize)]
pub struct AsideMarks {
    pub open: String,
    pub after_label: String,
    pub close: String,
}

impl AsideMarks {
    /// Cuts `（{label}：{text}）` at its two fields.
    pub fn from_pattern(pattern: &str) -> AsideMarks {
        let (open, rest) = pattern.split_once("{label}").unwrap_or(("(", ": {text})"));
        let (after_label, close) = rest.split_once("{text}").unwrap_or((": ", ")"));
        AsideMarks {
            open: open.to_string(),
            after_label: after_label.to_string(),
            close: close.to_string(),
        }
    }
}

/// What setting inline text needs besides the text: its language and the aside's marks.
pub struct InlineContext {
    pub lang: String,
    pub aside: AsideMarks,
}

/// Splits text into Chinese and Latin runs; Latin runs of two letters or more are marked
/// `en`, so reading systems and screen readers switch language (WCAG 3.1.2).
pub fn segments(text: &str, doc_lang: &str) -> Vec<Segment> {
    let plain = |t: &str| Segment {
        text: t.to_string(),
        lang: None,
        aside: None,
        href: None,
        parts: Vec::new(),
        marker: None,
        marks: None,
    };
    if !doc_lang.starts_with("zh") {
        return vec![plain(text)];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (from, to) in crate::zh::latin_runs(text) {
        // Single letters (a list's "a", "B") stay Chinese text.
        if text[from..to].chars().filter(|c| c.is_alphabetic()).count() < 2 {
            continue;
        }
        if from > start {
            out.push(plain(&text[start..from]));
        }
        out.push(Segment {
            lang: Some("en"),
            ..plain(&text[from..to])
        });
        start = to;
    }
    if start < text.len() {
        out.push(plain(&text[start..]));
    }
    out
}

fn paragraph(p: &Paragraph, cx: &InlineContext) -> Vec<Segment> {
    let marker = p.item_mark().map(|mark| Segment {
        marker: Some(mark.to_string()),
        ..blank_segment()
    });
    marker
        .into_iter()
        .chain(
            p.content
                .iter()
                .flat_map(|inline| inline_segments(inline, cx)),
        )
        .collect()
}

fn blank_segment() -> Segment {
    Segment {
        text: String::new(),
        lang: None,
        aside: None,
        href: None,
        parts: Vec::new(),
        marker: None,
        marks: None,
    }
}

fn inline_segments(inline: &Inline, cx: &InlineContext) -> Vec<Segment> {
    let lang = cx.lang.as_str();
    match inline {
        Inline::Text { text } => segments(text, lang),
        Inline::Aside { label, text } => vec![Segment {
            aside: Some(label.clone()),
            marks: Some(cx.aside.clone()),
            parts: segments(text, lang),
            ..blank_segment()
        }],
        Inline::Link { text, url } => {
            let external = ["http://", "https://", "mailto:"]
                .iter()
                .any(|scheme| url.to_ascii_lowercase().starts_with(scheme));
            if external {
                vec![Segment {
                    href: Some(href(url)),
                    parts: segments(text, lang),
                    ..blank_segment()
                }]
            } else {
                // A site's own path (`/docs/…`) leads nowhere in a book: its words only.
                segments(text, lang)
            }
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// As written, for the reader.
    pub url: String,
    /// Percent-encoded where URIs do not allow the character, for the link.
    pub href: String,
    /// The address cut where a line may break in it ([`url_parts`]).
    pub url_parts: Vec<String>,
}

/// An address cut at the places a line may break in it (after `/` and before `.` `-` `?`
/// `&` `=` `#` `_`, as the Chicago Manual advises), the template setting `<wbr/>` between:
/// with no such places a reading system either overflows the margin or, with `break-all`,
/// breaks a word anywhere.
pub fn url_parts(url: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let chars: Vec<char> = url.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let before = matches!(c, '.' | '-' | '?' | '&' | '=' | '#' | '_');
        if before && !parts.last().is_some_and(|p| p.is_empty()) {
            parts.push(String::new());
        }
        parts.last_mut().expect("one part at least").push(c);
        let after = c == '/' && chars.get(i + 1) != Some(&'/') && i + 1 < chars.len();
        if after {
            parts.push(String::new());
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// A URL made valid for `href`: characters URIs do not allow (spaces, `<>"{}|\^` and
/// backquotes, anything not ASCII) percent-encoded as UTF-8; `%` and reserved characters kept.
pub fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_graphic() && !"<>\"{}|\\^`".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BlockView {
    Heading {
        level: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        number: Option<String>,
        segments: Vec<Segment>,
        id: String,
    },
    Lead {
        paragraphs: Vec<Vec<Segment>>,
        ids: Vec<String>,
    },
    Paragraph {
        segments: Vec<Segment>,
        id: String,
    },
    Turn {
        speaker: String,
        speaker_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        speaker_lang: Option<String>,
        role: &'static str,
        continued: bool,
        /// The label's colon (`：`, `:`), and the space after it outside the label (English).
        colon: String,
        after_colon: String,
        paragraphs: Vec<Vec<Segment>>,
        ids: Vec<String>,
    },
    Note {
        label: String,
        continued: bool,
        paragraphs: Vec<Vec<Segment>>,
        ids: Vec<String>,
    },
    PullQuote {
        segments: Vec<Segment>,
    },
    /// A caption whose picture is not in the book, with its label (`图注：`) when it needs one.
    Caption {
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        segments: Vec<Segment>,
    },
    /// A picture in the book (`images/fig-001.jpg`), its size in pixels, its text.
    Figure {
        file: String,
        alt: String,
        width: u32,
        height: u32,
        /// Set small and centred, as a portrait or a logo: narrower than a third of the page.
        small: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        caption: Option<Vec<Segment>>,
    },
    Break {
        text: String,
    },
    References {
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        id: String,
        items: Vec<ReferenceView>,
    },
}

/// One XHTML file.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub file: String,
    pub id: String,
    /// The nav title: the heading, or 导语 for what comes before the first heading.
    pub title: String,
    pub epub_type: &'static str,
    pub role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labelledby: Option<String>,
    /// Given to the template one at a time (`{{#each_block}}`), not with the section.
    #[serde(skip)]
    pub blocks: Vec<BlockView>,
    /// Subheadings for the nav: (anchor id, title).
    #[serde(skip)]
    pub children: Vec<(String, String)>,
}

fn role_class(role: Role) -> &'static str {
    match role {
        Role::Interviewer => "interviewer",
        Role::Interviewee => "interviewee",
        Role::Other => "other",
    }
}

/// The id of a paragraph of the text in the book: the `paragraph`th of the document's
/// `block`th block (`p12-0`), what the read-along book's overlays point at.
pub fn paragraph_id(block: usize, paragraph: usize) -> String {
    format!("p{block}-{paragraph}")
}

/// Which section file holds each paragraph id.
pub fn files_by_id(sections: &[Section]) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    for section in sections {
        for block in &section.blocks {
            let ids: &[String] = match block {
                BlockView::Lead { ids, .. }
                | BlockView::Turn { ids, .. }
                | BlockView::Note { ids, .. } => ids,
                BlockView::Paragraph { id, .. } => std::slice::from_ref(id),
                _ => &[],
            };
            for id in ids {
                out.insert(id.clone(), section.file.clone());
            }
        }
    }
    out
}

/// Cuts the document into sections at level-1 headings.
pub fn sections(doc: &Document, strings: &crate::locale::Strings) -> Vec<Section> {
    let lang = doc.meta.language.as_str();
    let cx = InlineContext {
        lang: lang.to_string(),
        aside: AsideMarks::from_pattern(&strings.aside),
    };
    let mut sections: Vec<Section> = Vec::new();
    let new_section = |n: usize, title: String, id: Option<String>| Section {
        file: format!("section-{n:02}.xhtml"),
        id: format!("section-{n:02}"),
        title,
        epub_type: if id.is_some() { "chapter" } else { "preamble" },
        role: if id.is_some() {
            "doc-chapter"
        } else {
            "doc-prologue"
        },
        labelledby: id,
        blocks: Vec::new(),
        children: Vec::new(),
    };
    let mut heading_count = 0;
    for (index, block) in doc.blocks.iter().enumerate() {
        let ids = |n: usize| (0..n).map(|p| paragraph_id(index, p)).collect::<Vec<_>>();
        if let Block::Heading { level: 1, .. } = block {
            let n = sections.len() + 1;
            let id = format!("h-{}", heading_count + 1);
            let title = heading_title(block);
            sections.push(new_section(n, title, Some(id)));
        } else if sections.is_empty() {
            let has_headings = doc
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Heading { .. }));
            let title = if has_headings {
                &strings.lead
            } else {
                &strings.body
            };
            sections.push(new_section(1, title.to_string(), None));
        }
        let section = sections.last_mut().expect("pushed above");
        let view = match block {
            Block::Title { text, .. } if *text == doc.meta.title => continue,
            Block::Subtitle { text, .. }
                if doc
                    .meta
                    .subtitle
                    .as_deref()
                    .is_some_and(|s| text.contains(s)) =>
            {
                continue;
            }
            Block::Title { text, .. } | Block::Subtitle { text, .. } => BlockView::Paragraph {
                segments: segments(text, lang),
                id: paragraph_id(index, 0),
            },
            Block::Heading {
                level,
                number,
                text,
                ..
            } => {
                heading_count += 1;
                let id = format!("h-{heading_count}");
                if *level > 1 {
                    section.children.push((id.clone(), heading_title(block)));
                }
                BlockView::Heading {
                    level: (*level).min(2),
                    number: number.clone(),
                    segments: segments(text, lang),
                    id,
                }
            }
            Block::Lead(p) => {
                if let Some(BlockView::Lead { paragraphs, ids }) = section.blocks.last_mut() {
                    paragraphs.push(paragraph(p, &cx));
                    ids.push(paragraph_id(index, 0));
                    continue;
                }
                BlockView::Lead {
                    paragraphs: vec![paragraph(p, &cx)],
                    ids: ids(1),
                }
            }
            Block::Paragraph(p) => BlockView::Paragraph {
                segments: paragraph(p, &cx),
                id: paragraph_id(index, 0),
            },
            Block::Turn {
                speaker,
                continued,
                paragraphs,
                ..
            } => {
                let who = doc.speaker(speaker);
                BlockView::Turn {
                    speaker: speaker.clone(),
                    speaker_name: who.map_or_else(|| speaker.clone(), |s| s.name.clone()),
                    speaker_lang: who.and_then(|s| s.lang.clone()),
                    role: role_class(who.map_or(Role::Other, |s| s.role)),
                    continued: *continued,
                    colon: strings.label_colon.trim_end().to_string(),
                    after_colon: strings.label_colon[strings.label_colon.trim_end().len()..]
                        .to_string(),
                    paragraphs: paragraphs.iter().map(|p| paragraph(p, &cx)).collect(),
                    ids: ids(paragraphs.len()),
                }
            }
            Block::Note {
                label,
                continued,
                paragraphs,
                ..
            } => BlockView::Note {
                label: label.clone(),
                continued: *continued,
                paragraphs: paragraphs.iter().map(|p| paragraph(p, &cx)).collect(),
                ids: ids(paragraphs.len()),
            },
            Block::PullQuote { text, .. } => BlockView::PullQuote {
                segments: segments(text, lang),
            },
            Block::Caption { text, .. } => BlockView::Caption {
                label: strings.caption_label(text),
                segments: segments(text, lang),
            },
            Block::Figure {
                alt,
                caption,
                picture,
                ..
            } => match picture.and_then(|i| doc.pictures.get(i).map(|p| (i, p))) {
                Some((i, p)) => BlockView::Figure {
                    file: format!("images/{}", p.file_name(i)),
                    alt: alt.clone(),
                    width: p.width,
                    height: p.height,
                    small: p.width < 400,
                    caption: caption.as_deref().map(|c| segments(c, lang)),
                },
                // Not found or unreadable (warned): its words stay, as a caption.
                None => match caption
                    .as_deref()
                    .or((!alt.is_empty()).then_some(alt.as_str()))
                {
                    Some(text) => BlockView::Caption {
                        label: strings.caption_label(text),
                        segments: segments(text, lang),
                    },
                    None => continue,
                },
            },
            Block::Break { text, .. } => BlockView::Break { text: text.clone() },
            Block::References { title, items, .. } => {
                heading_count += 1;
                let id = format!("h-{heading_count}");
                if let Some(t) = title {
                    section.children.push((id.clone(), t.clone()));
                }
                BlockView::References {
                    title: title.clone(),
                    id,
                    items: items
                        .iter()
                        .map(|r| ReferenceView {
                            marker: r.marker.clone(),
                            text: r.text.clone(),
                            url: r.url.clone(),
                            href: href(&r.url),
                            url_parts: url_parts(&r.url),
                        })
                        .collect(),
                }
            }
        };
        section.blocks.push(view);
    }
    sections.retain(|s| !s.blocks.is_empty());
    sections
}

fn heading_title(block: &Block) -> String {
    match block {
        Block::Heading {
            number: Some(n),
            text,
            ..
        } => format!("{n} {text}"),
        Block::Heading { text, .. } => text.clone(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_runs_are_marked() {
        let s = segments("作为 Meta 公司的首席 AI 科学家，LeCun 说", "zh-CN");
        let marked: Vec<&str> = s
            .iter()
            .filter(|s| s.lang.is_some())
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["Meta", "AI", "LeCun"]);
        let joined: String = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, "作为 Meta 公司的首席 AI 科学家，LeCun 说");
        let s = segments("Chevalier de la Légion d’honneur（荣誉）", "zh-CN");
        assert_eq!(s[0].text, "Chevalier de la Légion d’honneur");
    }

    #[test]
    fn hrefs() {
        assert_eq!(
            href("https://a.com/?a=1&b=<2>"),
            "https://a.com/?a=1&b=%3C2%3E"
        );
        assert_eq!(
            href("https://zh.wikipedia.org/wiki/杨立昆"),
            "https://zh.wikipedia.org/wiki/%E6%9D%A8%E7%AB%8B%E6%98%86"
        );
        assert_eq!(href("https://a.com/x%20y"), "https://a.com/x%20y");
    }

    #[test]
    fn addresses_break_after_slashes_and_before_marks() {
        assert_eq!(
            url_parts("https://www.wired.com/story/meta-yann-lecun/"),
            [
                "https://", "www", ".wired", ".com/", "story/", "meta", "-yann", "-lecun/"
            ]
        );
        assert_eq!(url_parts("a"), ["a"]);
    }
}

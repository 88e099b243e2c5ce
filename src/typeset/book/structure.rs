//! The book's logical structure, for the tagged PDF: elements of the standard structure
//! types (ISO 32000-1 §14.8.4), each placed item tagged with the element it belongs to or as
//! an artifact (running heads, folios, rules, separators), so that screen readers and
//! reflow read the text in order and know a label from an answer.

/// The standard structure types the book uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// The front matter (title page) and the body.
    Sect,
    /// A turn of dialogue: its label and its paragraphs.
    Div,
    H1,
    H2,
    H3,
    P,
    /// A speaker's label, a note's label.
    Lbl,
    /// An editor's note.
    Note,
    BlockQuote,
    Caption,
    Figure,
    Toc,
    TocItem,
    L,
    Li,
    LBody,
    Link,
}

impl Role {
    /// The structure type's PDF name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Div => "Div",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::Lbl => "Lbl",
            Role::Note => "Note",
            Role::BlockQuote => "BlockQuote",
            Role::Caption => "Caption",
            Role::Figure => "Figure",
            Role::Toc => "TOC",
            Role::TocItem => "TOCI",
            Role::L => "L",
            Role::Li => "LI",
            Role::LBody => "LBody",
            Role::Link => "Link",
        }
    }

    pub fn heading(level: u8) -> Role {
        match level {
            0 | 1 => Role::H1,
            2 => Role::H2,
            _ => Role::H3,
        }
    }
}

/// One structure element; element 0 is the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub role: Role,
    pub parent: Option<usize>,
    /// A figure's alternative text.
    pub alt: Option<String>,
}

/// What a placed item is in the structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tag {
    /// Page furniture, not content: running heads, folios, rules, separators.
    #[default]
    Artifact,
    Element(usize),
}

/// The elements as they are made, in reading order within each parent.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub elements: Vec<Element>,
    /// The book's language (`/Lang` marks only text in another).
    pub lang: String,
}

/// Element indices made at the start: the document, its front matter and its body.
pub const DOCUMENT: usize = 0;
pub const FRONT: usize = 1;
pub const BODY: usize = 2;

impl Default for Structure {
    fn default() -> Self {
        let element = |role, parent| Element {
            role,
            parent,
            alt: None,
        };
        Structure {
            elements: vec![
                element(Role::Document, None),
                element(Role::Sect, Some(DOCUMENT)),
                element(Role::Sect, Some(DOCUMENT)),
            ],
            lang: String::new(),
        }
    }
}

impl Structure {
    /// A new element under `parent`, as a tag.
    pub fn add(&mut self, role: Role, parent: usize) -> usize {
        self.elements.push(Element {
            role,
            parent: Some(parent),
            alt: None,
        });
        self.elements.len() - 1
    }
}

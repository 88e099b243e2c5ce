//! A Word document (`.docx`): a ZIP archive (zip) of XML parts (roxmltree).
//!
//! - Each paragraph of `word/document.xml` is a line (a `<w:br/>` or a picture inside one
//!   starts another, as a line break does in pasted text); a table row is one line, its cells
//!   joined by ` | `; a footnote is a line after its paragraph's. Line N in every message and
//!   `[[lines]]` entry is the Nth of these.
//! - Paragraph styles are hints, by their names in `word/styles.xml` (so a localised
//!   document's own ids do not matter): Title, Heading 1…6, Quote and Intense Quote, Caption,
//!   List Paragraph (or numbering) as list items.
//! - A bold run (`<w:b/>`, or the Strong character style) opening a paragraph marks a label.
//! - Pictures (`<a:blip r:embed>` in a drawing) come with their alternative text (`descr`)
//!   and their bytes from `word/media/`; hyperlinks keep their address.
//! - Footnotes and endnotes are editor notes, set right after the paragraph that refers to
//!   them (`注：` or `Note:` by the note's script), the reference kept as `[n]`.
//! - `docProps/core.xml` gives the title, author and date where the sidecar gives none.

use std::collections::HashMap;
use std::io::Read;

use roxmltree::{Document, Node};

use super::front_matter::FrontMatter;
use super::{Format, Hint, Link, Para, Stream};
use crate::error::Warning;

/// The package's parts over this size are refused (a ZIP bomb is not a Word document).
const MAX_PART: u64 = 256 << 20;

/// A Word document's paragraphs, one a line: the text the structure recovery numbers.
pub fn paragraph_lines(bytes: &[u8]) -> Result<String, String> {
    let doc = Docx::open(bytes)?;
    let paras = doc.paragraphs()?;
    let mut text = String::new();
    for (i, p) in paras.paras.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&p.text);
    }
    Ok(text)
}

/// Reads a Word document that [`paragraph_lines`] has already opened.
pub fn read(bytes: &[u8]) -> Stream {
    let mut warnings = Vec::new();
    let (paras, front_matter, pictures) = match Docx::open(bytes).and_then(|d| {
        let read = d.paragraphs()?;
        Ok((read, d.properties(), d.pictures))
    }) {
        Ok((read, mut props, pictures)) => {
            warnings.extend(read.warnings);
            for byline in read.paras.iter().filter(|p| p.hint == Hint::FrontMatter) {
                if !props.authors.contains(&byline.text) {
                    props.authors.push(byline.text.clone());
                }
            }
            (read.paras, Some(props), pictures)
        }
        Err(why) => {
            warnings.push(Warning::general(format!(
                "cannot read the Word document: {why}"
            )));
            (Vec::new(), None, HashMap::new())
        }
    };
    let mut stream = Stream {
        format: Format::Docx,
        paras,
        warnings,
        front_matter,
        embedded: pictures.into_iter().collect(),
    };
    stream.embedded.sort_by(|a, b| a.0.cmp(&b.0));
    stream
}

struct Docx {
    parts: HashMap<String, String>,
    /// Pictures by their part name (`word/media/image1.png`).
    pictures: HashMap<String, Vec<u8>>,
}

struct ReadParas {
    paras: Vec<Para>,
    warnings: Vec<Warning>,
}

impl Docx {
    fn open(bytes: &[u8]) -> Result<Docx, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("not a ZIP archive ({e})"))?;
        let mut parts = HashMap::new();
        let mut pictures = HashMap::new();
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .map_err(|e| format!("broken archive ({e})"))?;
            let name = entry.name().to_string();
            let xml = name.ends_with(".xml") || name.ends_with(".rels");
            let media = name.starts_with("word/media/");
            if !(xml || media) {
                continue;
            }
            if entry.size() > MAX_PART {
                return Err(format!("{name} is larger than {} MB", MAX_PART >> 20));
            }
            let mut data = Vec::with_capacity(entry.size() as usize);
            (&mut entry)
                .take(MAX_PART + 1)
                .read_to_end(&mut data)
                .map_err(|e| format!("cannot unpack {name} ({e})"))?;
            if xml {
                let text = String::from_utf8(data).map_err(|_| format!("{name} is not UTF-8"))?;
                parts.insert(name, text);
            } else {
                pictures.insert(name, data);
            }
        }
        if !parts.contains_key("word/document.xml") {
            return Err("no word/document.xml in it".into());
        }
        Ok(Docx { parts, pictures })
    }

    fn xml(&self, name: &str) -> Result<Option<Document<'_>>, String> {
        match self.parts.get(name) {
            None => Ok(None),
            Some(text) => Document::parse(text)
                .map(Some)
                .map_err(|e| format!("{name}: {e}")),
        }
    }

    /// Relationship id → target, for a part's `_rels`.
    fn relationships(&self) -> Result<HashMap<String, (String, bool)>, String> {
        let mut map = HashMap::new();
        if let Some(rels) = self.xml("word/_rels/document.xml.rels")? {
            for rel in rels
                .descendants()
                .filter(|n| n.has_tag_name("Relationship"))
            {
                let (Some(id), Some(target)) = (rel.attribute("Id"), rel.attribute("Target"))
                else {
                    continue;
                };
                let external = rel.attribute("TargetMode") == Some("External");
                let target = if external {
                    target.to_string()
                } else {
                    resolve_part("word", target)
                };
                map.insert(id.to_string(), (target, external));
            }
        }
        Ok(map)
    }

    /// Style id → lower-case style name (`heading 1`, `caption`).
    fn style_names(&self) -> Result<HashMap<String, String>, String> {
        let mut map = HashMap::new();
        if let Some(styles) = self.xml("word/styles.xml")? {
            for style in styles.descendants().filter(|n| n.has_tag_name(w("style"))) {
                let Some(id) = style.attribute(w("styleId")) else {
                    continue;
                };
                let name = child(style, "name")
                    .and_then(|n| n.attribute(w("val")))
                    .unwrap_or(id);
                map.insert(id.to_string(), name.to_ascii_lowercase());
            }
        }
        Ok(map)
    }

    /// Footnote or endnote id → its text, from `word/footnotes.xml` and `word/endnotes.xml`.
    fn notes(&self, part: &str, tag: &str) -> Result<HashMap<String, String>, String> {
        let mut map = HashMap::new();
        if let Some(notes) = self.xml(part)? {
            for note in notes.descendants().filter(|n| n.has_tag_name(w(tag))) {
                // Separators (`w:type="separator"`) are no notes.
                if note.attribute(w("type")).is_some() {
                    continue;
                }
                let Some(id) = note.attribute(w("id")) else {
                    continue;
                };
                let text: Vec<String> = note
                    .descendants()
                    .filter(|n| n.has_tag_name(w("p")))
                    .map(plain_text)
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                map.insert(id.to_string(), text.join(" ").trim().to_string());
            }
        }
        Ok(map)
    }

    fn paragraphs(&self) -> Result<ReadParas, String> {
        let document = self.xml("word/document.xml")?.ok_or("no document part")?;
        let body = document
            .descendants()
            .find(|n| n.has_tag_name(w("body")))
            .ok_or("no body in word/document.xml")?;
        let mut walk = Walk {
            rels: self.relationships()?,
            styles: self.style_names()?,
            footnotes: self.notes("word/footnotes.xml", "footnote")?,
            endnotes: self.notes("word/endnotes.xml", "endnote")?,
            paras: Vec::new(),
            warnings: Vec::new(),
            pending_notes: Vec::new(),
            footnotes_seen: 0,
            endnotes_seen: 0,
            had_picture: false,
        };
        for block in body.children().filter(Node::is_element) {
            walk.block(block);
        }
        Ok(ReadParas {
            paras: walk.paras,
            warnings: walk.warnings,
        })
    }

    fn properties(&self) -> FrontMatter {
        let mut meta = FrontMatter::default();
        let Ok(Some(core)) = self.xml("docProps/core.xml") else {
            return meta;
        };
        let field = |name: &str| {
            core.descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        meta.title = field("title");
        meta.description = field("description");
        meta.authors = field("creator").into_iter().collect();
        meta.date = field("created")
            .and_then(|d| d.get(..10).map(str::to_string))
            .filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok());
        meta.language = field("language");
        meta
    }
}

/// `media/image1.png` relative to `word/` → `word/media/image1.png`; `../x` goes up.
fn resolve_part(base: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_string();
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn w(name: &str) -> (&'static str, &str) {
    (W, name)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(w(name)))
}

/// A `w:b`-like switch: on unless `w:val` says 0/false/off.
fn switched_on(node: Option<Node<'_, '_>>) -> bool {
    node.is_some_and(|n| !matches!(n.attribute(w("val")), Some("0" | "false" | "off" | "none")))
}

/// `n` in lower-case Roman numerals, as Word numbers endnotes.
fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// The text of a paragraph, runs and hyperlinks alike (for notes and table cells).
fn plain_text(node: Node<'_, '_>) -> String {
    let mut text = String::new();
    for n in node.descendants() {
        if n.has_tag_name(w("t")) {
            text.push_str(n.text().unwrap_or(""));
        } else if n.has_tag_name(w("tab")) || n.has_tag_name(w("br")) {
            text.push(' ');
        }
    }
    text
}

struct Walk {
    rels: HashMap<String, (String, bool)>,
    styles: HashMap<String, String>,
    footnotes: HashMap<String, String>,
    endnotes: HashMap<String, String>,
    paras: Vec<Para>,
    warnings: Vec<Warning>,
    /// Notes referred to in the paragraph being read, set after it.
    pending_notes: Vec<(String, String)>,
    /// Notes referred to so far: Word numbers footnotes 1, 2, 3 and endnotes i, ii, iii
    /// through the document.
    footnotes_seen: usize,
    endnotes_seen: usize,
    /// The paragraph being read showed a picture (its empty rest is no line).
    had_picture: bool,
}

/// The paragraph being gathered.
#[derive(Default)]
struct Open {
    text: String,
    hint: Hint,
    opens_bold: bool,
    links: Vec<Link>,
}

impl Walk {
    fn line(&self) -> usize {
        self.paras.len() + 1
    }

    fn block(&mut self, node: Node<'_, '_>) {
        match node.tag_name().name() {
            "p" => self.paragraph(node),
            "tbl" => {
                for row in node.children().filter(|n| n.has_tag_name(w("tr"))) {
                    let cells: Vec<String> = row
                        .children()
                        .filter(|n| n.has_tag_name(w("tc")))
                        .map(|c| {
                            let t = plain_text(c);
                            t.split_whitespace().collect::<Vec<_>>().join(" ")
                        })
                        .filter(|t| !t.is_empty())
                        .collect();
                    let line = self.line();
                    self.paras
                        .push(Para::new(line, cells.join(" | "), Hint::None));
                }
            }
            // Content controls and change-tracking wrappers hold paragraphs.
            "sdt" | "sdtContent" | "ins" | "customXml" => {
                for c in node.children().filter(Node::is_element) {
                    self.block(c);
                }
            }
            _ => {}
        }
    }

    fn style_hint(&self, p: Node<'_, '_>) -> Hint {
        let props = child(p, "pPr");
        let style = props
            .and_then(|pr| child(pr, "pStyle"))
            .and_then(|s| s.attribute(w("val")))
            .map(|id| {
                self.styles
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| id.to_ascii_lowercase())
            });
        let numbered = props.and_then(|pr| child(pr, "numPr")).is_some();
        let outline = props
            .and_then(|pr| child(pr, "outlineLvl"))
            .and_then(|o| o.attribute(w("val")))
            .and_then(|v| v.parse::<u8>().ok());
        if let Some(style) = style.as_deref() {
            let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect();
            if compact == "title" {
                return Hint::Title;
            }
            if compact == "subtitle" {
                return Hint::Subtitle;
            }
            // pandoc's Author paragraph under the title: a byline, the document's author.
            if compact == "author" {
                return Hint::FrontMatter;
            }
            if let Some(level) = compact
                .strip_prefix("heading")
                .and_then(|l| l.parse::<u8>().ok())
            {
                return Hint::Heading(level.clamp(1, 6));
            }
            if compact.contains("quote") {
                return Hint::Quote;
            }
            // Word's Caption; pandoc's Image Caption and Table Caption (not its Captioned
            // Figure, the paragraph holding the picture).
            if compact.ends_with("caption") {
                return Hint::Caption;
            }
            if compact.contains("list") {
                return Hint::ListItem;
            }
        }
        if let Some(level) = outline.filter(|&l| l < 6) {
            return Hint::Heading(level + 1);
        }
        if numbered {
            return Hint::ListItem;
        }
        Hint::None
    }

    fn paragraph(&mut self, p: Node<'_, '_>) {
        let hint = self.style_hint(p);
        let mut open = Open {
            hint: hint.clone(),
            ..Open::default()
        };
        if hint == Hint::ListItem {
            open.text.push_str("- ");
        }
        self.had_picture = false;
        self.runs(p, &mut open, None);
        let empty = open.text.trim().is_empty() || open.text.trim() == "-";
        if !(self.had_picture && empty) {
            self.finish(open);
        }
        let notes = std::mem::take(&mut self.pending_notes);
        for (n, text) in notes {
            let label = if text.chars().any(crate::read::text::is_wide) {
                "注："
            } else {
                "Note: "
            };
            let line = self.line();
            self.paras
                .push(Para::new(line, format!("{label}[{n}] {text}"), Hint::None));
        }
    }

    /// Reads the runs under `node` into `open`; `link` is the address of an enclosing
    /// hyperlink.
    fn runs(&mut self, node: Node<'_, '_>, open: &mut Open, link: Option<&str>) {
        for n in node.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "r" => self.run(n, open),
                "hyperlink" => {
                    let url = n
                        .attribute((R, "id"))
                        .and_then(|id| self.rels.get(id))
                        .filter(|(_, external)| *external)
                        .map(|(t, _)| t.clone());
                    let start = open.text.len();
                    self.runs(n, open, url.as_deref().or(link));
                    // The link's words, without the spaces around them.
                    let words = &open.text[start..];
                    let start = start + (words.len() - words.trim_start().len());
                    let end = start + words.trim().len();
                    if let Some(url) = url
                        && end > start
                    {
                        open.links.push(Link {
                            words: start..end,
                            url,
                        });
                    }
                }
                "ins" | "smartTag" | "sdt" | "sdtContent" | "fldSimple" | "customXml" => {
                    self.runs(n, open, link)
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, r: Node<'_, '_>, open: &mut Open) {
        let props = child(r, "rPr");
        let bold = switched_on(props.and_then(|p| child(p, "b")))
            || props
                .and_then(|p| child(p, "rStyle"))
                .and_then(|s| s.attribute(w("val")))
                .and_then(|id| self.styles.get(id))
                .is_some_and(|name| name == "strong" || name.contains("bold"));
        for n in r.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "t" => {
                    let text = n.text().unwrap_or("");
                    if open.text.trim().len() <= 2 && !text.trim().is_empty() && bold {
                        open.opens_bold =
                            open.opens_bold || open.text.trim_start_matches("- ").trim().is_empty();
                    }
                    open.text.push_str(text);
                }
                "tab" => open.text.push('\t'),
                "br" if n.attribute(w("type")).is_none_or(|t| t == "textWrapping") => {
                    let hint = open.hint.clone();
                    let done = std::mem::replace(
                        open,
                        Open {
                            hint: if hint == Hint::Title {
                                Hint::None
                            } else {
                                hint
                            },
                            ..Open::default()
                        },
                    );
                    self.finish(done);
                }
                "footnoteReference" | "endnoteReference" => {
                    let foot = n.tag_name().name() == "footnoteReference";
                    let notes = if foot {
                        &self.footnotes
                    } else {
                        &self.endnotes
                    };
                    if let Some(text) = n.attribute(w("id")).and_then(|id| notes.get(id)) {
                        let mark = if foot {
                            self.footnotes_seen += 1;
                            self.footnotes_seen.to_string()
                        } else {
                            self.endnotes_seen += 1;
                            roman(self.endnotes_seen)
                        };
                        open.text.push_str(&format!("[{mark}]"));
                        self.pending_notes.push((mark, text.clone()));
                    }
                }
                "drawing" | "pict" => self.picture(n, open),
                _ => {}
            }
        }
    }

    fn picture(&mut self, drawing: Node<'_, '_>, open: &mut Open) {
        let alt = drawing
            .descendants()
            .find(|n| n.tag_name().name() == "docPr")
            .and_then(|d| d.attribute("descr").or_else(|| d.attribute("title")))
            .unwrap_or("")
            .trim()
            .to_string();
        let embed = drawing
            .descendants()
            .find_map(|n| {
                (n.tag_name().name() == "blip")
                    .then(|| {
                        n.attribute((R, "embed"))
                            .or_else(|| n.attribute((R, "link")))
                    })
                    .flatten()
            })
            .or_else(|| {
                drawing
                    .descendants()
                    .find(|n| n.tag_name().name() == "imagedata")
                    .and_then(|n| n.attribute((R, "id")))
            });
        let Some((target, external)) = embed.and_then(|id| self.rels.get(id)).cloned() else {
            return;
        };
        // Text before the picture is its own paragraph; after it, the paragraph goes on.
        let rest = Open {
            hint: open.hint.clone(),
            ..Open::default()
        };
        let before = std::mem::replace(open, rest);
        if !before.text.trim().is_empty() && before.text.trim() != "-" {
            self.finish(before);
        }
        self.had_picture = true;
        if external {
            self.warnings.push(Warning::at(
                self.line(),
                format!("picture {target} is linked, not in the document; not fetched"),
            ));
        }
        let line = self.line();
        let shown = if alt.is_empty() { target.clone() } else { alt };
        self.paras
            .push(Para::new(line, shown, Hint::Picture { src: target }));
    }

    fn finish(&mut self, open: Open) {
        let lead = open.text.len() - open.text.trim_start().len();
        let text = open.text.trim().replace(['\n', '\r'], " ");
        let text = text.as_str();
        let line = self.line();
        let bare_marker = open.hint == Hint::ListItem && text == "-";
        let text = if bare_marker { "" } else { text };
        let mut para = Para::new(
            line,
            text,
            if text.is_empty() {
                Hint::None
            } else {
                open.hint
            },
        );
        para.opens_bold = open.opens_bold && !text.is_empty();
        para.links = open
            .links
            .into_iter()
            .filter(|l| l.words.start >= lead && l.words.end <= lead + text.len())
            .map(|l| Link {
                words: l.words.start - lead..l.words.end - lead,
                url: l.url,
            })
            .collect();
        self.paras.push(para);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_resolve() {
        assert_eq!(
            resolve_part("word", "media/image1.png"),
            "word/media/image1.png"
        );
        assert_eq!(
            resolve_part("word", "../customXml/item.xml"),
            "customXml/item.xml"
        );
        assert_eq!(
            resolve_part("word", "/word/media/a.png"),
            "word/media/a.png"
        );
    }
}

//! `<slug>.epub`: an EPUB 3 with a generated cover, a title page, one XHTML file per
//! top-level section, the references as links and a colophon. XHTML comes from handlebars
//! templates (`templates/epub/`), packaging from epub-builder, finishing from [`package`].

pub mod cover;
pub mod overlay;
mod package;
pub use views::paragraph_id;
mod raster;
mod views;
pub mod web;
mod webfont;

use std::io::Cursor;

use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};
use serde::Serialize;

use super::fonts::{SANS, SERIF};
use super::templates::{self, LATIN_STYLESHEET, STYLESHEET};
use super::{Artifact, Backend, Format, RenderOptions, Sink};
use crate::error::Error;
use crate::locale::Strings;
use crate::model::{CreditRole, Document, Role};
use crate::zh::normalize::is_chinese_language;

pub use views::{Section, sections};

pub struct EpubBackend;

fn epub_error(message: impl std::fmt::Display) -> Error {
    Error::render("epub", message)
}

impl Backend for EpubBackend {
    fn format(&self) -> Format {
        Format::Epub
    }

    fn render_into(
        &self,
        doc: &Document,
        options: &RenderOptions,
        out: &mut Sink<'_>,
    ) -> Result<Vec<crate::error::Warning>, Error> {
        out(Artifact {
            file_name: format!("{}.epub", doc.meta.slug),
            bytes: render_epub(doc, options)?,
        })?;
        Ok(Vec::new())
    }
}

#[derive(Serialize)]
struct Person {
    role: String,
    name: String,
    lang: Option<String>,
}

/// A credit other than interviewer and interviewee, as the title page (`line`) and the
/// colophon (`field`) print it.
#[derive(Serialize)]
struct CreditView {
    line: String,
    field: String,
}

#[derive(Serialize)]
struct Page<'a, T: Serialize> {
    lang: &'a str,
    /// The web edition (HTML, not XHTML): see templates/epub/block.hbs.
    web: bool,
    title: &'a str,
    strings: &'a Strings,
    #[serde(flatten)]
    body: T,
}

/// Interviewer and interviewee first, from the credits or else from the cast (generic
/// transcript labels such as `Speaker 1` left out: they name nobody).
fn people(doc: &Document, strings: &Strings) -> Vec<Person> {
    let from_credits: Vec<Person> = doc
        .meta
        .credits
        .iter()
        .filter(|c| matches!(c.role, CreditRole::Interviewer | CreditRole::Interviewee))
        .map(|c| Person {
            role: strings.credit_role(c.role).to_string(),
            lang: doc
                .cast
                .iter()
                .find(|s| s.name == c.name)
                .and_then(|s| s.lang.clone()),
            name: c.name.clone(),
        })
        .collect();
    if !from_credits.is_empty() {
        return from_credits;
    }
    doc.cast
        .iter()
        .filter(|s| !s.is_generic())
        .map(|s| Person {
            role: strings.speaker_role(s.role).to_string(),
            name: s.name.clone(),
            lang: s.lang.clone(),
        })
        .collect()
}

fn other_credits(doc: &Document, strings: &Strings) -> Vec<CreditView> {
    doc.meta
        .credits
        .iter()
        .filter(|c| !matches!(c.role, CreditRole::Interviewer | CreditRole::Interviewee))
        .map(|c| {
            let role = strings.credit_role(c.role);
            let note = strings.credit_note(c.note.as_deref());
            CreditView {
                line: format!("{}{note}", strings.person(role, &c.name)),
                field: format!(
                    "{}{note}",
                    Strings::fill(&strings.field, &[("label", role), ("text", &c.name)])
                ),
            }
        })
        .collect()
}

/// The cover's last line: where the original appeared and who translated it.
fn cover_footer(doc: &Document, strings: &Strings) -> String {
    doc.meta
        .credits
        .iter()
        .filter_map(|c| match c.role {
            CreditRole::Publication => {
                Some(Strings::fill(&strings.published_in, &[("name", &c.name)]))
            }
            CreditRole::Translator => {
                Some(Strings::fill(&strings.translated_by, &[("name", &c.name)]))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A stable identifier: the same for every build of the same article (slug, title, source)
/// with the same fonts; a build with embedded fonts is another edition, so that a reading
/// system does not open one at the other's last position.
fn identifier(doc: &Document, embed_fonts: bool) -> uuid::Uuid {
    let seed = format!(
        "fangtan:{}\n{}\n{}\n{}",
        doc.meta.slug,
        doc.meta.title,
        doc.meta.source_url.as_deref().unwrap_or(""),
        if embed_fonts { "embedded fonts" } else { "" }
    );
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, seed.as_bytes())
}

/// A `dc:creator` or `dc:contributor` with its MARC roles.
#[derive(Serialize)]
struct Creator<'a> {
    kind: &'static str,
    id: String,
    name: &'a str,
    roles: Vec<&'static str>,
}

/// Interviewer, interviewee and author are creators; each is also an author (`aut`), the
/// role calibre and most reading systems show as the book's author. Translators and the
/// rest are contributors.
fn creators(doc: &Document) -> Vec<Creator<'_>> {
    let mut creators = Vec::new();
    let mut contributors = Vec::new();
    for c in &doc.meta.credits {
        match c.role {
            CreditRole::Interviewer | CreditRole::Interviewee | CreditRole::Author => {
                creators.push((c.name.as_str(), c.role))
            }
            CreditRole::Publication => {}
            _ => contributors.push((c.name.as_str(), c.role)),
        }
    }
    if creators.is_empty() {
        for s in doc.cast.iter().filter(|s| !s.is_generic()) {
            let role = match s.role {
                Role::Interviewer => CreditRole::Interviewer,
                _ => CreditRole::Interviewee,
            };
            creators.push((s.name.as_str(), role));
        }
    }
    let creators = creators.into_iter().enumerate().map(|(i, (name, role))| {
        let mut roles = vec![CreditRole::Author.marc_code(), role.marc_code()];
        roles.dedup();
        Creator {
            kind: "creator",
            id: format!("creator-{}", i + 1),
            name,
            roles,
        }
    });
    // One contributor with two roles (translator and annotator) is one name, twice a role.
    let mut merged: Vec<Creator> = Vec::new();
    for (name, role) in contributors {
        match merged.iter_mut().find(|c| c.name == name) {
            Some(c) => c.roles.push(role.marc_code()),
            None => merged.push(Creator {
                kind: "contributor",
                id: format!("contributor-{}", merged.len() + 1),
                name,
                roles: vec![role.marc_code()],
            }),
        }
    }
    creators.chain(merged).collect()
}

#[derive(Serialize)]
struct MetaProperty<'a> {
    property: &'static str,
    value: &'a str,
}

/// The package document's data: the book's metadata and what epub-builder listed.
fn package_view<'a>(
    doc: &'a Document,
    strings: &'a Strings,
    options: &RenderOptions,
    description: Option<&'a str>,
    manifest: &'a package::Manifest,
) -> serde_json::Value {
    // Only what the book has: pictures make it visual too, and it is sufficient as text
    // only if every picture is described (alt text or a caption; the cover has its alt).
    let figures: Vec<(bool, bool)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            crate::model::Block::Figure {
                alt,
                caption,
                picture: Some(_),
                ..
            } => Some((!alt.is_empty(), caption.is_some())),
            _ => None,
        })
        .collect();
    let described = figures.iter().all(|(alt, caption)| *alt || *caption);
    let mut accessibility = vec![("schema:accessMode", "textual")];
    if !figures.is_empty() {
        accessibility.push(("schema:accessMode", "visual"));
    }
    accessibility.push((
        "schema:accessModeSufficient",
        if described {
            "textual"
        } else {
            "textual,visual"
        },
    ));
    accessibility.extend([
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
    ]);
    if figures.iter().all(|(alt, _)| *alt) {
        accessibility.push(("schema:accessibilityFeature", "alternativeText"));
    }
    accessibility.extend([
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            strings.accessibility_summary.as_str(),
        ),
    ]);
    let accessibility: Vec<MetaProperty> = accessibility
        .into_iter()
        .map(|(property, value)| MetaProperty { property, value })
        .collect();
    serde_json::json!({
        "lang": doc.meta.language,
        "identifier": identifier(doc, options.embed_fonts).urn().to_string(),
        "title": doc.meta.title,
        "creators": creators(doc),
        "published": doc.meta.date,
        "modified": options
            .timestamp(doc.meta.date.as_deref())
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        "description": description,
        "source": doc.meta.source_url,
        "generator": format!("fangtan {}", env!("CARGO_PKG_VERSION")),
        "accessibility": accessibility,
        "conformance": "EPUB Accessibility 1.1 - WCAG 2.2 Level AA",
        "certified_by": strings.self_assessed,
        "manifest": manifest.manifest,
        "spine": manifest.spine,
        "guide": manifest.guide,
        "ncx_id": manifest.ncx_id,
        "cover_id": manifest.cover_id,
    })
}

/// The manifest with each content document that has a Media Overlay pointing at its SMIL.
fn with_overlays(
    manifest: &package::Manifest,
    media: Option<&overlay::MediaView>,
) -> package::Manifest {
    let mut manifest = manifest.clone();
    let Some(media) = media else {
        return manifest;
    };
    let id_of = |href: &str| {
        manifest
            .manifest
            .iter()
            .find(|i| i.href == href)
            .map(|i| i.id.clone())
    };
    let links: Vec<(String, Option<String>)> = media
        .overlays
        .iter()
        .map(|o| (o.content.clone(), id_of(&o.smil)))
        .collect();
    for item in &mut manifest.manifest {
        if let Some((_, smil)) = links.iter().find(|(content, _)| *content == item.href) {
            item.media_overlay = smil.clone();
        }
    }
    manifest
}

/// What a read-along book says besides: the overlays' durations, the active class, the
/// narrators, and that it can be heard (synchronised audio and text).
fn read_along_metadata(view: &mut serde_json::Value, media: &overlay::MediaView) {
    let manifest = view["manifest"].as_array().cloned().unwrap_or_default();
    let smil_id = |smil: &str| {
        manifest
            .iter()
            .find(|i| i["href"] == smil)
            .and_then(|i| i["id"].as_str())
            .map(str::to_string)
    };
    let overlays: Vec<serde_json::Value> = media
        .overlays
        .iter()
        .filter_map(|o| {
            smil_id(&o.smil).map(|id| serde_json::json!({ "id": id, "duration": o.duration }))
        })
        .collect();
    view["media"] = serde_json::json!({
        "total": media.total,
        "overlays": overlays,
        "active_class": media.active_class,
        "narrators": media.narrators,
    });
    if let Some(list) = view["accessibility"].as_array_mut() {
        list.insert(
            1,
            serde_json::json!({ "property": "schema:accessMode", "value": "auditory" }),
        );
        list.push(serde_json::json!({
            "property": "schema:accessibilityFeature",
            "value": "synchronizedAudioText",
        }));
    }
}

#[derive(Serialize)]
struct NavEntry {
    href: String,
    title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    children: Vec<NavEntry>,
}

#[derive(Serialize)]
struct Landmark<'a> {
    kind: &'static str,
    href: &'a str,
    title: &'a str,
}

/// The navigation document's data: the contents (front matter, sections with their
/// subheadings, colophon) and the landmarks.
fn nav_view(strings: &Strings, sections: &[Section]) -> serde_json::Value {
    let entry = |href: &str, title: &str| NavEntry {
        href: href.to_string(),
        title: title.to_string(),
        children: Vec::new(),
    };
    let mut toc = vec![
        entry("cover.xhtml", &strings.cover),
        entry("title.xhtml", &strings.title_page),
    ];
    for section in sections {
        toc.push(NavEntry {
            children: section
                .children
                .iter()
                .map(|(id, title)| entry(&format!("{}#{id}", section.file), title))
                .collect(),
            ..entry(&section.file, &section.title)
        });
    }
    toc.push(entry("colophon.xhtml", &strings.colophon));
    let mut landmarks = vec![
        Landmark {
            kind: "cover",
            href: "cover.xhtml",
            title: &strings.cover,
        },
        Landmark {
            kind: "titlepage",
            href: "title.xhtml",
            title: &strings.title_page,
        },
    ];
    if let Some(first) = sections.first() {
        landmarks.push(Landmark {
            kind: "bodymatter",
            href: &first.file,
            title: &first.title,
        });
    }
    landmarks.push(Landmark {
        kind: "colophon",
        href: "colophon.xhtml",
        title: &strings.colophon,
    });
    serde_json::json!({ "toc": toc, "landmarks": landmarks })
}

/// A title with its short Latin names held together (`Yann LeCun` never split over two
/// lines of a centred title): the spaces of a Latin run of at most three words become
/// no-break spaces. Centred text is not justified, so they do not stretch.
fn unbroken_names(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut at = 0;
    for (from, to) in crate::zh::latin_runs(title) {
        let run = &title[from..to];
        out.push_str(&title[at..from]);
        if run.split(' ').count() <= 3 && run.chars().count() <= 24 {
            out.push_str(&run.replace(' ', "\u{a0}"));
        } else {
            out.push_str(run);
        }
        at = to;
    }
    out.push_str(&title[at..]);
    out
}

/// The stylesheet's label column (4 em) widened to this book's widest label, as the PDF
/// sets it (`Steven Levy：` needs 6 em): empty when 4 em does, and for Latin books, whose
/// labels run in.
fn label_column_rules(doc: &Document, strings: &Strings) -> String {
    use crate::render::fonts::{BookFaces, FontSet};
    if !is_chinese_language(&doc.meta.language) {
        return String::new();
    }
    let fonts = FontSet::new(BookFaces::Chinese, Vec::new());
    let labels = doc.cast.iter().map(|s| strings.label(&s.name));
    let column = crate::typeset::label_column_em(labels, &fonts);
    if column <= 4.0 {
        return String::new();
    }
    let item = column + 2.0;
    format!(
        "\n/* fangtan: this book's label column, for its widest speaker label. */\n\
         .turn p:first-child {{ text-indent: -{column}em; padding-left: {column}em; }}\n\
         .turn p + p, .turn.continued p:first-child {{ padding-left: {column}em; }}\n\
         .turn p.item, .turn.continued p.item:first-child {{ padding-left: {item}em; }}\n\
         .turn .label {{ min-width: {column}em; }}\n"
    )
}

/// The characters the sans (headings, names, labels) and the Kai (editor notes) draw; the
/// serif draws everything the pages show.
fn face_chars(doc: &Document, strings: &Strings) -> [std::collections::BTreeSet<char>; 2] {
    use crate::model::{Block, Inline};
    let mut sans: std::collections::BTreeSet<char> = [
        &strings.contents,
        &strings.interviewer,
        &strings.interviewee,
        &strings.conversation,
        &strings.label_colon,
        &strings.aside,
        &strings.caption,
    ]
    .into_iter()
    .flat_map(|s| s.chars())
    .chain("0123456789".chars())
    .collect();
    let mut kai: std::collections::BTreeSet<char> = strings.aside.chars().collect();
    sans.extend(doc.meta.title.chars());
    for s in &doc.cast {
        sans.extend(s.name.chars());
    }
    for block in &doc.blocks {
        match block {
            Block::Heading { number, text, .. } => {
                sans.extend(text.chars());
                sans.extend(number.iter().flat_map(|n| n.chars()));
            }
            Block::Note {
                label, paragraphs, ..
            } => {
                sans.extend(label.chars());
                for p in paragraphs {
                    kai.extend(p.plain_text().chars());
                }
            }
            Block::References { title: Some(t), .. } => sans.extend(t.chars()),
            _ => {}
        }
        for inline in block.paragraphs().iter().flat_map(|p| &p.content) {
            if let Inline::Aside { label, text } = inline {
                kai.extend(label.chars());
                kai.extend(text.chars());
            }
        }
    }
    [sans, kai]
}

/// The characters of XHTML outside its tags (entities left as they are: their characters are
/// ASCII, which the subsets cover anyway).
fn text_outside_tags(xhtml: &str) -> std::collections::BTreeSet<char> {
    let mut inside = false;
    let mut chars = std::collections::BTreeSet::new();
    for c in xhtml.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => {
                chars.insert(c);
            }
            _ => {}
        }
    }
    chars
}

/// A face to embed: (font, path in the package, family, weight, style, characters).
type FaceSource<'f> = (
    &'f [u8],
    &'f str,
    &'f str,
    &'f str,
    &'f str,
    std::collections::BTreeSet<char>,
);

/// Font files to embed: (path in the package, bytes).
type FontFiles = Vec<(String, Vec<u8>)>;

fn embedded_fonts(
    doc: &Document,
    strings: &Strings,
    shown: &std::collections::BTreeSet<char>,
) -> Result<(FontFiles, String), Error> {
    use crate::render::fonts::{BookFaces, FontSet};
    use crate::typeset::Face;
    let book_faces = BookFaces::for_language(&doc.meta.language);
    let fonts = FontSet::new(book_faces, Vec::new());
    // (face, file, family, weight, style)
    let faces = match book_faces {
        BookFaces::Chinese => [
            (
                Face::Serif,
                "fonts/NotoSerifSC-Regular.ttf",
                "Noto Serif SC",
                "normal",
                "normal",
            ),
            (
                Face::Sans,
                "fonts/NotoSansSC-Bold.ttf",
                "Noto Sans SC",
                "bold",
                "normal",
            ),
            (
                Face::Kai,
                "fonts/FangtanKai-Regular.ttf",
                "Fangtan Kai",
                "normal",
                "normal",
            ),
        ],
        // One family in three styles: the stylesheet asks for weight 600 and italics.
        BookFaces::Latin => [
            (
                Face::Serif,
                "fonts/FangtanSerif-Regular.ttf",
                "Fangtan Serif",
                "normal",
                "normal",
            ),
            (
                Face::Sans,
                "fonts/FangtanSerif-SemiBold.ttf",
                "Fangtan Serif",
                "600",
                "normal",
            ),
            (
                Face::Kai,
                "fonts/FangtanSerif-Italic.ttf",
                "Fangtan Serif",
                "normal",
                "italic",
            ),
        ],
    };
    let mut files = Vec::new();
    let mut css = String::from(
        "/* Subsets of the bundled fonts (SIL OFL 1.1) with the characters this book uses. */\n",
    );
    let [sans, kai] = face_chars(doc, strings);
    let chars_of = match book_faces {
        BookFaces::Chinese => [shown.clone(), sans, kai],
        // Labels and headings in semibold, notes in italic: each may show any character.
        BookFaces::Latin => [shown.clone(), shown.clone(), shown.clone()],
    };
    let mut sources: Vec<FaceSource> = Vec::new();
    for ((face, file, family, weight, style), chars) in faces.into_iter().zip(chars_of) {
        let font = fonts.font(face).ok_or_else(|| epub_error("font missing"))?;
        sources.push((font.bytes, file, family, weight, style, chars));
    }
    // Han in a book in another language is set in the Chinese faces (see the stylesheet's
    // `[lang|="zh"]` rules): the regular serif for the text, the bold sans for headings.
    if book_faces == BookFaces::Latin {
        let han = |set: &std::collections::BTreeSet<char>| -> std::collections::BTreeSet<char> {
            set.iter()
                .copied()
                .filter(|c| crate::zh::is_han(*c))
                .collect()
        };
        let [sans, _] = face_chars(doc, strings);
        for (bytes, file, family, weight, chars) in [
            (
                crate::render::fonts::SERIF,
                "fonts/NotoSerifSC-Regular.ttf",
                "Noto Serif SC",
                "normal",
                han(shown),
            ),
            (
                crate::render::fonts::SANS,
                "fonts/NotoSansSC-Bold.ttf",
                "Noto Sans SC",
                "bold",
                han(&sans),
            ),
        ] {
            if !chars.is_empty() {
                sources.push((bytes, file, family, weight, "normal", chars));
            }
        }
    }
    for (bytes, file, family, weight, style, chars) in sources {
        let subset = webfont::subset(bytes, &chars).map_err(epub_error)?;
        files.push((file.to_string(), subset));
        css.push_str(&format!(
            "@font-face {{ font-family: \"{family}\"; font-weight: {weight}; font-style: {style}; src: url(\"{file}\") format(\"truetype\"); }}\n"
        ));
    }
    Ok((files, css))
}

pub fn render_epub(unspaced: &Document, options: &RenderOptions) -> Result<Vec<u8>, Error> {
    render_epub_with(unspaced, options, None)
}

/// The read-along book: the e-book with the episode inside and a Media Overlay per content
/// document (see `overlay`).
pub fn render_read_along(
    unspaced: &Document,
    options: &RenderOptions,
    overlay: &overlay::Overlay<'_>,
) -> Result<Vec<u8>, Error> {
    render_epub_with(unspaced, options, Some(overlay))
}

fn render_epub_with(
    unspaced: &Document,
    options: &RenderOptions,
    overlay: Option<&overlay::Overlay<'_>>,
) -> Result<Vec<u8>, Error> {
    // Every text a reading system sets carries the Han–Latin gap (see `zh::gap`); the cover,
    // which we draw ourselves, sets its own.
    let spaced = crate::zh::gap::spaced_document(unspaced);
    let doc = &spaced;
    let meta = &doc.meta;
    let lang = meta.language.as_str();
    let dir = options.templates.as_deref();
    let hb = templates::registry(dir)?;
    let strings = options.strings(doc)?;
    let (css_file, css_text) = if is_chinese_language(lang) {
        STYLESHEET
    } else {
        LATIN_STYLESHEET
    };
    let css = templates::file_text(dir, css_file, css_text)?;
    let css = format!("{css}{}", label_column_rules(unspaced, &strings));

    let mut builder =
        EpubBuilder::new(ZipLibrary::new().map_err(epub_error)?).map_err(epub_error)?;
    // The package document and the navigation are ours (see `package`): epub-builder gets
    // what its NCX needs.
    builder.epub_version(EpubVersion::V30);
    builder.set_title(meta.title.as_str());
    builder.add_language(lang);
    builder.set_uuid(identifier(doc, options.embed_fonts));
    builder.set_toc_name(strings.contents.as_str());
    let lead: String = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            crate::model::Block::Lead(p) => Some(p.plain_text()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let description = meta
        .description
        .clone()
        .or((!lead.is_empty()).then_some(lead));
    // The characters the pages show, markup aside: the embedded fonts' subsets.
    let mut shown = std::collections::BTreeSet::new();

    // The cover: an image set in the bundled fonts, and a page showing it.
    let people = people(doc, &strings);
    let credits = other_credits(doc, &strings);
    let footer = cover_footer(unspaced, &strings);
    let cover_people = self::people(unspaced, &strings);
    let cover_text = cover::CoverText {
        title: &unspaced.meta.title,
        subtitle: unspaced.meta.subtitle.as_deref(),
        people: cover_people
            .iter()
            .map(|p| strings.person(&p.role, &p.name))
            .collect(),
        footer: (!footer.is_empty()).then_some(footer.as_str()),
    };
    let png = cover::render_cover(&cover_text, SANS, SERIF).map_err(epub_error)?;
    // epub-builder would deflate the PNG again; it gets a stand-in here, and the real image
    // goes into the package stored, as it is (see package::finish).
    builder
        .add_cover_image("cover.png", Cursor::new(Vec::<u8>::new()), "image/png")
        .map_err(epub_error)?;
    let page = |body: serde_json::Value| Page {
        lang,
        web: false,
        title: &meta.title,
        strings: &strings,
        body,
    };
    let alt = Strings::fill(&strings.cover_alt, &[("title", &meta.title)]);
    let cover_page = templates::render(
        &hb,
        "epub/cover",
        &page(serde_json::json!({ "image": "cover.png", "alt": alt })),
    )?;
    shown.extend(text_outside_tags(&cover_page));
    builder
        .add_content(
            EpubContent::new("cover.xhtml", cover_page.as_bytes())
                .title(strings.cover.as_str())
                .reftype(ReferenceType::Cover),
        )
        .map_err(epub_error)?;

    let title_page = templates::render(
        &hb,
        "epub/title",
        &page(serde_json::json!({
            "shown_title": unbroken_names(&meta.title),
            "subtitle": meta.subtitle,
            "original_title": meta.original_title,
            "people": people,
            "credits": credits,
            "source_url": meta.source_url,
            "source_href": meta.source_url.as_deref().map(views::href),
            "source_parts": meta.source_url.as_deref().map(views::url_parts),
            "date": meta.date,
        })),
    )?;
    shown.extend(text_outside_tags(&title_page));
    builder
        .add_content(
            EpubContent::new("title.xhtml", title_page.as_bytes())
                .title(strings.title_page.as_str())
                .reftype(ReferenceType::TitlePage),
        )
        .map_err(epub_error)?;

    for (i, picture) in doc.pictures.iter().enumerate() {
        builder
            .add_resource(
                format!("images/{}", picture.file_name(i)),
                Cursor::new(picture.bytes.as_slice()),
                picture.format.media_type(),
            )
            .map_err(epub_error)?;
    }
    let sections = sections(doc, &strings);
    for (i, section) in sections.iter().enumerate() {
        // Block by block (`{{#each_block}}`): a long section is never template data at once.
        let xhtml = templates::render_each(
            &hb,
            "epub/section",
            &page(serde_json::to_value(section).map_err(epub_error)?),
            "each_block",
            section.blocks.len(),
            |i| serde_json::to_value(&section.blocks[i]),
        )?;
        shown.extend(text_outside_tags(&xhtml));
        let mut content =
            EpubContent::new(section.file.clone(), xhtml.as_bytes()).title(section.title.clone());
        if i == 0 {
            content = content.reftype(ReferenceType::Text);
        }
        for (id, title) in &section.children {
            content = content.child(TocElement::new(
                format!("{}#{id}", section.file),
                title.clone(),
            ));
        }
        builder.add_content(content).map_err(epub_error)?;
    }

    let media = match overlay {
        Some(overlay) => {
            let (smils, media) = overlay::smil_documents(overlay, &views::files_by_id(&sections));
            builder
                .add_resource(
                    overlay::audio_file(overlay),
                    Cursor::new(overlay.audio),
                    overlay.media_type,
                )
                .map_err(epub_error)?;
            for (file, bytes) in smils {
                builder
                    .add_resource(file, Cursor::new(bytes), "application/smil+xml")
                    .map_err(epub_error)?;
            }
            Some(media)
        }
        None => None,
    };
    let css = match &media {
        Some(_) => format!("{css}{}", overlay::stylesheet()),
        None => css,
    };

    let colophon = templates::render(
        &hb,
        "epub/colophon",
        &page(serde_json::json!({
            "source_url": meta.source_url,
            "source_href": meta.source_url.as_deref().map(views::href),
            "source_parts": meta.source_url.as_deref().map(views::url_parts),
            "credits": credits,
            "date": meta.date,
            "date_field": meta.date.as_deref().map(|d| Strings::fill(&strings.field, &[("label", &strings.date), ("text", d)])),
            "generated_by": Strings::fill(&strings.generated_by, &[("version", env!("CARGO_PKG_VERSION"))]),
            "fonts": options.embed_fonts,
        })),
    )?;
    builder
        .add_content(
            EpubContent::new("colophon.xhtml", colophon.as_bytes())
                .title(strings.colophon.as_str())
                .reftype(ReferenceType::Colophon),
        )
        .map_err(epub_error)?;

    shown.extend(text_outside_tags(&colophon));
    // Fonts last: the serif gets every character the pages show, markup aside.
    let css = if options.embed_fonts {
        let (faces, css_faces) = embedded_fonts(doc, &strings, &shown)?;
        for (file, bytes) in faces {
            builder
                .add_resource(file, Cursor::new(bytes), "font/ttf")
                .map_err(epub_error)?;
        }
        format!("{css_faces}\n{css}")
    } else {
        css
    };
    builder.stylesheet(css.as_bytes()).map_err(epub_error)?;
    let mut raw = Vec::new();
    builder.generate(&mut raw).map_err(epub_error)?;
    let nav = templates::render(&hb, "epub/nav", &page(nav_view(&strings, &sections)))?;
    let package = |manifest: &package::Manifest| {
        let manifest = with_overlays(manifest, media.as_ref());
        let mut view = package_view(doc, &strings, options, description.as_deref(), &manifest);
        if let Some(media) = &media {
            read_along_metadata(&mut view, media);
        }
        templates::render(&hb, "epub/package", &view).map_err(|e| e.to_string())
    };
    package::finish(&raw, package, &nav, &png).map_err(epub_error)
}

//! `<slug>.html`: the web edition. One self-contained page of the interview with the e-book's
//! semantics and stylesheet (the same block markup, `templates/epub/block.hbs`), a table of
//! contents, Open Graph metadata, pictures inlined as `data:` URLs, and the reader's system
//! fonts unless `--embed-fonts` inlines the e-book's subsets.

use base64::Engine as _;
use serde::Serialize;

use super::views::{self, BlockView, Section};
use super::{
    embedded_fonts, label_column_rules, other_credits, people, sections, text_outside_tags,
    unbroken_names,
};
use crate::error::{Error, Warning};
use crate::locale::Strings;
use crate::model::{CreditRole, Document};
use crate::render::templates::{self, LATIN_STYLESHEET, STYLESHEET};
use crate::render::{Artifact, Backend, Format, RenderOptions, Sink};
use crate::zh::normalize::is_chinese_language;

/// The screen and print layer over the e-book's stylesheet.
pub const WEB_STYLESHEET: (&str, &str) = (
    "html/web.css",
    include_str!("../../../templates/html/web.css"),
);

pub struct WebBackend;

impl Backend for WebBackend {
    fn format(&self) -> Format {
        Format::Html
    }

    fn render_into(
        &self,
        doc: &Document,
        options: &RenderOptions,
        out: &mut Sink<'_>,
    ) -> Result<Vec<Warning>, Error> {
        out(Artifact {
            file_name: format!("{}.html", doc.meta.slug),
            bytes: render_web(doc, options)?.into_bytes(),
        })?;
        Ok(Vec::new())
    }
}

#[derive(Serialize)]
struct TocEntry {
    href: String,
    title: String,
    children: Vec<TocEntry>,
}

#[derive(Serialize)]
struct SectionView<'a> {
    #[serde(flatten)]
    section: &'a Section,
    blocks: &'a [BlockView],
}

/// The web edition's HTML.
pub fn render_web(unspaced: &Document, options: &RenderOptions) -> Result<String, Error> {
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
    let book_css = templates::file_text(dir, css_file, css_text)?;
    let web_css = templates::file_text(dir, WEB_STYLESHEET.0, WEB_STYLESHEET.1)?;
    let mut sections = sections(doc, &strings);
    inline_pictures(doc, &mut sections);
    let toc: Vec<TocEntry> = sections
        .iter()
        .map(|s| TocEntry {
            href: format!("#{}", s.id),
            title: s.title.clone(),
            children: s
                .children
                .iter()
                .map(|(id, title)| TocEntry {
                    href: format!("#{id}"),
                    title: title.clone(),
                    children: Vec::new(),
                })
                .collect(),
        })
        .collect();
    let section_views: Vec<SectionView> = sections
        .iter()
        .map(|s| SectionView {
            section: s,
            blocks: &s.blocks,
        })
        .collect();
    let description = meta.description.clone().or_else(|| {
        let lead: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                crate::model::Block::Lead(p) => Some(p.plain_text()),
                _ => None,
            })
            .collect();
        (!lead.is_empty()).then(|| lead.join(" "))
    });
    let mut view = serde_json::json!({
        "lang": lang,
        "web": true,
        "title": meta.title,
        "strings": &strings,
        "shown_title": unbroken_names(&meta.title),
        "subtitle": meta.subtitle,
        "original_title": meta.original_title,
        "description": description,
        "authors": meta
            .credits
            .iter()
            .filter(|c| matches!(c.role, CreditRole::Author | CreditRole::Interviewer))
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        "people": people(doc, &strings),
        "credits": other_credits(doc, &strings),
        "source_url": meta.source_url,
        "source_href": meta.source_url.as_deref().map(views::href),
        "source_parts": meta.source_url.as_deref().map(views::url_parts),
        "date": meta.date,
        "og_locale": og_locale(lang),
        "date_field": meta.date.as_deref().map(|d| Strings::fill(&strings.field, &[("label", &strings.date), ("text", d)])),
        "generated_by": Strings::fill(&strings.generated_by, &[("version", env!("CARGO_PKG_VERSION"))]),
        "fonts": options.embed_fonts,
        "toc": toc,
        "sections": section_views,
        "css": "",
    });
    let css = format!(
        "{book_css}{}\n{web_css}",
        label_column_rules(unspaced, &strings)
    );
    let css = if options.embed_fonts {
        // The subsets hold every character the page shows outside its tags.
        let page = templates::render(&hb, "html/page", &view)?;
        let (faces, face_css) = embedded_fonts(doc, &strings, &text_outside_tags(&page))?;
        format!("{}\n{css}", inline_fonts(&face_css, &faces))
    } else {
        css
    };
    view["css"] = serde_json::Value::String(css);
    templates::render(&hb, "html/page", &view)
}

/// Pictures as `data:` URLs, so that the page is one file.
fn inline_pictures(doc: &Document, sections: &mut [Section]) {
    let urls: std::collections::HashMap<String, String> = doc
        .pictures
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                format!("images/{}", p.file_name(i)),
                data_url(p.format.media_type(), &p.bytes),
            )
        })
        .collect();
    for section in sections {
        for block in &mut section.blocks {
            if let BlockView::Figure { file, .. } = block
                && let Some(url) = urls.get(file.as_str())
            {
                *file = url.clone();
            }
        }
    }
}

/// The e-book's `@font-face` rules with each font file's URL replaced by its bytes.
fn inline_fonts(face_css: &str, faces: &[(String, Vec<u8>)]) -> String {
    let mut css = face_css.to_string();
    for (file, bytes) in faces {
        css = css.replace(
            &format!("url(\"{file}\")"),
            &format!("url(\"{}\")", data_url("font/ttf", bytes)),
        );
    }
    css
}

fn data_url(media_type: &str, bytes: &[u8]) -> String {
    format!(
        "data:{media_type};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Open Graph's locale form (`zh_CN`, `en_US`) of a language tag.
fn og_locale(lang: &str) -> String {
    let mut parts = lang.split('-');
    let language = parts.next().unwrap_or("und").to_ascii_lowercase();
    let region = parts.find(|p| p.len() == 2).map(str::to_ascii_uppercase);
    let region = region.or_else(|| match (language.as_str(), lang) {
        (_, l) if l.contains("Hant") => Some("TW".to_string()),
        ("zh", _) => Some("CN".to_string()),
        ("en", _) => Some("US".to_string()),
        _ => None,
    });
    match region {
        Some(r) => format!("{language}_{r}"),
        None => language,
    }
}

#[cfg(test)]
mod tests {
    use super::og_locale;

    #[test]
    fn open_graph_locales() {
        assert_eq!(og_locale("zh-Hans"), "zh_CN");
        assert_eq!(og_locale("zh-Hant"), "zh_TW");
        assert_eq!(og_locale("zh-HK"), "zh_HK");
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("fr"), "fr");
    }
}

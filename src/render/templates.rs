//! The handlebars templates the backends write text with. The built-in ones (`templates/`)
//! are compiled in; `--templates DIR` points at a folder of the user's own copies, which
//! replace the built-in ones file by file (same relative names).

use std::path::Path;

use handlebars::Handlebars;

use crate::error::Error;

/// Built-in templates: (registered name, file under `templates/`, text).
const BUILT_IN: &[(&str, &str, &str)] = &[
    (
        "epub/section",
        "epub/section.xhtml.hbs",
        include_str!("../../templates/epub/section.xhtml.hbs"),
    ),
    (
        "inlines",
        "epub/inlines.hbs",
        include_str!("../../templates/epub/inlines.hbs"),
    ),
    (
        "epub/title",
        "epub/title.xhtml.hbs",
        include_str!("../../templates/epub/title.xhtml.hbs"),
    ),
    (
        "epub/cover",
        "epub/cover.xhtml.hbs",
        include_str!("../../templates/epub/cover.xhtml.hbs"),
    ),
    (
        "script/md",
        "script/script.md.hbs",
        include_str!("../../templates/script/script.md.hbs"),
    ),
    (
        "script/ssml",
        "script/script.ssml.hbs",
        include_str!("../../templates/script/script.ssml.hbs"),
    ),
    (
        "epub/colophon",
        "epub/colophon.xhtml.hbs",
        include_str!("../../templates/epub/colophon.xhtml.hbs"),
    ),
];

/// Plain files that can be overridden the same way: the EPUB's CSS for Chinese books, and for
/// books in other languages.
pub const STYLESHEET: (&str, &str) = (
    "epub/stylesheet.css",
    include_str!("../../templates/epub/stylesheet.css"),
);
pub const LATIN_STYLESHEET: (&str, &str) = (
    "epub/stylesheet.en.css",
    include_str!("../../templates/epub/stylesheet.en.css"),
);

/// A template folder's version of `file`, if it has one, else the built-in text.
pub fn file_text(dir: Option<&Path>, file: &str, built_in: &str) -> Result<String, Error> {
    match dir.map(|d| d.join(file)).filter(|p| p.is_file()) {
        Some(path) => std::fs::read_to_string(&path).map_err(|e| {
            Error::input(
                path.display().to_string(),
                format!("cannot read template: {e}"),
            )
        }),
        None => Ok(built_in.to_string()),
    }
}

/// The registry: strict (a misspelt variable is an error, not an empty string), HTML
/// escaping on (every `{{value}}` is escaped; markup comes only from the templates).
pub fn registry(dir: Option<&Path>) -> Result<Handlebars<'static>, Error> {
    // The built-in templates compile once per process (a batch builds many books).
    static BUILT_IN_REGISTRY: std::sync::OnceLock<Handlebars<'static>> = std::sync::OnceLock::new();
    if dir.is_none() {
        if let Some(hb) = BUILT_IN_REGISTRY.get() {
            return Ok(hb.clone());
        }
        let hb = compile(None)?;
        return Ok(BUILT_IN_REGISTRY.get_or_init(|| hb).clone());
    }
    compile(dir)
}

fn compile(dir: Option<&Path>) -> Result<Handlebars<'static>, Error> {
    if let Some(d) = dir
        && !d.is_dir()
    {
        return Err(Error::input(
            d.display().to_string(),
            "template folder not found",
        ));
    }
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    for (name, file, text) in BUILT_IN {
        let source = file_text(dir, file, text)?;
        hb.register_template_string(name, source).map_err(|e| {
            let origin = dir.map_or_else(
                || format!("templates/{file}"),
                |d| d.join(file).display().to_string(),
            );
            // One line: where, and the first line of why (the parser adds a code frame).
            let at = e
                .pos()
                .map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
            let reason = e.reason().to_string();
            let reason = reason.lines().next().unwrap_or("").trim();
            Error::input(format!("{origin}{at}"), format!("template error: {reason}"))
        })?;
    }
    Ok(hb)
}

/// Renders template `name`. A template that fails here (a variable it names does not exist,
/// a helper misused) is the template's fault, so an input error, as a syntax error is.
pub fn render(hb: &Handlebars, name: &str, data: &impl serde::Serialize) -> Result<String, Error> {
    hb.render(name, data).map_err(|e| {
        let reason = e.to_string();
        let reason = reason.lines().next().unwrap_or("").trim().to_string();
        Error::input(
            format!("template {name}"),
            format!("template error: {reason}"),
        )
    })
}

//! The handlebars templates the backends write text with. The built-in ones (`templates/`)
//! are compiled in; `--templates DIR` points at a folder of the user's own copies, which
//! replace the built-in ones file by file (same relative names).

use std::path::Path;

use handlebars::{
    BlockContext, Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext,
    RenderErrorReason, Renderable,
};

use crate::error::Error;

/// Built-in templates: (registered name, file under `templates/`, text).
const BUILT_IN: &[(&str, &str, &str)] = &[
    (
        "epub/section",
        "epub/section.xhtml.hbs",
        include_str!("../../templates/epub/section.xhtml.hbs"),
    ),
    (
        "block",
        "epub/block.hbs",
        include_str!("../../templates/epub/block.hbs"),
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
        "epub/nav",
        "epub/nav.xhtml.hbs",
        include_str!("../../templates/epub/nav.xhtml.hbs"),
    ),
    (
        "epub/package",
        "epub/package.opf.hbs",
        include_str!("../../templates/epub/package.opf.hbs"),
    ),
    (
        "html/page",
        "html/page.html.hbs",
        include_str!("../../templates/html/page.html.hbs"),
    ),
    (
        "preview/reading",
        "preview/reading.html.hbs",
        include_str!("../../templates/preview/reading.html.hbs"),
    ),
    (
        "preview/live",
        "preview/live.hbs",
        include_str!("../../templates/preview/live.hbs"),
    ),
    (
        "preview/nav",
        "preview/nav.hbs",
        include_str!("../../templates/preview/nav.hbs"),
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
pub fn registry(dir: Option<&Path>) -> Result<Templates, Error> {
    // The built-in templates compile once per process (a batch builds many books).
    static BUILT_IN_REGISTRY: std::sync::OnceLock<Handlebars<'static>> = std::sync::OnceLock::new();
    let hb = match dir {
        None => match BUILT_IN_REGISTRY.get() {
            Some(hb) => hb.clone(),
            None => {
                let hb = compile(None)?;
                BUILT_IN_REGISTRY.get_or_init(|| hb).clone()
            }
        },
        Some(_) => compile(dir)?,
    };
    Ok(Templates {
        hb,
        dir: dir.map(Path::to_path_buf),
    })
}

/// The compiled templates, and the folder of the user's own, to name the file a rendering
/// error comes from.
pub struct Templates {
    pub hb: Handlebars<'static>,
    dir: Option<std::path::PathBuf>,
}

impl Templates {
    /// The file template `name` was read from: the user's copy, or the built-in one.
    fn origin(&self, name: &str) -> String {
        let Some((_, file, _)) = BUILT_IN.iter().find(|(n, _, _)| *n == name) else {
            return format!("template {name}");
        };
        match self
            .dir
            .as_deref()
            .map(|d| d.join(file))
            .filter(|p| p.is_file())
        {
            Some(path) => path.display().to_string(),
            None => format!("templates/{file}"),
        }
    }
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
        let mut source = file_text(dir, file, text)?;
        if !name.contains('/') && source.ends_with('\n') {
            // A partial is set inside a line: its file's last newline would be a space
            // (before an aside's closing bracket, say).
            source.pop();
            if source.ends_with('\r') {
                source.pop();
            }
        }
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
pub fn render(
    templates: &Templates,
    name: &str,
    data: &impl serde::Serialize,
) -> Result<String, Error> {
    render_with(&templates.hb, templates, name, data)
}

fn render_with(
    hb: &Handlebars<'_>,
    templates: &Templates,
    name: &str,
    data: &impl serde::Serialize,
) -> Result<String, Error> {
    hb.render(name, data).map_err(|e| {
        // `FILE:LINE:COLUMN: template error: why`, as a syntax error is reported. The error
        // comes from the innermost template (a partial's own name when one failed).
        let origin = templates.origin(e.template_name.as_deref().unwrap_or(name));
        let at = match (e.line_no, e.column_no) {
            (Some(line), Some(column)) => format!(":{line}:{column}"),
            (Some(line), None) => format!(":{line}"),
            _ => String::new(),
        };
        let reason = e.reason().to_string();
        let reason = reason.lines().next().unwrap_or("").trim().to_string();
        Error::input(format!("{origin}{at}"), format!("template error: {reason}"))
    })
}

/// Renders template `name` with `data`, and with a block helper `helper` that renders its
/// block once for each of `len` items, making item `i`'s data (`item(i)`) only when its turn
/// comes: `{{#each_cue}}…{{/each_cue}}` in the script's templates. Handlebars would otherwise
/// turn a whole long list into JSON values first, many times the size of its text.
pub fn render_each<'a>(
    templates: &Templates,
    name: &str,
    data: &impl serde::Serialize,
    helper: &str,
    len: usize,
    item: impl Fn(usize) -> serde_json::Result<serde_json::Value> + Send + Sync + 'a,
) -> Result<String, Error> {
    let mut hb: Handlebars<'a> = templates.hb.clone();
    hb.register_helper(
        helper,
        Box::new(EachMade {
            len,
            item: Box::new(item),
        }),
    );
    render_with(&hb, templates, name, data)
}

struct EachMade<'a> {
    len: usize,
    item: Box<dyn Fn(usize) -> serde_json::Result<serde_json::Value> + Send + Sync + 'a>,
}

/// Where an item sits in the data its block is rendered with.
const ITEM: &str = "fangtan_each_item";

impl HelperDef for EachMade<'_> {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        if self.len == 0 {
            return h.inverse().map_or(Ok(()), |t| t.render(r, ctx, rc, out));
        }
        let Some(template) = h.template() else {
            return Ok(());
        };
        // Each item goes into a copy of the outer data, under a name of its own, and the block
        // is rendered there: `this` is the item by path, so the `{{#each}}`s inside it walk
        // it in place (an item given as a value would be copied by each of them), while `../`
        // and `@root` still reach the outer fields.
        let mut own = ctx.clone();
        if !own.data().is_object() {
            return Err(RenderErrorReason::Other(
                "each: the template's data is not an object".into(),
            )
            .into());
        }
        for i in 0..self.len {
            own.data_mut()[ITEM] = (self.item)(i).map_err(RenderErrorReason::SerdeError)?;
            let mut inner = RenderContext::new(None);
            let mut block = BlockContext::new();
            *block.base_path_mut() = vec![ITEM.to_string()];
            // As `each` does: `@index`, `@first` and `@last`.
            block.set_local_var("index", serde_json::Value::from(i));
            block.set_local_var("first", serde_json::Value::Bool(i == 0));
            block.set_local_var("last", serde_json::Value::Bool(i + 1 == self.len));
            inner.push_block(block);
            template.render(r, &own, &mut inner, out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn each(template: &str, len: usize) -> Result<String, Error> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.register_template_string("t", template).unwrap();
        let data = serde_json::json!({ "sep": "|" });
        let templates = Templates { hb, dir: None };
        render_each(&templates, "t", &data, "each_cue", len, |i| {
            Ok(serde_json::json!({ "n": i * 10 }))
        })
    }

    #[test]
    fn each_made_item_is_this_with_the_loop_variables_and_the_parent() {
        let out = each(
            "{{#each_cue}}{{@index}}:{{n}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}}{{../sep}}{{/each_cue}}",
            3,
        )
        .unwrap();
        assert_eq!(out, "0:0F|1:10|2:20L|");
    }

    #[test]
    fn no_items_render_the_else_block_and_a_misspelt_field_is_an_error() {
        assert_eq!(
            each("{{#each_cue}}x{{else}}none{{/each_cue}}", 0).unwrap(),
            "none"
        );
        assert_eq!(each("{{#each_cue}}x{{/each_cue}}", 0).unwrap(), "");
        assert!(each("{{#each_cue}}{{m}}{{/each_cue}}", 2).is_err());
    }
}

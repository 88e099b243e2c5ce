//! `<slug>.json`: the document model, for scripts and other tools (like pandoc's JSON writer).

use super::{Artifact, Backend, Format, RenderOptions, Sink};
use crate::error::{Error, Warning};
use crate::model::Document;

pub struct JsonBackend;

impl Backend for JsonBackend {
    fn format(&self) -> Format {
        Format::Json
    }

    fn render_into(
        &self,
        doc: &Document,
        _options: &RenderOptions,
        out: &mut Sink<'_>,
    ) -> Result<Vec<Warning>, Error> {
        let mut bytes = serde_json::to_vec_pretty(doc).map_err(|e| Error::render("json", e))?;
        bytes.push(b'\n');
        out(Artifact {
            file_name: format!("{}.json", doc.meta.slug),
            bytes,
        })?;
        Ok(Vec::new())
    }
}

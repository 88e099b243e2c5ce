//! `<slug>.json`: the document model, for scripts and other tools (like pandoc's JSON writer).

use super::{Artifact, Backend, Format, RenderOptions, Rendered};
use crate::error::Error;
use crate::model::Document;

pub struct JsonBackend;

impl Backend for JsonBackend {
    fn format(&self) -> Format {
        Format::Json
    }

    fn render(&self, doc: &Document, _options: &RenderOptions) -> Result<Rendered, Error> {
        let mut bytes = serde_json::to_vec_pretty(doc).map_err(|e| Error::Render {
            backend: "json",
            message: e.to_string(),
        })?;
        bytes.push(b'\n');
        Ok(Rendered {
            artifacts: vec![Artifact {
                file_name: format!("{}.json", doc.meta.slug),
                bytes,
            }],
            warnings: Vec::new(),
        })
    }
}

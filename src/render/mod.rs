//! The backend seam: each output format takes the model and options and returns files as
//! bytes. Only the CLI writes them to disk.

pub mod fonts;
mod json;

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::model::Document;

/// Every output format fangtan knows, in build order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Epub,
    Pdf,
    Script,
    /// The document model itself, for other tools.
    Json,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Epub, Format::Pdf, Format::Script, Format::Json];

    pub fn name(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Script => "script",
            Format::Json => "json",
        }
    }

    /// The backend for this format, or `None` while it is not built yet (with the issue that
    /// tracks it).
    pub fn backend(self) -> Result<&'static dyn Backend, &'static str> {
        match self {
            Format::Json => Ok(&json::JsonBackend),
            Format::Epub => Err("the EPUB backend is not built yet (issue #4)"),
            Format::Pdf => Err("the PDF backend is not built yet (issue #3)"),
            Format::Script => Err("the read-aloud script backend is not built yet (issue #5)"),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown output {s:?} (known: {})", names.join(", "))
            })
    }
}

/// Options every backend receives.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// `SOURCE_DATE_EPOCH`, for reproducible dates.
    pub source_date_epoch: Option<i64>,
}

/// One output file, named relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub trait Backend: Sync {
    fn format(&self) -> Format;
    fn render(&self, doc: &Document, options: &RenderOptions) -> Result<Vec<Artifact>, Error>;
}

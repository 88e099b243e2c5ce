//! The backend seam: each output format takes the model and options and returns files as
//! bytes. Only the CLI writes them to disk.

pub mod audio;
pub mod epub;
pub mod fonts;
mod json;
pub mod pdf;
pub mod script;
pub mod templates;

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
    /// The table-read episode, its transcript and chapters (needs a speech engine or
    /// recordings).
    Audio,
    /// The web edition: one self-contained HTML page (asked for with `--only html`).
    Html,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 6] = [
        Format::Epub,
        Format::Pdf,
        Format::Script,
        Format::Json,
        Format::Audio,
        Format::Html,
    ];
    /// The formats made from the text alone, with no speech engine.
    pub const TEXT: [Format; 4] = [Format::Epub, Format::Pdf, Format::Script, Format::Json];

    pub fn name(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Script => "script",
            Format::Json => "json",
            Format::Audio => "audio",
            Format::Html => "html",
        }
    }

    /// The backend for this format, or `None` while it is not built yet (with the issue that
    /// tracks it).
    pub fn backend(self) -> Result<&'static dyn Backend, &'static str> {
        match self {
            Format::Json => Ok(&json::JsonBackend),
            Format::Pdf => Ok(&pdf::PdfBackend),
            Format::Epub => Ok(&epub::EpubBackend),
            Format::Script => Ok(&script::ScriptBackend),
            Format::Audio => Ok(&audio::AudioBackend),
            Format::Html => Ok(&epub::web::WebBackend),
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
    /// When the outputs say they were made (EPUB `dcterms:modified`, PDF `CreationDate`),
    /// in seconds since 1970: `SOURCE_DATE_EPOCH`, else the newest modification time of the
    /// input and its sidecar, so that the same input always builds the same bytes and an
    /// edited one builds a newer book. `None`: the article's date, else 1970-01-01.
    pub modified: Option<i64>,
    /// Paper size of the PDF.
    pub paper: crate::typeset::book::Paper,
    /// Folders searched first for fonts that have what the bundled ones lack.
    pub font_dirs: Vec<std::path::PathBuf>,
    /// A folder of the user's templates replacing the built-in ones file by file.
    pub templates: Option<std::path::PathBuf>,
    /// Embed subsets of the bundled fonts in the EPUB.
    pub embed_fonts: bool,
    /// Casting, timing and pronunciations of the read-aloud script (the sidecar's `[script]`).
    pub script: crate::sidecar::ScriptConfig,
    /// The sidecar's `[strings]`: entries replacing the language table's.
    pub strings: toml::Table,
    /// The episode: engine, recordings, encoding.
    pub audio: audio::AudioOptions,
}

impl RenderOptions {
    /// [`Self::modified`], else the article's date (`2023-12-22`), else the epoch.
    pub fn timestamp(&self, article_date: Option<&str>) -> chrono::DateTime<chrono::Utc> {
        self.modified
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .or_else(|| {
                article_date
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|t| t.and_utc())
            })
            .unwrap_or_default()
    }

    /// The interface strings for `doc`: its language's table, the template folder's and the
    /// sidecar's entries over it.
    pub fn strings(&self, doc: &Document) -> Result<crate::locale::Strings, Error> {
        crate::locale::Strings::load(&doc.meta.language, self.templates.as_deref(), &self.strings)
    }
}

/// What a backend made: files, and warnings about the input that only it could see.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub artifacts: Vec<Artifact>,
    pub warnings: Vec<crate::error::Warning>,
}

/// A stable 64-bit hash (FNV-1a) of the document model and `salt`: ids that are the same on
/// every build of the same input.
pub fn content_hash(doc: &Document, salt: &[u8]) -> u64 {
    let json = serde_json::to_vec(doc).unwrap_or_default();
    json.iter()
        .chain(salt)
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
        })
}

/// One output file, named relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Where a backend hands each file it has made.
pub type Sink<'a> = dyn FnMut(Artifact) -> Result<(), Error> + 'a;

pub trait Backend: Sync {
    fn format(&self) -> Format;

    /// Renders `doc`, handing each file to `out` as soon as it is made and dropping what made
    /// it, so that a caller that stages files at once never holds a long book's outputs
    /// together. Returns warnings about the input that only this backend could see.
    fn render_into(
        &self,
        doc: &Document,
        options: &RenderOptions,
        out: &mut Sink<'_>,
    ) -> Result<Vec<crate::error::Warning>, Error>;

    /// Every file, in memory.
    fn render(&self, doc: &Document, options: &RenderOptions) -> Result<Rendered, Error> {
        let mut artifacts = Vec::new();
        let warnings = self.render_into(doc, options, &mut |artifact| {
            artifacts.push(artifact);
            Ok(())
        })?;
        Ok(Rendered {
            artifacts,
            warnings,
        })
    }
}

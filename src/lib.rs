//! fangtan (访谈): turns an interview (pasted text, Markdown, a saved web page, a Word file,
//! subtitles or a transcript) into an EPUB, a print PDF and a read-aloud script (and its
//! episode), all from one document model.
//!
//! Pipeline: [`input`] decodes the text → a reader of [`read`] (one per format) makes it
//! paragraphs → [`parse`] recovers the structure into a [`model::Document`] →
//! [`zh::normalize`] optionally cleans up typography → a [`render`] backend returns bytes →
//! the CLI writes them.

pub mod audio;
pub mod bundled;
pub mod cli;
pub mod error;
pub mod input;
pub mod locale;
pub mod media;
pub mod model;
pub mod parse;
pub mod preview;
pub mod read;
pub mod render;
pub mod sample;
pub mod sidecar;
pub mod slug;
pub mod typeset;
pub mod zh;

use std::path::Path;

use error::{Error, Warning};
use input::Source;
use model::Document;
use sidecar::{Sidecar, Typography};
use zh::normalize::Change;

/// An input text with its sidecar, ready to read.
#[derive(Debug, Clone)]
pub struct Input {
    pub source: Source,
    pub sidecar: Sidecar,
    /// Where the sidecar came from, if there was one.
    pub sidecar_name: Option<String>,
    pub sidecar_warnings: Vec<Warning>,
    /// The folder of the input file, where its pictures are (none for a text in memory).
    pub folder: Option<std::path::PathBuf>,
}

impl Input {
    /// The bundled article and its sidecar.
    pub fn bundled() -> Input {
        let (sidecar, sidecar_warnings) = Sidecar::parse(bundled::SIDECAR_NAME, bundled::SIDECAR)
            .expect("the bundled sidecar is valid (checked by tests)");
        Input {
            source: Source::from_text(bundled::TEXT_NAME, bundled::TEXT),
            sidecar,
            sidecar_name: Some(bundled::SIDECAR_NAME.to_string()),
            sidecar_warnings,
            folder: None,
        }
    }

    /// Text already in memory, without a sidecar.
    pub fn from_text(name: &str, text: &str) -> Input {
        Input::with_source(Source::from_text(name, text))
    }

    /// Bytes in any supported encoding (detected, or `encoding` when given), without a
    /// sidecar.
    pub fn from_bytes(name: &str, bytes: &[u8], encoding: Option<&str>) -> Result<Input, Error> {
        Ok(Input::with_source(Source::decode(
            name.to_string(),
            bytes,
            encoding,
        )?))
    }

    fn with_source(source: Source) -> Input {
        Input {
            source,
            sidecar: Sidecar::default(),
            sidecar_name: None,
            sidecar_warnings: Vec::new(),
            folder: None,
        }
    }

    /// An input file; `meta` names its sidecar, else `INPUT.toml` beside it is used if
    /// present. `from` chooses the reader (else the sidecar's `reader.format`, else the file's
    /// name and content).
    pub fn from_file(
        path: &Path,
        meta: Option<&Path>,
        encoding: Option<&str>,
        from: Option<read::Format>,
    ) -> Result<Input, Error> {
        let bytes = input::read_file(path)?;
        let sidecar_path = match meta {
            Some(m) => Some(m.to_path_buf()),
            None => Sidecar::beside(path),
        };
        let (sidecar, sidecar_warnings) = match &sidecar_path {
            Some(p) => Sidecar::read(p)?,
            None => (Sidecar::default(), Vec::new()),
        };
        let name = path.display().to_string();
        let source = Source::decode_as(name, bytes, encoding, from.or(sidecar.reader.format))?;
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        Ok(Input {
            source,
            sidecar,
            sidecar_name: sidecar_path.map(|p| p.display().to_string()),
            sidecar_warnings,
            folder: Some(folder),
        })
    }
}

/// A document read and (optionally) normalised, with everything worth telling the user.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub document: Document,
    pub warnings: Vec<Warning>,
    pub typography: Typography,
    pub changes: Vec<Change>,
}

/// Reads the input into the model and applies the typography pass. `typography` overrides the
/// sidecar's choice; the default is to normalise.
pub fn prepare(input: &Input, typography: Option<Typography>) -> Result<Prepared, Error> {
    let mut parsed = parse::parse(&input.source, &input.sidecar)?;
    let allowed: Vec<std::path::PathBuf> = match &input.folder {
        Some(folder) => input
            .sidecar
            .reader
            .picture_folders
            .iter()
            .map(|d| folder.join(d))
            .collect(),
        None => Vec::new(),
    };
    let sources = media::Sources {
        folder: input.folder.as_deref(),
        allowed: &allowed,
        embedded: &parsed.embedded,
    };
    let picture_warnings = media::load_pictures(&mut parsed.document, &sources);
    if !picture_warnings.is_empty() {
        parsed.warnings.extend(picture_warnings);
        parsed.warnings.sort_by_key(|w| w.line.unwrap_or(0));
    }
    parsed.embedded = Vec::new();
    let mut document = parsed.document;
    let typography = typography.or(input.sidecar.typography).unwrap_or_default();
    let changes = match typography {
        Typography::Normalize => zh::normalize::normalize_document(&mut document),
        Typography::Keep => Vec::new(),
    };
    let mut warnings = input.sidecar_warnings.clone();
    warnings.extend(parsed.warnings);
    Ok(Prepared {
        document,
        warnings,
        typography,
        changes,
    })
}

//! Errors and warnings. Every message names the file and, where there is one, the line.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// A fatal problem. Input errors exit with 1, output errors with 2 (see README).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}: {message}")]
    Input { file: String, message: String },
    #[error("{file}:{line}: {message}")]
    InputLine {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}:{line}:{column}: {message}")]
    Sidecar {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Output { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("{backend}: {message}")]
    Render {
        backend: &'static str,
        message: String,
    },
    /// SIGINT or SIGTERM arrived while outputs were written.
    #[error("{0}")]
    Stopped(String),
    /// Some articles of a batch failed (each was reported as it failed).
    #[error("{failed} of {total} articles failed")]
    Batch {
        failed: usize,
        total: usize,
        /// The worst exit code among the failures.
        code: i32,
    },
}

impl Error {
    /// A backend could not make its file.
    pub fn render(backend: &'static str, message: impl std::fmt::Display) -> Self {
        Error::Render {
            backend,
            message: message.to_string(),
        }
    }

    pub fn input(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            file: file.into(),
            message: message.into(),
        }
    }

    /// Process exit code: 1 for anything about the input or the command line, 2 for output.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Output { .. } | Error::Render { .. } => 2,
            Error::Stopped(_) => 130,
            Error::Batch { code, .. } => *code,
            _ => 1,
        }
    }
}

/// Something the user should look at; never changes the exit code unless asked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The file it is about, when not the input text (a sidecar).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
    /// Text of the metadata it is about (a title, a name), when no line of the input holds
    /// it: the CLI names the sidecar line that does, if one does.
    #[serde(skip)]
    pub metadata: Option<String>,
}

impl Warning {
    /// A warning about `text` that came from the metadata, not from a line of the input.
    pub fn about_metadata(text: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            metadata: Some(text.into()),
            ..Warning::general(message)
        }
    }

    /// Where the metadata this warning is about was written: the first line of the sidecar
    /// `text` (named `file`) that holds it.
    pub fn placed_in_sidecar(mut self, file: &str, text: &str) -> Self {
        if self.file.is_none()
            && self.line.is_none()
            && let Some(wanted) = &self.metadata
            && let Some(index) = text.lines().position(|l| l.contains(wanted.as_str()))
        {
            self.file = Some(file.to_string());
            self.line = Some(index + 1);
        }
        self
    }

    /// A warning about another file than the input (a recordings folder).
    pub fn about(file: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            file: Some(file.into()),
            ..Warning::general(message)
        }
    }

    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Warning {
            file: None,
            line: Some(line),
            message: message.into(),
            metadata: None,
        }
    }

    pub fn general(message: impl Into<String>) -> Self {
        Warning {
            file: None,
            line: None,
            message: message.into(),
            metadata: None,
        }
    }

    /// A warning about another file than the input (a sidecar), at a line of it.
    pub fn in_file(file: &str, line: usize, message: impl Into<String>) -> Self {
        Warning {
            file: Some(file.to_string()),
            line: Some(line),
            message: message.into(),
            metadata: None,
        }
    }

    /// `file:line: warning: message`, the form compilers use, so editors can jump to it.
    pub fn display_in<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        struct D<'a>(&'a Warning, &'a str);
        impl fmt::Display for D<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Line 0 is no line: said of the file as a whole.
                match self.0.line.filter(|&line| line > 0) {
                    Some(line) => write!(f, "{}:{line}: warning: {}", self.1, self.0.message),
                    None => write!(f, "{}: warning: {}", self.1, self.0.message),
                }
            }
        }
        D(self, self.file.as_deref().unwrap_or(file))
    }
}

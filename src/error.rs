//! Typed errors of the library; the binary adds context and prints them.

use std::path::PathBuf;

/// Everything that can stop a build or a clean.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// `site.toml` is missing, malformed or inconsistent.
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A template failed to parse or render.
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Template {
        /// The template file (or built-in name).
        path: PathBuf,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// Tera's report.
        message: String,
    },
    /// The chosen output folder would overwrite the site's own sources.
    #[error("refusing to use {out} as the output folder: {reason}")]
    UnsafeOutput {
        /// The output folder that was asked for.
        out: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// `briefing init` was refused: a file it would write exists, or a setting is unusable.
    #[error("{what}: {message}")]
    Init {
        /// The file concerned, or the option (`--topic`).
        what: String,
        /// What is wrong.
        message: String,
    },
    /// An input file cannot be turned into an article.
    #[error("{path}: {message}")]
    Input {
        /// The input file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Converts a byte offset into a 1-based line number.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A problem with one input that did not stop the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file concerned, relative to the site root where possible.
    pub file: String,
    /// What is wrong and what was done about it.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

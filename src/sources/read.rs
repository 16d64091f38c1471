//! One reader per format: a seed file becomes one document (text, markdown, a saved
//! page) or many (an export of records).

use std::path::Path;

use crate::error::Warning;
use crate::fingerprint::fingerprint;
use crate::frontmatter;

use super::document::{DocId, Document};
use super::exports::{read_csv, read_json, read_json_lines};
use super::feed::read_feed;
use super::fields::FieldMap;
use super::warc::read_warc;
use super::{Capped, MAX_SEED_BYTES, SourceFile, SourceKind, read_capped};

/// How a seed file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One article: a text dump, markdown, or a saved page.
    Single(SourceKind),
    /// JSON Lines: one record per line.
    JsonLines,
    /// A JSON array of records (or one record).
    Json,
    /// CSV with a header row.
    Csv,
    /// RSS or Atom.
    Feed,
    /// A WARC archive, gzipped or not.
    Warc {
        /// `.warc.gz`.
        gzipped: bool,
    },
}

impl Format {
    /// Decides from the file name whether and how a file is read.
    pub fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".warc.gz") {
            return Some(Format::Warc { gzipped: true });
        }
        let Some((_, ext)) = name.rsplit_once('.') else {
            return Some(Format::Single(SourceKind::Text));
        };
        Some(match ext {
            "txt" | "text" => Format::Single(SourceKind::Text),
            "md" | "markdown" => Format::Single(SourceKind::Markdown),
            "html" | "htm" | "xhtml" => Format::Single(SourceKind::Html),
            "jsonl" | "ndjson" => Format::JsonLines,
            "json" => Format::Json,
            "csv" => Format::Csv,
            "rss" | "atom" | "xml" => Format::Feed,
            "warc" => Format::Warc { gzipped: false },
            _ => return None,
        })
    }

    /// Whether the format holds many records.
    pub fn is_export(self) -> bool {
        !matches!(self, Format::Single(_))
    }
}

/// Receives each document of a file as it is read, or a warning about one that is not.
pub type Emit<'a> = &'a mut dyn FnMut(Result<Document, Warning>);

/// Reads the seed file at `path` (shown as `display`) and hands its documents to `emit`.
pub fn read_documents(path: &Path, display: &str, fields: &FieldMap, emit: Emit) {
    let Some(format) = Format::of(path) else {
        emit(Err(Warning {
            file: display.to_string(),
            message: "is not a format briefing reads; skipped".into(),
        }));
        return;
    };
    if let Format::Single(kind) = format {
        emit(
            super::read_named(path, display.to_string()).and_then(|mut source| {
                source.kind = kind;
                single_document(source)
            }),
        );
        return;
    }
    // Exports are streamed: only regular files are opened, and no file-size cap applies
    // (each record is capped instead).
    let file = match super::open_regular(path) {
        Ok(f) => f,
        Err(e) => {
            emit(Err(Warning {
                file: display.to_string(),
                message: match e {
                    Capped::NotAFile => {
                        "is not a regular file (a folder, device, pipe or socket); skipped".into()
                    }
                    Capped::TooLarge => format!("is larger than {MAX_SEED_BYTES} bytes; skipped"),
                    Capped::Io(e) => format!("cannot be read ({e}); skipped"),
                },
            }));
            return;
        }
    };
    let reader = std::io::BufReader::with_capacity(256 * 1024, file);
    match format {
        Format::JsonLines => read_json_lines(reader, fields, display, emit),
        Format::Json => read_json(reader, fields, display, emit),
        Format::Csv => read_csv(reader, fields, display, emit),
        Format::Feed => match read_capped(path, MAX_SEED_BYTES) {
            Ok(bytes) => read_feed(&bytes[..], display, emit),
            Err(_) => emit(Err(Warning {
                file: display.to_string(),
                message: "cannot be read, or is larger than a feed can be (16 MiB); skipped".into(),
            })),
        },
        Format::Warc { gzipped } => read_warc(reader, gzipped, display, emit),
        Format::Single(_) => {}
    }
}

/// Reads every document of one file, with the warnings about it.
pub fn collect_documents(
    path: &Path,
    display: &str,
    fields: &FieldMap,
) -> (Vec<Document>, Vec<Warning>) {
    let (mut docs, mut warnings) = (Vec::new(), Vec::new());
    read_documents(path, display, fields, &mut |r| match r {
        Ok(d) => docs.push(d),
        Err(w) => warnings.push(w),
    });
    (docs, warnings)
}

/// A file that is one article: its front matter (if any) is the metadata; a saved page
/// keeps its markup for the extractor.
pub fn single_document(source: SourceFile) -> Result<Document, Warning> {
    let hash = fingerprint(&source.text);
    let mut text = source.text;
    let (meta, body_line) = if source.kind == SourceKind::Html {
        (Default::default(), 1)
    } else {
        let split = frontmatter::split(&text).map_err(|e| Warning {
            file: source.display.clone(),
            message: format!("front matter, {e}; skipped"),
        })?;
        let offset = text.len() - split.body.len();
        let (front, line) = (split.front, split.body_line);
        text.drain(..offset);
        (front, line)
    };
    Ok(Document {
        id: DocId::file(source.display),
        place: String::new(),
        kind: source.kind,
        body: text,
        body_line,
        meta,
        hash,
    })
}

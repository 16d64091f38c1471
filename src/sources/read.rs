//! One reader per format: a seed file becomes one document (text, markdown, a saved
//! page) or many (an export of records).

use std::path::Path;

use crate::error::Warning;
use crate::fingerprint::fingerprint_bytes;
use crate::frontmatter;

use super::document::{DocId, Document};
use super::exports::{read_csv, read_json, read_json_lines};
use super::feed::read_feed;
use super::fields::FieldMap;
use super::warc::read_warc;
use super::{Capped, MAX_SEED_BYTES, SourceFile, SourceKind};

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

/// What reading a file reports, one item at a time.
// Each item is moved once, straight into the caller's closure: boxing the document would
// only add an allocation per record.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Item {
    /// A document.
    Doc(Document),
    /// A record the caller already has (same bytes, same identity): not parsed again.
    Unchanged {
        /// The identity the caller knows it by.
        id: DocId,
    },
    /// A record or file that gives no document, and why.
    Warning(Warning),
}

impl From<Result<Document, Warning>> for Item {
    fn from(r: Result<Document, Warning>) -> Item {
        match r {
            Ok(d) => Item::Doc(d),
            Err(w) => Item::Warning(w),
        }
    }
}

/// Receives each item of a file as it is read.
pub type Emit<'a> = &'a mut dyn FnMut(Item);

/// Records the caller already has (`serve`'s last read of the file): given a record's
/// content hash and position, the identity it had, if the same record. Such a record is
/// reported [`Item::Unchanged`] without being parsed.
pub type Known<'a> = &'a (dyn Fn(u64, usize) -> Option<DocId> + Sync);

/// Knows no record: every one is read.
pub fn none_known(_: u64, _: usize) -> Option<DocId> {
    None
}

/// Reads the seed file at `path` (shown as `display`) and hands its documents to `emit`.
pub fn read_documents(path: &Path, display: &str, fields: &FieldMap, known: Known, emit: Emit) {
    let Some(format) = Format::of(path) else {
        emit(Item::Warning(Warning {
            file: display.to_string(),
            message: "is not a format briefing reads; skipped".into(),
        }));
        return;
    };
    if let Format::Single(kind) = format {
        emit(
            super::read_named(path, display.to_string())
                .and_then(|mut source| {
                    source.kind = kind;
                    single_document(source)
                })
                .into(),
        );
        return;
    }
    // Exports are streamed: only regular files are opened, and no file-size cap applies
    // (each record is capped instead).
    let file = match super::open_regular(path) {
        Ok(f) => f,
        Err(e) => {
            emit(Item::Warning(Warning {
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
    read_export(format, reader, display, fields, known, emit);
}

/// Reads an export from any reader (a file, or bytes in memory for tests and fuzzing).
/// Feeds are read whole, up to [`MAX_SEED_BYTES`].
pub fn read_export(
    format: Format,
    reader: impl std::io::BufRead,
    display: &str,
    fields: &FieldMap,
    known: Known,
    emit: Emit,
) {
    use std::io::Read;
    match format {
        Format::JsonLines => read_json_lines(reader, fields, display, known, emit),
        Format::Json => read_json(reader, fields, display, emit),
        Format::Csv => read_csv(reader, fields, display, emit),
        Format::Feed => {
            let mut bytes = Vec::new();
            match reader.take(MAX_SEED_BYTES + 1).read_to_end(&mut bytes) {
                Ok(n) if n as u64 <= MAX_SEED_BYTES => read_feed(&bytes[..], display, emit),
                _ => emit(Item::Warning(Warning {
                    file: display.to_string(),
                    message: "cannot be read, or is larger than a feed can be (16 MiB); skipped"
                        .into(),
                })),
            }
        }
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
    read_documents(path, display, fields, &none_known, &mut |r| match r {
        Item::Doc(d) => docs.push(d),
        Item::Warning(w) => warnings.push(w),
        Item::Unchanged { .. } => {}
    });
    (docs, warnings)
}

/// A file that is one article: its front matter (if any) is the metadata; a saved page
/// keeps its markup for the extractor.
pub fn single_document(source: SourceFile) -> Result<Document, Warning> {
    let hash = fingerprint_bytes(source.text.as_bytes());
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

//! The unit of input: one article, from a file of its own or one record of an export.

use std::fmt;

use crate::frontmatter::FrontMatter;

use super::SourceKind;

/// Which record of a file a document is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKey {
    /// The record's URL: stays the same when records are added, removed or reordered.
    Url(String),
    /// The record's own `id` field.
    Id(String),
    /// Its position (1-based line of a JSON Lines or CSV file, or index in an array,
    /// feed or archive), when it carries neither.
    Index(usize),
}

/// A document's stable identity: its file and, for exports, its record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId {
    /// The file, relative to the site root.
    pub file: String,
    /// The record in it; `None` when the file is one article.
    pub record: Option<RecordKey>,
}

impl DocId {
    /// The identity of a file that is one article.
    pub fn file(file: impl Into<String>) -> DocId {
        DocId {
            file: file.into(),
            record: None,
        }
    }

    /// A name to fall back on for the slug when the title gives none.
    pub fn stem(&self) -> String {
        let from_file = || {
            std::path::Path::new(&self.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        match &self.record {
            None => from_file(),
            Some(RecordKey::Url(url)) => url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .map(|s| s.split(['?', '#']).next().unwrap_or(s).to_string())
                .unwrap_or_default(),
            Some(RecordKey::Id(id)) => id.clone(),
            Some(RecordKey::Index(i)) => format!("{}-{i}", from_file()),
        }
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.record {
            None => f.write_str(&self.file),
            Some(RecordKey::Url(url)) => write!(f, "{} [{url}]", self.file),
            Some(RecordKey::Id(id)) => write!(f, "{} [id {id}]", self.file),
            Some(RecordKey::Index(i)) => write!(f, "{} #{i}", self.file),
        }
    }
}

/// One article as read, before cleaning.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from.
    pub id: DocId,
    /// Where it is in its file, for messages ("line 12", "item 3"); empty for a whole file.
    pub place: String,
    /// How its body is written.
    pub kind: SourceKind,
    /// The body: text, markdown or a web page.
    pub body: String,
    /// Line of the file where the body starts (for `--explain`).
    pub body_line: usize,
    /// What the file or record says of it (front matter, an export's fields).
    pub meta: FrontMatter,
    /// A fingerprint of what the document was read from: the same bytes, the same article.
    pub hash: u64,
}

impl Document {
    /// Names the document in a warning: its file, and the record when it is one.
    pub fn label(&self) -> String {
        if self.place.is_empty() {
            self.id.to_string()
        } else {
            format!("{}, {}", self.id.file, self.place)
        }
    }
}

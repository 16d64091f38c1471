//! Reading seed files for the assembler in two steps, so that memory stays bounded
//! however large an export is.
//!
//! First every changed file is scanned: each document's id, content hash and candidate
//! template lines are noted (the template must be known before anything is cleaned), and
//! its body is kept only while the bodies kept stay under [`HOLD_BYTES`]. Then the
//! documents to clean are taken from what was kept, or read again from their file as a
//! stream and cleaned in batches of [`BATCH_BYTES`]: a gigabyte of JSON Lines never sits
//! in memory whole.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::clean::template::candidate_lines;
use crate::error::Warning;
use crate::sources::{self, DocId, Document, FieldMap, Item, RecordKey, SourceKind};

/// Bodies kept between the scan and the cleaning, for all files together.
pub const HOLD_BYTES: usize = 256 << 20;
/// Bodies read again and cleaned at a time.
const BATCH_BYTES: usize = 32 << 20;

/// What the scan notes of one document.
pub struct Summary {
    /// Its identity.
    pub id: DocId,
    /// Fingerprint of the bytes it was read from.
    pub hash: u64,
    /// Candidate template lines (none for pages, whose chrome the extractor removes).
    pub lines: Vec<(u64, usize)>,
}

/// One seed file as scanned.
pub struct Scanned {
    /// The file.
    pub path: PathBuf,
    /// Every document read in it, in file order.
    pub docs: Vec<Summary>,
    /// Documents that were known and found unchanged (not read again).
    pub unchanged: Vec<DocId>,
    /// Bodies kept, by id (all of them when the budget allowed).
    pub held: HashMap<DocId, Document>,
    /// Warnings about the file and its records.
    pub warnings: Vec<Warning>,
}

/// The candidate template lines of a document.
pub fn lines_of(doc: &Document) -> Vec<(u64, usize)> {
    if doc.kind == SourceKind::Html {
        Vec::new()
    } else {
        candidate_lines(&doc.body)
    }
}

/// Content hash → the identities of a file's documents, as last read.
pub type KnownDocs = HashMap<u64, Vec<DocId>>;

/// Scans `paths` in parallel; bodies are kept while `HOLD_BYTES` allows. `known` gives
/// each file's documents as last read, so an export's unchanged records are not parsed.
pub fn scan(
    paths: &[PathBuf],
    root: &Path,
    fields: &FieldMap,
    known: &(dyn Fn(&Path) -> KnownDocs + Sync),
) -> Vec<Scanned> {
    let held_bytes = AtomicUsize::new(0);
    paths
        .par_iter()
        .map(|path| {
            let display = sources::display_path(path, root);
            let mut scanned = Scanned {
                path: path.clone(),
                docs: Vec::new(),
                unchanged: Vec::new(),
                held: HashMap::new(),
                warnings: Vec::new(),
            };
            let docs = known(path);
            // A record keyed by its position is the same one only at the same position.
            let same = |hash: u64, line: usize| -> Option<DocId> {
                docs.get(&hash)?
                    .iter()
                    .find(|id| !matches!(id.record, Some(RecordKey::Index(i)) if i != line))
                    .cloned()
            };
            sources::read_documents(path, &display, fields, &same, &mut |item| match item {
                Item::Warning(w) => scanned.warnings.push(w),
                Item::Unchanged { id } => scanned.unchanged.push(id),
                Item::Doc(doc) => {
                    scanned.docs.push(Summary {
                        id: doc.id.clone(),
                        hash: doc.hash,
                        lines: lines_of(&doc),
                    });
                    let size = doc.body.len();
                    if held_bytes.fetch_add(size, Ordering::Relaxed) + size <= HOLD_BYTES {
                        scanned.held.insert(doc.id.clone(), doc);
                    } else {
                        held_bytes.fetch_sub(size, Ordering::Relaxed);
                    }
                }
            });
            scanned
        })
        .collect()
}

/// Documents to clean: those kept by a scan, and those to read again from their files.
#[derive(Default)]
pub struct ToClean {
    /// Bodies at hand, with their file.
    pub held: Vec<(PathBuf, Document)>,
    /// Files to read again, and which of their documents are wanted.
    pub reread: HashMap<PathBuf, HashSet<DocId>>,
}

impl ToClean {
    /// Wants document `id` of `path`, taking its body from `held` when it was kept.
    pub fn want(&mut self, path: &Path, id: &DocId, held: &mut HashMap<DocId, Document>) {
        match held.remove(id) {
            Some(doc) => self.held.push((path.to_path_buf(), doc)),
            None => {
                self.reread
                    .entry(path.to_path_buf())
                    .or_default()
                    .insert(id.clone());
            }
        }
    }

    /// How many documents are wanted.
    pub(super) fn len(&self) -> usize {
        self.held.len() + self.reread.values().map(HashSet::len).sum::<usize>()
    }

    /// Hands every wanted document to `clean`, in batches cleaned in parallel: first the
    /// bodies at hand, then each file read again as a stream.
    pub fn each_batch<T: Send>(
        self,
        root: &Path,
        fields: &FieldMap,
        clean: &(dyn Fn(&Path, Document) -> T + Sync),
    ) -> Vec<T> {
        let run = |batch: Vec<(PathBuf, Document)>| -> Vec<T> {
            batch
                .into_par_iter()
                .map(|(path, doc)| clean(&path, doc))
                .collect()
        };
        let mut out = run(self.held);
        let mut files: Vec<(PathBuf, HashSet<DocId>)> = self.reread.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, wanted) in files {
            let display = sources::display_path(&path, root);
            let mut batch: Vec<(PathBuf, Document)> = Vec::new();
            let mut bytes = 0;
            sources::read_documents(&path, &display, fields, &sources::none_known, &mut |item| {
                let Item::Doc(doc) = item else { return };
                if !wanted.contains(&doc.id) {
                    return;
                }
                bytes += doc.body.len();
                batch.push((path.clone(), doc));
                if bytes >= BATCH_BYTES {
                    out.extend(run(std::mem::take(&mut batch)));
                    bytes = 0;
                }
            });
            out.extend(run(batch));
        }
        out
    }
}

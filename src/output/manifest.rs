//! What the output folder of a running `serve` holds, and the changes a rebuild makes
//! to it: only files whose bytes (generated) or size and time (static) changed.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

use super::statics::{GeneratedPaths, StaticPlan, StaticSource};
use crate::fingerprint::fingerprint_bytes;
use crate::render::OutputFile;

/// One change to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Write these bytes at `rel`.
    Write {
        /// Path in the output.
        rel: String,
        /// New contents.
        bytes: Vec<u8>,
    },
    /// Copy a static file to `rel`, streamed.
    Copy {
        /// Path in the output.
        rel: String,
        /// The site's file.
        from: PathBuf,
    },
    /// Remove `rel` (and folders it leaves empty).
    Remove {
        /// Path in the output.
        rel: String,
    },
}

impl Op {
    pub(super) fn rel(&self) -> &str {
        match self {
            Op::Write { rel, .. } | Op::Copy { rel, .. } | Op::Remove { rel } => rel,
        }
    }
}

/// What identifies a static file's version without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stamp {
    File {
        from: PathBuf,
        len: u64,
        modified: Option<SystemTime>,
    },
    Builtin(u64),
}

/// What the output folder holds: generated files by fingerprint, static files by stamp.
#[derive(Debug, Default)]
pub struct Manifest {
    generated: HashMap<String, u64>,
    statics: HashMap<String, Stamp>,
    /// The generated paths, kept up to date (static files give way to them).
    paths: GeneratedPaths,
    /// A generated path appeared or went since [`Manifest::take_paths_changed`].
    paths_changed: bool,
}

/// Counts of one sync.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncStats {
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files removed because nothing produces them any more.
    pub removed: usize,
}

impl SyncStats {
    pub(super) fn of(ops: &[Op]) -> SyncStats {
        let removed = ops
            .iter()
            .filter(|o| matches!(o, Op::Remove { .. }))
            .count();
        SyncStats {
            written: ops.len() - removed,
            removed,
        }
    }
}

impl Manifest {
    /// Records generated files already on disk (after a full build): path and fingerprint.
    pub fn record_generated(&mut self, files: Vec<(String, u64)>) {
        self.paths = files.iter().map(|(p, _)| p.as_str()).collect();
        self.generated = files.into_iter().collect();
    }

    /// Paths of the generated files, which static files give way to.
    pub fn generated_paths(&self) -> &GeneratedPaths {
        &self.paths
    }

    /// The changes that bring generated files up to `files`, removing `removed`.
    pub fn diff_generated(&mut self, files: Vec<OutputFile>, removed: &[String]) -> Vec<Op> {
        let mut ops = Vec::new();
        for f in files {
            let hash = fingerprint_bytes(&f.bytes);
            if self.generated.get(&f.path) == Some(&hash) {
                continue;
            }
            if self.generated.insert(f.path.clone(), hash).is_none() {
                self.paths.add(&f.path);
                self.paths_changed = true;
            }
            ops.push(Op::Write {
                rel: f.path,
                bytes: f.bytes,
            });
        }
        for rel in removed {
            if self.generated.remove(rel).is_some() {
                self.paths.remove(rel);
                self.paths_changed = true;
                ops.push(Op::Remove { rel: rel.clone() });
            }
        }
        ops
    }

    /// Whether the set of generated paths changed since the last call (static files
    /// may then collide with, or be freed by, a generated page).
    pub fn take_paths_changed(&mut self) -> bool {
        std::mem::take(&mut self.paths_changed)
    }

    /// The changes that bring static files up to `plan`: a file is copied when its size
    /// or modification time changed, never read into memory.
    pub fn diff_static(&mut self, plan: &StaticPlan) -> Vec<Op> {
        let mut ops = Vec::new();
        let mut wanted = HashMap::with_capacity(plan.files.len());
        for f in &plan.files {
            let stamp = match &f.source {
                StaticSource::Builtin(bytes) => Stamp::Builtin(fingerprint_bytes(bytes)),
                StaticSource::File(from) => {
                    let meta = std::fs::metadata(from).ok();
                    Stamp::File {
                        from: from.clone(),
                        len: meta.as_ref().map_or(0, |m| m.len()),
                        modified: meta.and_then(|m| m.modified().ok()),
                    }
                }
            };
            if self.statics.get(&f.rel) != Some(&stamp) {
                ops.push(match &f.source {
                    StaticSource::Builtin(bytes) => Op::Write {
                        rel: f.rel.clone(),
                        bytes: bytes.to_vec(),
                    },
                    StaticSource::File(from) => Op::Copy {
                        rel: f.rel.clone(),
                        from: from.clone(),
                    },
                });
            }
            wanted.insert(f.rel.clone(), stamp);
        }
        for rel in self.statics.keys() {
            if !wanted.contains_key(rel) && !self.generated.contains_key(rel) {
                ops.push(Op::Remove { rel: rel.clone() });
            }
        }
        self.statics = wanted;
        ops
    }
}

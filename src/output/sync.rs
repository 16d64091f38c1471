//! In-place updates of a live output folder (for `serve`): write only files whose bytes
//! changed, each through a temporary file and a rename, so a request never sees half a file.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::fingerprint::fingerprint;
use crate::render::{BUILTIN_STYLESHEET, OutputFile};

/// Where a file of the output folder came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Generated,
    Static,
}

/// What the output folder holds, by path, with a hash of each file's bytes.
#[derive(Debug, Default)]
pub struct Manifest {
    files: HashMap<String, (u64, Origin)>,
}

/// Counts of one sync.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SyncStats {
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files removed because nothing produces them any more.
    pub removed: usize,
}

impl Manifest {
    /// Records generated files already on disk (after a full build): path and fingerprint.
    pub fn record_generated(&mut self, files: Vec<(String, u64)>) {
        self.files.retain(|_, (_, o)| *o != Origin::Generated);
        for (path, hash) in files {
            self.files.insert(path, (hash, Origin::Generated));
        }
    }

    /// Writes generated files whose bytes changed and removes `removed` (generated files
    /// nothing produces any more).
    pub fn sync_generated(
        &mut self,
        out: &Path,
        files: &[OutputFile],
        removed: &[String],
    ) -> Result<SyncStats> {
        let mut stats = SyncStats::default();
        for f in files {
            let hash = fingerprint(&f.bytes);
            if self.files.get(&f.path).is_some_and(|(h, _)| *h == hash) {
                continue;
            }
            write_atomically(&out.join(&f.path), &f.bytes)?;
            self.files.insert(f.path.clone(), (hash, Origin::Generated));
            stats.written += 1;
        }
        for path in removed {
            if self
                .files
                .get(path)
                .is_some_and(|(_, o)| *o == Origin::Generated)
            {
                remove_file_and_empty_parents(out, path);
                self.files.remove(path);
                stats.removed += 1;
            }
        }
        Ok(stats)
    }

    /// Mirrors `static_dir` into `out` (plus the built-in stylesheet when it has none).
    pub fn sync_static(&mut self, out: &Path, static_dir: &Path) -> Result<SyncStats> {
        let mut stats = SyncStats::default();
        let mut current = HashSet::new();
        let mut wanted: Vec<(String, Vec<u8>)> = Vec::new();
        if static_dir.is_dir() {
            for entry in WalkDir::new(static_dir)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if !entry.file_type().is_file() || crate::sources::is_editor_temp(entry.path()) {
                    continue;
                }
                let rel = entry
                    .path()
                    .strip_prefix(static_dir)
                    .unwrap_or(entry.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
                wanted.push((rel, bytes));
            }
        }
        if !wanted.iter().any(|(p, _)| p == "style.css") {
            wanted.push(("style.css".into(), BUILTIN_STYLESHEET.as_bytes().to_vec()));
        }
        for (rel, bytes) in wanted {
            // Generated pages win over static files of the same path, as in a full build.
            if self
                .files
                .get(&rel)
                .is_some_and(|(_, o)| *o == Origin::Generated)
            {
                continue;
            }
            let hash = fingerprint(&bytes);
            current.insert(rel.clone());
            if self.files.get(&rel).is_some_and(|(h, _)| *h == hash) {
                continue;
            }
            write_atomically(&out.join(&rel), &bytes)?;
            self.files.insert(rel, (hash, Origin::Static));
            stats.written += 1;
        }
        stats.removed = self.remove_stale(out, Origin::Static, &current);
        Ok(stats)
    }
}

impl Manifest {
    /// Removes files of `origin` that the latest build no longer produces.
    fn remove_stale(
        &mut self,
        out: &Path,
        origin: Origin,
        current: &HashSet<impl std::borrow::Borrow<str> + Eq + std::hash::Hash>,
    ) -> usize {
        let stale: Vec<String> = self
            .files
            .iter()
            .filter(|(p, (_, o))| *o == origin && !current.contains(p.as_str()))
            .map(|(p, _)| p.clone())
            .collect();
        for path in &stale {
            remove_file_and_empty_parents(out, path);
            self.files.remove(path);
        }
        stale.len()
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

fn remove_file_and_empty_parents(out: &Path, rel: &str) {
    let path = out.join(rel);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let mut m = Manifest::default();
        let s = m
            .sync_generated(out, &[file("a/index.html", "1"), file("b.html", "2")], &[])
            .unwrap();
        assert_eq!(
            s,
            SyncStats {
                written: 2,
                removed: 0
            }
        );
        let s = m
            .sync_generated(out, &[file("a/index.html", "1"), file("b.html", "3")], &[])
            .unwrap();
        assert_eq!(
            s,
            SyncStats {
                written: 1,
                removed: 0
            }
        );
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "3");
        let s = m
            .sync_generated(out, &[], &["a/index.html".into()])
            .unwrap();
        assert_eq!(
            s,
            SyncStats {
                written: 0,
                removed: 1
            }
        );
        assert!(!out.join("a").exists(), "empty folder removed");
    }
}

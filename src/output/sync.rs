//! Updates of a live output folder (for `serve`): only files whose bytes changed are
//! written, and every rebuild lands in one atomic step.
//!
//! Beside the live folder sits a shadow copy made of hard links. A rebuild writes its
//! changes into the shadow (each file through a temporary name and a rename, never in
//! place, so the live copy of a linked file is never touched), then exchanges the two
//! folders with `renameat2(RENAME_EXCHANGE)`. A request, or a `kill -9` at any moment,
//! sees the whole old site or the whole new one, and no temporary file is ever in the
//! live folder. The new shadow (the old live folder) catches up at the next rebuild by
//! linking the files that changed. Where the system cannot exchange folders, changes
//! are renamed into the live folder one by one.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::fsops::{exchange, exchange_unsupported, parent_and_name, remove_tree, work_folder};
pub use super::manifest::{Manifest, Op, SyncStats};
use super::{OutputDir, mark};
use crate::error::{Error, Result};
use crate::fingerprint::fingerprint;

/// How changes reach the live folder.
#[derive(Debug)]
enum Mode {
    /// Through a shadow folder exchanged with the live one; `behind` is the thread that
    /// brings the shadow up to date with the last exchange (joined before the next).
    Shadow {
        dir: PathBuf,
        behind: Option<std::thread::JoinHandle<Result<()>>>,
    },
    /// One rename at a time, temporary files kept in this work folder.
    InPlace { work: PathBuf },
}

/// The output folder of a running `serve`.
#[derive(Debug)]
pub struct LiveOutput {
    live: PathBuf,
    mode: Mode,
}

impl LiveOutput {
    /// Takes over `out` (already built and swapped in) and makes its shadow copy.
    pub fn start(out: &OutputDir) -> Result<LiveOutput> {
        let live = out.real.clone();
        let (parent, name) = parent_and_name(&live);
        let dir = work_folder(&parent, &name, "shadow");
        if dir.exists() {
            remove_tree(&dir);
        }
        std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        mark(&dir)?;
        let mode = match probe_exchange(&dir) {
            Ok(()) => {
                clone_with_links(&live, &dir)?;
                Mode::Shadow { dir, behind: None }
            }
            Err(e) if exchange_unsupported(&e) => Mode::InPlace { work: dir },
            Err(e) => return Err(Error::io(&live, e)),
        };
        Ok(LiveOutput { live, mode })
    }

    /// Applies `ops` so that they all become visible at once.
    pub fn apply(&mut self, ops: &[Op]) -> Result<SyncStats> {
        if ops.is_empty() {
            return Ok(SyncStats::default());
        }
        match &mut self.mode {
            Mode::Shadow { dir, behind } => {
                if let Some(thread) = behind.take() {
                    thread.join().unwrap_or_else(|_| {
                        Err(Error::io(&*dir, std::io::ErrorKind::Other.into()))
                    })?;
                }
                put_all(dir, dir, ops)?;
                match exchange(dir, &self.live) {
                    Ok(()) => {
                        // The old live folder is the shadow now: it catches up by linking
                        // the changed files, after the reload has gone out.
                        let (live, shadow) = (self.live.clone(), dir.clone());
                        let rels: Vec<String> = ops.iter().map(|o| o.rel().to_string()).collect();
                        *behind = Some(std::thread::spawn(move || {
                            use rayon::prelude::*;
                            rels.par_iter()
                                .try_for_each(|rel| catch_up(&live, &shadow, rel))
                        }));
                    }
                    // A live folder that is a mount point cannot be exchanged: from now
                    // on changes are renamed into it one by one.
                    Err(e)
                        if exchange_unsupported(&e)
                            || e.raw_os_error() == Some(libc::EXDEV)
                            || e.raw_os_error() == Some(libc::EBUSY) =>
                    {
                        let work = dir.clone();
                        put_all(&self.live, &work, ops)?;
                        self.mode = Mode::InPlace { work };
                    }
                    Err(e) => return Err(Error::io(&self.live, e)),
                }
            }
            Mode::InPlace { work } => put_all(&self.live, work, ops)?,
        }
        Ok(SyncStats::of(ops))
    }
}

impl Drop for LiveOutput {
    fn drop(&mut self) {
        if let Mode::Shadow { behind, .. } = &mut self.mode
            && let Some(thread) = behind.take()
        {
            let _ = thread.join();
        }
        let (Mode::Shadow { dir, .. } | Mode::InPlace { work: dir }) = &self.mode;
        remove_tree(dir);
    }
}

/// Whether folders can be exchanged on the filesystem of `dir`: two empty folders made
/// inside it are (the live folder is never touched by the test).
fn probe_exchange(dir: &Path) -> std::io::Result<()> {
    let (a, b) = (dir.join("probe-a"), dir.join("probe-b"));
    std::fs::create_dir(&a)?;
    std::fs::create_dir(&b)?;
    let result = exchange(&a, &b);
    let _ = std::fs::remove_dir(&a);
    let _ = std::fs::remove_dir(&b);
    result
}

/// Makes `to` a copy of `from` whose files are hard links (no data is copied).
fn clone_with_links(from: &Path, to: &Path) -> Result<()> {
    for entry in WalkDir::new(from).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(from, e.into()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).map_err(|e| Error::io(&dest, e))?;
        } else if entry.file_type().is_file() && dest.symlink_metadata().is_err() {
            std::fs::hard_link(entry.path(), &dest).map_err(|e| Error::io(&dest, e))?;
        }
    }
    Ok(())
}

/// Brings `shadow`'s copy of `rel` in line with the live folder's, by a link.
fn catch_up(live: &Path, shadow: &Path, rel: &str) -> Result<()> {
    let from = live.join(rel);
    if std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_file()) {
        let dest = shadow.join(rel);
        let tmp = temp_path(shadow, rel);
        ensure_parent(&dest)?;
        let _ = std::fs::remove_file(&tmp);
        std::fs::hard_link(&from, &tmp).map_err(|e| Error::io(&tmp, e))?;
        rename(&tmp, &dest)
    } else {
        remove_file_and_empty_parents(shadow, rel);
        Ok(())
    }
}

/// Carries out `ops` in `dir`: writes on all cores (each has its own temporary name),
/// then removals, one by one (a removal may take away a folder a write would need).
fn put_all(dir: &Path, work: &Path, ops: &[Op]) -> Result<()> {
    use rayon::prelude::*;
    let removal = |op: &&Op| matches!(op, Op::Remove { .. });
    ops.par_iter()
        .filter(|op| !removal(op))
        .try_for_each(|op| put(dir, work, op))?;
    ops.iter()
        .filter(removal)
        .try_for_each(|op| put(dir, work, op))
}

/// Carries out one op in `dir`, with temporary files in `work` (same filesystem).
fn put(dir: &Path, work: &Path, op: &Op) -> Result<()> {
    let dest = dir.join(op.rel());
    match op {
        Op::Remove { rel } => {
            remove_file_and_empty_parents(dir, rel);
            Ok(())
        }
        Op::Write { rel, bytes } => {
            let tmp = temp_path(work, rel);
            std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
            ensure_parent(&dest)?;
            rename(&tmp, &dest)
        }
        Op::Copy { rel, from } => {
            let tmp = temp_path(work, rel);
            std::fs::copy(from, &tmp).map_err(|e| Error::io(from, e))?;
            ensure_parent(&dest)?;
            rename(&tmp, &dest)
        }
    }
}

/// A temporary name in `work`'s top folder, unique per output path.
fn temp_path(work: &Path, rel: &str) -> PathBuf {
    work.join(format!(".tmp-{:016x}", fingerprint(rel)))
}

fn ensure_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e)),
        None => Ok(()),
    }
}

fn rename(tmp: &Path, dest: &Path) -> Result<()> {
    std::fs::rename(tmp, dest).map_err(|e| {
        let _ = std::fs::remove_file(tmp);
        Error::io(dest, e)
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
    use crate::fingerprint::fingerprint_bytes;
    use crate::render::OutputFile;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn only_changes_are_written_and_each_rebuild_lands_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let out_path = tmp.path().join("public");
        std::fs::create_dir_all(out_path.join("a")).unwrap();
        std::fs::write(out_path.join("a/index.html"), "1").unwrap();
        std::fs::write(out_path.join("b.html"), "2").unwrap();
        let out = crate::output::claim(&out_path, true).unwrap();
        let mut m = Manifest::default();
        m.record_generated(vec![
            ("a/index.html".into(), fingerprint_bytes(b"1")),
            ("b.html".into(), fingerprint_bytes(b"2")),
        ]);
        let mut live = LiveOutput::start(&out).unwrap();
        let ops = m.diff_generated(vec![file("a/index.html", "1"), file("b.html", "3")], &[]);
        assert_eq!(ops.len(), 1, "{ops:?}");
        assert_eq!(live.apply(&ops).unwrap().written, 1);
        assert_eq!(
            std::fs::read_to_string(out_path.join("b.html")).unwrap(),
            "3"
        );
        // The next rebuild starts from a shadow that has caught up.
        let ops = m.diff_generated(vec![file("c.html", "4")], &["a/index.html".into()]);
        assert_eq!(
            live.apply(&ops).unwrap(),
            SyncStats {
                written: 1,
                removed: 1
            }
        );
        assert_eq!(
            std::fs::read_to_string(out_path.join("b.html")).unwrap(),
            "3"
        );
        assert_eq!(
            std::fs::read_to_string(out_path.join("c.html")).unwrap(),
            "4"
        );
        assert!(!out_path.join("a").exists(), "empty folder removed");
        let names: Vec<String> = std::fs::read_dir(&out_path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains("tmp")), "{names:?}");
        drop(live);
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(
            left.len(),
            1,
            "the shadow folder is removed when serve ends"
        );
    }
}

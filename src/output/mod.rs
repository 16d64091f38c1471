//! Stage 6: write the built site beside the old one and swap it in only when complete.

mod safety;
pub mod sync;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use walkdir::WalkDir;

use crate::error::{Error, Result, Warning};
use crate::render::{BUILTIN_STYLESHEET, OutputFile, Sink};
pub use safety::check_output_dir;

/// A staging folder that becomes the output folder on [`Staging::commit`].
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The output being replaced, whose unchanged files are linked rather than rewritten.
    previous: Option<PathBuf>,
    committed: bool,
    /// Files written so far, static files included (counted here: walking the
    /// finished output to count them cost 60 ms at 10,000 articles).
    written: AtomicUsize,
}

impl Staging {
    /// Creates an empty staging folder next to `target` (so the final rename is atomic).
    pub fn new(target: &Path) -> Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_leftovers(parent, &name);
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            previous: target.is_dir().then(|| target.to_path_buf()),
            committed: false,
            written: AtomicUsize::new(0),
        })
    }

    /// Writes generated files into the staging folder, on all cores.
    pub fn write_files(&self, files: &[OutputFile]) -> Result<()> {
        use rayon::prelude::*;
        files.par_iter().try_for_each(|f| self.put(f.clone()))
    }

    /// Copies `static_dir` into the staging root; generated files win over static ones.
    /// Call it after the generated files are written.
    pub fn copy_static(&self, static_dir: &Path, root: &Path) -> Result<Vec<Warning>> {
        let mut warnings = Vec::new();
        let mut has_stylesheet = false;
        if static_dir.is_dir() {
            for entry in WalkDir::new(static_dir).sort_by_file_name() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        warnings.push(Warning {
                            file: static_dir.display().to_string(),
                            message: format!("cannot be listed ({e}); skipped"),
                        });
                        continue;
                    }
                };
                let rel = entry
                    .path()
                    .strip_prefix(static_dir)
                    .unwrap_or(entry.path());
                if !entry.file_type().is_file() || crate::sources::is_editor_temp(entry.path()) {
                    continue;
                }
                let rel_str = rel.to_string_lossy().replace('\\', "/");
                let dest = self.dir.join(rel);
                if dest.exists() {
                    warnings.push(Warning {
                        file: crate::sources::display_path(entry.path(), root),
                        message:
                            "has the same path as a generated page; the generated page is kept"
                                .into(),
                    });
                    continue;
                }
                has_stylesheet |= rel_str == "style.css";
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                std::fs::copy(entry.path(), &dest).map_err(|e| Error::io(entry.path(), e))?;
                self.written.fetch_add(1, Ordering::Relaxed);
            }
        }
        if !has_stylesheet {
            let dest = self.dir.join("style.css");
            std::fs::write(&dest, BUILTIN_STYLESHEET).map_err(|e| Error::io(&dest, e))?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        Ok(warnings)
    }

    /// How many files have been written into the staging folder.
    pub fn files_written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in place of the target; the old output is removed after.
    pub fn commit(mut self) -> Result<()> {
        let parent = self.dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                // Put the previous site back so nothing is lost.
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }

    /// Hard-links the previous output's copy of `file` into `path` when its bytes are
    /// the same. A rebuild then leaves unchanged pages as they were (same inode and
    /// modification time, so servers' ETags and rsync see no change), and removing
    /// the old folder frees no file data. Any doubt falls back to writing.
    fn link_unchanged(&self, file: &OutputFile, path: &Path) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(&file.path);
        // Only a regular file of the same size is read: never a symlink, which a link
        // would copy into the new output as a symlink.
        let same_size = std::fs::symlink_metadata(&old)
            .is_ok_and(|m| m.is_file() && m.len() == file.bytes.len() as u64);
        if !same_size || !std::fs::read(&old).is_ok_and(|bytes| bytes == file.bytes) {
            return false;
        }
        match std::fs::hard_link(&old, path) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                path.parent()
                    .is_some_and(|parent| std::fs::create_dir_all(parent).is_ok())
                    && std::fs::hard_link(&old, path).is_ok()
            }
            Err(_) => false,
        }
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.written.fetch_add(1, Ordering::Relaxed);
        let path = self.dir.join(&file.path);
        if self.link_unchanged(&file, &path) {
            return Ok(());
        }
        // Most files land in a folder made for an earlier one: try the write first.
        match std::fs::write(&path, &file.bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                std::fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))
            }
            other => other.map_err(|e| Error::io(&path, e)),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes a folder tree, two levels of entries in parallel (thousands of article folders).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    // The entry's type comes with the listing: no stat per article folder. A symlink
    // is removed as a link, never followed.
    let entries = |d: &Path| -> Vec<(PathBuf, bool)> {
        std::fs::read_dir(d)
            .map(|rd| {
                rd.flatten()
                    .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let remove = |(p, is_dir): &(PathBuf, bool)| {
        let _ = if *is_dir {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    };
    entries(dir).par_iter().for_each(|top| {
        if top.1 {
            entries(&top.0).par_iter().for_each(remove);
        }
        remove(top);
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Removes staging and old folders left by builds that were killed.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let building = format!(".{name}.building-");
    let old = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let n = file_name.to_string_lossy();
        let pid = n.strip_prefix(&building).or_else(|| n.strip_prefix(&old));
        // A folder of a build that is still running (same pid is us) is left alone.
        if let Some(pid) = pid
            && !process_alive(pid)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn process_alive(pid: &str) -> bool {
    pid.parse::<u32>()
        .is_ok_and(|p| p != std::process::id() && Path::new(&format!("/proc/{p}")).exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_build_leaves_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        let stage_new = || {
            let staging = Staging::new(&out).unwrap();
            let file = OutputFile {
                path: "index.html".into(),
                bytes: b"new".to_vec(),
            };
            staging.write_files(&[file]).unwrap();
            staging
        };
        // Dropped without commit, as when rendering fails.
        drop(stage_new());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "staging folder must be removed");
        stage_new().commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
    }

    #[test]
    fn rebuild_keeps_unchanged_files_and_replaces_the_rest() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/same.html"), "same").unwrap();
        std::fs::write(out.join("changed.html"), "old!").unwrap();
        std::fs::write(tmp.path().join("secret"), "link").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret"), out.join("link.html")).unwrap();
        let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let same_before = inode("a/same.html");
        let changed_before = inode("changed.html");

        let staging = Staging::new(&out).unwrap();
        let files: Vec<OutputFile> = [
            ("a/same.html", "same"),
            ("changed.html", "new!"),
            ("link.html", "link"),
        ]
        .into_iter()
        .map(|(path, text)| OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
        staging.write_files(&files).unwrap();
        staging.commit().unwrap();

        assert_eq!(
            inode("a/same.html"),
            same_before,
            "unchanged file was rewritten"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/same.html")).unwrap(),
            "same"
        );
        assert_ne!(inode("changed.html"), changed_before);
        assert_eq!(
            std::fs::read_to_string(out.join("changed.html")).unwrap(),
            "new!"
        );
        // Same bytes behind a symlink: written as a file, the link is not carried over.
        let link = std::fs::symlink_metadata(out.join("link.html")).unwrap();
        assert!(link.is_file(), "symlink carried into the new output");
        assert_eq!(
            std::fs::read_to_string(out.join("link.html")).unwrap(),
            "link"
        );
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            2,
            "old folder left"
        );
    }
}

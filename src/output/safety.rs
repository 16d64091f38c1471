//! The output folder may never be, contain or sit inside one of the site's inputs, and
//! a folder is replaced only when briefing made it.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// File that marks a folder as made by briefing: only such a folder is ever replaced.
pub const MARKER: &str = ".briefing-output";
/// What the marker file says to a person who finds it.
const MARKER_TEXT: &str = "This folder was made by briefing, which replaces its contents on every run.\nFiles you put here are deleted by the next one.\n";

/// An output folder that may be replaced: absent, empty, marked, or `--force`d.
#[derive(Debug, Clone)]
pub struct OutputDir {
    /// The folder as the user named it (for messages).
    pub given: PathBuf,
    /// Where it really is: a symlinked output folder is written through, so the
    /// folder it points to is the one replaced and the link stays as it is.
    pub real: PathBuf,
}

/// Writes the marker into a folder briefing has just made.
pub fn mark(dir: &Path) -> Result<()> {
    let path = dir.join(MARKER);
    std::fs::write(&path, MARKER_TEXT).map_err(|e| Error::io(&path, e))
}

/// Whether `dir` carries the marker (as a regular file, not a link to one).
pub fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Decides whether `out` may be replaced. A non-empty folder without the marker is an
/// error naming a few of its files, unless `force`; a symlink is resolved, never replaced.
pub fn claim(out: &Path, force: bool) -> Result<OutputDir> {
    let refuse = |reason: String| Error::UnsafeOutput {
        out: out.to_path_buf(),
        reason,
    };
    let real = match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => absolute(out),
        Err(e) => return Err(Error::io(out, e)),
        Ok(m) if m.file_type().is_symlink() => match out.canonicalize() {
            Ok(real) if real.is_dir() => real,
            Ok(real) => {
                return Err(refuse(format!(
                    "it is a link to {}, which is not a folder",
                    real.display()
                )));
            }
            Err(_) => {
                return Err(refuse(
                    "it is a link to a folder that does not exist; create the folder or remove the link".into(),
                ));
            }
        },
        Ok(m) if !m.is_dir() => {
            return Err(refuse(
                "it is a file, not a folder; choose another with --out DIR".into(),
            ));
        }
        Ok(_) => absolute(out),
    };
    if real.is_dir() && !force && !is_marked(&real) {
        let mut names: Vec<String> = std::fs::read_dir(&real)
            .map_err(|e| Error::io(&real, e))?
            .flatten()
            .take(4)
            .map(|e| {
                let dir = e.file_type().is_ok_and(|t| t.is_dir());
                format!(
                    "{}{}",
                    e.file_name().to_string_lossy(),
                    if dir { "/" } else { "" }
                )
            })
            .collect();
        if !names.is_empty() {
            names.sort();
            if names.len() == 4 {
                names[3] = "…".into();
            }
            return Err(refuse(format!(
                "it already holds files that briefing did not make ({}) and has no {MARKER} marker; \
                 choose an empty or new folder with --out DIR, or pass --force to replace its contents",
                names.join(", ")
            )));
        }
    }
    Ok(OutputDir {
        given: out.to_path_buf(),
        real,
    })
}

/// Refuses output folders that would overwrite or delete the site's own inputs.
pub fn check_output_dir(out: &Path, root: &Path, protected: &[PathBuf]) -> Result<()> {
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    let refuse = |reason: String| {
        Err(Error::UnsafeOutput {
            out: out.to_path_buf(),
            reason,
        })
    };
    if out_abs.parent().is_none() {
        return refuse("it is a filesystem root".into());
    }
    if root_abs.starts_with(&out_abs) {
        return refuse(format!("it contains the site root {}", root.display()));
    }
    for dir in protected {
        let dir_abs = absolute(dir);
        if dir_abs.starts_with(&out_abs) || out_abs.starts_with(&dir_abs) {
            return refuse(format!(
                "it overlaps {}, which is an input of the site",
                dir.display()
            ));
        }
    }
    Ok(())
}

/// Makes a path absolute and lexically normal, without requiring it to exist.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut normal = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    // Resolve symlinks for the part that exists, so `ln -s seeds out` is caught.
    let mut existing = normal.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    out.extend(tail.into_iter().rev());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_inputs_as_output() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let seeds = root.join("seeds");
        std::fs::create_dir_all(&seeds).unwrap();
        let protected = vec![seeds.clone(), root.join("templates"), root.join("static")];
        assert!(check_output_dir(root, root, &protected).is_err());
        assert!(check_output_dir(&seeds, root, &protected).is_err());
        assert!(check_output_dir(&seeds.join("x"), root, &protected).is_err());
        assert!(check_output_dir(root.parent().unwrap(), root, &protected).is_err());
        assert!(check_output_dir(&root.join("public"), root, &protected).is_ok());
        assert!(check_output_dir(&root.join("x/../seeds"), root, &protected).is_err());
    }

    #[test]
    fn only_empty_new_or_marked_folders_may_be_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let mine = tmp.path().join("thesis");
        std::fs::create_dir_all(mine.join("sub")).unwrap();
        std::fs::write(mine.join("thesis.txt"), "years of work").unwrap();
        let err = claim(&mine, false).unwrap_err().to_string();
        assert!(err.contains("thesis.txt") && err.contains("sub/"), "{err}");
        assert!(err.contains("--force") && err.contains("--out"), "{err}");
        assert!(claim(&mine, true).is_ok(), "--force takes it");
        assert!(claim(&tmp.path().join("new"), false).is_ok());
        let empty = tmp.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        assert!(claim(&empty, false).is_ok());
        let built = tmp.path().join("built");
        std::fs::create_dir_all(&built).unwrap();
        std::fs::write(built.join("index.html"), "x").unwrap();
        mark(&built).unwrap();
        assert!(claim(&built, false).is_ok());
        std::fs::write(tmp.path().join("file"), "x").unwrap();
        assert!(
            claim(&tmp.path().join("file"), true).is_err(),
            "a file is never a folder"
        );
        std::os::unix::fs::symlink(&mine, tmp.path().join("link")).unwrap();
        let err = claim(&tmp.path().join("link"), false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("thesis.txt"),
            "a link is judged by its folder: {err}"
        );
    }
}

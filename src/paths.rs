//! Where the site's files may come from: every input stays inside the site root.
//!
//! A cloned site is untrusted: its `site.toml` may name `../../etc` as a folder, and its
//! seeds or static files may be symlinks to `~/diary.txt`. Everything read from the site's
//! folders goes through here, so `build`, `clean` and `serve` apply one rule: a path is
//! read only when it resolves (after `..` and symlinks) to a place inside the site root,
//! unless the site opts in with `follow_symlinks = true`.

use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Warning;

/// The site root as the filesystem knows it, and whether links may leave it.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    /// The root as given (for messages).
    given: PathBuf,
    /// Its canonical path, which every input must resolve under.
    real: PathBuf,
    /// `follow_symlinks = true`: links to files outside the root are read too.
    follow_outside: bool,
}

/// A regular file found in an input folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where it was found (inside the folder listed; a symlink's own path).
    pub path: PathBuf,
    /// Path relative to the folder listed.
    pub rel: PathBuf,
    /// Some component below the folder starts with a dot.
    pub hidden: bool,
}

/// What one path of an input folder is, judged as a listing would judge it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judged {
    /// A regular file (or a link to one that may be read).
    File(Found),
    /// A folder: its files are judged one by one.
    Folder,
    /// Nothing is there (any more).
    Absent,
    /// Not read, with the reason when the user should hear it.
    Skipped(Option<Warning>),
}

impl SiteRoot {
    /// The site root at `root`; fails when it cannot be resolved.
    pub fn new(root: &Path, follow_outside: bool) -> std::io::Result<SiteRoot> {
        Ok(SiteRoot {
            given: root.to_path_buf(),
            real: root.canonicalize()?,
            follow_outside,
        })
    }

    /// The canonical root.
    pub fn real(&self) -> &Path {
        &self.real
    }

    /// Whether `path` (which exists) resolves to a place inside the root.
    pub fn holds(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|real| real.starts_with(&self.real))
    }

    /// Shows a path relative to the root when it lies inside it.
    pub fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.given)
            .or_else(|_| path.strip_prefix(&self.real))
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }

    /// Judges one path below `dir` (an input folder of the site).
    pub fn judge(&self, dir: &Path, path: &Path) -> Judged {
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Judged::Absent,
            Err(e) => return self.skip(path, format!("cannot be read ({e}); skipped")),
        };
        let rel = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let found = || {
            Judged::File(Found {
                path: path.to_path_buf(),
                rel: rel.clone(),
                hidden,
            })
        };
        if meta.file_type().is_symlink() {
            let target = std::fs::metadata(path);
            let Ok(target) = target else {
                return self.skip(
                    path,
                    "is a link to a missing file or to itself; skipped".into(),
                );
            };
            if target.is_dir() {
                return self.skip(
                    path,
                    "is a link to a folder; not followed (links to folders could loop)".into(),
                );
            }
            if !target.is_file() {
                return self.skip(path, "is a link to something that is not a regular file (a device, pipe or socket); skipped".into());
            }
            if !self.follow_outside && !self.holds(path) {
                let to = path
                    .canonicalize()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                return self.skip(
                    path,
                    format!("is a link to {to}, outside the site root; skipped (set follow_symlinks = true in site.toml to read it)"),
                );
            }
            return found();
        }
        if meta.is_dir() {
            return Judged::Folder;
        }
        if !meta.is_file() {
            return self.skip(
                path,
                "is not a regular file (a device, pipe or socket); skipped".into(),
            );
        }
        found()
    }

    fn skip(&self, path: &Path, message: String) -> Judged {
        Judged::Skipped(Some(Warning {
            file: self.display(path),
            message,
        }))
    }

    /// Every readable file under `dir`, sorted by path, with one warning per skipped link
    /// or unlistable entry. Links to folders are never followed, so there are no loops.
    pub fn list_files(&self, dir: &Path) -> (Vec<Found>, Vec<Warning>) {
        let mut files = Vec::new();
        let mut warnings = Vec::new();
        if !dir.is_dir() {
            return (files, warnings);
        }
        for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let file = e.path().map(|p| self.display(p)).unwrap_or_default();
                    warnings.push(Warning {
                        file,
                        message: format!("cannot be listed ({e}); skipped"),
                    });
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            match self.judge(dir, entry.path()) {
                Judged::File(found) => files.push(found),
                Judged::Skipped(Some(w)) => warnings.push(w),
                Judged::Folder | Judged::Absent | Judged::Skipped(None) => {}
            }
        }
        (files, warnings)
    }
}

/// Editor swap, backup and temp files are never inputs.
pub fn is_editor_temp(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with(".#")
        || name.starts_with('~')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Checks a folder named in `site.toml` (relative to `root`): it must stay inside the
/// root once `..` and symlinks are resolved. Returns the reason when it does not.
pub fn check_inside(root: &Path, setting: &Path) -> Result<(), String> {
    if setting.is_absolute() || setting.has_root() {
        return Err(format!(
            "{} is an absolute path; folders must be relative to the site root",
            setting.display()
        ));
    }
    let mut depth = 0usize;
    // `a/../..` is caught where it climbs, not only by its end result.
    for part in setting.components() {
        match part {
            Component::ParentDir if depth == 0 => {
                return Err(format!(
                    "{} climbs out of the site root with '..'",
                    setting.display()
                ));
            }
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    let Ok(real_root) = root.canonicalize() else {
        return Ok(());
    };
    // The part that exists is resolved, symlinks included; the rest is plain names.
    let mut existing = root.join(setting);
    while !existing.exists() && existing.symlink_metadata().is_err() {
        match existing.parent() {
            Some(p) => existing = p.to_path_buf(),
            None => return Ok(()),
        }
    }
    match existing.canonicalize() {
        Ok(real) if real.starts_with(&real_root) => Ok(()),
        Ok(real) => Err(format!(
            "{} resolves to {}, outside the site root",
            setting.display(),
            real.display()
        )),
        Err(e) => Err(format!("{} cannot be resolved ({e})", setting.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_must_stay_inside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("seeds")).unwrap();
        std::os::unix::fs::symlink("/etc", root.join("etc-link")).unwrap();
        assert!(check_inside(&root, Path::new("seeds")).is_ok());
        assert!(check_inside(&root, Path::new("not-yet/made")).is_ok());
        assert!(check_inside(&root, Path::new("a/../b")).is_ok());
        for bad in [
            "../victim",
            "../../../../etc",
            "/etc",
            "a/../../x",
            "etc-link",
            "etc-link/x",
        ] {
            assert!(check_inside(&root, Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn links_out_of_the_root_are_skipped_with_a_warning() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let dir = root.join("seeds");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(tmp.path().join("diary.txt"), "private").unwrap();
        std::fs::write(dir.join("a.txt"), "a").unwrap();
        std::fs::write(root.join("inside.txt"), "b").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("diary.txt"), dir.join("diary.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("inside.txt"), dir.join("inside.txt")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("sub/loop")).unwrap();
        let site = SiteRoot::new(&root, false).unwrap();
        let (files, warnings) = site.list_files(&dir);
        let names: Vec<_> = files.iter().map(|f| f.rel.display().to_string()).collect();
        assert_eq!(names, ["a.txt", "inside.txt"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].file.ends_with("diary.txt"), "{warnings:?}");
        assert!(warnings[0].message.contains("outside the site root"));
        assert!(warnings[1].message.contains("folder"));
        let open = SiteRoot::new(&root, true).unwrap();
        assert_eq!(open.list_files(&dir).0.len(), 3, "follow_symlinks reads it");
    }
}

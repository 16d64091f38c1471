//! The output folder may never be, contain or sit inside one of the site's inputs.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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
}

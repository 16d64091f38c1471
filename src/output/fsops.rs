//! Filesystem steps of the output stage: atomic exchange, hard links, tree removal and
//! the clean-up of work folders that killed builds left behind.

use std::path::{Path, PathBuf};

use super::is_marked;

/// Hard-links `old` to `path`, making the folder if needed.
pub(crate) fn link(old: &Path, path: &Path) -> bool {
    match std::fs::hard_link(old, path) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            path.parent()
                .is_some_and(|parent| std::fs::create_dir_all(parent).is_ok())
                && std::fs::hard_link(old, path).is_ok()
        }
        Err(_) => false,
    }
}

/// Whether two files hold the same bytes, read in blocks (static files can be large).
pub(crate) fn same_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(mut fa), Ok(mut fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let (mut ba, mut bb) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let Ok(na) = read_full(&mut fa, &mut ba) else {
            return false;
        };
        let Ok(nb) = read_full(&mut fb, &mut bb) else {
            return false;
        };
        if na != nb || ba[..na] != bb[..nb] {
            return false;
        }
        if na == 0 {
            return true;
        }
    }
    fn read_full(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            match f.read(&mut buf[n..])? {
                0 => break,
                k => n += k,
            }
        }
        Ok(n)
    }
}

/// The folder holding `dir` and `dir`'s own name.
pub(crate) fn parent_and_name(dir: &Path) -> (PathBuf, String) {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// Exchanges two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
pub(crate) fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let to_c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
    };
    let (ca, cb) = (to_c(a)?, to_c(b)?);
    // SAFETY: two valid NUL-terminated paths relative to the working directory.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Without `renameat2` the folders are swapped by two renames.
#[cfg(not(target_os = "linux"))]
pub(crate) fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Errors meaning "this system or filesystem cannot exchange", not "something is wrong".
pub(crate) fn exchange_unsupported(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::Unsupported
        || matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
        )
}

/// Removes a folder tree, two levels of entries in parallel (thousands of article folders).
pub(crate) fn remove_tree(dir: &Path) {
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

/// Kinds of folder briefing makes beside an output folder, by the word in their name.
const WORK_FOLDERS: &[&str] = &["building", "old", "shadow"];

/// The name of one of briefing's work folders for the output `name` and this process.
pub(crate) fn work_folder(parent: &Path, name: &str, kind: &str) -> PathBuf {
    parent.join(format!(".{name}.{kind}-{}", std::process::id()))
}

/// Removes work folders left by builds that were killed: only names of the exact form
/// `.NAME.building-PID` (or `old`, `shadow`) whose process is gone and which carry the
/// marker. A user's `.public.old-backup` matches none of that and is never touched.
pub(crate) fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let n = file_name.to_string_lossy();
        let pid = WORK_FOLDERS.iter().find_map(|kind| {
            n.strip_prefix(&format!(".{name}.{kind}-"))
                .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        // A folder of a build that is still running (same pid is us) is left alone.
        if let Some(pid) = pid
            && is_dir
            && !process_alive(pid)
            && is_marked(&entry.path())
        {
            remove_tree(&entry.path());
        }
    }
}

fn process_alive(pid: &str) -> bool {
    pid.parse::<u32>()
        .is_ok_and(|p| p != std::process::id() && Path::new(&format!("/proc/{p}")).exists())
}

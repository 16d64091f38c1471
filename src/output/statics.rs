//! Which static files go into the output: one plan, used by `build` and by `serve`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::Warning;
use crate::paths::{SiteRoot, is_editor_temp};
use crate::render::BUILTIN_STATICS;

use super::MARKER;

/// Paths of the generated files of a build, and every folder they sit in (with how many
/// files each holds, so that paths can also be forgotten one by one).
#[derive(Debug, Default, Clone)]
pub struct GeneratedPaths {
    files: HashSet<String>,
    dirs: HashMap<String, usize>,
}

impl GeneratedPaths {
    /// Notes one generated file (`articles/x/index.html`).
    pub fn add(&mut self, path: &str) {
        if !self.files.insert(path.to_string()) {
            return;
        }
        let mut at = path.len();
        while let Some(slash) = path[..at].rfind('/') {
            *self.dirs.entry(path[..slash].to_string()).or_default() += 1;
            at = slash;
        }
    }

    /// Forgets one generated file.
    pub fn remove(&mut self, path: &str) {
        if !self.files.remove(path) {
            return;
        }
        let mut at = path.len();
        while let Some(slash) = path[..at].rfind('/') {
            let dir = &path[..slash];
            if let Some(n) = self.dirs.get_mut(dir) {
                *n -= 1;
                if *n == 0 {
                    self.dirs.remove(dir);
                }
            }
            at = slash;
        }
    }

    /// Whether a static file at `rel` would collide with a generated file: the same path,
    /// a generated folder of that name, or a generated file where one of its folders goes.
    pub fn collides(&self, rel: &str) -> bool {
        if self.files.contains(rel) || self.dirs.contains_key(rel) {
            return true;
        }
        let mut at = rel.len();
        while let Some(slash) = rel[..at].rfind('/') {
            if self.files.contains(&rel[..slash]) {
                return true;
            }
            at = slash;
        }
        false
    }
}

impl<'a> FromIterator<&'a str> for GeneratedPaths {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut paths = GeneratedPaths::default();
        for p in iter {
            paths.add(p);
        }
        paths
    }
}

/// Where a static file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    /// A file of the site's static folder.
    File(std::path::PathBuf),
    /// Built into briefing ([`BUILTIN_STATICS`], when the site has its own copy of none).
    Builtin(&'static [u8]),
}

/// One file to copy into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Path in the output, with `/` separators.
    pub rel: String,
    /// What to copy.
    pub source: StaticSource,
}

/// The static files of a build and the warnings about those left out.
#[derive(Debug, Default, Clone)]
pub struct StaticPlan {
    /// Files to copy, sorted by path.
    pub files: Vec<StaticFile>,
    /// One per file left out, naming it and saying why.
    pub warnings: Vec<Warning>,
}

/// Plans the copy of `dir` (the site's static folder): every readable file (dotfiles
/// such as `.well-known/` included), except editor droppings, links that leave the site
/// root, and files whose path a generated page takes; plus the built-in stylesheet and
/// icon when the site has no `style.css` or `favicon.svg`.
pub fn plan(inputs: &SiteRoot, dir: &Path, generated: &GeneratedPaths) -> StaticPlan {
    let (found, mut warnings) = inputs.list_files(dir);
    let mut files = Vec::with_capacity(found.len() + 1);
    for f in found {
        if is_editor_temp(&f.path) {
            continue;
        }
        let rel = f.rel.to_string_lossy().replace('\\', "/");
        let why = if rel == MARKER {
            Some("has the name of briefing's own output marker; skipped")
        } else if generated.collides(&rel) {
            Some(
                "has the same path as a generated page (or one of its folders); the generated page is kept",
            )
        } else {
            None
        };
        match why {
            Some(message) => warnings.push(Warning {
                file: inputs.display(&f.path),
                message: message.into(),
            }),
            None => files.push(StaticFile {
                rel,
                source: StaticSource::File(f.path),
            }),
        }
    }
    for &(rel, bytes) in BUILTIN_STATICS {
        if !files.iter().any(|f| f.rel == rel) && !generated.collides(rel) {
            files.push(StaticFile {
                rel: rel.into(),
                source: StaticSource::Builtin(bytes),
            });
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    StaticPlan { files, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_with_generated_paths_are_found_both_ways() {
        let g: GeneratedPaths = ["articles/x/index.html", "index.html"]
            .into_iter()
            .collect();
        assert!(
            g.collides("articles"),
            "a file where a generated folder goes"
        );
        assert!(g.collides("articles/x"));
        assert!(g.collides("articles/x/index.html"));
        assert!(
            g.collides("index.html/extra.css"),
            "a folder where a generated file is"
        );
        assert!(!g.collides("articles/y/photo.jpg"));
        assert!(!g.collides("style.css"));
        let mut g = g;
        g.add("articles/y/index.html");
        g.remove("articles/x/index.html");
        assert!(
            !g.collides("articles/x") && g.collides("articles"),
            "forgotten one by one"
        );
        g.remove("articles/y/index.html");
        assert!(!g.collides("articles"));
    }

    #[test]
    fn plan_warns_once_per_file_left_out() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let dir = root.join("static");
        std::fs::create_dir_all(dir.join(".well-known")).unwrap();
        std::fs::write(dir.join("articles"), "a file named like a generated folder").unwrap();
        std::fs::write(dir.join(".well-known/security.txt"), "x").unwrap();
        std::fs::write(dir.join("logo.svg.swp"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.join("host.txt")).unwrap();
        let inputs = SiteRoot::new(root, false).unwrap();
        let g: GeneratedPaths = ["articles/x/index.html"].into_iter().collect();
        let p = plan(&inputs, &dir, &g);
        let rels: Vec<&str> = p.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                ".well-known/security.txt",
                "favicon.svg",
                "search.js",
                "style.css"
            ]
        );
        assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
        assert!(p.warnings.iter().any(|w| w.file.ends_with("articles")));
        assert!(p.warnings.iter().any(|w| w.file.ends_with("host.txt")));
    }
}

//! A builder for test sites, in the spirit of mdBook's `BookTest`: start from the default
//! site or a fixture, add seeds and settings, build with the real binary, read pages.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::{briefing, copy_tree, read, repo};

/// A temporary site folder and the real binary to build it.
pub struct TestSite {
    dir: tempfile::TempDir,
}

/// What a build printed.
#[derive(Debug)]
pub struct Built {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl TestSite {
    /// The default site's settings, templates and static files, with no seeds.
    pub fn empty() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["templates", "static"] {
            copy_tree(&repo().join(sub), &dir.path().join(sub));
        }
        std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
        std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
        TestSite { dir }
    }

    /// A copy of the default site, seeds included.
    pub fn default_site() -> TestSite {
        let site = TestSite::empty();
        copy_tree(&repo().join("seeds"), &site.root().join("seeds"));
        site
    }

    /// Adds a seed file with these contents (folders are made as needed).
    pub fn seed(self, rel: &str, contents: impl AsRef<[u8]>) -> TestSite {
        let path = self.root().join("seeds").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Adds a copy of `file` (relative to the repository) to the seeds.
    pub fn seed_from(self, file: &str) -> TestSite {
        let from = repo().join(file);
        let name = from.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&from).unwrap_or_else(|e| panic!("{file}: {e}"));
        self.seed(&name, bytes)
    }

    /// Adds copies of every file of `folder` (relative to the repository) to the seeds.
    pub fn seeds_from(mut self, folder: &str) -> TestSite {
        let mut names: Vec<PathBuf> = std::fs::read_dir(repo().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for path in names {
            let rel = path
                .strip_prefix(repo())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            self = self.seed_from(&rel);
        }
        self
    }

    /// Appends TOML to site.toml (a table such as `[sources]`).
    pub fn config(self, toml: &str) -> TestSite {
        let path = self.root().join("site.toml");
        let text = format!("{}\n{toml}\n", read(&path));
        std::fs::write(path, text).unwrap();
        self
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The output folder.
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Runs `briefing ARGS` in the site.
    pub fn run(&self, args: &[&str]) -> Output {
        briefing(self.root(), args)
    }

    /// Builds the site, which must succeed.
    pub fn build(&self) -> Built {
        let out = self.run(&["build"]);
        let built = Built {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(out.status.success(), "build failed:\n{}", built.stderr);
        built
    }

    /// A file of the built site.
    pub fn page(&self, rel: &str) -> String {
        read(&self.public().join(rel))
    }
}

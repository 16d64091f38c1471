//! `briefing init [DIR]`: a new site that builds at once — `site.toml` from the user's
//! title and topics, the built-in templates and static files, and one example seed.
//! It never overwrites a file: it checks every path first and writes nothing if one exists.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, DirsConfig, SiteConfig};
use crate::error::{Error, Result};
use crate::frontmatter::{self, FrontMatter};
use crate::render::BUILTIN_STATICS;
use crate::render::BUILTIN_TEMPLATES;

mod settings;
pub use settings::{TopicSpec, ask, settle, site_toml};

/// The example seed's body; its front matter is written for the new site's first topic.
const EXAMPLE_BODY: &str = include_str!("example.md");

/// File name of the example seed in the seeds folder.
pub const EXAMPLE_SEED: &str = "example.md";

/// What to create and with which settings.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The new site's root (made when missing; may hold other files).
    pub dir: PathBuf,
    /// Site title.
    pub title: String,
    /// Topics, slugs settled (see [`settle`]).
    pub topics: Vec<TopicSpec>,
}

/// The files of a new site, relative to its root, with their contents.
pub fn site_files(opts: &InitOptions) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    if opts.title.trim().is_empty() {
        return Err(Error::Init {
            what: "--title".into(),
            message: "the site needs a title".into(),
        });
    }
    let toml = site_toml(opts.title.trim(), &opts.topics)?;
    // What is written must be what `build` reads; a mistake here is briefing's, not the user's.
    SiteConfig::parse(&toml, Path::new(CONFIG_FILE))?;
    let dirs = DirsConfig::default();
    let mut files = vec![(PathBuf::from(CONFIG_FILE), toml.into_bytes())];
    for (name, text) in BUILTIN_TEMPLATES {
        files.push((dirs.templates.join(name), text.as_bytes().to_vec()));
    }
    for (name, bytes) in BUILTIN_STATICS {
        files.push((dirs.static_files.join(name), bytes.to_vec()));
    }
    files.push((
        dirs.seeds.join(EXAMPLE_SEED),
        example_seed(opts).into_bytes(),
    ));
    Ok(files)
}

/// The example seed: filed under the first topic, so that its page shows an article.
fn example_seed(opts: &InitOptions) -> String {
    let today = jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    let front = FrontMatter {
        title: Some(format!("Welcome to {}", opts.title.trim())),
        date: Some(today.to_string()),
        source: Some("briefing init".into()),
        url: Some("https://example.org/briefing-example".into()),
        topics: Some(opts.topics.iter().take(1).map(|t| t.slug.clone()).collect()),
        ..FrontMatter::default()
    };
    format!("{}\n{EXAMPLE_BODY}", frontmatter::render(&front))
}

/// Creates the site: refuses, before writing anything, when any of its files exists or
/// a folder it writes into is a file or a link; then writes each file as a new file.
/// Returns the paths written, relative to the root.
pub fn init(opts: &InitOptions) -> Result<Vec<PathBuf>> {
    let files = site_files(opts)?;
    for (rel, _) in &files {
        let path = opts.dir.join(rel);
        if path.symlink_metadata().is_ok() {
            return Err(refused(
                &path,
                "already exists; briefing init never overwrites a file (move it away or choose another folder)",
            ));
        }
        let mut parent = path.parent();
        while let Some(dir) = parent.filter(|d| d.starts_with(&opts.dir) && *d != opts.dir) {
            match dir.symlink_metadata() {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(refused(
                        dir,
                        "is a link; briefing init writes only into real folders",
                    ));
                }
                Ok(m) if !m.is_dir() => return Err(refused(dir, "exists and is not a folder")),
                _ => {}
            }
            parent = dir.parent();
        }
    }
    let mut written = Vec::with_capacity(files.len());
    for (rel, bytes) in &files {
        let path = opts.dir.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        // create_new: a file that appeared since the check is still never overwritten.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| Error::io(&path, e))?;
        written.push(rel.clone());
    }
    Ok(written)
}

fn refused(path: &Path, message: &str) -> Error {
    Error::Init {
        what: path.display().to_string(),
        message: message.into(),
    }
}

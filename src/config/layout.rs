//! `[dirs]` and `[pagination]`: where the site's folders are and how lists are cut.

use std::path::PathBuf;

use serde::Deserialize;

/// How long lists are cut into pages, so a large site never makes one huge page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PaginationConfig {
    /// Articles per topic page.
    pub per_page: usize,
    /// Articles listed under each topic on the home page.
    pub home_per_topic: usize,
    /// Stories on the home page, newest first (0: all). The home page is an edition, not
    /// an archive: at 10,000 articles listing every story made it a 3.6 MB page.
    pub home_stories: usize,
    /// Newest stories on each topic's timeline (0: all); older ones are on the topic's
    /// numbered pages.
    pub timeline_stories: usize,
    /// Newest articles in the Atom feed (0: all). Readers poll feeds; a full archive of
    /// thousands of articles would make every poll download megabytes.
    pub feed_entries: usize,
}

impl Default for PaginationConfig {
    fn default() -> Self {
        PaginationConfig {
            per_page: 30,
            home_per_topic: 8,
            home_stories: 30,
            timeline_stories: 300,
            feed_entries: 50,
        }
    }
}

/// Folder names relative to the site root.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DirsConfig {
    /// Raw articles.
    pub seeds: PathBuf,
    /// Tera templates.
    pub templates: PathBuf,
    /// Files copied verbatim to the output root.
    pub static_files: PathBuf,
    /// Default output folder.
    pub output: PathBuf,
}

impl Default for DirsConfig {
    fn default() -> Self {
        DirsConfig {
            seeds: "seeds".into(),
            templates: "templates".into(),
            static_files: "static".into(),
            output: "public".into(),
        }
    }
}

//! Stage 1: `site.toml`, the site's configuration and topic definitions.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::Published;
use crate::error::{Error, Result, line_of};

mod layout;
mod locate;
mod sources;
mod topics;
pub use layout::{DirsConfig, PaginationConfig};
use locate::Locator;
pub use locate::key_line;
pub use sources::SourcesConfig;
use topics::validate_topics;
pub use topics::{AnchorConfig, ScoringConfig, TermSpec, TopicAnchor, TopicConfig};

/// Name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.toml";

/// The whole site configuration, validated.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title, shown in the header and the feed.
    pub title: String,
    /// One-paragraph description shown on the home page.
    pub description: String,
    /// Where the site is hosted, as given (absolute URL or path).
    pub base_url: BaseUrl,
    /// BCP 47 language tag of the pages.
    pub language: String,
    /// Author or organisation named in the feed.
    pub author: String,
    /// Time used for the feed when no article carries a date.
    pub updated: Option<Published>,
    /// Topics, in the order the site shows them.
    pub topics: Vec<TopicConfig>,
    /// How topic membership is decided.
    pub scoring: ScoringConfig,
    /// The home side of the site's relationship topics (`[anchor]`), if any.
    pub anchor: Option<AnchorConfig>,
    /// Folder names relative to the root.
    pub dirs: DirsConfig,
    /// How long lists are cut into pages.
    pub pagination: PaginationConfig,
    /// Read seeds, templates and static files that are symlinks to places outside the
    /// site root (off by default: a cloned site could otherwise publish `~/diary.txt`).
    pub follow_symlinks: bool,
    /// Field names of scrapers' exports (`[sources]`).
    pub sources: SourcesConfig,
}

/// Where the site lives: an absolute URL (for feeds) and the path part (for links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://host/sub/` when known; feeds and the sitemap need it.
    pub absolute: Option<String>,
    /// `/sub/`: every internal link starts with it.
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://host/sub` (or `http://`) or `/` into a base with a trailing slash.
    /// Anything else is refused: a bare host such as `example.org` would otherwise become
    /// the path `/example.org/` of every link, and feeds and the sitemap need the host.
    pub fn parse(raw: &str) -> std::result::Result<Self, String> {
        let raw = raw.trim();
        if raw == "/" {
            return Ok(BaseUrl {
                absolute: None,
                path: "/".into(),
            });
        }
        let Some(rest) = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"))
        else {
            return Err(not_absolute(raw));
        };
        let scheme_len = raw.len() - rest.len();
        let (host, path) = match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let bad_host = |c: char| c.is_whitespace() || "\\\"<>@".contains(c);
        if host.is_empty() || host.contains(bad_host) {
            return Err(format!("base_url {raw:?} has no valid host"));
        }
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(format!(
                "base_url {raw:?} must be a folder URL, without spaces, query or fragment"
            ));
        }
        let path = normalise_path(path);
        Ok(BaseUrl {
            absolute: Some(format!("{}{host}{path}", &raw[..scheme_len])),
            path,
        })
    }

    /// Absolute URL of a site path (`topics/x/`), or the rooted path when the host is unknown.
    pub fn absolute_url(&self, rel: &str) -> String {
        match &self.absolute {
            Some(abs) => format!("{abs}{rel}"),
            None => format!("{}{rel}", self.path),
        }
    }
}

/// Why a base URL without `http(s)://` is refused, with the fix when one is likely.
fn not_absolute(raw: &str) -> String {
    let wanted = "must be an absolute URL with a scheme (https://host/path/) or \"/\"";
    if raw.contains("://") {
        return format!("base_url {raw:?} must use http or https");
    }
    let host = raw.split('/').next().unwrap_or("");
    if host.contains('.') && !host.contains(char::is_whitespace) {
        let path = raw.strip_prefix(host).unwrap_or("");
        let fix = format!("https://{host}{}", normalise_path(path));
        format!("base_url {raw:?} {wanted}; did you mean {fix:?}?")
    } else {
        format!("base_url {raw:?} {wanted}")
    }
}

fn normalise_path(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base")]
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    topics: Vec<TopicConfig>,
    #[serde(default)]
    scoring: ScoringConfig,
    #[serde(default)]
    anchor: Option<AnchorConfig>,
    #[serde(default)]
    dirs: DirsConfig,
    #[serde(default)]
    pagination: PaginationConfig,
    #[serde(default)]
    follow_symlinks: bool,
    #[serde(default)]
    sources: SourcesConfig,
}

fn default_base() -> String {
    "/".into()
}

fn default_language() -> String {
    "en".into()
}

impl SiteConfig {
    /// Reads and validates `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Self> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let config = Self::parse(&text, &path)?;
        config.check_dirs(root, &text, &path)?;
        Ok(config)
    }

    /// Every `[dirs]` folder must stay inside the site root, `..` and symlinks resolved.
    fn check_dirs(&self, root: &Path, text: &str, path: &Path) -> Result<()> {
        let d = &self.dirs;
        let settings = [
            ("seeds", &d.seeds),
            ("templates", &d.templates),
            ("static_files", &d.static_files),
            ("output", &d.output),
        ];
        for (key, dir) in settings {
            if let Err(reason) = crate::paths::check_inside(root, dir) {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    line: key_line(text, Some("dirs"), key),
                    message: format!("[dirs] {key}: {reason}"),
                });
            }
        }
        Ok(())
    }

    /// Parses configuration text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of(text, s.start)),
            message: e.message().trim().to_string(),
        })?;
        let at = |line: Option<usize>, message: String| Error::Config {
            path: path.to_path_buf(),
            line,
            message,
        };
        let find = |needle: &str| text.find(needle).map(|i| line_of(text, i));
        // Positions are only needed for an error: parsed once, then, not on every load.
        let locate = || Locator::new(text);
        let base_url = BaseUrl::parse(&raw.base_url).map_err(|m| at(locate().base_url(), m))?;
        let updated = match &raw.updated {
            None => None,
            Some(u) => Some(Published::parse(u).map_err(|why| {
                at(
                    key_line(text, None, "updated"),
                    format!("updated = {u:?} {why}"),
                )
            })?),
        };
        validate_topics(&raw.topics, raw.anchor.as_ref()).map_err(|(topic, m)| match topic {
            Some(i) => at(locate().topic(i), m),
            None => at(find("[anchor]"), m),
        })?;
        let mut seen = HashSet::new();
        for (i, topic) in raw.topics.iter().enumerate() {
            let here = |message: String| at(locate().topic(i), message);
            if !crate::slug::is_valid_slug(&topic.slug) {
                return Err(here(format!(
                    "topic slug {:?} must be lowercase letters, digits and dashes",
                    topic.slug
                )));
            }
            if !seen.insert(topic.slug.clone()) {
                let first = (0..i).find(|&j| raw.topics[j].slug == topic.slug);
                let earlier = first
                    .and_then(|j| locate().topic(j))
                    .map(|l| format!(" (first at line {l})"))
                    .unwrap_or_default();
                return Err(here(format!(
                    "topic slug {:?} is defined twice{earlier}",
                    topic.slug
                )));
            }
            if topic.terms.is_empty() {
                return Err(here(format!("topic {:?} has no terms", topic.slug)));
            }
            for term in &topic.terms {
                if let TermSpec::Detailed { term, weight, .. } = term
                    && (!weight.is_finite() || *weight <= 0.0)
                {
                    return Err(at(
                        find(term),
                        format!("term {term:?} needs a positive weight, not {weight}"),
                    ));
                }
            }
        }
        Ok(SiteConfig {
            title: raw.title,
            description: raw.description,
            base_url,
            language: raw.language,
            author: raw.author,
            updated,
            topics: raw.topics,
            scoring: raw.scoring,
            anchor: raw.anchor,
            dirs: raw.dirs,
            pagination: PaginationConfig {
                per_page: raw.pagination.per_page.max(1),
                home_per_topic: raw.pagination.home_per_topic,
                home_stories: raw.pagination.home_stories,
                timeline_stories: raw.pagination.timeline_stories,
                feed_entries: raw.pagination.feed_entries,
            },
            follow_symlinks: raw.follow_symlinks,
            sources: raw.sources,
        })
    }

    /// A configuration with no topics, for cleaning files outside any site.
    pub fn standalone() -> Self {
        SiteConfig {
            title: "Briefing".into(),
            description: String::new(),
            base_url: BaseUrl::parse("/").unwrap_or(BaseUrl {
                absolute: None,
                path: "/".into(),
            }),
            language: default_language(),
            author: String::new(),
            updated: None,
            topics: Vec::new(),
            scoring: ScoringConfig::default(),
            anchor: None,
            dirs: DirsConfig::default(),
            pagination: PaginationConfig::default(),
            follow_symlinks: false,
            sources: SourcesConfig::default(),
        }
    }

    /// The site's input folders under `root`, which no output may overlap.
    pub fn input_dirs(&self, root: &Path) -> [PathBuf; 3] {
        [
            root.join(&self.dirs.seeds),
            root.join(&self.dirs.templates),
            root.join(&self.dirs.static_files),
        ]
    }

    /// Looks a topic up by slug.
    pub fn topic(&self, slug: &str) -> Option<&TopicConfig> {
        self.topics.iter().find(|t| t.slug == slug)
    }

    /// The anchor that applies to `topic`: its own, the site's, or none.
    pub fn anchor_of<'a>(&'a self, topic: &'a TopicConfig) -> Option<&'a AnchorConfig> {
        match &topic.anchor {
            Some(TopicAnchor::Own(own)) => Some(own),
            Some(TopicAnchor::Site(false)) => None,
            Some(TopicAnchor::Site(true)) | None => self.anchor.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_host_and_sub_path() {
        let b = BaseUrl::parse("https://example.org/briefing").unwrap();
        assert_eq!(b.path, "/briefing/");
        assert_eq!(b.absolute.as_deref(), Some("https://example.org/briefing/"));
        assert_eq!(
            b.absolute_url("atom.xml"),
            "https://example.org/briefing/atom.xml"
        );
        assert_eq!(BaseUrl::parse("/").unwrap().path, "/");
        assert_eq!(BaseUrl::parse("/").unwrap().absolute, None);
        assert!(BaseUrl::parse("ftp://x/").is_err());
    }

    #[test]
    fn base_url_without_scheme_is_refused() {
        for bad in [
            "",
            "briefing.example.org",
            "/a/b",
            "//host/",
            "https:///x",
            "https://a b/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad:?} was accepted");
        }
        let why = BaseUrl::parse("briefing.example.org/sub").unwrap_err();
        assert!(
            why.contains("\"https://briefing.example.org/sub/\""),
            "{why}"
        );
        let text = "title = \"x\"\n# base_url = \"/\"\n\nbase_url = \"briefing.example.org\"\n";
        let err = SiteConfig::parse(text, Path::new("site.toml")).unwrap_err();
        assert!(
            err.to_string().starts_with("site.toml:4: base_url"),
            "{err}"
        );
    }

    #[test]
    fn syntax_error_names_line() {
        let err =
            SiteConfig::parse("title = \"x\"\n\n[[topics]\n", Path::new("site.toml")).unwrap_err();
        match err {
            Error::Config { line, .. } => assert_eq!(line, Some(3)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn dirs_outside_the_root_are_refused_at_their_line() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "title = \"x\"\n# static_files = \"static\"\n[dirs]\nseeds = \"seeds\"\nstatic_files = \"../../../../etc\"\n";
        std::fs::write(tmp.path().join(CONFIG_FILE), text).unwrap();
        let err = SiteConfig::load(tmp.path()).unwrap_err();
        match &err {
            Error::Config { line, message, .. } => {
                assert_eq!(*line, Some(5), "{err}");
                assert!(message.contains("static_files"), "{err}");
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(key_line(text, None, "title"), Some(1));
        assert_eq!(key_line(text, Some("dirs"), "seeds"), Some(4));
    }

    #[test]
    fn duplicate_topic_is_refused() {
        let text = "title = \"x\"\n[[topics]]\nslug = \"a\"\nname = \"A\"\nterms = [\"x\"]\n[[topics]]\nslug = \"a\"\nname = \"B\"\nterms = [\"y\"]\n";
        let err = SiteConfig::parse(text, Path::new("site.toml")).unwrap_err();
        assert!(err.to_string().contains("defined twice"), "{err}");
        match err {
            Error::Config { line, .. } => assert_eq!(line, Some(7), "the duplicate's line"),
            other => panic!("unexpected {other:?}"),
        }
    }
}

//! The whole site in memory: configuration plus every cleaned, scored article.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::Article;
use crate::clean::template::SiteTemplate;
use crate::config::SiteConfig;
use crate::error::{Result, Warning};
use crate::fingerprint::fingerprint;
use crate::slug::SlugRegistry;
use crate::sources::{self, SourceKind};
use crate::topics::TopicIndex;

/// A loaded site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// Folder holding `site.toml`.
    pub root: PathBuf,
    /// Parsed configuration.
    pub config: SiteConfig,
    /// Articles, newest first, then by title.
    pub articles: Vec<Article>,
    /// Problems with single inputs that did not stop the build.
    pub warnings: Vec<Warning>,
    /// How many articles were cleaned afresh (the rest came from the cache).
    pub cleaned: usize,
}

/// Cleaned articles kept between builds, keyed by file and content, so `serve` re-cleans
/// only the seeds that changed.
#[derive(Debug, Default)]
pub struct ArticleCache {
    config_hash: u64,
    entries: HashMap<PathBuf, CacheEntry>,
}

#[derive(Debug, Clone)]
struct CacheEntry {
    text_hash: u64,
    article: Option<Article>,
    warnings: Vec<Warning>,
}

impl Site {
    /// Reads `site.toml` and every seed, cleaning and scoring them in parallel.
    pub fn load(root: &Path) -> Result<Site> {
        Self::load_with(root, None)
    }

    /// Like [`Site::load`], but reuses articles whose file and configuration are unchanged.
    pub fn load_cached(root: &Path, cache: &mut ArticleCache) -> Result<Site> {
        Self::load_with(root, Some(cache))
    }

    /// Loads the site; with a cache, unchanged articles are not cleaned again (and the
    /// cache is refreshed), without one nothing is hashed or copied for later.
    fn load_with(root: &Path, mut cache: Option<&mut ArticleCache>) -> Result<Site> {
        let config = SiteConfig::load(root)?;
        let mut warnings = Vec::new();
        let paths = sources::discover(&root.join(&config.dirs.seeds), root, &mut warnings)?;
        let (files, read_warnings) = sources::read_all(&paths, root);
        warnings.extend(read_warnings);
        let template = SiteTemplate::learn(
            files
                .par_iter()
                .filter(|f| f.kind != SourceKind::Html)
                .map(|f| f.text.as_str()),
        );
        if let Some(cache) = cache.as_deref_mut() {
            // Cleaning depends on the topics, the scoring and the site template: a change
            // to any of them invalidates every cached article.
            let config_hash = fingerprint(&format!(
                "{:?}{:?}{}",
                config.topics,
                config.scoring,
                template.fingerprint()
            ));
            if config_hash != cache.config_hash {
                cache.entries.clear();
                cache.config_hash = config_hash;
            }
        }
        let index = TopicIndex::new(&config);
        let previous = cache.as_deref();
        let entries: Vec<(PathBuf, CacheEntry, bool)> = files
            .par_iter()
            .map(|f| {
                let text_hash = if previous.is_some() {
                    fingerprint(f.text.as_str())
                } else {
                    0
                };
                match previous.and_then(|c| c.entries.get(&f.path)) {
                    Some(hit) if hit.text_hash == text_hash => (f.path.clone(), hit.clone(), false),
                    _ => {
                        let (mut article, _, warnings) =
                            Article::from_source(f, &index, &config, &template);
                        if let (Some(a), Some(c)) = (article.as_mut(), previous) {
                            a.version = fingerprint(&(text_hash, c.config_hash)).max(1);
                        }
                        let entry = CacheEntry {
                            text_hash,
                            article,
                            warnings,
                        };
                        (f.path.clone(), entry, true)
                    }
                }
            })
            .collect();
        let mut articles = Vec::with_capacity(entries.len());
        let mut cleaned = 0;
        if let Some(cache) = cache {
            cache.entries.clear();
            for (path, entry, fresh) in entries {
                cleaned += fresh as usize;
                warnings.extend(entry.warnings.iter().cloned());
                articles.extend(entry.article.iter().cloned());
                cache.entries.insert(path, entry);
            }
        } else {
            for (_, entry, _) in entries {
                cleaned += 1;
                warnings.extend(entry.warnings);
                articles.extend(entry.article);
            }
        }
        assign_slugs(&mut articles);
        sort_for_display(&mut articles);
        Ok(Site {
            root: root.to_path_buf(),
            config,
            articles,
            warnings,
            cleaned,
        })
    }

    /// Articles of one topic, in display order.
    pub fn articles_in<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = &'a Article> + 'a {
        self.articles
            .iter()
            .filter(move |a| a.topics.iter().any(|t| t == topic))
    }
}

/// Slugs are claimed in source-file order so that adding a seed never renames another.
fn assign_slugs(articles: &mut [Article]) {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&a, &b| articles[a].source_file.cmp(&articles[b].source_file));
    let mut registry = SlugRegistry::default();
    for i in order {
        let a = &articles[i];
        let stem = Path::new(&a.source_file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let wanted = a.meta.slug.clone().unwrap_or_else(|| a.title.clone());
        articles[i].slug = registry.claim(&wanted, &stem);
    }
}

fn sort_for_display(articles: &mut [Article]) {
    articles.sort_by(|a, b| {
        // Dated articles first, newest first; undated ones keep source order.
        match (&a.meta.date, &b.meta.date) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.source_file.cmp(&b.source_file))
    });
}

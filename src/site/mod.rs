//! The whole site in memory: configuration plus every cleaned, scored article.

mod budget;
mod live;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::Article;
use crate::clean::template::SiteTemplate;
use crate::config::SiteConfig;
use crate::error::{Error, Result, Warning};
use crate::paths::SiteRoot;
use crate::slug::SlugRegistry;
use crate::sources::{self, SourceKind};
use crate::topics::TopicIndex;
pub use budget::ByteBudget;
pub use live::LiveSite;

/// A loaded site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// Folder holding `site.toml`.
    pub root: PathBuf,
    /// The root as inputs are resolved against it (what may be read).
    pub inputs: SiteRoot,
    /// Parsed configuration.
    pub config: SiteConfig,
    /// Articles, newest first, then by title.
    pub articles: Vec<Article>,
    /// Problems with single inputs that did not stop the build.
    pub warnings: Vec<Warning>,
    /// How many articles were cleaned by the last load or update.
    pub cleaned: usize,
}

impl Site {
    /// Reads `site.toml` and every seed, cleaning and scoring them in parallel.
    pub fn load(root: &Path) -> Result<Site> {
        rayon::spawn(crate::clean::warm_up);
        let config = SiteConfig::load(root)?;
        let inputs = SiteRoot::new(root, config.follow_symlinks).map_err(|e| Error::io(root, e))?;
        let mut warnings = Vec::new();
        let paths = sources::discover(&inputs, &root.join(&config.dirs.seeds), &mut warnings)?;
        let (files, read_warnings) = sources::read_all(&paths, root);
        warnings.extend(read_warnings);
        let template = SiteTemplate::learn(
            files
                .par_iter()
                .filter(|f| f.kind != SourceKind::Html)
                .map(|f| f.text.as_str()),
        );
        let index = TopicIndex::new(&config);
        let budget = ByteBudget::default();
        let cleaned: Vec<_> = files
            .par_iter()
            .map(|f| {
                let _bytes = budget.take(f.text.len());
                let (article, _, warnings) = Article::from_source(f, &index, &config, &template);
                (article, warnings)
            })
            .collect();
        let mut articles = Vec::with_capacity(cleaned.len());
        for (article, article_warnings) in cleaned {
            warnings.extend(article_warnings);
            articles.extend(article);
        }
        let cleaned = articles.len();
        let mut site = Site {
            root: root.to_path_buf(),
            inputs,
            config,
            articles,
            warnings,
            cleaned,
        };
        site.arrange();
        Ok(site)
    }

    /// Assigns slugs and puts the articles in display order.
    fn arrange(&mut self) {
        assign_slugs(&mut self.articles);
        sort_for_display(&mut self.articles);
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
        match (&a.published, &b.published) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.source_file.cmp(&b.source_file))
    });
}

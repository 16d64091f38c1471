//! The whole site in memory: configuration plus every cleaned, scored article, and the
//! one way it is assembled ([`Assembler`]) with its site passes.

mod assemble;
mod budget;
pub mod layer;
pub mod passes;
mod reading;

use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::config::SiteConfig;
use crate::error::{Result, Warning};
use crate::paths::SiteRoot;
pub use assemble::Assembler;
pub use budget::ByteBudget;

/// A loaded site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// Folder holding `site.toml`.
    pub root: PathBuf,
    /// The root as inputs are resolved against it (what may be read).
    pub inputs: SiteRoot,
    /// Parsed configuration.
    pub config: SiteConfig,
    /// Articles, newest first, then in document order.
    pub articles: Vec<Article>,
    /// Problems with single inputs that did not stop the build.
    pub warnings: Vec<Warning>,
    /// How many articles were cleaned by the last load or update.
    pub cleaned: usize,
    /// Stories and key points over the articles (the site passes' results).
    pub layer: layer::Layer,
}

impl Site {
    /// Reads `site.toml` and every seed, cleaning and scoring them in parallel.
    pub fn load(root: &Path) -> Result<Site> {
        Ok(Assembler::load(root)?.into_site())
    }

    /// Articles of one topic, in display order.
    pub fn articles_in<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = &'a Article> + 'a {
        self.articles
            .iter()
            .filter(move |a| a.topics.iter().any(|t| t == topic))
    }
}

//! The site as `serve` keeps it: updated seed by seed, so an edit to one article re-reads,
//! re-cleans and re-scores that article alone.
//!
//! Cleaning depends on the site template (lines repeated across seeds). Its counts are kept
//! per line; an edit that makes a line template or not re-cleans exactly the seeds that
//! contain that line, so the result is always what a full build would give.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Site;
use crate::article::Article;
use crate::clean::template::{SiteTemplate, TemplateCounts, candidate_lines};
use crate::config::SiteConfig;
use crate::error::{Error, Result, Warning};
use crate::paths::SiteRoot;
use crate::sources::{self, SeedEntry, SourceFile, SourceKind};
use crate::topics::TopicIndex;

/// A site in memory with what it takes to update it file by file.
pub struct LiveSite {
    site: Site,
    index: TopicIndex,
    counts: TemplateCounts,
    template: SiteTemplate,
    files: BTreeMap<PathBuf, Tracked>,
    listing_warnings: Vec<Warning>,
    next_version: u64,
}

/// What is known of one seed file.
struct Tracked {
    text_hash: u64,
    /// Candidate template lines (none for HTML, whose chrome the extractor removes).
    lines: Vec<(u64, usize)>,
    warnings: Vec<Warning>,
}

/// One seed as just read: its text, or why it has none.
struct Fresh {
    path: PathBuf,
    read: std::result::Result<SourceFile, Warning>,
}

impl Fresh {
    /// Reads `paths` in parallel.
    fn read_all<'p>(
        paths: impl IntoParallelIterator<Item = &'p PathBuf>,
        root: &Path,
    ) -> Vec<Fresh> {
        paths
            .into_par_iter()
            .map(|p| Fresh {
                path: p.clone(),
                read: sources::read_one(p, root),
            })
            .collect()
    }
}

impl LiveSite {
    /// Loads the site at `root` in full.
    pub fn load(root: &Path) -> Result<LiveSite> {
        // As in [`Site::load`]: the cleaner's patterns compile while seeds are listed.
        rayon::spawn(crate::clean::warm_up);
        let config = SiteConfig::load(root)?;
        let inputs = SiteRoot::new(root, config.follow_symlinks).map_err(|e| Error::io(root, e))?;
        let mut live = LiveSite {
            index: TopicIndex::new(&config),
            site: Site {
                root: root.to_path_buf(),
                inputs,
                config,
                articles: Vec::new(),
                warnings: Vec::new(),
                cleaned: 0,
            },
            counts: TemplateCounts::default(),
            template: SiteTemplate::default(),
            files: BTreeMap::new(),
            listing_warnings: Vec::new(),
            next_version: 1,
        };
        live.rescan()?;
        Ok(live)
    }

    /// The site as it stands.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Lists the seeds folder again and takes in every file that changed.
    pub fn rescan(&mut self) -> Result<()> {
        let root = self.site.root.clone();
        let mut listing_warnings = Vec::new();
        let seeds = root.join(&self.site.config.dirs.seeds);
        let paths = sources::discover(&self.site.inputs, &seeds, &mut listing_warnings)?;
        self.listing_warnings = listing_warnings;
        let listed: HashSet<&PathBuf> = paths.iter().collect();
        let gone: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|p| !listed.contains(p))
            .cloned()
            .collect();
        self.apply(&paths, &gone);
        Ok(())
    }

    /// Takes in changes to `paths` (absolute) reported by the watcher. Anything but plain
    /// seed files added, edited or removed leads to a [`LiveSite::rescan`].
    pub fn update(&mut self, paths: &[PathBuf]) -> Result<()> {
        let seeds = self.site.root.join(&self.site.config.dirs.seeds);
        let (mut read, mut gone) = (Vec::new(), Vec::new());
        for path in paths {
            if !path.starts_with(&seeds) || path == &seeds {
                // The seeds folder itself was replaced or removed: only a listing can say.
                return self.rescan();
            }
            match sources::judge(&self.site.inputs, &seeds, path) {
                SeedEntry::Seed(p) => read.push(p),
                SeedEntry::Absent | SeedEntry::NotSeed(None) if self.files.contains_key(path) => {
                    gone.push(path.clone())
                }
                // A folder of seeds moved or deleted: its files are gone too.
                SeedEntry::Absent if self.files.keys().any(|p| p.starts_with(path)) => {
                    return self.rescan();
                }
                SeedEntry::Absent | SeedEntry::NotSeed(None) => {}
                // A seed that stopped being one (renamed to .bak, made a link out of the
                // root…) or a folder: the listing decides, with its warnings.
                SeedEntry::NotSeed(_) | SeedEntry::Folder => return self.rescan(),
            }
        }
        self.apply(&read, &gone);
        Ok(())
    }

    /// Re-reads `read`, forgets `gone`, and re-cleans every seed whose article may differ.
    fn apply(&mut self, read: &[PathBuf], gone: &[PathBuf]) {
        let root = self.site.root.clone();
        let fresh = Fresh::read_all(read, &root);
        // Only files whose text changed matter from here on.
        let changed: Vec<Fresh> = fresh
            .into_iter()
            .filter(|f| match (&f.read, self.files.get(&f.path)) {
                (Ok(file), Some(t)) => t.text_hash != text_hash(&file.text),
                _ => true,
            })
            .collect();
        if changed.is_empty() && gone.is_empty() {
            self.site.cleaned = 0;
            return;
        }
        let flipped = self.recount(&changed, gone);
        let mut stale: BTreeSet<PathBuf> = gone.iter().cloned().collect();
        stale.extend(changed.iter().map(|f| f.path.clone()));
        // Seeds untouched by the edit but holding a line whose template status flipped.
        let holding: Vec<&PathBuf> = if flipped.is_empty() {
            Vec::new()
        } else {
            self.files
                .iter()
                .filter(|(p, t)| {
                    !stale.contains(*p) && t.lines.iter().any(|(k, _)| flipped.contains(k))
                })
                .map(|(p, _)| p)
                .collect()
        };
        let affected = Fresh::read_all(holding, &root);
        stale.extend(affected.iter().map(|f| f.path.clone()));
        for path in gone {
            self.files.remove(path);
        }
        let redo: Vec<Fresh> = changed.into_iter().chain(affected).collect();
        self.clean(&stale, redo);
    }

    /// Updates the template counts for `changed` and `gone`; returns the lines whose
    /// template status flipped (and updates the template).
    fn recount(&mut self, changed: &[Fresh], gone: &[PathBuf]) -> HashSet<u64> {
        let mut touched: HashSet<u64> = HashSet::new();
        let old_lines = changed
            .iter()
            .map(|f| &f.path)
            .chain(gone)
            .filter_map(|p| self.files.get(p))
            .map(|t| t.lines.clone())
            .collect::<Vec<_>>();
        let new_lines: Vec<Vec<(u64, usize)>> = changed
            .par_iter()
            .map(|f| match &f.read {
                Ok(file) if file.kind != SourceKind::Html => candidate_lines(&file.text),
                _ => Vec::new(),
            })
            .collect();
        let before: Vec<(u64, bool)> = old_lines
            .iter()
            .chain(&new_lines)
            .flatten()
            .filter(|(k, _)| touched.insert(*k))
            .map(|&(k, _)| (k, self.counts.is_template(k)))
            .collect();
        for lines in &old_lines {
            self.counts.remove(lines);
        }
        for lines in &new_lines {
            self.counts.add(lines);
        }
        for (f, lines) in changed.iter().zip(new_lines) {
            // Placeholders until the seed is cleaned: the lines are what counts.
            let t = self.files.entry(f.path.clone()).or_insert_with(|| Tracked {
                text_hash: 0,
                lines: Vec::new(),
                warnings: Vec::new(),
            });
            t.lines = lines;
        }
        let mut flipped = HashSet::new();
        for (k, was) in before {
            let now = self.counts.is_template(k);
            if now != was {
                self.template.set(k, now);
                flipped.insert(k);
            }
        }
        flipped
    }

    /// Cleans `redo` (all of them in `stale`), replacing the articles of every stale seed.
    fn clean(&mut self, stale: &BTreeSet<PathBuf>, redo: Vec<Fresh>) {
        let first_version = self.next_version;
        self.next_version += redo.len() as u64;
        let (index, config, template) = (&self.index, &self.site.config, &self.template);
        let budget = super::ByteBudget::default();
        let results: Vec<(PathBuf, Tracked, Option<Article>)> = redo
            .into_par_iter()
            .enumerate()
            .map(|(i, f)| match f.read {
                Ok(file) => {
                    let _bytes = budget.take(file.text.len());
                    let (mut article, _, warnings) =
                        Article::from_source(&file, index, config, template);
                    if let Some(a) = article.as_mut() {
                        a.version = first_version + i as u64;
                    }
                    let tracked = Tracked {
                        text_hash: text_hash(&file.text),
                        lines: Vec::new(),
                        warnings,
                    };
                    (f.path, tracked, article)
                }
                Err(w) => {
                    let tracked = Tracked {
                        text_hash: 0,
                        lines: Vec::new(),
                        warnings: vec![w],
                    };
                    (f.path, tracked, None)
                }
            })
            .collect();
        self.site.cleaned = results.len();
        let mut articles = Vec::with_capacity(results.len());
        for (path, mut tracked, article) in results {
            if let Some(previous) = self.files.get_mut(&path) {
                tracked.lines = std::mem::take(&mut previous.lines);
            }
            articles.extend(article);
            self.files.insert(path, tracked);
        }
        if articles.len() < stale.len() || !self.replace_in_place(&mut articles) {
            let root = &self.site.root;
            let stale_names: HashSet<String> = stale
                .iter()
                .map(|p| sources::display_path(p, root))
                .collect();
            self.site
                .articles
                .retain(|a| !stale_names.contains(&a.source_file));
            self.site.articles.append(&mut articles);
            self.site.arrange();
        }
        self.site.warnings = self
            .listing_warnings
            .iter()
            .chain(self.files.values().flat_map(|t| &t.warnings))
            .cloned()
            .collect();
    }

    /// The common edit: articles that keep their title, slug and date keep their place and
    /// URL, so they replace their old versions without re-sorting or re-slugging the site.
    /// Returns false (changing nothing) when any article would move.
    fn replace_in_place(&mut self, fresh: &mut Vec<Article>) -> bool {
        let mut positions = Vec::with_capacity(fresh.len());
        for a in fresh.iter() {
            let old = self
                .site
                .articles
                .iter()
                .position(|o| o.source_file == a.source_file);
            match old.map(|i| (i, &self.site.articles[i])) {
                Some((i, o))
                    if o.title == a.title
                        && o.meta.slug == a.meta.slug
                        && o.published == a.published =>
                {
                    positions.push(i)
                }
                _ => return false,
            }
        }
        for (mut a, i) in fresh.drain(..).zip(positions) {
            a.slug = std::mem::take(&mut self.site.articles[i].slug);
            self.site.articles[i] = a;
        }
        true
    }
}

fn text_hash(text: &str) -> u64 {
    crate::fingerprint::fingerprint(text)
}

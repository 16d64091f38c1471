//! The one way a site is assembled from its documents, used by `build` (once) and by
//! `serve` (once, then file by file).
//!
//! Each seed file gives one document or, for an export, many. Cleaning depends on the
//! site template (lines repeated across documents), whose counts are kept per line: an
//! update that makes a line template or not re-cleans exactly the documents holding that
//! line, and a changed export re-cleans only its records whose bytes changed, so the
//! result is always what a full load gives. After every change the site passes run
//! ([`super::passes`]).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::passes::{self, Delta};
use super::reading::{self, ToClean};
use super::{ByteBudget, Site};
use crate::article::{Article, Cleaner};
use crate::clean::template::{SiteTemplate, TemplateCounts};
use crate::config::SiteConfig;
use crate::error::{Error, Result, Warning};
use crate::paths::SiteRoot;
use crate::sources::{self, DocId, Document, FieldMap, SeedEntry};
use crate::topics::TopicIndex;

/// A site in memory with what it takes to update it document by document.
pub struct Assembler {
    site: Site,
    index: TopicIndex,
    fields: FieldMap,
    counts: TemplateCounts,
    template: SiteTemplate,
    files: BTreeMap<PathBuf, TrackedFile>,
    listing_warnings: Vec<Warning>,
    next_version: u64,
    passes: passes::PassState,
}

/// What is known of one seed file: its documents and what reading it said.
#[derive(Default)]
struct TrackedFile {
    docs: BTreeMap<DocId, TrackedDoc>,
    warnings: Vec<Warning>,
}

/// What is known of one document.
struct TrackedDoc {
    hash: u64,
    /// Candidate template lines (none for pages, whose chrome the extractor removes).
    lines: Vec<(u64, usize)>,
    warnings: Vec<Warning>,
}

impl Assembler {
    /// Loads the site at `root` in full.
    pub fn load(root: &Path) -> Result<Assembler> {
        // The cleaner's patterns compile on a spare thread while seeds are listed.
        rayon::spawn(crate::clean::warm_up);
        let config = SiteConfig::load(root)?;
        let inputs = SiteRoot::new(root, config.follow_symlinks).map_err(|e| Error::io(root, e))?;
        let mut assembler = Assembler {
            index: TopicIndex::new(&config),
            fields: FieldMap::new(&config.sources),
            site: Site {
                root: root.to_path_buf(),
                inputs,
                config,
                articles: Vec::new(),
                warnings: Vec::new(),
                cleaned: 0,
                layer: Default::default(),
            },
            counts: TemplateCounts::default(),
            template: SiteTemplate::default(),
            files: BTreeMap::new(),
            listing_warnings: Vec::new(),
            next_version: 1,
            passes: passes::PassState::default(),
        };
        assembler.rescan()?;
        Ok(assembler)
    }

    /// The site as it stands.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The site, giving up what it takes to update it (a one-shot build).
    pub fn into_site(self) -> Site {
        self.site
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
    /// seed files added, edited or removed leads to a [`Assembler::rescan`].
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

    /// Re-reads `read`, forgets `gone`, and re-cleans every document whose article may
    /// differ: new or changed ones, and unchanged ones holding a line that became or
    /// stopped being template.
    fn apply(&mut self, read: &[PathBuf], gone: &[PathBuf]) {
        let root = self.site.root.clone();
        let files = &self.files;
        let known = |path: &Path| -> reading::KnownDocs {
            let mut by_hash = reading::KnownDocs::new();
            if let Some(f) = files.get(path) {
                for (id, doc) in &f.docs {
                    by_hash.entry(doc.hash).or_default().push(id.clone());
                }
            }
            by_hash
        };
        let scanned = reading::scan(read, &root, &self.fields, &known);
        let mut stale: BTreeSet<DocId> = BTreeSet::new();
        let mut todo = ToClean::default();
        let mut removed: Vec<(u64, usize)> = Vec::new();
        let mut added: Vec<(u64, usize)> = Vec::new();
        for path in gone {
            if let Some(file) = self.files.remove(path) {
                for (id, doc) in file.docs {
                    removed.extend(doc.lines);
                    stale.insert(id);
                }
            }
        }
        for mut f in scanned {
            let tracked = self.files.entry(f.path.clone()).or_default();
            tracked.warnings = f.warnings;
            let mut seen: HashSet<DocId> = f.unchanged.into_iter().collect();
            for doc in f.docs {
                seen.insert(doc.id.clone());
                if tracked
                    .docs
                    .get(&doc.id)
                    .is_some_and(|t| t.hash == doc.hash)
                {
                    continue; // the same bytes: the same article
                }
                added.extend(doc.lines.iter().copied());
                let fresh = TrackedDoc {
                    hash: doc.hash,
                    lines: doc.lines,
                    warnings: Vec::new(),
                };
                if let Some(old) = tracked.docs.insert(doc.id.clone(), fresh) {
                    removed.extend(old.lines);
                }
                todo.want(&f.path, &doc.id, &mut f.held);
                stale.insert(doc.id);
            }
            let vanished: Vec<DocId> = tracked
                .docs
                .keys()
                .filter(|id| !seen.contains(*id))
                .cloned()
                .collect();
            for id in vanished {
                if let Some(old) = tracked.docs.remove(&id) {
                    removed.extend(old.lines);
                }
                stale.insert(id);
            }
        }
        let flipped = self.recount(&removed, &added);
        // Documents untouched by the change but holding a line whose status flipped are
        // cleaned again too, read from their files.
        if !flipped.is_empty() {
            for (path, file) in &self.files {
                for (id, doc) in &file.docs {
                    if !stale.contains(id) && doc.lines.iter().any(|(k, _)| flipped.contains(k)) {
                        todo.want(path, id, &mut Default::default());
                        stale.insert(id.clone());
                    }
                }
            }
        }
        self.clean(&stale, todo);
    }

    /// Updates the template counts; returns the lines whose template status flipped
    /// (and updates the template).
    fn recount(&mut self, removed: &[(u64, usize)], added: &[(u64, usize)]) -> HashSet<u64> {
        let mut touched: HashSet<u64> = HashSet::new();
        let before: Vec<(u64, bool)> = removed
            .iter()
            .chain(added)
            .filter(|(k, _)| touched.insert(*k))
            .map(|&(k, _)| (k, self.counts.is_template(k)))
            .collect();
        self.counts.remove(removed);
        self.counts.add(added);
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

    /// Cleans `redo` (all of them in `stale`) and replaces the articles of every stale
    /// document, then runs the site passes on what changed.
    fn clean(&mut self, stale: &BTreeSet<DocId>, todo: ToClean) {
        let first_version = self.next_version;
        self.next_version += todo.len() as u64;
        let cleaner = Cleaner {
            index: &self.index,
            config: &self.site.config,
            template: &self.template,
        };
        let budget = ByteBudget::default();
        let next = std::sync::atomic::AtomicU64::new(first_version);
        let clean_one = |path: &Path, doc: Document| {
            let _bytes = budget.take(doc.body.len());
            let mut p = cleaner.process(&doc);
            if let Some(a) = p.article.as_mut() {
                a.version = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            (path.to_path_buf(), doc.id, p.warnings, p.article)
        };
        let root = self.site.root.clone();
        let results: Vec<(PathBuf, DocId, Vec<Warning>, Option<Article>)> =
            todo.each_batch(&root, &self.fields, &clean_one);
        self.site.cleaned = results.len();
        let mut articles = Vec::with_capacity(results.len());
        for (path, id, warnings, article) in results {
            if let Some(t) = self.files.get_mut(&path).and_then(|f| f.docs.get_mut(&id)) {
                t.warnings = warnings;
            }
            articles.extend(article);
        }
        let delta = Delta {
            stale,
            fresh: articles,
        };
        passes::run(&mut self.site, delta, &mut self.passes);
        self.site.warnings = self
            .listing_warnings
            .iter()
            .chain(self.files.values().flat_map(|f| {
                f.warnings
                    .iter()
                    .chain(f.docs.values().flat_map(|d| &d.warnings))
            }))
            .cloned()
            .collect();
    }
}

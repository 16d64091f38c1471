//! Rebuilds for the dev server: redo only what a change touches, write only what changed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::livereload::Notice;
use super::watch::Change;
use crate::build;
use crate::error::{Result, Warning};
use crate::output::sync::{LiveOutput, Manifest, Op};
use crate::output::{self, OutputDir};
use crate::render::{self, Collected, RenderCache, Templates};
use crate::site::{Assembler, Site};

/// Keeps the last good site, templates and output manifest between rebuilds.
pub struct Builder {
    root: PathBuf,
    out: OutputDir,
    site: Option<Assembler>,
    templates: Option<Templates>,
    manifest: Manifest,
    pages: RenderCache,
    live: Option<LiveOutput>,
    /// Static files left out by the last plan, repeated with every rebuild's warnings.
    static_warnings: Vec<crate::error::Warning>,
}

/// What a successful (re)build did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What open pages should do; `None` when nothing in the output changed.
    pub notice: Option<Notice>,
    /// One line for the terminal.
    pub summary: String,
    /// Warnings about single inputs.
    pub warnings: Vec<Warning>,
    /// Time taken.
    pub elapsed: Duration,
}

impl Builder {
    /// Prepares a builder for the site at `root` writing to `out` (already claimed).
    pub fn new(root: &Path, out: &OutputDir) -> Builder {
        Builder {
            root: root.to_path_buf(),
            out: out.clone(),
            site: None,
            templates: None,
            manifest: Manifest::default(),
            pages: RenderCache::default(),
            live: None,
            static_warnings: Vec::new(),
        }
    }

    /// Full build, swapped in atomically like `briefing build`.
    pub fn initial(&mut self) -> Result<Outcome> {
        let started = Instant::now();
        self.site = None;
        self.live = None;
        let live = Assembler::load(&self.root)?;
        let site = live.site();
        self.pages = RenderCache::default();
        let written = build::write_site(site, &self.out, Some(&mut self.pages))?;
        let mut warnings = site.warnings.clone();
        warnings.extend(written.warnings);
        self.manifest = Manifest::default();
        self.manifest.record_generated(written.files);
        // The build copied the static files; the manifest learns what it copied.
        let (plan, static_warnings) = self.static_plan(site);
        let _ = self.manifest.diff_static(&plan);
        let _ = self.manifest.take_paths_changed();
        self.static_warnings = static_warnings;
        self.live = Some(LiveOutput::start(&self.out)?);
        let topics = build::topic_counts(site);
        let summary = build::Summary {
            articles: site.articles.len(),
            out_dir: &self.out.given,
            elapsed: started.elapsed(),
            topics: &topics,
            warnings: warnings.len(),
        }
        .to_string();
        self.site = Some(live);
        self.templates = Some(written.templates);
        Ok(Outcome {
            notice: Some(Notice::Reload),
            summary,
            warnings,
            elapsed: started.elapsed(),
        })
    }

    /// Rebuilds after `change`; on error the last good output stays in place.
    pub fn rebuild(&mut self, change: &Change) -> Result<Outcome> {
        if self.site.is_none() || self.templates.is_none() && !change.templates {
            // The last build failed part-way: redo everything.
            return self.initial();
        }
        let started = Instant::now();
        let mut parts = Vec::new();
        let content_changed = change.config || change.seeds || change.templates;
        if change.config {
            // Settings shape every article: start again.
            self.site = None;
            self.site = Some(Assembler::load(&self.root)?);
        } else if change.seeds {
            let live = self
                .site
                .as_mut()
                .unwrap_or_else(|| unreachable!("checked above"));
            let seeds = self.root.join(&live.site().config.dirs.seeds);
            let paths: Vec<PathBuf> = change
                .paths
                .iter()
                .map(|rel| self.root.join(rel))
                .filter(|p| p.starts_with(&seeds))
                .collect();
            live.update(&paths)?;
        }
        let Some(site) = self.site.as_ref().map(Assembler::site) else {
            return self.initial();
        };
        if change.config || change.seeds {
            self.check_output(site)?;
            parts.push(format!(
                "re-cleaned {} of {} articles",
                site.cleaned,
                site.articles.len()
            ));
        }
        let dirs = site.config.dirs.clone();
        if change.templates || change.config || self.templates.is_none() {
            self.templates = None;
            self.pages.invalidate();
            self.templates = Some(Templates::load(
                &site.inputs,
                &self.root.join(&dirs.templates),
                &site.config.language,
            )?);
            parts.push("reloaded templates".into());
        }
        let mut ops: Vec<Op> = Vec::new();
        let mut warnings = site.warnings.clone();
        if content_changed {
            let templates = self
                .templates
                .as_ref()
                .unwrap_or_else(|| unreachable!("loaded above"));
            warnings.extend(templates.warnings().iter().cloned());
            let sink = Collected::default();
            let removed = render::render_site_to(site, templates, Some(&mut self.pages), &sink)?;
            let files = sink.into_files();
            let rendered = files.len();
            ops = self.manifest.diff_generated(files, &removed);
            parts.push(format!("rendered {rendered} files, {} changed", ops.len()));
        }
        // Generated pages may have taken or freed a static file's path.
        if change.static_files || change.config || self.manifest.take_paths_changed() {
            let (plan, static_warnings) = self.static_plan(site);
            self.static_warnings = static_warnings;
            let static_ops = self.manifest.diff_static(&plan);
            if change.static_files || !static_ops.is_empty() {
                parts.push(format!("{} static files changed", static_ops.len()));
            }
            ops.extend(static_ops);
        }
        warnings.extend(self.static_warnings.iter().cloned());
        let Some(live) = self.live.as_mut() else {
            return self.initial();
        };
        if let Err(e) = live.apply(&ops) {
            // What is on disk is no longer known: the next change rebuilds in full.
            self.site = None;
            return Err(e);
        }
        // A save that changed no byte of the output tells no page anything.
        let notice = if ops.is_empty() {
            None
        } else if !content_changed && change.css_only {
            Some(Notice::Css)
        } else {
            Some(Notice::Reload)
        };
        Ok(Outcome {
            notice,
            summary: parts.join("; "),
            warnings,
            elapsed: started.elapsed(),
        })
    }

    fn check_output(&self, site: &Site) -> Result<()> {
        output::check_output_dir(
            &self.out.given,
            &self.root,
            &site.config.input_dirs(&self.root),
        )
    }

    /// The static files of the site, after the generated ones (the plan `build` uses).
    fn static_plan(&self, site: &Site) -> (output::StaticPlan, Vec<crate::error::Warning>) {
        let plan = output::statics::plan(
            &site.inputs,
            &self.root.join(&site.config.dirs.static_files),
            self.manifest.generated_paths(),
        );
        let warnings = plan.warnings.clone();
        (plan, warnings)
    }
}

//! `briefing build`: the pipeline from site root to output folder, with a summary.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::BaseUrl;
use crate::error::{Error, Result, Warning};
use crate::fingerprint::fingerprint_bytes;
use crate::output::{self, GeneratedPaths, OutputDir, Staging};
use crate::render::{self, OutputFile, RenderCache, Sink, Templates};
use crate::site::Site;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site root (the folder with site.toml).
    pub root: PathBuf,
    /// Output folder; defaults to `dirs.output` of site.toml under the root.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
    /// Replace the output folder even when briefing did not make it.
    pub force: bool,
}

/// Article count of one topic, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicCount {
    /// Topic slug.
    pub slug: String,
    /// Topic name.
    pub name: String,
    /// Articles in it.
    pub count: usize,
}

/// The one line that `build` ends with and `serve` starts with: articles, where they
/// went, how long it took, each topic's count and the warnings.
#[derive(Debug, Clone, Copy)]
pub struct Summary<'a> {
    /// Articles built.
    pub articles: usize,
    /// Where the site was written.
    pub out_dir: &'a Path,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Articles per topic.
    pub topics: &'a [TopicCount],
    /// Warnings printed before the line.
    pub warnings: usize,
}

impl fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "Built {} article{} into {} in {:.0} ms — topics: ",
            self.articles,
            plural(self.articles),
            self.out_dir.display(),
            self.elapsed.as_secs_f64() * 1000.0
        )?;
        if self.topics.is_empty() {
            f.write_str("none")?;
        }
        for (i, t) in self.topics.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{} {}", t.name, t.count)?;
        }
        write!(f, "; {} warning{}.", self.warnings, plural(self.warnings))
    }
}

/// Each topic of `site` with its article count, in site.toml's order.
pub fn topic_counts(site: &Site) -> Vec<TopicCount> {
    site.config
        .topics
        .iter()
        .map(|t| TopicCount {
            slug: t.slug.clone(),
            name: t.name.clone(),
            count: site.articles_in(&t.slug).count(),
        })
        .collect()
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Articles built.
    pub articles: usize,
    /// Articles per topic.
    pub topics: Vec<TopicCount>,
    /// Problems that did not stop the build.
    pub warnings: Vec<Warning>,
    /// What a careful editor would fix but a draft may lack (articles without a source):
    /// warnings under `--strict`, silent otherwise.
    pub notes: Vec<Warning>,
    /// Files written (static files included).
    pub files: usize,
    /// Where the site was written.
    pub out_dir: PathBuf,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Time of each stage: read + clean + score, render, write.
    pub stages: Vec<(&'static str, Duration)>,
}

impl BuildReport {
    /// The summary line of this build.
    pub fn summary(&self) -> Summary<'_> {
        Summary {
            articles: self.articles,
            out_dir: &self.out_dir,
            elapsed: self.elapsed,
            topics: &self.topics,
            warnings: self.warnings.len(),
        }
    }
}

/// Loads the site at `opts.root` and applies command-line overrides.
pub fn load_site(opts: &BuildOptions) -> Result<Site> {
    let mut site = Site::load(&opts.root)?;
    if let Some(raw) = &opts.base_url {
        site.config.base_url = BaseUrl::parse(raw).map_err(|message| Error::Config {
            path: PathBuf::from("--base-url"),
            line: None,
            message,
        })?;
    }
    Ok(site)
}

/// Resolves the output folder of a build.
pub fn output_dir(opts: &BuildOptions, site: &Site) -> PathBuf {
    opts.out
        .clone()
        .unwrap_or_else(|| opts.root.join(&site.config.dirs.output))
}

/// What [`write_site`] produced.
pub struct Written {
    /// Path and fingerprint of every generated file (recorded only with a cache, for serve).
    pub files: Vec<(String, u64)>,
    /// The compiled templates (kept by `serve` for later rebuilds).
    pub templates: Templates,
    /// Warnings about template and static files left out.
    pub warnings: Vec<Warning>,
    /// Time spent rendering and writing pages (the rest is static files and the swap).
    pub rendered: Duration,
    /// Files written into the new output, static files included.
    pub files_written: usize,
}

/// Renders `site` and swaps it into `out` atomically: nothing is visible unless every
/// page renders, and `out` may not overlap the site's inputs. Pages are written as they
/// are rendered. `pages` (serve) keeps render keys for later rebuilds.
pub fn write_site(
    site: &Site,
    out: &OutputDir,
    pages: Option<&mut RenderCache>,
) -> Result<Written> {
    let root = &site.root;
    output::check_output_dir(&out.given, root, &site.config.input_dirs(root))?;
    let render_started = Instant::now();
    let templates = Templates::load(
        &site.inputs,
        &root.join(&site.config.dirs.templates),
        &site.config.language,
    )?;
    let staging = Staging::new(out)?;
    let sink = Recording {
        staging: &staging,
        seen: pages.is_some().then(Default::default),
        generated: Mutex::default(),
    };
    // Into a fresh staging folder: nothing to remove, whatever the cache says.
    let _gone = render::render_site_to(site, &templates, pages, &sink)?;
    let rendered = render_started.elapsed();
    let generated = sink
        .generated
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let files = sink
        .seen
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .unwrap_or_default();
    let plan = output::statics::plan(
        &site.inputs,
        &root.join(&site.config.dirs.static_files),
        &generated,
    );
    staging.copy_static(&plan)?;
    let mut warnings = templates.warnings().to_vec();
    warnings.extend(plan.warnings);
    let files_written = staging.files_written();
    staging.commit()?;
    Ok(Written {
        files,
        templates,
        warnings,
        rendered,
        files_written,
    })
}

/// Writes into the staging folder, notes every path (static files give way to them)
/// and, for serve, each file's fingerprint.
struct Recording<'a> {
    staging: &'a Staging,
    seen: Option<Mutex<Vec<(String, u64)>>>,
    generated: Mutex<GeneratedPaths>,
}

impl Sink for Recording<'_> {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.generated
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .add(&file.path);
        if let Some(seen) = &self.seen {
            let entry = (file.path.clone(), fingerprint_bytes(&file.bytes));
            seen.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
        }
        self.staging.put(file)
    }
}

/// Builds the site: nothing is written unless every page renders.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let site = load_site(opts)?;
    let loaded = started.elapsed();
    let out_dir = output_dir(opts, &site);
    let out = output::claim(&out_dir, opts.force)?;
    let written = write_site(&site, &out, None)?;
    let mut warnings = site.warnings.clone();
    warnings.extend(written.warnings);
    let notes = site
        .articles
        .iter()
        .filter(|a| a.meta.source.is_none())
        .map(|a| Warning {
            file: a.id.to_string(),
            message: "has no source recorded (its page says \"source not recorded\"); set source in front matter or the export's source field".into(),
        })
        .collect();
    Ok(BuildReport {
        notes,
        articles: site.articles.len(),
        topics: topic_counts(&site),
        warnings,
        files: written.files_written,
        out_dir,
        elapsed: started.elapsed(),
        stages: vec![
            ("read, clean and score", loaded),
            ("render and write pages", written.rendered),
            (
                "static files and swap",
                started.elapsed() - loaded - written.rendered,
            ),
        ],
    })
}

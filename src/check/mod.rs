//! `briefing check`: builds the site in memory, without network or writing, and checks
//! what a reader or a crawler would trip on. Errors: a link or `#anchor` that leads
//! nowhere in the site, a page without a title or description, a `base_url` without a
//! scheme. Warnings: articles without source, date or URL, empty topics, articles in no
//! topic, and every warning of a build.

mod links;
mod page;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::sync::Mutex;

use crate::build::{BuildOptions, load_site};
use crate::config::BaseUrl;
use crate::error::{Error, Result};
use crate::output::statics::{self, GeneratedPaths, StaticSource};
use crate::render::{self, OutputFile, Sink, Templates};
use crate::site::Site;
use links::Resolved;
use page::Page;

/// One problem, naming the page or file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The page (path in the output) or input file concerned.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Problems that fail the check.
    pub errors: Vec<Finding>,
    /// Problems worth fixing that do not fail it.
    pub warnings: Vec<Finding>,
    /// HTML pages checked.
    pub pages: usize,
    /// Links followed (internal ones, each with its anchor).
    pub links: usize,
}

/// Checks the site at `root`. Errors that stop a build (`site.toml`, a template) are
/// returned as errors, with their file and line.
pub fn check(root: &Path) -> Result<CheckReport> {
    let site = load_site(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })?;
    let templates = Templates::load(
        &site.inputs,
        &site.root.join(&site.config.dirs.templates),
        &site.config.language,
    )?;
    let reader = Reader::default();
    render::render_site_to(&site, &templates, None, &reader)?;
    let mut pages = reader.pages.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut files: HashSet<String> = reader.files.into_inner().unwrap_or_else(|e| e.into_inner());
    let generated: GeneratedPaths = files.iter().map(String::as_str).collect();
    let plan = statics::plan(
        &site.inputs,
        &site.root.join(&site.config.dirs.static_files),
        &generated,
    );
    let mut report = CheckReport::default();
    let from_build = site
        .warnings
        .iter()
        .chain(templates.warnings())
        .chain(&plan.warnings);
    report.warnings.extend(from_build.map(|w| Finding {
        file: w.file.clone(),
        message: w.message.clone(),
    }));
    // The site's own HTML files are pages too: their links are followed and their ids
    // are anchors, but a missing title is only a warning (a verification file needs none).
    let mut own_pages = HashSet::new();
    for file in &plan.files {
        files.insert(file.rel.clone());
        if let StaticSource::File(path) = &file.source
            && file.rel.ends_with(".html")
        {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            pages.push(Page::parse(&file.rel, &text));
            own_pages.insert(file.rel.clone());
        }
    }
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    check_base_url(&site.config.base_url, &mut report);
    let by_path: HashMap<&str, &Page> = pages.iter().map(|p| (p.path.as_str(), p)).collect();
    // A template's mistake shows on every page it makes: one line, at the first page.
    let (mut errors, mut warnings) = (Grouped::default(), Grouped::default());
    for page in &pages {
        let heads = if own_pages.contains(&page.path) {
            &mut warnings
        } else {
            &mut errors
        };
        for message in head_findings(page) {
            heads.add(&page.path, message.into());
        }
        for href in &page.links {
            let target = links::resolve(href, &page.path, &site.config.base_url);
            let base = &site.config.base_url.path;
            if let Some(why) = broken_link(href, (&page.path, base), target, &files, &by_path) {
                errors.add(&page.path, why);
            }
        }
        report.links += page.links.len();
    }
    report.pages = pages.len();
    report.errors.extend(errors.findings());
    report.warnings.extend(warnings.findings());
    content_warnings(&site, &mut report);
    Ok(report)
}

/// Receives the rendered files, keeping each page's facts rather than its bytes, so a
/// large site is checked without holding its pages in memory.
#[derive(Default)]
struct Reader {
    pages: Mutex<Vec<Page>>,
    files: Mutex<HashSet<String>>,
}

impl Sink for Reader {
    fn put(&self, file: OutputFile) -> Result<()> {
        if file.path.ends_with(".html") {
            let page = Page::parse(&file.path, &String::from_utf8_lossy(&file.bytes));
            self.pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(page);
        }
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.path);
        Ok(())
    }
}

/// `base_url` must carry a scheme and host, or be `/` (a warning: feeds need the host).
fn check_base_url(base: &BaseUrl, report: &mut CheckReport) {
    let file = crate::config::CONFIG_FILE.to_string();
    if base.absolute.is_some() {
        return;
    }
    if base.path != "/" {
        report.errors.push(Finding {
            file,
            message: format!(
                "base_url {:?} must be an absolute URL with a scheme (https://host/path/) or \"/\"",
                base.path
            ),
        });
    } else {
        report.warnings.push(Finding {
            file,
            message: "base_url is \"/\": the feed and sitemap hold paths, not full URLs; set it to the site's https:// address before publishing".into(),
        });
    }
}

/// A page's missing `<title>` or meta description.
fn head_findings(page: &Page) -> Vec<&'static str> {
    let mut found = Vec::new();
    if page.title.is_empty() {
        found.push("has no <title> (or an empty one)");
    }
    match page.description.as_deref() {
        None => found.push("has no <meta name=\"description\">"),
        Some("") => found.push("has an empty meta description"),
        Some(_) => {}
    }
    found
}

/// Why a link leads nowhere, or `None` when its file (and anchor) exist or it is external.
/// `from` is the page the link is on and the site's base path.
fn broken_link(
    href: &str,
    (from, base): (&str, &str),
    target: Resolved,
    files: &HashSet<String>,
    pages: &HashMap<&str, &Page>,
) -> Option<String> {
    let (path, fragment) = match target {
        Resolved::External => return None,
        Resolved::Outside => {
            return Some(format!(
                "links to {href}, outside the site (its base path is {base})"
            ));
        }
        Resolved::Internal { path, fragment } => (path, fragment),
    };
    // A folder link without its slash (`/topics/x`) is redirected by servers to `x/`.
    let folder = format!("{path}/index.html");
    let file = if files.contains(&path) {
        path
    } else if files.contains(&folder) {
        folder
    } else {
        return Some(format!("links to {href}, which is not in the built site"));
    };
    let fragment = fragment.filter(|f| !f.eq_ignore_ascii_case("top"))?;
    let page = pages.get(file.as_str())?;
    // `#x` is the same mistake on every page that has it; name the page only otherwise.
    let which = if href.starts_with('#') && file == from {
        "the page"
    } else {
        &file
    };
    (!page.ids.contains(&fragment))
        .then(|| format!("links to {href}, but {which} has no id \"{fragment}\""))
}

/// The same broken link on many pages (a template's) is one finding, at its first page.
#[derive(Default)]
struct Grouped {
    order: Vec<String>,
    seen: BTreeMap<String, (String, usize)>,
}

impl Grouped {
    fn add(&mut self, page: &str, message: String) {
        let entry = self.seen.entry(message.clone()).or_insert_with(|| {
            self.order.push(message);
            (page.to_string(), 0)
        });
        entry.1 += 1;
    }

    fn findings(self) -> Vec<Finding> {
        let mut seen = self.seen;
        self.order
            .into_iter()
            .filter_map(|message| {
                let (file, count) = seen.remove(&message)?;
                let message = match count {
                    1 => message,
                    n => format!("{message} (and on {} other pages)", n - 1),
                };
                Some(Finding { file, message })
            })
            .collect()
    }
}

/// `a`, `a or b`, `a, b or c`.
fn list_or(items: &[&str]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// Articles without source, date or URL; topics without articles; articles in no topic.
fn content_warnings(site: &Site, report: &mut CheckReport) {
    for a in &site.articles {
        let missing: Vec<&str> = [
            ("source", a.meta.source.is_none()),
            ("date", a.published.is_none()),
            ("URL", a.meta.url.is_none()),
        ]
        .into_iter()
        .filter_map(|(what, absent)| absent.then_some(what))
        .collect();
        if !missing.is_empty() {
            report.warnings.push(Finding {
                file: a.id.to_string(),
                message: format!("has no {} recorded", list_or(&missing)),
            });
        }
        if a.topics.is_empty() {
            report.warnings.push(Finding {
                file: a.id.to_string(),
                message: "is in no topic (`briefing clean --explain` shows each topic's score)"
                    .into(),
            });
        }
    }
    for t in &site.config.topics {
        if site.articles_in(&t.slug).next().is_none() {
            report.warnings.push(Finding {
                file: crate::config::CONFIG_FILE.into(),
                message: format!("topic {:?} has no articles", t.slug),
            });
        }
    }
}

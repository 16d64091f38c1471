//! Stage 5: turn the site into files — pages through Tera, markdown, feed and sitemap.

pub mod context;
pub mod feeds;
pub mod html;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::fingerprint::fingerprint;
use crate::site::Site;
use context::Views;

/// Templates every site needs; a site that lacks one gets the built-in copy.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("404.html", include_str!("../../templates/404.html")),
];

/// Articles in the home page's `latest` list.
const LATEST: usize = 10;

/// Stylesheet used when the site's static/ folder has no style.css.
pub const BUILTIN_STYLESHEET: &str = include_str!("../../static/style.css");

/// A file of the built site, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path with `/` separators, e.g. `topics/us-ties/index.html`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    fn new(path: impl Into<String>, text: String) -> Self {
        OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
        }
    }
}

/// Compiled templates and where each came from (for error messages).
pub struct Templates {
    tera: Tera,
    origins: BTreeMap<String, PathBuf>,
}

impl Templates {
    /// Loads every `.html` template under `dir`, filling gaps with the built-in defaults.
    pub fn load(dir: &Path) -> Result<Templates> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        if dir.is_dir() {
            for entry in WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
            {
                let path = entry.path();
                let is_html = path.extension().is_some_and(|e| e == "html");
                if !entry.file_type().is_file() || !is_html || crate::sources::is_editor_temp(path)
                {
                    continue;
                }
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
                sources.insert(name, (path.to_path_buf(), text));
            }
        }
        for (name, text) in BUILTIN_TEMPLATES {
            sources.entry((*name).to_string()).or_insert_with(|| {
                (
                    PathBuf::from(format!("<built-in {name}>")),
                    (*text).to_string(),
                )
            });
        }
        let origins: BTreeMap<String, PathBuf> = sources
            .iter()
            .map(|(n, (p, _))| (n.clone(), p.clone()))
            .collect();
        let mut tera = Tera::new();
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(e, &origins, dir))?;
        Ok(Templates { tera, origins })
    }

    fn render(&self, name: &str, ctx: &Context) -> Result<String> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(e, &self.origins, Path::new(name)))
    }
}

/// Maps Tera's error to one naming the template file and line.
fn template_error(err: tera::Error, origins: &BTreeMap<String, PathBuf>, fallback: &Path) -> Error {
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Error::Template {
                path: origins
                    .get(report.filename())
                    .cloned()
                    .unwrap_or_else(|| fallback.to_path_buf()),
                line: Some(report.span().start_line),
                // Tera's report repeats the message on its first line, then shows the source.
                message: format!(
                    "{}\n{}",
                    report.message(),
                    err.to_string()
                        .lines()
                        .skip(1)
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            }
        }
        _ => Error::Template {
            path: fallback.to_path_buf(),
            line: None,
            message: err.to_string(),
        },
    }
}

/// Renders every page and generated file of the site.
pub fn render_site(site: &Site, templates: &Templates) -> Result<Vec<OutputFile>> {
    render_site_cached(site, templates, None)
}

/// Article pages kept between `serve` rebuilds: an article whose cleaned document and
/// navigation are unchanged is not rendered again.
#[derive(Debug, Default)]
pub struct RenderCache {
    nav: u64,
    articles: HashMap<String, CachedArticle>,
}

#[derive(Debug, Clone)]
struct CachedArticle {
    key: u64,
    body: String,
    page: String,
    markdown: String,
}

/// Like [`render_site`], reusing (and refreshing) the article pages of `cache`. The cache
/// must be dropped when the templates change.
pub fn render_site_cached(
    site: &Site,
    templates: &Templates,
    cache: Option<&mut RenderCache>,
) -> Result<Vec<OutputFile>> {
    let views = Views::new(site);
    let mut base = Context::new();
    base.insert("site", &views.site());
    base.insert("topics", &views.topics());
    // Article pages show the site settings and the topic list with counts.
    let nav = fingerprint(&[&format!("{:?}{:?}", views.site(), views.topics())]);
    let mut cache = cache;
    if let Some(c) = cache.as_deref_mut()
        && c.nav != nav
    {
        c.articles.clear();
        c.nav = nav;
    }
    let previous = cache.as_deref();
    let articles: Vec<(String, CachedArticle)> = site
        .articles
        .par_iter()
        .map(|article| {
            let markdown = article.to_markdown();
            let key = fingerprint(&[&article.slug, &markdown]);
            if let Some(hit) = previous
                .and_then(|c| c.articles.get(&article.slug))
                .filter(|h| h.key == key)
            {
                return Ok((article.slug.clone(), hit.clone()));
            }
            let body = html::markdown_to_html(&article.body_markdown);
            let mut ctx = base.clone();
            ctx.insert("article", &views.article(article, body.clone()));
            ctx.insert("current_path", &format!("articles/{}/", article.slug));
            let page = templates.render("article.html", &ctx)?;
            Ok((
                article.slug.clone(),
                CachedArticle {
                    key,
                    body,
                    page,
                    markdown,
                },
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let bodies: Vec<String> = articles.iter().map(|(_, a)| a.body.clone()).collect();
    let mut files: Vec<OutputFile> = Vec::with_capacity(articles.len() * 2 + 16);
    for (slug, a) in &articles {
        files.push(OutputFile::new(
            format!("articles/{slug}/index.html"),
            a.page.clone(),
        ));
        files.push(OutputFile::new(
            format!("articles/{slug}/index.md"),
            a.markdown.clone(),
        ));
    }
    if let Some(c) = cache {
        c.articles = articles.into_iter().collect();
    }

    let per_page = site.config.pagination.per_page.max(1);
    for topic in &site.config.topics {
        let entries = views.entries(&topic.slug);
        let total = entries.len().div_ceil(per_page).max(1);
        let view = views.topic(topic);
        let pages: Vec<usize> = (1..=total).collect();
        let rendered = pages
            .par_iter()
            .map(|&n| {
                let mut ctx = base.clone();
                let start = (n - 1) * per_page;
                ctx.insert("topic", &view);
                ctx.insert(
                    "entries",
                    &entries[start..(start + per_page).min(entries.len())],
                );
                ctx.insert("pagination", &views.pagination(&topic.slug, n, total));
                ctx.insert("current_path", &context::topic_page_path(&topic.slug, 1));
                let path = format!("{}index.html", context::topic_page_path(&topic.slug, n));
                Ok(OutputFile::new(path, templates.render("topic.html", &ctx)?))
            })
            .collect::<Result<Vec<_>>>()?;
        files.extend(rendered);
    }

    let mut ctx = base.clone();
    // The home page lists a few articles per topic; the full lists are on topic pages.
    let latest: Vec<_> = site
        .articles
        .iter()
        .take(LATEST)
        .map(|a| views.summary(a))
        .collect();
    let untopical: Vec<_> = site
        .articles
        .iter()
        .filter(|a| a.topics.is_empty())
        .map(|a| views.summary(a))
        .collect();
    ctx.insert("sections", &views.sections());
    ctx.insert("latest", &latest);
    ctx.insert("untopical", &untopical);
    ctx.insert("current_path", "");
    files.push(OutputFile::new(
        "index.html",
        templates.render("index.html", &ctx)?,
    ));

    let mut ctx = base;
    ctx.insert("current_path", "404.html");
    files.push(OutputFile::new(
        "404.html",
        templates.render("404.html", &ctx)?,
    ));

    files.push(OutputFile::new("atom.xml", feeds::atom(site, &bodies)));
    files.push(OutputFile::new("sitemap.xml", feeds::sitemap(site)));
    Ok(files)
}

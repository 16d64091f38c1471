//! Compiled Tera templates: the site's own, with built-in copies for any it lacks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::error::{Error, Result, Warning};
use crate::paths::{SiteRoot, is_editor_temp};

/// Templates every site needs; a site that lacks one gets the built-in copy.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("article.html", include_str!("../../templates/article.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
];

/// Compiled templates and where each came from (for error messages).
pub struct Templates {
    tera: Tera,
    origins: BTreeMap<String, PathBuf>,
    warnings: Vec<Warning>,
}

impl Templates {
    /// Loads every `.html` template under `dir`, filling gaps with the built-in defaults.
    /// Links that leave the site root are skipped with a warning, as seeds are.
    /// `language` is the site's: the `date` filter's default for month and day names.
    pub fn load(inputs: &SiteRoot, dir: &Path, language: &str) -> Result<Templates> {
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let (found, warnings) = inputs.list_files(dir);
        for f in found {
            let path = &f.path;
            let is_html = path.extension().is_some_and(|e| e == "html");
            if !is_html || f.hidden || is_editor_temp(path) {
                continue;
            }
            let name = f.rel.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            sources.insert(name, (path.to_path_buf(), text));
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
        tera.set_escape_fn(super::escape::escape_html);
        super::filters::register(&mut tera, language);
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| {
                unclosed_block(&e, &sources).unwrap_or_else(|| template_error(e, &origins, dir))
            })?;
        Ok(Templates {
            tera,
            origins,
            warnings,
        })
    }

    /// Template files that were skipped (links out of the site root), one warning each.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    pub(super) fn render(&self, name: &str, ctx: &Context) -> Result<String> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(e, &self.origins, Path::new(name)))
    }
}

/// For a syntax error after a block tag that is never closed, an error at that tag's line
/// naming it: Tera stops where it gave up looking for the end tag, which can be far below.
fn unclosed_block(
    err: &tera::Error,
    sources: &BTreeMap<String, (PathBuf, String)>,
) -> Option<Error> {
    let tera::ErrorKind::SyntaxError(report) = err.kind() else {
        return None;
    };
    let (path, text) = sources.get(report.filename())?;
    let open = super::blocks::unclosed(text)?;
    let stopped = report.span().start_line;
    if open.line > stopped {
        return None;
    }
    Some(Error::Template {
        path: path.clone(),
        line: Some(open.line),
        message: format!(
            "{} is never closed: no {{% end{} %}} for it before line {stopped} (Tera: {})",
            open.tag,
            open.keyword,
            report.message()
        ),
    })
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

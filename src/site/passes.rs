//! Site passes: the work done over the whole set of articles once they are cleaned, in a
//! fixed order, after a full load and after every update alike.
//!
//! Each pass names what it needs; a pass whose inputs did not change keeps its result.
//! `build` and `serve` run the same passes, so the two cannot drift apart.

use std::collections::{BTreeSet, HashMap};

use super::Site;
use super::layer::{self, FeatureCache};
use crate::article::Article;
use crate::slug::SlugRegistry;
use crate::sources::DocId;

/// What changed in the articles: the documents whose articles are replaced, and the
/// fresh articles (none for a document that went or lost all its text).
pub struct Delta<'a> {
    /// Documents cleaned again, added or removed.
    pub stale: &'a BTreeSet<DocId>,
    /// Their new articles.
    pub fresh: Vec<Article>,
}

/// What one pass reads, so that it runs only when that changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Titles, front-matter slugs and the set of documents.
    Identity,
    /// Publication dates and the set of documents.
    Order,
    /// Articles' text, topics and dates (and the order, which indices follow).
    Content,
}

/// A site pass: its name and what it reads.
#[derive(Debug, Clone, Copy)]
pub struct Pass {
    /// Shown in timings and explanations.
    pub name: &'static str,
    /// What must have changed for it to run.
    pub needs: Needs,
}

/// The passes in the order they run.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "slugs",
        needs: Needs::Identity,
    },
    Pass {
        name: "order",
        needs: Needs::Order,
    },
    Pass {
        name: "stories and key points",
        needs: Needs::Content,
    },
];

/// What the passes keep between runs (`serve` runs them after every edit).
#[derive(Default)]
pub struct PassState {
    features: FeatureCache,
}

/// Merges `delta` into the site's articles and runs the passes that it touches.
pub fn run(site: &mut Site, delta: Delta, state: &mut PassState) {
    if delta.stale.is_empty() {
        return; // nothing changed
    }
    let mut fresh = delta.fresh;
    // The common edit changes no title, slug, date or document: slugs and order stand.
    let in_place = fresh.len() == delta.stale.len() && replace_in_place(site, &mut fresh);
    if !in_place {
        site.articles.retain(|a| !delta.stale.contains(&a.id));
        site.articles.append(&mut fresh);
    }
    for pass in PASSES {
        match pass.needs {
            Needs::Identity if !in_place => assign_slugs(&mut site.articles),
            Needs::Order if !in_place => sort_for_display(&mut site.articles),
            Needs::Content => site.layer = layer::compute(site, &mut state.features),
            Needs::Identity | Needs::Order => {}
        }
    }
}

/// The common edit: articles that keep their title, slug and date keep their place and
/// URL, so they replace their old versions without re-sorting or re-slugging the site.
/// Returns false (changing nothing) when any article would move.
fn replace_in_place(site: &mut Site, fresh: &mut Vec<Article>) -> bool {
    let at: HashMap<&DocId, usize> = site
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, i))
        .collect();
    let mut positions = Vec::with_capacity(fresh.len());
    for a in fresh.iter() {
        match at.get(&a.id).map(|&i| (i, &site.articles[i])) {
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
        a.slug = std::mem::take(&mut site.articles[i].slug);
        site.articles[i] = a;
    }
    true
}

/// Slugs are claimed in document order (file, then record key) so that adding a seed or
/// a record never renames another article.
fn assign_slugs(articles: &mut [Article]) {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&a, &b| articles[a].id.cmp(&articles[b].id));
    let mut registry = SlugRegistry::default();
    for i in order {
        let a = &articles[i];
        let wanted = a.meta.slug.clone().unwrap_or_else(|| a.title.clone());
        articles[i].slug = registry.claim(&wanted, &a.id.stem());
    }
}

/// Dated articles first, newest first; undated ones keep document order.
fn sort_for_display(articles: &mut [Article]) {
    articles.sort_by(|a, b| {
        match (&a.published, &b.published) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.id.cmp(&b.id))
    });
}

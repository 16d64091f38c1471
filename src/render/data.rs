//! `briefing.json`: the site's articles, stories and key points as data, for a user's
//! other tools (and the tests). Its fields are documented in docs/templates.md.

use serde::Serialize;

use super::context::Views;
use crate::site::Site;

/// The whole file.
#[derive(Serialize)]
struct Data<'a> {
    /// Format version: bumped when a field changes meaning or goes.
    version: u32,
    title: &'a str,
    base_url: String,
    edition_date: Option<String>,
    articles: Vec<ArticleData<'a>>,
    stories: Vec<StoryData<'a>>,
    topics: Vec<TopicData<'a>>,
}

#[derive(Serialize)]
struct ArticleData<'a> {
    slug: &'a str,
    title: &'a str,
    /// The article's page on this site.
    url: String,
    /// The original report, when known.
    original_url: Option<&'a str>,
    outlet: Option<&'a str>,
    author: Option<&'a str>,
    date: Option<&'a str>,
    topics: &'a [String],
    story: Option<&'a str>,
}

#[derive(Serialize)]
struct StoryData<'a> {
    id: &'a str,
    /// Slug of the article the story is listed under.
    headline: &'a str,
    /// Slugs of every member, the headline first.
    members: Vec<&'a str>,
}

#[derive(Serialize)]
struct TopicData<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    articles: usize,
    key_points: Vec<PointData<'a>>,
}

#[derive(Serialize)]
struct PointData<'a> {
    text: &'a str,
    /// Slug of the cited article.
    article: &'a str,
    /// Id of the cited paragraph on its page (`p3`).
    anchor: String,
    /// Link to that paragraph.
    url: String,
}

/// The JSON text of `briefing.json`.
pub fn briefing_json(site: &Site, views: &Views) -> String {
    let slug = |i: usize| site.articles.get(i).map_or("", |a| a.slug.as_str());
    let data = Data {
        version: 1,
        title: &site.config.title,
        base_url: site.config.base_url.absolute_url(""),
        edition_date: views.edition_date(),
        articles: site
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| ArticleData {
                slug: &a.slug,
                title: &a.title,
                url: views.url(&format!("articles/{}/", a.slug)),
                original_url: a.meta.url.as_deref(),
                outlet: a.meta.source.as_deref(),
                author: a.meta.author.as_deref(),
                date: a.meta.date.as_deref(),
                topics: &a.topics,
                story: site.layer.story(i).map(|s| s.id.as_str()),
            })
            .collect(),
        stories: site
            .layer
            .stories
            .iter()
            .map(|s| StoryData {
                id: &s.id,
                headline: slug(s.headline),
                members: s.members.iter().map(|&m| slug(m)).collect(),
            })
            .collect(),
        topics: site
            .config
            .topics
            .iter()
            .map(|t| TopicData {
                slug: &t.slug,
                name: &t.name,
                url: views.url(&format!("topics/{}/", t.slug)),
                articles: site.articles_in(&t.slug).count(),
                key_points: site
                    .layer
                    .key_points
                    .get(&t.slug)
                    .into_iter()
                    .flatten()
                    .map(|p| PointData {
                        text: &p.text,
                        article: slug(p.article),
                        anchor: format!("p{}", p.block),
                        url: views.url(&format!("articles/{}/#p{}", slug(p.article), p.block)),
                    })
                    .collect(),
            })
            .collect(),
    };
    // Compact: at 10,000 articles the indented form was 7.1 MB, written on every edit.
    let mut out = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

//! Atom feed and sitemap, written directly as XML (no template can break them).

use std::fmt::Write;

use jiff::civil::Date;

use super::context::topic_feed_path;
use crate::article::Article;
use crate::config::TopicConfig;
use crate::date::Published;
use crate::site::Site;

/// Timestamp used when neither the article nor site.toml gives one, to keep builds deterministic.
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// Escapes text for XML content and attributes, dropping every character XML 1.0
/// forbids (controls, U+FFFE, U+FFFF) and the C1 controls it discourages.
pub fn xml_escape(text: &str) -> String {
    // Most values (URLs, slugs, titles) need nothing, and one byte scan says so. C1
    // controls start with the byte 0xC2 and U+FFFE/U+FFFF with 0xEF: those take the
    // careful path.
    let plain = text.bytes().all(|b| {
        !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0x7f | 0xc2 | 0xef)
            && (b >= 0x20 || matches!(b, b'\n' | b'\t' | b'\r'))
    });
    if plain {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Characters XML 1.0 allows, less the C0/C1 controls (tab and line ends stay).
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (!c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// What a feed follows: the whole site or one topic. One writer serves both.
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    /// Output path of the feed: `atom.xml`, `topics/us-ties/atom.xml`.
    pub path: String,
    /// The page the feed follows, relative to the site root (its `alternate` link and
    /// its id): `""`, `topics/us-ties/`.
    pub page: String,
    /// The feed's title.
    pub title: String,
    /// Its subtitle.
    pub subtitle: &'a str,
    /// Its `updated` time: that of the newest article it follows, RFC 3339.
    pub updated: String,
}

impl<'a> Feed<'a> {
    /// The site's feed, following every article.
    pub fn site(site: &'a Site) -> Feed<'a> {
        let c = &site.config;
        Feed {
            path: "atom.xml".into(),
            page: String::new(),
            title: c.title.clone(),
            subtitle: &c.description,
            updated: newest(site, site.articles.iter()),
        }
    }

    /// The feed of one topic, following its articles.
    pub fn topic(site: &'a Site, t: &'a TopicConfig) -> Feed<'a> {
        Feed {
            path: topic_feed_path(&t.slug),
            page: format!("topics/{}/", t.slug),
            title: format!("{}: {}", site.config.title, t.name),
            subtitle: &t.description,
            updated: newest(site, site.articles_in(&t.slug)),
        }
    }
}

/// A feed's or entry's time: the article's date, else site.toml's `updated`.
fn when(site: &Site, a: &Article) -> Option<Published> {
    a.published.or(site.config.updated)
}

/// RFC 3339 time of a date, or the epoch when there is none.
fn stamp(p: Option<Published>) -> String {
    // Times are written from parsed dates only: nothing from an input passes through.
    p.map_or_else(|| EPOCH.to_string(), |p| p.rfc3339())
}

/// The time of the newest of `articles` (site.toml's `updated` when there are none).
fn newest<'a>(site: &Site, articles: impl Iterator<Item = &'a Article>) -> String {
    stamp(
        articles
            .filter_map(|a| when(site, a))
            .max()
            .or(site.config.updated),
    )
}

/// The Atom feed `feed` with `entries` (articles with their cleaned HTML).
pub fn atom(site: &Site, feed: &Feed, entries: &[(&Article, &str)]) -> String {
    let c = &site.config;
    let base = &c.base_url;
    let id_for = |rel: &str| match &base.absolute {
        Some(_) => base.absolute_url(rel),
        None => format!("tag:briefing.invalid,2000:{}{rel}", base.path),
    };
    let mut out = String::new();
    let author = if c.author.is_empty() {
        &c.title
    } else {
        &c.author
    };
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n  <id>{}</id>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n  <generator>briefing</generator>\n",
        xml_escape(&c.language),
        xml_escape(&feed.title),
        xml_escape(feed.subtitle),
        xml_escape(&base.absolute_url(&feed.path)),
        xml_escape(&base.absolute_url(&feed.page)),
        xml_escape(&id_for(&feed.page)),
        feed.updated,
        xml_escape(author),
    );
    for &(article, body) in entries {
        let when = stamp(when(site, article));
        let rel = format!("articles/{}/", article.slug);
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n    <id>{}</id>\n    <updated>{}</updated>\n",
            xml_escape(&article.title),
            xml_escape(&base.absolute_url(&rel)),
            xml_escape(&id_for(&rel)),
            when,
        );
        if let Some(name) = &article.meta.author {
            let _ = writeln!(
                out,
                "    <author><name>{}</name></author>",
                xml_escape(name)
            );
        }
        for slug in &article.topics {
            if let Some(t) = c.topic(slug) {
                let _ = writeln!(
                    out,
                    "    <category term=\"{}\" label=\"{}\"/>",
                    xml_escape(&t.slug),
                    xml_escape(&t.name)
                );
            }
        }
        let _ = write!(
            out,
            "    <summary>{}</summary>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            xml_escape(&article.summary),
            xml_escape(body),
        );
    }
    out.push_str("</feed>\n");
    out
}

/// How many articles a feed carries (`[pagination] feed_entries`; 0 means all).
pub fn entry_limit(site: &Site) -> usize {
    match site.config.pagination.feed_entries {
        0 => usize::MAX,
        n => n,
    }
}

/// `robots.txt`: every page may be crawled, and the sitemap is named. The `Sitemap`
/// line needs an absolute URL, so it is left out when base_url is a bare path (and
/// when the URL holds a space or control character, which would start a new line).
pub fn robots(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut out = String::from("# Written by briefing.\nUser-agent: *\nAllow: /\n");
    let sitemap = base
        .absolute
        .as_ref()
        .map(|_| base.absolute_url("sitemap.xml"))
        .filter(|u| !u.chars().any(|c| c.is_whitespace() || c.is_control()));
    if let Some(url) = sitemap {
        let _ = writeln!(out, "\nSitemap: {url}");
    }
    out
}

/// Most URLs one sitemap file may list (sitemaps.org protocol).
pub const SITEMAP_URLS: usize = 50_000;

/// The sitemap files: `sitemap.xml` listing home, topic and article pages, or, past
/// `max_urls` pages, `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`…
pub fn sitemaps(site: &Site, max_urls: usize) -> Vec<(String, String)> {
    let base = &site.config.base_url;
    let prefix = xml_escape(&base.absolute_url(""));
    let mut urls: Vec<(&str, &str, Option<Date>)> = vec![("", "", None)];
    urls.extend(
        site.config
            .topics
            .iter()
            .map(|t| ("topics/", t.slug.as_str(), None)),
    );
    urls.extend(
        site.articles
            .iter()
            .map(|a| ("articles/", a.slug.as_str(), a.published.map(|p| p.day()))),
    );
    let parts: Vec<String> = urls
        .chunks(max_urls.max(1))
        .map(|chunk| urlset(&prefix, chunk))
        .collect();
    if parts.len() == 1 {
        return parts
            .into_iter()
            .map(|p| ("sitemap.xml".to_string(), p))
            .collect();
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts.len() {
        index.push_str(&format!(
            "  <sitemap><loc>{prefix}sitemap-{n}.xml</loc></sitemap>\n"
        ));
    }
    index.push_str("</sitemapindex>\n");
    let mut files = vec![("sitemap.xml".to_string(), index)];
    files.extend(
        parts
            .into_iter()
            .enumerate()
            .map(|(i, p)| (format!("sitemap-{}.xml", i + 1), p)),
    );
    files
}

/// One `<urlset>` of (folder, slug, date) entries under `prefix`.
fn urlset(prefix: &str, urls: &[(&str, &str, Option<Date>)]) -> String {
    let mut out = String::with_capacity(200 + urls.len() * (prefix.len() + 110));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    // Written piece by piece: at 100,000 articles, a format! per URL shows in serve's rebuilds.
    for &(dir, slug, date) in urls {
        out.push_str("  <url><loc>");
        out.push_str(prefix);
        out.push_str(dir);
        out.push_str(&xml_escape(slug));
        if !slug.is_empty() {
            out.push('/');
        }
        out.push_str("</loc>");
        if let Some(day) = date {
            let _ = write!(out, "<lastmod>{day}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_sitemaps_become_an_index_of_parts() {
        let site = Site::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let whole = sitemaps(&site, SITEMAP_URLS);
        assert_eq!(whole.len(), 1);
        let locs = |text: &str| text.matches("<loc>").count();
        assert_eq!(locs(&whole[0].1), 1 + 3 + 5);
        // Nine pages, four to a file: an index and three parts.
        let split = sitemaps(&site, 4);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(split[0].1.contains("<sitemapindex"));
        assert!(split[0].1.contains("sitemap-3.xml</loc>"));
        let counts: Vec<usize> = split[1..].iter().map(|(_, t)| locs(t)).collect();
        assert_eq!(counts, [4, 4, 1]);
        let joined: String = split[1..].iter().map(|(_, t)| t.as_str()).collect();
        for (_, text) in &whole {
            for loc in text.split("<loc>").skip(1) {
                assert!(joined.contains(&loc[..loc.find('<').unwrap()]));
            }
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(xml_escape("x\u{fffe}y\u{ffff}z\u{85}！"), "xyz！");
    }
}

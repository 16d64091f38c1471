//! Atom feed and sitemap, written directly as XML (no template can break them).

use std::fmt::Write;

use crate::article::Article;
use crate::site::Site;

/// Timestamp used when neither the article nor site.toml gives one, to keep builds deterministic.
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// Escapes text for XML content and attributes.
pub fn xml_escape(text: &str) -> String {
    // Most values (URLs, slugs, titles) need nothing, and one byte scan says so. C1
    // controls (U+0080–U+009F) start with the byte 0xC2, which takes the careful path.
    let plain = text.bytes().all(|b| {
        !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0x7f | 0xc2)
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
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Turns `YYYY-MM-DD` or an RFC 3339 timestamp into RFC 3339; anything else is `None`.
pub fn rfc3339(date: &str) -> Option<String> {
    let d = date.trim();
    let b = d.as_bytes();
    let is_day = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if !is_day {
        return None;
    }
    if b.len() == 10 {
        return Some(format!("{d}T00:00:00Z"));
    }
    let has_time = b.len() >= 20 && (b[10] == b'T' || b[10] == b' ');
    has_time.then(|| d.replacen(' ', "T", 1))
}

/// The Atom feed of `entries` (the newest articles with their cleaned HTML); its
/// `updated` time is that of the newest article of the whole site.
pub fn atom(site: &Site, entries: &[(&Article, &str)]) -> String {
    let c = &site.config;
    let base = &c.base_url;
    let id_for = |rel: &str| match &base.absolute {
        Some(_) => base.absolute_url(rel),
        None => format!("tag:briefing.invalid,2000:{}{rel}", base.path),
    };
    let fallback = c
        .updated
        .as_deref()
        .and_then(rfc3339)
        .unwrap_or_else(|| EPOCH.to_string());
    let dated = |a: &Article| {
        a.meta
            .date
            .as_deref()
            .and_then(rfc3339)
            .unwrap_or_else(|| fallback.clone())
    };
    let updated = site
        .articles
        .iter()
        .map(dated)
        .max()
        .unwrap_or_else(|| fallback.clone());
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
        xml_escape(&c.title),
        xml_escape(&c.description),
        xml_escape(&base.absolute_url("atom.xml")),
        xml_escape(&base.absolute_url("")),
        xml_escape(&id_for("")),
        updated,
        xml_escape(author),
    );
    for &(article, body) in entries {
        let when = dated(article);
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

/// The sitemap: home, topic and article pages.
pub fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let prefix = xml_escape(&base.absolute_url(""));
    let mut out = String::with_capacity(200 + site.articles.len() * (prefix.len() + 110));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    // Written piece by piece: at 100,000 articles, a format! per URL shows in serve's rebuilds.
    let mut push = |dir: &str, slug: &str, date: Option<&str>| {
        out.push_str("  <url><loc>");
        out.push_str(&prefix);
        out.push_str(dir);
        out.push_str(&xml_escape(slug));
        if !slug.is_empty() {
            out.push('/');
        }
        out.push_str("</loc>");
        if let Some(day) = date.and_then(rfc3339) {
            out.push_str("<lastmod>");
            out.push_str(&day[..10]);
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    };
    push("", "", None);
    for t in &site.config.topics {
        push("topics/", &t.slug, None);
    }
    for a in &site.articles {
        push("articles/", &a.slug, a.meta.date.as_deref());
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_normalise() {
        assert_eq!(
            rfc3339("2025-11-03").as_deref(),
            Some("2025-11-03T00:00:00Z")
        );
        assert_eq!(
            rfc3339("2025-11-03T10:00:00+09:00").as_deref(),
            Some("2025-11-03T10:00:00+09:00")
        );
        assert_eq!(rfc3339("Nov 3"), None);
        assert_eq!(rfc3339("2025-11-0x"), None);
    }

    #[test]
    fn escaping() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}

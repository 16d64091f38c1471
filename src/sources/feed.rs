//! RSS and Atom feeds that carry full text (`content:encoded`, Atom `content`): each entry
//! is a document. Feeds are read whole (they are small); entries without text are one
//! warning each.

use std::io::Read;

use crate::error::Warning;
use crate::fingerprint::fingerprint;
use crate::frontmatter::FrontMatter;

use super::document::{DocId, Document, RecordKey};
use super::read::Item;
use super::{Emit, SourceKind, without_noncharacters};

/// Entries shorter than this (in characters of markup) are a teaser, not the article.
const MIN_BODY: usize = 200;

/// Reads a feed; a file that is no feed at all is one warning.
pub fn read_feed(reader: impl Read, file: &str, emit: Emit) {
    let feed = match feed_rs::parser::parse(reader) {
        Ok(f) => f,
        Err(e) => {
            emit(Item::Warning(Warning {
                file: file.to_string(),
                message: format!("is not an RSS or Atom feed ({e}); skipped"),
            }));
            return;
        }
    };
    let outlet = feed.title.as_ref().map(|t| t.content.trim().to_string());
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let index = i + 1;
        let place = format!("item {index}");
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .filter(|b| b.trim().len() >= MIN_BODY);
        let Some(body) = content.or_else(|| {
            entry
                .summary
                .as_ref()
                .map(|s| s.content.clone())
                .filter(|b| b.trim().len() >= MIN_BODY)
        }) else {
            emit(Item::Warning(Warning {
                file: format!("{file}, {place}"),
                message: "carries no article text (only a title or a short summary; a feed needs content:encoded or Atom content); skipped".into(),
            }));
            continue;
        };
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .map(|l| l.href.clone())
            .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
        let date = entry.published.or(entry.updated).map(|d| d.to_rfc3339());
        let authors: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|p| p.name.clone())
            .collect();
        let title = entry.title.as_ref().map(|t| t.content.trim().to_string());
        let hash = fingerprint(&(&title, &body, &link, &date));
        let key = match (&link, entry.id.is_empty()) {
            (Some(url), _) => RecordKey::Url(url.clone()),
            (None, false) => RecordKey::Id(entry.id.clone()),
            (None, true) => RecordKey::Index(index),
        };
        emit(Item::Doc(Document {
            id: DocId {
                file: file.to_string(),
                record: Some(key),
            },
            place,
            kind: SourceKind::Html,
            body: without_noncharacters(body),
            body_line: 1,
            meta: FrontMatter {
                title,
                date,
                source: outlet.clone(),
                url: link,
                author: (!authors.is_empty()).then(|| authors.join(", ")),
                ..FrontMatter::default()
            },
            hash,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_content_encoded_and_atom_content_become_documents() {
        let body = "<p>".to_string() + &"Officials met in Seoul on Monday. ".repeat(10) + "</p>";
        let rss = format!(
            r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Times</title>
            <item><title>Talks resume</title><link>https://ht.example/talks</link><pubDate>Mon, 03 Nov 2025 09:00:00 +0900</pubDate><content:encoded><![CDATA[{body}]]></content:encoded></item>
            <item><title>Teaser only</title><link>https://ht.example/t</link><description>Short.</description></item>
            </channel></rss>"#
        );
        let (mut docs, mut warnings) = (Vec::new(), Vec::new());
        read_feed(rss.as_bytes(), "f.xml", &mut |r| match r {
            Item::Doc(d) => docs.push(d),
            Item::Warning(w) => warnings.push(w),
            Item::Unchanged { .. } => {}
        });
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.meta.title.as_deref(), Some("Talks resume"));
        assert_eq!(d.meta.source.as_deref(), Some("Harbour Times"));
        assert_eq!(d.meta.date.as_deref(), Some("2025-11-03T00:00:00+00:00"));
        assert_eq!(
            d.id.record,
            Some(RecordKey::Url("https://ht.example/talks".into()))
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].file, "f.xml, item 2");

        let atom = format!(
            r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x</id><updated>2025-11-04T00:00:00Z</updated>
            <entry><title>Atom story</title><id>urn:1</id><updated>2025-11-04T00:00:00Z</updated><author><name>Park Ji-won</name></author><content type="html">{}</content></entry></feed>"#,
            body.replace('<', "&lt;").replace('>', "&gt;")
        );
        let mut docs = Vec::new();
        read_feed(atom.as_bytes(), "a.atom", &mut |r| {
            if let Item::Doc(d) = r {
                docs.push(d)
            }
        });
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].meta.author.as_deref(), Some("Park Ji-won"));
        assert!(docs[0].body.starts_with("<p>Officials"));
    }
}

//! WARC archives (`wget --warc-file`, browsertrix…), plain or gzipped: each `response`
//! record holding an HTML page is a document. Records are streamed; other records and
//! other payloads are skipped without being read into memory.

use std::io::{BufRead, BufReader, Read};

use warc::{RecordType, WarcHeader, WarcReader};

use crate::error::Warning;
#[cfg(test)]
use crate::fingerprint::fingerprint;
use crate::fingerprint::fingerprint_bytes;
use crate::frontmatter::FrontMatter;

use super::document::{DocId, Document, RecordKey};
use super::read::Item;
use super::{Emit, MAX_SEED_BYTES, SourceKind, decode, without_noncharacters};

/// Reads a WARC archive; `gzipped` for `.warc.gz` (a series of gzip members).
pub fn read_warc(reader: impl Read, gzipped: bool, file: &str, emit: Emit) {
    let reader: Box<dyn BufRead> = if gzipped {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(reader)))
    } else {
        Box::new(BufReader::new(reader))
    };
    let mut warc = WarcReader::new(reader);
    let mut records = warc.stream_records();
    let mut index = 0;
    while let Some(next) = records.next_item() {
        index += 1;
        let place = format!("record {index}");
        let record = match next {
            Ok(r) => r,
            Err(e) => {
                emit(Item::Warning(Warning {
                    file: format!("{file}, {place}"),
                    message: format!(
                        "cannot be read ({e}); the archive is cut short or damaged here, the {} record{} before it are read",
                        index - 1,
                        if index == 2 { "" } else { "s" }
                    ),
                }));
                return;
            }
        };
        let is_http_response = *record.warc_type() == RecordType::Response
            && record
                .header(WarcHeader::ContentType)
                .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/http"));
        if !is_http_response || record.content_length() > MAX_SEED_BYTES {
            continue; // skipped unread by the next call
        }
        let url = record
            .header(WarcHeader::TargetURI)
            .map(|u| u.trim_matches(['<', '>', ' ']).to_string())
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
        let Ok(buffered) = record.into_buffered() else {
            emit(Item::Warning(Warning {
                file: format!("{file}, {place}"),
                message: format!(
                    "is cut short: the archive ends inside it (a truncated download?); the {} record{} before it are read",
                    index - 1,
                    if index == 2 { "" } else { "s" }
                ),
            }));
            return;
        };
        let Some(page) = html_payload(buffered.body()) else {
            continue; // not an HTML page (an image, a redirect, a stylesheet…)
        };
        let text = match decode(&page) {
            Ok(t) => without_noncharacters(t),
            Err(message) => {
                emit(Item::Warning(Warning {
                    file: format!("{file}, {place}"),
                    message,
                }));
                continue;
            }
        };
        let key = match &url {
            Some(u) => RecordKey::Url(u.clone()),
            None => RecordKey::Index(index),
        };
        emit(Item::Doc(Document {
            id: DocId {
                file: file.to_string(),
                record: Some(key),
            },
            place,
            kind: SourceKind::Html,
            hash: fingerprint_bytes(text.as_bytes()),
            body: text,
            body_line: 1,
            meta: FrontMatter {
                url,
                ..FrontMatter::default()
            },
        }));
    }
}

/// The body of a successful HTTP response whose type is HTML, decoded from its transfer
/// and content encodings.
fn html_payload(http: &[u8]) -> Option<Vec<u8>> {
    let split = http.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&http[..split]).ok()?;
    let mut lines = head.lines();
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    if status != 200 {
        return None;
    }
    let (mut html, mut chunked, mut gzip) = (false, false, false);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => html = value.starts_with("text/html") || value.contains("xhtml"),
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => gzip = value.contains("gzip"),
            _ => {}
        }
    }
    if !html {
        return None;
    }
    let mut body = http[split + 4..].to_vec();
    if chunked {
        body = dechunk(&body)?;
    }
    if gzip {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .take(MAX_SEED_BYTES)
            .read_to_end(&mut out)
            .ok()?;
        body = out;
    }
    Some(body)
}

/// Undoes HTTP/1.1 chunked transfer encoding.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, content_type: &str, payload: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\nWARC-Date: 2025-11-03T00:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            fingerprint(uri) as u32,
            payload.len()
        )
        .into_bytes();
        out.extend_from_slice(payload);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    #[test]
    fn response_records_with_html_are_pages() {
        let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Talks resumed.</p></body></html>";
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n<p>Hi \r\n9\r\nthere</p>\r\n0\r\n\r\n";
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        let mut warc = record(
            "request",
            "https://a.example/x",
            "application/http; msgtype=request",
            b"GET /x HTTP/1.1\r\n\r\n",
        );
        warc.extend(record(
            "response",
            "https://a.example/x",
            "application/http; msgtype=response",
            page,
        ));
        warc.extend(record(
            "response",
            "https://a.example/logo.png",
            "application/http; msgtype=response",
            image,
        ));
        warc.extend(record(
            "response",
            "https://a.example/y",
            "application/http; msgtype=response",
            chunked,
        ));
        let mut docs = Vec::new();
        read_warc(&warc[..], false, "c.warc", &mut |r| match r {
            Item::Doc(d) => docs.push(d),
            other => panic!("{other:?}"),
        });
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].meta.url.as_deref(), Some("https://a.example/x"));
        assert!(docs[0].body.contains("Talks resumed."));
        assert_eq!(docs[1].body, "<p>Hi there</p>");
        assert_eq!(docs[1].place, "record 4");

        // Gzipped, and cut short: the records before the cut are read, then one warning.
        let mut gz = Vec::new();
        for r in [
            record("response", "https://a.example/x", "application/http", page),
            record("response", "https://a.example/z", "application/http", page),
        ] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            std::io::Write::write_all(&mut e, &r).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let cut = &gz[..gz.len() - 30];
        let (mut docs, mut warnings) = (Vec::new(), Vec::new());
        read_warc(cut, true, "c.warc.gz", &mut |r| match r {
            Item::Doc(d) => docs.push(d),
            Item::Warning(w) => warnings.push(w),
            Item::Unchanged { .. } => {}
        });
        assert_eq!(docs.len(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("cut short"), "{warnings:?}");
    }
}

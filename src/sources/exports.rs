//! Scrapers' exports of many records: JSON Lines, a JSON array, CSV. Each is read as a
//! stream, one record at a time, so a file of a gigabyte never sits in memory whole.

use std::io::{BufRead, Read};

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde_json::Value;

use crate::error::Warning;

use super::document::Document;
use super::fields::{FieldMap, Position, to_document};
use super::read::{Item, Known};
use super::{Emit, MAX_SEED_BYTES, without_noncharacters};
use crate::fingerprint::fingerprint_bytes;

/// What a record warning says about where it is.
fn warn(file: &str, at: Position, message: impl Into<String>) -> Warning {
    Warning {
        file: format!("{file}, {}", at.place()),
        message: message.into(),
    }
}

/// One JSON record (an object) as a document.
fn object_document(
    value: Value,
    fields: &FieldMap,
    file: &str,
    at: Position,
    raw: &[u8],
) -> Result<Document, Warning> {
    let Value::Object(map) = value else {
        return Err(warn(
            file,
            at,
            "is not a JSON object (a record needs named fields); skipped",
        ));
    };
    to_document(&map, fields, file, at, raw)
        .map(clean_text)
        .map_err(|m| warn(file, at, m))
}

/// Noncharacters never reach the cleaner, whatever the format.
fn clean_text(mut doc: Document) -> Document {
    doc.body = without_noncharacters(std::mem::take(&mut doc.body));
    doc
}

/// JSON Lines (`.jsonl`, `.ndjson`): one object per line. A bad line is one warning;
/// the lines after it are still read.
pub fn read_json_lines(
    mut reader: impl BufRead,
    fields: &FieldMap,
    file: &str,
    known: Known,
    emit: Emit,
) {
    let mut line_no = 0;
    let mut index = 0;
    // Lines are read as bytes (one with broken UTF-8 is reported, not fatal), into one
    // buffer: `serve` reads the whole export again on every save, and a fresh vector a
    // line cost an allocation and a page fault per record.
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        let read = reader.read_until(b'\n', &mut bytes);
        line_no += 1;
        let at = Position {
            index: index + 1,
            line: Some(line_no),
        };
        match read {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => {
                emit(Item::Warning(warn(
                    file,
                    at,
                    format!("cannot be read ({e}); the rest of the file is skipped"),
                )));
                return;
            }
        };
        let trimmed = bytes.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        index += 1;
        if trimmed.len() as u64 > MAX_SEED_BYTES {
            emit(Item::Warning(warn(
                file,
                at,
                "is larger than any article (limit 16 MiB); skipped",
            )));
            continue;
        }
        // A line of bytes seen before is the same record: no need to parse it again.
        let hash = fingerprint_bytes(trimmed);
        if let Some(id) = known(hash, line_no) {
            emit(Item::Unchanged { id });
            continue;
        }
        let record = serde_json::from_slice::<Value>(trimmed)
            .map_err(|e| warn(file, at, format!("is not valid JSON ({e}); skipped")))
            .and_then(|v| object_document(v, fields, file, at, trimmed));
        emit(record.into());
    }
}

/// A JSON document: an array of records (Scrapy, Apify), streamed element by element,
/// or a single record.
pub fn read_json(reader: impl Read, fields: &FieldMap, file: &str, emit: Emit) {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut visitor = Elements {
        fields,
        file,
        emit,
        count: 0,
    };
    if let Err(e) = (&mut de).deserialize_any(&mut visitor) {
        let at = Position {
            index: visitor.count + 1,
            line: Some(e.line()),
        };
        (visitor.emit)(Item::Warning(warn(
            file,
            at,
            format!("is not valid JSON ({e}); the records before it are read"),
        )));
    }
}

/// Walks the top-level array, handing each element on as soon as it is parsed.
struct Elements<'a, 'b> {
    fields: &'a FieldMap,
    file: &'a str,
    emit: Emit<'b>,
    count: usize,
}

impl<'de> Visitor<'de> for &mut Elements<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of records or one record")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<Value>()? {
            self.count += 1;
            let at = Position {
                index: self.count,
                line: None,
            };
            let raw = serde_json::to_vec(&value).unwrap_or_default();
            (self.emit)(object_document(value, self.fields, self.file, at, &raw).into());
        }
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value = Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        self.count = 1;
        let at = Position {
            index: 1,
            line: None,
        };
        let raw = serde_json::to_vec(&value).unwrap_or_default();
        (self.emit)(object_document(value, self.fields, self.file, at, &raw).into());
        Ok(())
    }
}

use serde::Deserialize;

/// A CSV row looked up by the header's names.
struct Row<'a> {
    headers: &'a csv::StringRecord,
    values: &'a csv::StringRecord,
}

impl super::fields::Record for Row<'_> {
    fn field(&self, name: &str) -> Option<String> {
        let at = self.headers.iter().position(|h| h == name).or_else(|| {
            self.headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        })?;
        self.values
            .get(at)
            .filter(|v| !v.trim().is_empty())
            .map(str::to_string)
    }
}

/// CSV with a header row (spreadsheets): a UTF-8 byte-order mark is skipped, quoted
/// fields may hold newlines, and a row that cannot be parsed is one warning.
pub fn read_csv(reader: impl Read, fields: &FieldMap, file: &str, emit: Emit) {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(SkipBom::new(reader));
    let headers = match csv.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            let at = Position {
                index: 0,
                line: Some(1),
            };
            emit(Item::Warning(warn(
                file,
                at,
                format!("has no readable header row ({e}); skipped"),
            )));
            return;
        }
    };
    let mut values = csv::StringRecord::new();
    let mut index = 0;
    // Lines are counted here: a row with quoted newlines spans several, and the csv
    // crate's record positions differ between CRLF and LF files.
    let newlines = |r: &csv::StringRecord| r.iter().map(|f| f.matches('\n').count()).sum::<usize>();
    let mut line = 2 + newlines(&headers);
    loop {
        index += 1;
        let result = csv.read_record(&mut values);
        let at = Position {
            index,
            line: Some(line),
        };
        line += 1 + if result.is_ok() { newlines(&values) } else { 0 };
        match result {
            Ok(false) => return,
            Ok(true) => {
                let row = Row {
                    headers: &headers,
                    values: &values,
                };
                let raw: Vec<u8> = values
                    .iter()
                    .flat_map(|v| v.bytes().chain([0x1f]))
                    .collect();
                emit(
                    to_document(&row, fields, file, at, &raw)
                        .map(clean_text)
                        .map_err(|m| warn(file, at, m))
                        .into(),
                );
            }
            Err(e) => emit(Item::Warning(warn(
                file,
                at,
                format!("cannot be parsed ({e}); skipped"),
            ))),
        }
    }
}

/// A reader that drops a leading UTF-8 byte-order mark.
struct SkipBom<R> {
    inner: R,
    started: bool,
    held: Vec<u8>,
}

impl<R: Read> SkipBom<R> {
    fn new(inner: R) -> Self {
        SkipBom {
            inner,
            started: false,
            held: Vec::new(),
        }
    }
}

impl<R: Read> Read for SkipBom<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.started {
            self.started = true;
            let mut head = [0u8; 3];
            let mut got = 0;
            while got < 3 {
                match self.inner.read(&mut head[got..])? {
                    0 => break,
                    n => got += n,
                }
            }
            if head[..got] != [0xef, 0xbb, 0xbf] {
                self.held = head[..got].to_vec();
            }
        }
        if !self.held.is_empty() {
            let n = self.held.len().min(buf.len());
            buf[..n].copy_from_slice(&self.held[..n]);
            self.held.drain(..n);
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SourcesConfig;

    fn collect(read: impl FnOnce(Emit)) -> (Vec<Document>, Vec<Warning>) {
        let (mut docs, mut warnings) = (Vec::new(), Vec::new());
        read(&mut |r| match r {
            Item::Doc(d) => docs.push(d),
            Item::Warning(w) => warnings.push(w),
            Item::Unchanged { .. } => {}
        });
        (docs, warnings)
    }

    #[test]
    fn json_lines_keep_going_after_a_bad_line() {
        let fields = FieldMap::new(&SourcesConfig::default());
        let text = "{\"title\":\"A\",\"text\":\"One.\"}\n\nnot json\n[1,2]\n{\"title\":\"No body\"}\n{\"title\":\"B\",\"text\":\"Two.\",\"url\":\"https://x.example/b\"}\n";
        let (docs, warnings) = collect(|e| {
            read_json_lines(
                text.as_bytes(),
                &fields,
                "x.jsonl",
                &crate::sources::read::none_known,
                e,
            )
        });
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].place, "line 6");
        let lines: Vec<&str> = warnings.iter().map(|w| w.file.as_str()).collect();
        assert_eq!(
            lines,
            ["x.jsonl, line 3", "x.jsonl, line 4", "x.jsonl, line 5"]
        );
        assert!(warnings[2].message.contains("no article text"));
    }

    #[test]
    fn json_arrays_stream_and_a_cut_file_keeps_what_came_before() {
        let fields = FieldMap::new(&SourcesConfig::default());
        let text = r#"[{"title":"A","body":"One."}, {"title":"B","body":"Two."}, {"title":"C","bo"#;
        let (docs, warnings) = collect(|e| read_json(text.as_bytes(), &fields, "x.json", e));
        assert_eq!(docs.len(), 2);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("records before it"),
            "{warnings:?}"
        );
    }

    #[test]
    fn csv_with_a_bom_and_quoted_newlines() {
        let fields = FieldMap::new(&SourcesConfig::default());
        let text = "\u{feff}title,text,url\nA,\"Line one.\nLine two.\",https://x.example/a\nB,,\n";
        let (docs, warnings) = collect(|e| read_csv(text.as_bytes(), &fields, "x.csv", e));
        assert_eq!(docs.len(), 1);
        assert_eq!(
            docs[0].meta.title.as_deref(),
            Some("A"),
            "the BOM is not part of 'title'"
        );
        assert_eq!(docs[0].body, "Line one.\nLine two.");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].file, "x.csv, line 4");
    }
}

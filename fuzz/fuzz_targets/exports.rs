//! The export readers (JSON Lines, JSON, CSV, RSS/Atom, WARC plain and gzipped) on
//! arbitrary bytes: they never panic, and every document they give has text.
#![no_main]

use briefing::config::SourcesConfig;
use briefing::sources::{FieldMap, Format, Item, none_known, read_export};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields = FieldMap::new(&SourcesConfig::default());
    for format in [
        Format::JsonLines,
        Format::Json,
        Format::Csv,
        Format::Feed,
        Format::Warc { gzipped: false },
        Format::Warc { gzipped: true },
    ] {
        read_export(format, data, "fuzz", &fields, &none_known, &mut |item| {
            if let Item::Doc(doc) = item {
                assert!(!doc.body.trim().is_empty() || doc.kind == briefing::sources::SourceKind::Html);
            }
        });
    }
});

//! The text cleaner and topic scorer on arbitrary input, as text and as markdown.
#![no_main]

use briefing::clean::{clean, template::SiteTemplate};
use briefing::sources::{SourceKind, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else { return };
    let template = SiteTemplate::learn([text.as_str()]);
    for kind in [SourceKind::Text, SourceKind::Markdown] {
        let cleaned = clean(&text, kind, None, 1, &template);
        let markdown = cleaned.body_markdown();
        let html = briefing::render::html::markdown_to_html(&markdown);
        assert!(!html.to_ascii_lowercase().contains("<script"));
    }
});

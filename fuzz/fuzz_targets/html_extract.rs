//! The web-page extractor (readability + markdown conversion) on arbitrary input.
#![no_main]

use briefing::clean::page::extract;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    let out = extract(&page);
    let _ = out.markdown.len();
});

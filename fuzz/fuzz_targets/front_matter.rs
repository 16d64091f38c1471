//! Front matter splitting and parsing, and its round trip.
#![no_main]

use briefing::frontmatter::{render, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(parsed) = split(&text) {
        let again = format!("{}{}", render(&parsed.front), parsed.body);
        let reparsed = split(&again).expect("rendered front matter parses");
        assert_eq!(reparsed.front, parsed.front);
    }
});

//! Slugs: always URL-safe segments, unique within a registry.
#![no_main]

use briefing::slug::{SlugRegistry, slugify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let slug = slugify(&text);
    assert!(!slug.contains(['/', '\\', '.', ' ', '?', '#', '%']));
    assert!(!slug.starts_with('-') && !slug.ends_with('-'));
    let mut registry = SlugRegistry::default();
    let a = registry.claim(&text, "fallback");
    let b = registry.claim(&text, "fallback");
    assert_ne!(a, b);
    assert!(!a.is_empty());
});

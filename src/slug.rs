//! Readable, stable, unique URL slugs.

use std::collections::HashSet;

/// Longest slug we generate, in characters, so URLs stay readable.
const MAX_SLUG_CHARS: usize = 72;
/// Longest slug in bytes: a slug is a folder name, and file systems allow 255 bytes. A
/// title in a script of four-byte letters (Adlam, many emoji) reaches this first.
const MAX_SLUG_BYTES: usize = 160;

/// Turns a title into a lowercase, dash-separated slug; letters of any script are kept.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        // Apostrophes inside words ("Korea's") should not split the word.
        if matches!(c, '\'' | '’' | '‘') {
            continue;
        }
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    truncate_at_dash(out)
}

/// Cuts a slug to [`MAX_SLUG_CHARS`] characters and [`MAX_SLUG_BYTES`] bytes, on a
/// character boundary and, when one is not too far back, at a dash.
fn truncate_at_dash(slug: String) -> String {
    let mut end = 0;
    for (count, (at, c)) in slug.char_indices().enumerate() {
        if count == MAX_SLUG_CHARS || at + c.len_utf8() > MAX_SLUG_BYTES {
            break;
        }
        end = at + c.len_utf8();
    }
    if end == slug.len() {
        return slug;
    }
    let cut = &slug[..end];
    match cut.rfind('-') {
        Some(i) if i > end / 2 => cut[..i].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

/// True when `s` is non-empty lowercase ASCII letters, digits and single dashes.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Hands out unique slugs, appending `-2`, `-3`… on collisions.
#[derive(Debug, Default)]
pub struct SlugRegistry {
    taken: HashSet<String>,
}

impl SlugRegistry {
    /// Reserves a unique slug derived from `wanted` (or `fallback` when it slugs to nothing).
    pub fn claim(&mut self, wanted: &str, fallback: &str) -> String {
        let mut base = slugify(wanted);
        if base.is_empty() {
            base = slugify(fallback);
        }
        if base.is_empty() {
            base = "article".into();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable() {
        assert_eq!(
            slugify("South Korea’s President Lee Seeks U.S.-Led Restart"),
            "south-koreas-president-lee-seeks-u-s-led-restart"
        );
        assert_eq!(slugify("  --Hello,   World!!  "), "hello-world");
        assert_eq!(slugify("한국 외교"), "한국-외교");
        assert_eq!(slugify("<script>"), "script");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let s = slugify(&"word ".repeat(40));
        assert!(s.len() <= MAX_SLUG_CHARS);
        assert!(s.ends_with("word"));
    }

    #[test]
    fn long_titles_in_wide_scripts_fit_a_file_name() {
        // Adlam letters take four bytes each: 72 of them were 288 bytes.
        let adlam: String = "𞤀𞤁𞤂𞤃𞤄𞤅𞤆𞤇 ".repeat(20);
        let s = slugify(&adlam);
        assert!(s.len() <= MAX_SLUG_BYTES, "{} bytes", s.len());
        assert!(!s.is_empty() && !s.ends_with('-'));
        let mut reg = SlugRegistry::default();
        reg.claim(&adlam, "x");
        assert!(reg.claim(&adlam, "x").len() <= MAX_SLUG_BYTES + 4);
        let one_word: String = "𞤀".repeat(100);
        assert!(slugify(&one_word).len() <= MAX_SLUG_BYTES);
    }

    #[test]
    fn collisions_get_numbers() {
        let mut reg = SlugRegistry::default();
        assert_eq!(reg.claim("Same title", "a"), "same-title");
        assert_eq!(reg.claim("Same Title!", "b"), "same-title-2");
        assert_eq!(reg.claim("same title", "c"), "same-title-3");
        assert_eq!(reg.claim("???", "file name"), "file-name");
        assert_eq!(reg.claim("", ""), "article");
    }

    #[test]
    fn slug_validation() {
        assert!(is_valid_slug("us-ties"));
        assert!(!is_valid_slug("US ties"));
        assert!(!is_valid_slug("-x"));
        assert!(!is_valid_slug(""));
    }
}

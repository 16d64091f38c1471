//! Two extractors' agreement: readability's markdown keeps the lines that trafilatura's
//! extraction of the same page also holds.
//!
//! Each extractor alone keeps some page chrome the other leaves out (a teaser list, a
//! share row, a caption); what both kept is far more often the article. Readability's
//! lines and order are kept, so its headings and lists survive.

use std::collections::HashSet;

/// Share of a line's word pairs that must appear in the other extraction to be kept.
const AGREEMENT: f64 = 0.5;

/// Lower-cased words, split at anything not a letter or digit (so markdown marks vanish).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Adjacent word pairs of a line (a one-word line is its word).
fn pairs(line: &str) -> Vec<String> {
    let w: Vec<String> = words(line).collect();
    if w.len() < 2 {
        return w;
    }
    w.windows(2).map(|p| p.join(" ")).collect()
}

/// Keeps the lines of `primary` that `other` mostly holds too; blank lines and lines
/// without words (rules, table borders) stay. An empty `other` (the second extractor
/// found nothing) leaves `primary` as it is.
pub fn agreed(primary: &str, other: &str) -> String {
    let held: HashSet<String> = other.lines().flat_map(pairs).collect();
    if held.is_empty() {
        return primary.to_string();
    }
    let mut out = String::with_capacity(primary.len());
    for line in primary.lines() {
        let own = pairs(line);
        let shared = own.iter().filter(|p| held.contains(*p)).count();
        if own.is_empty() || shared as f64 >= AGREEMENT * own.len() as f64 {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_only_one_extractor_kept_go() {
        let primary = "## Talks resume\n\nThe two sides met in Seoul on Monday.\n\n\
                       - Most read: Ten cheap flights\n\nThey agreed to meet again.\n";
        let other = "Talks resume\nThe two sides met in Seoul on Monday.\n\
                     They agreed to meet again in March.";
        let kept = agreed(primary, other);
        assert!(kept.contains("## Talks resume"), "{kept}");
        assert!(kept.contains("met in Seoul"), "{kept}");
        assert!(kept.contains("They agreed to meet again."), "{kept}");
        assert!(!kept.contains("Most read"), "{kept}");
    }

    #[test]
    fn nothing_from_the_other_keeps_everything() {
        assert_eq!(agreed("a b\n\nc d\n", ""), "a b\n\nc d\n");
    }
}

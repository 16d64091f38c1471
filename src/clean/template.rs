//! Lines a site prints around every article (its template) show up in several seeds:
//! a short line repeated across files is boilerplate, whatever its language.

use std::collections::{HashMap, HashSet};

/// Longest line (in words) that can count as template.
const MAX_WORDS: usize = 40;
/// Lines this short need to appear in only two files.
const SHORT_WORDS: usize = 12;

/// Normalised lines that recur across the seeds of one site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteTemplate {
    lines: HashSet<u64>,
}

/// The characters that make up a line's identity: letters and digits, lower-cased.
fn key_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(|c| {
        let keep = c.is_alphanumeric();
        // ASCII is by far the common case and lower-cases without a lookup table.
        let (ascii, other) = if c.is_ascii() {
            (keep.then(|| c.to_ascii_lowercase()), None)
        } else {
            (None, keep.then(|| c.to_lowercase()))
        };
        ascii.into_iter().chain(other.into_iter().flatten())
    })
}

/// Hash of [`line_key`], computed without building the key.
pub fn line_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in key_chars(text) {
        h.write_u32(c as u32);
    }
    h.finish()
}

/// Normalised form used to spot repeated lines: letters and digits, lower-cased.
pub fn line_key(text: &str) -> String {
    key_chars(text).collect()
}

impl SiteTemplate {
    /// Learns the template from the texts of all seeds.
    pub fn learn<'a>(texts: impl IntoIterator<Item = &'a str>) -> SiteTemplate {
        let mut files_per_line: HashMap<u64, (usize, usize)> = HashMap::new();
        for text in texts {
            let mut seen = HashSet::new();
            for line in text.lines() {
                let words = line.split_whitespace().count();
                let letters = line.chars().filter(|c| c.is_alphanumeric()).take(3).count();
                if words == 0 || words > MAX_WORDS || letters < 3 {
                    continue;
                }
                let key = line_hash(line);
                if seen.insert(key) {
                    files_per_line.entry(key).or_insert((0, words)).0 += 1;
                }
            }
        }
        let lines = files_per_line
            .into_iter()
            .filter(|(_, (files, words))| *files >= 3 || (*files >= 2 && *words <= SHORT_WORDS))
            .map(|(k, _)| k)
            .collect();
        SiteTemplate { lines }
    }

    /// True when the line recurs across seeds.
    pub fn contains(&self, text: &str) -> bool {
        !self.lines.is_empty() && self.lines.contains(&line_hash(text))
    }

    /// A stable fingerprint, so cached articles are re-cleaned when the template changes.
    pub fn fingerprint(&self) -> u64 {
        let mut sorted: Vec<&u64> = self.lines.iter().collect();
        sorted.sort();
        crate::fingerprint::fingerprint(&sorted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_lines_shared_by_several_files() {
        let a = "Title A\nBody of a that is unique.\nSubscribe to Daily Wire Plus\nShared sentence that is long enough to need three files to count as template text.";
        let b = "Title B\nBody of b.\nSubscribe to Daily Wire Plus\nShared sentence that is long enough to need three files to count as template text.";
        let c = "Title C\nBody of c.";
        let t = SiteTemplate::learn([a, b, c]);
        assert!(t.contains("Subscribe to Daily Wire Plus"));
        assert!(!t.contains(
            "Shared sentence that is long enough to need three files to count as template text."
        ));
        assert!(!t.contains("Title A"));
    }
}

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

/// Hash of [`line_key`], computed without building the key.
pub fn line_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                h.write_u8(c.to_ascii_lowercase() as u8);
            }
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                h.write_u32(l as u32);
            }
        }
    }
    h.finish()
}

/// Normalised form used to spot repeated lines: letters and digits, lower-cased.
pub fn line_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                key.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
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
        use std::hash::{Hash, Hasher};
        let mut sorted: Vec<&u64> = self.lines.iter().collect();
        sorted.sort();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        sorted.hash(&mut h);
        h.finish()
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

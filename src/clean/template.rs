//! Lines a site prints around every article (its template) show up in several seeds:
//! a short line repeated across files is boilerplate, whatever its language.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use rayon::prelude::*;

/// Longest line (in words) that can count as template.
const MAX_WORDS: usize = 40;
/// Lines this short need to appear in only two files.
const SHORT_WORDS: usize = 12;

/// Normalised lines that recur across the seeds of one site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteTemplate {
    lines: LineSet,
}

/// Identity of a line for spotting repeats: a hash of its letters and digits,
/// lower-cased, so "Share this:" and "SHARE THIS" are one line; 0 when it has none.
/// Hashed as it is read (no key string is built): every line of every seed goes through here.
pub fn line_hash(text: &str) -> u64 {
    let mut h = LineHasher::default();
    if text.is_ascii() {
        for chunk in text.as_bytes().chunks(LineHasher::CHUNK) {
            h.extend_ascii(chunk);
        }
    } else {
        // The same byte stream as the ASCII path (lower-cased UTF-8), so a line hashes
        // alike whether or not it holds a non-ASCII symbol.
        let mut utf8 = [0u8; 4];
        for c in text.chars().filter(|c| c.is_alphanumeric()) {
            for l in c.to_lowercase() {
                l.encode_utf8(&mut utf8).bytes().for_each(|b| h.push(b));
            }
        }
    }
    h.finish()
}

/// ASCII letters and digits lower-cased; every other byte 0 (dropped from the key).
static FOLD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// FxHash-style mixing of 8 bytes at a time: one multiply per word rather than per
/// byte keeps the dependency chain short on lines of hundreds of characters. Kept bytes
/// are gathered without branches into a small buffer, then hashed a word at a time.
struct LineHasher {
    hash: u64,
    buf: [u8; Self::CHUNK + 8],
    len: usize,
    any: bool,
}

impl Default for LineHasher {
    fn default() -> Self {
        LineHasher {
            hash: 0,
            buf: [0; Self::CHUNK + 8],
            len: 0,
            any: false,
        }
    }
}

impl LineHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    /// Input bytes gathered before the buffer is hashed.
    const CHUNK: usize = 64;

    fn mix(h: u64, v: u64) -> u64 {
        (h.rotate_left(5) ^ v).wrapping_mul(Self::K)
    }

    /// Adds up to `CHUNK` ASCII bytes, keeping letters and digits.
    fn extend_ascii(&mut self, chunk: &[u8]) {
        for &b in chunk {
            let v = FOLD[usize::from(b & 0x7f)];
            self.buf[self.len] = v;
            self.len += usize::from(v != 0);
        }
        self.drain();
    }

    /// Adds one byte of the key.
    fn push(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
        if self.len >= 8 {
            self.drain();
        }
    }

    /// Hashes the whole words gathered and keeps the rest (under 8 bytes) for later.
    fn drain(&mut self) {
        self.any |= self.len > 0;
        let words = self.len / 8;
        for w in self.buf[..words * 8].chunks_exact(8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.hash = Self::mix(self.hash, u64::from_le_bytes(word));
        }
        self.buf.copy_within(words * 8..self.len, 0);
        self.len -= words * 8;
    }

    fn finish(mut self) -> u64 {
        self.drain();
        if !self.any {
            return 0;
        }
        let mut word = [0u8; 8];
        word[..self.len].copy_from_slice(&self.buf[..self.len]);
        let h = Self::mix(
            Self::mix(self.hash, u64::from_le_bytes(word)),
            self.len as u64,
        );
        h | 1
    }
}

/// A set of [`line_hash`] values: they are hashes already, so no second hashing.
type LineSet = HashSet<u64, std::hash::BuildHasherDefault<Identity>>;

/// Passes a `u64` key through unchanged.
#[derive(Default)]
struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The distinct lines of one seed that could be template, with their word counts.
pub fn candidate_lines(text: &str) -> Vec<(u64, usize)> {
    let mut seen = LineSet::default();
    let mut out = Vec::new();
    for line in text.lines() {
        // Counting stops past the limit: most lines of an article are long paragraphs.
        let words = line.split_whitespace().take(MAX_WORDS + 1).count();
        if words == 0 || words > MAX_WORDS {
            continue;
        }
        let letters = line.chars().filter(|c| c.is_alphanumeric()).take(3).count();
        if letters < 3 {
            continue;
        }
        let key = line_hash(line);
        if seen.insert(key) {
            out.push((key, words));
        }
    }
    out
}

/// For each candidate line: in how many seeds it occurs, and in how many of them it is short.
/// Kept by `serve` and updated seed by seed, so the template is never learned from scratch.
#[derive(Debug, Default)]
pub struct TemplateCounts {
    lines: HashMap<u64, (usize, usize), BuildHasherDefault<Identity>>,
}

impl TemplateCounts {
    /// Counts the candidate lines of one more seed.
    pub fn add(&mut self, lines: &[(u64, usize)]) {
        for &(key, words) in lines {
            let entry = self.lines.entry(key).or_insert((0, 0));
            entry.0 += 1;
            entry.1 += usize::from(words <= SHORT_WORDS);
        }
    }

    /// Forgets the candidate lines of a seed counted before.
    pub fn remove(&mut self, lines: &[(u64, usize)]) {
        for &(key, words) in lines {
            if let Some(entry) = self.lines.get_mut(&key) {
                entry.0 = entry.0.saturating_sub(1);
                entry.1 = entry.1.saturating_sub(usize::from(words <= SHORT_WORDS));
                if entry.0 == 0 {
                    self.lines.remove(&key);
                }
            }
        }
    }

    /// True when the line counts as template: in three seeds, or in two when it is short.
    pub fn is_template(&self, key: u64) -> bool {
        self.lines
            .get(&key)
            .is_some_and(|&(files, short)| files >= 3 || (files >= 2 && short == files))
    }

    /// The template these counts give.
    pub fn template(&self) -> SiteTemplate {
        SiteTemplate {
            lines: self
                .lines
                .keys()
                .copied()
                .filter(|&k| self.is_template(k))
                .collect(),
        }
    }
}

impl SiteTemplate {
    /// Learns the template from the texts of all seeds (in parallel: it reads every line).
    pub fn learn<'a>(texts: impl IntoParallelIterator<Item = &'a str>) -> SiteTemplate {
        let per_file: Vec<Vec<(u64, usize)>> = texts.into_par_iter().map(candidate_lines).collect();
        let mut counts = TemplateCounts::default();
        for lines in &per_file {
            counts.add(lines);
        }
        counts.template()
    }

    /// Makes the line with this [`line_hash`] part of the template or not.
    pub fn set(&mut self, key: u64, member: bool) {
        if member {
            self.lines.insert(key);
        } else {
            self.lines.remove(&key);
        }
    }

    /// True when the line with this [`line_hash`] recurs across seeds.
    pub fn contains_hash(&self, hash: u64) -> bool {
        self.lines.contains(&hash)
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
        let t = SiteTemplate::learn(vec![a, b, c]);
        assert!(t.contains_hash(line_hash("Subscribe to Daily Wire Plus")));
        assert!(!t.contains_hash(line_hash(
            "Shared sentence that is long enough to need three files to count as template text."
        )));
        assert!(!t.contains_hash(line_hash("Title A")));
    }

    #[test]
    fn line_identity_ignores_case_and_punctuation_only() {
        let h = line_hash;
        assert_eq!(h("Share this:"), h("SHARE THIS"));
        // A non-ASCII separator takes the other path and must hash alike.
        assert_eq!(h("Share · this"), h("share this"));
        assert_eq!(h("Ärger über Öl"), h("ÄRGER ÜBER ÖL"));
        assert_ne!(
            h("Subscribe to our newsletter"),
            h("Subscribe to our newsletters")
        );
        // Lines that differ only after the first 8-byte word.
        assert_ne!(h("abcdefgh1"), h("abcdefgh2"));
        assert_ne!(h("abcdefgh"), h("abcdefg"));
        assert_eq!(h(" -- · "), 0);
        assert_ne!(h("a"), 0);
    }
}

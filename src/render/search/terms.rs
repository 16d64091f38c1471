//! The words of the search index: how text is cut into terms, which words are left out,
//! and how much each term weighs in one article. `static/search.js` cuts a query the
//! same way (lower case, then runs of letters and digits of any script), so a word finds
//! itself: a change here is a change there.

use crate::article::{Article, plain_text};
use crate::sources::SourceKind;
use crate::text::packed::{WordMap, WordSet, pack};

/// Longest term kept, in bytes: longer runs are URLs, hashes or glued-together junk.
const MAX_TERM_BYTES: usize = 40;

/// Weight class of a term found in the title (the highest of the four, 0–3).
const IN_TITLE: u8 = 3;

/// What one title occurrence adds to a term's count: more than any body gives it.
const TITLE_COUNT: u32 = 1 << 20;

/// Calls `f` with every term of `text`: lower-cased runs of letters and digits (any
/// script) of two characters or more. Cuts as the search page's `words()` does: lower
/// case first, then split (the final `ς` is `σ` on both sides, since JavaScript
/// lower-cases it by context). A term already in lower-case ASCII, nearly every word of
/// an English text, is passed as it stands; others are lower-cased into `scratch`.
pub fn cut(text: &str, scratch: &mut String, f: &mut impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII letters and digits and of any non-ASCII character: what is in
        // it decides how it is cut.
        let start = i;
        let (mut upper, mut wide) = (false, false);
        while let Some(&b) = bytes.get(i) {
            match CLASS[usize::from(b)] {
                LOWER => {}
                UPPER => upper = true,
                WIDE => wide = true,
                _ => break,
            }
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        let run = text.get(start..i).unwrap_or("");
        if wide {
            cut_wide(run, scratch, f);
        } else if upper {
            scratch.clear();
            scratch.extend(run.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            keep(scratch, f);
        } else {
            keep(run, f);
        }
    }
}

const SEPARATOR: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const WIDE: u8 = 3;

/// What each byte is to [`cut`]: one table look-up a byte, no branches on ranges.
const CLASS: [u8; 256] = {
    let mut table = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => LOWER,
            b'A'..=b'Z' => UPPER,
            0x80.. => WIDE,
            _ => SEPARATOR,
        };
        b += 1;
    }
    table
};

/// Cuts a run holding non-ASCII characters, lower-cased into `scratch`.
fn cut_wide(run: &str, scratch: &mut String, f: &mut impl FnMut(&str)) {
    scratch.clear();
    for c in run.chars() {
        for l in c.to_lowercase() {
            if l.is_alphanumeric() {
                scratch.push(if l == 'ς' { 'σ' } else { l });
            } else {
                keep(scratch, f);
                scratch.clear();
            }
        }
    }
    keep(scratch, f);
}

/// Passes `term` on if it is one: two characters or more (single letters are initials
/// and the `s` of `Korea's`), [`MAX_TERM_BYTES`] at most.
fn keep(term: &str, f: &mut impl FnMut(&str)) {
    if term.len() <= MAX_TERM_BYTES && term.chars().nth(1).is_some() {
        f(term);
    }
}

/// Calls `f` with every term of `text` (see [`cut`]).
pub fn each_term(text: &str, mut f: impl FnMut(&str)) {
    cut(text, &mut String::new(), &mut f);
}

/// The function words of the site's language, left out of the index (they would be in
/// nearly every article and only slow the search down); the search page drops them
/// from a query too. NLTK's lists: ISO's also hold content words.
pub fn stop_words(language: &str) -> Vec<&'static str> {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if !NLTK.contains(&primary.as_str()) {
        return Vec::new();
    }
    let mut words: Vec<&'static str> = stop_words::lookup(&primary)
        .unwrap_or(&[])
        .iter()
        .copied()
        // The index holds only what `each_term` yields; anything else could never match.
        .filter(|w| w.chars().nth(1).is_some() && w.chars().all(char::is_alphanumeric))
        .filter(|w| !KEPT.contains(w))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The distinct terms of one article, each with its weight class: 3 when the title
/// holds it; else by how often the body does (0: once, 1: two or three times, 2: more).
/// Kept as one string and the end of each term in it: one allocation, not one a term.
#[derive(Debug, Default)]
pub struct ArticleTerms {
    /// The terms, one after another.
    pub text: String,
    /// Each term's end in `text` and its weight class.
    pub ends: Vec<(u32, u8)>,
}

impl ArticleTerms {
    /// Each term with its weight class.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u8)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, class)| {
            let term = self.text.get(start..end as usize).unwrap_or("");
            start = end as usize;
            (term, class)
        })
    }

    fn push(&mut self, term: &str, count: u32) {
        let class = match count {
            TITLE_COUNT.. => IN_TITLE,
            4.. => 2,
            2..=3 => 1,
            _ => 0,
        };
        self.text.push_str(term);
        self.ends.push((self.text.len() as u32, class));
    }
}

/// The terms of `article` (function words of `stop` left out), with their weights.
pub fn article_terms(article: &Article, stop: &WordSet) -> ArticleTerms {
    // Terms of up to 16 bytes (nearly all) are counted by their bytes as one integer:
    // hashing and comparing it is what counting costs, and a string map took twice as long.
    let mut short: WordMap<u128, u32> = WordMap::default();
    short.reserve(512);
    let mut long: WordMap<String, u32> = WordMap::default();
    let mut add = |term: &str, by: u32| match pack(term) {
        Some(key) => *short.entry(key).or_insert(0) += by,
        None => *long.entry(term.to_string()).or_insert(0) += by,
    };
    let mut scratch = String::new();
    // A title word counts more than any body could make it: it is what the article is about.
    cut(&article.title, &mut scratch, &mut |t| add(t, TITLE_COUNT));
    let mut body = |t: &str| add(t, 1);
    for block in &article.blocks {
        match article.markup {
            // Plain text is already what a reader sees: no copy.
            SourceKind::Text => cut(&block.text, &mut scratch, &mut body),
            markup => cut(&plain_text(&block.text, markup), &mut scratch, &mut body),
        }
    }
    let mut out = ArticleTerms::default();
    out.ends.reserve(short.len() + long.len());
    for (key, n) in short {
        if stop.contains(&key) {
            continue;
        }
        let bytes = key.to_le_bytes();
        let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        if let Ok(term) = std::str::from_utf8(&bytes[..len]) {
            out.push(term, n);
        }
    }
    // Function words are all short.
    for (term, n) in long {
        out.push(&term, n);
    }
    out
}

/// Function words that are also names once lower-cased: "US" is "us", "WHO" is "who".
const KEPT: &[&str] = &["us", "who"];

/// Languages with an NLTK list, whose code the crate answers with it (for the others it
/// has only ISO lists).
const NLTK: &[&str] = &[
    "ar", "az", "eu", "be", "bn", "ca", "da", "nl", "en", "fi", "fr", "de", "el", "he", "hu", "id",
    "it", "kk", "ne", "no", "pt", "ro", "ru", "sl", "es", "sv", "ta", "tg", "tr", "uz",
];

/// The shard a term is stored in: the hex of the UTF-8 bytes of its first two
/// characters (a file name safe on every system, for any script).
pub fn shard_of(term: &str) -> String {
    let end = term.char_indices().nth(2).map_or(term.len(), |(i, _)| i);
    let mut out = String::with_capacity(end * 2);
    for b in &term.as_bytes()[..end] {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_term(text, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn terms_are_lower_case_runs_of_letters_and_digits() {
        assert_eq!(
            all("Korea's <b>tariff</b> deal, 2025: Lee-Jae-myung a 외교부 É"),
            [
                "korea",
                "tariff",
                "deal",
                "2025",
                "lee",
                "jae",
                "myung",
                "외교부"
            ]
        );
    }

    #[test]
    fn a_shard_is_named_by_the_first_two_characters() {
        assert_eq!(shard_of("sanctions"), "7361");
        assert_eq!(shard_of("외교부"), "ec99b8eab590");
        assert_eq!(shard_of("ab"), "6162");
    }

    #[test]
    fn english_function_words_are_known_and_sorted() {
        let stop = stop_words("en-GB");
        assert!(stop.binary_search(&"the").is_ok());
        assert!(stop.binary_search(&"korea").is_err());
        assert!(stop.binary_search(&"us").is_err(), "the US is searchable");
        assert!(stop.windows(2).all(|w| w[0] < w[1]));
        assert!(stop_words("ko").is_empty());
    }
}

//! Whether the body speaks of a title candidate: the share of its content words that
//! the first paragraphs of the body use too.

use super::super::classify::Candidate;
use super::super::stopwords::is_stopword;

/// Full paragraphs of the body whose words support a title candidate.
const VOCABULARY_PARAGRAPHS: usize = 3;

/// Hashes of the lower-cased words of four letters or more in the first paragraphs of
/// the body, sorted (hashes, not strings: this runs for every article).
pub(super) fn body_vocabulary(cands: &[Candidate], body: &[usize]) -> Vec<u64> {
    let mut words: Vec<u64> = body
        .iter()
        .map(|&i| &cands[i])
        .filter(|c| c.features.is_prose())
        .take(VOCABULARY_PARAGRAPHS)
        .flat_map(|c| content_words(&c.text))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Hashes of a line's words of four letters or more, lower-cased, function words left
/// out: "from" or "with" in a menu item is no sign that the body speaks of it.
fn content_words(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4 && w.chars().nth(3).is_some() && !is_stopword(w))
        .map(word_hash)
}

/// FNV-1a of a word's lower-cased characters: words are short, and one multiply a byte
/// is cheaper here than [`line_hash`]'s buffering.
fn word_hash(word: &str) -> u64 {
    let mix = |h: u64, b: u8| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    if word.is_ascii() {
        return word
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325, |h, b| mix(h, b.to_ascii_lowercase()));
    }
    let mut utf8 = [0u8; 4];
    word.chars()
        .flat_map(char::to_lowercase)
        .fold(0xcbf2_9ce4_8422_2325, |h, c| {
            c.encode_utf8(&mut utf8).bytes().fold(h, mix)
        })
}

/// A headline is about what the article says: most of its words recur in the body.
/// Section labels ("Travel"), the site's name and another story's headline do not.
pub(super) fn support(text: &str, vocabulary: &[u64]) -> i32 {
    let words: Vec<u64> = content_words(text).collect();
    if words.len() < 2 || vocabulary.is_empty() {
        return 0;
    }
    let found = words
        .iter()
        .filter(|w| vocabulary.binary_search(w).is_ok())
        .count();
    match found * 10 / words.len() {
        5.. => 3,
        3..=4 => 1,
        _ => 0,
    }
}

//! Words of a cleaned text for similarity measures: tokens, function words, folded forms
//! and a stable hash. Shared by [`crate::stories`] and [`crate::keypoints`].
//!
//! `clean` has its own function-word test, but it is private to that stage; this list
//! serves similarity, where reporting verbs ("said", "told") are noise too.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// English month names and abbreviations with their numbers.
const MONTHS: [(&str, i8); 22] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// The number of an English month name or abbreviation (lower case).
pub fn month_number(lower: &str) -> Option<i8> {
    MONTHS.iter().find(|m| m.0 == lower).map(|m| m.1)
}

/// A fast, deterministic hasher for in-memory maps keyed by integers or short strings
/// (FxHash's multiply-rotate): most keys here are already hashes, and `std`'s SipHash
/// made the term tables the slowest part of grouping.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and inner hyphens or apostrophes).
    Word,
    /// Contains a digit: `350`, `8:10`, `48.9`, `Hwasong-20`.
    Number,
    /// One Han or kana character: these scripts do not separate words by spaces.
    Unspaced,
}

/// One token with its byte span in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token as written.
    pub text: &'a str,
    /// Byte offset of its first character.
    pub start: usize,
    /// What it is made of.
    pub kind: TokenKind,
}

impl<'a> Token<'a> {
    /// The word or number (`digit`: it holds a digit) at `start..end` of `text`.
    fn run(text: &'a str, start: usize, end: usize, digit: bool) -> Self {
        let kind = if digit {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        Token {
            text: &text[start..end],
            start,
            kind,
        }
    }

    /// Byte offset just past the token.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Starts with a capital letter (proper nouns, acronyms, sentence starts).
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Han ideographs and kana: scripts written without spaces between words.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Characters that may join two alphanumeric runs into one token (`Sung-lac`, `8:10`,
/// `1,200`, `U.S`, `Seoul's`).
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.' | ',' | ':' | '‑')
}

/// Splits text into word, number and single-character CJK tokens.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    if text.is_ascii() {
        ascii_tokens(text)
    } else {
        unicode_tokens(text)
    }
}

/// Room for the tokens of a paragraph (about one per six bytes of prose), capped: a huge
/// block with few words would otherwise reserve far more than its tokens take.
fn expected_tokens(text: &str) -> usize {
    (text.len() / 6 + 1).min(4096)
}

/// [`tokens`] of any text, character by character.
fn unicode_tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(expected_tokens(text));
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_unspaced(c) {
            out.push(Token {
                text: &text[start..start + c.len_utf8()],
                start,
                kind: TokenKind::Unspaced,
            });
            continue;
        }
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut digit = c.is_ascii_digit();
        while let Some(&(i, n)) = chars.peek() {
            if n.is_alphanumeric() && !is_unspaced(n) {
                digit |= n.is_ascii_digit();
                end = i + n.len_utf8();
                chars.next();
                continue;
            }
            // A joiner counts only between two alphanumerics.
            let after = text[i + n.len_utf8()..].chars().next();
            if is_joiner(n) && after.is_some_and(|a| a.is_alphanumeric() && !is_unspaced(a)) {
                chars.next();
                continue;
            }
            break;
        }
        out.push(Token::run(text, start, end, digit));
    }
    out
}

/// [`tokens`] of ASCII text, byte by byte: the same rules without decoding characters
/// (most articles are ASCII, and every stage tokenizes them).
fn ascii_tokens(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(expected_tokens(text));
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut digit = bytes[i].is_ascii_digit();
        i += 1;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                digit |= b.is_ascii_digit();
                i += 1;
            } else if matches!(b, b'-' | b'\'' | b'.' | b',' | b':')
                && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
            {
                i += 1;
            } else {
                break;
            }
        }
        out.push(Token::run(text, start, i, digit));
    }
    out
}

/// A word lower-cased, without a possessive `'s`, with a plain plural `-s` folded away, so
/// "missiles", "Missile" and "missile's" meet. Deliberately crude: it only has to make
/// two reports of one event agree, not produce dictionary forms.
pub fn fold(word: &str) -> String {
    let mut out = String::new();
    fold_into(word, &mut out);
    out
}

/// [`fold`] into a reused buffer (cleared first): the hot path allocates nothing.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    for suffix in ["'s", "’s"] {
        if out.ends_with(suffix) {
            out.truncate(out.len() - suffix.len());
        }
    }
    if out.len() > 4 && out.is_ascii() {
        if out.ends_with("ies") {
            out.truncate(out.len() - 3);
            out.push('y');
        } else if out.ends_with('s')
            && !out.ends_with("ss")
            && !out.ends_with("us")
            && !out.ends_with("is")
        {
            out.pop();
        }
    }
}

/// A number as a comparable key: thousands separators dropped (`1,200` → `1200`).
pub fn fold_number(number: &str) -> String {
    let mut out = String::with_capacity(number.len());
    let chars: Vec<char> = number.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c == ',' && between_digits {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Function words of the languages we clean, plus reporting verbs and other words every
/// news report uses: they say nothing about which event a text reports.
const STOPWORD_LISTS: [&str; 6] = [
    "a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours",
    "said says say told tell added according also week day year month today yesterday monday tuesday wednesday thursday friday saturday sunday however while since last next new first one two three many much like would us",
    "der die das den dem des ein eine einer eines einem einen und oder aber ist sind war waren wird werden hat haben nicht auch mit von zu im in auf für bei aus nach als wie dass sich es er sie wir ihr",
    "le la les un une des du de et ou mais est sont était été a ont pas aussi avec pour par dans sur au aux que qui ce cette ces il elle ils elles nous vous se sa son ses leur",
    "el la los las un una unos unas y o pero es son era fue ha han no también con para por en sobre al del que quien este esta estos estas se su sus lo le les como más entre",
    "och att det som en ett är var har hade inte med för på av till från om men den de han hon vi ni sig sin sitt sina också kan ska",
];

static STOPWORDS: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
    STOPWORD_LISTS
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect()
});

/// True for a function word or a word every report uses; `folded` is lower-case.
pub fn is_stopword(folded: &str) -> bool {
    STOPWORDS.contains(folded)
}

/// A stable 64-bit hash (FNV-1a with a final mix): the same on every run, machine and
/// thread count, unlike `std`'s randomly keyed hasher, so groupings are reproducible.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// [`hash`] of the parts joined by single spaces, without joining them.
pub fn hash_parts(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= u64::from(b' ');
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for &b in part.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    mix(h)
}

/// Spreads the bits of a 64-bit value (the SplitMix64 finaliser).
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_tokens_follow_the_general_rules() {
        for text in [
            "U.S. President Trump met Lee Jae-myung in Gyeongju on Oct. 29, 2025.",
            "Seoul's 1,200 troops -- at 8:10 a.m. -- fired Hwasong-20s; 48.9% said 'no'.",
            "trailing joiner- 'quoted' a.b. ,lead x:y: -5 9- end.",
            "",
            "  ...  ",
        ] {
            assert_eq!(ascii_tokens(text), unicode_tokens(text), "{text}");
        }
    }

    fn texts(s: &str) -> Vec<&str> {
        tokens(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokens_keep_names_numbers_and_times_whole() {
        assert_eq!(
            texts("Wi Sung-lac said at 8:10 a.m. that $1,200 (48.9%) went to Seoul's U.S. office."),
            vec![
                "Wi", "Sung-lac", "said", "at", "8:10", "a.m", "that", "1,200", "48.9", "went",
                "to", "Seoul's", "U.S", "office"
            ]
        );
        let kinds: Vec<_> = tokens("Hwasong-20 flew").iter().map(|t| t.kind).collect();
        assert_eq!(kinds, vec![TokenKind::Number, TokenKind::Word]);
    }

    #[test]
    fn han_characters_are_single_tokens_and_hangul_words_stay_whole() {
        assert_eq!(
            texts("习近平会见 이재명 대통령"),
            vec!["习", "近", "平", "会", "见", "이재명", "대통령"]
        );
    }

    #[test]
    fn folding_meets_plural_and_possessive() {
        assert_eq!(fold("Missiles"), "missile");
        assert_eq!(fold("Seoul's"), "seoul");
        assert_eq!(fold("economies"), "economy");
        assert_eq!(fold("talks"), "talk");
        assert_eq!(fold("news"), "news", "short words keep their s");
        assert_eq!(fold("process"), "process");
        assert_eq!(fold_number("1,200"), "1200");
        assert_eq!(fold_number("8:10"), "8:10");
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(hash(b"gyeongju"), hash(b"gyeongju"));
        assert_ne!(hash(b"gyeongju"), hash(b"busan"));
        assert_eq!(hash_parts(&["lee", "jae"]), hash(b"lee jae"));
        // Pinned: a change would silently change every story id order and grouping.
        assert_eq!(hash(b""), mix(0xcbf2_9ce4_8422_2325));
    }
}

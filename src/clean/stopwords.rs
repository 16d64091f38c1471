//! Function words of the languages most seeds are in (en, de, fr, es, sv): their share in
//! a block tells prose from labels and link lists (as in jusText). Other languages get
//! their own list on top ([`super::language`]).

use std::sync::LazyLock;

use crate::text::packed::{WordSet, pack};

/// A word lower-cased and packed (see [`pack`]); `None` when longer than 16 bytes.
pub fn pack_lower(word: &str) -> Option<u128> {
    if word.is_empty() {
        return None;
    }
    pack(&word.to_lowercase())
}

/// Function words of the languages we expect; their share tells prose from labels (jusText).
const STOPWORD_LISTS: [&str; 5] = [
    // English
    "a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours said says according",
    // German
    "der die das den dem des ein eine einer eines einem einen und oder aber ist sind war waren wird werden hat haben nicht auch mit von zu im in auf für bei aus nach als wie dass sich es er sie wir ihr",
    // French
    "le la les un une des du de et ou mais est sont était été a ont pas aussi avec pour par dans sur au aux que qui ce cette ces il elle ils elles nous vous se sa son ses leur",
    // Spanish
    "el la los las un una unos unas y o pero es son era fue ha han no también con para por en sobre al del que quien este esta estos estas se su sus lo le les",
    // Swedish
    "och att det som en ett är var har hade inte med för på av till från om men den de han hon vi ni sig sin sitt sina också kan ska",
];

static STOPWORDS: LazyLock<WordSet> = LazyLock::new(|| {
    STOPWORD_LISTS
        .iter()
        .flat_map(|l| l.split_whitespace())
        .filter_map(pack)
        .collect()
});

/// Length, first and last letter of every ASCII function word: most other words differ
/// in one of them, and are ruled out without hashing. `[len][first]` holds a bit per last letter.
static SHAPES: LazyLock<[[u32; 26]; 13]> = LazyLock::new(|| {
    let mut shapes = [[0u32; 26]; 13];
    for w in STOPWORD_LISTS.iter().flat_map(|l| l.split_whitespace()) {
        let b = w.as_bytes();
        match (b.first(), b.last()) {
            (Some(&first), Some(&last))
                if b.len() < 13 && first.is_ascii_lowercase() && last.is_ascii_lowercase() =>
            {
                shapes[b.len()][usize::from(first - b'a')] |= 1 << (last - b'a');
            }
            // Not reachable from an ASCII word: the hash lookup alone decides.
            _ => {}
        }
    }
    shapes
});

/// True for a function word, ignoring case and surrounding punctuation.
pub(super) fn is_stopword(word: &str) -> bool {
    if word.is_ascii() {
        // Trimmed and lower-cased on the stack: most words take this path.
        let w = word.as_bytes();
        let start = w.iter().position(u8::is_ascii_alphanumeric);
        let end = w.iter().rposition(u8::is_ascii_alphanumeric);
        let (Some(start), Some(end)) = (start, end) else {
            return false;
        };
        let w = &w[start..=end];
        if w.len() > 12 {
            return false;
        }
        let (first, last) = (
            w[0].to_ascii_lowercase(),
            w[w.len() - 1].to_ascii_lowercase(),
        );
        if !first.is_ascii_lowercase()
            || !last.is_ascii_lowercase()
            || SHAPES[w.len()][usize::from(first - b'a')] & (1 << (last - b'a')) == 0
        {
            return false;
        }
        let mut buf = [0u8; 16];
        buf[..w.len()].copy_from_slice(w);
        buf.make_ascii_lowercase();
        return STOPWORDS.contains(&u128::from_le_bytes(buf));
    }
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() || w.len() > 12 {
        return false;
    }
    pack(&w.to_lowercase()).is_some_and(|k| STOPWORDS.contains(&k))
}

//! Finding the title among the lines above the article body.
//!
//! Scraped pages put a site name, navigation, banners and sometimes the page title with a
//! site suffix above the headline. The headline is the line that is repeated, or else the
//! best-shaped line (several words, mixed case, some function words) nearest the body.

use super::classify::{Candidate, Verdict};
use super::template::line_hash;

/// How many leading live blocks are considered.
const WINDOW: usize = 25;
/// Longest block (in words) taken as a title.
const MAX_WORDS: usize = 40;

/// Separators between a headline and a site name in page titles.
const SUFFIX_SEPARATORS: &[char] = &['|', '-', '–', '—', ':', '·', '•'];

/// True when `longer` is `shorter` followed by a separator and a short site name
/// ("Headline – Peninsula Notes").
pub(super) fn with_site_suffix(longer: &str, shorter: &str) -> bool {
    let (longer, shorter) = (longer.trim(), shorter.trim());
    // Cheapest test first: this runs for every pair of lines near the top.
    let Some(rest) = longer.strip_prefix(shorter) else {
        return false;
    };
    if rest.is_empty() || shorter.split_whitespace().count() < 4 {
        return false;
    }
    let rest = rest.trim_start();
    rest.starts_with(SUFFIX_SEPARATORS)
        && (1..=5).contains(
            &rest
                .trim_start_matches(SUFFIX_SEPARATORS)
                .split_whitespace()
                .count(),
        )
}

/// Picks the title: front matter, else the best candidate above the body, else the first
/// sentence. Returns the title and the index of the block it came from.
pub(super) fn choose_title(
    cands: &mut [Candidate],
    given: Option<&str>,
) -> (String, Option<usize>) {
    if let Some(title) = given {
        let k = line_hash(title);
        for c in cands.iter_mut().filter(|c| c.live() && c.key == k) {
            c.drop_with("repeats the title from front matter");
        }
        return (title.trim().to_string(), None);
    }
    let all: Vec<usize> = (0..cands.len()).filter(|&i| cands[i].live()).collect();
    // Line keys sorted, to count a line's copies by binary search (they are hashes).
    let mut sorted: Vec<u64> = all.iter().map(|&i| cands[i].key).collect();
    sorted.sort_unstable();
    let copies = |k: u64| sorted.partition_point(|&x| x <= k) - sorted.partition_point(|&x| x < k);
    let twice = |i: usize| cands[i].key != 0 && copies(cands[i].key) > 1;
    // The body begins with the main run of prose: a full paragraph, not repeated, with
    // another within the next few lines. A lone teaser or banner in a page's header is
    // not the start, and the title is looked for just above the real one.
    let prose_at = |p: usize| cands[all[p]].features.is_prose() && !twice(all[p]);
    let body_start = (0..all.len())
        .find(|&p| prose_at(p) && (p + 1..all.len().min(p + RUN_LOOKAHEAD)).any(&prose_at))
        .or_else(|| (0..all.len()).find(|&p| prose_at(p)))
        .unwrap_or(all.len());
    let live: Vec<usize> =
        all[body_start.saturating_sub(WINDOW)..(body_start + 1).min(all.len())].to_vec();
    let keys: Vec<u64> = live.iter().map(|&i| cands[i].key).collect();
    // A headline printed twice near the body (page title and headline) is repeated; a
    // menu item printed on every menu of the page is not a headline for being repeated.
    let repeated = |pos: usize| {
        let text = &cands[live[pos]].text;
        keys.iter().enumerate().any(|(other, k)| {
            other != pos
                && *k != 0
                && (*k == keys[pos] || with_site_suffix(&cands[live[other]].text, text))
        }) && copies(keys[pos]) <= 3
    };
    // The window ends where the body begins.
    let end = live.len() - usize::from(body_start < all.len());
    let vocabulary = body_vocabulary(cands, &all[body_start.min(all.len())..]);
    let best = (0..end)
        .filter(|&p| cands[live[p]].features.words <= MAX_WORDS && cands[live[p]].list.is_none())
        .map(|p| {
            let c = &cands[live[p]];
            (
                score(c, repeated(p), end - p) + support(&c.text, &vocabulary),
                p,
            )
        })
        .filter(|(s, _)| *s > 0)
        // Highest score; on a tie the line nearer the body.
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let Some((_, pos)) = best else {
        let fallback = live
            .get(end)
            .or(live.first())
            .map(|&i| first_sentence(&cands[i].text))
            .unwrap_or_default();
        return (fallback, None);
    };
    let t = live[pos];
    for &i in &live[..pos] {
        cands[i].drop_with(format!(
            "page furniture above the title (line {})",
            cands[t].line
        ));
    }
    cands[t].verdict = Some(Verdict::Title);
    (cands[t].text.clone(), Some(t))
}

/// Live lines after a paragraph in which a second one shows the main run has begun.
const RUN_LOOKAHEAD: usize = 5;
/// Full paragraphs of the body whose words support a title candidate.
const VOCABULARY_PARAGRAPHS: usize = 3;

/// Hashes of the lower-cased words of four letters or more in the first paragraphs of
/// the body, sorted (hashes, not strings: this runs for every article).
fn body_vocabulary(cands: &[Candidate], body: &[usize]) -> Vec<u64> {
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

/// Hashes of a line's words of four letters or more, lower-cased.
fn content_words(text: &str) -> impl Iterator<Item = u64> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4 && w.chars().nth(3).is_some())
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
fn support(text: &str, vocabulary: &[u64]) -> i32 {
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

/// How headline-like a line is; `distance` counts live lines until the body starts.
fn score(c: &Candidate, repeated: bool, distance: usize) -> i32 {
    let f = &c.features;
    let mut s = 0;
    if repeated {
        s += 6;
    }
    // Size, not words: an unspaced Chinese or Japanese headline is one "word".
    s += match f.size {
        0..=2 => -4,
        3 => -1,
        4..=25 => 2,
        _ => 0,
    };
    let letters: Vec<char> = c.text.chars().filter(|ch| ch.is_alphabetic()).collect();
    if letters.len() > 3
        && letters.iter().all(|ch| !ch.is_lowercase())
        && letters.iter().any(|ch| ch.is_uppercase())
    {
        s -= 2; // all capitals: a masthead or a section label
    }
    if f.lead_in {
        s -= 3;
    }
    // Breadcrumbs and menus: "Home > World > Asia", "Politics | Economy".
    if [" > ", " » ", " › ", " | ", " / "]
        .iter()
        .any(|sep| c.text.contains(sep))
    {
        s -= 3;
    }
    // Widget rows: "Font size: A A A", "A+ A-".
    let letters_alone = c
        .text
        .split_whitespace()
        .filter(|w| {
            w.trim_matches(|ch: char| !ch.is_alphanumeric())
                .chars()
                .count()
                == 1
        })
        .count();
    if letters_alone >= 2 {
        s -= 3;
    }
    if f.is_heading_like() {
        s += 1;
    }
    if f.stop_ratio > 0.0 {
        s += 1;
    }
    if distance <= 2 {
        s += 2;
    }
    s
}

/// The first sentence of a paragraph, shortened, for articles without a title line.
pub(super) fn first_sentence(text: &str) -> String {
    let end = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?' | '。') && i > 20)
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    let sentence = &text[..end];
    // Only the words shown are collected: the "sentence" may be a megabyte of words.
    let words: Vec<&str> = sentence.split_whitespace().take(17).collect();
    if words.len() > 16 {
        format!("{}…", words[..14].join(" "))
    } else {
        sentence.to_string()
    }
}

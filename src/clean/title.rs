//! Finding the title among the lines above the article body.
//!
//! Scraped pages put a site name, navigation, banners and sometimes the page title with a
//! site suffix above the headline. The headline is the line that is repeated, or else the
//! best-shaped line (several words, mixed case, some function words) nearest the body.

use super::classify::{Candidate, Verdict};
use super::lexicon::Category;
use super::template::line_hash;
use support::{body_vocabulary, support};

mod support;

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
                && (*k == keys[pos]
                    || with_site_suffix(&cands[live[other]].text, text)
                    || after_breadcrumb(&cands[live[other]].text, text))
        }) && copies(keys[pos]) <= 3
    };
    // The window ends where the body begins.
    let end = live.len() - usize::from(body_start < all.len());
    let vocabulary = body_vocabulary(cands, &all[body_start.min(all.len())..]);
    // Each candidate's score, and whether it stands above a byline with the body's support.
    let scored: Vec<Option<(i32, bool)>> = (0..end)
        .map(|p| {
            let c = &cands[live[p]];
            if c.features.words > MAX_WORDS || c.list.is_some() {
                return None;
            }
            let supported = support(&c.text, &vocabulary);
            // A dateline or a timestamp row: "21:17 18.11.2019", "Posted: Feb 16, 2018".
            let dated = c.text.split_whitespace().any(is_clock) || is_date_line(c);
            let anchored = !dated && headline_shaped(c) && precedes_byline(cands, live[p]);
            let anchor = if anchored { BYLINE_BONUS } else { 0 };
            // A line printed twice is the headline when the body speaks of it; a
            // share button or a menu item printed twice is not.
            let repeated = repeated(p) && supported >= 3;
            let total = score(c, repeated, dated, end - p) + supported + anchor;
            Some((total, anchored && supported > 0))
        })
        .collect();
    let best = scored
        .iter()
        .enumerate()
        .filter_map(|(p, s)| s.map(|(total, _)| (total, p)))
        .filter(|(s, _)| *s > 0)
        // Highest score; on a tie the line nearer the body.
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    // "Headline / standfirst / By …": when two lines in a row stand above the byline and
    // the body speaks of both, the upper one is the headline.
    let best = best.map(|(s, pos)| {
        let above = pos.checked_sub(1).filter(|&q| {
            live[q] + 1 == live[pos]
                && scored[q].is_some_and(|(total, a)| a && total > 0)
                && scored[pos].is_some_and(|(_, a)| a)
                && (cands[live[q]].features.words >= cands[live[pos]].features.words
                    || cands[live[q]].features.words >= HEADLINE_WORDS)
        });
        (s, above.unwrap_or(pos))
    });
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
    let title = without_breadcrumb(&cands[t].text, &cands[t + 1..]);
    (title, Some(t))
}

/// Words from which a line above a standfirst reads as a headline, not a section label
/// or a site name ("Analyzing Snap Counts", "Back Street Heroes").
const HEADLINE_WORDS: usize = 6;

/// Lines below the title searched for its own text without a glued breadcrumb.
const BREADCRUMB_LOOKAHEAD: usize = 5;

/// The headline without the breadcrumb trail glued before it ("Home Natural &
/// Eco-FriendlyBabywearing Hiking the Boulder Flat Irons"), when a line just below
/// prints the headline alone, in any case ("HIKING THE BOULDER FLAT IRONS").
fn without_breadcrumb(title: &str, below: &[Candidate]) -> String {
    let title = title.trim();
    let lower = title.to_lowercase();
    if lower.len() != title.len() {
        return title.to_string(); // byte offsets would not carry over
    }
    below
        .iter()
        .filter(|c| c.features.has_text)
        .take(BREADCRUMB_LOOKAHEAD)
        .find_map(|c| {
            let alone = c.text.trim().to_lowercase();
            let cut = lower.len().checked_sub(alone.len()).filter(|&n| n > 0)?;
            let trail = title.get(..cut)?;
            let is_trail =
                glued_words(trail) > 0 || trail.trim_end().ends_with(['>', '»', '›', '|', '/']);
            (alone.split_whitespace().count() >= 3 && lower.ends_with(&alone) && is_trail)
                .then(|| title[cut..].trim().to_string())
        })
        .unwrap_or_else(|| title.to_string())
}

/// Lines after a candidate (share buttons and widget labels not counted) within which a
/// byline or date marks it as the headline, with its standfirst or photo between.
const BYLINE_REACH: usize = 5;
/// What a byline or date just below adds to a candidate's score.
const BYLINE_BONUS: i32 = 4;

/// True when a byline or date line follows line `i` closely: pages print "Headline /
/// standfirst / By Name / Nov. 19, 2019" above the body, and a section label, a teaser
/// or a share row has no byline under it.
fn precedes_byline(cands: &[Candidate], i: usize) -> bool {
    let mut between = 0;
    for c in &cands[i + 1..] {
        match c.hit.as_ref().map(|h| h.category) {
            Some(Category::Byline) => return true,
            None if c.features.words <= DATE_LINE_WORDS && is_date_line(c) => return true,
            Some(Category::Social | Category::Navigation | Category::Advertising) => {}
            _ if !c.features.has_text => {}
            _ => {
                between += 1;
                if between >= BYLINE_REACH {
                    return false;
                }
            }
        }
    }
    false
}

/// A line that may be the headline above a byline: three words or more, not a run of
/// glued links, not a photo credit ("Name Surname/Agency"); the caller has ruled out
/// date lines.
fn headline_shaped(c: &Candidate) -> bool {
    let credit = c.text.split_whitespace().any(|w| {
        w.split_once('/').is_some_and(|(a, b)| {
            a.chars().next().is_some_and(char::is_alphabetic)
                && b.chars().next().is_some_and(char::is_uppercase)
        })
    });
    c.features.size >= 3 && !runs_links_together(c) && !credit
}

/// Most words of a line that carries a date and stands for a dateline ("13/06/2014
/// Tony Carter All, Books, Kit Reviews").
const DATE_LINE_WORDS: usize = 12;

/// A line holding a calendar date, written out or numeric in any order ("13/06/2014",
/// which the metadata reader leaves alone because day and month may be either way).
fn is_date_line(c: &Candidate) -> bool {
    super::byline::date_in(&c.text).is_some() || c.text.split_whitespace().any(numeric_date)
}

/// "13/06/2014", "2014-06-13", "18.11.2019": three runs of digits with one separator,
/// one of them a four-digit year.
fn numeric_date(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_ascii_digit());
    ['/', '.', '-'].iter().any(|&sep| {
        let parts: Vec<&str> = word.split(sep).collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| (1..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
            && parts.iter().any(|p| p.len() == 4)
    })
}

/// "21:17", "4:10pm": a clock time, which a headline does not carry.
fn is_clock(word: &str) -> bool {
    let mut parts = word.splitn(2, ':');
    let (Some(h), Some(m)) = (parts.next(), parts.next()) else {
        return false;
    };
    (1..=2).contains(&h.len())
        && h.chars().all(|c| c.is_ascii_digit())
        && m.len() >= 2
        && m.chars().take(2).all(|c| c.is_ascii_digit())
}

/// True when `longer` is a breadcrumb trail glued to `headline` ("HomeSPORT NEWS" +
/// headline): copied text runs the trail's links together on one line.
fn after_breadcrumb(longer: &str, headline: &str) -> bool {
    longer.len() > headline.len()
        && headline.split_whitespace().count() >= 4
        && longer.ends_with(headline.trim())
}

/// Live lines after a paragraph in which a second one shows the main run has begun.
const RUN_LOOKAHEAD: usize = 5;

/// How headline-like a line is; `dated`: it holds a date or a clock time; `distance`
/// counts live lines until the body starts.
fn score(c: &Candidate, repeated: bool, dated: bool, distance: usize) -> i32 {
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
    // A headline has no full stop; the standfirst and a caption under it do.
    if c.text.trim_end().ends_with(['.', '。']) && !c.text.trim_end().ends_with("...") {
        s -= 2;
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
    // Links run together: "HomeNewsBusinessMarkets", "Log inRegisterSubscribe".
    if runs_links_together(c) {
        s -= 3;
    }
    if dated {
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

/// Links run together ("HomeNewsBusinessMarkets", "Log inRegisterSubscribe"): two or
/// more glued places, and many for the line's words. A long headline naming a product
/// or two ("DualShock", "AirPods") has a glued place per several words.
fn runs_links_together(c: &Candidate) -> bool {
    let glued = glued_words(&c.text);
    glued >= 2 && glued * 3 >= c.features.words
}

/// Places where a word runs into the next without a space: a lower-case letter or a
/// digit directly before a capital ("iPhone" and "McDonald" have one, a run of menu
/// links several).
fn glued_words(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .filter(|w| (w[0].is_lowercase() || w[0].is_ascii_digit()) && w[1].is_uppercase())
        .count()
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

#[cfg(test)]
mod tests;

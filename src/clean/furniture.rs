//! Page furniture that comes in blocks: an image's caption above its credit line, an
//! inline "Related" box inside the article, a related-stories or comments tail after it,
//! menus, and short lines at the body's edges.

use super::classify::Candidate;
use super::features::Features;
use super::lexicon::{self, Category};

/// Longest block (in words) taken as an image caption before a credit line.
const CAPTION_MAX_WORDS: usize = 60;

/// A line directly above an image credit is that image's caption, unless it reads as
/// the article itself (see [`may_be_caption`]) or the credit line carries its own caption.
pub(super) fn drop_captions(cands: &mut [Candidate]) {
    for i in 1..cands.len() {
        let Some(hit) = cands[i].hit.as_ref() else {
            continue;
        };
        if hit.category != Category::Credit || cands[i].gap_before {
            continue;
        }
        // "写真：慶州で握手する両首脳": the caption is on the credit line itself.
        let own = cands[i].text.replacen(&hit.phrase, "", 1);
        if Features::of(&own).size >= OWN_CAPTION_WORDS {
            continue;
        }
        if may_be_caption(&cands[i - 1]) {
            let credit_line = cands[i].line;
            cands[i - 1].drop_with(format!("image caption (credit on line {credit_line})"));
        }
    }
}

/// Words after a credit's "Photo:" that make the credit line a caption of its own.
const OWN_CAPTION_WORDS: usize = 6;

/// A caption is one sentence or a fragment: a paragraph of several sentences, or one
/// opening with a dateline ("GYEONGJU —", "Berlin (dpa) -"), is the article's text.
fn may_be_caption(c: &Candidate) -> bool {
    // Pieces of under four words are not sentences: "… on Nov. 10." splits after "Nov.".
    let sentences = crate::text::sentences::split_sentences(&c.text)
        .iter()
        .filter(|s| s.split_whitespace().count() >= 4)
        .count();
    c.features.size <= CAPTION_MAX_WORDS
        && sentences <= 1
        && super::byline::place_in(&c.text).is_none()
}

/// Short lines an inline "Related" box may hold before the article resumes.
const INLINE_BOX_MAX: usize = 4;
/// Lines a box may hold when they are all plain headlines (wire stories carry five or
/// six); a box mixing captions, credits or bylines is a related-stories tail instead.
const INLINE_HEADLINES_MAX: usize = 8;

/// Everything after a standalone "Related articles" / "Leave a reply" header goes, unless
/// the header opens a small inline box after which the article clearly resumes (a run of
/// full paragraphs); then only the box goes.
pub(super) fn cut_tail(cands: &mut [Candidate], title_idx: Option<usize>) {
    let start = title_idx.map_or(0, |t| t + 1);
    let mut prose_before = 0;
    let mut i = start;
    while i < cands.len() {
        let c = &cands[i];
        if c.live() && c.features.is_prose() {
            prose_before += 1;
            i += 1;
            continue;
        }
        let words = c.features.words.max(c.features.size);
        let Some(hit) = lexicon::is_tail_header(c.hit.as_ref(), words).cloned() else {
            i += 1;
            continue;
        };
        let rest_words = c.text.split_whitespace().count() - hit.phrase.split_whitespace().count();
        if prose_before < 2 || rest_words > 2 {
            i += 1;
            continue;
        }
        let header_line = c.line;
        if let Some(resume) = article_resumes_at(cands, i + 1) {
            for boxed in cands[i..resume].iter_mut() {
                boxed.drop_with(format!(
                    "inline \"{}\" box (line {header_line})",
                    hit.phrase
                ));
            }
            i = resume;
            continue;
        }
        for later in cands[i..].iter_mut() {
            later.drop_with(format!(
                "after the \"{}\" header on line {header_line} ({})",
                hit.phrase,
                hit.category.name()
            ));
        }
        return;
    }
}

/// Where the article resumes after an inline box: a few short lines at most, then two
/// adjacent full paragraphs within the next few blocks (teasers in a related-stories tail
/// alternate with their headlines, so they never stand two in a row).
fn article_resumes_at(cands: &[Candidate], from: usize) -> Option<usize> {
    let body_like = |c: &Candidate| c.features.is_prose() && c.hit.is_none();
    let k = (from..cands.len()).find(|&k| body_like(&cands[k]))?;
    // Headlines, or the header of a second box right after the first ("Related" twice).
    let headline = |c: &Candidate| {
        c.live() && c.hit.is_none() && !c.features.terminal && c.features.size <= 20
    };
    let header = |c: &Candidate| {
        lexicon::is_tail_header(c.hit.as_ref(), c.features.words.max(c.features.size)).is_some()
    };
    let headlines = cands[from..k].iter().all(|c| headline(c) || header(c));
    let box_max = if headlines {
        INLINE_HEADLINES_MAX
    } else {
        INLINE_BOX_MAX
    };
    if k - from > box_max {
        return None;
    }
    let window = &cands[k..cands.len().min(k + INLINE_BOX_MAX + 2)];
    window
        .windows(2)
        .any(|pair| body_like(&pair[0]) && body_like(&pair[1]))
        .then_some(k)
}

/// Consecutive short labels that make a menu when they stand inside the page's text.
const MENU_RUN: usize = 5;
/// Most words of a menu label ("Personal Finance", "Funds & ETF's").
const MENU_LABEL_WORDS: usize = 3;

/// A run of short labels (no sentence, no list item) between paragraphs is a site menu
/// or a footer's link list printed between teasers, not the article: an article's own
/// short lines (subheadings, a byline, a caption) come one or two at a time.
pub(super) fn drop_menu_runs(cands: &mut [Candidate]) {
    let label = |c: &Candidate| {
        c.live()
            && c.list.is_none()
            && !c.features.is_sentence()
            && c.features.words.max(c.features.size) <= MENU_LABEL_WORDS
    };
    let mut i = 0;
    // Full paragraphs seen so far; the footer test runs for one menu at most (it reads
    // the rest of the page), so the pass stays linear.
    let (mut prose_above, mut footer_tested) = (0, false);
    while i < cands.len() {
        if !label(&cands[i]) {
            prose_above += usize::from(cands[i].live() && cands[i].features.is_prose());
            i += 1;
            continue;
        }
        let start = i;
        let mut labels = 0;
        // Blank or already dropped lines inside the run do not break it.
        while i < cands.len() && (label(&cands[i]) || !cands[i].live()) {
            labels += usize::from(label(&cands[i]));
            i += 1;
        }
        let footer = if labels >= SITE_MAP_RUN && prose_above >= 2 && !footer_tested {
            footer_tested = true;
            footer_from(cands, start, i)
        } else {
            None
        };
        if let Some(from) = footer {
            for c in cands[from..].iter_mut().filter(|c| c.live()) {
                c.drop_with(format!(
                    "site footer: a menu of {labels} labels after the body, no article after it"
                ));
            }
            return;
        }
        if labels >= MENU_RUN {
            for c in cands[start..i].iter_mut().filter(|c| c.live()) {
                c.drop_with(format!("menu: {labels} short labels in a row"));
            }
        }
    }
}

/// Labels of a menu that lists the whole site (sections and their subsections): printed
/// after the article, it is the page's footer.
const SITE_MAP_RUN: usize = 12;

/// Where the footer starts when the menu `start..end`, after the body, has no article
/// text after it (no two full paragraphs in a row, menu labels between them aside): at
/// the menu, or at the short labels just above it ("Markets", "Sponsored by").
fn footer_from(cands: &[Candidate], start: usize, end: usize) -> Option<usize> {
    let prose = |c: &Candidate| c.features.is_prose();
    let label = |c: &Candidate| {
        !c.features.is_sentence() && c.features.words.max(c.features.size) <= MENU_LABEL_WORDS
    };
    let read: Vec<&Candidate> = cands[end..]
        .iter()
        .filter(|c| c.live() && !label(c))
        .collect();
    if read.windows(2).any(|w| prose(w[0]) && prose(w[1])) {
        return None;
    }
    let mut from = start;
    for (k, c) in cands[..start].iter().enumerate().rev().take(FOOTER_LEAD) {
        if c.live() && (c.features.is_sentence() || c.list.is_some()) {
            break;
        }
        from = k;
    }
    Some(from)
}

/// Lines above a footer's menu that may be its own labels.
const FOOTER_LEAD: usize = 4;

/// Short non-sentences before the first and after the last prose paragraph are page
/// furniture. An extractor has already cut a web page down to its article, whose edges
/// may hold short lines of its own (a shopping list, a plan, show times): there only a
/// label of three words or fewer above the body (a section kicker) and a contact line
/// below it go.
pub(super) fn trim_body_edges(cands: &mut [Candidate], extracted: bool) {
    let live: Vec<usize> = (0..cands.len()).filter(|&i| cands[i].live()).collect();
    let prose: Vec<usize> = live
        .iter()
        .copied()
        .filter(|&i| cands[i].features.is_prose())
        .collect();
    let (Some(&first), Some(&last)) = (prose.first(), prose.last()) else {
        // No full paragraph at all: keep what reads as sentences, drop labels.
        for &i in &live {
            if !cands[i].features.is_sentence() && cands[i].list.is_none() {
                cands[i].drop_with("not a sentence, and the text has no prose paragraph");
            }
        }
        return;
    };
    for (pos, &i) in live.iter().enumerate() {
        let c = &cands[i];
        let plain = !c.features.is_sentence() && c.list.is_none();
        if i < first {
            // A standfirst or kicker stands right above the body; a run of short
            // headline-shaped lines further up is a menu.
            let next_is_body = live.get(pos + 1) == Some(&first);
            let keep = if extracted {
                !plain || c.features.words.max(c.features.size) > LABEL_WORDS
            } else {
                !plain || (c.features.is_heading_like() && next_is_body && c.features.words >= 3)
            };
            if !keep {
                cands[i].drop_with("short line before the article body");
            }
        } else if i > last {
            let prev_keeps_list = pos > 0 && {
                let p = &cands[live[pos - 1]];
                p.live() && (p.features.lead_in || p.list.is_some())
            };
            // "The two leaders signed these documents:" followed by the list it introduces.
            let introduces_list =
                c.features.lead_in && live.get(pos + 1).is_some_and(|&n| cands[n].list.is_some());
            let keep = if extracted {
                !(plain && has_email(&c.text))
            } else {
                c.features.is_sentence() || introduces_list || (c.list.is_some() && prev_keeps_list)
            };
            if !keep {
                cands[i].drop_with(if extracted {
                    "contact line after the article body"
                } else {
                    "short line after the article body"
                });
            }
        }
    }
}

/// Most words a section label above an extracted article has ("North Korea", "Travel").
const LABEL_WORDS: usize = 3;

/// A word shaped like an e-mail address (`desk@news.example`).
fn has_email(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        w.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    })
}

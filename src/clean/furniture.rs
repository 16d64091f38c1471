//! Page furniture that comes in blocks: an image's caption above its credit line, an
//! inline "Related" box inside the article, a related-stories or comments tail after it.

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
    let headlines = cands[from..k]
        .iter()
        .all(|c| c.live() && c.hit.is_none() && !c.features.terminal && c.features.size <= 20);
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
    while i < cands.len() {
        if !label(&cands[i]) {
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
        if labels >= MENU_RUN {
            for c in cands[start..i].iter_mut().filter(|c| c.live()) {
                c.drop_with(format!("menu: {labels} short labels in a row"));
            }
        }
    }
}

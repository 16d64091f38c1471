//! Membership: per-topic totals over an article, and the verdict drawn from them.

use super::{TermCount, TopicRule, TopicScore, passage};
use crate::clean::Block;
use crate::config::ScoringConfig;
use crate::text::sentences::split_sentences;

/// Running totals of one topic over an article.
#[derive(Debug, Clone, Default)]
pub(super) struct Tally {
    /// Weight of counted sentences (and a counted title).
    pub(super) weight: f64,
    /// Counted body sentences.
    pub(super) sentences: usize,
    /// Body sentences set aside.
    pub(super) set_aside: usize,
    /// Focus paragraphs.
    pub(super) focus: usize,
    /// A strong term was counted.
    pub(super) strong: bool,
    /// The title counted.
    pub(super) in_title: bool,
    /// The headline ties the topic to its anchor and names no one else.
    pub(super) headline: bool,
    /// The topic's last mention counted.
    pub(super) last_tied: bool,
    /// Counted matches per canonical term.
    pub(super) counts: Vec<usize>,
    /// (counted sentences, weight, block, counted-sentence mask) of the best paragraph.
    pub(super) best: Option<(usize, f64, usize, u64)>,
}

/// Counted sentences and weight of one topic in the paragraph being read.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct InParagraph {
    /// Counted sentences.
    pub(super) sentences: usize,
    /// Their weight.
    pub(super) weight: f64,
    /// Which sentences counted (the first 64).
    pub(super) mask: u64,
}

impl InParagraph {
    /// Counts sentence `index` of the paragraph.
    pub(super) fn count(&mut self, index: usize) {
        self.sentences += 1;
        if index < 64 {
            self.mask |= 1 << index;
        }
    }
}

/// The verdict for one topic from its totals.
pub(super) fn verdict(
    rule: &TopicRule,
    scoring: &ScoringConfig,
    tally: &Tally,
    total_sentences: usize,
    blocks: &[Block],
) -> TopicScore {
    let share = if total_sentences == 0 {
        0.0
    } else {
        tally.sentences as f64 / total_sentences as f64
    };
    // A topic named (and tied) in the headline needs only half the share in the body.
    let share_needed = if tally.in_title {
        scoring.min_share / 2.0
    } else {
        scoring.min_share
    };
    // A tied headline is one of the sentences the share rule needs.
    let counted = tally.sentences + usize::from(tally.in_title);
    let by_share = share >= share_needed && counted >= scoring.min_sentences;
    let discussed = tally.focus > 0 || by_share;
    let mut terms: Vec<TermCount> = rule
        .terms
        .iter()
        .zip(&tally.counts)
        .filter(|(_, c)| **c > 0)
        .map(|(term, &count)| TermCount {
            term: term.clone(),
            count,
        })
        .collect();
    terms.sort_by(|a, b| b.count.cmp(&a.count).then(a.term.cmp(&b.term)));
    // The passage is made of sentences that counted, so it shows why the article is here.
    let passage = tally
        .best
        .and_then(|(_, _, b, mask)| blocks.get(b).map(|block| (block, mask)))
        .map(|(block, mask)| {
            let counted = split_sentences(&block.text)
                .into_iter()
                .enumerate()
                .filter(move |(k, _)| *k < 64 && mask & (1 << k) != 0)
                .map(|(_, s)| s);
            passage::passage(counted)
        })
        .unwrap_or_default();
    TopicScore {
        slug: rule.slug.clone(),
        score: (tally.weight * 100.0).round() / 100.0,
        threshold: rule.threshold,
        sentences: tally.sentences,
        set_aside: tally.set_aside,
        total_sentences,
        focus_paragraphs: tally.focus,
        terms,
        passage,
        member: tally.weight >= rule.threshold && tally.strong && discussed,
    }
}

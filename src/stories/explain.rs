//! Why two articles were (or were not) grouped, in words `clean --explain` can print.

use std::fmt;

use super::cluster::{Edge, EdgeKind, MAX_GROUP, Outcome};
use super::features::{self, Features, TermKind, named_terms};
use super::index::UNDATED;
use super::minhash::{self, SHINGLE};
use super::rewrite::{self, DAY_PENALTY, UNDATED_PENALTY};
use super::state::StoryIndex;
use super::{COPY_THRESHOLD, Grouper, Stories, StoryInput};

/// Shared terms listed per kind.
const LISTED: usize = 8;

/// The evidence behind one decision about a pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Near-identical text.
    NearCopy {
        /// Jaccard similarity of the word shingles.
        jaccard: f64,
        /// Whether `jaccard` is the MinHash estimate (clear of the threshold) or exact.
        estimated: bool,
        /// Jaccard needed.
        threshold: f64,
    },
    /// Two reports of one event.
    SameEvent(Evidence),
    /// Both carry the same `story` front matter.
    Override {
        /// The id both name.
        id: String,
    },
}

/// Terms two reports share, and the scores that decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Shared content words, most distinctive first.
    pub terms: Vec<String>,
    /// Shared names (adjacent capitalised words, joined where they overlap).
    pub entities: Vec<String>,
    /// Shared numbers.
    pub numbers: Vec<String>,
    /// Cosine of the pair, less [`DAY_PENALTY`] when the leads name days one apart.
    pub score: f64,
    /// Cosine of the pair.
    pub cosine: f64,
    /// Distance between the days the two leads name, when both name one.
    pub lead_days: Option<i64>,
    /// Cosine needed.
    pub threshold: f64,
    /// Days between the two dates, when both are known.
    pub days_apart: Option<i64>,
    /// Mean cosine between the two groups joined by this pair (the chaining guard).
    pub link: Option<f64>,
    /// Mean cosine needed for the link.
    pub link_threshold: f64,
}

/// A decision about two articles (input indices).
#[derive(Debug, Clone, PartialEq)]
pub struct PairExplanation {
    /// One article.
    pub a: usize,
    /// The other.
    pub b: usize,
    /// Whether they ended up in one story.
    pub grouped: bool,
    /// The evidence.
    pub reason: Reason,
    /// Why not, when not grouped despite the evidence (chaining guard, date window, size).
    pub refused: Option<String>,
}

impl fmt::Display for PairExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            Reason::NearCopy {
                jaccard,
                estimated,
                threshold,
            } => {
                let about = if *estimated { "about " } else { "" };
                write!(
                    f,
                    "near-identical copy, Jaccard {about}{jaccard:.2} on {SHINGLE}-word shingles (>= {threshold:.2})"
                )?
            }
            Reason::Override { id } => write!(f, "both set story = \"{id}\" in front matter")?,
            Reason::SameEvent(e) => {
                let verdict = if e.score >= e.threshold { ">=" } else { "<" };
                write!(f, "same event: ")?;
                // Lists are empty until `Grouper::with_terms` fills them.
                for (label, list) in [
                    ("shared rare terms", &e.terms),
                    ("entities", &e.entities),
                    ("numbers", &e.numbers),
                ] {
                    if !e.terms.is_empty() || !e.entities.is_empty() || !e.numbers.is_empty() {
                        write!(f, "{label} [{}], ", list.join(", "))?;
                    }
                }
                write!(f, "score {:.2} {verdict} {:.2}", e.score, e.threshold)?;
                if e.lead_days == Some(1) {
                    write!(
                        f,
                        " (cosine {:.2} less {DAY_PENALTY:.2}: the leads name days 1 apart)",
                        e.cosine
                    )?;
                }
                match e.days_apart {
                    Some(1) => write!(f, ", dates 1 day apart")?,
                    Some(d) => write!(f, ", dates {d} days apart")?,
                    None if e.lead_days.is_none() => write!(
                        f,
                        ", a date unknown (cosine {:.2} less {UNDATED_PENALTY:.2})",
                        e.cosine
                    )?,
                    None => write!(f, ", a date unknown")?,
                }
                if let Some(link) = e.link {
                    write!(f, ", group link {link:.2} (needs {:.2})", e.link_threshold)?;
                }
            }
        }
        if let Some(why) = &self.refused {
            write!(f, "; not grouped: {why}")?;
        }
        Ok(())
    }
}

/// The shared terms of two articles, most distinctive (highest combined weight) first.
fn evidence(
    (input_a, input_b): (&StoryInput, &StoryInput),
    index: &StoryIndex,
    (a, b): (usize, usize),
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let names_b = named_terms(input_b);
    let mut shared: Vec<(f32, TermKind, String)> = Vec::new();
    for (hash, kind, text) in named_terms(input_a) {
        if names_b.binary_search_by_key(&hash, |n| n.0).is_err() {
            continue;
        }
        let weight = |i: usize| index.terms.weight(i, hash);
        shared.push((weight(a) * weight(b), kind, text));
    }
    shared.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.2.cmp(&y.2)));
    let of = |kind: TermKind| -> Vec<String> {
        shared
            .iter()
            .filter(|s| s.1 == kind)
            .map(|s| s.2.clone())
            .collect()
    };
    let mut terms = of(TermKind::Word);
    terms.truncate(LISTED);
    let mut entities = join_bigrams(of(TermKind::Entity));
    entities.truncate(LISTED);
    let mut numbers = of(TermKind::Number);
    numbers.truncate(LISTED);
    (terms, entities, numbers)
}

/// Joins name bigrams that overlap by a word: `lee jae` + `jae myung` → `lee jae myung`.
fn join_bigrams(bigrams: Vec<String>) -> Vec<String> {
    let mut phrases: Vec<Vec<String>> = bigrams
        .iter()
        .map(|b| b.split(' ').map(str::to_string).collect())
        .collect();
    let mut merged = true;
    while merged {
        merged = false;
        'outer: for i in 0..phrases.len() {
            for j in 0..phrases.len() {
                if i != j && phrases[i].last() == phrases[j].first() && phrases[j].len() > 1 {
                    let tail: Vec<String> = phrases[j][1..].to_vec();
                    phrases[i].extend(tail);
                    phrases.remove(j);
                    merged = true;
                    break 'outer;
                }
            }
        }
    }
    phrases.into_iter().map(|p| p.join(" ")).collect()
}

impl StoryIndex {
    /// The explanation of one decided edge.
    pub(super) fn explain_edge(
        &self,
        features: &[Features],
        e: &Edge,
        outcome: Outcome,
    ) -> PairExplanation {
        let (grouped, link, refused) = match outcome {
            Outcome::Redundant | Outcome::Merged { .. } => (true, outcome.link(), None),
            Outcome::WeakLink { link } => (
                false,
                Some(link),
                Some(format!(
                    "the groups' mean cosine {link:.2} < {:.2} (chaining guard)",
                    rewrite::LINK_THRESHOLD
                )),
            ),
            Outcome::TooLarge => (
                false,
                None,
                Some(format!("the story would exceed {MAX_GROUP} articles")),
            ),
            Outcome::CannotLink => (
                false,
                None,
                Some("the other story holds a report whose lead names a day 2+ days away".into()),
            ),
        };
        let reason = match e.kind {
            EdgeKind::EstimatedCopy => Reason::NearCopy {
                jaccard: e.score,
                estimated: true,
                threshold: COPY_THRESHOLD,
            },
            EdgeKind::Rewrite => {
                Reason::SameEvent(self.evidence(features, e.a, e.b, e.cosine, link))
            }
        };
        PairExplanation {
            a: e.a,
            b: e.b,
            grouped,
            reason,
            refused,
        }
    }

    /// Scores of a pair with cosine `cosine`; the shared terms are listed by
    /// [`Grouper::with_terms`], which reads both texts again and so is left to whoever
    /// prints the explanation.
    fn evidence(
        &self,
        features: &[Features],
        a: usize,
        b: usize,
        cosine: f64,
        link: Option<f64>,
    ) -> Evidence {
        let lead_days = rewrite::day_gap(&features[a].event_days, &features[b].event_days);
        let dk = &self.terms.dk;
        let dated = dk[a] != UNDATED && dk[b] != UNDATED;
        Evidence {
            terms: Vec::new(),
            entities: Vec::new(),
            numbers: Vec::new(),
            score: rewrite::adjusted(cosine, lead_days, !dated).unwrap_or(cosine),
            cosine,
            lead_days,
            threshold: rewrite::THRESHOLD,
            days_apart: dated.then(|| (dk[a] - dk[b]).abs()),
            link,
            link_threshold: rewrite::LINK_THRESHOLD,
        }
    }
}

impl Grouper<'_> {
    /// An explanation with the shared terms listed (for same-event evidence).
    pub fn with_terms(&self, x: &PairExplanation) -> PairExplanation {
        let mut out = x.clone();
        if let Reason::SameEvent(e) = &mut out.reason {
            let (input_a, input_b) = (self.full_input(x.a), self.full_input(x.b));
            let inputs = (input_a.as_ref(), input_b.as_ref());
            let (terms, entities, numbers) = evidence(inputs, &self.index, (x.a, x.b));
            (e.terms, e.entities, e.numbers) = (terms, entities, numbers);
        }
        out
    }

    /// Every decision of `stories` with its shared terms, for `clean --explain`.
    pub fn explanations(&self, stories: &Stories) -> Vec<PairExplanation> {
        stories
            .explanations
            .iter()
            .map(|x| self.with_terms(x))
            .collect()
    }

    /// Explains any pair, grouped or not, with its shared terms, for `clean --explain`.
    pub fn explain_pair(&self, stories: &Stories, a: usize, b: usize) -> PairExplanation {
        let grouped = stories.story_of[a] == stories.story_of[b];
        if let Some(known) = stories
            .explanations
            .iter()
            .find(|x| (x.a, x.b) == (a, b) || (x.a, x.b) == (b, a))
        {
            return self.with_terms(known);
        }
        let (sa, sb) = (
            &self.inputs[a].story_override,
            &self.inputs[b].story_override,
        );
        if let (Some(x), Some(y)) = (sa, sb)
            && x == y
        {
            return PairExplanation {
                a,
                b,
                grouped,
                reason: Reason::Override { id: x.clone() },
                refused: None,
            };
        }
        let copy = match (&self.features[a].signature, &self.features[b].signature) {
            (Some(_), Some(_)) => minhash::jaccard(
                &features::shingle_set(&self.full_input(a)),
                &features::shingle_set(&self.full_input(b)),
            ),
            _ => 0.0,
        };
        let reason = if copy >= COPY_THRESHOLD {
            Reason::NearCopy {
                jaccard: copy,
                estimated: false,
                threshold: COPY_THRESHOLD,
            }
        } else {
            let cosine = self.index.cosine(a, b);
            Reason::SameEvent(self.index.evidence(self.features, a, b, cosine, None))
        };
        let reason = self
            .with_terms(&PairExplanation {
                a,
                b,
                grouped,
                reason,
                refused: None,
            })
            .reason;
        let refused = (!grouped).then(|| self.refusal(a, b, &reason));
        PairExplanation {
            a,
            b,
            grouped,
            reason,
            refused,
        }
    }

    /// Why a pair that was not grouped was not.
    fn refusal(&self, a: usize, b: usize, reason: &Reason) -> String {
        if self.inputs[a].story_override.is_some() || self.inputs[b].story_override.is_some() {
            return "a story override separates them".into();
        }
        if let Reason::SameEvent(e) = reason {
            if e.days_apart.is_some_and(|d| d > rewrite::WINDOW_DAYS) {
                return format!("dates more than {} days apart", rewrite::WINDOW_DAYS);
            }
            if let Some(g) = e.lead_days.filter(|&g| g >= rewrite::DAY_VETO) {
                return format!("their leads name days {g} apart: different events");
            }
            if self.index.terms.pair(a, b).shared < rewrite::MIN_SHARED {
                return format!(
                    "fewer than {} shared words and numbers",
                    rewrite::MIN_SHARED
                );
            }
            if e.score < e.threshold {
                return "score below the threshold".into();
            }
            return "too few distinctive shared terms to be compared (index cap)".into();
        }
        "refused by the chaining guard".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_name_bigrams_join_into_one_name() {
        let got = join_bigrams(vec![
            "lee jae".into(),
            "xi jinping".into(),
            "jae myung".into(),
        ]);
        assert_eq!(got, vec!["lee jae myung", "xi jinping"]);
    }

    #[test]
    fn explanation_reads_like_the_issue_asks() {
        let e = PairExplanation {
            a: 0,
            b: 1,
            grouped: true,
            reason: Reason::SameEvent(Evidence {
                terms: vec!["swap".into()],
                entities: vec!["xi jinping".into()],
                numbers: vec!["70 trillion".into()],
                score: 0.41,
                cosine: 0.41,
                lead_days: Some(0),
                threshold: 0.30,
                days_apart: Some(1),
                link: None,
                link_threshold: 0.2,
            }),
            refused: None,
        };
        assert_eq!(
            e.to_string(),
            "same event: shared rare terms [swap], entities [xi jinping], numbers [70 trillion], score 0.41 >= 0.30, dates 1 day apart"
        );
        let copy = PairExplanation {
            reason: Reason::NearCopy {
                jaccard: 0.934,
                estimated: false,
                threshold: 0.6,
            },
            ..e
        };
        assert_eq!(
            copy.to_string(),
            "near-identical copy, Jaccard 0.93 on 5-word shingles (>= 0.60)"
        );
    }
}

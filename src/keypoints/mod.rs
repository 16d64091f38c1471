//! Site pass: the 3–7 key points that open a topic, each a sentence taken verbatim from
//! a member article, with the paragraph it came from.
//!
//! How they are chosen:
//! 1. Candidates: sentences of the first [`PARAGRAPHS`] paragraphs of the
//!    [`MAX_ARTICLES`] newest member articles that can stand alone ([`sentence`]).
//! 2. Score: LexRank centrality over TF-IDF sentence vectors ([`lexrank`]), the random
//!    walk's jumps weighted by recency (half-life [`HALF_LIFE_DAYS`] before the newest
//!    report) and paragraph position (the lead counts most), times
//!    `RECENCY_FLOOR + (1 − RECENCY_FLOOR) × recency`.
//! 3. Selection, best first: at most one point per story until every story has had its
//!    turn, none within cosine [`DUPLICATE_COSINE`] of a chosen point, [`MAX_POINTS`] at most;
//!    as many points as the topic has stories, but at least [`MIN_POINTS`] when the
//!    material allows.
//!
//! Depends on [`crate::terms`] and the sentence splitter of [`crate::topics`]; nothing
//! of the site.

mod lexrank;
pub mod sentence;

use crate::terms::FastSet;

/// Fewest key points a topic gets when it has that many acceptable sentences.
pub const MIN_POINTS: usize = 3;
/// Most key points per topic.
pub const MAX_POINTS: usize = 7;
/// Paragraphs read per article: the lead paragraphs carry the news.
pub const PARAGRAPHS: usize = 4;
/// Newest member articles read per topic: older ones would not be chosen anyway, and the
/// cap keeps the graph small however large the topic grows.
pub const MAX_ARTICLES: usize = 150;
/// Days after which a report's jump weight halves.
pub const HALF_LIFE_DAYS: f64 = 7.0;
/// Share of a point's score that does not depend on recency.
pub const RECENCY_FLOOR: f64 = 0.2;
/// Cosine at which two sentences say the same thing.
pub const DUPLICATE_COSINE: f64 = 0.5;

/// One member article as key points see it.
#[derive(Debug, Clone, Copy)]
pub struct KeyPointArticle<'a> {
    /// Cleaned body blocks, as the site numbers them (paragraph indices refer to these).
    pub paragraphs: &'a [String],
    /// [`lead_sentences`] of `paragraphs`: made once per article, however many topics
    /// read it.
    pub sentences: &'a [LeadSentence],
    /// Publication date.
    pub date: Option<jiff::civil::Date>,
    /// The article's story (e.g. `Stories::story_of[i]`), for the spread across stories.
    pub story: usize,
}

/// One key point.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPoint {
    /// The sentence, verbatim from the paragraph.
    pub text: String,
    /// Index of the article in the slice given to [`key_points`].
    pub article: usize,
    /// Index of the paragraph within the article.
    pub paragraph: usize,
    /// Final score (stationary probability of the biased LexRank walk).
    pub score: f64,
    /// Why it was chosen, in words.
    pub why: String,
}

/// A candidate sentence.
struct Candidate<'a> {
    text: &'a str,
    terms: &'a [(u64, f32)],
    article: usize,
    paragraph: usize,
    recency: f64,
    age_days: Option<i64>,
}

/// A sentence of an article's lead that can stand alone, with its term counts.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadSentence {
    /// Index of its paragraph.
    paragraph: usize,
    /// Byte range within the paragraph (credit lines left out).
    start: usize,
    end: usize,
    /// Content words and numbers, folded and counted ([`lexrank::terms_of`]).
    terms: Vec<(u64, f32)>,
}

/// The acceptable sentences of the first [`PARAGRAPHS`] of `paragraphs`, in order.
pub fn lead_sentences(paragraphs: &[String]) -> Vec<LeadSentence> {
    let mut out = Vec::new();
    for (p, paragraph) in paragraphs.iter().take(PARAGRAPHS).enumerate() {
        for s in crate::text::sentences::split_sentences(paragraph) {
            let s = sentence::without_credit(s);
            if sentence::rejection(s).is_none() {
                // `s` is a slice of `paragraph`: its place is its offset.
                let Some(start) = (s.as_ptr() as usize)
                    .checked_sub(paragraph.as_ptr() as usize)
                    .filter(|o| o + s.len() <= paragraph.len())
                else {
                    continue;
                };
                out.push(LeadSentence {
                    paragraph: p,
                    start,
                    end: start + s.len(),
                    terms: lexrank::terms_of(s),
                });
            }
        }
    }
    out
}

/// Chooses the key points of a topic whose members are `members` (indices into `articles`).
pub fn key_points(articles: &[KeyPointArticle<'_>], members: &[usize]) -> Vec<KeyPoint> {
    let newest_first = newest(members, |a| articles[a].date);
    let newest = newest_first.iter().filter_map(|&a| articles[a].date).max();
    let candidates = candidates(articles, &newest_first, newest);
    if candidates.is_empty() {
        return Vec::new();
    }
    let counts: Vec<&[(u64, f32)]> = candidates.iter().map(|c| c.terms).collect();
    let vectors = lexrank::vectors(&counts);
    let group: Vec<usize> = candidates.iter().map(|c| c.article).collect();
    let prior: Vec<f64> = candidates
        .iter()
        .map(|c| c.recency / (1.0 + c.paragraph as f64))
        .collect();
    let centrality = lexrank::rank(&vectors, &group, &prior);
    // The walk's jumps already favour newer reports, but in a well-linked graph they
    // barely move the ranking: the recency weight also scales the final score, with a
    // floor so that an old but central sentence can still win a quiet topic.
    let scores: Vec<f64> = centrality
        .iter()
        .zip(&candidates)
        .map(|(c, cand)| c * (RECENCY_FLOOR + (1.0 - RECENCY_FLOOR) * cand.recency))
        .collect();
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&x, &y| scores[y].total_cmp(&scores[x]).then(x.cmp(&y)));
    let stories: FastSet<usize> = newest_first.iter().map(|&a| articles[a].story).collect();
    let target = stories.len().clamp(MIN_POINTS, MAX_POINTS);
    let chosen = select(&order, &candidates, &vectors, articles, target);
    chosen
        .into_iter()
        .map(|i| {
            let c = &candidates[i];
            let rank = order.iter().position(|&o| o == i).unwrap_or(0) + 1;
            let age = match c.age_days {
                Some(0) => "from the newest reports".to_string(),
                Some(1) => "1 day before the newest report".to_string(),
                Some(d) => format!("{d} days before the newest report"),
                None => "undated".to_string(),
            };
            KeyPoint {
                text: c.text.to_string(),
                article: c.article,
                paragraph: c.paragraph,
                score: scores[i],
                why: format!(
                    "rank {rank} of {} candidate sentences from {} articles: LexRank centrality {:.4} × recency {:.2} ({age}); paragraph {} of its article",
                    candidates.len(),
                    newest_first.len(),
                    centrality[i],
                    c.recency,
                    c.paragraph + 1
                ),
            }
        })
        .collect()
}

/// The members key points read: the [`MAX_ARTICLES`] newest (undated last, then by
/// index), newest first. A caller may give [`key_points`] only these members' paragraphs.
pub fn newest(members: &[usize], date: impl Fn(usize) -> Option<jiff::civil::Date>) -> Vec<usize> {
    let mut newest_first: Vec<usize> = members.to_vec();
    newest_first.sort_by_key(|&a| (std::cmp::Reverse(date(a)), a));
    newest_first.dedup();
    newest_first.truncate(MAX_ARTICLES);
    newest_first
}

/// Acceptable sentences of the lead paragraphs of the given articles.
fn candidates<'a>(
    articles: &[KeyPointArticle<'a>],
    chosen: &[usize],
    newest: Option<jiff::civil::Date>,
) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    // One node per distinct sentence: a copied sentence (a wire copy, a stock line)
    // would otherwise vote for itself; the newest article keeps it.
    let mut seen: FastSet<&str> = FastSet::default();
    for &a in chosen {
        let art = &articles[a];
        let age_days = newest.zip(art.date).map(|(n, d)| (n - d).get_days().into());
        let age_days = age_days.map(|d: i64| d.max(0));
        let recency = age_days.map_or(0.5, |d| 0.5f64.powf(d as f64 / HALF_LIFE_DAYS));
        for l in art.sentences {
            let Some(text) = art
                .paragraphs
                .get(l.paragraph)
                .and_then(|p| p.get(l.start..l.end))
            else {
                continue; // prepared from other paragraphs: skipped, not a panic
            };
            if seen.insert(text) {
                out.push(Candidate {
                    text,
                    terms: &l.terms,
                    article: a,
                    paragraph: l.paragraph,
                    recency,
                    age_days,
                });
            }
        }
    }
    out
}

/// Greedy choice, best first: one point per story while unseen stories remain, no near
/// duplicates, up to `target` points.
fn select(
    order: &[usize],
    candidates: &[Candidate<'_>],
    vectors: &[lexrank::Vector],
    articles: &[KeyPointArticle<'_>],
    target: usize,
) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut stories: FastSet<usize> = FastSet::default();
    // First pass: one per story; second pass (a topic with fewer stories than points):
    // further points from stories already used.
    for repeat in [false, true] {
        for &i in order {
            if chosen.len() >= target {
                return chosen;
            }
            let story = articles[candidates[i].article].story;
            let new_story = !stories.contains(&story);
            let distinct = chosen
                .iter()
                .all(|&c| lexrank::cosine(&vectors[c], &vectors[i]) < DUPLICATE_COSINE);
            if (new_story || repeat) && distinct && !chosen.contains(&i) {
                chosen.push(i);
                stories.insert(story);
            }
        }
    }
    chosen
}

/// The home page's points: the first `per_topic` of each topic (topics in the order
/// given), skipping a sentence an earlier topic already shows. `topics[t][k].article`
/// must index the same article list in every topic.
pub fn home_points(topics: &[Vec<KeyPoint>], per_topic: usize) -> Vec<Vec<KeyPoint>> {
    let mut shown: FastSet<(usize, usize, String)> = FastSet::default();
    topics
        .iter()
        .map(|points| {
            points
                .iter()
                .filter(|p| shown.insert((p.article, p.paragraph, p.text.clone())))
                .take(per_topic)
                .cloned()
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests;

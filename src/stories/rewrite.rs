//! Rewrites of one event: TF-IDF cosine over content words, capitalised-name bigrams and
//! numbers, for pairs found through an inverted index within a date window.
//!
//! Weights: a term's weight in an article is (1 + ln tf) × kind boost × idf, with
//! idf = ln(1 + N / df) over the articles being grouped, rounded to
//! [`IDF_STEP`](super::index::IDF_STEP). The vector norm counts only
//! terms found in at least two articles: a term no other article has cannot pair
//! anything, and leaving it out keeps a long report (or one in another language, which
//! shares names and numbers but few words) from being penalised for its unique detail.
//!
//! Candidates ([`super::index`]): each article offers its [`TOP_TERMS`] heaviest terms
//! that another article has and at most [`WINDOW_CAP`] reports within its date window
//! do; the posting list of such a term is read only within the window. Terms in more
//! reports of the window ("president", "Seoul", "missile" in a big corpus) pair nothing,
//! which keeps the candidates per article bounded; they still count in the cosine. A pair
//! becomes a candidate when it is hit at least [`MIN_HITS`] times (a top term of either
//! that the other holds).

/// Cosine a pair needs to count as the same event. Two reports of one event in their own
/// words share its names, places and figures; on the labelled set (tests/stories) such
/// pairs mostly score 0.35–0.8 while reports of other events with the same leaders stay
/// under 0.25, and 0.30 sits in that gap.
pub const THRESHOLD: f64 = 0.30;
/// Average cosine between two groups needed to merge them (the chaining guard).
pub const LINK_THRESHOLD: f64 = 0.20;
/// Most days between two dated reports of one event: a summit, a launch or a statement is
/// reported the same day or the next ones, while a follow-up a week later is a new story.
pub const WINDOW_DAYS: i64 = 3;
/// Similarity a pair loses when the days their leads name are one day apart (a report
/// of Wednesday's parade and one of Thursday's talks); time zones make genuine reports of
/// one event differ by a day too, so one day only costs, it does not forbid.
pub const DAY_PENALTY: f64 = 0.15;
/// Leads naming days this far apart report different events.
pub const DAY_VETO: i64 = 2;

/// Smallest distance between the days two leads name; `None` when either names none.
pub fn day_gap(a: &[i64], b: &[i64]) -> Option<i64> {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| (x - y).abs()))
        .min()
}

/// Similarity a pair loses when nothing says when either report happened (one is
/// undated and neither lead names a day): the date window is half of what makes two
/// reports one event, so without it their words must carry more. Undated text dumps of
/// one week's news about the same leaders share much of their wording (0.40–0.45 on the
/// default site's seeds, none of them one event), and in a small site term weights
/// cannot tell an event's words from the site's everyday ones.
pub const UNDATED_PENALTY: f64 = 0.20;

/// A pair's cosine adjusted for the days its leads name: `None` when they are
/// [`DAY_VETO`] or more apart; less [`UNDATED_PENALTY`] when `undated` and no day is
/// named.
pub fn adjusted(cosine: f64, gap: Option<i64>, undated: bool) -> Option<f64> {
    match gap {
        Some(g) if g >= DAY_VETO => None,
        Some(1) => Some(cosine - DAY_PENALTY),
        None if undated => Some(cosine - UNDATED_PENALTY),
        _ => Some(cosine),
    }
}

/// Shared words and numbers a pair needs before its cosine counts: in a small corpus a
/// name shared by two short reports ("Lee Jae Myung": three words) can carry the whole
/// norm, and one shared name is not an event.
pub const MIN_SHARED: usize = 6;

/// Terms per article used to find candidates.
pub const TOP_TERMS: usize = 12;
/// Index hits a pair needs to be scored (of up to 2 × [`TOP_TERMS`]: a top term of
/// either that the other holds). On the labelled set every same-event pair that links has
/// 6 or more, while a pair hit once or twice shares one name or one number with its unit
/// (`45`, `45 percent`); each pair scored costs a walk over both term lists.
pub const MIN_HITS: usize = 4;

/// Reports around an article's date (its window, undated ones included) a term may
/// occur in and still find candidates. Stories have 1–5 reports, rarely a dozen; a term
/// in more of the reports of one week is a recurring name or figure of the news, not the
/// mark of one event. A bound per window, not a share of the corpus, keeps the
/// candidates per article constant however many articles there are. (The old bound,
/// 2% of the corpus, let a term's window list grow with N.)
pub const WINDOW_CAP: usize = 16;

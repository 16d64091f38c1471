//! The article-extraction benchmark's metric, implemented here from its description
//! (`../shared/aeb-dev/README.md`), and the runs of `briefing`'s cleaner on its pages.
//! Shared by `examples/aeb_score.rs` (the report) and `tests/aeb_dev.rs` (the floors).
//!
//! Metric: per page, the truth and the prediction are split into word tokens (Unicode
//! `\w+`) and 4-token shingles with counts; tp is their overlap, fp the prediction's
//! extra shingles, fn the missing ones. Precision tp / (tp + fp) and recall tp / (tp + fn)
//! are averaged over pages (a page where one is undefined is skipped for it), and F1 is
//! the harmonic mean of the two averages.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use briefing::article::Article;
use briefing::clean::template::SiteTemplate;
use briefing::clean::{Block, BlockKind};
use briefing::config::SiteConfig;
use briefing::sources::{SourceFile, SourceKind};
use briefing::topics::TopicIndex;

/// The 20 pages set aside before any tuning: the first 20 ids in the order of their
/// FNV-1a 64-bit hash (see [`held_out_by_rule`]). They are scored, never inspected.
pub const HELD_OUT: [&str; 20] = [
    "1ace8c85aaee21b9d4505eca506d50c4721c29db62848b567a9703bfe0583892",
    "3f65af7b6b98b1c9ae9a3e0d8a09a85600cdc44e26e4b3a6db96a31f4b1767e3",
    "5fa5679de56c43edf70685762c2d1f2de296432ae53aa46e075b552fee17cab8",
    "5f9c5ed5d64dfe682d9bde13b9b4f032a3ebdbf165c06ec49c0705bcbe106e3b",
    "08f793762792bd252c75fb57544cdf506ffcc04785136cb87503f02364b82b56",
    "14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f",
    "776a1c046798b474e410f6edf3225d6a27fecd0de6aac22aef7b7f64fe87caaf",
    "5fa3154ec031ab35411a457d78eb5aa92c0e803c5329bd05c001e6d64009e206",
    "21486419bb109c5a62a68957f528e6ff29c92f58d8d3c1f2837c86ff3f3e11f9",
    "5a822960e9a2cb1e664d334b6c936c5cb6e41fb5331877538c2c8339cb59d57e",
    "34a7328535ad4e60b059f81d37eec5d25c2bc8de759ce9a7b5e47ac7dc6fd1b0",
    "4219d096902dad9fd9d57e881e7928ca66bdf5334c2bc7dfddaa264887777a7a",
    "5caf91b8a4423735f866b089d2611ea14503584cf3b6f487c6d26eb7b9521fca",
    "65bf3048b500bbd84928d9122f99617ca898216b91add1d8b2ac09c670484a5c",
    "39d5c43beb60605c3eec760c99500e62e7bd71ebbe4ae05edf382125e1b0b80a",
    "3cb5e2f46626d5bb0345759453036f7eabc0b0c7796b796513606bf693060ced",
    "57d46c9d751e3fd3ffaf3ede7ac20cebd30eacb5ea78e1a6aa0a72059244e7ca",
    "5ae11e580afc12d3ba1a12944281e6a7a5dded5c98b4efcf24aedcb28f0d5b22",
    "42aad16bde9288623543642a9ce1a396be83e2db44aa2ff8cbbfe46e14abd7cc",
    "360c732d1fdbfc6895d7096c0c0b8c0d581bb1af80160f4c6a0f1fd9ff85e469",
];

/// FNV-1a, 64 bits: the hash that orders the ids for the held-out split.
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The held-out split computed from its rule, to check [`HELD_OUT`] against.
pub fn held_out_by_rule(ids: &[String]) -> Vec<String> {
    let mut sorted = ids.to_vec();
    sorted.sort_by_key(|id| fnv1a(id));
    sorted.truncate(HELD_OUT.len());
    sorted
}

/// Where the benchmark's pages are: `$AEB_DIR`, else `../shared/aeb-dev` beside the checkout.
pub fn data_dir() -> PathBuf {
    std::env::var_os("AEB_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/aeb-dev"),
        PathBuf::from,
    )
}

/// One benchmark page.
pub struct Page {
    /// The page's id (a hash).
    pub id: String,
    /// The saved page.
    pub html: String,
    /// What selecting all and copying gives.
    pub text: String,
    /// The hand-made article body.
    pub truth: String,
    /// Set aside: scored, never inspected.
    pub held_out: bool,
}

/// Reads every page of the benchmark folder, sorted by id.
pub fn load(dir: &Path) -> Result<Vec<Page>, String> {
    let truth_path = dir.join("ground-truth.json");
    let raw = std::fs::read_to_string(&truth_path)
        .map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let truth: HashMap<String, serde_json::Value> =
        serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let mut pages = Vec::new();
    for id in ids {
        let gz = dir.join("html").join(format!("{id}.html.gz"));
        let mut html = String::new();
        let file = std::fs::File::open(&gz).map_err(|e| format!("{}: {e}", gz.display()))?;
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut html)
            .map_err(|e| format!("{}: {e}", gz.display()))?;
        let text_path = dir.join("text").join(format!("{id}.txt"));
        let text = std::fs::read_to_string(&text_path)
            .map_err(|e| format!("{}: {e}", text_path.display()))?;
        pages.push(Page {
            id: id.clone(),
            html,
            text,
            truth: truth[id]["articleBody"].as_str().unwrap_or("").to_string(),
            held_out: HELD_OUT.contains(&id.as_str()),
        });
    }
    Ok(pages)
}

static WORD: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\w+").unwrap_or_else(|e| panic!("{e}")));

/// 4-token shingles with their counts; a text of fewer tokens is one shorter shingle.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    let n = 4.min(tokens.len());
    for w in tokens.windows(n) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// One page's score: `None` where the measure is undefined (nothing predicted, or
/// nothing true).
#[derive(Debug, Clone, Copy, Default)]
pub struct PageScore {
    /// tp / (tp + fp).
    pub precision: Option<f64>,
    /// tp / (tp + fn).
    pub recall: Option<f64>,
}

impl PageScore {
    /// The page's own F1 (0 when either side is missing).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision.unwrap_or(0.0), self.recall.unwrap_or(0.0));
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores a prediction against the truth with 4-token shingles.
pub fn score(truth: &str, predicted: &str) -> PageScore {
    let (t, p) = (shingles(truth), shingles(predicted));
    let tp: usize = p
        .iter()
        .map(|(s, n)| (*n).min(t.get(s).copied().unwrap_or(0)))
        .sum();
    let fp = p.values().sum::<usize>() - tp;
    let fn_ = t.values().sum::<usize>() - tp;
    let ratio = |a: usize, b: usize| (a + b > 0).then(|| a as f64 / (a + b) as f64);
    PageScore {
        precision: ratio(tp, fp),
        recall: ratio(tp, fn_),
    }
}

/// Means over pages and the F1 of the means.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// Pages scored.
    pub pages: usize,
    /// Mean precision.
    pub precision: f64,
    /// Mean recall.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Pages whose prediction was empty.
    pub empty: usize,
}

/// Summarises page scores (`empty`: how many predictions were empty).
pub fn summarise(scores: &[PageScore], empty: usize) -> Summary {
    let mean = |values: Vec<f64>| {
        if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        }
    };
    let precision = mean(scores.iter().filter_map(|s| s.precision).collect());
    let recall = mean(scores.iter().filter_map(|s| s.recall).collect());
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Summary {
        pages: scores.len(),
        precision,
        recall,
        f1,
        empty,
    }
}

/// What cleaning one page gave.
pub struct Outcome {
    /// The title chosen.
    pub title: String,
    /// The body as plain text, one block a line.
    pub body: String,
    /// Its score.
    pub score: PageScore,
}

/// The body as the benchmark wants it: plain text, no markdown syntax, no title.
pub fn plain_body(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| plain_inline(&b.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Inline markdown (`**bold**`, `_em_`, `\*`) reduced to its text.
fn plain_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                if let Some(n) = chars.next() {
                    out.push(n);
                    prev = n;
                }
                continue;
            }
            // Emphasis markers sit at a word's edge: `_word_`, `**word**`.
            '*' | '_' => {
                let next = chars.peek().copied().unwrap_or(' ');
                if !prev.is_alphanumeric() || !next.is_alphanumeric() {
                    prev = c;
                    continue;
                }
            }
            '`' => continue,
            _ => {}
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Cleans a page's HTML or copied text with `briefing` and scores the body.
pub fn run(page: &Page, kind: SourceKind) -> Outcome {
    static SETUP: LazyLock<(SiteConfig, TopicIndex)> = LazyLock::new(|| {
        let config = SiteConfig::standalone();
        let index = TopicIndex::new(&config);
        (config, index)
    });
    let (config, index) = &*SETUP;
    let source = SourceFile {
        path: PathBuf::from(format!("{}.{}", page.id, extension(kind))),
        display: page.id.clone(),
        kind,
        text: match kind {
            SourceKind::Html => page.html.clone(),
            _ => page.text.clone(),
        },
    };
    let (article, cleaned, _) =
        Article::from_source(&source, index, config, &SiteTemplate::default());
    let title = article.map(|a| a.title).unwrap_or_default();
    let body = cleaned.map(|c| plain_body(&c.blocks)).unwrap_or_default();
    let score = score(&page.truth, &body);
    Outcome { title, body, score }
}

fn extension(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Html => "html",
        SourceKind::Markdown => "md",
        SourceKind::Text => "txt",
    }
}

/// The page's headline as its HTML gives it: the first `<h1>`, else `og:title`, else
/// `<title>` — the reference a chosen title is checked against.
pub fn reference_titles(html: &str) -> Vec<String> {
    let doc = dom_query::Document::from(html);
    let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let h1 = collapse(&doc.select("h1").first().text());
    if !h1.is_empty() {
        out.push(h1);
    }
    for sel in [
        r#"meta[property="og:title"]"#,
        r#"meta[name="twitter:title"]"#,
    ] {
        if let Some(v) = doc.select(sel).first().attr("content") {
            let v = collapse(&v);
            if !v.is_empty() {
                out.push(v);
            }
        }
    }
    if out.is_empty() {
        let t = collapse(&doc.select("title").first().text());
        if !t.is_empty() {
            out.push(t);
        }
    }
    out
}

/// Lower-cased word tokens.
fn words(text: &str) -> Vec<String> {
    WORD.find_iter(text)
        .map(|m| m.as_str().to_lowercase())
        .collect()
}

/// A chosen title is right when its words match one reference's at F1 ≥ 0.8
/// (references may add a site name or a kicker).
pub fn title_right(title: &str, references: &[String]) -> bool {
    let got = words(title);
    if got.is_empty() {
        return false;
    }
    references.iter().any(|r| {
        let want = words(r);
        let mut pool = want.clone();
        let common = got
            .iter()
            .filter(|w| {
                pool.iter()
                    .position(|p| p == *w)
                    .map(|i| pool.swap_remove(i))
                    .is_some()
            })
            .count();
        let (p, r) = (
            common as f64 / got.len() as f64,
            common as f64 / want.len().max(1) as f64,
        );
        p + r > 0.0 && 2.0 * p * r / (p + r) >= 0.8
    })
}

/// Kinds of the blocks, for reports.
pub fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "p",
        BlockKind::Heading(_) => "h",
        BlockKind::ListItem { .. } => "li",
    }
}

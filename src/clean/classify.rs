//! Decides, block by block and in context, what is title, body or boilerplate.

use std::collections::HashMap;

use super::byline::Byline;
use super::features::Features;
use super::lexicon::{self, Category, LexiconHit};
use super::template::{SiteTemplate, line_hash};
use super::{Block, BlockKind, Cleaned};
use super::{ending, furniture};
use crate::sources::SourceKind;

/// What became of one input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Taken as the article title.
    Title,
    /// Kept in the body.
    Keep(BlockKind),
    /// Removed, with the reason.
    Drop(String),
}

/// One line of input and what was decided about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// 1-based line in the input file.
    pub line: usize,
    /// The line's text (markup removed), cut after [`DECISION_TEXT_BYTES`] bytes.
    pub text: String,
    /// Keep, title or drop, with the reason.
    pub verdict: Verdict,
}

/// Bytes of a line that a [`Decision`] keeps (at least 100 characters, more than the
/// 90 an explanation shows).
pub const DECISION_TEXT_BYTES: usize = 400;

/// The start of a line that a decision keeps, cut on a character boundary.
fn shown_part(text: &str) -> &str {
    let mut end = DECISION_TEXT_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// One input line on its way through classification.
pub(super) struct Candidate {
    pub(super) line: usize,
    pub(super) text: String,
    pub(super) gap_before: bool,
    pub(super) features: Features,
    /// [`line_hash`] of the text, computed once: several rules compare lines.
    pub(super) key: u64,
    pub(super) list: Option<bool>,
    pub(super) md_heading: Option<u8>,
    pub(super) hit: Option<LexiconHit>,
    pub(super) verdict: Option<Verdict>,
}

impl Candidate {
    pub(super) fn live(&self) -> bool {
        self.verdict.is_none()
    }

    /// Measures the text again after lines were joined to it.
    fn remeasure(&mut self) {
        self.features = Features::of(&self.text);
        self.key = line_hash(&self.text);
    }

    pub(super) fn drop_with(&mut self, reason: impl Into<String>) {
        if self.verdict.is_none() {
            self.verdict = Some(Verdict::Drop(reason.into()));
        }
    }
}

/// Classifies markup-free text into a title and body blocks.
pub fn classify(
    text: &str,
    kind: SourceKind,
    given_title: Option<&str>,
    first_line: usize,
    template: &SiteTemplate,
    extracted: bool,
) -> Cleaned {
    let (mut cands, full) = split_blocks(text, kind, first_line);
    measure_in_own_language(&mut cands);
    let mut warnings = Vec::new();
    if full {
        warnings.push(format!(
            "has more than {MAX_BLOCKS} lines, more than any article: the lines after that are read as one block"
        ));
    }
    drop_obvious_boilerplate(&mut cands, extracted);
    furniture::drop_captions(&mut cands);
    let (title, title_idx) = super::title::choose_title(&mut cands, given_title);
    furniture::cut_tail(&mut cands, title_idx);
    ending::cut_at_sign_off(&mut cands, title_idx);
    ending::cut_at_time_labels(&mut cands, title_idx);
    drop_template_lines(&mut cands, &title, template);
    drop_duplicates(&mut cands, &title, extracted);
    furniture::trim_body_edges(&mut cands, extracted);
    if !extracted {
        furniture::drop_menu_runs(&mut cands);
    }
    assign_kinds(&mut cands);
    let mut byline = read_bylines(&cands);
    byline.place = cands
        .iter()
        .find(|c| c.verdict == Some(Verdict::Keep(BlockKind::Paragraph)))
        .and_then(|c| super::byline::place_in(&c.text));
    // Kept text moves into the blocks; a decision keeps only the start of its line,
    // which is all an explanation shows, so the text is not held twice.
    let mut blocks = Vec::new();
    let decisions = cands
        .into_iter()
        .map(|mut c| {
            let verdict = c.verdict.unwrap_or(Verdict::Drop("unclassified".into()));
            let shown = shown_part(&c.text).to_string();
            if let Verdict::Keep(kind) = verdict {
                blocks.push(Block {
                    kind,
                    text: std::mem::take(&mut c.text),
                });
            }
            Decision {
                line: c.line,
                text: shown,
                verdict,
            }
        })
        .collect();
    Cleaned {
        title,
        blocks,
        decisions,
        kind,
        byline,
        warnings,
    }
}

/// Full paragraphs under the built-in function words that show the language is covered.
const PROSE_IN_BUILT_IN: usize = 2;

/// A document with almost no prose under the built-in function words is in another
/// language, or in none we know: identify it and measure every line again with that
/// language's function words (or, without a list, with length and punctuation).
fn measure_in_own_language(cands: &mut [Candidate]) {
    let prose = cands
        .iter()
        .filter(|c| c.features.is_prose())
        .take(PROSE_IN_BUILT_IN)
        .count();
    if prose >= PROSE_IN_BUILT_IN || cands.is_empty() {
        return;
    }
    let mut longest: Vec<&Candidate> = cands.iter().filter(|c| c.features.words >= 6).collect();
    longest.sort_by_key(|c| std::cmp::Reverse(c.text.len()));
    let lang = super::language::identify(longest.iter().take(40).map(|c| c.text.as_str()));
    if lang.extra.is_none() && !lang.unlisted {
        return;
    }
    for c in cands.iter_mut() {
        c.features = Features::of_in(&c.text, lang);
    }
}

/// Most blocks one input is split into. No article has this many lines; past it the
/// remaining lines join the last block, which bounds the memory and time that hostile
/// input (a million one-letter lines) can take.
pub(super) const MAX_BLOCKS: usize = 50_000;

/// One candidate per non-blank line; hard-wrapped prose lines are joined back.
/// Returns the candidates and whether lines past [`MAX_BLOCKS`] were joined to the last.
fn split_blocks(text: &str, kind: SourceKind, first_line: usize) -> (Vec<Candidate>, bool) {
    let mut out: Vec<Candidate> = Vec::new();
    let mut gap = true;
    // The last candidate grew by joined lines: measure it once, when it is complete
    // (measuring at every join would cost the square of a long run of lines).
    let (mut stale, mut overflowed) = (false, false);
    let (mut read, mut reserved) = (0, false);
    for (i, raw) in text.lines().enumerate() {
        read += raw.len() + 1;
        let collapsed = super::markup::collapse_whitespace(raw);
        if collapsed.is_empty() {
            gap = true;
            continue;
        }
        let full = out.len() >= MAX_BLOCKS;
        if let Some(prev) = out.last_mut()
            && (full || (!gap && continues_paragraph(prev, &collapsed)))
        {
            if full && !reserved {
                reserved = true;
                // The rest of the text joins this block: grow it once, not by doubling.
                prev.text
                    .reserve(text.len().saturating_sub(read) + collapsed.len() + 1);
            }
            prev.text.push(' ');
            prev.text.push_str(&collapsed);
            stale = true;
            overflowed |= full;
            continue;
        }
        if stale && let Some(prev) = out.last_mut() {
            prev.remeasure();
        }
        stale = false;
        let (list, md_heading, body) = strip_markers(&collapsed, kind);
        out.push(Candidate {
            line: first_line + i,
            features: Features::of(&body),
            key: line_hash(&body),
            text: body,
            gap_before: gap,
            list,
            md_heading,
            hit: None,
            verdict: None,
        });
        gap = false;
    }
    if stale && let Some(prev) = out.last_mut() {
        prev.remeasure();
    }
    (out, overflowed)
}

/// A hard-wrapped paragraph: a long line without a sentence end, continued in lower case.
/// `prev`'s features may be stale (lines were joined to it): only its text is read.
fn continues_paragraph(prev: &Candidate, next: &str) -> bool {
    // Cheapest tests first: this runs for every pair of adjacent lines.
    next.chars().next().is_some_and(char::is_lowercase)
        && prev.text.len() >= 60
        && !super::features::ends_sentence(&prev.text)
        // Only strong evidence vetoes the join: a fragment of prose may hold "consent".
        && lexicon::find(next, next.split_whitespace().count(), true).is_none()
}

/// Splits list markers and markdown `#` off a line.
fn strip_markers(line: &str, kind: SourceKind) -> (Option<bool>, Option<u8>, String) {
    if kind == SourceKind::Markdown {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            let text = line[hashes..]
                .trim()
                .trim_end_matches('#')
                .trim()
                .to_string();
            return (None, Some(hashes as u8), text);
        }
    }
    // Japanese lists use the katakana middle dot with no space after it.
    for bullet in ["- ", "* ", "• ", "· ", "▪ ", "● ", "◦ ", "+ ", "・"] {
        if let Some(rest) = line.strip_prefix(bullet)
            && !rest.trim().is_empty()
        {
            return (Some(false), None, rest.trim().to_string());
        }
    }
    // Chinese enumerations: "一、…", "二、…", "3、…".
    if let Some((number, item)) = line.split_once('、')
        && !number.is_empty()
        && number.chars().count() <= 3
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        && !item.trim().is_empty()
    {
        return (Some(true), None, item.trim().to_string());
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (Some(true), None, item.trim().to_string());
        }
    }
    (None, None, line.to_string())
}

/// Lines that are never article text. In an extracted article a date line inside the
/// body (an embedded post's "— Name (@handle) October 9, 2018") is the article's: only
/// those above its first or below its last full paragraph go.
fn drop_obvious_boilerplate(cands: &mut [Candidate], extracted: bool) {
    let first = cands.iter().position(|c| c.features.is_prose());
    let last = cands.iter().rposition(|c| c.features.is_prose());
    for (i, c) in cands.iter_mut().enumerate() {
        let at_edge = !extracted || first.is_none_or(|f| i < f) || last.is_none_or(|l| i > l);
        let f = &c.features;
        if !f.has_text {
            c.drop_with("no text");
        } else if f.code_like {
            c.drop_with("script, style or markup code");
        } else if f.url_share >= 0.5 {
            c.drop_with("bare link");
        } else if let Some(hit) = lexicon::find(&c.text, f.words.max(f.size), f.is_sentence()) {
            c.drop_with(format!("{} (\"{}\")", hit.category.name(), hit.phrase));
            c.hit = Some(hit);
        } else if at_edge && f.words <= 12 && !f.terminal && is_timestamp(c) {
            // "October 2, 2025 4:17 PM EDT Updated 2 hours ago": a timestamp, not text.
            c.drop_with("date/timestamp line");
            c.hit = Some(LexiconHit {
                category: Category::Byline,
                phrase: c.text.clone(),
            });
        }
    }
}

/// A short line holding a date ("October 2, 2025 4:17 PM EDT Updated 2 hours ago"),
/// unless it is a timeline entry: a list item, or a date followed by what happened
/// ("Nov. 12, 2022: Leaders agree in Phnom Penh to share data").
fn is_timestamp(c: &Candidate) -> bool {
    use super::byline::date_in;
    if c.list.is_some() || date_in(&c.text).is_none() {
        return false;
    }
    // What happened is plain text: no second date, no further "Label:" pairs
    // ("2025-10-30 20:15 Source: Observer Editor: Li Na" is metadata).
    let entry = c.text.split_once(": ").is_some_and(|(when, what)| {
        date_in(when).is_some()
            && date_in(what).is_none()
            && !what.contains([':', '：'])
            && what.split_whitespace().count() >= 4
    });
    !entry
}

/// Lines the site prints around every article (seen in several seeds) go, except the title.
fn drop_template_lines(cands: &mut [Candidate], title: &str, template: &SiteTemplate) {
    // An article made only of lines found in other seeds is a duplicate story, not a
    // template: keep it whole rather than wipe it.
    let has_own_prose = cands
        .iter()
        .any(|c| c.live() && c.features.is_prose() && !template.contains_hash(c.key));
    if !has_own_prose {
        return;
    }
    let title_key = line_hash(title);
    for c in cands.iter_mut().filter(|c| c.live()) {
        if template.contains_hash(c.key) && c.key != title_key {
            c.drop_with("repeated in several seeds (site template)");
        }
    }
}

/// Repeats of the title go; other repeated lines go when they stand outside the body
/// (navigation printed above and below the article). Inside it, between the first and
/// the last full paragraph, a repeated line is the article's own: recipes, plans and
/// lists share lines ("Eat every 2-3 hours", "1 cup spinach"). An extracted article is
/// all body, so only its title repeats go.
fn drop_duplicates(cands: &mut [Candidate], title: &str, extracted: bool) {
    let prose = |c: &Candidate| c.live() && c.features.is_prose();
    let first = cands.iter().position(prose).unwrap_or(cands.len());
    let last = cands.iter().rposition(prose).unwrap_or(0);
    let title_key = line_hash(title);
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for (i, c) in cands.iter_mut().enumerate() {
        if !c.live() {
            continue;
        }
        let k = c.key;
        if k == 0 {
            continue;
        }
        if k == title_key {
            c.drop_with("repeats the title");
            continue;
        }
        if super::title::with_site_suffix(&c.text, title) {
            c.drop_with("repeats the title with the site's name");
            continue;
        }
        match seen.get(&k) {
            Some(&line) if !extracted && !(first..=last).contains(&i) => {
                c.drop_with(format!("repeats line {line}"))
            }
            Some(_) => {}
            None => {
                seen.insert(k, c.line);
            }
        }
    }
}

/// Author and date from byline/date lines that were dropped near the top of the article.
fn read_bylines(cands: &[Candidate]) -> Byline {
    let mut found = Byline::default();
    let first_body = cands
        .iter()
        .position(|c| matches!(c.verdict, Some(Verdict::Keep(_))))
        .unwrap_or(cands.len());
    for (i, c) in cands.iter().enumerate() {
        let is_byline = c
            .hit
            .as_ref()
            .is_some_and(|h| h.category == Category::Byline);
        // Date lines such as "Published: 12 November 2025" only count near the top.
        if is_byline
            || (i <= first_body + 2 && matches!(c.verdict, Some(Verdict::Drop(_))))
                && c.features.words <= 12
        {
            found.absorb(&c.text);
        }
    }
    found
}

fn assign_kinds(cands: &mut [Candidate]) {
    let live: Vec<usize> = (0..cands.len()).filter(|&i| cands[i].live()).collect();
    for (pos, &i) in live.iter().enumerate() {
        let c = &cands[i];
        let has_next = pos + 1 < live.len();
        let kind = if let Some(ordered) = c.list {
            BlockKind::ListItem { ordered }
        } else if let Some(level) = c.md_heading {
            BlockKind::Heading(level.clamp(2, 4))
        } else if c.features.is_heading_like() && has_next {
            BlockKind::Heading(2)
        } else {
            BlockKind::Paragraph
        };
        cands[i].verdict = Some(Verdict::Keep(kind));
    }
}

//! Scores `briefing`'s cleaner on the article-extraction benchmark's real pages, as saved
//! HTML and as copied page text, with the benchmark's metric (see benches/support/aeb.rs).
//!
//! `bash benches/aeb.sh` (or `cargo run --release --example aeb_score -- [DIR]
//! [--worst N] [--page ID] [--reasons] [--show-heldout]`). DIR defaults to
//! `../shared/aeb-dev`. The 20 held-out pages are scored but never shown unless
//! `--show-heldout` is given, which is for the end of a piece of work.

#[path = "../benches/support/aeb.rs"]
mod aeb;

use std::collections::HashMap;
use std::path::PathBuf;

use aeb::{Page, PageScore, Summary};
use briefing::clean::{Verdict, template::SiteTemplate};
use briefing::sources::SourceKind;
use rayon::prelude::*;

/// One page's results for every input.
struct Row {
    id: String,
    held_out: bool,
    html: aeb::Outcome,
    text: aeb::Outcome,
    extraction_only: PageScore,
    extraction_empty: bool,
    whole_text: PageScore,
    references: Vec<String>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = aeb::data_dir();
    let (mut worst, mut page, mut reasons, mut show_heldout) = (8, None, false, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--worst" => worst = args.next().and_then(|n| n.parse().ok()).unwrap_or(8),
            "--page" => page = args.next(),
            "--reasons" => reasons = true,
            "--show-heldout" => show_heldout = true,
            _ => dir = PathBuf::from(a),
        }
    }
    let pages = match aeb::load(&dir) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot read the benchmark pages: {e}");
            std::process::exit(1);
        }
    };
    let ids: Vec<String> = pages.iter().map(|p| p.id.clone()).collect();
    assert_eq!(
        aeb::held_out_by_rule(&ids),
        aeb::HELD_OUT.to_vec(),
        "the held-out list no longer follows its rule"
    );
    if let Some(id) = page {
        show_page(&pages, &id, show_heldout);
        return;
    }
    briefing::clean::warm_up();
    let start = std::time::Instant::now();
    let rows: Vec<Row> = pages.par_iter().map(score_page).collect();
    let elapsed = start.elapsed();
    println!(
        "{} pages ({} dev, {} held out) from {}\n",
        rows.len(),
        rows.iter().filter(|r| !r.held_out).count(),
        rows.iter().filter(|r| r.held_out).count(),
        dir.display()
    );
    println!("| split | input | F1 | P | R | titles right | pages with nothing |");
    println!("|---|---|---|---|---|---|---|");
    for (split, held) in [("dev", false), ("held-out", true)] {
        let set: Vec<&Row> = rows.iter().filter(|r| r.held_out == held).collect();
        print_row(split, "HTML, `briefing clean`", &set, |r| &r.html, true);
        let only: Vec<PageScore> = set.iter().map(|r| r.extraction_only).collect();
        let empty = set.iter().filter(|r| r.extraction_empty).count();
        print_summary(
            split,
            "HTML, extraction alone (no text cleaner)",
            aeb::summarise(&only, empty),
            None,
        );
        print_row(
            split,
            "copied text, `briefing clean`",
            &set,
            |r| &r.text,
            true,
        );
        let whole: Vec<PageScore> = set.iter().map(|r| r.whole_text).collect();
        print_summary(
            split,
            "copied text, kept whole",
            aeb::summarise(&whole, 0),
            None,
        );
    }
    println!(
        "\n{} pages cleaned twice (HTML and text) in {:.2} s on {} threads: {:.1} ms a page and input",
        rows.len(),
        elapsed.as_secs_f64(),
        rayon::current_num_threads(),
        elapsed.as_secs_f64() * 1000.0 * rayon::current_num_threads() as f64
            / (2 * rows.len()) as f64
    );
    for (input, pick) in [
        ("HTML", (|r: &Row| &r.html) as fn(&Row) -> &aeb::Outcome),
        ("copied text", |r: &Row| &r.text),
    ] {
        for held in [false, true] {
            if held && !show_heldout {
                continue;
            }
            let mut set: Vec<&Row> = rows.iter().filter(|r| r.held_out == held).collect();
            set.sort_by(|a, b| pick(a).score.f1().total_cmp(&pick(b).score.f1()));
            println!(
                "\nworst {} pages, {input}{}:",
                worst,
                if held { " (held out)" } else { "" }
            );
            for r in set.iter().take(worst) {
                let o = pick(r);
                println!(
                    "  {}  F1 {:.3} P {:.3} R {:.3}  title {} {:?}",
                    &r.id[..8],
                    o.score.f1(),
                    o.score.precision.unwrap_or(0.0),
                    o.score.recall.unwrap_or(0.0),
                    if aeb::title_right(&o.title, &r.references) {
                        "ok"
                    } else {
                        "WRONG"
                    },
                    o.title
                );
            }
        }
    }
    if reasons {
        print_reasons(&pages);
    }
}

fn score_page(page: &Page) -> Row {
    let extracted = briefing::clean::page::extract(&page.html);
    let only = markdown_to_plain(&extracted.markdown);
    Row {
        id: page.id.clone(),
        held_out: page.held_out,
        html: aeb::run(page, SourceKind::Html),
        text: aeb::run(page, SourceKind::Text),
        extraction_only: aeb::score(&page.truth, &only),
        extraction_empty: only.trim().is_empty(),
        whole_text: aeb::score(&page.truth, &page.text),
        references: aeb::reference_titles(&page.html),
    }
}

/// Markdown from the extractor as plain text: block markers dropped.
fn markdown_to_plain(markdown: &str) -> String {
    markdown
        .lines()
        .map(|l| {
            let l = l.trim_start_matches('#').trim_start();
            l.strip_prefix("- ")
                .or_else(|| l.strip_prefix("* "))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn print_row(
    split: &str,
    input: &str,
    rows: &[&Row],
    pick: fn(&Row) -> &aeb::Outcome,
    titles: bool,
) {
    let scores: Vec<PageScore> = rows.iter().map(|r| pick(r).score).collect();
    let empty = rows
        .iter()
        .filter(|r| pick(r).body.trim().is_empty())
        .count();
    let titled: Vec<&&Row> = rows.iter().filter(|r| !r.references.is_empty()).collect();
    let right = titled
        .iter()
        .filter(|r| aeb::title_right(&pick(r).title, &r.references))
        .count();
    let t = titles.then(|| format!("{right}/{}", titled.len()));
    print_summary(split, input, aeb::summarise(&scores, empty), t);
}

fn print_summary(split: &str, input: &str, s: Summary, titles: Option<String>) {
    println!(
        "| {split} ({}) | {input} | {:.3} | {:.3} | {:.3} | {} | {} |",
        s.pages,
        s.f1,
        s.precision,
        s.recall,
        titles.unwrap_or_else(|| "–".into()),
        s.empty
    );
}

/// One page's cleaning decisions beside the truth, for finding what a rule got wrong.
fn show_page(pages: &[Page], id: &str, show_heldout: bool) {
    let Some(page) = pages.iter().find(|p| p.id.starts_with(id)) else {
        eprintln!("no page {id}");
        return;
    };
    if page.held_out && !show_heldout {
        eprintln!(
            "{} is held out: add --show-heldout to look at it",
            &page.id[..8]
        );
        return;
    }
    for kind in [SourceKind::Html, SourceKind::Text] {
        let out = aeb::run(page, kind);
        println!(
            "== {kind:?}: F1 {:.3} P {:.3} R {:.3}, title {:?} (reference {:?})",
            out.score.f1(),
            out.score.precision.unwrap_or(0.0),
            out.score.recall.unwrap_or(0.0),
            out.title,
            aeb::reference_titles(&page.html)
        );
        for d in decisions(page, kind) {
            let in_truth = page.truth.contains(d.text.trim_end_matches('…').trim());
            let tag = match &d.verdict {
                Verdict::Title => "TITLE".to_string(),
                Verdict::Keep(k) => format!("KEEP {}", aeb::kind_name(*k)),
                Verdict::Drop(r) => format!("DROP ({r})"),
            };
            let mark = if in_truth { "T" } else { " " };
            let text: String = d.text.chars().take(110).collect();
            println!("{mark} {tag:<40.40} {text}");
        }
    }
    println!("== truth:\n{}", page.truth);
}

fn decisions(page: &Page, kind: SourceKind) -> Vec<briefing::clean::Decision> {
    let template = SiteTemplate::default();
    if kind == SourceKind::Html {
        let page = briefing::clean::page::extract(&page.html);
        let title = page.meta.title.as_deref();
        return briefing::clean::clean_page(&page.markdown, title, &template).decisions;
    }
    briefing::clean::clean(&page.text, kind, None, 1, &template).decisions
}

/// Which reasons drop lines that the truth holds (dev pages only): where recall goes.
fn print_reasons(pages: &[Page]) {
    for kind in [SourceKind::Html, SourceKind::Text] {
        let mut lost: HashMap<String, (usize, usize)> = HashMap::new();
        for page in pages.iter().filter(|p| !p.held_out) {
            for d in decisions(page, kind) {
                let Verdict::Drop(reason) = &d.verdict else {
                    continue;
                };
                let text = d.text.trim();
                if text.split_whitespace().count() < 4 || !page.truth.contains(text) {
                    continue;
                }
                // Reasons name lines and phrases: group by their words before any digit or quote.
                let class: String = reason
                    .split(['"', '(', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let e = lost.entry(class).or_insert((0, 0));
                e.0 += 1;
                e.1 += text.split_whitespace().count();
            }
        }
        let mut lost: Vec<_> = lost.into_iter().collect();
        lost.sort_by_key(|l| std::cmp::Reverse(l.1.1));
        println!("\ntrue lines dropped, {kind:?} (dev pages): reason, lines, words");
        for (reason, (lines, words)) in lost {
            println!("  {words:>6} {lines:>5}  {reason}");
        }
    }
}

//! `serve` updates the site seed by seed; after any sequence of edits the result must be
//! exactly what a full load of the same files gives (articles, slugs, order, warnings).

mod common;

use std::path::{Path, PathBuf};

use briefing::site::{Assembler, Site};
use common::*;

/// Everything about an article that a page shows.
fn summary(site: &Site) -> Vec<String> {
    site.articles
        .iter()
        .map(|a| {
            format!(
                "{} | {} | {} | {:?} | {:?} | {:?} | {}",
                a.id,
                a.slug,
                a.title,
                a.topics,
                a.meta,
                a.summary,
                a.body_markdown()
            )
        })
        .collect()
}

fn warnings(site: &Site) -> Vec<String> {
    let mut w: Vec<String> = site.warnings.iter().map(|w| w.to_string()).collect();
    w.sort();
    w
}

fn assert_same(live: &Assembler, root: &Path, step: &str) {
    let full = Site::load(root).unwrap();
    let (got, want) = (summary(live.site()), summary(&full));
    assert_eq!(got.len(), want.len(), "{step}: article count");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "{step}: article differs from a full load");
    }
    assert_eq!(warnings(live.site()), warnings(&full), "{step}: warnings");
    // Stories and key points are updated from the last run's grouping state.
    assert_eq!(
        live.site().layer,
        full.layer,
        "{step}: stories and key points"
    );
}

/// Replaces `from` with `to` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    std::fs::write(path, read(path).replace(from, to)).unwrap();
}

/// A seed of the kind scrapers produce: the site's chrome around a unique body.
fn seed(title: &str, body: &str, chrome: &[&str]) -> String {
    let mut text = format!("{title}\n\n{title}\n\n");
    for line in chrome {
        text.push_str(line);
        text.push_str("\n\n");
    }
    text.push_str(body);
    text.push('\n');
    text
}

const BODY: &str = "President Lee Jae Myung told reporters in Seoul on Monday that talks with \
Washington on tariffs and the alliance had reached a more stable footing after months of \
uncertainty, and that both sides would meet again next month to review the currency swap.";

#[test]
fn seed_by_seed_updates_equal_a_full_load() {
    let site = default_site_copy();
    let root = site.path();
    let seeds = root.join("seeds");
    let chrome = ["Sign up for the Morning Brief", "Read our privacy notice"];
    for i in 0..4 {
        std::fs::write(
            seeds.join(format!("gen-{i}.txt")),
            seed(
                &format!("Seoul and Washington talk tariffs, round {i}"),
                &format!("{BODY} Round {i} ended without a joint statement."),
                &chrome,
            ),
        )
        .unwrap();
    }
    let mut live = Assembler::load(root).unwrap();
    assert_same(&live, root, "initial load");
    let path = |name: &str| -> PathBuf { seeds.join(name) };

    // An edit to one body: only that article is cleaned again.
    let edited = path("gen-1.txt");
    edit(
        &edited,
        "without a joint statement",
        "with a joint statement",
    );
    live.update(std::slice::from_ref(&edited)).unwrap();
    assert_eq!(live.site().cleaned, 1);
    assert_same(&live, root, "body edit");

    // A new line shared with one other seed becomes template (short lines need two
    // files): both seeds must lose it, though only one of them changed.
    let shared = "Download the Seoul Today app";
    let other = path("gen-2.txt");
    let with_shared = format!("Read our privacy notice\n\n{shared}");
    edit(&other, "Read our privacy notice", &with_shared);
    live.update(std::slice::from_ref(&other)).unwrap();
    assert_same(&live, root, "line in one seed");
    let third = path("gen-3.txt");
    edit(&third, "Read our privacy notice", &with_shared);
    live.update(std::slice::from_ref(&third)).unwrap();
    assert_eq!(
        live.site().cleaned,
        2,
        "the edited seed and the one sharing the line"
    );
    assert!(
        !live
            .site()
            .articles
            .iter()
            .any(|a| a.body_markdown().contains(shared)),
        "the shared line is template now"
    );
    assert_same(&live, root, "line in two seeds");

    // And back: removing it from one seed makes it article text again in the other.
    edit(&third, &format!("\n\n{shared}"), "");
    live.update(std::slice::from_ref(&third)).unwrap();
    assert_same(&live, root, "line back in one seed");

    // A retitled article gets a new slug; a new seed with the same title takes a suffix.
    let retitled = path("gen-0.txt");
    edit(&retitled, "round 0", "round zero");
    live.update(std::slice::from_ref(&retitled)).unwrap();
    assert_same(&live, root, "retitle");
    let twin = path("gen-9.txt");
    std::fs::copy(&retitled, &twin).unwrap();
    live.update(std::slice::from_ref(&twin)).unwrap();
    assert_same(&live, root, "same title twice");

    // Deleted, emptied and broken seeds.
    std::fs::remove_file(path("gen-2.txt")).unwrap();
    std::fs::write(path("gen-3.txt"), "   \n").unwrap();
    std::fs::write(path("gen-4.txt"), [0xff_u8, 0xfe, 0, 0, 1, 2, 3, 0, 0, 0]).unwrap();
    live.update(&[path("gen-2.txt"), path("gen-3.txt"), path("gen-4.txt")])
        .unwrap();
    assert_same(&live, root, "deleted, empty and binary seeds");

    // Things only a new listing can judge: a folder of seeds moved in, an unsupported
    // file, a hidden one.
    let folder = seeds.join("moved-in");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(path("gen-1.txt"), folder.join("copy.txt")).unwrap();
    std::fs::write(seeds.join("scan.pdf"), "%PDF-1.4").unwrap();
    std::fs::write(seeds.join(".draft.txt"), BODY).unwrap();
    live.update(&[folder, seeds.join("scan.pdf"), seeds.join(".draft.txt")])
        .unwrap();
    assert_same(&live, root, "folder, pdf and hidden file");

    // The folder moved out again: one event, for the folder, stands for all its seeds.
    let folder = seeds.join("moved-in");
    std::fs::rename(&folder, root.join("moved-out")).unwrap();
    live.update(&[folder]).unwrap();
    assert_same(&live, root, "folder moved out");

    // An editor's temporary file that is already gone changes nothing.
    live.update(&[seeds.join("sedX1y2z3")]).unwrap();
    assert_eq!(live.site().cleaned, 0);
    assert_same(&live, root, "vanished temporary file");
}

#[test]
fn record_by_record_updates_of_an_export_equal_a_full_load() {
    let site = default_site_copy();
    let root = site.path();
    let export = root.join("seeds/desk.jsonl");
    let record = |n: usize, extra: &str| {
        format!(
            "{{\"title\":\"Seoul and Washington talk tariffs, round {n}\",\"url\":\"https://desk.example/round-{n}\",\"date\":\"2025-11-0{n}\",\"text\":\"Sign up for the Morning Brief\\n\\n{BODY} Round {n} ended{extra}.\"}}"
        )
    };
    let write = |lines: &[String]| std::fs::write(&export, lines.join("\n") + "\n").unwrap();
    let mut lines: Vec<String> = (1..=5).map(|n| record(n, "")).collect();
    write(&lines);
    let mut live = Assembler::load(root).unwrap();
    assert_same(&live, root, "export loaded");
    let slugs = |live: &Assembler| -> Vec<String> {
        let mut s: Vec<String> = live
            .site()
            .articles
            .iter()
            .map(|a| format!("{} {}", a.id, a.slug))
            .collect();
        s.sort();
        s
    };

    // One record edited: only it is cleaned again.
    lines[1] = record(2, " with a joint statement");
    write(&lines);
    live.update(std::slice::from_ref(&export)).unwrap();
    assert_eq!(live.site().cleaned, 1, "only the edited record");
    assert_same(&live, root, "one record edited");

    // Records reordered: nothing to clean, no slug moves.
    let before = slugs(&live);
    lines.reverse();
    write(&lines);
    live.update(std::slice::from_ref(&export)).unwrap();
    assert_eq!(live.site().cleaned, 0, "reordering changes no record");
    assert_eq!(slugs(&live), before);
    assert_same(&live, root, "records reordered");

    // A record added, with the title of another (it takes a suffix), and one removed.
    lines.push(
        record(6, "")
            .replace("round 6", "round 1")
            .replace("round-6", "round-1b"),
    );
    lines.retain(|l| !l.contains("round-3\""));
    write(&lines);
    live.update(std::slice::from_ref(&export)).unwrap();
    assert_eq!(live.site().cleaned, 1, "only the new record");
    assert_same(&live, root, "record added and removed");

    // A line broken: one warning, the other records stay.
    lines.insert(2, "{\"title\": broken".into());
    write(&lines);
    live.update(std::slice::from_ref(&export)).unwrap();
    assert_same(&live, root, "broken line");
    assert!(
        live.site()
            .warnings
            .iter()
            .any(|w| w.file.ends_with("desk.jsonl, line 3"))
    );

    // The export deleted: its articles go.
    std::fs::remove_file(&export).unwrap();
    live.update(std::slice::from_ref(&export)).unwrap();
    assert_same(&live, root, "export deleted");
}

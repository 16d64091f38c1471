//! What `briefing serve` does to its output folder: every rebuild lands at once, even
//! when the server is killed in the middle of one, and static files are streamed and
//! copied, never read whole.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;

/// Every HTML page of the output and the template version it was rendered with.
fn versions(public: &Path) -> Vec<(String, Option<String>)> {
    snapshot(public)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, b)| {
            let text = String::from_utf8_lossy(&b).into_owned();
            let v = text
                .split("data-build=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .map(String::from);
            (p.display().to_string(), v)
        })
        .collect()
}

/// A site of `n` extra generated articles, with a version stamp in its base template.
fn big_site(n: usize) -> tempfile::TempDir {
    let site = default_site_copy();
    for i in 0..n {
        std::fs::write(
            site.path().join(format!("seeds/gen-{i:04}.txt")),
            format!("Harbour report {i}\n\nThe harbour authority in Busan said on Monday that cargo volume {i} rose for the third month, as shipping lines added routes to Southeast Asia.\n\nPort officials expect the trend to hold through the winter, the statement said.\n"),
        )
        .unwrap();
    }
    stamp_template(site.path(), "v0");
    site
}

fn stamp_template(root: &Path, version: &str) {
    let base = root.join("templates/base.html");
    let text = read(&base);
    let stamped = match text.find("data-build=\"") {
        Some(at) => {
            let end = at + 12 + text[at + 12..].find('"').unwrap();
            format!("{}{version}{}", &text[..at + 12], &text[end..])
        }
        None => text.replacen("<body", &format!("<body data-build=\"{version}\""), 1),
    };
    save_like_an_editor(&base, &stamped);
}

/// How long a template rebuild takes, from the server's own report.
fn rebuild_ms(line: &str) -> u64 {
    line.split("rebuild (")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no time in {line:?}"))
}

#[test]
fn a_kill_during_a_rebuild_leaves_one_whole_site() {
    let site = big_site(600);
    let public = site.path().join("public");
    // A full rebuild renders first and writes at the end: kills are aimed at its last part.
    let server = ServeProc::start(site.path());
    stamp_template(site.path(), "v1");
    let took = rebuild_ms(&server.wait_for_line("rebuild (", 60));
    drop(server);
    for (round, share) in [0.5, 0.7, 0.8, 0.88, 0.94, 0.98, 1.05]
        .into_iter()
        .enumerate()
    {
        let mut server = ServeProc::start(site.path());
        stamp_template(site.path(), &format!("v{}", round + 2));
        server.wait_for_line("change:", 20);
        std::thread::sleep(Duration::from_millis((took as f64 * share) as u64));
        let _ = server.child.kill(); // SIGKILL, mid-rebuild or just after
        let _ = server.child.wait();
        let seen = versions(&public);
        let first = seen[0].1.clone();
        assert!(first.is_some(), "pages carry the stamp");
        for (page, v) in &seen {
            assert_eq!(
                v, &first,
                "kill at {share} of {took} ms: {page} is from another build than {}",
                seen[0].0
            );
        }
        let stray: Vec<_> = snapshot(&public)
            .into_iter()
            .map(|(p, _)| p.display().to_string())
            .filter(|p| p.contains("tmp"))
            .collect();
        assert!(stray.is_empty(), "temporary files in public/: {stray:?}");
    }
    // The next start makes a whole new site and removes the dead servers' work folders.
    drop(ServeProc::start(site.path()));
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Peak resident memory of a process, in KiB.
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[test]
fn large_static_files_are_streamed_and_not_copied_again_on_a_css_edit() {
    let site = default_site_copy();
    let big = site.path().join("static/big.bin");
    let size = 96u64 << 20;
    std::fs::File::create(&big).unwrap().set_len(size).unwrap();
    let server = ServeProc::start(site.path());
    let p = server.port;
    let before = peak_kib(server.child.id());
    let threads: Vec<_> = (0..4)
        .map(|i| {
            std::thread::spawn(move || {
                let method = if i % 2 == 0 { "HEAD" } else { "GET" };
                let r = http(p, method, "/big.bin", &[]);
                (
                    r.status,
                    r.header("Content-Length").map(String::from),
                    r.body.len(),
                )
            })
        })
        .collect();
    for (i, t) in threads.into_iter().enumerate() {
        let (status, len, body) = t.join().unwrap();
        assert_eq!(status, 200);
        assert_eq!(len.as_deref(), Some(size.to_string().as_str()));
        assert_eq!(body as u64, if i % 2 == 0 { 0 } else { size });
    }
    let grew = peak_kib(server.child.id()).saturating_sub(before);
    assert!(
        grew < 48 * 1024,
        "serving 4 x 96 MiB grew the peak by {grew} KiB"
    );

    let css = site.path().join("static/style.css");
    let inode = |p: &Path| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).unwrap().ino()
    };
    let big_out = site.path().join("public/big.bin");
    let big_inode = inode(&big_out);
    save_like_an_editor(&css, &format!("{}\n/* edit */\n", read(&css)));
    let line = server.wait_for_line("css swapped", 20);
    assert!(line.contains("1 static files changed"), "{line}");
    assert_eq!(inode(&big_out), big_inode, "the big file was copied again");
    assert!(read(&site.path().join("public/style.css")).contains("/* edit */"));
}

#[test]
fn serve_and_build_judge_odd_inputs_alike() {
    use std::os::unix::ffi::OsStrExt;
    let site = default_site_copy();
    // A static file where a generated folder goes: build warns, serve used to fail for ever.
    std::fs::write(site.path().join("static/articles"), "not a folder").unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-report.txt");
    let odd = site.path().join("seeds").join(name);
    let text = "Harbour cranes arrive\n\nThe first two cranes for the harbour expansion arrived by ship on Monday, officials said, after a voyage of six weeks.\n";
    std::fs::write(&odd, text).unwrap();
    let built = briefing(site.path(), &["build"]);
    let build_err = String::from_utf8_lossy(&built.stderr).into_owned();
    assert!(built.status.success(), "{build_err}");
    assert!(build_err.contains("static/articles"), "{build_err}");
    let server = ServeProc::start(site.path());
    let page = "/articles/harbour-cranes-arrive/";
    assert_eq!(get(server.port, page).status, 200);
    // An edit to the seed with a name that is not UTF-8 is seen.
    save_like_an_editor(&odd, &text.replace("six weeks", "seven weeks"));
    server.wait_for_line("reload sent", 20);
    assert!(get(server.port, page).text().contains("seven weeks"));
    // The seeds folder replaced by a file: both refuse, and serve keeps the last site.
    let seeds = site.path().join("seeds");
    std::fs::rename(&seeds, site.path().join("seeds-away")).unwrap();
    std::fs::write(&seeds, "a file now").unwrap();
    server.wait_for_line("seeds folder does not exist", 20);
    assert!(get(server.port, page).text().contains("seven weeks"));
    let run = briefing(site.path(), &["build"]);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("seeds folder does not exist"));
}

#[test]
fn an_export_edited_while_serving_recleans_only_the_changed_record() {
    let site = default_site_copy();
    let export = site.path().join("seeds/desk.jsonl");
    let record = |n: usize, word: &str| {
        format!(
            "{{\"title\":\"Harbour report {n}\",\"url\":\"https://desk.example/{n}\",\"text\":\"The harbour authority in Busan said on Monday that cargo volume {n} rose for the {word} month, as shipping lines added routes to Southeast Asia.\"}}"
        )
    };
    let lines: Vec<String> = (1..=20).map(|n| record(n, "third")).collect();
    std::fs::write(&export, lines.join("\n")).unwrap();
    let server = ServeProc::start(site.path());
    assert!(
        get(server.port, "/articles/harbour-report-7/")
            .text()
            .contains("third month")
    );
    let mut edited = lines.clone();
    edited[6] = record(7, "fourth");
    save_like_an_editor(&export, &edited.join("\n"));
    let line = server.wait_for_line("re-cleaned", 20);
    assert!(line.contains("re-cleaned 1 of 25"), "{line}");
    assert!(
        get(server.port, "/articles/harbour-report-7/")
            .text()
            .contains("fourth month")
    );
}

#[test]
fn after_edits_serve_leaves_the_output_a_fresh_build_makes() {
    // Pages are rebuilt only when what they show changed (neighbours, the story's other
    // reports, more in the topic): every kind of edit must still leave the same bytes
    // as building from scratch. The first edits keep every count, so no page is
    // rebuilt only because the topic list changed.
    let site = default_site_copy();
    let seeds = site.path().join("seeds");
    // Enough articles, each unlike the others, that a page shows only a few of them.
    let words = [
        "cargo",
        "ferry",
        "crane",
        "berth",
        "pilot",
        "tug",
        "quay",
        "dredge",
        "tanker",
        "harbour",
        "customs",
        "freight",
        "lighthouse",
        "anchor",
        "barge",
        "dock",
        "vessel",
        "container",
        "terminal",
        "route",
        "winter",
        "season",
        "schedule",
        "tariff",
    ];
    for i in 0..30usize {
        let pick = |k: usize| words[(i * 7 + k * 5 + k * k * i) % words.len()];
        let sentences: Vec<String> = (0..4)
            .map(|k| {
                format!(
                    "The {} office in the {} district said on Monday that {} new {} crews would inspect the {} before the {} ends.",
                    pick(6 * k),
                    pick(6 * k + 1),
                    i * 10 + k,
                    pick(6 * k + 2),
                    pick(6 * k + 3),
                    pick(6 * k + 4),
                )
            })
            .collect();
        std::fs::write(
            seeds.join(format!("gen-{i:02}.txt")),
            format!(
                "Port notes {i}: {} {}\n\n{}\n",
                pick(1),
                pick(2),
                sentences.join(" ")
            ),
        )
        .unwrap();
    }
    let original = read(&seeds.join("001_ed73effe6fc8d6d8.txt"));
    let copy = seeds.join("001-copy.md");
    let syndicated = |outlet: &str| {
        format!(
            "+++\nsource = \"{outlet}\"\nurl = \"https://{outlet}.example/a\"\n+++\n\n{original}"
        )
    };
    std::fs::write(&copy, syndicated("wire")).unwrap();
    let server = ServeProc::start(site.path());
    let edit = |what: &str, change: &dyn Fn()| {
        change();
        let line = server.wait_for_line("rebuild (", 30);
        assert!(!line.contains("failed"), "{what}: {line}");
        compare_with_a_fresh_build(site.path(), what);
    };
    edit("another outlet for a story's copy", &|| {
        save_like_an_editor(&copy, &syndicated("agency"))
    });
    let retitled = seeds.join("gen-15.txt");
    edit("a neighbour's title", &|| {
        save_like_an_editor(
            &retitled,
            &read(&retitled).replacen("Port notes", "Dock notes", 1),
        )
    });
    let body = seeds.join("000_5b85675cd7a7ade6.txt");
    edit("a body", &|| {
        save_like_an_editor(&body, &read(&body).replace("on Wednesday", "on Thursday"))
    });
    edit("a new dated article", &|| {
        save_like_an_editor(
            &seeds.join("new-report.md"),
            "+++\ntitle = \"Seoul and Beijing renew currency swap\"\ndate = \"2099-01-02\"\nsource = \"Port Weekly\"\n+++\n\nSouth Korea and China renewed their currency swap on Monday, officials in Seoul and Beijing said, as President Lee prepared for talks with Xi Jinping.\n",
        )
    });
    edit("a removed article", &|| {
        std::fs::remove_file(&body).unwrap()
    });
}

/// Asserts that the served output holds what `briefing build` makes of the site now.
fn compare_with_a_fresh_build(root: &Path, when: &str) {
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("public");
    let built = briefing(root, &["build", "--out", out.to_str().unwrap()]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert_same_tree(
        &root.join("public"),
        &out,
        &format!("served output after {when}"),
    );
}

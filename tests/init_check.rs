//! `briefing init` and `briefing check` end to end, with the real binary on real folders.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::*;

const TITLE: &str = "The \"Daily\" \\ Brief";

/// `briefing init DIR` with a title holding quotes and a backslash, and two topics.
fn init(dir: &Path) -> Output {
    briefing(
        Path::new("/"),
        &[
            "init",
            dir.to_str().unwrap(),
            "--title",
            TITLE,
            "--topic",
            "Rail: rail, train, Network Rail",
            "--topic",
            "Ports & Shipping: harbour, port",
        ],
    )
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn init_then_build_shows_the_topics() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    let said = ok_stdout(&init(&dir));
    assert!(said.contains("2 topics: Rail, Ports & Shipping"), "{said}");
    // The title survives TOML escaping as written.
    let config: toml::Table = read(&dir.join("site.toml")).parse().unwrap();
    assert_eq!(config["title"].as_str(), Some(TITLE));
    assert_eq!(config["topics"][1]["slug"].as_str(), Some("ports-shipping"));
    for file in [
        "templates/base.html",
        "templates/article.html",
        "static/style.css",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    assert_eq!(
        read(&dir.join("templates/base.html")),
        read(&repo().join("templates/base.html")),
        "the built-in template, as the binary carries it"
    );

    let built = ok_stdout(&briefing(tmp.path(), &["build", "--root", "new-site"]));
    assert!(
        built.contains("Built 1 article") && built.contains("topics: Rail 1, Ports & Shipping 0"),
        "{built}"
    );
    let home = read(&dir.join("public/index.html"));
    assert!(
        home.contains("<title>The &quot;Daily&quot; \\ Brief</title>"),
        "{home}"
    );
    assert!(home.contains("href=\"/topics/ports-shipping/\""), "{home}");
    let rail = read(&dir.join("public/topics/rail/index.html"));
    assert!(
        rail.contains("Welcome to The &quot;Daily&quot; \\ Brief"),
        "{rail}"
    );
}

#[test]
fn init_never_overwrites_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("site.toml"), "title = \"mine\"\n").unwrap();
    let run = init(dir);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains(&format!(
            "{}: already exists",
            dir.join("site.toml").display()
        )),
        "{err}"
    );
    assert_eq!(read(&dir.join("site.toml")), "title = \"mine\"\n");
    assert!(!dir.join("templates").exists(), "wrote before refusing");

    // Any one file of the new site is enough to refuse, and nothing is written.
    std::fs::remove_file(dir.join("site.toml")).unwrap();
    std::fs::create_dir(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/article.html"), "my article page").unwrap();
    let run = init(dir);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("templates/article.html: already exists"));
    assert_eq!(read(&dir.join("templates/article.html")), "my article page");
    assert!(!dir.join("site.toml").exists());
}

#[test]
fn init_fills_a_folder_that_lacks_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("notes.txt"), "my notes").unwrap();
    std::fs::create_dir(dir.join("seeds")).unwrap();
    std::fs::write(dir.join("seeds/report.txt"), "Rail strike").unwrap();
    ok_stdout(&init(dir));
    assert_eq!(read(&dir.join("notes.txt")), "my notes");
    assert_eq!(read(&dir.join("seeds/report.txt")), "Rail strike");
    assert!(dir.join("seeds/example.md").is_file());
}

#[test]
fn init_without_a_terminal_needs_its_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let run = briefing(tmp.path(), &["init", "--title", "x"]);
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("needs --title and at least one --topic"),
        "{}",
        stderr(&run)
    );
    assert!(!tmp.path().join("site.toml").exists());
    let run = briefing(tmp.path(), &["init", "--title", "x", "--topic", "Rail"]);
    assert!(
        stderr(&run).contains("should read \"Name: term, term\""),
        "{}",
        stderr(&run)
    );
}

#[test]
fn init_on_a_terminal_asks_for_title_and_topics() {
    use std::io::Write;
    use std::os::fd::FromRawFd;
    let tmp = tempfile::tempdir().unwrap();
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two new descriptors, each then owned by one File.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "no pseudo-terminal");
    let (mut master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    };
    let child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["init", "site"])
        .current_dir(tmp.path())
        .stdin(Stdio::from(slave))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    master
        .write_all(b"Harbour Brief\nnot a topic\nPorts: harbour, port\n\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = ok_stdout(&out);
    assert!(said.contains("Site title: "), "{said}");
    assert!(said.contains("should read \"Name: term, term\""), "{said}");
    assert!(said.contains("1 topic: Ports"), "{said}");
    let config: toml::Table = read(&tmp.path().join("site/site.toml")).parse().unwrap();
    assert_eq!(config["title"].as_str(), Some("Harbour Brief"));
    drop(master);
}

/// `briefing check --root DIR`: (exit success, stdout lines).
fn check(dir: &Path) -> (bool, Vec<String>) {
    let run = briefing(Path::new("/"), &["check", "--root", dir.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(run.stderr.is_empty(), "{}", stderr(&run));
    (
        run.status.success(),
        out.lines().map(String::from).collect(),
    )
}

/// Inserts `text` before the first `needle` of a template of the site copy.
fn edit_template(site: &Path, name: &str, needle: &str, text: &str) {
    let path = site.join("templates").join(name);
    let template = read(&path);
    assert!(template.contains(needle), "{name} lacks {needle:?}");
    std::fs::write(
        &path,
        template.replacen(needle, &format!("{text}{needle}"), 1),
    )
    .unwrap();
}

#[test]
fn check_passes_on_the_default_site_and_writes_nothing() {
    let site = default_site_copy();
    let (ok, lines) = check(site.path());
    assert!(ok, "{lines:#?}");
    assert!(lines.iter().all(|l| !l.starts_with("error")), "{lines:#?}");
    assert!(!site.path().join("public").exists(), "check wrote output");
    // Every page a build writes was checked.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    ok_stdout(&briefing(
        site.path(),
        &["build", "--out", out.to_str().unwrap()],
    ));
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .count();
    let summary = lines.last().unwrap();
    assert!(
        summary.starts_with(&format!("Checked {pages} pages and "))
            && summary.contains(": 0 errors"),
        "{summary}"
    );
}

#[test]
fn check_fails_on_a_broken_link_naming_the_page() {
    let site = default_site_copy();
    // Three topic pages show it; they are reported as one problem, at the first.
    edit_template(
        site.path(),
        "topic.html",
        "{% endblock content %}",
        "<a href=\"/nope/\">x</a>",
    );
    let (ok, lines) = check(site.path());
    assert!(!ok, "{lines:#?}");
    assert!(
        lines.contains(&"error: topics/china-ties/index.html: links to /nope/, which is not in the built site (and on 2 other pages)".to_string()),
        "{lines:#?}"
    );
    assert!(lines.last().unwrap().contains(": 1 error,"), "{lines:#?}");
}

#[test]
fn check_fails_on_a_broken_anchor_naming_the_page() {
    let site = default_site_copy();
    edit_template(
        site.path(),
        "index.html",
        "{% endblock content %}",
        "<a href=\"{{ site.base_path }}topics/us-ties/#nope\">x</a><a href=\"#main\">ok</a>",
    );
    edit_template(
        site.path(),
        "404.html",
        "{% endblock content %}",
        "<a href=\"#gone\">x</a>",
    );
    let (ok, lines) = check(site.path());
    assert!(!ok, "{lines:#?}");
    assert!(
        lines.contains(&"error: index.html: links to /topics/us-ties/#nope, but topics/us-ties/index.html has no id \"nope\"".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(
            &"error: 404.html: links to #gone, but the page has no id \"gone\"".to_string()
        ),
        "{lines:#?}"
    );
    assert!(lines.last().unwrap().contains(": 2 errors,"), "{lines:#?}");
}

#[test]
fn check_fails_on_a_page_without_description() {
    let site = default_site_copy();
    let path = site.path().join("templates/404.html");
    std::fs::write(
        &path,
        format!(
            "{}\n{{% block description %}}{{% endblock description %}}\n",
            read(&path)
        ),
    )
    .unwrap();
    let (ok, lines) = check(site.path());
    assert!(!ok);
    assert!(
        lines.contains(&"error: 404.html: has an empty meta description".to_string()),
        "{lines:#?}"
    );
}

#[test]
fn check_warns_about_metadata_and_empty_topics() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    ok_stdout(&init(&dir));
    std::fs::write(
        dir.join("seeds/weather.txt"),
        "Rain all week\n\nHeavy rain is expected in the hills all week, the forecasters said on \
         Monday. Rivers may rise by the weekend, and farmers were told to move their animals.\n",
    )
    .unwrap();
    let (ok, lines) = check(&dir);
    assert!(ok, "warnings alone do not fail: {lines:#?}");
    for line in [
        "warning: site.toml: topic \"ports-shipping\" has no articles",
        "warning: seeds/weather.txt: has no source, date or URL recorded",
        "warning: seeds/weather.txt: is in no topic (`briefing clean --explain` shows each topic's score)",
    ] {
        assert!(lines.contains(&line.to_string()), "{line}\n{lines:#?}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("warning: site.toml: base_url is \"/\""))
    );
    assert!(
        lines.last().unwrap().contains(": 0 errors, 4 warnings."),
        "{lines:#?}"
    );

    // A base_url without a scheme fails the check at its line, as it fails a build.
    let toml = read(&dir.join("site.toml"));
    let line = toml
        .lines()
        .position(|l| l.starts_with("base_url"))
        .unwrap()
        + 1;
    std::fs::write(
        dir.join("site.toml"),
        toml.replace("base_url = \"/\"", "base_url = \"news.example\""),
    )
    .unwrap();
    let run = briefing(&dir, &["check"]);
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains(&format!("site.toml:{line}: base_url \"news.example\"")),
        "{}",
        stderr(&run)
    );
}

#[test]
fn check_follows_links_under_a_sub_path_base() {
    let site = default_site_copy();
    let toml = read(&site.path().join("site.toml"));
    let moved = toml.replace(
        "base_url = \"https://briefing.example.org/\"",
        "base_url = \"https://host.example/briefing/\"",
    );
    assert_ne!(moved, toml);
    std::fs::write(site.path().join("site.toml"), moved).unwrap();
    let (ok, lines) = check(site.path());
    assert!(ok, "{lines:#?}");
    // A link written for the root, not the base path, would 404 once published.
    edit_template(
        site.path(),
        "index.html",
        "{% endblock content %}",
        "<a href=\"/topics/us-ties/\">x</a>",
    );
    let (ok, lines) = check(site.path());
    assert!(!ok);
    assert!(
        lines.contains(&"error: index.html: links to /topics/us-ties/, outside the site (its base path is /briefing/)".to_string()),
        "{lines:#?}"
    );
}

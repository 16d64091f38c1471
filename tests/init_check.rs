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

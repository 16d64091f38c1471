//! The build never destroys or publishes what the user did not give it: folders it did
//! not make are not replaced, and no path from site.toml or a symlink leaves the root.

mod common;

use std::path::Path;

use common::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every byte of every file under `dir`, as one lossy string (to look for leaks).
fn everything(dir: &Path) -> String {
    snapshot(dir)
        .into_iter()
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

#[test]
fn a_folder_briefing_did_not_make_is_never_replaced() {
    let site = default_site_copy();
    let mine = site.path().join("mine");
    std::fs::create_dir_all(mine.join("sub")).unwrap();
    std::fs::write(mine.join("thesis.txt"), "years of work").unwrap();
    std::fs::write(mine.join("sub/notes.txt"), "more work").unwrap();
    let run = briefing(site.path(), &["build", "--out", "mine"]);
    assert!(
        !run.status.success(),
        "build into a user's folder must fail"
    );
    let err = stderr(&run);
    assert!(err.contains("mine") && err.contains("thesis.txt"), "{err}");
    assert!(
        err.contains("--force"),
        "the message says how to proceed: {err}"
    );
    assert_eq!(read(&mine.join("thesis.txt")), "years of work");
    assert_eq!(read(&mine.join("sub/notes.txt")), "more work");

    // --force replaces it; after that the folder is briefing's and builds again freely.
    ok_stdout(&briefing(
        site.path(),
        &["build", "--out", "mine", "--force"],
    ));
    assert!(!mine.join("thesis.txt").exists());
    assert!(mine.join("index.html").is_file() && mine.join(".briefing-output").is_file());
    ok_stdout(&briefing(site.path(), &["build", "--out", "mine"]));

    // An empty folder, or a new one, is fine.
    std::fs::create_dir_all(site.path().join("empty")).unwrap();
    ok_stdout(&briefing(site.path(), &["build", "--out", "empty"]));
    ok_stdout(&briefing(site.path(), &["build", "--out", "brand/new"]));
}

#[test]
fn dirs_in_site_toml_cannot_leave_the_root() {
    let outer = tempfile::tempdir().unwrap();
    let site_dir = outer.path().join("site");
    copy_tree(default_site_copy().path(), &site_dir);
    let victim = outer.path().join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("keep.txt"), "keep").unwrap();
    let toml = read(&site_dir.join("site.toml"));
    for (key, value) in [
        ("output", "../victim"),
        ("static_files", "../../../../etc"),
        ("seeds", "/etc"),
        ("templates", "a/../../victim"),
    ] {
        let text = format!("{toml}\n[dirs]\n{key} = \"{value}\"\n");
        std::fs::write(site_dir.join("site.toml"), &text).unwrap();
        let line = text.lines().count();
        // serve checks site.toml before it binds a port or builds anything.
        for args in [&["build"][..], &["serve", "--port", "0"]] {
            let command = args[0];
            let run = briefing(&site_dir, args);
            assert!(!run.status.success(), "{command} with {key} = {value:?}");
            let err = stderr(&run);
            assert!(
                err.contains(&format!("site.toml:{line}")),
                "{command}: {err}"
            );
            assert!(err.contains(key), "{err}");
        }
    }
    assert_eq!(read(&victim.join("keep.txt")), "keep");
    assert_eq!(std::fs::read_dir(&victim).unwrap().count(), 1);
    assert!(!site_dir.join("public").exists());
}

#[test]
fn a_symlinked_output_folder_is_written_through() {
    let site = default_site_copy();
    let deploy = site.path().join("deploy");
    std::fs::create_dir_all(&deploy).unwrap();
    std::os::unix::fs::symlink("deploy", site.path().join("public")).unwrap();
    for _ in 0..2 {
        ok_stdout(&briefing(site.path(), &["build"]));
        let link = std::fs::symlink_metadata(site.path().join("public")).unwrap();
        assert!(link.file_type().is_symlink(), "the link was replaced");
        assert!(deploy.join("index.html").is_file());
    }
    // A link to a folder of the user's is judged like that folder.
    let other = site.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("mine.txt"), "mine").unwrap();
    std::fs::remove_file(site.path().join("public")).unwrap();
    std::os::unix::fs::symlink("other", site.path().join("public")).unwrap();
    assert!(!briefing(site.path(), &["build"]).status.success());
    assert_eq!(read(&other.join("mine.txt")), "mine");
}

#[test]
fn folders_named_like_briefings_work_folders_survive() {
    let site = default_site_copy();
    let backup = site.path().join(".public.old-backup");
    std::fs::create_dir_all(&backup).unwrap();
    std::fs::write(backup.join("index.html"), "my backup").unwrap();
    for _ in 0..2 {
        ok_stdout(&briefing(site.path(), &["build"]));
    }
    assert_eq!(read(&backup.join("index.html")), "my backup");
}

#[test]
fn links_out_of_the_root_are_not_published() {
    let outer = tempfile::tempdir().unwrap();
    let site_dir = outer.path().join("site");
    copy_tree(default_site_copy().path(), &site_dir);
    let secret = "Dear diary, the combination is 4-8-15-16-23-42 and nobody may know.";
    std::fs::write(
        outer.path().join("diary.txt"),
        format!("My diary\n\n{secret} It is long enough to be a paragraph of prose.\n"),
    )
    .unwrap();
    std::fs::write(outer.path().join("private.css"), "body { secret: 42 }").unwrap();
    std::os::unix::fs::symlink(
        outer.path().join("diary.txt"),
        site_dir.join("seeds/diary.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outer.path().join("private.css"),
        site_dir.join("static/private.css"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outer.path().join("diary.txt"),
        site_dir.join("templates/diary.html"),
    )
    .unwrap();
    let run = briefing(&site_dir, &["build"]);
    let out = ok_stdout(&run);
    let err = stderr(&run);
    for file in [
        "seeds/diary.txt",
        "static/private.css",
        "templates/diary.html",
    ] {
        let warned = err
            .lines()
            .filter(|l| l.contains(file) && l.contains("outside the site root"))
            .count();
        assert_eq!(warned, 1, "one warning for {file}:\n{err}");
    }
    assert!(out.contains("3 warnings"), "{out}");
    let public = everything(&site_dir.join("public"));
    assert!(!public.contains("4-8-15-16") && !public.contains("secret: 42"));
    assert!(!site_dir.join("public/private.css").exists());

    // The site can opt in.
    let toml = read(&site_dir.join("site.toml"));
    std::fs::write(
        site_dir.join("site.toml"),
        format!("follow_symlinks = true\n{toml}"),
    )
    .unwrap();
    ok_stdout(&briefing(&site_dir, &["build"]));
    assert!(everything(&site_dir.join("public")).contains("4-8-15-16"));
}

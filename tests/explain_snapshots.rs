//! Snapshots of `briefing clean --explain` for every article of the labelled corpus, so
//! that any change to a cleaning or topic decision shows in review as a diff of
//! tests/snapshots/. After a deliberate change, look at the diff and accept it with
//! `INSTA_UPDATE=always cargo test --test explain_snapshots` (or `cargo insta review`).

mod common;

use common::*;

#[test]
fn explain_output_of_the_labelled_corpus() {
    let dir = repo().join("tests/corpus");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "toml"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 40, "the corpus is there");
    for input in inputs {
        let rel = input
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let out = briefing(&repo(), &["clean", "--explain", &rel]);
        assert!(
            out.status.success(),
            "{rel}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let name = input.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, String::from_utf8_lossy(&out.stdout));
    }
}

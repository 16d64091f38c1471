//! The `check` command's terminal output: one line per problem, then a summary.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use super::{RootArg, ensure_site_root, plural};

/// Arguments of `briefing check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    root: RootArg,
}

/// Checks the site; exits non-zero when any error was found.
pub fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let root = args.root.root;
    ensure_site_root(&root)?;
    let report = briefing::check::check(&root)
        .with_context(|| format!("checking the site in {}", root.display()))?;
    for e in &report.errors {
        println!("error: {e}");
    }
    for w in &report.warnings {
        println!("warning: {w}");
    }
    println!(
        "Checked {} page{} and {} link{}: {} error{}, {} warning{}.",
        report.pages,
        plural(report.pages),
        report.links,
        plural(report.links),
        report.errors.len(),
        plural(report.errors.len()),
        report.warnings.len(),
        plural(report.warnings.len()),
    );
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

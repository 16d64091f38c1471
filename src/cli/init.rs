//! The `init` command's arguments, prompts and terminal output.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;

use briefing::init::{self, InitOptions, TopicSpec};

/// Arguments of `briefing init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder of the new site, made when missing [default: current folder].
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// Site title [asked on a terminal when missing].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// A topic and the terms that signal it, e.g. "Rail: rail, train, Network Rail";
    /// repeat for more [asked on a terminal when missing].
    #[arg(long, value_name = "\"NAME: TERM, TERM\"")]
    topic: Vec<String>,
}

/// Creates the site, asking on a terminal for a title and topics the flags did not give.
pub fn run_init(args: InitArgs) -> Result<ExitCode> {
    let mut topics = Vec::new();
    for spec in &args.topic {
        topics.push(TopicSpec::parse(spec).map_err(|why| anyhow::anyhow!("--topic {why}"))?);
    }
    let (title, topics) = if args.title.is_none() || topics.is_empty() {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            bail!(
                "briefing init needs --title and at least one --topic \"Name: term, term\" \
                 when standard input is not a terminal"
            );
        }
        init::ask(
            &mut stdin.lock(),
            &mut std::io::stdout(),
            args.title,
            topics,
        )?
    } else {
        (args.title.unwrap_or_default(), topics)
    };
    let opts = InitOptions {
        dir: args.dir.clone(),
        title,
        topics: init::settle(topics)?,
    };
    let written =
        init::init(&opts).with_context(|| format!("creating a site in {}", args.dir.display()))?;
    println!(
        "Created a briefing in {} ({} files: site.toml, templates/, static/, seeds/{}) with {} topic{}: {}.",
        args.dir.display(),
        written.len(),
        init::EXAMPLE_SEED,
        opts.topics.len(),
        if opts.topics.len() == 1 { "" } else { "s" },
        opts.topics
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    let cd = if args.dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", args.dir.display())
    };
    println!("Next: add articles to seeds/, then {cd}briefing serve to preview.");
    Ok(ExitCode::SUCCESS)
}

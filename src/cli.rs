//! Argument parsing and the `build` / `clean` commands' terminal output.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};

use briefing::article::Cleaner;
use briefing::build::{self, BuildOptions};
use briefing::config::{CONFIG_FILE, SiteConfig};
use briefing::slug::SlugRegistry;
use briefing::sources;
use briefing::topics::TopicIndex;

mod check;
mod init;

/// Turns scraped news articles into a topic-organised static briefing site.
#[derive(Debug, Parser)]
#[command(name = "briefing", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
    /// Print the cleaned markdown of input files, exactly what the site is built from.
    Clean(CleanArgs),
    /// Build, serve on http://127.0.0.1:1111, rebuild on every change and reload open pages.
    Serve(ServeArgs),
    /// Create a new site: site.toml with your title and topics, templates, static files and an example seed.
    Init(init::InitArgs),
    /// Check the built site offline: links and anchors, titles and descriptions, base_url, metadata.
    Check(check::CheckArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    root: RootArg,
    /// Port to listen on [default: 1111, or the next free one].
    #[arg(long, value_name = "N")]
    port: Option<u16>,
    /// Address to bind; anything but loopback exposes the site to the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Output folder [default: public/ under the root].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Open the site in the system's browser.
    #[arg(long)]
    open: bool,
    /// Also answer requests for this host name (with --bind on a network address).
    #[arg(long, value_name = "NAME")]
    allow_host: Vec<String>,
    /// Replace the output folder's contents even though briefing did not make it.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct RootArg {
    /// Site root: the folder holding site.toml [default: current folder].
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    root: RootArg,
    /// Output folder [default: public/ under the root].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Base URL the site is hosted at, e.g. https://example.org/briefing/ (overrides site.toml).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Exit with an error if any input produced a warning.
    #[arg(long)]
    strict: bool,
    /// Print the time each stage took.
    #[arg(long)]
    timings: bool,
    /// Replace the output folder's contents even though briefing did not make it.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct CleanArgs {
    #[command(flatten)]
    root: RootArg,
    /// Write one <slug>.md per input into DIR instead of printing (several files: ./cleaned).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Show every input line with keep/drop and the reason, then each topic's score.
    #[arg(long)]
    explain: bool,
    /// Write into the --out-dir folder even though briefing did not make it.
    #[arg(long)]
    force: bool,
    /// Input files (.txt or .md).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Parses the command line and runs the chosen command.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(args),
        Command::Clean(args) => run_clean(args),
        Command::Serve(args) => run_serve(args),
        Command::Init(args) => init::run_init(args),
        Command::Check(args) => check::run_check(args),
    }
}

fn run_build(args: BuildArgs) -> Result<ExitCode> {
    let root = args.root.root;
    ensure_site_root(&root)?;
    let opts = BuildOptions {
        root: root.clone(),
        out: args.out,
        base_url: args.base_url,
        force: args.force,
    };
    let report =
        build::build(&opts).with_context(|| format!("building the site in {}", root.display()))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    println!("{}", report.summary());
    if args.timings {
        for (stage, took) in &report.stages {
            eprintln!("timing: {stage}: {:.0} ms", took.as_secs_f64() * 1000.0);
        }
    }
    if args.strict {
        for n in &report.notes {
            eprintln!("warning: {n}");
        }
        let count = report.warnings.len() + report.notes.len();
        if count > 0 {
            eprintln!("error: --strict: {count} warning(s)");
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn ensure_site_root(root: &Path) -> Result<()> {
    if !root.join(CONFIG_FILE).is_file() {
        bail!(
            "{} has no {CONFIG_FILE}; run briefing in a site folder or pass --root DIR",
            root.display()
        );
    }
    Ok(())
}

fn run_clean(args: CleanArgs) -> Result<ExitCode> {
    let root = args.root.root;
    let config = if root.join(CONFIG_FILE).is_file() {
        SiteConfig::load(&root)?
    } else {
        eprintln!(
            "note: no {CONFIG_FILE} in {}; cleaning without topics",
            root.display()
        );
        SiteConfig::standalone()
    };
    let index = TopicIndex::new(&config);
    let fields = sources::FieldMap::new(&config.sources);
    // Each input is read once, exports into all their records; lines shared by several
    // documents are the site's template.
    let mut failures = 0;
    let mut docs = Vec::new();
    let real_root = root.canonicalize().ok();
    for file in &args.files {
        // A seed of the site is named as the site names it (relative to its root).
        let display = real_root
            .as_ref()
            .and_then(|r| {
                file.canonicalize()
                    .ok()?
                    .strip_prefix(r)
                    .ok()
                    .map(|p| p.to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| file.to_string_lossy().into_owned());
        let (read, warnings) = sources::collect_documents(file, &display, &fields);
        for w in &warnings {
            eprintln!("{}: {w}", if read.is_empty() { "error" } else { "warning" });
        }
        failures += usize::from(read.is_empty());
        docs.extend(read);
    }
    // Several documents cannot share standard output, so they go to a folder (default ./cleaned).
    let to_dir = match (&args.out_dir, docs.len() > 1 && !args.explain) {
        (Some(dir), _) => Some(dir.clone()),
        (None, true) => Some(PathBuf::from("cleaned")),
        (None, false) => None,
    };
    if let Some(dir) = &to_dir {
        briefing::output::check_output_dir(dir, &root, &config.input_dirs(&root))?;
        // Files are written into it, so it must be new, empty or one briefing made.
        let claimed = briefing::output::claim(dir, args.force)?;
        std::fs::create_dir_all(&claimed.real)
            .with_context(|| format!("creating {}", dir.display()))?;
        briefing::output::mark(&claimed.real)?;
    }
    let mut counts = briefing::clean::template::TemplateCounts::default();
    for doc in docs.iter().filter(|d| d.kind != sources::SourceKind::Html) {
        counts.add(&briefing::clean::template::candidate_lines(&doc.body));
    }
    let template = counts.template();
    let cleaner = Cleaner {
        index: &index,
        config: &config,
        template: &template,
    };
    // --explain on a site's own seeds also says which story each belongs to.
    let site = (args.explain && root.join(CONFIG_FILE).is_file())
        .then(|| briefing::site::Site::load(&root).ok())
        .flatten();
    let mut slugs = SlugRegistry::default();
    for doc in &docs {
        let processed = cleaner.process(doc);
        for w in &processed.warnings {
            eprintln!("warning: {w}");
        }
        if args.explain {
            if let Some(cleaned) = &processed.cleaned {
                let given = processed.article.as_ref().is_some_and(|a| a.topics_given);
                let mut text = briefing::explain::explain(&doc.label(), cleaned, &index, given);
                if let Some(story) = site
                    .as_ref()
                    .and_then(|s| briefing::explain::story(s, &doc.id))
                {
                    text.push_str(&story);
                }
                if !print(&format!("{text}\n"))? {
                    return Ok(ExitCode::SUCCESS);
                }
            }
            continue;
        }
        let Some(article) = processed.article else {
            failures += 1;
            continue;
        };
        match &to_dir {
            Some(dir) => {
                let wanted = article.meta.slug.as_deref().unwrap_or(&article.title);
                let slug = slugs.claim(wanted, &doc.id.stem());
                let path = dir.join(format!("{slug}.md"));
                std::fs::write(&path, article.to_markdown())
                    .with_context(|| format!("writing {}", path.display()))?;
                eprintln!("{} → {}", doc.label(), path.display());
            }
            None => {
                if !print(&article.to_markdown())? {
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
    }
    Ok(if failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes to standard output; `false` when the reader has gone (`| head`), which ends
/// the command quietly with success, as other Unix tools do.
fn print(text: &str) -> Result<bool> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e).context("writing to standard output"),
    }
}

fn run_serve(args: ServeArgs) -> Result<ExitCode> {
    let root = args.root.root;
    ensure_site_root(&root)?;
    let (tx, rx) = std::sync::mpsc::channel();
    // SIGINT and SIGTERM both end the server cleanly.
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .context("installing the Ctrl-C handler")?;
    let opts = briefing::serve::ServeOptions {
        root: root.clone(),
        out: args.out,
        port: args.port,
        bind: args.bind,
        force: args.force,
        allow_hosts: args.allow_host,
    };
    let open = args.open;
    briefing::serve::run(&opts, rx, |running| {
        if open {
            open_browser(&running.url);
        }
    })
    .with_context(|| format!("serving the site in {}", root.display()))?;
    println!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Opens `url` with the desktop's opener, or says that none exists.
fn open_browser(url: &str) {
    let candidates: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["explorer"]
    } else {
        &["xdg-open", "sensible-browser", "x-www-browser"]
    };
    let from_env = std::env::var("BROWSER").ok();
    for program in from_env
        .iter()
        .map(String::as_str)
        .chain(candidates.iter().copied())
    {
        let spawned = std::process::Command::new(program)
            .arg(url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            println!("opened {url} with {program}");
            return;
        }
    }
    println!(
        "--open: no browser found on this machine (tried $BROWSER, {}); open {url} yourself",
        candidates.join(", ")
    );
}

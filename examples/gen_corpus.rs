//! Generates a deterministic corpus of raw, boilerplate-laden articles about the default
//! site's topics, as a ready-to-build briefing site (site.toml, seeds/, static/).
//!
//! cargo run --release --example gen_corpus -- --n 1000 --out /dev/shm/corpus --seed 1 \
//!     --hugo /dev/shm/corpus-hugo      (optional: the same articles as a Hugo site)
//!     --jsonl 1                        (optional: all articles in one seeds/export.jsonl)

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut n = 1000usize;
    let mut out = PathBuf::from("corpus");
    let mut seed = 1u64;
    let mut hugo: Option<PathBuf> = None;
    let mut jsonl = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--n" => n = value.parse()?,
            "--out" => out = value.into(),
            "--seed" => seed = value.parse()?,
            "--hugo" => hugo = Some(value.into()),
            "--jsonl" => jsonl = value == "1" || value == "true",
            other => {
                return Err(format!(
                    "unknown option {other}; use --n N --out DIR --seed S [--hugo DIR] [--jsonl 1]"
                )
                .into());
            }
        }
    }
    if jsonl {
        corpus::write_site_jsonl(&out, n, seed)?;
    } else {
        corpus::write_site(&out, n, seed)?;
    }
    eprintln!("wrote {n} articles to {}", out.join("seeds").display());
    if let Some(dir) = hugo {
        corpus::write_hugo_site(&dir, n, seed)?;
        eprintln!("wrote the equivalent Hugo site to {}", dir.display());
    }
    Ok(())
}

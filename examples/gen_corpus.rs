//! Generates a deterministic corpus of raw, boilerplate-laden articles about the default
//! site's topics, as a ready-to-build briefing site (site.toml, seeds/, static/).
//!
//! cargo run --release --example gen_corpus -- --n 1000 --out /dev/shm/corpus --seed 1

#[path = "../benches/support/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut n = 1000usize;
    let mut out = PathBuf::from("corpus");
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--n" => n = value.parse()?,
            "--out" => out = value.into(),
            "--seed" => seed = value.parse()?,
            other => {
                return Err(format!("unknown option {other}; use --n N --out DIR --seed S").into());
            }
        }
    }
    corpus::write_site(&out, n, seed)?;
    eprintln!("wrote {n} articles to {}", out.join("seeds").display());
    Ok(())
}

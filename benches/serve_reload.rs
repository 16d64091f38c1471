//! Time from saving a file to the live-reload message, with `briefing serve` running:
//! seed, template and CSS edits, on the default site and on 1,000 generated articles.
//!
//! cargo bench --bench serve_reload            (BRIEFING_BENCH_SIZES=1000,10000 to choose)

#[path = "support/corpus.rs"]
mod corpus;

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tungstenite::Message;

const EDITS: usize = 20;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

fn start(root: &Path) -> (Server, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("serve prints its URL");
        if line.contains("Serving") {
            break;
        }
    }
    (Server(child), port)
}

fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(".bench-save.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

type Ws = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>;

/// The live-reload socket, with a read timeout so that a save the server does not
/// answer (one that changes no byte of the output) fails the bench instead of hanging.
fn connect(port: u16) -> Ws {
    let (ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}/__livereload")).unwrap();
    if let tungstenite::stream::MaybeTlsStream::Plain(tcp) = ws.get_ref() {
        tcp.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    }
    ws
}

/// Reads messages until one of `kind` arrives.
fn wait_for(ws: &mut Ws, kind: &str, what: &str) {
    loop {
        match ws.read() {
            Ok(Message::Text(t)) if t.as_str().contains(kind) => return,
            Ok(_) => continue,
            Err(e) => panic!("no {kind} message after a {what} save: {e}"),
        }
    }
}

/// `text` with a sentence added to its longest line, which is article prose in any
/// seed: an edit there always changes the pages.
fn edit_body(text: &str, i: usize) -> String {
    let longest = text
        .lines()
        .enumerate()
        .max_by_key(|(_, l)| l.len())
        .map_or(0, |(n, _)| n);
    text.lines()
        .enumerate()
        .map(|(n, l)| {
            if n == longest {
                format!("{l} Officials confirmed edit {i}.")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Median, 90th percentile and maximum in milliseconds.
fn stats(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.9), ms[ms.len() - 1])
}

fn measure(root: &Path, label: &str) {
    let (_server, port) = start(root);
    let mut ws = connect(port);
    let seeds: Vec<_> = {
        let mut v: Vec<_> = std::fs::read_dir(root.join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v.truncate(10);
        v
    };
    let tpl = root.join("templates/article.html");
    let css = root.join("static/style.css");
    let mut run = |what: &str, edits: usize, edit: &mut dyn FnMut(usize), expect: &str| {
        let mut times = Vec::new();
        for i in 0..edits + 2 {
            let t0 = Instant::now();
            edit(i);
            wait_for(&mut ws, expect, what);
            if i >= 2 {
                times.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
            std::thread::sleep(Duration::from_millis(150));
        }
        let (p50, p90, max) = stats(times);
        println!(
            "{label:<28} {what:<9} edits={edits:<3} median={p50:>7.1} ms  p90={p90:>7.1} ms  max={max:>7.1} ms"
        );
    };
    let originals: Vec<String> = seeds
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    run(
        "seed",
        EDITS,
        &mut |i| {
            let k = i % seeds.len();
            save(&seeds[k], &edit_body(&originals[k], i));
        },
        "reload",
    );
    if tpl.is_file() {
        let original = std::fs::read_to_string(&tpl).unwrap();
        run(
            "template",
            EDITS,
            // The edit must change the pages: a save that changes no byte sends nothing.
            &mut |i| {
                let edited = original.replacen(
                    "{% block content %}",
                    &format!("{{% block content %}}<!-- edit {i} -->"),
                    1,
                );
                save(&tpl, &edited)
            },
            "reload",
        );
    }
    let original_css = std::fs::read_to_string(&css).unwrap();
    run(
        "css",
        EDITS,
        &mut |i| save(&css, &format!("{original_css}/* edit {i} */\n")),
        "css",
    );
}

/// Edits one record of `seeds/export.jsonl` at a time.
fn measure_export(root: &Path, label: &str) {
    let (_server, port) = start(root);
    let mut ws = connect(port);
    let export = root.join("seeds/export.jsonl");
    let original = std::fs::read_to_string(&export).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let mut times = Vec::new();
    for i in 0..EDITS + 2 {
        let mut edited = lines.clone();
        let k = (i * 7919) % lines.len();
        let changed = lines[k].replacen(". ", &format!(" (edit {i}). "), 1);
        edited[k] = &changed;
        let t0 = Instant::now();
        save(&export, &(edited.join("\n") + "\n"));
        wait_for(&mut ws, "reload", "record");
        if i >= 2 {
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    let (p50, p90, max) = stats(times);
    println!(
        "{label:<28} {:<9} edits={EDITS:<3} median={p50:>7.1} ms  p90={p90:>7.1} ms  max={max:>7.1} ms",
        "record"
    );
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: only run when benchmarking.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let base = if Path::new("/dev/shm").is_dir() {
        Path::new("/dev/shm").to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let tmp = tempfile::tempdir_in(base).unwrap();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let default = tmp.path().join("default");
    for dir in ["seeds", "templates", "static"] {
        copy_tree(&manifest.join(dir), &default.join(dir));
    }
    std::fs::copy(manifest.join("site.toml"), default.join("site.toml")).unwrap();
    println!(
        "save → live-reload message, `briefing serve` on loopback, output on {}",
        tmp.path().display()
    );
    measure(&default, "default site (5 articles)");
    let sizes = std::env::var("BRIEFING_BENCH_SIZES").unwrap_or_else(|_| "1000".into());
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        let dir = tmp.path().join(format!("gen{n}"));
        corpus::write_site(&dir, n, 1).unwrap();
        copy_tree(&manifest.join("templates"), &dir.join("templates"));
        measure(&dir, &format!("generated ({n} articles)"));
        let dir = tmp.path().join(format!("jsonl{n}"));
        corpus::write_site_jsonl(&dir, n, 1).unwrap();
        measure_export(&dir, &format!("one JSON Lines ({n} records)"));
    }
}

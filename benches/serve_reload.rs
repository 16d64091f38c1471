//! Time from saving a file to the live-reload message, with `briefing serve` running:
//! seed, template, CSS and site.toml edits, adding and removing an article, on the default
//! site and on 1,000 generated articles; the time to the first answered request; and the
//! server's memory over many edits.
//!
//! cargo bench --bench serve_reload            (BRIEFING_BENCH_SIZES=1000,10000 to choose;
//!                                              BRIEFING_BENCH_MEMORY_EDITS=N for the memory run)

#[path = "support/corpus.rs"]
mod corpus;

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tungstenite::Message;

const EDITS: usize = 20;

struct Server(Child);

impl Server {
    /// Resident memory of the server process, in MiB (Linux), if it can be read.
    fn rss_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).ok()?;
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

/// How long after its start the server answered its first request, and with what status,
/// and how long until it printed "Serving" (its first build done).
struct Started {
    first_answer: Duration,
    status: u16,
    ready: Duration,
}

fn start(root: &Path) -> (Server, u16, Started) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let t0 = Instant::now();
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
    let (first_answer, status) = first_answer(port, t0);
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("serve prints its URL");
        if line.contains("Serving") {
            break;
        }
    }
    let ready = t0.elapsed();
    let started = Started {
        first_answer,
        status,
        ready,
    };
    (Server(child), port, started)
}

/// Asks for `/` until an answer comes; returns when it came (from `t0`) and its status.
fn first_answer(port: u16, t0: Instant) -> (Duration, u16) {
    use std::io::{Read, Write};
    loop {
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "serve never answered"
        );
        let Ok(mut tcp) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
            std::thread::sleep(Duration::from_millis(2));
            continue;
        };
        let request =
            format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        if tcp.write_all(request.as_bytes()).is_err() {
            continue;
        }
        let mut head = [0u8; 12];
        if tcp.read_exact(&mut head).is_ok() {
            let status = std::str::from_utf8(&head[9..12])
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            return (t0.elapsed(), status);
        }
    }
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

/// Times `edits` saves (after two warm-up ones), each until the `expect` message.
fn timed_edits(
    ws: &mut Ws,
    what: &str,
    edits: usize,
    edit: &mut dyn FnMut(usize),
    expect: &str,
) -> Vec<f64> {
    let mut times = Vec::new();
    for i in 0..edits + 2 {
        let t0 = Instant::now();
        edit(i);
        wait_for(ws, expect, what);
        if i >= 2 {
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    times
}

fn print_start(label: &str, what: &str, started: &Started) {
    println!(
        "{label:<28} {what:<9} first answer={:>7.1} ms (HTTP {})  ready={:>7.1} ms",
        started.first_answer.as_secs_f64() * 1000.0,
        started.status,
        started.ready.as_secs_f64() * 1000.0
    );
}

fn print_times(label: &str, what: &str, times: Vec<f64>) {
    let n = times.len();
    let (p50, p90, max) = stats(times);
    println!(
        "{label:<28} {what:<9} edits={n:<3} median={p50:>7.1} ms  p90={p90:>7.1} ms  max={max:>7.1} ms"
    );
}

/// A file's text with the first `key = "…"` line's value suffixed by `suffix`.
fn with_suffixed_value(text: &str, key: &str, suffix: &str) -> String {
    let start = format!("{key} = \"");
    let mut done = false;
    text.lines()
        .map(|l| match l.strip_prefix(&start) {
            Some(rest) if !done => {
                done = true;
                let value = rest.trim_end().trim_end_matches('"');
                format!("{start}{value}{suffix}\"")
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn measure(root: &Path, label: &str, memory_edits: usize) {
    let (server, port, started) = start(root);
    print_start(label, "start", &started);
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
    let config = root.join("site.toml");
    let run = |ws: &mut Ws, what: &str, edits: usize, edit: &mut dyn FnMut(usize), expect: &str| {
        print_times(label, what, timed_edits(ws, what, edits, edit, expect));
    };
    let originals: Vec<String> = seeds
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut seed_edit = |i: usize| {
        let k = i % seeds.len();
        save(&seeds[k], &edit_body(&originals[k], i));
    };
    run(&mut ws, "seed", EDITS, &mut seed_edit, "reload");
    let rss_first = server.rss_mib();
    // An article of its own each time (not a copy of another), added, then removed.
    let added = root.join("seeds/zz-bench-added.txt");
    let mut present = false;
    run(
        &mut ws,
        "add/rm",
        EDITS,
        &mut |i| {
            if present {
                std::fs::remove_file(&added).unwrap();
            } else {
                let mut rng = corpus::Rng(1_000 + i as u64);
                save(&added, &corpus::article(&mut rng, 900_000 + i));
            }
            present = !present;
        },
        "reload",
    );
    if present {
        std::fs::remove_file(&added).unwrap();
        wait_for(&mut ws, "reload", "remove");
    }
    if tpl.is_file() {
        let original = std::fs::read_to_string(&tpl).unwrap();
        run(
            &mut ws,
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
        &mut ws,
        "css",
        EDITS,
        &mut |i| save(&css, &format!("{original_css}/* edit {i} */\n")),
        "css",
    );
    let original_config = std::fs::read_to_string(&config).unwrap();
    run(
        &mut ws,
        "site.toml",
        EDITS,
        // The site's title shows on every page.
        &mut |i| {
            save(
                &config,
                &with_suffixed_value(&original_config, "title", &format!(" {i}")),
            )
        },
        "reload",
    );
    save(&config, &original_config);
    wait_for(&mut ws, "reload", "site.toml");
    if memory_edits > 0 {
        // Issue 18: memory after many edits stays within 10% of its value after the first.
        for i in 0..memory_edits {
            seed_edit(EDITS + 2 + i);
            wait_for(&mut ws, "reload", "seed");
            std::thread::sleep(Duration::from_millis(20));
        }
        if let (Some(first), Some(last)) = (rss_first, server.rss_mib()) {
            println!(
                "{label:<28} memory    RSS after the first edits {first:.0} MiB, after {memory_edits} more seed edits {last:.0} MiB ({:+.1}%)",
                (last / first - 1.0) * 100.0
            );
        }
    }
    drop(ws);
    drop(server);
    // A restart over the output the last run left: the old site answers at once.
    let (_server, _port, restarted) = start(root);
    print_start(label, "restart", &restarted);
}

/// Edits one record of `seeds/export.jsonl` at a time.
fn measure_export(root: &Path, label: &str) {
    let (_server, port, started) = start(root);
    print_start(label, "start", &started);
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
    print_times(label, "record", times);
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
    let memory_edits = |n: usize| {
        std::env::var("BRIEFING_BENCH_MEMORY_EDITS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(if n >= 10_000 { 1_000 } else { 0 })
    };
    measure(&default, "default site (5 articles)", memory_edits(5));
    let sizes = std::env::var("BRIEFING_BENCH_SIZES").unwrap_or_else(|_| "1000".into());
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        let dir = tmp.path().join(format!("gen{n}"));
        corpus::write_site(&dir, n, 1).unwrap();
        copy_tree(&manifest.join("templates"), &dir.join("templates"));
        measure(&dir, &format!("generated ({n} articles)"), memory_edits(n));
        let dir = tmp.path().join(format!("jsonl{n}"));
        corpus::write_site_jsonl(&dir, n, 1).unwrap();
        measure_export(&dir, &format!("one JSON Lines ({n} records)"));
    }
}

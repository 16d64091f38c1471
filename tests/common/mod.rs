//! Helpers shared by the integration tests: run the real binary on real folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod cdp;
pub mod site;
#[allow(unused_imports)]
pub use site::TestSite;

/// The repository root (the default site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `briefing` with `args` in `cwd`.
pub fn briefing(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the briefing binary runs")
}

/// Standard output as text, panicking with stderr when the command failed.
pub fn ok_stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "command failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary copy of the default site (site.toml, seeds, templates, static).
pub fn default_site_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["seeds", "templates", "static"] {
        copy_tree(&repo().join(dir), &tmp.path().join(dir));
    }
    std::fs::copy(repo().join("site.toml"), tmp.path().join("site.toml")).unwrap();
    tmp
}

/// A temporary copy of a fixture site under tests/fixtures.
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures").join(name), tmp.path());
    tmp
}

/// A text of the labelled story set (`tests/stories/NAME`) as a seed: its title, outlet
/// and date as front matter, with an original address under example.org.
pub fn story_seed(name: &str) -> String {
    let text = read(&repo().join("tests/stories").join(name));
    let (head, body) = text
        .strip_prefix("+++\n")
        .and_then(|t| t.split_once("\n+++\n"))
        .expect("front matter");
    let label: toml::Table = toml::from_str(head).unwrap();
    let field = |k: &str| label[k].as_str().unwrap().to_string();
    let url = format!("https://example.org/{}", name.trim_end_matches(".md"));
    format!(
        "+++\ntitle = {:?}\ndate = {:?}\nsource = {:?}\nurl = {url:?}\n+++\n{body}",
        field("title"),
        field("date"),
        field("outlet")
    )
}

/// Reads a file of a built site.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir` with its bytes, for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Asserts that two folders hold the same files with the same bytes, naming the first
/// file that differs and showing both versions.
pub fn assert_same_tree(got: &Path, want: &Path, what: &str) {
    let (g, w) = (snapshot(got), snapshot(want));
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&g), names(&w), "{what}: the same files");
    for ((path, a), (_, b)) in g.iter().zip(&w) {
        assert!(
            a == b,
            "{what}: {} differs:\n--- got\n{}\n--- wanted\n{}",
            path.display(),
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
}

/// A `briefing serve` process on a free port, stopped with SIGTERM when dropped.
pub struct ServeProc {
    pub child: std::process::Child,
    pub port: u16,
    pub lines: std::sync::mpsc::Receiver<String>,
    /// The lines printed before "Serving …" (the first build's summary and warnings).
    pub before_serving: Vec<String>,
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl ServeProc {
    /// Starts `briefing serve` in `root` and waits until it listens.
    pub fn start(root: &Path) -> ServeProc {
        Self::start_with(root, &[])
    }

    /// Starts `briefing serve` with more arguments (`--bind`, `--allow-host`…).
    pub fn start_with(root: &Path, args: &[&str]) -> ServeProc {
        let mut proc = Self::spawn(root, args);
        proc.wait_until_serving();
        proc
    }

    /// Starts `briefing serve` without waiting for its first build.
    pub fn spawn(root: &Path, args: &[&str]) -> ServeProc {
        use std::io::BufRead;
        let port = free_port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["serve", "--port", &port.to_string()])
            .args(args)
            .current_dir(root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("serve starts");
        let (tx, lines) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(stream)
                    .lines()
                    .map_while(Result::ok)
                {
                    let _ = tx.send(line);
                }
            });
        }
        ServeProc {
            child,
            port,
            lines,
            before_serving: Vec::new(),
        }
    }

    /// Waits for the "Serving" line, which comes once the first build is done; the lines
    /// before it are kept.
    pub fn wait_until_serving(&mut self) {
        let proc = self;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match proc.lines.recv_timeout(left) {
                Ok(line) if line.contains("Serving") => break,
                Ok(line) => proc.before_serving.push(line),
                Err(_) => panic!("serve did not start within 30s: {:?}", proc.before_serving),
            }
        }
    }

    /// Waits for an output line containing `needle`; returns it.
    pub fn wait_for_line(&self, needle: &str, secs: u64) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => continue,
                Err(_) => panic!("no line containing {needle:?} within {secs}s"),
            }
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().unwrap()
    }
}

impl Drop for ServeProc {
    /// SIGTERM first, so that the server removes its private socket folder; SIGKILL if it
    /// has not stopped within 3 s.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_some() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        while std::time::Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP/1.1 response.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request over a fresh TCP connection, exactly as given (no URL normalisation).
pub fn http(port: u16, method: &str, target: &str, headers: &[(&str, &str)]) -> HttpResponse {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut req = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response has a head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    HttpResponse {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// GET with default headers.
pub fn get(port: u16, target: &str) -> HttpResponse {
    http(port, "GET", target, &[])
}

/// Writes a file the way editors do: to a temporary file, then renamed over the original.
pub fn save_like_an_editor(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.swp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

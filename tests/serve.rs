//! `briefing serve` end to end: the real binary on a temporary copy of the default site,
//! a raw HTTP client and real WebSocket clients.

mod common;

use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

type Ws = WebSocket<MaybeTlsStream<TcpStream>>;

fn connect_ws(port: u16) -> Ws {
    let (mut ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}/__livereload"))
        .expect("websocket connects");
    if let MaybeTlsStream::Plain(s) = ws.get_mut() {
        s.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
    }
    ws
}

/// Waits for the next JSON message (pings are skipped).
fn next_json(ws: &mut Ws, secs: u64) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        match ws.read() {
            Ok(Message::Text(t)) => return serde_json::from_str(t.as_str()).expect("JSON message"),
            Ok(_) => continue,
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                continue;
            }
            Err(e) => panic!("websocket error: {e}"),
        }
    }
    panic!("no message within {secs}s");
}

const SEED: &str = "seeds/004_1d76d1aae684a6c5.txt";
const ARTICLE: &str =
    "/articles/south-korean-president-lee-is-trying-to-ease-tensions-with-north-korea/";

#[test]
fn serves_pages_with_types_redirects_and_the_reload_script() {
    let site = default_site_copy();
    let server = ServeProc::start(site.path());
    let p = server.port;
    let home = get(p, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("<script data-briefing-livereload>"));
    assert!(home.text().contains("/__livereload"));
    let on_disk = read(&site.path().join("public/index.html"));
    assert!(
        !on_disk.contains("livereload"),
        "files on disk are not changed"
    );
    for (path, ty) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        (
            &format!("{ARTICLE}index.md") as &str,
            "text/markdown; charset=utf-8",
        ),
        ("/topics/china-ties/", "text/html; charset=utf-8"),
    ] {
        let r = get(p, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Content-Type"), Some(ty), "{path}");
    }
    let redirect = get(p, "/topics/us-ties");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location"), Some("/topics/us-ties/"));
    let missing = get(p, "/no/such/page");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "404.html is served"
    );
    let head = http(p, "HEAD", "/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(http(p, "POST", "/", &[]).status, 405);
    assert!(get(p, "/").header("Access-Control-Allow-Origin").is_none());
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let site = default_site_copy();
    std::fs::write(site.path().join("secret.txt"), "TOP-SECRET-MARKER").unwrap();
    let server = ServeProc::start(site.path());
    std::os::unix::fs::symlink(
        site.path().join("secret.txt"),
        site.path().join("public/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(site.path(), site.path().join("public/up")).unwrap();
    for target in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/%252e%252e/secret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/articles/../../secret.txt",
        "//etc/passwd",
        "/%00/../secret.txt",
        "/index.html%00.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/leak.txt",
        "/up/secret.txt",
        "/up/site.toml",
    ] {
        let r = get(server.port, target);
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{target} gave {}",
            r.status
        );
        assert!(!r.text().contains("TOP-SECRET-MARKER"), "{target} leaked");
        assert!(!r.text().contains("root:"), "{target} leaked /etc/passwd");
    }
}

#[test]
fn foreign_hosts_and_origins_are_refused() {
    let site = default_site_copy();
    let server = ServeProc::start(site.path());
    let p = server.port;
    assert_eq!(http(p, "GET", "/", &[("Host", "evil.example")]).status, 403);
    assert_eq!(
        http(p, "GET", "/", &[("Host", &format!("localhost:{p}"))]).status,
        200
    );
    // Only the status line is read: an accepted socket stays open (and is pinged).
    let upgrade = |origin: &str| -> u16 {
        use std::io::{BufRead, Write};
        let mut tcp = TcpStream::connect(("127.0.0.1", p)).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(tcp, "GET /__livereload HTTP/1.1\r\nHost: localhost:{p}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: {origin}\r\n\r\n").unwrap();
        let mut status = String::new();
        std::io::BufReader::new(tcp).read_line(&mut status).unwrap();
        status
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    };
    assert_eq!(upgrade("http://evil.example"), 403);
    assert_eq!(
        upgrade(&format!("http://127.0.0.1:{}", p + 1)),
        403,
        "another local port is another origin"
    );
    assert_eq!(
        upgrade("http://localhost"),
        403,
        "a local site on port 80 is another origin"
    );
    assert_eq!(upgrade(&format!("https://localhost:{p}")), 403);
    assert_eq!(
        upgrade(&format!("http://localhost:{p}")),
        101,
        "the server's own origin"
    );
}

#[test]
fn a_network_bind_answers_only_the_machines_own_names() {
    let site = default_site_copy();
    let server = ServeProc::start_with(
        site.path(),
        &["--bind", "0.0.0.0", "--allow-host", "briefing.lan"],
    );
    let p = server.port;
    let status = |host: &str| http(p, "GET", "/", &[("Host", host)]).status;
    assert_eq!(status("evil.example"), 403, "any Host used to be answered");
    assert_eq!(status(&format!("evil.example:{p}")), 403);
    assert_eq!(status(&format!("briefing.lan:{p}")), 200, "--allow-host");
    assert_eq!(status(&format!("127.0.0.1:{p}")), 200);
    let hostname = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    assert_eq!(
        status(&format!("{}:{p}", hostname.trim())),
        200,
        "the machine's name"
    );
}

#[test]
fn edits_rebuild_and_notify_open_pages() {
    let site = default_site_copy();
    let server = ServeProc::start(site.path());
    let p = server.port;
    let mut ws = connect_ws(p);
    std::thread::sleep(Duration::from_millis(200));

    // A seed edit: the changed article is re-cleaned alone, pages reload, the text is new.
    let seed = site.path().join(SEED);
    let text = read(&seed).replace(
        "Lee welcomed Xi following",
        "Lee warmly welcomed Xi following",
    );
    save_like_an_editor(&seed, &text);
    assert_eq!(next_json(&mut ws, 15)["type"], "reload");
    assert!(
        server
            .wait_for_line("re-cleaned 1 of 5", 5)
            .contains("rebuild")
    );
    assert!(
        get(p, ARTICLE)
            .text()
            .contains("Lee warmly welcomed Xi following")
    );

    // A template edit re-renders without re-cleaning.
    let tpl = site.path().join("templates/article.html");
    save_like_an_editor(
        &tpl,
        &read(&tpl).replace("min read</span>", "minute read (edited)</span>"),
    );
    assert_eq!(next_json(&mut ws, 15)["type"], "reload");
    assert!(get(p, ARTICLE).text().contains("minute read (edited)"));

    // A CSS edit swaps stylesheets without a reload.
    let css = site.path().join("static/style.css");
    save_like_an_editor(
        &css,
        &format!("{}\n.test-marker {{ color: red; }}\n", read(&css)),
    );
    assert_eq!(next_json(&mut ws, 15)["type"], "css");
    assert!(get(p, "/style.css").text().contains(".test-marker"));

    // site.toml is reloaded.
    let toml = site.path().join("site.toml");
    save_like_an_editor(
        &toml,
        &read(&toml).replace("Seoul Diplomacy Briefing", "Seoul Desk Notes"),
    );
    assert_eq!(next_json(&mut ws, 15)["type"], "reload");
    assert!(get(p, "/").text().contains("Seoul Desk Notes"));

    // A broken template: the error arrives, the last good site is still served.
    let topic_tpl = site.path().join("templates/topic.html");
    let good = read(&topic_tpl);
    save_like_an_editor(
        &topic_tpl,
        &good.replace("{{ topic.name }}</h1>", "{{ topic.name </h1>"),
    );
    let msg = next_json(&mut ws, 15);
    assert_eq!(msg["type"], "error");
    let message = msg["message"].as_str().unwrap();
    assert!(message.contains("topic.html"), "{message}");
    let still = get(p, "/topics/us-ties/");
    assert_eq!(still.status, 200);
    assert!(still.text().contains("<h1>US ties</h1>"));
    // A page opened now is told about the error at once.
    let mut late = connect_ws(p);
    assert_eq!(next_json(&mut late, 5)["type"], "error");
    // Fixing it reloads.
    save_like_an_editor(&topic_tpl, &good);
    assert_eq!(next_json(&mut ws, 15)["type"], "reload");

    // New and deleted seeds, also in a folder created after start.
    std::fs::create_dir_all(site.path().join("seeds/extra")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        site.path().join("seeds/extra/new.txt"),
        "Pyongyang test-fires missiles\n\nPyongyang fired two missiles on Sunday, North Korea's state media said. The launches came days after talks with the North stalled again.\n",
    )
    .unwrap();
    assert_eq!(next_json(&mut ws, 15)["type"], "reload");
    assert_eq!(
        get(p, "/articles/pyongyang-test-fires-missiles/").status,
        200
    );
    std::fs::remove_file(site.path().join("seeds/extra/new.txt")).unwrap();
    assert_eq!(next_json(&mut ws, 15)["type"], "reload");
    assert_eq!(
        get(p, "/articles/pyongyang-test-fires-missiles/").status,
        404
    );
}

#[test]
fn one_editor_save_is_one_rebuild_and_temp_files_are_ignored() {
    let site = default_site_copy();
    let server = ServeProc::start(site.path());
    let mut ws = connect_ws(server.port);
    std::thread::sleep(Duration::from_millis(200));
    // Editor droppings alone never trigger a build.
    std::fs::write(site.path().join("seeds/.004.txt.swp"), "x").unwrap();
    std::fs::write(site.path().join("seeds/004.txt~"), "x").unwrap();
    std::fs::write(site.path().join("seeds/4913"), "x").unwrap();
    std::fs::write(site.path().join("public/unrelated.html"), "x").unwrap();
    std::fs::remove_file(site.path().join("seeds/4913")).unwrap();
    // Then one vim-like save: backup, write temp, rename over, chmod.
    let seed = site.path().join(SEED);
    let text = read(&seed).replace("seven agreements", "seven (7) agreements");
    std::fs::copy(&seed, site.path().join("seeds/004_1d76d1aae684a6c5.txt~")).unwrap();
    save_like_an_editor(&seed, &text);
    std::fs::set_permissions(&seed, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    assert_eq!(next_json(&mut ws, 15)["type"], "reload");
    // Nothing else arrives.
    let deadline = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < deadline {
        match ws.read() {
            Ok(Message::Text(t)) => panic!("second notice after one save: {t}"),
            _ => continue,
        }
    }
}

#[test]
fn ten_open_pages_all_reload() {
    let site = default_site_copy();
    let server = ServeProc::start(site.path());
    let mut clients: Vec<Ws> = (0..10).map(|_| connect_ws(server.port)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let seed = site.path().join(SEED);
    save_like_an_editor(&seed, &read(&seed).replace("Previously,", "Earlier,"));
    for ws in &mut clients {
        assert_eq!(next_json(ws, 15)["type"], "reload");
    }
}

#[test]
fn busy_port_is_a_clear_error_and_sigterm_stops_cleanly() {
    let site = default_site_copy();
    let blocker = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = blocker.local_addr().unwrap().port().to_string();
    let out = briefing(site.path(), &["serve", "--port", &port]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on port {port}")),
        "{err}"
    );
    assert!(
        !site.path().join("public").exists(),
        "a busy port fails before anything is built"
    );

    let mut server = ServeProc::start(site.path());
    let status = server.stop();
    assert!(status.success(), "{status}");
}

#[test]
fn a_save_that_changes_no_byte_sends_nothing() {
    let site = default_site_copy();
    let server = ServeProc::start(site.path());
    let mut ws = connect_ws(server.port);
    std::thread::sleep(Duration::from_millis(300));
    let seed = site.path().join(SEED);
    // The same bytes saved again, as an editor's "save" with no edit does.
    save_like_an_editor(&seed, &read(&seed));
    server.wait_for_line("nothing sent", 20);
    let deadline = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < deadline {
        match ws.read() {
            Ok(Message::Text(t)) => panic!("a page was told {t}"),
            Ok(_) => {}
            Err(_) => {}
        }
    }
    // A real edit still reloads.
    save_like_an_editor(&seed, &read(&seed).replace("Previously,", "Earlier,"));
    assert_eq!(next_json(&mut ws, 15)["type"], "reload");
}

#[test]
fn serve_starts_with_builds_summary_and_names_only_real_files() {
    let site = default_site_copy();
    let built = ok_stdout(&briefing(site.path(), &["build"]));
    // Everything but the time taken: "Built 5 articles into ./public in 140 ms — …".
    let without_time = |line: &str| {
        let (head, rest) = line.split_once(" in ").expect("a time");
        let tail = rest.split_once(" ms").expect("in ms").1;
        format!("{head}{tail}")
    };
    let server = ServeProc::start(site.path());
    let first = server
        .before_serving
        .iter()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| panic!("no summary line: {:?}", server.before_serving));
    assert_eq!(without_time(first), without_time(built.trim()));
    // A `sed -i` save: a temporary file beside the template, renamed over it.
    let template = site.path().join("templates/topic.html");
    let temporary = site.path().join("templates/sedAb12Cd");
    std::fs::write(
        &temporary,
        read(&template).replace("Key points", "Main points"),
    )
    .unwrap();
    std::fs::rename(&temporary, &template).unwrap();
    assert_eq!(
        server.wait_for_line("change:", 10),
        "change: templates/topic.html"
    );
}

/// Asks for `target` until the server answers (it listens before it answers).
fn first_answer(port: u16, target: &str) -> HttpResponse {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "no answer within 30 s");
        if let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) {
            drop(stream);
            return get(port, target);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn answers_while_the_first_build_runs_and_reloads_when_it_lands() {
    #[path = "../benches/support/corpus.rs"]
    mod corpus;
    let tmp = tempfile::tempdir().unwrap();
    // Enough articles that the first build takes far longer than the first request.
    corpus::write_site(tmp.path(), 400, 3).unwrap();
    let mut server = ServeProc::spawn(tmp.path(), &[]);
    let waiting = first_answer(server.port, "/");
    assert_eq!(waiting.status, 503, "no output yet: the building page");
    assert_eq!(waiting.header("Retry-After"), Some("1"));
    let page = waiting.text();
    assert!(page.contains("<h1>Building the site…</h1>"), "{page}");
    assert!(page.contains("/__livereload"), "the page reloads itself");
    let mut ws = connect_ws(server.port);
    server.wait_until_serving();
    assert_eq!(next_json(&mut ws, 30)["type"], "reload");
    let home = get(server.port, "/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Seoul Diplomacy Briefing"));
    assert_eq!(get(server.port, "/no-such-page/").status, 404);
    server.stop();

    // Restarted over its own output, it answers from the previous build at once.
    let mut again = ServeProc::spawn(tmp.path(), &[]);
    let early = first_answer(again.port, "/");
    let serving_yet = again.lines.try_iter().any(|l| l.contains("Serving"));
    assert!(!serving_yet, "answered before the first build was done");
    assert_eq!(early.status, 200);
    assert_eq!(early.text(), home.text());
    again.wait_until_serving();
}

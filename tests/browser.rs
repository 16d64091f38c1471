//! A real browser: headless Chromium opens a page served by `briefing serve`; a seed is
//! changed on disk and the open page must show the new text without any manual reload.
//! Driven over the Chrome DevTools protocol. Under CI (CI=true) Chromium is required.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};
use tungstenite::Message;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH")?
                .to_str()?
                .split(':')
                .map(|dir| Path::new(dir).join(name))
                .find(|p| p.is_file())
        })
}

struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    devtools_port: u16,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn launch(binary: &Path, url: &str) -> Browser {
    let profile = tempfile::tempdir().unwrap();
    let child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--remote-debugging-port=0",
            &format!("--user-data-dir={}", profile.path().display()),
            url,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    // Chromium writes the port it chose into the profile folder.
    let port_file = profile.path().join("DevToolsActivePort");
    let deadline = Instant::now() + Duration::from_secs(30);
    let devtools_port = loop {
        if let Some(port) = std::fs::read_to_string(&port_file)
            .ok()
            .and_then(|t| t.lines().next()?.parse().ok())
        {
            break port;
        }
        assert!(
            Instant::now() < deadline,
            "chromium did not open its DevTools port"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    Browser {
        child,
        _profile: profile,
        devtools_port,
    }
}

struct Page {
    ws: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    next_id: u64,
}

impl Page {
    fn attach(browser: &Browser, url_part: &str) -> Page {
        let deadline = Instant::now() + Duration::from_secs(30);
        let ws_url = loop {
            let list = http(browser.devtools_port, "GET", "/json/list", &[]);
            let targets: Value = serde_json::from_slice(&list.body).unwrap_or(Value::Null);
            let found = targets.as_array().and_then(|a| {
                a.iter()
                    .find(|t| {
                        t["type"] == "page"
                            && t["url"].as_str().is_some_and(|u| u.contains(url_part))
                    })
                    .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(str::to_string))
            });
            if let Some(u) = found {
                break u;
            }
            assert!(Instant::now() < deadline, "page target not found");
            std::thread::sleep(Duration::from_millis(100));
        };
        let (ws, _) = tungstenite::connect(ws_url).expect("devtools websocket");
        Page { ws, next_id: 1 }
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let call = json!({"id": id, "method": "Runtime.evaluate", "params": {"expression": expression, "returnByValue": true}});
        self.ws
            .send(Message::Text(call.to_string().into()))
            .unwrap();
        loop {
            if let Message::Text(t) = self.ws.read().unwrap() {
                let v: Value = serde_json::from_str(t.as_str()).unwrap();
                if v["id"] == id {
                    return v["result"]["result"]["value"].clone();
                }
            }
        }
    }

    /// Polls `expression` until it is true.
    fn wait_until(&mut self, expression: &str, secs: u64) -> bool {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if self.eval(expression) == Value::Bool(true) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

#[test]
fn open_page_shows_a_seed_edit_without_manual_reload() {
    let Some(binary) = chromium() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI=true but chromium is not installed (.ci/run installs it)"
        );
        eprintln!("skipped: chromium not found on PATH");
        return;
    };
    let site = default_site_copy();
    let server = ServeProc::start(site.path());
    let path = "/articles/south-korean-president-lee-is-trying-to-ease-tensions-with-north-korea/";
    let browser = launch(&binary, &format!("http://127.0.0.1:{}{path}", server.port));
    let mut page = Page::attach(&browser, path);
    assert!(page.wait_until("document.readyState === 'complete'", 30));
    assert!(
        page.wait_until(
            "document.body.innerText.includes('Lee welcomed Xi following')",
            30
        ),
        "original text shown"
    );
    // Mark this document: a reload replaces it, so the mark tells us the page did reload by itself.
    page.eval("window.__before_edit = true");

    let seed = site.path().join("seeds/004_1d76d1aae684a6c5.txt");
    let text = read(&seed).replace(
        "Lee welcomed Xi following",
        "Lee cordially received Xi following",
    );
    save_like_an_editor(&seed, &text);

    assert!(
        page.wait_until(
            "document.body.innerText.includes('Lee cordially received Xi following')",
            30
        ),
        "the open page did not show the edit"
    );
    assert_eq!(
        page.eval("window.__before_edit === undefined"),
        Value::Bool(true),
        "page was reloaded"
    );

    // A template error shows as an overlay on the open page, and fixing it clears it.
    let tpl = site.path().join("templates/article.html");
    let good = read(&tpl);
    save_like_an_editor(
        &tpl,
        &good.replace("{{ article.title }}</h1>", "{{ article.title </h1>"),
    );
    assert!(page.wait_until("!!document.getElementById('briefing-error-overlay') && document.getElementById('briefing-error-overlay').innerText.includes('article.html')", 30));
    save_like_an_editor(&tpl, &good);
    assert!(page.wait_until(
        "!document.getElementById('briefing-error-overlay') && document.readyState === 'complete'",
        30
    ));
}

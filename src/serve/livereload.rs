//! Live reload: a WebSocket per open page, and the script the server injects into HTML.
//!
//! WebSocket rather than long-polling or EventSource: browsers allow only six HTTP/1.1
//! connections per host, so ten open tabs would starve; WebSockets are not counted.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;
use tungstenite::protocol::{Role, WebSocket};
use tungstenite::{Message, Utf8Bytes};

/// Path of the live-reload WebSocket endpoint.
pub const ENDPOINT: &str = "/__livereload";

/// Interval between pings; a dead peer is noticed (and its thread ends) within it.
const PING_EVERY: Duration = Duration::from_secs(10);

/// What the browser is told to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Notice {
    /// Reload the page after a successful rebuild.
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The rebuild failed: show the message over the page.
    Error {
        /// File, line and message of the failure.
        message: String,
    },
}

impl Notice {
    /// The JSON text sent on the socket.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"type\":\"reload\"}".into())
    }
}

/// Stream type handed over by tiny_http after the upgrade.
pub type Stream = Box<dyn tiny_http::ReadWrite + Send>;

/// All connected pages. Each has a thread that owns its socket and waits for notices.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Arc<str>>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    /// The failure of the last rebuild, sent to pages that connect while it stands.
    last_error: Mutex<Option<String>>,
}

impl Hub {
    /// Takes over an upgraded connection.
    pub fn add(self: &Arc<Self>, stream: Stream) {
        let (tx, rx) = mpsc::channel();
        if let Some(message) = self.last_error.lock().map(|e| e.clone()).ok().flatten() {
            let _ = tx.send(Arc::from(Notice::Error { message }.to_json()));
        }
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(tx);
        }
        let handle = std::thread::Builder::new()
            .name("livereload".into())
            .spawn(move || client_loop(stream, rx));
        if let (Ok(handle), Ok(mut threads)) = (handle, self.threads.lock()) {
            threads.retain(|t| !t.is_finished());
            threads.push(handle);
        }
    }

    /// Whether the last rebuild failed (its error is shown on the open pages).
    pub fn failing(&self) -> bool {
        self.last_error.lock().is_ok_and(|e| e.is_some())
    }

    /// Sends a notice to every connected page; returns how many were reached.
    pub fn broadcast(&self, notice: &Notice) -> usize {
        if let Ok(mut last) = self.last_error.lock() {
            *last = match notice {
                Notice::Error { message } => Some(message.clone()),
                _ => None,
            };
        }
        let text: Arc<str> = Arc::from(notice.to_json());
        let Ok(mut clients) = self.clients.lock() else {
            return 0;
        };
        clients.retain(|c| c.send(text.clone()).is_ok());
        clients.len()
    }

    /// Closes every connection and waits for the threads to end.
    pub fn shutdown(&self) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.clear();
        }
        let threads = self
            .threads
            .lock()
            .map(|mut t| std::mem::take(&mut *t))
            .unwrap_or_default();
        for t in threads {
            let _ = t.join();
        }
    }
}

fn client_loop(stream: Stream, rx: Receiver<Arc<str>>) {
    let mut ws = WebSocket::from_raw_socket(stream, Role::Server, None);
    loop {
        let result = match rx.recv_timeout(PING_EVERY) {
            Ok(text) => ws.send(Message::Text(Utf8Bytes::from(text.as_ref()))),
            Err(RecvTimeoutError::Timeout) => ws.send(Message::Ping(Default::default())),
            Err(RecvTimeoutError::Disconnected) => {
                let _ = ws.close(None);
                let _ = ws.flush();
                return;
            }
        };
        if result.is_err() {
            return;
        }
    }
}

/// Answer to a WebSocket upgrade request, per RFC 6455.
pub fn accept_key(client_key: &str) -> String {
    tungstenite::handshake::derive_accept_key(client_key.as_bytes())
}

/// The script injected before `</body>` of every HTML page the dev server sends.
pub const SCRIPT: &str = r#"<script data-briefing-livereload>
(() => {
  const OVERLAY = "briefing-error-overlay";
  let attempts = 0;
  function showError(message) {
    let box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0b0b;color:#ffd9d4;font:14px/1.5 ui-monospace,monospace;padding:16px 20px;" +
        "border-top:4px solid #ff5a47;white-space:pre-wrap;box-shadow:0 -4px 24px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "briefing: the last rebuild failed — still showing the previous version.\n\n" + message;
  }
  function swapCss() {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("livereload", Date.now().toString());
      const next = link.cloneNode();
      next.href = url.toString();
      next.onload = () => link.remove();
      link.after(next);
    }
  }
  function connect() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(proto + "//" + location.host + "/__livereload");
    ws.onopen = () => {
      // Reconnected after the server went away: the site may have changed meanwhile.
      if (attempts > 0) location.reload();
      attempts = 0;
    };
    ws.onmessage = (event) => {
      let msg;
      try { msg = JSON.parse(event.data); } catch (_) { return; }
      if (msg.type === "reload") location.reload();
      else if (msg.type === "css") { const b = document.getElementById(OVERLAY); if (b) b.remove(); swapCss(); }
      else if (msg.type === "error") showError(String(msg.message || "unknown error"));
    };
    ws.onclose = () => {
      attempts += 1;
      setTimeout(connect, Math.min(250 * attempts, 2000));
    };
  }
  connect();
})();
</script>
"#;

/// Inserts the live-reload script before the last `</body>`, or at the end.
pub fn inject(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    match lower.rfind("</body>") {
        Some(at) => format!("{}{SCRIPT}{}", &html[..at], &html[at..]),
        None => format!("{html}{SCRIPT}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_serialise_as_the_protocol_says() {
        assert_eq!(Notice::Reload.to_json(), r#"{"type":"reload"}"#);
        assert_eq!(Notice::Css.to_json(), r#"{"type":"css"}"#);
        assert_eq!(
            Notice::Error {
                message: "a \"b\"".into()
            }
            .to_json(),
            r#"{"type":"error","message":"a \"b\""}"#
        );
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = inject("<html><body><p>x</p></BODY></html>");
        assert!(out.contains("<p>x</p><script data-briefing-livereload>"));
        assert!(out.ends_with("</BODY></html>"));
        assert!(inject("plain").starts_with("plain<script"));
    }

    #[test]
    fn accept_key_matches_rfc_example() {
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }
}

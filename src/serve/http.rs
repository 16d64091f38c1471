//! The dev server's HTTP side: maps URLs to files of the output folder, and nothing else.

use std::io::{Cursor, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::hosts::HostPolicy;
use super::livereload::{self, Hub};

/// Largest HTML page that gets the live-reload script; bigger ones are sent as they are
/// (streamed) rather than read into memory.
const MAX_INJECTED: u64 = 16 << 20;

/// What every request handler needs to know.
pub struct ServerContext {
    /// Canonical path of the output folder.
    pub out_dir: PathBuf,
    /// Path prefix the site is mounted at (`/` or `/sub/`).
    pub base_path: String,
    /// The names this server answers to.
    pub hosts: HostPolicy,
    /// Connected live-reload clients.
    pub hub: Arc<Hub>,
    /// Whether the first build has finished. Until then requests are answered from the
    /// previous output, and a page it lacks is a "building" page that reloads when ready.
    pub ready: AtomicBool,
}

/// A response whose body is read as it is sent: files are never loaded whole.
type Reply = Response<Box<dyn Read + Send>>;

/// Answers one request (the live-reload upgrade included).
pub fn handle(request: Request, ctx: &ServerContext) {
    if !host_allowed(&request, ctx) {
        let _ = request.respond(text(403, "Forbidden: unexpected Host header\n"));
        return;
    }
    let raw_url = request.url().to_string();
    let path_part = raw_url.split(['?', '#']).next().unwrap_or("/");
    if path_part == livereload::ENDPOINT {
        upgrade(request, ctx);
        return;
    }
    let reply = match request.method() {
        Method::Get | Method::Head => resolve(path_part, ctx),
        _ => text(405, "Method not allowed\n").with_header(header("Allow", "GET, HEAD")),
    };
    let _ = request.respond(reply);
}

/// Only this server's own names are answered: a DNS-rebinding page cannot read the site.
fn host_allowed(request: &Request, ctx: &ServerContext) -> bool {
    match request.headers().iter().find(|h| h.field.equiv("Host")) {
        Some(host) => ctx.hosts.host_allowed(host.value.as_str()),
        None => true, // HTTP/1.0 clients may omit it; they are not browsers.
    }
}

fn upgrade(request: Request, ctx: &ServerContext) {
    let key = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Sec-WebSocket-Key"))
        .map(|h| h.value.as_str().to_string());
    let wants_ws = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("Upgrade") && h.value.as_str().eq_ignore_ascii_case("websocket"));
    let origin_ok = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Origin"))
        .is_none_or(|o| ctx.hosts.origin_allowed(o.value.as_str()));
    let (Some(key), true) = (key, wants_ws) else {
        let _ = request.respond(text(400, "Expected a WebSocket upgrade\n"));
        return;
    };
    if !origin_ok {
        let _ = request.respond(text(
            403,
            "Forbidden: cross-origin live-reload connection\n",
        ));
        return;
    }
    let response = Response::empty(StatusCode(101)).with_header(header(
        "Sec-WebSocket-Accept",
        &livereload::accept_key(&key),
    ));
    let stream = request.upgrade("websocket", response);
    ctx.hub.add(stream);
}

fn resolve(url_path: &str, ctx: &ServerContext) -> Reply {
    let Some(decoded) = percent_decode(url_path) else {
        return not_found(ctx);
    };
    let rel = if let Some(rel) = decoded.strip_prefix(&ctx.base_path) {
        rel
    } else if decoded == "/" || format!("{decoded}/") == ctx.base_path {
        // The site is mounted under a sub-path: send the bare root there.
        return redirect(&ctx.base_path);
    } else {
        return not_found(ctx);
    };
    let Some(relative) = safe_relative(rel) else {
        return text(403, "Forbidden\n");
    };
    let candidate = ctx.out_dir.join(&relative);
    let Ok(real) = candidate.canonicalize() else {
        return not_found(ctx);
    };
    if !real.starts_with(&ctx.out_dir) {
        return text(403, "Forbidden\n");
    }
    if real.is_dir() {
        if !url_path.ends_with('/') {
            return redirect(&format!("{url_path}/"));
        }
        let index = real.join("index.html");
        return match index.canonicalize() {
            Ok(i) if i.starts_with(&ctx.out_dir) && i.is_file() => file_reply(&i, 200),
            _ => not_found(ctx),
        };
    }
    file_reply(&real, 200)
}

/// Turns the decoded URL path into a relative file path, refusing anything that could climb out.
fn safe_relative(rel: &str) -> Option<PathBuf> {
    if rel.contains(['\\', '\0']) || rel.contains(':') {
        return None;
    }
    let path = Path::new(rel);
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// Decodes `%XX` escapes once; invalid escapes or non-UTF-8 results are refused.
pub fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn file_reply(path: &Path, status: u16) -> Reply {
    let Ok(file) = std::fs::File::open(path) else {
        return text(404, "Not found\n");
    };
    let len = file.metadata().map_or(0, |m| m.len());
    let content_type = content_type(path);
    let reply = if content_type.starts_with("text/html") && len <= MAX_INJECTED {
        let mut bytes = Vec::with_capacity(len as usize);
        if file.take(MAX_INJECTED).read_to_end(&mut bytes).is_err() {
            return text(404, "Not found\n");
        }
        let body = livereload::inject(&String::from_utf8_lossy(&bytes)).into_bytes();
        data(body)
    } else {
        // Streamed: a HEAD reads nothing, a GET reads as the client takes it.
        let reader: Box<dyn Read + Send> = Box::new(file);
        Response::new(
            StatusCode(200),
            Vec::new(),
            reader,
            usize::try_from(len).ok(),
            None,
        )
        // The size is known: Content-Length, not tiny_http's chunks past 32 KiB.
        .with_chunked_threshold(usize::MAX)
    };
    reply
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn not_found(ctx: &ServerContext) -> Reply {
    if !ctx.ready.load(Ordering::Acquire) {
        return building();
    }
    let page = ctx.out_dir.join("404.html");
    if page.is_file() {
        file_reply(&page, 404)
    } else {
        text(404, "Not found\n")
    }
}

/// The page for a URL the first build has not written yet: its live-reload script
/// reloads it when the build lands (or shows the build's error).
fn building() -> Reply {
    let page = livereload::inject(BUILDING_PAGE);
    data(page.into_bytes())
        .with_status_code(503)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("Retry-After", "1"))
}

/// Shown while the first build runs; it names nothing from the site.
const BUILDING_PAGE: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Building…</title></head><body><main><h1>Building the site…</h1>\
<p>This page reloads by itself when the first build is done.</p></main></body></html>\n";

fn redirect(location: &str) -> Reply {
    text(301, "Moved\n").with_header(header("Location", location))
}

fn data(bytes: Vec<u8>) -> Reply {
    let len = bytes.len();
    let reader: Box<dyn Read + Send> = Box::new(Cursor::new(bytes));
    Response::new(StatusCode(200), Vec::new(), reader, Some(len), None)
}

fn text(status: u16, body: &str) -> Reply {
    data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ASCII literals or derived from them.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("static header is valid")
    })
}

/// Content-Type by file extension; text types carry charset=utf-8.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_cannot_climb() {
        assert_eq!(safe_relative("a/b.html"), Some(PathBuf::from("a/b.html")));
        assert_eq!(safe_relative(""), Some(PathBuf::new()));
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a\\..\\b",
            "a\0b",
            "C:/x",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
    }

    #[test]
    fn decoding_is_single_and_strict() {
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/%2e%2e/").as_deref(), Some("/../"));
        assert_eq!(percent_decode("/%252e").as_deref(), Some("/%2e"));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%c0%ae"), None, "overlong UTF-8 is refused");
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/index.md")),
            "text/markdown; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.WOFF2")), "font/woff2");
        assert_eq!(
            content_type(Path::new("feed.xml")),
            "application/xml; charset=utf-8"
        );
    }
}

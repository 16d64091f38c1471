//! `briefing serve`: build, serve the output on loopback, rebuild on change, reload pages.
//!
//! Threads: the [`front`] accepts TCP connections and reads each client's requests under
//! caps and deadlines, passing them to tiny_http on a private Unix socket; a few HTTP workers
//! answer them from the output folder; one watcher thread turns file events into rebuilds
//! and tells the pages over WebSockets ([`livereload`]); the caller's thread waits for the
//! shutdown signal.

#[cfg(unix)]
mod framing;
#[cfg(unix)]
mod front;
mod hosts;
pub mod http;
pub mod livereload;
pub mod rebuild;
#[cfg(unix)]
mod slots;
#[cfg(unix)]
mod upstream;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::Instant;

use crate::config::SiteConfig;
use crate::error::{Error, Result};
use livereload::{Hub, Notice};
use rebuild::{Builder, Outcome};

/// Port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;
/// How many following ports are tried when the default one is busy.
const PORT_TRIES: u16 = 20;
/// HTTP worker threads; clients are read by the front's threads, not these.
const WORKERS: usize = 4;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root.
    pub root: PathBuf,
    /// Output folder (default: the site's `public/`).
    pub out: Option<PathBuf>,
    /// Port; `None` means 1111 or the next free one.
    pub port: Option<u16>,
    /// Address to bind; loopback unless asked otherwise.
    pub bind: IpAddr,
    /// Replace the output folder even when briefing did not make it.
    pub force: bool,
    /// Host names answered besides the machine's own (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            out: None,
            port: None,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            force: false,
            allow_hosts: Vec::new(),
        }
    }
}

/// A running server, as seen by its caller.
pub struct Running {
    /// The URL pages are served at.
    pub url: String,
}

/// Builds and serves until `shutdown` receives (or its sender is dropped).
/// `on_ready` is called once the server listens, e.g. to open a browser.
pub fn run(
    opts: &ServeOptions,
    shutdown: Receiver<()>,
    on_ready: impl FnOnce(&Running),
) -> Result<()> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::io(&opts.root, e))?;
    let config = SiteConfig::load(&root)?;
    let out = match &opts.out {
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => std::env::current_dir()
            .map_err(|e| Error::io(".", e))?
            .join(o),
        None => root.join(&config.dirs.output),
    };
    // A busy port or a folder we may not replace fails before any work is done.
    let (listener, port) = bind(opts)?;
    let mut claimed = crate::output::claim(&out, opts.force)?;
    // Named as the user would write it, as `build` names it in its summary.
    claimed.given = opts
        .out
        .clone()
        .unwrap_or_else(|| opts.root.join(&config.dirs.output));
    let hub = Arc::new(Hub::default());
    std::fs::create_dir_all(&claimed.real).map_err(|e| Error::io(&out, e))?;
    let out_dir = claimed
        .real
        .canonicalize()
        .map_err(|e| Error::io(&out, e))?;

    // Watch before the first build, so no edit made while it runs (or after "Serving") is missed.
    let mut watched = watch::Watched::start(&root, &config.dirs)?;
    let (server, mut door) = start_http(listener)?;
    let server = Arc::new(server);
    let base_path = config.base_url.path.clone();
    let host = match opts.bind {
        IpAddr::V6(a) => format!("[{a}]"),
        IpAddr::V4(a) => a.to_string(),
    };
    let running = Running {
        url: format!("http://{host}:{port}{base_path}"),
    };
    if !opts.bind.is_loopback() {
        println!(
            "warning: bound to {}: other machines on the network can read this site",
            opts.bind
        );
    }
    let ctx = Arc::new(http::ServerContext {
        out_dir,
        base_path,
        hosts: hosts::HostPolicy::new(opts.bind, port, &opts.allow_hosts),
        hub: hub.clone(),
        ready: AtomicBool::new(false),
    });
    let stop = Arc::new(AtomicBool::new(false));
    // Requests are answered while the first build runs: from the previous output when
    // there is one (a restarted server's open tabs keep working), else a "building" page.
    let workers: Vec<_> = (0..WORKERS)
        .map(|i| {
            let (server, ctx, stop) = (server.clone(), ctx.clone(), stop.clone());
            std::thread::Builder::new()
                .name(format!("http-{i}"))
                .spawn(move || {
                    while !stop.load(Ordering::SeqCst) {
                        if let Ok(request) = server.recv() {
                            http::handle(request, &ctx);
                        }
                    }
                })
                .map_err(|e| Error::io("thread", e))
        })
        .collect::<Result<_>>()?;

    let mut builder = Builder::new(&root, &claimed);
    match builder.initial() {
        Ok(outcome) => {
            for w in &outcome.warnings {
                println!("warning: {w}");
            }
            println!("{}", outcome.summary);
            // Pages opened during the build show the old site or the building page.
            hub.broadcast(&Notice::Reload);
        }
        Err(err) => report("initial build", Err(err), &hub),
    }
    ctx.ready.store(true, Ordering::Release);
    println!(
        "Serving {} at {}  (Ctrl-C to stop)",
        config.title, running.url
    );

    let watcher = {
        let (hub, stop) = (hub.clone(), stop.clone());
        std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || {
                while let Some(change) = watched.next_change(&stop) {
                    let started = Instant::now();
                    println!("change: {}", change.describe());
                    let result = builder.rebuild(&change);
                    report(
                        &format!(
                            "rebuild ({:.0} ms)",
                            started.elapsed().as_secs_f64() * 1000.0
                        ),
                        result,
                        &hub,
                    );
                }
            })
            .map_err(|e| Error::io("thread", e))?
    };
    on_ready(&running);

    let _ = shutdown.recv();
    println!("stopping…");
    door.close();
    stop.store(true, Ordering::SeqCst);
    for _ in 0..WORKERS {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    let _ = watcher.join();
    hub.shutdown();
    drop(server); // removes its socket before `door` removes the folder
    drop(door);
    Ok(())
}

/// Prints a build result and tells the open pages.
fn report(what: &str, result: Result<Outcome>, hub: &Hub) {
    match result {
        Ok(outcome) => {
            for w in &outcome.warnings {
                println!("warning: {w}");
            }
            // Nothing changed, but pages show an error overlay: reload clears it.
            let notice = outcome
                .notice
                .or_else(|| hub.failing().then_some(Notice::Reload));
            let Some(notice) = notice else {
                println!(
                    "{what}: {} in {:.0} ms; no output changed, nothing sent",
                    outcome.summary,
                    outcome.elapsed.as_secs_f64() * 1000.0
                );
                return;
            };
            let reached = hub.broadcast(&notice);
            let action = match notice {
                Notice::Css => "css swapped",
                _ => "reload sent",
            };
            println!(
                "{what}: {} in {:.0} ms; {action} to {reached} page{}",
                outcome.summary,
                outcome.elapsed.as_secs_f64() * 1000.0,
                if reached == 1 { "" } else { "s" }
            );
        }
        Err(err) => {
            let message = err.to_string();
            eprintln!("error: {what} failed, still serving the last good site:\n{message}");
            hub.broadcast(&Notice::Error { message });
        }
    }
}

/// A listening socket with TCP_NODELAY set, which accepted sockets inherit on Linux: tiny_http
/// writes a response's head and body separately and the front passes them on as they come;
/// without it Nagle's algorithm meets delayed ACKs on keep-alive connections (~40 ms a request).
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let listener = TcpListener::bind(addr)?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let one: libc::c_int = 1;
        // SAFETY: a valid socket descriptor and a correctly sized int option value.
        unsafe {
            libc::setsockopt(
                listener.as_raw_fd(),
                libc::IPPROTO_TCP,
                libc::TCP_NODELAY,
                (&one as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            );
        }
    }
    Ok(listener)
}

/// What stands between the TCP port and tiny_http: the front, and the private folder that
/// holds tiny_http's socket (removed when dropped).
#[cfg(unix)]
struct Door {
    front: front::Front,
    _dir: tempfile::TempDir,
}

#[cfg(unix)]
impl Door {
    /// Stops accepting connections.
    fn close(&mut self) {
        self.front.stop();
    }
}

/// tiny_http on a Unix socket in a fresh folder only our user can enter, behind the front
/// that accepts on `listener`: tiny_http 0.12 has no cap on request heads and no timeouts.
#[cfg(unix)]
fn start_http(listener: TcpListener) -> Result<(tiny_http::Server, Door)> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::Builder::new()
        .prefix("briefing-serve-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir()
        .map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let socket = dir.path().join("http.sock");
    let server = tiny_http::Server::http_unix(&socket).map_err(|e| Error::Input {
        path: socket.clone(),
        message: format!("cannot listen on this Unix socket ({e})"),
    })?;
    let front = front::Front::start(listener, socket).map_err(|e| Error::io("thread", e))?;
    Ok((server, Door { front, _dir: dir }))
}

/// Without Unix sockets tiny_http takes the TCP socket itself, without the front's limits.
#[cfg(not(unix))]
struct Door;

#[cfg(not(unix))]
impl Door {
    fn close(&mut self) {}
}

#[cfg(not(unix))]
fn start_http(listener: TcpListener) -> Result<(tiny_http::Server, Door)> {
    let server = tiny_http::Server::from_listener(listener, None).map_err(|e| Error::Input {
        path: PathBuf::from("tcp"),
        message: e.to_string(),
    })?;
    Ok((server, Door))
}

/// Binds the port asked for, or 1111 and the next free ones when none was given.
fn bind(opts: &ServeOptions) -> Result<(TcpListener, u16)> {
    let candidates: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES).collect(),
    };
    let mut last_error = String::new();
    for port in candidates {
        match listen(SocketAddr::new(opts.bind, port)) {
            Ok(listener) => {
                let actual = listener.local_addr().map_or(port, |a| a.port());
                if opts.port.is_none() && port != DEFAULT_PORT {
                    println!("port {DEFAULT_PORT} is busy; using {actual}");
                }
                return Ok((listener, actual));
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    Err(Error::Input {
        path: PathBuf::from(format!(
            "{}:{}",
            opts.bind,
            opts.port.unwrap_or(DEFAULT_PORT)
        )),
        message: match opts.port {
            Some(p) => {
                format!("cannot listen on port {p} ({last_error}); choose another with --port")
            }
            None => format!(
                "ports {DEFAULT_PORT}–{} are all busy ({last_error}); choose one with --port",
                DEFAULT_PORT + PORT_TRIES - 1
            ),
        },
    })
}

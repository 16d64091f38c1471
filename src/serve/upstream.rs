//! The [front](super::front)'s connections to tiny_http, on its private Unix socket.
//!
//! They are kept in a pool and lent for one exchange at a time, so an idle client holds
//! none of tiny_http's threads and tiny_http sees few connections. New ones are opened one
//! at a time: tiny_http 0.12's thread pool counts a woken thread as still idle, so of a
//! burst of new connections one can be left queued behind long-lived ones, unanswered.

use std::io::{self, ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// How long a write to tiny_http may stall; it reads requests as they come.
const WRITE_STALL: Duration = Duration::from_secs(10);
/// How long tiny_http's answer may make no progress; its handlers only read files.
const ANSWER_STALL: Duration = Duration::from_secs(30);
/// How long a new connection keeps others from opening while it waits for its first
/// answer, which proves tiny_http's pool took it (normally well under a millisecond).
const GATE_HOLD: Duration = Duration::from_millis(50);
/// Idle connections kept for reuse; each holds one of tiny_http's threads.
const MAX_IDLE: usize = 128;

/// Connections to tiny_http.
pub struct Upstreams {
    path: PathBuf,
    /// Open and between exchanges, most recently used last.
    idle: Mutex<Vec<UnixStream>>,
    /// Held while a new connection waits to be taken by tiny_http's pool.
    gate: Mutex<()>,
}

impl Upstreams {
    /// Connections to tiny_http listening on the Unix socket `path`.
    pub fn new(path: PathBuf) -> Upstreams {
        Upstreams {
            path,
            idle: Mutex::default(),
            gate: Mutex::default(),
        }
    }

    /// Sends `request` and reads the first bytes of the answer into `out`: the connection
    /// (for the rest of the answer) and how many bytes came, or `None` if no answer came.
    pub fn send(&self, request: &[u8], out: &mut [u8]) -> Option<(UnixStream, usize)> {
        let mut pooled = lock(&self.idle).pop();
        loop {
            let reused = pooled.is_some();
            let gate = (!reused).then(|| lock(&self.gate));
            let mut unix = match pooled.take() {
                Some(unix) => unix,
                None => self.open().ok()?,
            };
            let first = unix
                .write_all(request)
                .and_then(|()| first_read(&mut unix, out, gate));
            match first {
                Ok(n) if n > 0 => return Some((unix, n)),
                // tiny_http closed a pooled connection meanwhile: once more on a new one.
                Ok(_) if reused => {}
                Err(e) if reused && !timed_out(&e) => {}
                _ => return None,
            }
        }
    }

    /// Takes back a connection whose exchange ended with a whole answer.
    pub fn give_back(&self, unix: UnixStream) {
        let mut idle = lock(&self.idle);
        if idle.len() < MAX_IDLE {
            idle.push(unix);
        }
    }

    /// Closes the idle connections, which ends their threads in tiny_http.
    pub fn close_idle(&self) {
        lock(&self.idle).clear();
    }

    fn open(&self) -> io::Result<UnixStream> {
        let unix = UnixStream::connect(&self.path)?;
        unix.set_write_timeout(Some(WRITE_STALL))?;
        unix.set_read_timeout(Some(GATE_HOLD))?;
        Ok(unix)
    }
}

/// The first bytes of an answer. A new connection holds the `gate` until they come (or
/// for [`GATE_HOLD`]), then waits on with the normal timeout.
fn first_read(
    unix: &mut UnixStream,
    out: &mut [u8],
    mut gate: Option<MutexGuard<'_, ()>>,
) -> io::Result<usize> {
    loop {
        let result = unix.read(out);
        if gate.take().is_some() {
            unix.set_read_timeout(Some(ANSWER_STALL))?;
            if result.as_ref().is_err_and(timed_out) {
                continue;
            }
        }
        match result {
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            result => return result,
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A read or write timed out (Linux says `WouldBlock`).
pub fn timed_out(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

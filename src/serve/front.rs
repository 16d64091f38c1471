//! The front door of `briefing serve`: it owns the TCP port; tiny_http 0.12 listens behind
//! it on a private Unix socket ([`upstream`]).
//!
//! tiny_http 0.12 reads a request head with no size cap and no timeout, and writes answers
//! with no timeout: one client could grow its memory without end or hold its threads for
//! ever. So each client connection gets a thread of ours that reads every request, head and
//! body, under the caps of [`framing`] and a deadline, passes on only whole, acceptable
//! requests, and copies the answer back with a write timeout before it reads the next one.
//! A WebSocket upgrade turns the connection into a two-way pipe, with a second thread.
//!
//! [`framing`]: super::framing
//! [`upstream`]: super::upstream

use std::io::{self, ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::framing::{HeadScan, Refusal, RequestHead, ResponseTracker, parse_request};
use super::slots::{Slots, Ticket};
use super::upstream::{Upstreams, timed_out};

/// How long a client may take to send a request once it starts one, how long a keep-alive
/// connection may sit idle, and how long a write to a client that does not read may stall.
const PATIENCE: Duration = Duration::from_secs(10);
/// After a refusal, how long the client's remaining bytes are read and dropped: closing
/// with unread bytes resets the connection, which can destroy the refusal unread.
const LINGER: Duration = Duration::from_secs(2);
/// Stack of a connection thread; buffers live on the heap.
const STACK: usize = 128 * 1024;
/// Bytes read from either side at a time, and the least a client must take every
/// `PATIENCE` while an answer goes out.
const CHUNK: usize = 16 * 1024;
/// Largest answer held whole before it goes out. Holding it frees tiny_http's worker at
/// once, however slowly the client then reads (a steady slow reader would otherwise keep
/// one of the few workers for as long as it reads).
const MAX_HELD: usize = 16 << 20;
/// Bytes all connections together may hold; past it, answers stream at the client's pace.
const HELD_BUDGET: usize = 256 << 20;

/// Bytes held by all connections, against `HELD_BUDGET`.
static HELD: AtomicUsize = AtomicUsize::new(0);

/// A share of `HELD_BUDGET`, given back when dropped.
#[derive(Default)]
struct Held(usize);

impl Held {
    /// Takes `more` bytes of the budget, if there are that many left.
    fn grow(&mut self, more: usize) -> bool {
        let taken = HELD.fetch_add(more, Ordering::SeqCst);
        if taken + more > HELD_BUDGET {
            HELD.fetch_sub(more, Ordering::SeqCst);
            return false;
        }
        self.0 += more;
        true
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        HELD.fetch_sub(self.0, Ordering::SeqCst);
    }
}

/// The accepting thread, until [`Front::stop`].
pub struct Front {
    stop: Arc<AtomicBool>,
    wake: SocketAddr,
    upstreams: Arc<Upstreams>,
    thread: Option<JoinHandle<()>>,
}

impl Front {
    /// Accepts connections on `listener` and relays their requests to tiny_http, which
    /// listens on the Unix socket `backend`.
    pub fn start(listener: TcpListener, backend: PathBuf) -> io::Result<Front> {
        let addr = listener.local_addr()?;
        let ip = match addr.ip() {
            IpAddr::V4(a) if a.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(a) if a.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let stop = Arc::new(AtomicBool::new(false));
        let upstreams = Arc::new(Upstreams::new(backend));
        let thread = {
            let (stop, upstreams) = (stop.clone(), upstreams.clone());
            std::thread::Builder::new()
                .name("front".into())
                .spawn(move || accept_loop(&listener, &upstreams, &stop))?
        };
        Ok(Front {
            stop,
            wake: SocketAddr::new(ip, addr.port()),
            upstreams,
            thread: Some(thread),
        })
    }

    /// Stops accepting, waits for the accepting thread and closes the idle connections to
    /// tiny_http; open client connections end on their own.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // accept() has no timeout: a connection of our own wakes it up to see the flag.
        if TcpStream::connect_timeout(&self.wake, Duration::from_secs(1)).is_ok()
            && let Some(thread) = self.thread.take()
        {
            let _ = thread.join();
        }
        self.upstreams.close_idle();
    }
}

fn accept_loop(listener: &TcpListener, upstreams: &Arc<Upstreams>, stop: &AtomicBool) {
    let slots = Arc::new(Slots::default());
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(tcp) = stream else {
            // Most likely out of file descriptors: let connections close rather than spin.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let peer = tcp
            .peer_addr()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip());
        let Some(ticket) = slots.admit(&tcp, peer) else {
            // Non-blocking, so a client that does not read cannot stall the accepting thread.
            let _ = tcp.set_nonblocking(true);
            let _ = (&tcp).write_all(&reply(503, "Service Unavailable"));
            continue;
        };
        let upstreams = upstreams.clone();
        // A thread that cannot be started drops its connection (and ticket) with the closure.
        let _ = std::thread::Builder::new()
            .name("front".into())
            .stack_size(STACK)
            .spawn(move || Connection::new(tcp, upstreams, ticket).serve());
    }
}

/// How one exchange with tiny_http ended.
enum Exchange {
    /// The answer is out; the connection to tiny_http can serve another request.
    Done(UnixStream),
    /// tiny_http answered 101: the connection is now a WebSocket.
    Upgraded(UnixStream),
    /// No answer came, or it could not be delivered whole.
    Failed { answered: bool },
}

/// How copying one answer ended.
enum Relayed {
    Done,
    Upgraded,
    Failed,
}

/// One client connection, served by one thread.
struct Connection {
    tcp: TcpStream,
    upstreams: Arc<Upstreams>,
    /// Bytes from the client not passed on yet (the rest of a request, pipelined ones).
    buf: Vec<u8>,
    /// Bytes from tiny_http on their way to the client.
    out: Vec<u8>,
    /// The read timeout now set on `tcp`, to set it only when it changes.
    timeout: Option<Duration>,
    /// Its place in the table of open connections.
    ticket: Ticket,
}

impl Connection {
    fn new(tcp: TcpStream, upstreams: Arc<Upstreams>, ticket: Ticket) -> Connection {
        Connection {
            tcp,
            upstreams,
            buf: Vec::new(),
            out: vec![0; CHUNK],
            timeout: None,
            ticket,
        }
    }

    fn serve(mut self) {
        if self.tcp.set_write_timeout(Some(PATIENCE)).is_err() {
            return;
        }
        loop {
            let (len, head) = match self.read_request() {
                Ok(Some(request)) => request,
                Ok(None) => break,
                Err(refusal) => break self.refuse(refusal),
            };
            match self.exchange(len, head) {
                Exchange::Done(unix) if head.keep_alive => self.upstreams.give_back(unix),
                Exchange::Done(_) => break, // tiny_http closes its side after this answer
                Exchange::Upgraded(unix) => {
                    self.ticket.socket();
                    break self.pipe(unix);
                }
                Exchange::Failed { answered } => {
                    if !answered {
                        let _ = (&self.tcp).write_all(&reply(503, "Service Unavailable"));
                    }
                    break;
                }
            }
        }
        let _ = self.tcp.shutdown(Shutdown::Both);
    }

    /// Reads the next request, head and body, into `buf`: its length and head, `Ok(None)`
    /// when the client closed or stayed idle, a refusal when it breaks a cap or the deadline.
    /// The body (at most `MAX_BODY`) is read whole, so that a request can be sent again.
    fn read_request(&mut self) -> Result<Option<(usize, RequestHead)>, Refusal> {
        let mut scan = HeadScan::default();
        let mut request = None;
        // The deadline runs from the request's first byte; pipelined bytes count as new.
        let mut deadline = (!self.buf.is_empty()).then(|| Instant::now() + PATIENCE);
        if deadline.is_none() {
            // Nothing of a request yet: a full table may close this connection.
            self.ticket.idle();
        }
        loop {
            if request.is_none()
                && let Some(head_len) = scan.advance(&self.buf)?
            {
                let head = parse_request(&self.buf[..head_len])?;
                let len = head_len + head.body_len as usize;
                if head.expects_continue && self.buf.len() < len {
                    // tiny_http would send it only if a handler read the body; ours never do.
                    let _ = (&self.tcp).write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
                }
                request = Some((len, head));
            }
            if request.is_some_and(|(len, _)| self.buf.len() >= len) {
                return Ok(request);
            }
            let wait = match deadline {
                None => PATIENCE,
                Some(d) => left(d).ok_or(Refusal::Timeout)?,
            };
            match self.fill(wait) {
                Ok(0) => return Ok(None),
                Ok(_) => {
                    if deadline.is_none() {
                        self.ticket.busy();
                        deadline = Some(Instant::now() + PATIENCE);
                    }
                }
                Err(e) if timed_out(&e) && deadline.is_some() => {} // checked above
                Err(_) => return Ok(None),
            }
        }
    }

    /// Reads more of the client's bytes, waiting at most `wait`.
    fn fill(&mut self, wait: Duration) -> io::Result<usize> {
        // Setting the timeout is a system call: a request that arrives whole costs none.
        if self.timeout != Some(wait) {
            self.tcp.set_read_timeout(Some(wait))?;
            self.timeout = Some(wait);
        }
        // Through `out`, idle while a request is read: no zeroing of spare room in `buf`.
        let n = loop {
            match self.tcp.read(&mut self.out) {
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                result => break result?,
            }
        };
        self.buf.extend_from_slice(&self.out[..n]);
        Ok(n)
    }

    /// Sends the request in `buf[..len]` to tiny_http and copies its answer to the client.
    fn exchange(&mut self, len: usize, head: RequestHead) -> Exchange {
        let Some((mut unix, n)) = self.upstreams.send(&self.buf[..len], &mut self.out) else {
            return Exchange::Failed { answered: false };
        };
        self.buf.drain(..len);
        let exchange = self.relay(&mut unix, n, head);
        // Back to one chunk: a held answer's memory goes back with its budget.
        self.out.truncate(CHUNK);
        self.out.shrink_to_fit();
        match exchange {
            Relayed::Done => Exchange::Done(unix),
            Relayed::Upgraded => Exchange::Upgraded(unix),
            Relayed::Failed => Exchange::Failed { answered: true },
        }
    }

    /// Copies tiny_http's answer (its first `n` bytes already in `out`) to the client.
    fn relay(&mut self, unix: &mut UnixStream, mut n: usize, head: RequestHead) -> Relayed {
        let mut tracker = ResponseTracker::default();
        let mut fed = 0;
        let mut held = Held::default();
        loop {
            let step = tracker.feed(&self.out[fed..n], head.is_head);
            fed = n;
            let going = !step.finished && !step.upgraded;
            let more = n.min(MAX_HELD - n.min(MAX_HELD));
            if going && n == self.out.len() && more > 0 && held.grow(more) {
                // Room for the largest held answer at once: growing by reallocation
                // would hold the old buffer and the new one together (24 MiB, not 16).
                self.out.reserve_exact(MAX_HELD - n);
                self.out.resize(n + more, 0);
            }
            // tiny_http writes an answer's head, then its body in pieces, all at once: passing
            // them on in one write spares the client packets and wake-ups.
            let hold = n < self.out.len() && going;
            if !hold {
                if self.send(n).is_err() {
                    return Relayed::Failed;
                }
                if step.upgraded {
                    return Relayed::Upgraded;
                }
                if step.finished {
                    return Relayed::Done;
                }
                (n, fed) = (0, 0);
            }
            match unix.read(&mut self.out[n..]) {
                Ok(got) if got > 0 => n += got,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                _ => {
                    // An answer that ends with tiny_http closing, or a stalled one.
                    let _ = self.send(n);
                    return Relayed::Failed;
                }
            }
        }
    }

    /// Writes `out[..n]` to the client, which must take it within PATIENCE: a client that
    /// has gone or stopped reading fails it. The socket's write timeout alone is not enough:
    /// it bounds each write call, and one that moves a few bytes starts the clock again.
    fn send(&mut self, n: usize) -> io::Result<()> {
        let mut deadline = Instant::now() + PATIENCE;
        let mut data = &self.out[..n];
        let mut shortened = false;
        // A held answer may be many chunks: each chunk taken earns the next PATIENCE. One
        // write per chunk, so that a write blocked on a full socket waits for one chunk.
        let mut taken = 0;
        while !data.is_empty() {
            match self.tcp.write(&data[..data.len().min(CHUNK - taken)]) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(sent) => {
                    data = &data[sent..];
                    taken += sent;
                    if taken >= CHUNK {
                        taken = 0;
                        deadline = Instant::now() + PATIENCE;
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
            if !data.is_empty() {
                let wait = left(deadline).ok_or(ErrorKind::TimedOut)?;
                self.tcp.set_write_timeout(Some(wait))?;
                shortened = true;
            }
        }
        if shortened {
            self.tcp.set_write_timeout(Some(PATIENCE))?;
        }
        Ok(())
    }

    /// After a 101, copies bytes both ways until either side closes.
    fn pipe(&mut self, mut unix: UnixStream) {
        let (Ok(mut from), Ok(mut to)) = (unix.try_clone(), self.tcp.try_clone()) else {
            return;
        };
        // No read timeouts: a page keeps its live-reload socket open for as long as it is
        // shown. A peer that closes ends a read; one that vanishes fails the next write
        // towards it (the live-reload hub pings every 10 s).
        if unix.set_read_timeout(None).is_err() || self.tcp.set_read_timeout(None).is_err() {
            return;
        }
        let pump = std::thread::Builder::new()
            .name("front-ws".into())
            .stack_size(STACK)
            .spawn(move || {
                let _ = io::copy(&mut from, &mut to);
                // Ends the other direction too.
                let _ = to.shutdown(Shutdown::Both);
                let _ = from.shutdown(Shutdown::Both);
            });
        let Ok(pump) = pump else { return };
        if unix.write_all(&self.buf).is_ok() {
            let _ = io::copy(&mut self.tcp, &mut unix);
        }
        let _ = self.tcp.shutdown(Shutdown::Both);
        let _ = unix.shutdown(Shutdown::Both);
        let _ = pump.join();
    }

    /// Answers `refusal` itself and lingers, reading, before the connection is closed.
    fn refuse(&mut self, refusal: Refusal) {
        let (code, reason) = refusal.status();
        if (&self.tcp).write_all(&reply(code, reason)).is_err() {
            return;
        }
        let _ = self.tcp.shutdown(Shutdown::Write);
        let until = Instant::now() + LINGER;
        while let Some(wait) = left(until) {
            if self.tcp.set_read_timeout(Some(wait)).is_err() {
                break;
            }
            match self.tcp.read(&mut self.out) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
}

/// A complete answer of the front's own, after which it closes the connection.
fn reply(code: u16, reason: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{reason}\n",
        reason.len() + 1
    )
    .into_bytes()
}

/// Time left until `deadline`, if any.
fn left(deadline: Instant) -> Option<Duration> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
}

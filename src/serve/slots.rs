//! The front's table of open client connections: how many there are, which are idle,
//! and how many live-reload sockets each client holds.
//!
//! When the table is full, the oldest idle keep-alive connection is closed to make room
//! (a browser reopens it when it needs one), and a client may hold only a few live-reload
//! sockets: without both, 1,024 idle connections or sockets made every other request a 503.

use std::collections::HashMap;
use std::net::{IpAddr, Shutdown, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Client connections served at once.
pub const MAX_CONNECTIONS: usize = 1024;
/// Live-reload sockets one client address may hold; a newer one closes its oldest.
pub const SOCKETS_PER_CLIENT: usize = 64;

/// What a connection is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading or answering a request.
    Busy,
    /// Waiting for the next request on a keep-alive connection.
    Idle,
    /// A live-reload WebSocket.
    Socket,
    /// Told to close; it leaves the table when its thread ends.
    Closing,
}

#[derive(Debug)]
struct Entry {
    peer: IpAddr,
    state: State,
    since: Instant,
    /// A handle on the same socket, to close it from another thread.
    tcp: TcpStream,
}

/// The table, shared by the accepting thread and every connection thread.
#[derive(Debug, Default)]
pub struct Slots {
    inner: Mutex<Table>,
}

#[derive(Debug, Default)]
struct Table {
    next: u64,
    open: HashMap<u64, Entry>,
}

/// A connection's place in the table, given back when dropped.
#[derive(Debug)]
pub struct Ticket {
    id: u64,
    slots: Arc<Slots>,
}

impl Slots {
    fn table(&self) -> std::sync::MutexGuard<'_, Table> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for a new connection from `peer`; when the table is full the oldest idle
    /// connection is closed for it. `None` when every place is busy.
    pub fn admit(self: &Arc<Self>, tcp: &TcpStream, peer: IpAddr) -> Option<Ticket> {
        let handle = tcp.try_clone().ok()?;
        let mut t = self.table();
        let live = t
            .open
            .values()
            .filter(|e| e.state != State::Closing)
            .count();
        if live >= MAX_CONNECTIONS {
            let oldest = t
                .open
                .values_mut()
                .filter(|e| e.state == State::Idle)
                .min_by_key(|e| e.since)?;
            oldest.state = State::Closing;
            let _ = oldest.tcp.shutdown(Shutdown::Both);
        }
        let id = t.next;
        t.next += 1;
        t.open.insert(
            id,
            Entry {
                peer,
                state: State::Busy,
                since: Instant::now(),
                tcp: handle,
            },
        );
        Some(Ticket {
            id,
            slots: self.clone(),
        })
    }
}

impl Ticket {
    fn set(&self, state: State) {
        let mut t = self.slots.table();
        if let Some(e) = t.open.get_mut(&self.id)
            && e.state != State::Closing
        {
            e.state = state;
            e.since = Instant::now();
        }
    }

    /// The connection waits for its next request.
    pub fn idle(&self) {
        self.set(State::Idle);
    }

    /// The connection is reading or answering a request.
    pub fn busy(&self) {
        self.set(State::Busy);
    }

    /// The connection became a live-reload socket; the client's oldest sockets beyond
    /// [`SOCKETS_PER_CLIENT`] are closed.
    pub fn socket(&self) {
        self.set(State::Socket);
        let mut t = self.slots.table();
        let Some(peer) = t.open.get(&self.id).map(|e| e.peer) else {
            return;
        };
        let mut sockets: Vec<(Instant, u64)> = t
            .open
            .iter()
            .filter(|(_, e)| e.peer == peer && e.state == State::Socket)
            .map(|(id, e)| (e.since, *id))
            .collect();
        if sockets.len() <= SOCKETS_PER_CLIENT {
            return;
        }
        sockets.sort();
        for (_, id) in &sockets[..sockets.len() - SOCKETS_PER_CLIENT] {
            if let Some(e) = t.open.get_mut(id) {
                e.state = State::Closing;
                let _ = e.tcp.shutdown(Shutdown::Both);
            }
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.slots.table().open.remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (client, server)
    }

    #[test]
    fn a_full_table_closes_the_oldest_idle_connection() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let slots = Arc::new(Slots::default());
        let peer = IpAddr::from([127, 0, 0, 1]);
        let mut keep = Vec::new();
        for i in 0..MAX_CONNECTIONS {
            let (client, server) = pair(&listener);
            let ticket = slots.admit(&server, peer).unwrap();
            if i == 3 {
                ticket.idle();
            }
            keep.push((client, server, ticket));
        }
        let (_c, server) = pair(&listener);
        let admitted = slots.admit(&server, peer);
        assert!(admitted.is_some(), "an idle connection made room");
        // The idle one's client sees its connection closed.
        use std::io::Read;
        let mut buf = [0u8; 1];
        assert_eq!(keep[3].0.read(&mut buf).unwrap(), 0);
        let (_c2, server2) = pair(&listener);
        assert!(slots.admit(&server2, peer).is_none(), "all busy: refused");
    }

    #[test]
    fn one_client_keeps_only_its_newest_sockets() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let slots = Arc::new(Slots::default());
        let peer = IpAddr::from([127, 0, 0, 1]);
        let mut keep = Vec::new();
        for _ in 0..SOCKETS_PER_CLIENT + 5 {
            let (client, server) = pair(&listener);
            let ticket = slots.admit(&server, peer).unwrap();
            ticket.socket();
            keep.push((client, ticket));
        }
        use std::io::Read;
        let mut buf = [0u8; 1];
        for (client, _) in &mut keep[..5] {
            assert_eq!(client.read(&mut buf).unwrap(), 0, "oldest sockets closed");
        }
        keep[5].0.set_nonblocking(true).unwrap();
        assert!(keep[5].0.read(&mut buf).is_err(), "newer ones stay open");
    }
}

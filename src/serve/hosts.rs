//! Which `Host` and `Origin` values the dev server answers: its own names only.
//!
//! A page on another site can point a DNS name at 127.0.0.1 (DNS rebinding) or open a
//! WebSocket to any local port; checking that requests name this server, and that
//! live-reload sockets come from this server's own origin, stops both.

use std::collections::HashSet;
use std::net::IpAddr;

/// The host names and addresses this server is known by, and its port.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    names: HashSet<String>,
    port: u16,
}

impl HostPolicy {
    /// Names for a server bound to `bind:port`: loopback names always; the bound
    /// address; for an unspecified bind (`0.0.0.0`, `::`) every address of the
    /// machine's interfaces and its host name; and each of `extra` (`--allow-host`).
    pub fn new(bind: IpAddr, port: u16, extra: &[String]) -> HostPolicy {
        let mut names: HashSet<String> = ["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(String::from)
            .collect();
        names.insert(address_name(bind));
        if !bind.is_loopback() {
            if let Some(host) = host_name() {
                names.insert(format!("{host}.local"));
                names.insert(host);
            }
            if bind.is_unspecified() {
                names.extend(interface_addresses().into_iter().map(address_name));
            }
        }
        names.extend(
            extra
                .iter()
                .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase()),
        );
        HostPolicy { names, port }
    }

    /// Whether a `Host` header value names this server (its port, when given, too).
    pub fn host_allowed(&self, host: &str) -> bool {
        let (name, port) = split_host(host.trim());
        self.name_allowed(&name) && port.is_none_or(|p| p == self.port)
    }

    /// Whether an `Origin` is this server's own: `http`, one of its names, its port.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        let Some(rest) = origin.trim().strip_prefix("http://") else {
            return false;
        };
        if rest.contains('/') {
            return false;
        }
        let (name, port) = split_host(rest);
        self.name_allowed(&name) && port.unwrap_or(80) == self.port
    }

    fn name_allowed(&self, name: &str) -> bool {
        self.names.contains(name) || name.ends_with(".localhost")
    }
}

/// `Name:port` → lowercase name and port; IPv6 literals keep their brackets.
fn split_host(host: &str) -> (String, Option<u16>) {
    let host = host.to_ascii_lowercase();
    let split = match host.rfind(':') {
        Some(i) if !host.ends_with(']') => Some(i),
        _ => None,
    };
    match split {
        Some(i) => (
            host[..i].trim_end_matches('.').to_string(),
            host[i + 1..].parse().ok().or(Some(0)),
        ),
        None => (host.trim_end_matches('.').to_string(), None),
    }
}

/// How an address appears in a `Host` header.
fn address_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => format!("[{a}]"),
    }
}

/// The machine's host name, lowercase.
fn host_name() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; the name is NUL-terminated on success.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return None;
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    let name = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

/// Every IPv4 and IPv6 address of the machine's network interfaces.
fn interface_addresses() -> Vec<IpAddr> {
    let mut out = Vec::new();
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list` with a linked list that freeifaddrs releases; each
    // ifa_addr is null or points at a sockaddr of the family it names.
    unsafe {
        if libc::getifaddrs(&mut list) != 0 {
            return out;
        }
        let mut cursor = list;
        while !cursor.is_null() {
            let addr = (*cursor).ifa_addr;
            if !addr.is_null() {
                match i32::from((*addr).sa_family) {
                    libc::AF_INET => {
                        let sin = &*(addr as *const libc::sockaddr_in);
                        out.push(IpAddr::from(
                            u32::from_be(sin.sin_addr.s_addr).to_be_bytes(),
                        ));
                    }
                    libc::AF_INET6 => {
                        let sin6 = &*(addr as *const libc::sockaddr_in6);
                        out.push(IpAddr::from(sin6.sin6_addr.s6_addr));
                    }
                    _ => {}
                }
            }
            cursor = (*cursor).ifa_next;
        }
        libc::freeifaddrs(list);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_server_answers_local_names_only() {
        let p = HostPolicy::new(IpAddr::from([127, 0, 0, 1]), 1111, &[]);
        for ok in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "app.localhost:1111",
            "LOCALHOST",
        ] {
            assert!(p.host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost:2222",
            "127.0.0.1.nip.io:1111",
            "localhost:x",
        ] {
            assert!(!p.host_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn origins_must_be_this_server_exactly() {
        let p = HostPolicy::new(IpAddr::from([127, 0, 0, 1]), 1111, &[]);
        assert!(p.origin_allowed("http://localhost:1111"));
        assert!(p.origin_allowed("http://127.0.0.1:1111"));
        for bad in [
            "http://localhost",
            "https://localhost:1111",
            "http://localhost:8080",
            "http://evil.example:1111",
            "null",
            "http://localhost:1111/path",
        ] {
            assert!(!p.origin_allowed(bad), "{bad}");
        }
        let on80 = HostPolicy::new(IpAddr::from([127, 0, 0, 1]), 80, &[]);
        assert!(on80.origin_allowed("http://localhost"));
    }

    #[test]
    fn network_binds_answer_the_machines_names_and_allowed_hosts() {
        let p = HostPolicy::new(IpAddr::from([0, 0, 0, 0]), 1111, &["Briefing.Lan".into()]);
        assert!(p.host_allowed("briefing.lan:1111"));
        assert!(p.host_allowed("127.0.0.1:1111"));
        assert!(!p.host_allowed("evil.example:1111"));
        for ip in interface_addresses() {
            assert!(
                p.host_allowed(&format!("{}:1111", address_name(ip))),
                "{ip}"
            );
        }
        if let Some(name) = host_name() {
            assert!(p.host_allowed(&format!("{name}:1111")));
        }
    }
}

//! Where HTTP/1.1 messages begin and end, as far as the [front](super::front) needs to know.
//!
//! Request heads are scanned byte by byte so that their caps hold however the bytes arrive,
//! and checked before tiny_http sees them. Responses are only followed, never changed: the
//! front needs to know when one ends, so that it hands tiny_http the next request only then.

/// Longest request head accepted (request line, headers and the empty line).
pub const MAX_HEAD: usize = 16 * 1024;
/// Longest single line of a request head.
pub const MAX_LINE: usize = 8 * 1024;
/// Most header lines in one request.
pub const MAX_HEADERS: usize = 100;
/// Largest request body passed on: the server answers only GET and HEAD, so bodies exist
/// only to be refused with 405, and a small one is enough for that.
pub const MAX_BODY: u64 = 64 * 1024;

/// Why the front answers a request itself and closes the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 400: not a well-formed HTTP/1.x request head.
    BadRequest,
    /// 408: the head did not arrive in time.
    Timeout,
    /// 413: a body larger than [`MAX_BODY`], or one of unknown length.
    BodyTooLarge,
    /// 431: the head breaks [`MAX_HEAD`], [`MAX_LINE`] or [`MAX_HEADERS`].
    HeadTooLarge,
}

impl Refusal {
    /// Status code and reason phrase.
    pub fn status(self) -> (u16, &'static str) {
        match self {
            Refusal::BadRequest => (400, "Bad Request"),
            Refusal::Timeout => (408, "Request Timeout"),
            Refusal::BodyTooLarge => (413, "Payload Too Large"),
            Refusal::HeadTooLarge => (431, "Request Header Fields Too Large"),
        }
    }
}

/// Finds the end of one request head in bytes that arrive in pieces, enforcing the caps.
#[derive(Debug, Default)]
pub struct HeadScan {
    pos: usize,
    line_start: usize,
    lines: usize,
}

impl HeadScan {
    /// Scans what `buf` (the bytes of this request so far) holds beyond the last call;
    /// returns the head's length once its empty line is in.
    pub fn advance(&mut self, buf: &[u8]) -> Result<Option<usize>, Refusal> {
        while let Some(&byte) = buf.get(self.pos) {
            self.pos += 1;
            if byte != b'\n' {
                continue;
            }
            // tiny_http ends lines only at CRLF: a bare LF would desynchronise us from it.
            let line_len = self.pos - self.line_start;
            if line_len < 2 || buf[self.pos - 2] != b'\r' {
                return Err(Refusal::BadRequest);
            }
            if line_len == 2 {
                return match self.lines {
                    0 => Err(Refusal::BadRequest),
                    _ => Ok(Some(self.pos)),
                };
            }
            self.lines += 1;
            if line_len > MAX_LINE || self.lines > MAX_HEADERS + 1 {
                return Err(Refusal::HeadTooLarge);
            }
            self.line_start = self.pos;
        }
        if self.pos - self.line_start > MAX_LINE || self.pos > MAX_HEAD {
            return Err(Refusal::HeadTooLarge);
        }
        Ok(None)
    }
}

/// What the front needs to know of a complete request head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestHead {
    /// Bytes of body that follow the head.
    pub body_len: u64,
    /// A HEAD request: its response has headers but no body.
    pub is_head: bool,
    /// tiny_http keeps the connection open after answering (its own rule, mirrored).
    pub keep_alive: bool,
    /// The client waits for `100 Continue` before it sends the body.
    pub expects_continue: bool,
}

/// Checks a complete head (as delimited by [`HeadScan`]).
pub fn parse_request(head: &[u8]) -> Result<RequestHead, Refusal> {
    // tiny_http refuses non-ASCII heads by dropping the connection without a word.
    if !head
        .iter()
        .all(|&b| b == b'\t' || b == b'\r' || b == b'\n' || (0x20..0x7f).contains(&b))
    {
        return Err(Refusal::BadRequest);
    }
    let text = std::str::from_utf8(head).map_err(|_| Refusal::BadRequest)?;
    let mut lines = text.trim_end_matches("\r\n").split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(Refusal::BadRequest);
    };
    if method.is_empty() || target.is_empty() || !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return Err(Refusal::BadRequest);
    }
    let mut body_len: Option<u64> = None;
    let mut connection: Option<String> = None;
    let mut expect: Option<&str> = None;
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(Refusal::BadRequest)?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(Refusal::BadRequest); // also refuses obsolete line folding
        }
        let value = value.trim_matches([' ', '\t']);
        if name.eq_ignore_ascii_case("Transfer-Encoding") {
            return Err(Refusal::BodyTooLarge); // a length we could only learn by reading it
        }
        if name.eq_ignore_ascii_case("Content-Length") {
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Refusal::BadRequest);
            }
            let n = value.parse().unwrap_or(u64::MAX);
            if body_len.is_some_and(|m| m != n) {
                return Err(Refusal::BadRequest);
            }
            body_len = Some(n);
        }
        // tiny_http reads only the first of each.
        if name.eq_ignore_ascii_case("Connection") && connection.is_none() {
            connection = Some(value.to_ascii_lowercase());
        }
        if name.eq_ignore_ascii_case("Expect") && expect.is_none() {
            expect = Some(value);
        }
    }
    let body_len = body_len.unwrap_or(0);
    if body_len > MAX_BODY {
        return Err(Refusal::BodyTooLarge);
    }
    let http10 = version == "HTTP/1.0";
    // As tiny_http 0.12 decides (client.rs), plus its 417 for an unknown Expect, which closes.
    let keep_alive = match connection.as_deref() {
        Some(c) if c.contains("close") || c.contains("upgrade") => false,
        Some(c) => !http10 || c.contains("keep-alive"),
        None => !http10,
    } && expect.is_none_or(|e| e.eq_ignore_ascii_case("100-continue"));
    Ok(RequestHead {
        body_len,
        is_head: method == "HEAD",
        keep_alive,
        expects_continue: expect.is_some_and(|e| e.eq_ignore_ascii_case("100-continue")),
    })
}

/// Longest response head the tracker keeps to read; tiny_http's are a few hundred bytes.
const MAX_RESPONSE_HEAD: usize = 64 * 1024;

/// Where the tracker is in tiny_http's output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// In a response head.
    #[default]
    Head,
    /// In a body of known length; this many bytes to go.
    Body(u64),
    /// In a chunk-size line; `size` so far, `ext` once past a `;`.
    ChunkSize { size: u64, ext: bool },
    /// In a chunk's data; this many bytes, then CRLF, to go.
    ChunkData(u64),
    /// In the trailer after the last chunk; the current line's length so far.
    Trailer(usize),
    /// A body that ends when tiny_http closes the connection, or an upgraded connection.
    ToClose,
}

/// What a piece of tiny_http's output completed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// A final response ended: the next request may go in.
    pub finished: bool,
    /// A `101 Switching Protocols` went out: from now on the bytes are raw.
    pub upgraded: bool,
}

/// Follows tiny_http's responses on one connection to tell where each ends.
#[derive(Debug, Default)]
pub struct ResponseTracker {
    part: Part,
    head: Vec<u8>,
}

impl ResponseTracker {
    /// Follows `data`, the next bytes tiny_http wrote; `is_head` says whether the request
    /// being answered is a HEAD (whose response declares a length but sends no body).
    pub fn feed(&mut self, mut data: &[u8], is_head: bool) -> Step {
        let mut step = Step::default();
        while !data.is_empty() {
            let used = match self.part {
                Part::Head => self.head_byte(data, is_head, &mut step),
                Part::Body(left) => {
                    let n = left.min(data.len() as u64);
                    self.part = Part::Body(left - n);
                    n as usize
                }
                Part::ChunkSize { size, ext } => {
                    self.part = match data[0] {
                        b'\n' if size == 0 => Part::Trailer(0),
                        b'\n' => Part::ChunkData(size.saturating_add(2)),
                        b';' => Part::ChunkSize { size, ext: true },
                        b if !ext => match (b as char).to_digit(16) {
                            Some(d) => Part::ChunkSize {
                                size: size.saturating_mul(16).saturating_add(d.into()),
                                ext,
                            },
                            None => Part::ChunkSize { size, ext },
                        },
                        _ => Part::ChunkSize { size, ext },
                    };
                    1
                }
                Part::ChunkData(left) => {
                    let n = left.min(data.len() as u64);
                    self.part = match left - n {
                        0 => Part::ChunkSize {
                            size: 0,
                            ext: false,
                        },
                        rest => Part::ChunkData(rest),
                    };
                    n as usize
                }
                Part::Trailer(len) => {
                    self.part = match data[0] {
                        b'\n' if len == 0 => Part::Body(0),
                        b'\n' => Part::Trailer(0),
                        b'\r' => Part::Trailer(len),
                        _ => Part::Trailer(len + 1),
                    };
                    1
                }
                Part::ToClose => data.len(),
            };
            data = &data[used..];
            if self.part == Part::Body(0) {
                self.part = Part::Head;
                step.finished = true;
            }
        }
        step
    }

    /// Takes bytes of a response head; once it is whole, decides how its body is framed.
    fn head_byte(&mut self, data: &[u8], is_head: bool, step: &mut Step) -> usize {
        let take = match data.iter().position(|&b| b == b'\n') {
            Some(i) => i + 1,
            None => data.len(),
        };
        self.head.extend_from_slice(&data[..take]);
        if !self.head.ends_with(b"\r\n\r\n") && !self.head.ends_with(b"\n\n") {
            if self.head.len() > MAX_RESPONSE_HEAD {
                // Not tiny_http's output as we know it: stop counting, pass bytes to the end.
                self.part = Part::ToClose;
                step.finished = true;
            }
            return take;
        }
        let head = String::from_utf8_lossy(&self.head).to_ascii_lowercase();
        self.head.clear();
        let status: u16 = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let header = |name: &str| {
            head.lines()
                .skip(1)
                .filter_map(|l| l.split_once(':'))
                .find(|(n, _)| n.trim() == name)
                .map(|(_, v)| v.trim().to_string())
        };
        self.part = match status {
            101 => {
                step.upgraded = true;
                Part::ToClose
            }
            100..=199 => Part::Head, // interim (100 Continue): the final response follows
            204 | 304 => Part::Body(0),
            _ if is_head => Part::Body(0),
            _ if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) => {
                Part::ChunkSize {
                    size: 0,
                    ext: false,
                }
            }
            _ => match header("content-length").and_then(|v| v.parse().ok()) {
                Some(n) => Part::Body(n),
                None => Part::ToClose,
            },
        };
        take
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(bytes: &[u8]) -> Result<Option<usize>, Refusal> {
        HeadScan::default().advance(bytes)
    }

    #[test]
    fn heads_are_found_and_capped() {
        let req = b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next";
        assert_eq!(scan(req), Ok(Some(27)));
        let mut s = HeadScan::default();
        for end in 1..=req.len() {
            if let Some(n) = s.advance(&req[..end]).unwrap() {
                assert_eq!(n, 27, "byte by byte too");
                break;
            }
        }
        assert_eq!(scan(&vec![b'a'; MAX_LINE + 1]), Err(Refusal::HeadTooLarge));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X-A: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(scan(many.as_bytes()), Err(Refusal::HeadTooLarge));
        let line = format!("X-Long: {}\r\n", "b".repeat(200));
        let long = format!("GET / HTTP/1.1\r\n{}", line.repeat(90));
        assert_eq!(scan(long.as_bytes()), Err(Refusal::HeadTooLarge));
        assert_eq!(scan(b"GET / HTTP/1.1\n\n"), Err(Refusal::BadRequest));
        assert_eq!(
            scan(b"\r\nGET / HTTP/1.1\r\n\r\n"),
            Err(Refusal::BadRequest)
        );
    }

    #[test]
    fn request_heads_are_checked() {
        let ok = parse_request(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assert_eq!(
            ok,
            Ok(RequestHead {
                body_len: 0,
                is_head: false,
                keep_alive: true,
                expects_continue: false,
            })
        );
        let head =
            parse_request(b"HEAD / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-Continue\r\n\r\n");
        assert_eq!(
            head,
            Ok(RequestHead {
                body_len: 5,
                is_head: true,
                keep_alive: true,
                expects_continue: true,
            })
        );
        for (req, keep) in [
            (&b"GET / HTTP/1.0\r\n\r\n"[..], false),
            (b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
            (b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false),
            (b"GET / HTTP/1.1\r\nConnection: Upgrade\r\n\r\n", false),
            (
                b"GET / HTTP/1.1\r\nConnection: x\r\nConnection: close\r\n\r\n",
                true,
            ),
            (b"GET / HTTP/1.1\r\nExpect: nonsense\r\n\r\n", false),
        ] {
            let parsed = parse_request(req).map(|h| h.keep_alive);
            assert_eq!(parsed, Ok(keep), "{}", String::from_utf8_lossy(req));
        }
        for (bad, why) in [
            (&b"GET /\r\n\r\n"[..], Refusal::BadRequest),
            (b"GET  / HTTP/1.1\r\n\r\n", Refusal::BadRequest),
            (b"GET / HTTP/2.0\r\n\r\n", Refusal::BadRequest),
            (b"GET / HTTP/1.1\r\nNo colon\r\n\r\n", Refusal::BadRequest),
            (b"GET / HTTP/1.1\r\n folded: x\r\n\r\n", Refusal::BadRequest),
            (b"GET /\xc3\xa9 HTTP/1.1\r\n\r\n", Refusal::BadRequest),
            (
                b"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n",
                Refusal::BadRequest,
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
                Refusal::BadRequest,
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 10000000\r\n\r\n",
                Refusal::BodyTooLarge,
            ),
            (
                b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                Refusal::BodyTooLarge,
            ),
            (
                b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                Refusal::BodyTooLarge,
            ),
        ] {
            assert_eq!(
                parse_request(bad),
                Err(why),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    fn finished_at(tracker: &mut ResponseTracker, out: &[u8], is_head: bool) -> Vec<usize> {
        // One byte at a time: ends must be found however tiny_http's writes are split.
        (0..out.len())
            .filter(|&i| tracker.feed(&out[i..=i], is_head).finished)
            .collect()
    }

    #[test]
    fn response_ends_are_found() {
        let mut t = ResponseTracker::default();
        let two = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(finished_at(&mut t, two, false), vec![40, two.len() - 1]);
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1A;x=y\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n";
        assert_eq!(finished_at(&mut t, chunked, false), vec![chunked.len() - 1]);
        let head = b"HTTP/1.1 200 OK\r\nContent-Length: 9000\r\n\r\n";
        assert_eq!(finished_at(&mut t, head, true), vec![head.len() - 1]);
        let interim = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 405 No\r\nContent-Length: 1\r\n\r\nx";
        assert_eq!(finished_at(&mut t, interim, false), vec![interim.len() - 1]);
        let whole = t.feed(two, false);
        assert!(whole.finished && !whole.upgraded);
    }

    #[test]
    fn upgrades_turn_the_rest_raw() {
        let mut t = ResponseTracker::default();
        let step = t.feed(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x02hi",
            false,
        );
        assert!(step.upgraded && !step.finished);
        let later = t.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false);
        assert_eq!(
            later,
            Step::default(),
            "raw bytes are not read as responses"
        );
    }
}

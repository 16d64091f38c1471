//! Where a link of the built site points: outside it, or at a file and an anchor in it.

use crate::config::BaseUrl;

/// What a link resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Resolved {
    /// Another site, or a scheme that is not a page (`mailto:`, `tel:`…): not checked.
    External,
    /// A file of the output (`topics/x/index.html`), and the anchor after `#`, if any.
    Internal {
        /// Path in the output, with `/` separators, as a folder URL's `index.html`.
        path: String,
        /// Decoded fragment, without `#`; `None` when the link has none or it is empty.
        fragment: Option<String>,
    },
    /// A path on this host that is not under the site's base path, or above its root.
    Outside,
}

/// Resolves `href`, found on the page at output path `page`, against the site's base.
pub(super) fn resolve(href: &str, page: &str, base: &BaseUrl) -> Resolved {
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r, Some(decode(f)).filter(|f| !f.is_empty())),
        None => (href, None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let page_dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    let site_path = if rest.is_empty() {
        // `#x` or `?q`: the page itself.
        return Resolved::Internal {
            path: page.to_string(),
            fragment,
        };
    } else if let Some(own) = own_absolute(rest, base) {
        own
    } else if has_scheme(rest) || rest.starts_with("//") {
        return Resolved::External;
    } else if rest.starts_with('/') {
        match rest.strip_prefix(base.path.as_str()) {
            Some(under) => under.to_string(),
            // `/sub` for base `/sub/` is the site's root too.
            None if format!("{rest}/") == base.path => String::new(),
            None => return Resolved::Outside,
        }
    } else {
        format!("{page_dir}{rest}")
    };
    let Some(mut path) = normalise(&decode(&site_path)) else {
        return Resolved::Outside;
    };
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Resolved::Internal { path, fragment }
}

/// The site path of an absolute URL on the site's own host and base path.
fn own_absolute(rest: &str, base: &BaseUrl) -> Option<String> {
    let absolute = base.absolute.as_deref()?;
    if let Some(under) = rest.strip_prefix(absolute) {
        return Some(under.to_string());
    }
    (format!("{rest}/") == absolute).then(String::new)
}

/// `mailto:`, `https:`, `data:`…: a scheme is letters, digits, `+`, `-` or `.` before `:`.
fn has_scheme(href: &str) -> bool {
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = &href[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Resolves `.` and `..` segments; `None` when `..` climbs above the root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." | "" if !last => {}
            ".." => {
                parts.pop()?;
                if last {
                    parts.push("");
                }
            }
            "." => parts.push(""),
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Percent-decoding (`%20` → space); invalid escapes are kept as written.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Resolved {
        Resolved::Internal {
            path: path.into(),
            fragment: fragment.map(String::from),
        }
    }

    #[test]
    fn links_resolve_against_the_page_and_the_base() {
        let base = BaseUrl::parse("https://host.example/sub/").unwrap();
        let page = "topics/x/index.html";
        let r = |href| resolve(href, page, &base);
        assert_eq!(r("#p3"), internal(page, Some("p3")));
        assert_eq!(r(""), internal(page, None));
        assert_eq!(r("/sub/"), internal("index.html", None));
        assert_eq!(r("/sub"), internal("index.html", None));
        assert_eq!(
            r("/sub/articles/a/?x=1#p0"),
            internal("articles/a/index.html", Some("p0"))
        );
        assert_eq!(r("page/2/"), internal("topics/x/page/2/index.html", None));
        assert_eq!(r("../../style.css"), internal("style.css", None));
        assert_eq!(r("../../../up"), Resolved::Outside);
        assert_eq!(r("/other/"), Resolved::Outside);
        assert_eq!(
            r("https://host.example/sub/atom.xml"),
            internal("atom.xml", None)
        );
        assert_eq!(r("https://elsewhere.example/"), Resolved::External);
        assert_eq!(r("//cdn.example/x.js"), Resolved::External);
        assert_eq!(r("mailto:desk@example.org"), Resolved::External);
        assert_eq!(r("/sub/my%20file.pdf"), internal("my file.pdf", None));
        assert_eq!(r("./"), internal("topics/x/index.html", None));
    }
}

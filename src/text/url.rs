//! Web addresses: which ones a page may link to.

/// Only http(s) addresses are links we show, never `javascript:`, `data:` or `file:`.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https() {
        assert!(is_web_url("https://x.example/a"));
        assert!(is_web_url(" HTTP://x.example"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "//x.example",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }
}

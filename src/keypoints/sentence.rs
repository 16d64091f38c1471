//! Which sentences can stand alone as a key point.
//!
//! A key point is read without its article around it, so it must be a whole sentence
//! that says who said what: not a quote fragment, not a sentence that leans on the one
//! before ("He added…", "But…"), not a caption-length scrap or a run-on paragraph.

/// Fewest words in a key point: shorter sentences are labels or scraps.
pub const MIN_WORDS: usize = 8;
/// Most words: longer sentences are run-ons that a briefing would cut.
pub const MAX_WORDS: usize = 45;
/// Most characters (for scripts without spaces, where words do not count).
pub const MAX_CHARS: usize = 320;

/// Verbs that attribute a quotation, in the languages we clean.
const ATTRIBUTION: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "stated",
    "noted",
    "asked",
    "replied",
    "according",
    "announced",
    "declared",
    "insisted",
    "warned",
    "stressed",
    "explained",
    "argued",
    "urged",
    "quoted",
    "called",
    "described",
    "sagte",
    "sagt",
    "erklärte",
    "betonte",
    "déclaré",
    "affirmé",
    "dit",
    "dijo",
    "afirmó",
    "declaró",
    "señaló",
    "sade",
    "säger",
];

/// Openers that need the sentence before (English; other languages pass).
const LEANING: &[&str] = &[
    "he", "she", "it", "they", "this", "these", "those", "his", "her", "its", "their", "but",
    "and", "however", "also", "so", "that", "there",
];

/// Why a sentence cannot be a key point, or `None` when it can.
pub fn rejection(sentence: &str) -> Option<&'static str> {
    let s = sentence.trim();
    let first = s.chars().next()?;
    if first.is_lowercase() {
        return Some("starts mid-sentence");
    }
    if matches!(first, '”' | '’' | '»') {
        return Some("starts with a closing quote");
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let unspaced = s.chars().any(crate::terms::is_unspaced);
    if !unspaced && words.len() < MIN_WORDS {
        return Some("too short");
    }
    if words.len() > MAX_WORDS || s.chars().count() > MAX_CHARS {
        return Some("too long");
    }
    let end = s.trim_end_matches(['"', '”', '’', '\'', ')', '»', '」']);
    if !end.ends_with(['.', '!', '?', '。', '！', '？']) {
        return Some("not a complete sentence");
    }
    if !balanced(s) {
        return Some("unbalanced quotation marks");
    }
    if bare_quote(s) {
        return Some("a quotation without its speaker");
    }
    let opener = words
        .first()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .unwrap_or_default();
    // Inside an (attributed) opening quotation a pronoun is the speaker's, not ours.
    let quoted = matches!(first, '“' | '"' | '«' | '「');
    if !quoted && LEANING.contains(&opener.as_str()) {
        return Some("leans on the sentence before");
    }
    None
}

/// Curly quotes pair up and straight double quotes come in pairs.
fn balanced(s: &str) -> bool {
    let count = |c: char| s.chars().filter(|&x| x == c).count();
    count('“') == count('”')
        && count('"') % 2 == 0
        && count('«') == count('»')
        && count('「') == count('」')
}

/// Mostly quotation, with no verb saying who spoke.
fn bare_quote(s: &str) -> bool {
    let mut quoted = 0usize;
    let mut outside = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '“' | '«' | '「' => inside = true,
            '”' | '»' | '」' => inside = false,
            '"' => inside = !inside,
            _ if inside => quoted += 1,
            _ => outside.push(c),
        }
    }
    if quoted == 0 {
        return false;
    }
    let attributed = outside
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ATTRIBUTION.contains(&w.to_lowercase().as_str()));
    !attributed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_attributed_sentences_pass() {
        assert_eq!(
            rejection(
                "President Lee Jae Myung said the swap would steady markets in both countries."
            ),
            None
        );
        assert_eq!(
            rejection(
                "“It is expected to contribute to stability,” the presidential office said in a statement."
            ),
            None
        );
    }

    #[test]
    fn fragments_and_leaning_sentences_fail() {
        let cases = [
            (
                "and the talks went on until late at night in the museum hall.",
                "starts mid-sentence",
            ),
            (
                "” he said after the two leaders shook hands for the cameras.",
                "starts with a closing quote",
            ),
            (
                "“We have a deal and it is almost final, and we will sign it soon.”",
                "a quotation without its speaker",
            ),
            (
                "Trump called it “an amazing meeting and said more would follow soon.",
                "unbalanced quotation marks",
            ),
            (
                "He added that the talks would continue in the coming weeks in Seoul.",
                "leans on the sentence before",
            ),
            ("Officials met in Seoul.", "too short"),
            (
                "Key points of the deal agreed in Gyeongju on Wednesday afternoon",
                "not a complete sentence",
            ),
        ];
        for (s, why) in cases {
            assert_eq!(rejection(s), Some(why), "{s}");
        }
        let long = format!(
            "Officials said {} in the end.",
            "the talks went on ".repeat(12)
        );
        assert_eq!(rejection(&long), Some("too long"));
    }

    #[test]
    fn cjk_sentences_are_not_too_short_for_lacking_spaces() {
        assert_eq!(
            rejection("李在明总统在庆州会见了习近平主席，双方同意续签货币互换协议。"),
            None
        );
    }
}

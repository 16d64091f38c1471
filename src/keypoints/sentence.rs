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

/// Longest credit, in words, that [`without_credit`] takes off the front of a sentence.
const CREDIT_WORDS: usize = 6;

/// The sentence without a leading agency or dateline credit: `(MEN) North Korea…`,
/// `SEOUL (Reuters) - North Korea…`, `SEOUL, Oct. 22 (Yonhap) -- …`, `WASHINGTON — …`.
/// Such a credit is furniture the outlet puts before its first sentence, not part of
/// what the sentence says; a key point shows the sentence that follows it, still a
/// verbatim part of the paragraph.
pub fn without_credit(sentence: &str) -> &str {
    let s = sentence.trim_start();
    // A dateline needs its dash ("UN (United Nations) officials" has none); a
    // parenthesised credit alone opens the text ("(MEN) North Korea…").
    let rest = match strip_dateline(s) {
        Some(after) => strip_dash(strip_parenthesised(after).unwrap_or(after)),
        None => strip_parenthesised(s).map(|t| strip_dash(t).unwrap_or(t)),
    };
    // Only a credit followed by a sentence start counts: "(a) the first…" is a list item.
    match rest.and_then(|t| t.chars().next().map(|c| (t, c))) {
        Some((t, c)) if c.is_uppercase() || c.is_ascii_digit() || "“\"«".contains(c) => t,
        _ => s,
    }
}

/// After a dateline in capitals ("SEOUL", "SAN FRANCISCO, Oct. 22"), the rest, when a
/// credit or a dash follows it.
fn strip_dateline(s: &str) -> Option<&str> {
    let mut end = 0;
    for (words, w) in s.split_inclusive(' ').enumerate() {
        let word = w.trim_end().trim_end_matches(',');
        let capitals = word.chars().any(char::is_alphabetic)
            && word
                .chars()
                .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\''));
        // After the place, an optional date: "Oct. 22", "22 October".
        let month = || crate::terms::month_number(&word.trim_end_matches('.').to_lowercase());
        let date = words > 0
            && !word.is_empty()
            && (word.chars().all(|c| c.is_ascii_digit() || c == '.') || month().is_some());
        if !(capitals || date) || words >= CREDIT_WORDS {
            break;
        }
        end += w.len();
    }
    let first = s[..end].split_whitespace().next()?;
    // One capital letter is a word ("A"), not a place.
    if first
        .trim_end_matches(',')
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
        < 2
    {
        return None;
    }
    let rest = s[end..].trim_start();
    (rest.starts_with('(') || dash_len(rest) > 0).then_some(rest)
}

/// After a short parenthesised credit at the start ("(MEN)", "(Reuters)"), the rest.
fn strip_parenthesised(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('(')?;
    let close = inner.find(')')?;
    let credit = &inner[..close];
    let short = credit.split_whitespace().count() <= CREDIT_WORDS
        && !credit.trim().is_empty()
        && !credit.contains(['.', '!', '?']);
    short.then(|| inner[close + 1..].trim_start())
}

/// After a dash that separates a credit from the sentence (`-`, `--`, `–`, `—`), the rest.
fn strip_dash(s: &str) -> Option<&str> {
    let n = dash_len(s);
    (n > 0).then(|| s[n..].trim_start())
}

/// Bytes of a credit dash at the start of `s`, followed by a space (0 when none).
fn dash_len(s: &str) -> usize {
    for dash in ["--", "—", "–", "-"] {
        if let Some(rest) = s.strip_prefix(dash)
            && rest.starts_with(' ')
        {
            return dash.len();
        }
    }
    0
}

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
    // Counted, not collected: this runs for every sentence of every lead.
    let words = s.split_whitespace().count();
    let unspaced = !s.is_ascii() && s.chars().any(crate::terms::is_unspaced);
    if !unspaced && words < MIN_WORDS {
        return Some("too short");
    }
    // A byte count within the limit bounds the character count too.
    if words > MAX_WORDS || (s.len() > MAX_CHARS && s.chars().count() > MAX_CHARS) {
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
    let opener = s
        .split_whitespace()
        .next()
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
    // Opening marks count up and closing ones down, in one pass over the sentence.
    let (mut curly, mut straight, mut guillemets, mut corners) = (0i32, 0u32, 0i32, 0i32);
    for c in s.chars() {
        match c {
            '“' => curly += 1,
            '”' => curly -= 1,
            '"' => straight += 1,
            '«' => guillemets += 1,
            '»' => guillemets -= 1,
            '「' => corners += 1,
            '」' => corners -= 1,
            _ => {}
        }
    }
    curly == 0 && straight % 2 == 0 && guillemets == 0 && corners == 0
}

/// Mostly quotation, with no verb saying who spoke.
fn bare_quote(s: &str) -> bool {
    if !s.contains(['“', '«', '「', '"']) {
        return false; // no quotation at all: most sentences
    }
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
    fn leading_credits_are_not_part_of_the_sentence() {
        let cases = [
            (
                "(MEN) North Korea fired missiles.",
                "North Korea fired missiles.",
            ),
            (
                "SEOUL (Reuters) - North Korea fired missiles.",
                "North Korea fired missiles.",
            ),
            (
                "SEOUL, Oct. 22 (Yonhap) -- North Korea fired missiles.",
                "North Korea fired missiles.",
            ),
            ("WASHINGTON — Trump met Lee.", "Trump met Lee."),
            (
                "(AP) — “We are ready,” he said.",
                "“We are ready,” he said.",
            ),
        ];
        for (s, want) in cases {
            assert_eq!(without_credit(s), want, "{s}");
        }
        // Not credits: an acronym with its expansion, a list marker before lower case,
        // capitals that open the sentence, a single capital letter.
        for s in [
            "UN (United Nations) officials met in Geneva.",
            "(a) the first item of the list.",
            "NATO leaders met in The Hague.",
            "A - B testing is common.",
            "North Korea (the DPRK) fired missiles.",
        ] {
            assert_eq!(without_credit(s), s);
        }
    }

    #[test]
    fn cjk_sentences_are_not_too_short_for_lacking_spaces() {
        assert_eq!(
            rejection("李在明总统在庆州会见了习近平主席，双方同意续签货币互换协议。"),
            None
        );
    }
}

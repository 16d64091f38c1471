//! Language-light measurements of a block of text, the signals the classifier weighs.

use std::sync::LazyLock;

use super::language::Language;
use super::stopwords::is_stopword;

/// Words of a block that are checked for function words.
const STOPWORD_SAMPLE: usize = 48;

/// Per-word tallies of a block, gathered as its words end.
#[derive(Default)]
struct WordCounts {
    lang: Language,
    words: usize,
    sampled: usize,
    stop: usize,
    url_chars: usize,
}

impl WordCounts {
    /// Counts one word; `maybe_url` is false when it holds no `/` or `.`.
    fn add(&mut self, w: &str, maybe_url: bool) {
        self.words += 1;
        // The share of function words is stable after a few dozen words: sample them.
        if self.sampled < STOPWORD_SAMPLE {
            self.sampled += 1;
            self.stop += usize::from(is_stopword(w) || self.lang.has(w));
        }
        if maybe_url && is_url(w) {
            self.url_chars += w.len();
        }
    }
}

/// Character-level counts of a block, the raw material of [`Features`].
#[derive(Default)]
struct Counts {
    chars: usize,
    cjk: usize,
    non_space: usize,
    /// Brackets, `=`, `;`, `<>`, `|` and `\\`: what code is made of.
    symbols: usize,
    has_text: bool,
    /// Whether the first letter or digit is not lower case.
    capitalised: Option<bool>,
    words: WordCounts,
}

/// Classes of ASCII bytes for [`count_ascii`].
const SPACE: u8 = 1; // `is_ascii_whitespace`
const SPLIT: u8 = 2; // `char::is_whitespace`, where words are cut
const ALNUM: u8 = 4;
const SYMBOL: u8 = 8;
const URLISH: u8 = 16; // `/` or `.`

static ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = match c {
            b' ' | b'\t' | b'\n' | b'\x0c' | b'\r' => SPACE | SPLIT,
            b'\x0b' => SPLIT,
            b'{' | b'}' | b'[' | b']' | b'=' | b';' | b'<' | b'>' | b'|' | b'\\' | b'(' | b')' => {
                SYMBOL
            }
            b'/' | b'.' => URLISH,
            _ if c.is_ascii_alphanumeric() => ALNUM,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// Counts an ASCII block byte by byte through a class table (most lines are ASCII).
fn count_ascii(text: &str, lang: Language) -> Counts {
    let mut n = Counts {
        chars: text.len(),
        ..Counts::default()
    };
    n.words.lang = lang;
    let (mut word_start, mut urlish) = (None, false);
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let class = ASCII_CLASS[usize::from(b & 0x7f)];
        n.non_space += usize::from(class & SPACE == 0);
        n.symbols += usize::from(class & SYMBOL != 0);
        if class & ALNUM != 0 && n.capitalised.is_none() {
            n.has_text = true;
            n.capitalised = Some(!b.is_ascii_lowercase());
        }
        if class & SPLIT != 0 {
            if let Some(start) = word_start.take() {
                n.words.add(&text[start..i], urlish);
            }
        } else {
            if word_start.is_none() {
                word_start = Some(i);
                urlish = false;
            }
            urlish |= class & URLISH != 0;
        }
    }
    if let Some(start) = word_start {
        n.words.add(&text[start..], urlish);
    }
    n
}

/// Counts a block holding non-ASCII characters, one char at a time.
fn count_unicode(text: &str, lang: Language) -> Counts {
    let mut n = Counts::default();
    n.words.lang = lang;
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        n.chars += 1;
        let alphanumeric;
        if c.is_ascii() {
            let class = ASCII_CLASS[c as usize];
            alphanumeric = class & ALNUM != 0;
            n.non_space += usize::from(class & SPACE == 0);
            n.symbols += usize::from(class & SYMBOL != 0);
        } else {
            n.cjk += usize::from(is_cjk(c));
            alphanumeric = c.is_alphanumeric();
            n.non_space += usize::from(!c.is_whitespace());
        }
        if alphanumeric {
            n.has_text = true;
            n.capitalised.get_or_insert_with(|| !c.is_lowercase());
        }
        // Words as `split_whitespace` cuts them.
        match (c.is_whitespace(), word_start) {
            (true, Some(start)) => {
                n.words.add(&text[start..i], true);
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    if let Some(start) = word_start {
        n.words.add(&text[start..], true);
    }
    n
}

/// Measurements of one block.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Whitespace-separated words.
    pub words: usize,
    /// Length in word equivalents (CJK characters count half a word each).
    pub size: usize,
    /// Ends like a sentence (`.`, `!`, `?`, `…`, `。`, optionally followed by a quote).
    pub terminal: bool,
    /// Ends with `:` — a lead-in to what follows.
    pub lead_in: bool,
    /// Share of words that are stopwords (0.3 assumed for CJK text, which has none here).
    pub stop_ratio: f64,
    /// Share of characters inside URLs.
    pub url_share: f64,
    /// Looks like code or markup attributes.
    pub code_like: bool,
    /// Has at least one letter or digit.
    pub has_text: bool,
    /// First letter is upper case (or the script has no case).
    pub capitalised: bool,
}

impl Features {
    /// Measures a block of text with the built-in function words.
    pub fn of(text: &str) -> Features {
        Features::of_in(text, Language::default())
    }

    /// Measures a block of text of a document in `lang`.
    pub fn of_in(text: &str, lang: Language) -> Features {
        // One pass over the characters gathers every count; this runs for every line of
        // every article, and separate passes (words, symbols, first letter) cost double.
        let n = if text.is_ascii() {
            count_ascii(text, lang)
        } else {
            count_unicode(text, lang)
        };
        let non_space = n.non_space.max(1);
        let words = n.words.words;
        // Two characters to a word, rounded up: "王毅等参加会谈。" is a sentence of four.
        let size = words.max(n.cjk.div_ceil(2));
        // Where no function words are known, a long line with inner punctuation is taken
        // to be prose (as CJK text is): labels and menus are short and bare.
        let punctuated_prose = lang.unlisted
            && words >= 10
            && text
                .trim_end()
                .chars()
                .rev()
                .skip(1)
                .any(|c| matches!(c, ',' | '.' | ';' | '،' | '、' | '।'));
        let stop_ratio = if n.cjk * 3 > n.chars || punctuated_prose {
            0.3
        } else if n.words.sampled == 0 {
            0.0
        } else {
            n.words.stop as f64 / n.words.sampled as f64
        };
        let trimmed = without_closing_marks(text);
        Features {
            words,
            size,
            terminal: ends_sentence(text),
            lead_in: trimmed.ends_with([':', '：']),
            stop_ratio,
            url_share: n.words.url_chars as f64 / non_space as f64,
            code_like: looks_like_code(text, non_space, n.symbols),
            has_text: n.has_text,
            capitalised: n.capitalised.unwrap_or(false),
        }
    }

    /// A full paragraph of prose: long enough, sentence-shaped, made of real language.
    pub fn is_prose(&self) -> bool {
        self.size >= 12 && (self.terminal || self.size >= 30) && self.stop_ratio >= 0.15
    }

    /// A sentence, however short: ends like one and reads like one.
    pub fn is_sentence(&self) -> bool {
        self.terminal && self.size >= 4 && self.stop_ratio >= 0.1
    }

    /// Shaped like a subheading: short, capitalised, no sentence ending.
    pub fn is_heading_like(&self) -> bool {
        (2..=20).contains(&self.size)
            && !self.terminal
            && !self.lead_in
            && self.capitalised
            && self.url_share == 0.0
    }
}

/// The text without trailing space, closing quotes and brackets.
fn without_closing_marks(text: &str) -> &str {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', '»', '」', '』', '*'])
}

/// Ends like a sentence (`.`, `!`, `?`, `…`, `。`, optionally followed by a quote); reads
/// only the end of the text.
pub fn ends_sentence(text: &str) -> bool {
    without_closing_marks(text).ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// Hangul, kana and CJK ideographs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

fn is_url(word: &str) -> bool {
    if !word.bytes().any(|b| b == b'/' || b == b'.') {
        return false;
    }
    let w = word.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | '"' | '\''));
    w.starts_with("http://")
        || w.starts_with("https://")
        || w.starts_with("www.")
        || (w.contains(".com/") || w.contains(".org/") || w.contains(".net/"))
}

/// `symbols` counts the brackets, `=`, `;`, `<>`, `|` and `\\` of the text.
fn looks_like_code(text: &str, non_space: usize, symbols: usize) -> bool {
    // Script, style and template code all have brackets, `=` or `;`; most prose has none,
    // and skipping it saves a scan of every line.
    if symbols == 0 {
        return false;
    }
    // Each fragment carries the context that only code gives it: "the document." ends a
    // sentence where `document.cookie` is code, Swedish "var" is a word where `var x =`
    // is a declaration, "data-driven" is prose where `data-id=` is an attribute.
    static FRAGMENTS: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(concat!(
            r"(?-u)\bfunction\b\s*[\w$]*\s*\([\w$,\s]*\)\s*\{",
            r"|=>|\(\)\s*;|\}\s*\)\s*;|\{\{|\}\}",
            r"|\b(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*=",
            r"|\b(?:window|document)\.[A-Za-z_$]",
            r"|\bdata-[a-z][a-z0-9-]*\s*=",
            r"|googletag|adsbygoogle|\d(?:px|r?em)\s*[;}]",
        ))
        .unwrap_or_else(|e| panic!("bad code pattern: {e}"))
    });
    // Literals that every fragment contains: one fast scan rules out nearly all prose,
    // so the regex above (slow on common words such as "let") runs on few lines.
    static TRIGGERS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::new([
            "function",
            "=>",
            "()",
            "}",
            "{{",
            "var ",
            "let ",
            "const ",
            "window.",
            "document.",
            "data-",
            "googletag",
            "adsbygoogle",
            "px",
            "em;",
            "em }",
            "em}",
        ])
        .unwrap_or_else(|e| panic!("{e}"))
    });
    if TRIGGERS.is_match(text) && FRAGMENTS.is_match(text) {
        return true;
    }
    text.contains('=') && symbols * 100 / non_space >= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_and_labels_differ() {
        let p = Features::of(
            "Lee said he believed regional conditions were improving for potential re-engagement with Pyongyang.",
        );
        assert!(p.is_prose() && p.is_sentence());
        let h = Features::of(
            "Balancing regional strategy as Lee pushes for stable Korea–China communication",
        );
        assert!(h.is_heading_like() && !h.is_prose());
        let q = Features::of("“We will not back down,” she said.");
        assert!(q.is_sentence());
        assert!(Features::of("buttons=(Accept !) days=(20)").code_like);
        assert!(!Features::of("The deal (worth $350 billion) was signed.").code_like);
        for code in [
            "window.dataLayer = window.dataLayer || [];",
            "var slot = googletag.defineSlot('/123/top', [728, 90]);",
            "document.addEventListener('DOMContentLoaded', function () { init(); });",
            "<div data-ad-slot=\"top\"></div>",
            ".share { margin: 0 4px; }",
        ] {
            assert!(Features::of(code).code_like, "{code}");
        }
        // Words that are also code tokens, in prose of the languages we clean.
        for prose in [
            "Officials said the ministry had released the full text of the document.",
            "Det var en viktig dag för regeringen, sa ministern.",
            "The agency said its data-driven approach had helped negotiators.",
            "He looked out of the window. Nobody answered.",
            "Let them decide, she said, because the function of the talks is to build trust.",
        ] {
            assert!(!Features::of(prose).code_like, "{prose}");
        }
        assert!(Features::of("https://whatsapp.com/channel/0029").url_share > 0.9);
        assert!(!Features::of(" \u{a0} ").has_text);
    }

    #[test]
    fn function_words_are_counted_in_any_case_and_punctuation() {
        // the, said, that, the, were, over: 6 of 8 words ("minister", "talks" are not).
        let f = Features::of("THE minister said, “that (the talks) were over.”");
        assert_eq!((f.words, f.stop_ratio), (8, 0.75));
        // Non-ASCII function words take the other path: det, är, för (3 of 5).
        let f = Features::of("Det är bra för oss");
        assert_eq!((f.words, f.stop_ratio), (5, 0.6));
        // Same length and letters at both ends as a function word, but not one.
        assert_eq!(Features::of("tax tho").stop_ratio, 0.0);
        let f = Features::of("See https://example.com/a and www.example.org now");
        assert!(f.url_share > 0.5 && f.words == 5, "{f:?}");
    }

    #[test]
    fn cjk_text_has_size() {
        let f = Features::of(
            "이재명 대통령은 시진핑 국가주석과 정상회담을 갖고 한반도 평화를 위한 협력을 요청했다.",
        );
        assert!(f.size >= 10 && f.terminal);
    }
}

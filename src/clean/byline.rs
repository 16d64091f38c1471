//! Bylines and date lines: the author's name and the publication date are kept as
//! metadata when the line itself is dropped.

use std::sync::LazyLock;

use regex::Regex;

/// Metadata found in byline and date lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Byline {
    /// Author named in a "By …" line.
    pub author: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Place named in a dateline ("SEOUL, Nov. 3 (Yonhap) --" → "Seoul").
    pub place: Option<String>,
}

fn re(pattern: &str) -> Regex {
    // Patterns are literals of this file; the unit tests compile each one.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern: {e}"))
}

// The patterns avoid counted repetition of large Unicode classes (`\p{L}{3,10}`,
// `(?:\s+\p{Lu}…){1,3}`) and Unicode `\d` / `\b`: each copy of such a class is compiled
// anew, and these took 5 ms of every build's start-up. Lengths are checked in code
// instead. ASCII `\b` also sees a boundary between Hangul and a digit ("입력2025.10.22.").
static BY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\W*(?i:written by|reported by|posted by|by|von|par|por|av|skriven av)\s+(\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*)+)",
    )
});
/// A name has at most this many words; "By Jane Doe Seoul Bureau Chief" names Jane Doe Seoul Bureau.
const NAME_WORDS: usize = 4;
static KOREAN_REPORTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*(\p{Hangul}+)\s?(?:기자|특파원)"));
/// Korean names are two to four syllables.
const KOREAN_NAME: std::ops::RangeInclusive<usize> = 2..=4;
// `T` ends the day in RFC 3339 timestamps such as 2025-11-03T08:00:00+09:00.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u:\b)([0-9]{4})[-./]\s?([0-9]{1,2})[-./]\s?([0-9]{1,2})(?:T|(?-u:\b))")
});
static CJK_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"([0-9]{4})\s?[年년]\s?([0-9]{1,2})\s?[月월]\s?([0-9]{1,2})\s?[日일]"));
// Day first with dots, as German, Scandinavian and Slavic sites write it: 03.11.2025.
static DAY_MONTH_YEAR_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)([0-9]{1,2})\.\s?([0-9]{1,2})\.\s?([0-9]{4})(?-u:\b)"));
static DAY_MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)([0-9]{1,2})\.?\s+(\p{L}+)\.?,?\s+([0-9]{4})(?-u:\b)"));
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u:\b)(\p{L}+)\.?\s+([0-9]{1,2})(?i:st|nd|rd|th)?,?\s+([0-9]{4})(?-u:\b)")
});

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(\p{Lu}\p{Lu}+\.?(?:[ \-]\p{Lu}\p{Lu}+\.?)*)(?:,\s*([^—–(]+?))?\s*(?:\(([^)]+)\))?\s*(?:—|–|--|-|:)\s",
    )
});
/// A dateline names a place of at most four words ("RIO DE JANEIRO")…
const PLACE_WORDS: usize = 4;
/// …may add a date after a comma ("SEOUL, Nov. 3") of at most this many characters…
const DATELINE_TAIL_CHARS: usize = 30;
/// …and an agency in parentheses ("(Yonhap)") of at most this many.
const DATELINE_AGENCY_CHARS: usize = 40;

fn chars_at_most(m: Option<regex::Match<'_>>, limit: usize) -> bool {
    m.is_none_or(|m| m.as_str().chars().count() <= limit)
}

/// Compiles every pattern of this module (see [`super::warm_up`]).
pub(super) fn warm_up() {
    for regex in [
        &BY,
        &KOREAN_REPORTER,
        &ISO,
        &CJK_DATE,
        &DAY_MONTH_YEAR_NUMERIC,
        &DAY_MONTH_YEAR,
        &MONTH_DAY_YEAR,
        &DATELINE,
    ] {
        LazyLock::force(regex);
    }
}

/// The place of a dateline that opens a paragraph, in title case.
pub fn place_in(paragraph: &str) -> Option<String> {
    let c = DATELINE.captures(paragraph)?;
    if c[1].split([' ', '-']).count() > PLACE_WORDS
        || !chars_at_most(c.get(2), DATELINE_TAIL_CHARS)
        || !chars_at_most(c.get(3), DATELINE_AGENCY_CHARS)
    {
        return None;
    }
    let place = c[1]
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |f| {
                f.to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(place)
}

fn month(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    let table: &[(&[&str], u32)] = &[
        (
            &["jan", "january", "januar", "janvier", "enero", "januari"],
            1,
        ),
        (
            &[
                "feb", "february", "februar", "février", "febrero", "februari",
            ],
            2,
        ),
        (&["mar", "march", "märz", "mars", "marzo"], 3),
        (&["apr", "april", "avril", "abril"], 4),
        (&["may", "mai", "mayo", "maj"], 5),
        (&["jun", "june", "juni", "juin", "junio"], 6),
        (&["jul", "july", "juli", "juillet", "julio"], 7),
        (&["aug", "august", "août", "agosto", "augusti"], 8),
        (&["sep", "sept", "september", "septembre", "septiembre"], 9),
        (&["oct", "october", "oktober", "octobre", "octubre"], 10),
        (&["nov", "november", "novembre", "noviembre"], 11),
        (
            &["dec", "december", "dezember", "décembre", "diciembre"],
            12,
        ),
    ];
    table
        .iter()
        .find(|(names, _)| names.contains(&n.as_str()))
        .map(|(_, m)| *m)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<String> {
    let (y, d): (u32, u32) = (y.parse().ok()?, d.parse().ok()?);
    ((1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Finds a calendar date written in common news formats.
pub fn date_in(text: &str) -> Option<String> {
    if let Some(c) = ISO.captures(text).or_else(|| CJK_DATE.captures(text)) {
        return ymd(&c[1], c[2].parse().ok()?, &c[3]);
    }
    if let Some(c) = DAY_MONTH_YEAR_NUMERIC.captures(text) {
        return ymd(&c[3], c[2].parse().ok()?, &c[1]);
    }
    // The first word that names a month wins: "3 Pro 2025" names none.
    let day_first = DAY_MONTH_YEAR
        .captures_iter(text)
        .find_map(|c| ymd(&c[3], month(&c[2])?, &c[1]));
    day_first.or_else(|| {
        MONTH_DAY_YEAR
            .captures_iter(text)
            .find_map(|c| ymd(&c[3], month(&c[1])?, &c[2]))
    })
}

/// Finds an author's name in a byline such as "By Minji Choi | Nov 3, 2025".
pub fn author_in(text: &str) -> Option<String> {
    if let Some(c) = KOREAN_REPORTER.captures(text)
        && KOREAN_NAME.contains(&c[1].chars().count())
    {
        return Some(c[1].to_string());
    }
    let c = BY.captures(text)?;
    let name = first_words(&c[1], NAME_WORDS)
        .trim_end_matches(['.', ','])
        .to_string();
    // "By Staff" or "By AI" are not people.
    let words = name.split_whitespace().count();
    (words >= 2 && !name.chars().any(|ch| ch.is_ascii_digit())).then_some(name)
}

/// The first `n` whitespace-separated words of `text`, with the spacing between them.
fn first_words(text: &str, n: usize) -> &str {
    let mut words = 0;
    let mut in_word = false;
    for (i, ch) in text.char_indices() {
        if ch.is_whitespace() {
            if in_word && words == n {
                return &text[..i];
            }
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    text
}

impl Byline {
    /// Takes what a line offers, keeping the first author and date seen.
    pub fn absorb(&mut self, line: &str) {
        if self.author.is_none() {
            self.author = author_in(line);
        }
        if self.date.is_none() {
            self.date = date_in(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_news_formats() {
        assert_eq!(
            date_in("Published: 12 November 2025, 09:14 KST").as_deref(),
            Some("2025-11-12")
        );
        assert_eq!(
            date_in("Nov. 3, 2025 5:02 PM").as_deref(),
            Some("2025-11-03")
        );
        assert_eq!(
            date_in("Updated 2025.11.03 10:00").as_deref(),
            Some("2025-11-03")
        );
        assert_eq!(
            date_in("입력 2025년 11월 3일").as_deref(),
            Some("2025-11-03")
        );
        assert_eq!(date_in("3. März 2025").as_deref(), Some("2025-03-03"));
        assert_eq!(
            date_in("03.11.2025, 07.31 Uhr").as_deref(),
            Some("2025-11-03")
        );
        // Hangul right before the digits: a Unicode `\b` saw no boundary there.
        assert_eq!(date_in("입력2025.10.22.").as_deref(), Some("2025-10-22"));
        assert_eq!(
            date_in("Gen 3 Pro 2025 launch, 5 November 2025").as_deref(),
            Some("2025-11-05")
        );
        assert_eq!(date_in("13.24.2025"), None);
        assert_eq!(date_in("about 350 billion dollars in 2025"), None);
    }

    #[test]
    fn places_in_datelines() {
        assert_eq!(
            place_in("SEOUL, Nov. 3 (Yonhap) -- Text").as_deref(),
            Some("Seoul")
        );
        assert_eq!(
            place_in("WASHINGTON (Wire) — The United States").as_deref(),
            Some("Washington")
        );
        assert_eq!(
            place_in("NEW YORK — President Lee").as_deref(),
            Some("New York")
        );
        assert_eq!(
            place_in("RIO DE JANEIRO, Nov. 3 (Reuters) - Text").as_deref(),
            Some("Rio De Janeiro")
        );
        // Too long for a dateline: five capitalised words, a long tail, a long agency.
        assert_eq!(place_in("THE US AND SOUTH KOREA - Text"), None);
        assert_eq!(
            place_in("SEOUL, where the talks went on late into the night - Text"),
            None
        );
        assert_eq!(
            place_in("SEOUL (said a spokesperson for the ministry in a statement) - x"),
            None
        );
        assert_eq!(place_in("Seoul: South Korean President"), None);
        assert_eq!(place_in("US and Korea agree"), None);
    }

    #[test]
    fn authors_in_bylines() {
        assert_eq!(author_in("By Minji Choi").as_deref(), Some("Minji Choi"));
        assert_eq!(
            author_in("By Jane Doe | March 3, 2025").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(author_in("Written By").as_deref(), None);
        assert_eq!(author_in("Rapporterad av AI").as_deref(), None);
        assert_eq!(author_in("김민수 기자").as_deref(), Some("김민수"));
        assert_eq!(author_in("김민수기자").as_deref(), Some("김민수"));
        assert_eq!(author_in("대한민국정부 기자"), None);
        assert_eq!(
            author_in("By Jane  Doe Seoul Bureau Chief").as_deref(),
            Some("Jane  Doe Seoul Bureau")
        );
        assert_eq!(
            author_in("By the end of the talks, both sides agreed"),
            None
        );
    }
}

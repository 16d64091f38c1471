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

static BY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\W*(?:written by|reported by|posted by|by|von|par|por|av|skriven av)\s+(?-i:(\p{Lu}[\p{L}.'’\-]*(?:\s+\p{Lu}[\p{L}.'’\-]*){1,3}))",
    )
});
static KOREAN_REPORTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*(\p{Hangul}{2,4})\s?(?:기자|특파원)"));
// `T` ends the day in RFC 3339 timestamps such as 2025-11-03T08:00:00+09:00.
static ISO: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{4})[-./]\s?(\d{1,2})[-./]\s?(\d{1,2})(?:T|\b)"));
static CJK_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]"));
static DAY_MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(\d{1,2})\.?\s+([\p{L}]{3,10})\.?,?\s+(\d{4})\b"));
static MONTH_DAY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([\p{L}]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"));

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^((?:\p{Lu}{2,}\.?)(?:[ \-](?:\p{Lu}{2,}\.?)){0,3})(?:,\s*[^—–(]{1,30}?)?\s*(?:\([^)]{1,40}\))?\s*(?:—|–|--|-|:)\s",
    )
});

/// The place of a dateline that opens a paragraph, in title case.
pub fn place_in(paragraph: &str) -> Option<String> {
    let c = DATELINE.captures(paragraph)?;
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
    if let Some(c) = DAY_MONTH_YEAR.captures(text)
        && let Some(m) = month(&c[2])
    {
        return ymd(&c[3], m, &c[1]);
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(text)
        && let Some(m) = month(&c[1])
    {
        return ymd(&c[3], m, &c[2]);
    }
    None
}

/// Finds an author's name in a byline such as "By Minji Choi | Nov 3, 2025".
pub fn author_in(text: &str) -> Option<String> {
    if let Some(c) = KOREAN_REPORTER.captures(text) {
        return Some(c[1].to_string());
    }
    let c = BY.captures(text)?;
    let name = c[1].trim_end_matches(['.', ',']).to_string();
    // "By Staff" or "By AI" are not people.
    let words = name.split_whitespace().count();
    (words >= 2 && !name.chars().any(|ch| ch.is_ascii_digit())).then_some(name)
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
        assert_eq!(
            author_in("By the end of the talks, both sides agreed"),
            None
        );
    }
}

//! The days a report's lead names: "on Thursday", "October 22", "22 October", "el sábado".
//!
//! Reports of one event name the day it happened; reports of two events with the same
//! people a day apart (a parade and the next day's talks, a charter flight leaving and
//! coming back) name different days. Only the title and first paragraph are read: later
//! paragraphs recall earlier days as background.
//!
//! A weekday is resolved against the publication date to the one day with that name from
//! four days before to two days after it (recent past, or the coming days for previews).

use crate::terms::{self, Token, TokenKind};

/// Weekday names, Monday first, in the languages we clean.
const WEEKDAYS: [[&str; 7]; 5] = [
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ],
    [
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
    ],
    [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ],
    [
        "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
    ],
];

/// Most days kept per article.
const MAX_DAYS: usize = 4;

/// Day numbers (see `day_number`) named in the title and first paragraph.
pub(crate) fn event_days(
    title: &str,
    lead: Option<&str>,
    published: Option<jiff::civil::Date>,
) -> Vec<i64> {
    let Some(published) = published else {
        return Vec::new();
    };
    let mut days = Vec::new();
    for text in std::iter::once(title).chain(lead) {
        let tokens = terms::tokens(text);
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            let lower = t.text.to_lowercase();
            if let Some(w) = WEEKDAYS
                .iter()
                .find_map(|names| names.iter().position(|n| *n == lower))
            {
                days.push(resolve_weekday(published, w));
            } else if let Some(day) = month_day(text, &tokens, i, &lower, published) {
                days.push(day);
            }
        }
    }
    days.sort_unstable();
    days.dedup();
    days.truncate(MAX_DAYS);
    days
}

/// The day named `weekday` (0 = Monday) from four days before to two days after `published`.
fn resolve_weekday(published: jiff::civil::Date, weekday: usize) -> i64 {
    let p = i64::from(published.weekday().to_monday_zero_offset());
    let offset = (weekday as i64 - p).rem_euclid(7);
    let offset = if offset <= 2 { offset } else { offset - 7 };
    super::day_number(published) + offset
}

/// A month name next to a day number: "October 22", "Oct. 22", "22 October".
fn month_day(
    text: &str,
    tokens: &[Token<'_>],
    i: usize,
    lower: &str,
    published: jiff::civil::Date,
) -> Option<i64> {
    let month = terms::month_number(lower)?;
    let near = |j: usize| -> Option<i8> {
        let (a, b) = if j > i {
            (&tokens[i], &tokens[j])
        } else {
            (&tokens[j], &tokens[i])
        };
        let gap = &text[a.end()..b.start];
        let close = !gap.is_empty()
            && gap.trim_start_matches('.').chars().all(|c| c == ' ')
            && gap.len() <= 3;
        let n: i8 = tokens[j].text.parse().ok()?;
        (close && (1..=31).contains(&n)).then_some(n)
    };
    let day = tokens
        .get(i + 1)
        .and_then(|_| near(i + 1))
        .or_else(|| i.checked_sub(1).and_then(near))?;
    // The date nearest the publication: a report in early January about "December 30".
    let year = published.year();
    [year - 1, year, year + 1]
        .iter()
        .filter_map(|&y| jiff::civil::Date::new(y, month, day).ok())
        .map(super::day_number)
        .min_by_key(|&d| (d - super::day_number(published)).abs())
}

/// Whether a token is a weekday or month name (so callers can skip it as a term).
#[allow(dead_code)]
pub(crate) fn is_date_word(folded: &str) -> bool {
    WEEKDAYS.iter().any(|w| w.contains(&folded)) || terms::month_number(folded).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(title: &str, lead: &str, published: &str) -> Vec<String> {
        let p: jiff::civil::Date = published.parse().unwrap();
        let base = super::super::day_number(p);
        event_days(title, Some(lead), Some(p))
            .into_iter()
            .map(|d| {
                p.checked_add(jiff::Span::new().days(d - base))
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn weekdays_resolve_near_the_publication_date() {
        // 2025-09-04 is a Thursday.
        assert_eq!(
            days("", "Xi and Kim held talks on Thursday.", "2025-09-04"),
            vec!["2025-09-04"]
        );
        assert_eq!(
            days("", "The parade on Wednesday drew crowds.", "2025-09-04"),
            vec!["2025-09-03"]
        );
        assert_eq!(
            days("", "They will meet on Saturday.", "2025-09-04"),
            vec!["2025-09-06"]
        );
        assert_eq!(
            days("", "El presidente llegó el sábado.", "2025-11-02"),
            vec!["2025-11-01"]
        );
    }

    #[test]
    fn month_days_in_either_order() {
        assert_eq!(
            days(
                "",
                "launched on Oct. 22 and again on 7 November",
                "2025-11-08"
            ),
            vec!["2025-10-22", "2025-11-07"]
        );
        assert_eq!(
            days("Fired on December 30", "", "2026-01-02"),
            vec!["2025-12-30"]
        );
        assert!(days("", "In May the talks stalled.", "2025-11-08").is_empty());
    }
}

//! Publication dates: parsed and validated once, compared as instants, and written out
//! only in forms we produce ourselves (a date string from an input never reaches a page
//! or feed as it was given).

use std::cmp::Ordering;
use std::fmt;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;

/// When an article was published: a calendar day, or a moment with its UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// `2025-11-03`: the day, no time of day.
    Day(Date),
    /// `2025-11-03T23:00:00-05:00`: a moment, kept with the offset it was given in.
    At(Timestamp, Offset),
}

impl Published {
    /// Parses `YYYY-MM-DD` or an RFC 3339 / ISO 8601 timestamp (`T` or a space between
    /// date and time, seconds and fractions optional, `Z` or `±HH:MM`; without an
    /// offset the time is taken as UTC). Impossible dates (`2025-13-45`) are refused.
    pub fn parse(text: &str) -> Result<Published, String> {
        let t = text.trim();
        if t.len() > 64 {
            return Err("is too long to be a date".into());
        }
        if t.len() == 10 {
            return t
                .parse::<Date>()
                .map(Published::Day)
                .map_err(|_| "is not a valid calendar date (YYYY-MM-DD)".into());
        }
        let normal = t.replacen(' ', "T", 1);
        if let Ok(ts) = normal.parse::<Timestamp>() {
            let offset = offset_of(&normal).unwrap_or(Offset::UTC);
            return Ok(Published::At(ts, offset));
        }
        if let Ok(dt) = normal.parse::<DateTime>() {
            return Offset::UTC
                .to_timestamp(dt)
                .map(|ts| Published::At(ts, Offset::UTC))
                .map_err(|e| e.to_string());
        }
        Err("is not a date (expected YYYY-MM-DD or an RFC 3339 time such as 2025-11-03T09:30:00+09:00)".into())
    }

    /// The moment used for ordering: a bare day counts from its midnight, UTC.
    pub fn instant(&self) -> Timestamp {
        match self {
            Published::Day(d) => Offset::UTC
                .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                .unwrap_or(Timestamp::UNIX_EPOCH),
            Published::At(ts, _) => *ts,
        }
    }

    /// The calendar day in the offset it was given in.
    pub fn day(&self) -> Date {
        match self {
            Published::Day(d) => *d,
            Published::At(ts, offset) => offset.to_datetime(*ts).date(),
        }
    }

    /// RFC 3339 with seconds, as feeds need (`2025-11-03T00:00:00Z` for a bare day).
    pub fn rfc3339(&self) -> String {
        match self {
            Published::Day(d) => format!("{d}T00:00:00Z"),
            Published::At(ts, offset) => {
                let dt = offset.to_datetime(*ts);
                let (h, m, s) = (dt.hour(), dt.minute(), dt.second());
                format!("{}T{h:02}:{m:02}:{s:02}{}", dt.date(), offset_text(*offset))
            }
        }
    }

    /// How front matter and templates show it: `2025-11-03`, or RFC 3339 for a moment.
    pub fn canonical(&self) -> String {
        match self {
            Published::Day(d) => d.to_string(),
            Published::At(..) => self.rfc3339(),
        }
    }

    /// Whole calendar days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(&self, later: &Published) -> i64 {
        self.day()
            .until(later.day())
            .map_or(i64::MAX, |span| i64::from(span.get_days()))
    }
}

impl Ord for Published {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant()
            .cmp(&other.instant())
            // The same instant: a precise time sorts after the bare day.
            .then_with(|| {
                matches!(self, Published::At(..)).cmp(&matches!(other, Published::At(..)))
            })
    }
}

impl PartialOrd for Published {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// The offset written at the end of an RFC 3339 time (`Z`, `+09:00`, `-0500`).
fn offset_of(text: &str) -> Option<Offset> {
    if text.ends_with(['Z', 'z']) {
        return Some(Offset::UTC);
    }
    let at = text.rfind(['+', '-']).filter(|&i| i > 10)?;
    let (sign, digits) = (&text[at..at + 1], text[at + 1..].replace(':', ""));
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    let seconds = (hours * 3600 + minutes * 60) * if sign == "-" { -1 } else { 1 };
    Offset::from_seconds(seconds).ok()
}

fn offset_text(offset: Offset) -> String {
    let secs = offset.seconds();
    if secs == 0 {
        return "Z".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Published {
        Published::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn valid_forms_parse_and_normalise() {
        assert_eq!(p("2025-11-03").rfc3339(), "2025-11-03T00:00:00Z");
        assert_eq!(p("2025-11-03").canonical(), "2025-11-03");
        assert_eq!(
            p("2025-11-03T10:00:00+09:00").rfc3339(),
            "2025-11-03T10:00:00+09:00"
        );
        assert_eq!(
            p("2025-11-03T23:00-05:00").rfc3339(),
            "2025-11-03T23:00:00-05:00"
        );
        assert_eq!(p("2025-11-03 08:15:30Z").rfc3339(), "2025-11-03T08:15:30Z");
        assert_eq!(
            p("2019-05-10T12:34:56.789Z").rfc3339(),
            "2019-05-10T12:34:56Z"
        );
        assert_eq!(p("2025-11-03T08:15").rfc3339(), "2025-11-03T08:15:00Z");
        assert_eq!(p("2025-11-03T23:00-05:00").day().to_string(), "2025-11-03");
    }

    #[test]
    fn impossible_or_hostile_dates_are_refused() {
        for bad in [
            "2025-13-45",
            "2025-02-30",
            "Nov 3",
            "2025-11-0x",
            "2025-11-03T10:00:00Z<img src=x onerror=alert(1)>",
            "2025-11-03 & < ]]>",
            "",
        ] {
            assert!(Published::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn dates_compare_as_instants() {
        // 23:00 in New York on the 3rd is 04:00 UTC on the 4th.
        assert!(p("2025-11-03T23:00-05:00") > p("2025-11-04"));
        assert!(p("2025-11-04T08:00+09:00") < p("2025-11-04T00:00:00Z"));
        assert!(
            p("2025-11-04") < p("2025-11-04T00:00:00Z"),
            "a time sorts after its bare day"
        );
        assert_eq!(p("2025-11-01").days_until(&p("2025-11-04T10:00Z")), 3);
    }
}

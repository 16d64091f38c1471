//! Filters and functions templates can use beyond Tera's own: `date`, `filesizeformat`,
//! `reading_time` and `now()`. Every one is listed in docs/templates.md.

use tera::{Kwargs, State, Tera, TeraResult};

use crate::date::Published;

/// Words read per minute, for `reading_time` (the same rate as articles' own estimate).
const WORDS_PER_MINUTE: usize = 230;

/// Registers briefing's filters and functions; `language` is the site's, the default
/// language of month and day names.
pub fn register(tera: &mut Tera, language: &str) {
    let lang = language.to_string();
    tera.register_filter("date", move |value: &str, kwargs: Kwargs, _: &State| {
        date(value, &kwargs, &lang)
    });
    tera.register_filter("filesizeformat", |value: f64, _: Kwargs, _: &State| {
        filesize(value)
    });
    tera.register_filter("reading_time", |value: &str, _: Kwargs, _: &State| {
        value
            .split_whitespace()
            .count()
            .div_ceil(WORDS_PER_MINUTE)
            .max(1)
    });
    tera.register_function("now", |_: Kwargs, _: &State| now());
}

/// `{{ article.date | date(format="%-d %B %Y", lang="de") }}`: a date or RFC 3339 time
/// formatted with strftime directives; month and day names in `lang` (the site's
/// language by default). A value that is not a date is an error naming it.
fn date(value: &str, kwargs: &Kwargs, site_lang: &str) -> TeraResult<String> {
    let format: String = kwargs.get("format")?.unwrap_or_else(|| "%-d %B %Y".into());
    let lang: String = kwargs.get("lang")?.unwrap_or_else(|| site_lang.to_string());
    let published = Published::parse(value)
        .map_err(|why| tera::Error::message(format!("date filter: {value:?} {why}")))?;
    let dt = match published {
        Published::Day(d) => d.to_datetime(jiff::civil::Time::midnight()),
        Published::At(ts, offset) => offset.to_datetime(ts),
    };
    let names = Names::of(&lang);
    // Month and day names are put in by us (jiff writes English ones); everything else
    // is jiff's strftime.
    let mut localised = String::with_capacity(format.len());
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            localised.push(c);
            continue;
        }
        match chars.next() {
            Some('B') => localised.push_str(&escape_percent(names.month(dt.month()))),
            Some('b') => localised.push_str(&escape_percent(names.month_short(dt.month()))),
            Some('A') => localised.push_str(&escape_percent(names.weekday(dt.weekday()))),
            Some('a') => localised.push_str(&escape_percent(names.weekday_short(dt.weekday()))),
            Some(other) => {
                localised.push('%');
                localised.push(other);
            }
            None => localised.push('%'),
        }
    }
    jiff::fmt::strtime::format(&localised, dt)
        .map_err(|e| tera::Error::message(format!("date filter: format {format:?}: {e}")))
}

fn escape_percent(s: &str) -> String {
    s.replace('%', "%%")
}

/// Month and weekday names of one language.
struct Names {
    months: [&'static str; 12],
    days: [&'static str; 7],
    /// Short forms are the first letters (None: the language uses the full name).
    short: Option<usize>,
}

impl Names {
    fn of(lang: &str) -> Names {
        let primary = lang
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase();
        match primary.as_str() {
            "de" => Names {
                months: [
                    "Januar",
                    "Februar",
                    "März",
                    "April",
                    "Mai",
                    "Juni",
                    "Juli",
                    "August",
                    "September",
                    "Oktober",
                    "November",
                    "Dezember",
                ],
                days: [
                    "Montag",
                    "Dienstag",
                    "Mittwoch",
                    "Donnerstag",
                    "Freitag",
                    "Samstag",
                    "Sonntag",
                ],
                short: Some(3),
            },
            "fr" => Names {
                months: [
                    "janvier",
                    "février",
                    "mars",
                    "avril",
                    "mai",
                    "juin",
                    "juillet",
                    "août",
                    "septembre",
                    "octobre",
                    "novembre",
                    "décembre",
                ],
                days: [
                    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
                ],
                short: Some(4),
            },
            "es" => Names {
                months: [
                    "enero",
                    "febrero",
                    "marzo",
                    "abril",
                    "mayo",
                    "junio",
                    "julio",
                    "agosto",
                    "septiembre",
                    "octubre",
                    "noviembre",
                    "diciembre",
                ],
                days: [
                    "lunes",
                    "martes",
                    "miércoles",
                    "jueves",
                    "viernes",
                    "sábado",
                    "domingo",
                ],
                short: Some(3),
            },
            "sv" => Names {
                months: [
                    "januari",
                    "februari",
                    "mars",
                    "april",
                    "maj",
                    "juni",
                    "juli",
                    "augusti",
                    "september",
                    "oktober",
                    "november",
                    "december",
                ],
                days: [
                    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
                ],
                short: Some(3),
            },
            "ko" => Names {
                months: [
                    "1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월",
                    "12월",
                ],
                days: [
                    "월요일",
                    "화요일",
                    "수요일",
                    "목요일",
                    "금요일",
                    "토요일",
                    "일요일",
                ],
                short: None,
            },
            "ja" | "zh" => Names {
                months: [
                    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月",
                    "12月",
                ],
                days: if primary == "ja" {
                    [
                        "月曜日",
                        "火曜日",
                        "水曜日",
                        "木曜日",
                        "金曜日",
                        "土曜日",
                        "日曜日",
                    ]
                } else {
                    [
                        "星期一",
                        "星期二",
                        "星期三",
                        "星期四",
                        "星期五",
                        "星期六",
                        "星期日",
                    ]
                },
                short: None,
            },
            _ => Names {
                months: [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ],
                days: [
                    "Monday",
                    "Tuesday",
                    "Wednesday",
                    "Thursday",
                    "Friday",
                    "Saturday",
                    "Sunday",
                ],
                short: Some(3),
            },
        }
    }

    fn month(&self, m: i8) -> &'static str {
        self.months[(m.clamp(1, 12) - 1) as usize]
    }

    fn weekday(&self, d: jiff::civil::Weekday) -> &'static str {
        self.days[(d.to_monday_zero_offset()) as usize]
    }

    fn cut(&self, name: &'static str) -> &'static str {
        match self.short {
            Some(n) => name
                .char_indices()
                .nth(n)
                .map_or(name, |(at, _)| &name[..at]),
            None => name,
        }
    }

    fn month_short(&self, m: i8) -> &'static str {
        self.cut(self.month(m))
    }

    fn weekday_short(&self, d: jiff::civil::Weekday) -> &'static str {
        self.cut(self.weekday(d))
    }
}

/// `{{ bytes | filesizeformat }}`: 1536 → "1.5 KB" (powers of 1,024, one decimal).
fn filesize(bytes: f64) -> String {
    const UNITS: [&str; 6] = ["bytes", "KB", "MB", "GB", "TB", "PB"];
    if !bytes.is_finite() || bytes < 1024.0 {
        return format!("{} bytes", bytes.max(0.0) as u64);
    }
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// `{{ now() }}`: the build's time, RFC 3339 UTC. Builds are otherwise reproducible, so
/// `SOURCE_DATE_EPOCH` (seconds) is used when set, as reproducible-build tools expect.
fn now() -> String {
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    Published::At(ts, jiff::tz::Offset::UTC).rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, lang: &str) -> String {
        let mut tera = Tera::default();
        register(&mut tera, lang);
        tera.add_raw_template("t", template).unwrap();
        tera.render("t", &tera::Context::new())
            .unwrap_or_else(|e| format!("ERROR {e:?}"))
    }

    #[test]
    fn dates_are_formatted_in_the_sites_language() {
        let t = r#"{{ "2025-11-03" | date }}|{{ "2025-11-03T23:00:00-05:00" | date(format="%A %-d %b %Y, %H:%M") }}"#;
        assert_eq!(render(t, "en"), "3 November 2025|Monday 3 Nov 2025, 23:00");
        assert_eq!(render(t, "de"), "3 November 2025|Montag 3 Nov 2025, 23:00");
        assert_eq!(
            render(
                r#"{{ "2025-03-14" | date(format="%-d %B", lang="fr") }}"#,
                "en"
            ),
            "14 mars"
        );
        assert_eq!(
            render(
                r#"{{ "2025-03-14" | date(format="%Y년 %B %-d일 %A") }}"#,
                "ko"
            ),
            "2025년 3월 14일 금요일"
        );
        assert!(render(r#"{{ "soon" | date }}"#, "en").starts_with("ERROR"));
    }

    #[test]
    fn sizes_reading_time_and_now() {
        assert_eq!(
            render(
                "{{ 512 | filesizeformat }} {{ 1536 | filesizeformat }} {{ 5000000 | filesizeformat }}",
                "en"
            ),
            "512 bytes 1.5 KB 4.8 MB"
        );
        let words = "word ".repeat(500);
        assert_eq!(
            render(&format!("{{{{ \"{words}\" | reading_time }}}}"), "en"),
            "3"
        );
        let stamp = render("{{ now() }}", "en");
        assert!(Published::parse(&stamp).is_ok(), "{stamp}");
    }
}

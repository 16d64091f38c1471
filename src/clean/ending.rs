//! Where the article ends on a copied page: the lines that close a story and open the
//! site's own material after it (an author's sign-off, a list of timed teasers).

use super::classify::Candidate;

/// Words of the name that opens an author's sign-off ("Meg James is a reporter…").
const SIGN_OFF_NAME: std::ops::RangeInclusive<usize> = 2..=4;
/// Longest sign-off: a name and a line or two of biography.
const SIGN_OFF_WORDS: usize = 50;

/// The author's sign-off after the body ends the article: a line that opens with a
/// name the byline gave ("By Meg James" above, "Meg James" or "Meg James is a corporate
/// media reporter…" below; or the outlet of "By Tim Childers - Live Science", whose
/// "Live Science is part of…" opens the footer). Reporters do not name themselves in
/// their own text, and what follows a biography is the site's (newsletter prompts,
/// other stories, comments).
pub(super) fn cut_at_sign_off(cands: &mut [Candidate], title_idx: Option<usize>) {
    let start = title_idx.map_or(0, |t| t + 1);
    // The byline may stand below a standfirst: the header runs to the second paragraph.
    let Some(body) = (start..cands.len())
        .filter(|&i| cands[i].live() && cands[i].features.is_prose())
        .nth(1)
    else {
        return;
    };
    let authors = header_authors(&cands[start..body]);
    if authors.is_empty() {
        return;
    }
    // Read once, and only when a line would cut (most articles have none).
    let mut resumes: Option<Vec<bool>> = None;
    let mut prose_before = 1;
    for i in body..cands.len() {
        let c = &cands[i];
        if prose_before >= 2
            && c.live()
            && c.features.words <= SIGN_OFF_WORDS
            && leading_name(&c.text).is_some_and(|n| authors.iter().any(|a| a.contains(n)))
            && !resumes.get_or_insert_with(|| article_resumes(cands))[i]
        {
            let line = c.line;
            for later in cands[i..].iter_mut() {
                later.drop_with(format!(
                    "line {line} names the byline's author or outlet: the article has ended"
                ));
            }
            return;
        }
        prose_before += usize::from(c.live() && c.features.is_prose());
    }
}

/// Words of a paragraph that, with another such right after it, is article text:
/// teasers and notices are shorter.
const RESUME_WORDS: usize = 30;

/// For each line, whether two full paragraphs of [`RESUME_WORDS`] or more stand in a
/// row after it: then the article goes on (a wire story citing the agency of its
/// byline, a live blog's timed entries), and nothing is cut. One pass from the end.
fn article_resumes(cands: &[Candidate]) -> Vec<bool> {
    let long = |c: &Candidate| c.features.is_prose() && c.features.size >= RESUME_WORDS;
    let mut after = vec![false; cands.len()];
    let (mut pair, mut next_long) = (false, false);
    for i in (0..cands.len()).rev() {
        after[i] = pair;
        let c = &cands[i];
        if c.live() {
            pair |= long(c) && next_long;
            next_long = long(c);
        }
    }
    after
}

/// Bylines between the title and the body: "By …" lines, and a name alone on the line
/// above a date ("Dallas Robinson" / "Nov 18, 2019 @17:19 PM").
fn header_authors(header: &[Candidate]) -> Vec<&str> {
    let mut authors = Vec::new();
    let lines: Vec<&Candidate> = header.iter().filter(|c| c.features.has_text).collect();
    for (k, c) in lines.iter().enumerate() {
        if authors.len() == MAX_AUTHORS {
            break;
        }
        let text = c.text.trim();
        if super::byline::author_in(text).is_some() {
            authors.push(text);
            continue;
        }
        let dated_next = lines
            .get(k + 1)
            .is_some_and(|n| n.features.words <= 12 && super::byline::date_in(&n.text).is_some());
        if dated_next && leading_name(text) == Some(text) {
            authors.push(text);
        }
    }
    authors
}

/// Bylines read from a header: a story has a few authors, and the cap keeps a
/// pathological header from making every later line a long search.
const MAX_AUTHORS: usize = 8;

/// The run of two to four capitalised words that opens `text` ("Meg James" of "Meg
/// James is a reporter"), ending at the first other word or punctuation.
fn leading_name(text: &str) -> Option<&str> {
    let text = text.trim();
    let mut end = 0;
    let mut words = 0;
    for (at, word) in text.split(' ').scan(0, |pos, w| {
        let at = *pos;
        *pos += w.len() + 1;
        Some((at, w))
    }) {
        let name_like = word.chars().next().is_some_and(char::is_uppercase)
            && word
                .chars()
                .all(|ch| ch.is_alphabetic() || matches!(ch, '.' | '-' | '\'' | '’'));
        if !name_like {
            break;
        }
        words += 1;
        end = at + word.len();
    }
    SIGN_OFF_NAME.contains(&words).then(|| &text[..end])
}

/// Lines walked back from a teaser's time label to the start of its teaser: the
/// headline, a kicker or two, and the one-sentence summary.
const TEASER_LINES: usize = 6;
/// Most words of a teaser's summary.
const TEASER_WORDS: usize = 40;

/// A line that is only a relative time ("32M ago", "2 hours ago", "vor 3 Stunden",
/// "2시간 전") after the body marks a list of other stories (or a comment thread): each
/// teaser carries its age. The list starts with the teaser above the first label.
pub(super) fn cut_at_time_labels(cands: &mut [Candidate], title_idx: Option<usize>) {
    let start = title_idx.map_or(0, |t| t + 1);
    let mut prose_before = 0;
    for i in start..cands.len() {
        let c = &cands[i];
        if !c.live() {
            continue;
        }
        if prose_before >= 2 && c.features.words <= 4 && relative_time(&c.text) {
            if article_resumes(cands)[i] {
                // Article text after the first label: timed entries of a live blog.
                return;
            }
            let from = teaser_start(cands, i);
            let line = cands[i].line;
            for later in cands[from..].iter_mut() {
                later.drop_with(format!(
                    "other stories' teasers, dated by their age (line {line})"
                ));
            }
            return;
        }
        prose_before += usize::from(c.features.is_prose());
    }
}

/// The first line of the teaser that the time label at `label` belongs to.
fn teaser_start(cands: &[Candidate], label: usize) -> usize {
    let short = |c: &Candidate| !c.features.terminal && c.features.size <= 20;
    let mut from = label;
    let mut walked = 0;
    let mut k = label;
    while k > 0 && walked < TEASER_LINES {
        k -= 1;
        let c = &cands[k];
        if !c.live() {
            continue;
        }
        let above_is_short = cands[..k]
            .iter()
            .rev()
            .find(|p| p.live())
            .is_some_and(short);
        let summary = c.features.is_sentence() && c.features.size <= TEASER_WORDS && above_is_short;
        if !(short(c) || summary) {
            break;
        }
        from = k;
        walked += 1;
    }
    from
}

/// Words for "ago" units: seconds to years, long and short ("32M ago", "1 hr ago").
const AGO_UNITS: &[&str] = &[
    "s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes", "h", "hr",
    "hrs", "hour", "hours", "d", "day", "days", "w", "wk", "wks", "week", "weeks", "mo", "month",
    "months", "y", "yr", "yrs", "year", "years",
];
/// Units after "vor", "hace", "há" and "il y a", as written in the singular; plurals
/// add one of [`PLURAL_ENDINGS`] ("Stunden", "horas", "meses", "ans").
const BEFORE_UNITS: &[&str] = &[
    "sek", "sekunde", "min", "minute", "std", "stunde", "tag", "woche", "monat", "jahr", "segundo",
    "minuto", "hora", "día", "dia", "semana", "mes", "año", "ano", "seconde", "heure", "jour",
    "semaine", "mois", "an",
];
/// Plural endings of [`BEFORE_UNITS`].
const PLURAL_ENDINGS: &[&str] = &["", "s", "n", "en", "es"];

/// Whether `text` is only a relative time, in English, German, Spanish, Portuguese,
/// French, Korean, Japanese or Chinese.
fn relative_time(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let number = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let count = |w: &str| number(w) || matches!(w, "a" | "an" | "one");
    let unit = |w: &str| AGO_UNITS.contains(&w);
    // "32m", "1h": the number and unit written together.
    let glued = |w: &str| {
        let digits = w.find(|c: char| !c.is_ascii_digit()).unwrap_or(w.len());
        digits > 0 && unit(&w[digits..])
    };
    let before_unit = |w: &str| {
        BEFORE_UNITS.iter().any(|u| {
            w.strip_prefix(u)
                .is_some_and(|rest| PLURAL_ENDINGS.contains(&rest))
        })
    };
    match words.as_slice() {
        [n, "ago"] => glued(n),
        [n, u, "ago"] => count(n) && unit(u),
        ["vor" | "hace" | "há", n, u] | ["il", "y", "a", n, u] => number(n) && before_unit(u),
        _ => cjk_relative_time(&lower),
    }
}

/// "2시간 전", "5分前", "3小时前": a number, a unit, and "before".
fn cjk_relative_time(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(rest) = t.strip_suffix('전').or_else(|| t.strip_suffix('前')) else {
        return false;
    };
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    digits > 0
        && matches!(
            &rest[digits..],
            "초" | "분"
                | "시간"
                | "일"
                | "주"
                | "秒"
                | "分"
                | "時間"
                | "小时"
                | "小時"
                | "天"
                | "日"
                | "週"
                | "周"
        )
}

#[cfg(test)]
mod tests {
    use crate::clean::{clean, template::SiteTemplate};
    use crate::sources::SourceKind;

    const P1: &str = "Seoul and Tokyo agreed on Tuesday to resume their shuttle diplomacy, officials from both governments said after the talks.";
    const P2: &str = "The two leaders also discussed export controls on chips, and agreed to meet again in the spring in Tokyo.";

    fn body(text: &str) -> Vec<String> {
        let t = SiteTemplate::default();
        let cleaned = clean(text, SourceKind::Text, None, 1, &t);
        cleaned.blocks.into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn the_bylines_author_signing_off_ends_the_article() {
        let text = format!(
            "Leaders agree to resume shuttle diplomacy\nBy Minji Choi, Staff Writer\n\n{P1}\n\n{P2}\n\n\
             Minji Choi\nMinji Choi is a diplomatic correspondent based in Seoul.\n\n\
             More from the desk\nA teaser sentence about another story that the site lists here today."
        );
        assert_eq!(body(&text), vec![P1.to_string(), P2.to_string()]);
        // A name alone above a date line is a byline too.
        let text = format!(
            "Leaders agree to resume shuttle diplomacy\nDallas Robinson\nNov 18, 2019 @17:19 PM\n\n\
             {P1}\n\n{P2}\n\nDallas Robinson is a freelance writer living in Minneapolis\n\
             Every day we send an email with the top stories of the day."
        );
        assert_eq!(body(&text), vec![P1.to_string(), P2.to_string()]);
    }

    #[test]
    fn a_paragraph_opening_with_another_name_or_a_kicker_stays() {
        let p3 = "North Korea has fired two missiles into the sea since the talks, the military said on Friday.";
        let p4 =
            "Kim Yo Jong said in a statement that the talks were a waste of time for the region.";
        // "North Korea" above the body is a section label, not a byline.
        let text = format!(
            "Leaders agree to resume shuttle diplomacy\nNorth Korea\nBy Minji Choi\n\n{P1}\n\n{P2}\n\n{p3}\n\n{p4}"
        );
        let kept = body(&text);
        assert!(
            kept.contains(&p3.to_string()) && kept.contains(&p4.to_string()),
            "{kept:#?}"
        );
    }

    #[test]
    fn teasers_dated_by_their_age_go_from_the_first_one() {
        let text = format!(
            "Leaders agree to resume shuttle diplomacy\n\n{P1}\n\n{P2}\n\nWorld\nMore World\n\
             Why farmers may want to paint their cows\nSome people thought the striped cattle were a joke.\n\
             32M ago\nIsrael strikes targets in Syria\nThe defence chief said the strikes were a message.\n1H ago"
        );
        assert_eq!(body(&text), vec![P1.to_string(), P2.to_string()]);
    }

    #[test]
    fn relative_times_in_several_languages() {
        for t in [
            "32M ago",
            "1H ago",
            "2 hours ago",
            "an hour ago",
            "vor 3 Stunden",
            "hace 2 horas",
            "há 5 dias",
            "il y a 2 heures",
            "2시간 전",
            "5分前",
            "3小时前",
        ] {
            assert!(super::relative_time(t), "{t}");
        }
        for t in [
            "Years ago",
            "2 hours",
            "Ago",
            "vor Ort",
            "10 years ago today we met",
        ] {
            assert!(!super::relative_time(t), "{t}");
        }
    }

    #[test]
    fn a_wire_story_citing_its_agency_and_a_live_blog_stay_whole() {
        let long = |n: usize| {
            format!(
                "Entry {n} says that the officials of both governments met again on Tuesday in Seoul and agreed that the talks on tariffs and chips would go on next month in Washington."
            )
        };
        let cited = "Yonhap News Agency reported that the envoy would travel to Beijing next week for more talks.";
        let text = format!(
            "Envoy to visit Beijing\nBy Yonhap News Agency\n\n{P1}\n\n{P2}\n\n{cited}\n\n{}\n\n{}",
            long(1),
            long(2)
        );
        assert!(
            body(&text).contains(&cited.to_string()),
            "{:#?}",
            body(&text)
        );
        let text = format!(
            "Talks live: the latest\n\n{P1}\n\n{P2}\n\n2 hours ago\n\n{}\n\n{}\n\n3 hours ago\n\n{}",
            long(1),
            long(2),
            long(3)
        );
        let kept = body(&text);
        assert!(kept.contains(&long(3)), "{kept:#?}");
    }
}

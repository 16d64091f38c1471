//! Deterministic generator of clean news reports grouped in events, for the story and
//! key-point benches: each event has its own people, place, figures and day, and is
//! reported by one to four outlets in its own sentences, shuffled, over background
//! sentences drawn from a stock, like a year of coverage of a region's diplomacy.
#![allow(dead_code)]

use briefing::stories::StoryInput;

/// The corpus generator's SplitMix64, with the two helpers this generator needs.
pub struct Rng(crate::corpus::Rng);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        (self.0.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "kim", "park", "seo", "han", "jun", "min", "ho", "sung", "yeon", "woo", "ri", "tae", "gyu",
    "bae", "chang", "dong", "hee", "jin", "kyung", "mi", "na", "ok", "rae", "sang", "soo", "won",
    "ye", "yoon", "hwan", "il", "joo", "ga",
];
/// Family names, few and shared as in Korea, so given names carry the difference.
const FAMILIES: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
    "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong",
];
const PLACE_KINDS: &[&str] = &["City", "County", "Port", "Bay", "Valley", "Island"];
const LEADERS: &[&str] = &[
    "President Lee Jae Myung",
    "Donald Trump",
    "Xi Jinping",
    "Kim Jong Un",
    "Sanae Takaichi",
    "Shigeru Ishiba",
    "Vladimir Putin",
    "Emmanuel Macron",
    "Narendra Modi",
    "Anthony Albanese",
];
const KINDS: &[(&str, &str)] = &[
    ("summit", "held talks"),
    ("missile launch", "fired a missile"),
    ("trade deal", "signed an agreement"),
    ("visit", "arrived"),
    ("statement", "issued a statement"),
    ("military drill", "ordered exercises"),
    ("investment pledge", "pledged investment"),
    ("port opening", "opened a terminal"),
    ("factory tour", "toured a plant"),
    ("energy pact", "agreed on energy supplies"),
    ("election rally", "addressed supporters"),
    ("cabinet reshuffle", "named new ministers"),
];
/// Background sentences are a subject and a predicate drawn apart (144 sentences), so two
/// reports of different events share a stock line now and then, as real ones do, and not
/// most of their text.
const SUBJECTS: &[&str] = &[
    "The alliance with Washington",
    "Relations with Beijing",
    "The opposition party",
    "Markets in Seoul",
    "Officials at the ministry",
    "Analysts in Tokyo",
    "Business groups",
    "Local residents",
    "Union leaders",
    "Diplomats in Geneva",
    "The central bank",
    "Regional governors",
];
const PREDICATES: &[&str] = &[
    "came under strain over tariffs and the cost of troops.",
    "improved after a year of frosty exchanges over trade.",
    "declined to give a timetable for the next steps.",
    "barely reacted to the announcement on Friday.",
    "criticised the lack of transparency in the talks.",
    "called for further meetings in the coming weeks.",
    "warned that the budget could slip into deficit next year.",
    "said details were still being worked out by officials.",
    "welcomed the decision but asked for more consultation.",
    "expected the issue to dominate the autumn session of parliament.",
    "recalled the collapse of earlier talks in 2019.",
    "urged both sides to publish the full text of the agreement.",
];

/// One background sentence.
fn background(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(SUBJECTS), rng.pick(PREDICATES))
}

/// A capitalised run of `n` syllables.
fn word(rng: &mut Rng, n: usize) -> String {
    let s: String = (0..n).map(|_| rng.pick(SYLLABLES)).collect();
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect::<String>())
        .unwrap_or_default()
}

/// A Korean-style name: a common family name and a two-part given name (20,480 names).
fn name(rng: &mut Rng) -> String {
    let family = rng.pick(FAMILIES);
    let given = word(rng, 1);
    let second = rng.pick(SYLLABLES);
    format!("{family} {given}-{second}")
}

/// A place: two syllables and a kind of place (6,144 places).
fn place(rng: &mut Rng) -> String {
    let stem = word(rng, 2);
    format!("{stem} {}", rng.pick(PLACE_KINDS))
}

/// `n` reports of about n/2.5 events over one year: every event has its own official,
/// envoy, place and figures (drawn from spaces much larger than the events of a week, as
/// in real coverage), so story sizes stay 1–4 however large `n` grows.
pub fn reports(n: usize, seed: u64) -> Vec<StoryInput> {
    let mut rng = Rng(crate::corpus::Rng(seed));
    let mut out = Vec::with_capacity(n);
    let start: jiff::civil::Date = "2025-01-01".parse().unwrap();
    let mut event = 0;
    while out.len() < n {
        event += 1;
        let official = name(&mut rng);
        let envoy = name(&mut rng);
        let place = place(&mut rng);
        let leader = rng.pick(LEADERS);
        let (kind, verb) = KINDS[rng.below(KINDS.len())];
        let figure = 10 + rng.below(9_990);
        let share = 1 + rng.below(60);
        let day = start
            .checked_add(jiff::Span::new().days(rng.below(365) as i64))
            .unwrap();
        let facts = [
            format!("{leader} {verb} in {place} with {official}, the presidential office said."),
            format!(
                "The {kind} in {place} involved {official} and {envoy} and a package worth {figure} billion won."
            ),
            format!(
                "{official} told reporters in {place} that {share} percent of the {figure} billion won would be spent this year."
            ),
            format!(
                "{envoy} said the {kind} had been planned for weeks and that {leader} approved it."
            ),
            format!(
                "According to {envoy}, the {figure} billion won plan covers shipbuilding, chips and energy."
            ),
            format!("Critics of {official} said the {kind} in {place} left key questions open."),
        ];
        let outlets = 1 + rng.below(4);
        for o in 0..outlets {
            if out.len() >= n {
                break;
            }
            let mut paragraphs = Vec::new();
            let mut order: Vec<usize> = (0..facts.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            for chunk in order.chunks(2) {
                let mut p: Vec<String> = chunk.iter().map(|&f| facts[f].clone()).collect();
                p.push(background(&mut rng));
                paragraphs.push(p.join(" "));
            }
            for _ in 0..3 + rng.below(4) {
                paragraphs.push(format!("{} {}", background(&mut rng), background(&mut rng)));
            }
            let lag = rng.below(2) as i64;
            out.push(StoryInput {
                key: format!("event-{event:06}-{o}"),
                title: format!("{leader} and {official}: {kind} in {place}"),
                paragraphs,
                date: day.checked_add(jiff::Span::new().days(lag)).ok(),
                outlet: Some(format!("Outlet {}", rng.below(40))),
                url: None,
                story_override: None,
                words: None,
            });
        }
    }
    out
}

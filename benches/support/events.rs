//! Deterministic generator of clean news reports grouped in events, for the story and
//! key-point benches: each event has its own people, place, figures and day, and is
//! reported by one to four outlets in different sentences over shared background text,
//! like a year of coverage of one country's diplomacy.
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
    "bae", "chang", "dong",
];
const LEADERS: &[&str] = &[
    "President Lee Jae Myung",
    "Donald Trump",
    "Xi Jinping",
    "Kim Jong Un",
    "Sanae Takaichi",
];
const KINDS: &[(&str, &str)] = &[
    ("summit", "held talks"),
    ("missile launch", "fired a missile"),
    ("trade deal", "signed an agreement"),
    ("visit", "arrived"),
    ("statement", "issued a statement"),
];
const BACKGROUND: &[&str] = &[
    "The alliance with the United States has been under strain over tariffs and the cost of troops.",
    "Relations with Beijing improved after a year of frosty exchanges over trade restrictions.",
    "North Korea has rejected every offer of dialogue since the collapse of talks in 2019.",
    "Markets in Seoul were little changed after the announcement.",
    "Officials declined to give a timetable, saying details were still being worked out.",
    "Analysts said the government was trying to balance pressures at home and abroad.",
    "Opposition lawmakers criticised the government for a lack of transparency.",
    "The presidential office said further meetings would follow in the coming weeks.",
];

fn name(rng: &mut Rng) -> String {
    let mut part = |n: usize| {
        let s: String = (0..n).map(|_| rng.pick(SYLLABLES)).collect();
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    format!("{} {}-{}", part(1), part(1), part(1))
}

/// `n` reports of about n/2.2 events over one year.
pub fn reports(n: usize, seed: u64) -> Vec<StoryInput> {
    let mut rng = Rng(crate::corpus::Rng(seed));
    let mut out = Vec::with_capacity(n);
    let start: jiff::civil::Date = "2025-01-01".parse().unwrap();
    let mut event = 0;
    while out.len() < n {
        event += 1;
        let official = name(&mut rng);
        let envoy = name(&mut rng);
        let place = format!("{} City", name(&mut rng).split(' ').next().unwrap_or("Han"));
        let leader = rng.pick(LEADERS);
        let (kind, verb) = KINDS[rng.below(KINDS.len())];
        let figure = 10 + rng.below(990);
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
                p.push(rng.pick(BACKGROUND).to_string());
                paragraphs.push(p.join(" "));
            }
            for _ in 0..3 + rng.below(4) {
                paragraphs.push(format!("{} {}", rng.pick(BACKGROUND), rng.pick(BACKGROUND)));
            }
            let lag = rng.below(2) as i64;
            out.push(StoryInput {
                key: format!("event-{event:05}-{o}"),
                title: format!("{leader} and {official}: {kind} in {place}"),
                paragraphs,
                date: day.checked_add(jiff::Span::new().days(lag)).ok(),
                outlet: Some(format!("Outlet {}", rng.below(40))),
                url: None,
                story_override: None,
            });
        }
    }
    out
}

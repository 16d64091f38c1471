//! Unit tests of grouping on small hand-made reports.

use super::*;

fn date(s: &str) -> Option<jiff::civil::Date> {
    s.parse().ok()
}

fn report(key: &str, day: &str, title: &str, body: &[&str]) -> StoryInput {
    StoryInput {
        key: key.into(),
        title: title.into(),
        paragraphs: body.iter().map(|s| s.to_string()).collect(),
        date: date(day),
        ..StoryInput::default()
    }
}

/// Three events; the first reported twice in different words.
fn corpus() -> Vec<StoryInput> {
    vec![
        report(
            "swap-a",
            "2025-11-01",
            "Lee and Xi renew currency swap in Gyeongju",
            &[
                "President Lee Jae Myung and Xi Jinping renewed a 70 trillion won currency swap at the Gyeongju National Museum on Saturday.",
                "The Bank of Korea and the People's Bank of China signed the five-year arrangement, one of seven memorandums.",
            ],
        ),
        report(
            "swap-b",
            "2025-11-02",
            "Seoul and Beijing sign 70 trillion won swap as Xi visits",
            &[
                "Xi Jinping, on his first visit in 11 years, watched central bankers sign a won-yuan swap worth 70 trillion won in Gyeongju.",
                "Lee Jae Myung said the seven memorandums restore ties; the Bank of Korea called the swap a five-year safeguard.",
            ],
        ),
        report(
            "launch",
            "2025-10-22",
            "North Korea fires missiles from Junghwa",
            &[
                "North Korea fired short-range ballistic missiles from Junghwa in North Hwanghae Province at 8:10 a.m., the Joint Chiefs of Staff said.",
                "The missiles flew about 350 km towards the East Sea days before APEC.",
            ],
        ),
        report(
            "takaichi",
            "2025-10-30",
            "Takaichi and Lee agree on shuttle diplomacy",
            &[
                "Sanae Takaichi and Lee Jae Myung met for 41 minutes at the HICO Convention Center and agreed on shuttle diplomacy.",
            ],
        ),
    ]
}

fn ids(s: &Stories, inputs: &[StoryInput]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = s
        .groups
        .iter()
        .map(|g| {
            let mut m: Vec<String> = g.members.iter().map(|&i| inputs[i].key.clone()).collect();
            m.sort();
            m
        })
        .collect();
    out.sort();
    out
}

#[test]
fn rewrites_of_one_event_group_and_others_stay_apart() {
    let inputs = corpus();
    let s = group(&inputs);
    assert_eq!(
        ids(&s, &inputs),
        vec![vec!["launch"], vec!["swap-a", "swap-b"], vec!["takaichi"]],
        "{:#?}",
        s.explanations
    );
    let swap = s.story(0);
    assert_eq!(swap.id, "swap-a", "the earliest member names the story");
    let features: Vec<Features> = inputs.iter().map(extract).collect();
    let grouper = Grouper::new(&inputs, &features);
    let explained = grouper.explanations(&s);
    let why = explained.iter().find(|x| x.grouped).unwrap().to_string();
    assert!(why.starts_with("same event: shared rare terms ["), "{why}");
    assert!(
        why.contains("70 trillion") && why.contains("xi jinping"),
        "{why}"
    );
    assert!(why.contains("dates 1 day apart"), "{why}");
}

#[test]
fn grouping_ignores_input_order() {
    let inputs = corpus();
    let mut reversed = inputs.clone();
    reversed.reverse();
    let (a, b) = (group(&inputs), group(&reversed));
    assert_eq!(ids(&a, &inputs), ids(&b, &reversed));
    let story_ids = |s: &Stories| s.groups.iter().map(|g| g.id.clone()).collect::<Vec<_>>();
    assert_eq!(story_ids(&a), story_ids(&b));
    let texts = |s: &Stories| {
        s.explanations
            .iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&a), texts(&b));
}

#[test]
fn dates_outside_the_window_split_an_otherwise_identical_event() {
    let mut inputs = corpus();
    inputs[1].date = date("2025-11-09");
    let s = group(&inputs);
    assert_ne!(s.story_of[0], s.story_of[1]);
}

#[test]
fn an_override_forms_its_own_story_unless_it_names_one() {
    let mut inputs = corpus();
    inputs[2].story_override = Some("nk-week".into());
    inputs[3].story_override = Some("nk-week".into());
    let s = group(&inputs);
    assert_eq!(s.story_of[2], s.story_of[3]);
    assert_eq!(s.story(2).id, "nk-week");
    assert_ne!(s.story_of[2], s.story_of[0]);
    // Naming the automatic story joins it; an overridden article pulls nothing else in.
    inputs[3].story_override = Some("swap-a".into());
    let s = group(&inputs);
    assert_eq!(s.story_of[3], s.story_of[0]);
    assert_eq!(s.story(0).members.len(), 3);
    let why = s
        .explanations
        .iter()
        .find(|x| matches!(x.reason, Reason::Override { .. }))
        .unwrap();
    assert_eq!(
        why.to_string(),
        "both set story = \"swap-a\" in front matter"
    );
}

#[test]
fn headline_is_the_most_complete_then_the_earliest() {
    let mut inputs = corpus();
    inputs[1].paragraphs.push("Analysts said the arrangement, first signed in 2009 and enlarged several times since, gives both central banks room to calm markets in a crisis and to settle more trade in their own currencies rather than in dollars.".into());
    let s = group(&inputs);
    assert_eq!(s.story(0).headline, 1);
    assert_eq!(s.story(0).members, vec![1, 0]);
    assert_eq!(
        s.story(0).id,
        "swap-a",
        "the id does not follow the headline"
    );
}

#[test]
fn syndicated_copy_is_a_near_copy() {
    let body: Vec<String> = (0..6)
        .map(|p| format!("Paragraph {p} of the wire story says the ministry in Sejong reviewed shipments number {p} and found the customs data from the port of Busan consistent with the earlier filings by exporters."))
        .collect();
    let mut a = report("wire", "2025-10-01", "Wire story", &[]);
    a.paragraphs = body.clone();
    let mut b = report("copy", "2025-10-20", "Republished wire story", &[]);
    b.paragraphs = body;
    b.paragraphs[2] = "A local editor replaced this paragraph entirely with a note.".into();
    b.paragraphs
        .push("This story was republished under a content agreement.".into());
    let s = group(&[a, b]);
    assert_eq!(
        s.story_of[0], s.story_of[1],
        "copies group even 19 days apart"
    );
    let why = s.explanations[0].to_string();
    assert!(why.starts_with("near-identical copy, Jaccard "), "{why}");
}

#[test]
fn changed_names_only_the_stories_an_edit_moved() {
    let inputs = corpus();
    let before = group(&inputs);
    let keys: Vec<&str> = inputs.iter().map(|i| i.key.as_str()).collect();
    let mut edited = inputs.clone();
    edited[1].date = date("2025-11-20");
    let after = group(&edited);
    assert_eq!(
        after.changed(&keys, &before, &keys),
        vec!["swap-a", "swap-b"]
    );
    assert!(before.changed(&keys, &before, &keys).is_empty());
}

#[test]
fn day_numbers_follow_the_calendar() {
    let d = |s: &str| day_number(s.parse().unwrap());
    assert_eq!(d("1970-01-01"), 0);
    assert_eq!(d("2025-03-01") - d("2025-02-28"), 1);
    assert_eq!(d("2024-03-01") - d("2024-02-28"), 2);
}

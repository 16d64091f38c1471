//! The five seed articles, checked against expectations written by reading each file:
//! its title, sentences from the first, middle and last paragraphs, every piece of its
//! boilerplate absent, and the topics it discusses.

mod common;

use common::{briefing, ok_stdout, repo};

struct Expect {
    file: &'static str,
    title: &'static str,
    present: &'static [&'static str],
    absent: &'static [&'static str],
    topics: &'static [&'static str],
}

const SEEDS: &[Expect] = &[
    Expect {
        file: "000_5b85675cd7a7ade6.txt",
        title: "South Korea’s President Lee Seeks U.S.-Led Restart of North Korea Talks, Praises Trump",
        present: &[
            "Seoul: South Korean President Lee Jae Myung on Wednesday expressed optimism",
            "culminating in a $350 billion U.S. investment package",
            "Beyond U.S. ties, Lee emphasized the significance of maintaining stable relations with China",
            "including a potential meeting between Trump and North Korean leader Kim Jong Un at the APEC summit.",
            "The coming months will be critical in determining whether this multilateral, cautious approach can yield tangible progress",
        ],
        absent: &[
            "Follow the CNewsLive",
            "whatsapp.com",
            "comments posted here",
            "Kindly refrain",
        ],
        topics: &["us-ties", "china-ties", "north-korea"],
    },
    Expect {
        file: "001_ed73effe6fc8d6d8.txt",
        title: "Lee of South Korea calls on Xi of China to assist in starting negotiations with North Korea",
        present: &[
            "South Korean President Lee Jae Myung pressed Chinese President Xi Jinping to assist in restarting diplomatic engagement with North Korea",
            "calling such proposals a “pipe dream.”",
            "including a renewal of a won-yuan currency swap",
            "deep mistrust and diverging security priorities across the Korean Peninsula still define the broader landscape.",
        ],
        absent: &["buttons=", "cookies", "Accept !", "Learn More"],
        topics: &["china-ties", "north-korea"],
    },
    Expect {
        file: "002_9e3d98311811fb75.txt",
        title: "South Korean envoy vows closer US cooperation for North Korea dialogue",
        present: &[
            "In Washington, South Korea's new ambassador to the US, Kang Kyung-wha, pledged on November 18",
            "\"While closely communicating with the U.S. side, (we) will continue (efforts) to secure support for our policy toward North Korea,\" she said.",
            "Seoul's commitment to investing $350 billion in the U.S.",
            "to 15 percent from 25 percent",
        ],
        absent: &[
            "Bild genererad av AI",
            "at a Washington press conference, pledging enhanced",
            "Vad folk säger",
            "Discussions on X",
            "Relaterade artiklar",
            "Kevin Kim",
            "Rapporterad av AI",
            "Moscow",
            "cookies",
            "Avböj",
        ],
        topics: &["us-ties", "north-korea"],
    },
    Expect {
        file: "003_8451e265bbcb7627.txt",
        title: "President Lee Jae-myung Stresses Dialogue With China After U.S. Talks",
        present: &[
            "South Korean President Lee Jae-myung has underlined the need for stronger dialogue with China",
            "## Balancing regional strategy as Lee pushes for stable Korea–China communication",
            "## Growing U.S. cooperation sparks fresh urgency for China-focused diplomacy",
            "## Staying open to cooperation while preparing for tougher regional dynamics",
            "This message also reflects concerns about rising tensions in the Indo-Pacific",
            "will carry long-term consequences for national security and economic resilience.",
        ],
        absent: &[
            "Menu",
            "Mail Icon",
            "NEWSLETTER",
            "Subscribe",
            "spam",
            "Follow Us",
            "<script",
            "profitableratecpm",
            "<div",
            "image source",
            "Getty",
            "Share This Post",
            "Advertisement",
            "Written By",
            "Leave a Reply",
            "email address",
        ],
        topics: &["us-ties", "china-ties"],
    },
    Expect {
        file: "004_1d76d1aae684a6c5.txt",
        title: "South Korean President Lee is trying to ease tensions with North Korea and seeks help from China.",
        present: &[
            "South Korean President Lee Jae Myung has urged Chinese President Xi Jinping to help restart stalled talks with nuclear-armed North Korea.",
            "“I am very positive about the situation where the conditions for engagement with North Korea are forming,” Lee noted",
            "described South Korea as an “inseparable cooperative partner,”",
            "has maintained the position that “dialogue with the South is out of the question.”",
        ],
        absent: &[
            "Leave a Comment",
            "email address",
            "Required fields",
            "Scroll to Top",
        ],
        topics: &["china-ties", "north-korea"],
    },
];

fn front_matter_and_body(doc: &str) -> (toml::Table, &str) {
    let rest = doc.strip_prefix("+++\n").expect("starts with +++");
    let end = rest.find("\n+++\n").expect("front matter is closed");
    (
        rest[..end].parse().expect("front matter is TOML"),
        &rest[end + 5..],
    )
}

#[test]
fn each_seed_cleans_to_its_title_body_and_topics() {
    for seed in SEEDS {
        let path = format!("seeds/{}", seed.file);
        let out = ok_stdout(&briefing(&repo(), &["clean", &path]));
        let (front, body) = front_matter_and_body(&out);
        assert_eq!(front["title"].as_str(), Some(seed.title), "{}", seed.file);
        let topics: Vec<&str> = front["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(topics, seed.topics, "topics of {}", seed.file);
        for text in seed.present {
            assert!(
                body.contains(text),
                "{}: body lacks {text:?}\n{body}",
                seed.file
            );
        }
        for text in seed.absent {
            assert!(
                !body.contains(text),
                "{}: body keeps boilerplate {text:?}\n{body}",
                seed.file
            );
        }
        // The title appears once, in front matter, not again as body text.
        assert!(
            !body.contains(seed.title),
            "{}: title repeated in body",
            seed.file
        );
    }
}

#[test]
fn every_body_paragraph_of_seed_000_survives_whole() {
    // Seed 000 is all body between its title lines and its trailing boilerplate (lines 5–15).
    let raw = std::fs::read_to_string(repo().join("seeds/000_5b85675cd7a7ade6.txt")).unwrap();
    let out = ok_stdout(&briefing(
        &repo(),
        &["clean", "seeds/000_5b85675cd7a7ade6.txt"],
    ));
    let paragraphs: Vec<&str> = raw
        .lines()
        .skip(4)
        .take(11)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(paragraphs.len(), 6);
    for p in paragraphs {
        assert!(out.contains(p.trim()), "missing paragraph {p:?}");
    }
}

#[test]
fn explain_shows_reasons() {
    let out = ok_stdout(&briefing(
        &repo(),
        &["clean", "--explain", "seeds/003_8451e265bbcb7627.txt"],
    ));
    assert!(
        out.contains("TITLE President Lee Jae-myung Stresses Dialogue"),
        "{out}"
    );
    assert!(out.contains("image caption"), "{out}");
    assert!(out.contains("IN  china-ties"), "{out}");
    assert!(out.contains("OUT north-korea"), "{out}");
}

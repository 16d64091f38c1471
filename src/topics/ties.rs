//! Anchor ties: whether a sentence that mentions a relationship topic ties it to the home
//! side (the anchor), or mentions the party only with someone else.

use super::matcher::{Hit, Role};

/// Why a sentence counted for a topic, or why it was set aside.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tie {
    /// The topic has no anchor: every mention counts.
    Plain,
    /// The sentence names the anchor.
    Names,
    /// The paragraph opens with the anchor as its subject.
    ParagraphSubject,
    /// The headline ties the topic to the anchor and names no one else.
    Headline,
    /// "The two leaders" right after a sentence that tied the topic.
    Paired,
    /// Set aside: no anchor, no tie.
    Untied,
    /// Set aside: the party appears with another party (hit index), not the anchor.
    OthersOnly(usize),
    /// Set aside: another party (hit index) is the subject; anchor and party are its objects.
    OtherSubject(usize),
}

impl Tie {
    /// Whether the sentence counts for the topic.
    pub fn counts(self) -> bool {
        matches!(
            self,
            Tie::Plain | Tie::Names | Tie::ParagraphSubject | Tie::Headline | Tie::Paired
        )
    }
}

/// What the sentence's context is about: whether its paragraph opens with the anchor as
/// subject, and whether the headline ties the topic to the anchor alone.
#[derive(Debug, Clone, Copy, Default)]
pub struct Subject {
    /// The paragraph opens with the anchor.
    pub paragraph: bool,
    /// The headline ties this topic to the anchor and names no other party.
    pub headline: bool,
}

/// The hits of one sentence, with the paragraph text they point into.
#[derive(Debug, Clone, Copy)]
pub struct Sentence<'a> {
    /// The paragraph (or title) text.
    pub text: &'a str,
    /// Byte offset where the sentence starts in `text`.
    pub start: usize,
    /// Byte offset where it ends (the next sentence's start).
    pub end: usize,
    /// Accepted matches inside the sentence, in order.
    pub hits: &'a [Hit],
}

impl Sentence<'_> {
    /// Whether the sentence mentions topic `topic` at all.
    pub fn mentions(&self, topic: usize) -> bool {
        self.hits
            .iter()
            .any(|h| matches!(h.role, Role::Term { topic: t, .. } if t == topic))
    }

    /// The first hit naming anchor `anchor` as an actor (not a dateline or a place).
    fn anchor_hit(&self, anchor: usize) -> Option<(usize, &Hit)> {
        self.hits
            .iter()
            .enumerate()
            .find(|(_, h)| h.role == Role::Anchor(anchor) && self.names_actor(h))
    }

    /// A dateline ("SEOUL —", "Seoul:") or a place in apposition ("in Busan, South
    /// Korea") says where something happened, not who took part.
    fn names_actor(&self, hit: &Hit) -> bool {
        let found = &self.text[hit.at..hit.end];
        let before = self.text[self.start..hit.at].trim_end();
        let after = self.text[hit.end..].trim_start();
        let shouting = found.chars().filter(|c| c.is_alphabetic()).count() > 3
            && !found.chars().any(char::is_lowercase);
        let dateline = before.is_empty()
            && (after.starts_with([':', '—', '–', '(', ','])
                || after.starts_with("- ")
                || shouting);
        let place = before.strip_suffix(',').is_some_and(|b| {
            let mut words = b.rsplit(char::is_whitespace);
            let name = words.next().unwrap_or("");
            let preposition = words.next().unwrap_or("");
            name.starts_with(char::is_uppercase)
                && matches!(preposition, "in" | "at" | "near" | "from" | "outside")
        });
        !(dateline || place)
    }

    /// Whether the sentence opens with anchor `anchor` as its subject: the first party it
    /// names, preceded only by capitalised words ("South Korean President Lee"), and not
    /// the first half of a compound ("Korea-US rate gap" is about the gap).
    pub fn opens_with_anchor(&self, anchor: usize) -> bool {
        let Some((i, hit)) = self.anchor_hit(anchor) else {
            return false;
        };
        let compound = self.text[hit.end..].starts_with(['-', '–', '—']);
        self.first_party_from(self.start, anchor) == Some(i)
            && titles_only(&self.text[self.start..hit.at])
            && !compound
    }

    /// Whether the anchor hit opens its clause: only capitalised words (a title) or
    /// punctuation stand between the clause start and the hit.
    fn opens_clause(&self, hit: &Hit) -> bool {
        let clause = clause_start(self.text, self.start, hit.at);
        titles_only(&self.text[clause..hit.at])
    }

    /// Index of the first hit at or after `from` that names a party (the anchor, any
    /// topic's strong term, a third party).
    fn first_party_from(&self, from: usize, anchor: usize) -> Option<usize> {
        self.hits.iter().position(|h| {
            h.at >= from
                && match h.role {
                    Role::Anchor(a) => a == anchor && self.names_actor(h),
                    Role::Third(a) => a == anchor,
                    Role::Term { support, .. } => !support,
                    _ => false,
                }
        })
    }

    /// Index of a hit naming a party other than `topic` and the anchor.
    fn other_party(&self, topic: usize, anchor: usize) -> Option<usize> {
        self.hits
            .iter()
            .position(|h| is_other(h.role, topic, anchor))
    }

    /// Whether the sentence holds one of anchor `anchor`'s pairing words.
    fn pairs(&self, anchor: usize) -> bool {
        self.hits.iter().any(|h| h.role == Role::Pair(anchor))
    }

    /// Whether the sentence names a party other than `topic` and the anchor.
    pub fn names_other(&self, topic: usize, anchor: usize) -> bool {
        self.other_party(topic, anchor).is_some()
    }

    /// How a sentence that mentions `topic` stands towards `anchor`, given the subject of
    /// its paragraph and of its article, and whether the topic's last mention was tied.
    pub fn tie(&self, topic: usize, anchor: usize, subject: Subject, last_tied: bool) -> Tie {
        if let Some((_, hit)) = self.anchor_hit(anchor) {
            // "North Korea has shunned talks with South Korea and the US": the home side
            // and the party are both objects of someone else's sentence. A fronted phrase
            // ("Beyond US ties, Lee stressed …") leaves the anchor opening its clause.
            return match self.first_party_from(self.start, anchor) {
                Some(i)
                    if is_other(self.hits[i].role, topic, anchor) && !self.opens_clause(hit) =>
                {
                    Tie::OtherSubject(i)
                }
                _ => Tie::Names,
            };
        }
        if let Some(i) = self.other_party(topic, anchor) {
            return Tie::OthersOnly(i);
        }
        if subject.paragraph {
            Tie::ParagraphSubject
        } else if subject.headline {
            Tie::Headline
        } else if last_tied && self.pairs(anchor) {
            Tie::Paired
        } else {
            Tie::Untied
        }
    }

    /// The sentence's own text.
    pub fn own_text(&self) -> &str {
        self.text.get(self.start..self.end).unwrap_or("").trim()
    }

    /// Whether the sentence refers back to the one before: it opens with a pronoun or a
    /// demonstrative ("He urged …", "This move …"), or points back with "such a …".
    pub fn refers_back(&self) -> bool {
        let rest = self
            .own_text()
            .trim_start_matches(['"', '“', '‘', '\'', ' ']);
        let first = rest.split_whitespace().next().unwrap_or("");
        matches!(
            first,
            "He" | "She" | "It" | "They" | "This" | "These" | "That" | "Those" | "Such"
        ) || rest.match_indices(" such a").any(|(i, m)| {
            // "such a" and "such an", not "such as".
            let after = &rest[i + m.len()..];
            after.starts_with(' ') || after.starts_with("n ")
        })
    }

    /// The matched text of hit `i`.
    pub fn hit_text(&self, i: usize) -> &str {
        let h = &self.hits[i];
        &self.text[h.at..h.end]
    }
}

/// A party that is neither `topic` nor the anchor: a third party, or another topic's
/// strong term.
fn is_other(role: Role, topic: usize, anchor: usize) -> bool {
    match role {
        Role::Third(a) => a == anchor,
        Role::Term {
            topic: t, support, ..
        } => t != topic && !support,
        _ => false,
    }
}

/// Whether `text` holds only capitalised words and punctuation (or nothing).
fn titles_only(text: &str) -> bool {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .all(|w| w.starts_with(char::is_uppercase) || w.starts_with(char::is_numeric))
}

/// Where the clause holding byte `at` starts: after the last comma, semicolon, colon,
/// bracket or spaced dash between the sentence start and `at`.
fn clause_start(text: &str, start: usize, at: usize) -> usize {
    let span = &text[start..at];
    let mut cut = 0;
    for (i, c) in span.char_indices() {
        let boundary = matches!(c, ',' | ';' | ':' | '(' | ')')
            || (matches!(c, '—' | '–' | '-')
                && span[..i].ends_with(' ')
                && span[i + c.len_utf8()..].starts_with(' '));
        if boundary {
            cut = i + c.len_utf8();
        }
    }
    start + cut
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHINA: usize = 0;
    const NK: usize = 1;

    /// Hits found by hand: every `[X]` is topic 0, `{X}` topic 1, `<X>` the anchor.
    fn sentence(marked: &str) -> (String, Vec<Hit>) {
        let mut text = String::new();
        let mut hits = Vec::new();
        let mut open = None;
        for c in marked.chars() {
            match c {
                '[' | '{' | '<' => open = Some((c, text.len())),
                ']' | '}' | '>' => {
                    let (kind, at) = open.take().unwrap();
                    let role = match kind {
                        '[' => term(CHINA),
                        '{' => term(NK),
                        _ => Role::Anchor(0),
                    };
                    hits.push(Hit {
                        at,
                        end: text.len(),
                        role,
                    });
                }
                _ => text.push(c),
            }
        }
        (text, hits)
    }

    fn term(topic: usize) -> Role {
        Role::Term {
            topic,
            term: 0,
            weight: 2.0,
            support: false,
        }
    }

    /// `text` as one sentence with `hits`.
    fn whole<'a>(text: &'a str, hits: &'a [Hit]) -> Sentence<'a> {
        Sentence {
            text,
            start: 0,
            end: text.len(),
            hits,
        }
    }

    fn tie_of(marked: &str, paragraph: bool) -> Tie {
        let (text, hits) = sentence(marked);
        let s = whole(&text, &hits);
        let subject = Subject {
            paragraph,
            headline: false,
        };
        s.tie(CHINA, 0, subject, false)
    }

    #[test]
    fn a_sentence_naming_the_anchor_ties() {
        assert_eq!(tie_of("<Lee> met [Xi] in Gyeongju.", false), Tie::Names);
        assert_eq!(
            tie_of(
                "Beyond US ties, <Lee> stressed relations with [China].",
                false
            ),
            Tie::Names
        );
    }

    #[test]
    fn the_party_with_a_third_party_only_is_set_aside() {
        assert_eq!(
            tie_of("{Kim} arrived in [Beijing] for the parade.", true),
            Tie::OthersOnly(0)
        );
        assert_eq!(tie_of("[Xi] hosted a dinner.", false), Tie::Untied);
        assert_eq!(tie_of("[Xi] hosted a dinner.", true), Tie::ParagraphSubject);
    }

    #[test]
    fn datelines_places_and_other_subjects_do_not_tie() {
        assert_eq!(
            tie_of("<SEOUL> — [China] said on Monday.", false),
            Tie::Untied
        );
        assert_eq!(
            tie_of("[Xi] met Trump in Busan, <South Korea>.", false),
            Tie::Untied
        );
        assert_eq!(
            tie_of(
                "{North Korea} shuns talks with <South Korea> and [China].",
                false
            ),
            Tie::OtherSubject(0)
        );
        assert_eq!(
            tie_of(
                "Her words suggest that {North Korea}, busy elsewhere, sees no need for talks with <Seoul> and [China].",
                false
            ),
            Tie::OtherSubject(0)
        );
        assert_eq!(
            tie_of(
                "“Talks with {North Korea} are near,” <Lee> said, praising [Beijing].",
                false
            ),
            Tie::Names
        );
    }

    #[test]
    fn back_references_are_pronouns_and_such_a() {
        for (text, back) in [
            ("He urged calm.", true),
            ("“This is a step,” she said.", true),
            ("Lee offered to arrange such a meeting.", true),
            ("Lee offered such an idea.", true),
            ("Neighbours such as Japan agreed.", false),
            ("Hence the talks.", false),
        ] {
            let s = whole(text, &[]);
            assert_eq!(s.refers_back(), back, "{text}");
        }
    }

    #[test]
    fn a_paragraph_subject_is_the_first_party_of_the_first_clause() {
        let (text, hits) = sentence("<President Lee> urged [Beijing] to help.");
        let s = whole(&text, &hits);
        assert!(s.opens_with_anchor(0));
        for marked in [
            "Meeting {Kim}, [Xi] praised <Seoul>.",
            "The widening <Korea>-US rate gap weighs on the bank.",
        ] {
            let (text, hits) = sentence(marked);
            let s = whole(&text, &hits);
            assert!(!s.opens_with_anchor(0), "{marked}");
        }
    }
}

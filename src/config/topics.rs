//! The topic part of `site.toml`: topics, their terms, the anchor and the scoring knobs.

use serde::Deserialize;

/// One topic of the briefing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    /// URL-safe identifier, e.g. `us-ties`.
    pub slug: String,
    /// Display name, e.g. `US ties`.
    pub name: String,
    /// Short description shown on the topic page.
    #[serde(default)]
    pub description: String,
    /// Terms that signal the topic.
    pub terms: Vec<TermSpec>,
    /// Overrides `scoring.threshold` for this topic.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Whether the topic is a relationship of the site's anchor, or of an anchor of its
    /// own; absent means the site's `[anchor]` applies when there is one.
    #[serde(default)]
    pub anchor: Option<TopicAnchor>,
}

/// A topic's `anchor` key: `false` (no anchor), `true` (the site's) or its own table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TopicAnchor {
    /// `anchor = false` turns the site's anchor off; `true` asks for it explicitly.
    Site(bool),
    /// `anchor = { name = "Tokyo", terms = ["Japan", "Tokyo"] }`.
    Own(AnchorConfig),
}

/// The home side of a relationship: a sentence counts for an anchored topic only when it
/// ties one of the topic's terms to one of these.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnchorConfig {
    /// How explanations name the home side (defaults to the first term).
    #[serde(default)]
    pub name: String,
    /// Terms that name the home side: places, people, institutions.
    pub terms: Vec<TermSpec>,
    /// Longer phrases holding an anchor term that do not name the home side ("Korean War").
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Parties that are neither the home side nor a topic ("Russia"): with a topic term but
    /// no anchor, a sentence is about them.
    #[serde(default)]
    pub third_parties: Vec<String>,
    /// Words that pair the two sides without naming them ("the two leaders"): they tie a
    /// sentence when the topic's previous sentence was tied.
    #[serde(default)]
    pub pair_words: Vec<String>,
}

impl AnchorConfig {
    /// The name explanations use: `name`, else the first term.
    pub fn display_name(&self) -> String {
        if !self.name.trim().is_empty() {
            return self.name.clone();
        }
        self.terms
            .first()
            .map(|t| t.text().to_string())
            .unwrap_or_default()
    }
}

/// A topic term: a bare string (weight 1) or a table with weight, aliases and case rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TermSpec {
    /// `"Pyongyang"`.
    Plain(String),
    /// `{ term = "North Korea", weight = 2, aliases = ["DPRK"], exact_case = false }`.
    Detailed {
        /// The canonical term, reported in explanations.
        term: String,
        /// How much one mention counts.
        #[serde(default = "one")]
        weight: f64,
        /// Other spellings that count as the same term.
        #[serde(default)]
        aliases: Vec<String>,
        /// Match case exactly (defaults to true for all-capital acronyms like `US`).
        #[serde(default)]
        exact_case: Option<bool>,
        /// A supporting term ("alliance", "the peninsula"): adds weight, but an article
        /// needs at least one counted mention of a strong term to join.
        #[serde(default)]
        support: bool,
    },
}

impl TermSpec {
    /// The canonical text of the term.
    pub fn text(&self) -> &str {
        match self {
            TermSpec::Plain(s) => s,
            TermSpec::Detailed { term, .. } => term,
        }
    }

    /// Whether the term only supports (never makes a member alone).
    pub fn is_support(&self) -> bool {
        matches!(self, TermSpec::Detailed { support: true, .. })
    }
}

fn one() -> f64 {
    1.0
}

/// Tuning of topic membership, shared by all topics.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScoringConfig {
    /// Total term weight an article needs to join a topic.
    pub threshold: f64,
    /// Sentences of one paragraph that must mention a topic for it to be a focus paragraph.
    pub focus_sentences: usize,
    /// Without a focus paragraph, the share of all sentences that must mention the topic.
    pub min_share: f64,
    /// Without a focus paragraph, the fewest counted sentences that can make a member, so a
    /// short text does not pass the share rule on one or two mentions.
    pub min_sentences: usize,
}

impl Default for ScoringConfig {
    fn default() -> Self {
        ScoringConfig {
            threshold: 3.0,
            focus_sentences: 2,
            min_share: 0.3,
            min_sentences: 3,
        }
    }
}

/// Topic and anchor rules serde cannot check: (index of the topic at fault, or `None`
/// for the site's `[anchor]`; message).
pub(super) fn validate_topics(
    topics: &[TopicConfig],
    site_anchor: Option<&AnchorConfig>,
) -> std::result::Result<(), (Option<usize>, String)> {
    let empty_anchor = |a: &AnchorConfig| a.terms.iter().all(|t| t.text().trim().is_empty());
    if let Some(a) = site_anchor
        && empty_anchor(a)
    {
        return Err((None, "[anchor] needs at least one term".into()));
    }
    for (i, topic) in topics.iter().enumerate() {
        if !topic.terms.is_empty() && topic.terms.iter().all(TermSpec::is_support) {
            return Err((
                Some(i),
                format!(
                    "topic {:?} has only supporting terms; it needs at least one strong term",
                    topic.slug
                ),
            ));
        }
        match &topic.anchor {
            Some(TopicAnchor::Site(true)) if site_anchor.is_none() => {
                return Err((
                    Some(i),
                    format!(
                        "topic {:?} asks for the site's anchor, but site.toml has no [anchor]",
                        topic.slug
                    ),
                ));
            }
            Some(TopicAnchor::Own(own)) if empty_anchor(own) => {
                return Err((
                    Some(i),
                    format!(
                        "the anchor of topic {:?} needs at least one term",
                        topic.slug
                    ),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::SiteConfig;
    use super::*;
    use std::path::Path;

    #[test]
    fn anchors_resolve_per_topic_and_bad_ones_are_refused() {
        let text = "title = \"x\"\n[anchor]\nterms = [\"Seoul\"]\n\
            [[topics]]\nslug = \"a\"\nname = \"A\"\nterms = [\"x\"]\n\
            [[topics]]\nslug = \"b\"\nname = \"B\"\nterms = [\"y\"]\nanchor = false\n\
            [[topics]]\nslug = \"c\"\nname = \"C\"\nterms = [\"z\"]\nanchor = { name = \"Tokyo\", terms = [\"Japan\"] }\n";
        let c = SiteConfig::parse(text, Path::new("site.toml")).unwrap();
        let names: Vec<Option<String>> = c
            .topics
            .iter()
            .map(|t| c.anchor_of(t).map(AnchorConfig::display_name))
            .collect();
        assert_eq!(names, [Some("Seoul".into()), None, Some("Tokyo".into())]);

        let no_site = "title = \"x\"\n[[topics]]\nslug = \"a\"\nname = \"A\"\nterms = [\"x\"]\nanchor = true\n";
        let err = SiteConfig::parse(no_site, Path::new("site.toml")).unwrap_err();
        assert!(err.to_string().contains("no [anchor]"), "{err}");
        let weak = "title = \"x\"\n[[topics]]\nslug = \"a\"\nname = \"A\"\nterms = [{ term = \"alliance\", support = true }]\n";
        let err = SiteConfig::parse(weak, Path::new("site.toml")).unwrap_err();
        assert!(err.to_string().contains("only supporting terms"), "{err}");
    }
}

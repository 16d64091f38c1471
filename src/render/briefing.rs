//! The briefing layer as templates see it: stories across outlets, key points with their
//! citations, the lead story, the dated edition and each topic's timeline. Every field
//! is documented in docs/templates.md.

use serde::Serialize;

use super::context::{ArticleSummary, TopicLink, Views};
use crate::article::{Article, plain_text};
use crate::clean::BlockKind;
use crate::site::layer::{Point, StoryEntry};

/// Other stories of the same topic listed under an article.
const MORE_IN_TOPIC: usize = 5;
/// Sentences of the standfirst under the lead story's headline.
const STANDFIRST_SENTENCES: usize = 2;

/// Another outlet's report of the same story.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Outlet {
    /// The outlet's name ("source not recorded" when unknown).
    pub name: String,
    /// The report's page on this site.
    pub url: String,
    /// Its title (outlets word the same event differently).
    pub title: String,
    /// The original report, when its address is known.
    pub original_url: Option<String>,
}

/// A story as listed: its headline article, and the other outlets that reported it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct StoryView {
    /// Stable id of the story.
    pub id: String,
    /// The article the story is listed under.
    pub article: ArticleSummary,
    /// The story's other reports, one per member.
    pub also_reported_by: Vec<Outlet>,
}

/// A key point: a sentence of an article, with where it is from.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct KeyPointView {
    /// The sentence, verbatim.
    pub text: String,
    /// The article it is from.
    pub article: ArticleSummary,
    /// Link to the exact paragraph (`…/articles/<slug>/#p3`).
    pub anchor: String,
    /// Why it was chosen (shown in `title=` or a detail, never needed).
    pub why: String,
}

/// One day of a topic's timeline.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Day {
    /// The day, `YYYY-MM-DD` (format it with the `date` filter).
    pub date: String,
    /// The stories of that day.
    pub stories: Vec<StoryView>,
}

/// The lead story of the home page.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Lead {
    /// The story.
    pub story: StoryView,
    /// Its first sentences, under the headline.
    pub standfirst: String,
}

/// Why an article is in one of its topics, in one plain sentence.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Why {
    /// The topic.
    pub topic: TopicLink,
    /// The sentence of the article that counted most for the topic.
    pub sentence: String,
    /// The matched terms, for a `data-` attribute or a collapsed detail.
    pub terms: Vec<String>,
    /// True when front matter placed the article in the topic.
    pub assigned: bool,
}

/// The articles an article page shows besides itself, by index.
#[derive(Debug, Clone, Default)]
pub struct AroundRefs {
    /// The story's other reports.
    pub others: Vec<usize>,
    /// See [`Around::more_in_topic`].
    pub more_in_topic: Vec<usize>,
    /// See [`Around::previous`].
    pub previous: Option<usize>,
    /// See [`Around::next`].
    pub next: Option<usize>,
}

/// What the article page shows besides the article itself.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Around {
    /// The story's other reports.
    pub also_reported_by: Vec<Outlet>,
    /// Other stories of the article's first topic near it: those listed after it, then before.
    pub more_in_topic: Vec<ArticleSummary>,
    /// The next newer story's article in the site, if any.
    pub previous: Option<ArticleSummary>,
    /// The next older story's article, if any.
    pub next: Option<ArticleSummary>,
    /// One sentence per topic saying why the article is there.
    pub why: Vec<Why>,
}

/// An article's standfirst: the first sentences of its opening paragraph (its summary
/// when it has no paragraph).
pub fn standfirst(a: &Article) -> String {
    // Only the first paragraph is needed: every article page asks for it.
    let opening = a
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .map_or_else(|| a.summary.clone(), |b| plain_text(&b.text, a.markup));
    crate::text::sentences::split_sentences(&opening)
        .into_iter()
        .take(STANDFIRST_SENTENCES)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first sentence of a passage.
pub fn first_sentence(passage: &str) -> String {
    crate::text::sentences::split_sentences(passage)
        .first()
        .map_or_else(|| passage.to_string(), |s| s.to_string())
}

impl Views<'_> {
    fn outlet(&self, a: &Article) -> Outlet {
        Outlet {
            name: a
                .meta
                .source
                .clone()
                .unwrap_or_else(|| "source not recorded".into()),
            url: self.url(&format!("articles/{}/", a.slug)),
            title: a.title.clone(),
            original_url: a
                .meta
                .url
                .clone()
                .filter(|u| crate::text::url::is_web_url(u)),
        }
    }

    /// The story's reports other than article `shown`.
    pub fn others(&self, s: &StoryEntry, shown: usize) -> Vec<Outlet> {
        s.members
            .iter()
            .filter(|&&m| m != shown)
            .map(|&m| self.outlet(&self.site.articles[m]))
            .collect()
    }

    /// A story as listed, under its headline article.
    pub fn story(&self, s: &StoryEntry) -> StoryView {
        self.story_under(s, s.headline)
    }

    /// A story as listed under article `shown`.
    fn story_under(&self, s: &StoryEntry, shown: usize) -> StoryView {
        StoryView {
            id: s.id.clone(),
            article: self.summary(&self.site.articles[shown]),
            also_reported_by: self.others(s, shown),
        }
    }

    /// The newest `limit` stories (0: all), each once, newest first (a story is as new
    /// as its headline article).
    pub fn stories(&self, limit: usize) -> Vec<StoryView> {
        let mut order: Vec<&StoryEntry> = self.site.layer.stories.iter().collect();
        let limit = if limit == 0 { order.len() } else { limit };
        if order.len() > limit {
            order.select_nth_unstable_by_key(limit - 1, |s| s.headline);
            order.truncate(limit);
        }
        order.sort_by_key(|s| s.headline);
        order.into_iter().map(|s| self.story(s)).collect()
    }

    /// Stories with a member in `topic`, listed under their best member in the topic,
    /// in display order.
    pub fn topic_stories(&self, topic: &str) -> Vec<(usize, &StoryEntry)> {
        let stories = &self.site.layer.stories;
        self.lists
            .of(topic)
            .iter()
            .filter_map(|l| Some((l.shown, stories.get(l.story)?)))
            .collect()
    }

    /// Key points with their citations.
    pub fn key_points(&self, points: &[Point]) -> Vec<KeyPointView> {
        let articles = &self.site.articles;
        points
            .iter()
            .filter_map(|p| {
                let a = articles.get(p.article)?;
                Some(KeyPointView {
                    text: p.text.clone(),
                    article: self.summary(a),
                    anchor: self.url(&format!("articles/{}/#p{}", a.slug, p.block)),
                    why: p.why.clone(),
                })
            })
            .collect()
    }

    /// The lead story: the newest story, with its standfirst.
    pub fn lead(&self) -> Option<Lead> {
        let site = self.site;
        let first = site.layer.stories.iter().min_by_key(|s| s.headline)?;
        Some(Lead {
            story: self.story(first),
            standfirst: standfirst(&site.articles[first.headline]),
        })
    }

    /// The edition's date: the newest article's day (`YYYY-MM-DD`), or site.toml's
    /// `updated` when no article carries a date.
    pub fn edition_date(&self) -> Option<String> {
        let newest = self.site.articles.iter().filter_map(|a| a.published).max();
        Some(newest.or(self.site.config.updated)?.day().to_string())
    }

    /// A topic's newest `limit` stories (0: all) by day, newest day first; undated
    /// stories last, on no day.
    pub fn timeline(&self, topic: &str, limit: usize) -> Vec<Day> {
        let mut days: Vec<Day> = Vec::new();
        let limit = if limit == 0 { usize::MAX } else { limit };
        for (shown, story) in self.topic_stories(topic).into_iter().take(limit) {
            let a = &self.site.articles[shown];
            let date = a.published.map(|p| p.day().to_string()).unwrap_or_default();
            let view = self.story_under(story, shown);
            match days.last_mut() {
                Some(d) if d.date == date => d.stories.push(view),
                _ => days.push(Day {
                    date,
                    stories: vec![view],
                }),
            }
        }
        days
    }

    /// Which articles article `i`'s page shows around it (indices into the site's
    /// articles): cheap to find, and all a page's cache key needs besides versions.
    pub fn around_refs(&self, i: usize) -> AroundRefs {
        let site = self.site;
        let a = &site.articles[i];
        let story = site.layer.story(i);
        let others = story
            .map(|s| s.members.iter().copied().filter(|&m| m != i).collect())
            .unwrap_or_default();
        let more_in_topic = match (a.topics.first(), site.layer.story_of.get(i)) {
            (Some(t), Some(&own)) => self
                .lists
                .near(t, own, MORE_IN_TOPIC)
                .into_iter()
                .map(|l| l.shown)
                .collect(),
            _ => Vec::new(),
        };
        // Neighbours in display order, skipping other reports of the same story.
        let other_story = |j: &usize| site.layer.story(*j).map(|s| &s.id) != story.map(|s| &s.id);
        AroundRefs {
            others,
            more_in_topic,
            previous: (0..i).rev().find(other_story),
            next: (i + 1..site.articles.len()).find(other_story),
        }
    }

    /// What article `i`'s page shows, as `refs` names it, identified by content: the
    /// slug, version and story of the article and of each article shown, in order.
    /// Two renders with equal identities show the same things (versions are 0 for
    /// untracked articles: compare only when all are tracked).
    pub fn around_identity(&self, i: usize, refs: &AroundRefs) -> Vec<(&str, u64, &str)> {
        let site = self.site;
        let id = |j: usize| {
            let a = &site.articles[j];
            let story = site.layer.story(j).map_or("", |s| s.id.as_str());
            (a.slug.as_str(), a.version, story)
        };
        // A separator between the lists, so that moving an article across them counts.
        let gap = ("", 0, "");
        std::iter::once(id(i))
            .chain(refs.others.iter().map(|&j| id(j)))
            .chain(std::iter::once(gap))
            .chain(refs.more_in_topic.iter().map(|&j| id(j)))
            .chain(std::iter::once(gap))
            .chain(refs.previous.map(id))
            .chain(std::iter::once(gap))
            .chain(refs.next.map(id))
            .collect()
    }

    /// What article `i`'s page shows around the article.
    pub fn around(&self, i: usize, refs: &AroundRefs) -> Around {
        let site = self.site;
        let a = &site.articles[i];
        let why = a
            .topics
            .iter()
            .filter_map(|slug| {
                let t = site.config.topic(slug)?;
                let reason = a.reason(slug);
                Some(Why {
                    topic: self.topic_link(t),
                    sentence: first_sentence(&reason.passage),
                    terms: reason.terms,
                    assigned: reason.assigned,
                })
            })
            .collect();
        let summary = |j: usize| self.summary(&site.articles[j]);
        Around {
            also_reported_by: refs
                .others
                .iter()
                .map(|&m| self.outlet(&site.articles[m]))
                .collect(),
            more_in_topic: refs.more_in_topic.iter().map(|&j| summary(j)).collect(),
            previous: refs.previous.map(summary),
            next: refs.next.map(summary),
            why,
        }
    }
}

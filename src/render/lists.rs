//! Each topic's stories in display order, computed once per render.
//!
//! Every article page asks for the stories around it in its first topic; asking the
//! whole site each time made a render quadratic in the number of articles.

use std::collections::HashMap;

use crate::site::Site;
use crate::terms::FastMap;

/// One story as a topic lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    /// The article it is listed under: the story's headline when that is in the topic,
    /// else its first member in the topic.
    pub shown: usize,
    /// Its index in `site.layer.stories`.
    pub story: usize,
}

/// Every topic's stories, and where each story stands in each list.
#[derive(Debug, Default)]
pub struct TopicLists {
    /// Topic slug → its number below (topics an article names, configured or not).
    numbers: HashMap<String, usize>,
    /// Each topic's list, by number.
    lists: Vec<Vec<Listed>>,
    /// (topic number, story) → position in that topic's list. Numbers, not slugs: this
    /// is filled once per article and topic and read by every article page.
    at: FastMap<(usize, usize), usize>,
}

impl TopicLists {
    /// Lists the stories of every topic of `site`, each once, in display order.
    pub fn new(site: &Site) -> Self {
        let mut out = TopicLists::default();
        out.at.reserve(site.articles.len());
        for (i, a) in site.articles.iter().enumerate() {
            let Some(&story) = site.layer.story_of.get(i) else {
                continue;
            };
            let Some(entry) = site.layer.stories.get(story) else {
                continue;
            };
            for topic in &a.topics {
                let number = out.number(topic);
                let key = (number, story);
                if out.at.contains_key(&key) {
                    continue;
                }
                let headline_here = site
                    .articles
                    .get(entry.headline)
                    .is_some_and(|h| h.topics.contains(topic));
                let shown = if headline_here { entry.headline } else { i };
                let list = &mut out.lists[number];
                out.at.insert(key, list.len());
                list.push(Listed { shown, story });
            }
        }
        out
    }

    /// The number of `topic`, given on first sight.
    fn number(&mut self, topic: &str) -> usize {
        if let Some(&n) = self.numbers.get(topic) {
            return n;
        }
        let n = self.lists.len();
        self.numbers.insert(topic.to_string(), n);
        self.lists.push(Vec::new());
        n
    }

    /// The stories of `topic`, in display order.
    pub fn of(&self, topic: &str) -> &[Listed] {
        self.numbers
            .get(topic)
            .map_or(&[], |&n| self.lists[n].as_slice())
    }

    /// Up to `n` other stories of `topic` near `story`: those listed after it (older),
    /// then those before it, nearest first. A page's neighbours change only when the
    /// stories near it do, so one edit re-renders few pages.
    pub fn near(&self, topic: &str, story: usize, n: usize) -> Vec<Listed> {
        let list = self.of(topic);
        let number = self.numbers.get(topic);
        let Some(&pos) = number.and_then(|&t| self.at.get(&(t, story))) else {
            return list.iter().take(n).copied().collect();
        };
        let after = list[pos + 1..].iter();
        let before = list[..pos].iter().rev();
        after.chain(before).take(n).copied().collect()
    }
}

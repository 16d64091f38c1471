//! The key points pass: each topic's points, read from its newest members' lead
//! paragraphs and kept while those leads, dates and stories stay the same.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{HOME_POINTS, Point, PointsByTopic};
use crate::article::Article;
use crate::clean::BlockKind;
use crate::fingerprint::fingerprint;
use crate::keypoints::{self, KeyPoint, KeyPointArticle, LeadSentence};
use crate::site::Site;

/// A topic's key points and what they were chosen from.
pub(super) struct TopicPoints {
    /// Fingerprint of the members read: index, version and story of each.
    read: u64,
    points: Vec<KeyPoint>,
}

/// An article's lead as key points read it, at one version of the article.
#[derive(Default)]
pub(super) struct Lead {
    version: u64,
    /// Each lead paragraph's block number (for citing).
    blocks: Vec<usize>,
    /// Each lead paragraph's plain text.
    texts: Vec<String>,
    /// The candidate sentences of those paragraphs.
    sentences: Vec<LeadSentence>,
}

/// What key points read of an article: its first [`keypoints::PARAGRAPHS`] paragraphs
/// (their source text, which their plain text is made from, so nothing is parsed here).
fn lead_key(article: &Article) -> u64 {
    let lead: Vec<&str> = article
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .take(keypoints::PARAGRAPHS)
        .map(|b| b.text.as_str())
        .collect();
    fingerprint(&(lead, article.markup))
}

/// Each topic's key points, from its member articles' paragraphs, and the home page's
/// share of them; both by topic slug.
pub(super) fn of_topics(
    site: &Site,
    story_of: &[usize],
    cache: &mut HashMap<String, TopicPoints>,
    leads: &mut Vec<Lead>,
) -> (PointsByTopic, PointsByTopic) {
    let date = |i: usize| site.articles[i].published.map(|p| p.day());
    let story = |i: usize| story_of.get(i).copied().unwrap_or(i);
    // Key points read the newest members' lead paragraphs only: only their paragraphs
    // are made, and a topic whose newest members kept their lead, date and story keeps
    // its points (an edit further down an article leaves them be).
    let read: Vec<(Vec<usize>, u64)> = site
        .config
        .topics
        .iter()
        .map(|topic| {
            let members: Vec<usize> = (0..site.articles.len())
                .filter(|&i| site.articles[i].topics.contains(&topic.slug))
                .collect();
            let read = keypoints::newest(&members, date);
            let tracked = read.iter().all(|&i| site.articles[i].version != 0);
            let seen: Vec<(usize, u64, Option<jiff::civil::Date>, usize)> = read
                .iter()
                .map(|&i| (i, lead_key(&site.articles[i]), date(i), story(i)))
                .collect();
            let key = if tracked { fingerprint(&seen) } else { 0 };
            (read, key)
        })
        .collect();
    let kept: Vec<Option<Vec<KeyPoint>>> = site
        .config
        .topics
        .iter()
        .zip(&read)
        .map(|(topic, (_, key))| {
            cache
                .remove(&topic.slug)
                .filter(|c| *key != 0 && c.read == *key)
                .map(|c| c.points)
        })
        .collect();
    let mut wanted = vec![false; site.articles.len()];
    for ((members, _), kept) in read.iter().zip(&kept) {
        if kept.is_none() {
            members.iter().for_each(|&i| wanted[i] = true);
        }
    }
    // Every cited article's paragraphs too: a point names its block, not its paragraph.
    for points in kept.iter().flatten() {
        points.iter().for_each(|p| wanted[p.article] = true);
    }
    // Each lead paragraph's block number (for citing) and text, and its candidate
    // sentences (for ranking): once per article version, however many topics read it.
    let mut previous = std::mem::take(leads);
    previous.resize_with(site.articles.len(), Lead::default);
    let made: Vec<Lead> = previous
        .into_par_iter()
        .zip(&site.articles)
        .zip(&wanted)
        .map(|((old, a), &w)| {
            if a.version != 0 && old.version == a.version {
                return old;
            }
            if !w {
                return Lead::default();
            }
            let (blocks, texts): (Vec<usize>, Vec<String>) =
                a.paragraphs(keypoints::PARAGRAPHS).into_iter().unzip();
            let sentences = keypoints::lead_sentences(&texts);
            Lead {
                version: a.version,
                blocks,
                texts,
                sentences,
            }
        })
        .collect();
    let inputs: Vec<KeyPointArticle> = made
        .iter()
        .zip(&site.articles)
        .enumerate()
        .map(|(i, (lead, a))| KeyPointArticle {
            paragraphs: &lead.texts,
            sentences: &lead.sentences,
            date: a.published.map(|p| p.day()),
            story: story(i),
        })
        .collect();
    let per_topic: Vec<Vec<KeyPoint>> = read
        .par_iter()
        .zip(kept)
        .map(|((members, _), kept)| kept.unwrap_or_else(|| keypoints::key_points(&inputs, members)))
        .collect();
    for ((topic, (_, key)), points) in site.config.topics.iter().zip(&read).zip(&per_topic) {
        if *key != 0 {
            let entry = TopicPoints {
                read: *key,
                points: points.clone(),
            };
            cache.insert(topic.slug.clone(), entry);
        }
    }
    let home = keypoints::home_points(&per_topic, HOME_POINTS);
    // The pass quotes paragraphs; pages cite blocks (headings and list items count too).
    let cite = |lists: Vec<Vec<KeyPoint>>| -> PointsByTopic {
        site.config
            .topics
            .iter()
            .zip(lists)
            .map(|(t, list)| {
                let points = list
                    .into_iter()
                    .map(|p| Point {
                        block: made[p.article].blocks[p.paragraph],
                        text: p.text,
                        article: p.article,
                        why: p.why,
                    })
                    .collect();
                (t.slug.clone(), points)
            })
            .collect()
    };
    let points = (cite(per_topic), cite(home));
    drop(inputs);
    *leads = made;
    points
}

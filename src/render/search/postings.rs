//! Which articles hold each term, grouped in shards by the term's first two characters,
//! with each shard's file text kept until one of its terms changes.

use rayon::prelude::*;

use super::terms::{ArticleTerms, shard_of};
use crate::text::packed::{WordMap, pack};

/// Every term seen, its articles, and the shards' texts.
#[derive(Debug, Default)]
pub struct Postings {
    /// Ids of terms of up to 16 bytes, by their packed bytes.
    short_ids: WordMap<u128, u32>,
    /// Ids of longer terms.
    ids: WordMap<String, u32>,
    terms: Vec<Term>,
    shard_ids: WordMap<String, u32>,
    shards: Vec<Shard>,
}

#[derive(Debug)]
struct Term {
    text: String,
    shard: u32,
    /// `article << 2 | weight class`, by article.
    docs: Vec<u32>,
}

#[derive(Debug)]
struct Shard {
    /// Hex name (see [`shard_of`]).
    name: String,
    /// Its terms (some may have no article left).
    terms: Vec<u32>,
    /// The file's JSON; empty when no term of the shard is in any article.
    text: String,
    dirty: bool,
}

impl Postings {
    /// The ids of `words`, sorted by id (new terms are added).
    pub fn intern(&mut self, words: &ArticleTerms) -> Vec<(u32, u8)> {
        let mut ids: Vec<(u32, u8)> = words
            .iter()
            .map(|(word, class)| (self.id(word), class))
            .collect();
        ids.sort_unstable();
        ids
    }

    fn id(&mut self, word: &str) -> u32 {
        // Short terms (nearly all) are looked up by their packed bytes: no string hashing.
        let packed = pack(word);
        let found = match packed {
            Some(key) => self.short_ids.get(&key),
            None => self.ids.get(word),
        };
        if let Some(&id) = found {
            return id;
        }
        let name = shard_of(word);
        let shard = match self.shard_ids.get(&name) {
            Some(&s) => s,
            None => {
                let s = self.shards.len() as u32;
                self.shard_ids.insert(name.clone(), s);
                self.shards.push(Shard {
                    name,
                    terms: Vec::new(),
                    text: String::new(),
                    dirty: true,
                });
                s
            }
        };
        let id = self.terms.len() as u32;
        self.shards[shard as usize].terms.push(id);
        match packed {
            Some(key) => self.short_ids.insert(key, id),
            None => self.ids.insert(word.to_string(), id),
        };
        self.terms.push(Term {
            text: word.to_string(),
            shard,
            docs: Vec::new(),
        });
        id
    }

    /// Article `doc` now holds `new` instead of `old` (both sorted by term id): the
    /// terms in only one of them, or with another weight, change, and so their shards.
    pub fn replace(&mut self, doc: u32, old: &[(u32, u8)], new: &[(u32, u8)]) {
        let (mut o, mut n) = (old.iter().peekable(), new.iter().peekable());
        loop {
            let (term, class) = match (o.peek(), n.peek()) {
                (None, None) => break,
                (Some(&&(a, _)), Some(&&(b, c))) if a == b => {
                    o.next();
                    n.next();
                    (b, Some(c))
                }
                (Some(&&(a, _)), Some(&&(b, _))) if a < b => {
                    o.next();
                    (a, None)
                }
                (Some(&&(a, _)), None) => {
                    o.next();
                    (a, None)
                }
                (_, Some(&&(b, c))) => {
                    n.next();
                    (b, Some(c))
                }
            };
            let t = &mut self.terms[term as usize];
            let at = t.docs.binary_search_by_key(&doc, |p| p >> 2);
            let changed = match (at, class) {
                (Ok(i), Some(c)) if t.docs[i] & 3 == u32::from(c) => false,
                (Ok(i), Some(c)) => {
                    t.docs[i] = (doc << 2) | u32::from(c);
                    true
                }
                (Ok(i), None) => {
                    t.docs.remove(i);
                    true
                }
                (Err(i), Some(c)) => {
                    t.docs.insert(i, (doc << 2) | u32::from(c));
                    true
                }
                (Err(_), None) => false,
            };
            if changed {
                self.shards[t.shard as usize].dirty = true;
            }
        }
    }

    /// Every term's articles again, from each article's terms in order (ids are
    /// positions): every shard is written again.
    pub fn rebuild<'a>(&mut self, docs: impl Iterator<Item = &'a [(u32, u8)]>) {
        self.terms.iter_mut().for_each(|t| t.docs.clear());
        for (doc, terms) in docs.enumerate() {
            for &(term, class) in terms {
                self.terms[term as usize]
                    .docs
                    .push(((doc as u32) << 2) | u32::from(class));
            }
        }
        self.shards.iter_mut().for_each(|s| s.dirty = true);
    }

    /// Writes the text of every shard that changed.
    pub fn write_changed(&mut self) {
        let terms = &self.terms;
        self.shards
            .par_iter_mut()
            .filter(|s| s.dirty)
            .for_each(|s| {
                s.text = shard_text(terms, &s.terms);
                s.dirty = false;
            });
    }

    /// Names of the shards holding any term, sorted.
    pub fn shard_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .shards
            .iter()
            .filter(|s| !s.text.is_empty())
            .map(|s| s.name.as_str())
            .collect();
        names.sort_unstable();
        names
    }

    /// Each shard's name and file text, for the shards holding any term.
    pub fn shard_texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.shards
            .iter()
            .filter(|s| !s.text.is_empty())
            .map(|s| (s.name.as_str(), s.text.as_str()))
    }
}

/// One shard's JSON: `{"term":[…],…}`, terms sorted, each with its articles as
/// `gap << 2 | weight class`, the gap from the previous article (from 0 for the first).
fn shard_text(terms: &[Term], ids: &[u32]) -> String {
    use std::fmt::Write;
    let mut sorted: Vec<&Term> = ids
        .iter()
        .map(|&id| &terms[id as usize])
        .filter(|t| !t.docs.is_empty())
        .collect();
    if sorted.is_empty() {
        return String::new();
    }
    sorted.sort_unstable_by(|a, b| a.text.cmp(&b.text));
    let mut out = String::from("{");
    for (i, t) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Terms are letters and digits only (see `each_term`), but JSON is written as JSON.
        out.push_str(&serde_json::to_string(&t.text).unwrap_or_default());
        out.push_str(":[");
        let mut previous = 0;
        for (j, &p) in t.docs.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let doc = p >> 2;
            let _ = write!(out, "{}", ((doc - previous) << 2) | (p & 3));
            previous = doc;
        }
        out.push(']');
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[(&str, u8)]) -> ArticleTerms {
        let mut out = ArticleTerms::default();
        for &(w, c) in list {
            out.text.push_str(w);
            out.ends.push((out.text.len() as u32, c));
        }
        out
    }

    fn texts(p: &Postings) -> Vec<(String, String)> {
        let mut all: Vec<_> = p
            .shard_texts()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        all.sort();
        all
    }

    #[test]
    fn an_edit_in_place_equals_a_rebuild() {
        let docs = [
            words(&[("seoul", 3), ("summit", 0)]),
            words(&[("sanctions", 2), ("seoul", 1)]),
            words(&[("tariffs", 0)]),
        ];
        let mut edited = Postings::default();
        let mut ids: Vec<Vec<(u32, u8)>> = docs.iter().map(|d| edited.intern(d)).collect();
        edited.rebuild(ids.iter().map(Vec::as_slice));
        edited.write_changed();
        assert_eq!(
            texts(&edited),
            [
                ("7361", r#"{"sanctions":[6]}"#),
                ("7365", r#"{"seoul":[3,5]}"#),
                ("7375", r#"{"summit":[0]}"#),
                ("7461", r#"{"tariffs":[8]}"#),
            ]
            .map(|(n, t)| (n.to_string(), t.to_string()))
        );
        // Article 1 loses "sanctions", gains "summit" and "seoul" in its title.
        let new = edited.intern(&words(&[("seoul", 3), ("summit", 1)]));
        edited.replace(1, &ids[1], &new);
        ids[1] = new;
        edited.write_changed();

        let mut fresh = Postings::default();
        let again: Vec<Vec<(u32, u8)>> = [
            words(&[("seoul", 3), ("summit", 0)]),
            words(&[("seoul", 3), ("summit", 1)]),
            words(&[("tariffs", 0)]),
        ]
        .into_iter()
        .map(|d| fresh.intern(&d))
        .collect();
        fresh.rebuild(again.iter().map(Vec::as_slice));
        fresh.write_changed();
        assert_eq!(texts(&edited), texts(&fresh));
        assert_eq!(edited.shard_names(), ["7365", "7375", "7461"]);
    }
}

//! The language of a document, for its function words: the built-in lists
//! ([`super::stopwords`]) cover English, German, French, Spanish and Swedish; a document
//! that reads as none of them is identified (whatlang) and measured again with its own
//! language's function words (the `stop-words` crate's NLTK or ISO list, 58 languages).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use super::stopwords::pack_lower;
use crate::text::packed::WordSet;

/// Text sampled to identify the language: enough for trigrams to agree, cheap to scan.
const SAMPLE_BYTES: usize = 4096;

/// Function words of one document's language beyond the built-in lists.
#[derive(Debug, Clone, Copy, Default)]
pub struct Language {
    /// The language's own function words, when it has a list.
    pub extra: Option<&'static WordSet>,
    /// The language is known to have no list (or none was identified): the length and
    /// punctuation of a line must stand in for its function words.
    pub unlisted: bool,
}

impl Language {
    /// True for a function word of the document's own language.
    pub fn has(&self, word: &str) -> bool {
        self.extra.is_some_and(|set| {
            let w = word.trim_matches(|c: char| !c.is_alphanumeric());
            pack_lower(w).is_some_and(|k| set.contains(&k))
        })
    }
}

/// ISO 639-3 (whatlang) to ISO 639-1 (stop-words), for the languages both know.
const CODES: &[(&str, &str)] = &[
    ("afr", "af"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jpn", "ja"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mar", "mr"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "no"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("spa", "es"),
    ("swe", "sv"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("vie", "vi"),
    ("zul", "zu"),
];

/// The languages the built-in lists already cover.
const BUILT_IN: &[&str] = &["en", "de", "fr", "es", "sv"];

/// Lists built so far, one per language, kept for the life of the process.
static LISTS: LazyLock<Mutex<HashMap<&'static str, &'static WordSet>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The function words of a language by its ISO 639-1 code, built on first use.
fn list(code: &'static str) -> Option<&'static WordSet> {
    let mut lists = LISTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(set) = lists.get(code) {
        return Some(set);
    }
    // NLTK's lists are function words, as jusText's are; ISO's also hold common content
    // words. The crate answers a code with NLTK's list where there is one, ISO's else.
    let words = stop_words::lookup(code)?;
    let set: WordSet = words.iter().filter_map(|w| pack_lower(w)).collect();
    let set: &'static WordSet = Box::leak(Box::new(set));
    lists.insert(code, set);
    Some(set)
}

/// Identifies the language of `lines` (longest first gives the best sample) and returns
/// its function words when the built-in lists do not cover it.
pub fn identify<'a>(lines: impl Iterator<Item = &'a str>) -> Language {
    let mut sample = String::with_capacity(SAMPLE_BYTES + 256);
    for line in lines {
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
        sample.push_str(line);
        sample.push('\n');
    }
    let Some(info) = whatlang::detect(&sample) else {
        return Language {
            extra: None,
            unlisted: true,
        };
    };
    let code = CODES
        .iter()
        .find(|(three, _)| *three == info.lang().code())
        .map(|(_, two)| *two);
    match code {
        Some(two) if BUILT_IN.contains(&two) => Language::default(),
        Some(two) => {
            let extra = list(two);
            Language {
                extra,
                unlisted: extra.is_none(),
            }
        }
        None => Language {
            extra: None,
            unlisted: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_and_indonesian_get_their_function_words() {
        let ru = identify(std::iter::once(
            "Президент заявил во вторник, что переговоры будут продолжены в следующем месяце, и что он не видит для этого препятствий.",
        ));
        assert!(
            ru.has("что") && ru.has("Он,") && !ru.has("переговоры"),
            "{ru:?}"
        );
        let id = identify(std::iter::once(
            "Presiden mengatakan pada hari Selasa bahwa perundingan akan dilanjutkan bulan depan dan bahwa dia tidak melihat hambatan.",
        ));
        assert!(id.has("bahwa") && id.has("dan"), "{id:?}");
        let en = identify(std::iter::once(
            "The president said on Tuesday that the talks would resume next month.",
        ));
        assert!(en.extra.is_none() && !en.unlisted);
    }

    #[test]
    fn a_language_with_an_nltk_list_gets_it_not_the_longer_iso_one() {
        // NLTK's Russian list has 151 function words; ISO's has over 500, content words
        // such as "сказал" among them.
        let ru = list("ru").expect("a Russian list");
        assert!(ru.len() < 200, "{}", ru.len());
        assert!(ru.contains(&pack_lower("что").unwrap()));
    }
}

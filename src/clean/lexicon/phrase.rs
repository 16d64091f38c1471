//! The phrase a pattern matched, once the set automaton has said that it matched.
//!
//! A pattern's own engine is built on its first match. A small site matches each pattern
//! a few times, so the engine that is cheapest to build wins there: a PikeVM (one NFA).
//! A large site matches the same boilerplate thousands of times, so after
//! [`PIKE_FINDS`] finds a pattern also gets a lazy-DFA regex, whose search is much faster
//! and whose build reuses the PikeVM's forward NFA. A text longer than [`PIKE_BYTES`]
//! gets it at once: the PikeVM's time is not linear in the text alone.

use std::cell::RefCell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use regex_automata::nfa::thompson::{self, NFA, pikevm::PikeVM};
use regex_automata::{Match, MatchKind, hybrid};
use regex_syntax::hir::Hir;

/// Finds made with the PikeVM before the lazy-DFA regex is built.
const PIKE_FINDS: u32 = 16;
/// Longest text given to the PikeVM, whose time grows with the text times the states it
/// tracks: a block of a hundred words, or one very long "word", goes to the lazy DFA.
const PIKE_BYTES: usize = 2048;

/// One pattern's engines, built when first needed.
#[derive(Default)]
pub(super) struct PhraseRegex {
    pike: OnceLock<PikeVM>,
    fast: OnceLock<hybrid::regex::Regex>,
    finds: AtomicU32,
}

/// A thread's search state for one pattern's engines.
#[derive(Default)]
struct Caches {
    pike: Option<thompson::pikevm::Cache>,
    fast: Option<hybrid::regex::Cache>,
}

thread_local! {
    /// Search state by pattern number, made when the pattern first matches here.
    static CACHES: RefCell<Vec<Caches>> = const { RefCell::new(Vec::new()) };
}

impl PhraseRegex {
    /// The PikeVM of `hir`, compiled on first use.
    pub(super) fn pike(&self, hir: &Hir) -> &PikeVM {
        self.pike.get_or_init(|| {
            let nfa = compile(hir, false);
            PikeVM::new_from_nfa(nfa).unwrap_or_else(|e| panic!("bad lexicon pattern: {e}"))
        })
    }

    /// The leftmost-first match of `hir` (pattern number `id`) in `text`.
    pub(super) fn find(&self, hir: &Hir, id: usize, text: &str) -> Option<Match> {
        let fast = self.fast.get().or_else(|| {
            let long = text.len() > PIKE_BYTES;
            (long || self.finds.fetch_add(1, Ordering::Relaxed) >= PIKE_FINDS).then(|| {
                self.fast
                    .get_or_init(|| lazy_dfa(self.pike(hir).get_nfa(), hir))
            })
        });
        CACHES.with_borrow_mut(|caches| {
            if caches.len() <= id {
                caches.resize_with(id + 1, Caches::default);
            }
            let c = &mut caches[id];
            match fast {
                Some(re) => re.find(c.fast.get_or_insert_with(|| re.create_cache()), text),
                None => {
                    let vm = self.pike(hir);
                    vm.find(c.pike.get_or_insert_with(|| vm.create_cache()), text)
                }
            }
        })
    }
}

/// The NFA of `hir`, forward (with the implicit group a PikeVM reports a span from) or
/// reverse (with none: a reverse NFA may not have any).
fn compile(hir: &Hir, reverse: bool) -> NFA {
    let captures = if reverse {
        thompson::WhichCaptures::None
    } else {
        thompson::WhichCaptures::Implicit
    };
    thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .reverse(reverse)
                .which_captures(captures),
        )
        .build_from_hir(hir)
        .unwrap_or_else(|e| panic!("bad lexicon pattern: {e}"))
}

/// A lazy-DFA regex from the forward NFA, as `hybrid::regex` builds one: the reverse
/// DFA finds where a match found by the forward one starts.
fn lazy_dfa(forward: &NFA, hir: &Hir) -> hybrid::regex::Regex {
    let forward = hybrid::dfa::DFA::builder()
        .build_from_nfa(forward.clone())
        .unwrap_or_else(|e| panic!("bad lexicon pattern: {e}"));
    let reverse = hybrid::dfa::DFA::builder()
        .configure(
            hybrid::dfa::Config::new()
                .prefilter(None)
                .specialize_start_states(false)
                .match_kind(MatchKind::All),
        )
        .build_from_nfa(compile(hir, true))
        .unwrap_or_else(|e| panic!("bad lexicon pattern: {e}"));
    hybrid::regex::Builder::new().build_from_dfas(forward, reverse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_engines_find_the_same_phrase() {
        let hir =
            regex_automata::util::syntax::parse(r"(?i)(?:related (?:stories|articles)|more from)")
                .unwrap();
        let regex = PhraseRegex::default();
        let text = "Seoul talks resume — RELATED STORIES: Lee meets Xi; more from Busan";
        // "Seoul talks resume " is 19 bytes and the dash 3, then a space.
        let want = Some((23, 38));
        assert_eq!(&text[23..38], "RELATED STORIES");
        for n in 0..=PIKE_FINDS + 2 {
            // The first finds use the PikeVM, the later ones the lazy-DFA regex.
            assert_eq!(regex.fast.get().is_some(), n > PIKE_FINDS, "find {n}");
            let got = regex.find(&hir, 7, text).map(|m| (m.start(), m.end()));
            assert_eq!(got, want, "find {n}");
        }
        assert_eq!(regex.find(&hir, 7, "nothing here"), None);
    }

    #[test]
    fn a_long_text_goes_to_the_lazy_dfa_at_once() {
        let hir = regex_automata::util::syntax::parse(r"(?i)cookie policy").unwrap();
        let regex = PhraseRegex::default();
        let text = format!("{}Cookie Policy", "x".repeat(PIKE_BYTES));
        let found = regex.find(&hir, 3, &text).map(|m| m.start());
        assert_eq!(found, Some(PIKE_BYTES));
        assert!(regex.fast.get().is_some());
    }
}

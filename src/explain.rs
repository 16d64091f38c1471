//! `briefing clean --explain`: every input line with keep/drop and the reason, then topic scores.

use std::fmt::Write;

use crate::clean::{BlockKind, Cleaned, Verdict};
use crate::topics::{SentenceNote, TopicIndex};

/// Longest sentence shown in the topic section, in characters.
const SENTENCE_CHARS: usize = 110;

/// Formats the cleaning decisions and topic scores of one input as plain text: every
/// sentence that mentions a topic, with whether it counted and why.
pub fn explain(file: &str, cleaned: &Cleaned, index: &TopicIndex, topics_given: bool) -> String {
    let (scores, notes) = index.explain(&cleaned.title, &cleaned.blocks);
    let mut out = String::new();
    let _ = writeln!(out, "# {file}");
    let _ = writeln!(out, "title: {}", cleaned.title);
    let _ = writeln!(out, "\n## blocks");
    for d in &cleaned.decisions {
        let (tag, reason) = match &d.verdict {
            Verdict::Title => ("TITLE", String::new()),
            Verdict::Keep(kind) => (
                "KEEP ",
                match kind {
                    BlockKind::Paragraph => "paragraph".into(),
                    BlockKind::Heading(l) => format!("heading (h{l})"),
                    BlockKind::ListItem { ordered: true } => "numbered list item".into(),
                    BlockKind::ListItem { ordered: false } => "list item".into(),
                },
            ),
            Verdict::Drop(reason) => ("DROP ", reason.clone()),
        };
        let text = crate::article::shorten(&d.text, 90);
        if reason.is_empty() {
            let _ = writeln!(out, "{:>5} {tag} {text}", d.line);
        } else {
            let _ = writeln!(out, "{:>5} {tag} {text}\n            ↳ {reason}", d.line);
        }
    }
    let _ = writeln!(out, "\n## topics");
    if topics_given {
        let _ = writeln!(
            out,
            "(topics are set in front matter; scores shown for information)"
        );
    }
    for s in &scores {
        let verdict = if s.member { "IN " } else { "OUT" };
        let terms: Vec<String> = s
            .terms
            .iter()
            .map(|t| format!("{} ×{}", t.term, t.count))
            .collect();
        let _ = writeln!(
            out,
            "{verdict} {}: score {:.1} (threshold {:.1}), counted in {}/{} sentences, {} set aside, {} focus paragraph(s)",
            s.slug,
            s.score,
            s.threshold,
            s.sentences,
            s.total_sentences,
            s.set_aside,
            s.focus_paragraphs
        );
        if !terms.is_empty() {
            let _ = writeln!(out, "    terms: {}", terms.join(", "));
        }
        for note in notes.iter().filter(|n| n.topic == s.slug) {
            let _ = writeln!(out, "{}", sentence_line(note));
        }
        if s.member && !s.passage.is_empty() {
            let passage = crate::article::shorten(&s.passage, SENTENCE_CHARS);
            let _ = writeln!(out, "    why it is here: {passage}");
        }
    }
    out
}

/// `    counted  “…” (names Seoul)` or `    set aside “…” (no tie to Seoul)`.
fn sentence_line(note: &SentenceNote) -> String {
    let tag = if note.counted {
        "counted  "
    } else {
        "set aside"
    };
    let text = crate::article::shorten(&note.text, SENTENCE_CHARS);
    if note.why.is_empty() {
        format!("    {tag} “{text}”")
    } else {
        format!("    {tag} “{text}” ({})", note.why)
    }
}

/// The story section of `--explain`: which articles of the site report the same event
/// as document `id`, and why each was grouped (or was close but kept apart).
pub fn story(site: &crate::site::Site, id: &crate::sources::DocId) -> Option<String> {
    let i = site.articles.iter().position(|a| &a.id == id)?;
    let story = site.layer.story(i)?;
    let mut out = String::from("\n## story\n");
    if story.members.len() == 1 {
        let _ = writeln!(
            out,
            "alone: no other article of the site reports the same event"
        );
        return Some(out);
    }
    let slug = |m: usize| site.articles[m].slug.as_str();
    let _ = writeln!(
        out,
        "story {} of {} articles, listed under {}",
        story.id,
        story.members.len(),
        slug(story.headline)
    );
    let others = story.members.iter().filter(|&&m| m != story.headline);
    for (m, why) in others.zip(&story.why) {
        let _ = writeln!(out, "  + {}\n      ↳ {why}", slug(*m));
    }
    Some(out)
}

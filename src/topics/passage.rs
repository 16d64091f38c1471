//! Passages: how the sentences that make an article a member are cut for display.

/// Longest passage shown as the reason for membership, in characters.
const PASSAGE_CHARS: usize = 320;

/// Joins sentences into a passage of about `PASSAGE_CHARS`, always keeping the first
/// (cut at a word boundary when it alone is too long).
pub fn passage<'a>(sentences: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for sentence in sentences {
        let n = sentence.chars().count();
        if !out.is_empty() && chars + n > PASSAGE_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(sentence);
        chars += n;
    }
    if chars > PASSAGE_CHARS {
        let cut: String = out.chars().take(PASSAGE_CHARS).collect();
        let at = cut.rfind(' ').unwrap_or(cut.len());
        return format!("{}…", &cut[..at]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_keep_whole_sentences_and_cut_long_ones() {
        let short = ["One sentence.", "Another one."];
        assert_eq!(passage(short), "One sentence. Another one.");
        let long = "word ".repeat(100);
        let cut = passage([long.as_str(), "Never shown."]);
        assert!(
            cut.ends_with('…') && cut.chars().count() <= PASSAGE_CHARS + 1,
            "{cut}"
        );
    }
}

//! Where one sentence ends: shared by the cleaner, topic scoring and key points.

/// Splits a paragraph into sentences, without breaking at `U.S.` or `Mr.`.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, stop) in sentence_stops(text) {
        if i < start {
            continue;
        }
        // Skip closing quotes or brackets that belong to the sentence.
        let after = &text[i + stop.len()..];
        let closing = after
            .find(|c| !matches!(c, '"' | '”' | '’' | '\'' | ')' | '」'))
            .unwrap_or(after.len());
        let end = i + stop.len() + closing;
        let cjk_stop = matches!(stop, "。" | "！" | "？");
        let next_is_space = text[end..].chars().next().is_some_and(char::is_whitespace);
        if !(cjk_stop || next_is_space || end == text.len()) {
            continue;
        }
        if stop == "." && is_abbreviation(&text[start..i]) {
            continue;
        }
        let sentence = text[start..end].trim();
        if !sentence.is_empty() {
            out.push(sentence);
        }
        start = end;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Byte offset and text of every `.`, `!`, `?`, `。`, `！` and `？`. Text without the CJK
/// stops' lead bytes (most of it) is scanned for the three ASCII stops with SIMD; a byte
/// loop over every paragraph was 3% of a build.
fn sentence_stops(text: &str) -> Box<dyn Iterator<Item = (usize, &'static str)> + '_> {
    let bytes = text.as_bytes();
    let ascii = |i: usize| match bytes[i] {
        b'.' => ".",
        b'!' => "!",
        _ => "?",
    };
    if memchr::memchr2(0xE3, 0xEF, bytes).is_none() {
        return Box::new(memchr::memchr3_iter(b'.', b'!', b'?', bytes).map(move |i| (i, ascii(i))));
    }
    Box::new(bytes.iter().enumerate().filter_map(move |(i, &b)| {
        let stop = match b {
            b'.' | b'!' | b'?' => ascii(i),
            // Lead bytes of the CJK stops: check the whole character.
            0xE3 | 0xEF => ["。", "！", "？"]
                .into_iter()
                .find(|s| bytes[i..].starts_with(s.as_bytes()))?,
            _ => return None,
        };
        Some((i, stop))
    }))
}

fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // "U.S", "Mr", "Sept", "Jan", single initials; a sentence rarely ends in one. Two-letter
    // names ("Kim Jong Un.", "met Xi.") do end sentences, so only known titles count.
    word.contains('.')
        || (letters == 1 && word.chars().next().is_some_and(char::is_uppercase))
        || matches!(
            word,
            "Mr" | "Ms"
                | "Dr"
                | "Jr"
                | "Sr"
                | "St"
                | "Lt"
                | "Co"
                | "No"
                | "Mt"
                | "Ft"
                | "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Jun"
                | "Jul"
                | "Aug"
                | "Oct"
                | "Nov"
                | "Dec"
        )
        || matches!(
            word,
            "Sept"
                | "Gen"
                | "Gov"
                | "Sen"
                | "Rep"
                | "Prof"
                | "Corp"
                | "Inc"
                | "Ltd"
                | "vs"
                | "etc"
                | "Adm"
                | "Col"
                | "Capt"
                | "Maj"
                | "Sgt"
                | "Cmdr"
                | "Dept"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_do_not_break_at_abbreviations() {
        let s = split_sentences(
            "U.S. President Trump met Lee. “It went well,” he said. Then Mr. Kim left!",
        );
        assert_eq!(
            s,
            vec![
                "U.S. President Trump met Lee.",
                "“It went well,” he said.",
                "Then Mr. Kim left!"
            ]
        );
    }

    #[test]
    fn two_letter_names_end_sentences() {
        let s = split_sentences("Trump hopes to meet Kim Jong Un. Lee met Xi. Dr. Cha agreed.");
        assert_eq!(
            s,
            vec![
                "Trump hopes to meet Kim Jong Un.",
                "Lee met Xi.",
                "Dr. Cha agreed."
            ]
        );
    }

    #[test]
    fn sentences_end_at_cjk_stops() {
        // Full-width stops need no space after them; other characters sharing their
        // lead bytes (「」, ｜) are not stops.
        let s = split_sentences("李在明总统会见了习近平。两国同意合作！「会谈」顺利吗？是的｜完");
        assert_eq!(
            s,
            vec![
                "李在明总统会见了习近平。",
                "两国同意合作！",
                "「会谈」顺利吗？",
                "是的｜完"
            ]
        );
    }
}

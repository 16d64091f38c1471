//! What `briefing init` asks for, and the `site.toml` it writes from the answers.

use std::io::{BufRead, Write};

use serde::Serialize;

use crate::error::{Error, Result};

/// One topic of a new site, given as `Name: term, term`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicSpec {
    /// URL name made from the name (ASCII letters, digits and dashes).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Terms that signal the topic.
    pub terms: Vec<String>,
}

impl TopicSpec {
    /// Parses `Name: term, term`; the slug is made from the name (empty when the name
    /// has no ASCII letter or digit: [`settle`] then numbers it).
    pub fn parse(spec: &str) -> std::result::Result<TopicSpec, String> {
        let Some((name, terms)) = spec.split_once(':') else {
            return Err(format!("{spec:?} should read \"Name: term, term\""));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("{spec:?} has no topic name before the colon"));
        }
        let terms: Vec<String> = terms
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        if terms.is_empty() {
            return Err(format!("topic {name:?} has no terms after the colon"));
        }
        Ok(TopicSpec {
            slug: ascii_slug(name),
            name: name.to_string(),
            terms,
        })
    }
}

/// The slug of a topic name, in the characters site.toml allows in slugs.
fn ascii_slug(name: &str) -> String {
    let slug = crate::slug::slugify(name);
    let kept: String = slug
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    kept.split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Numbers topics whose name gave no slug (`topic-2`) and refuses two topics with one slug.
pub fn settle(mut topics: Vec<TopicSpec>) -> Result<Vec<TopicSpec>> {
    for (i, topic) in topics.iter_mut().enumerate() {
        if topic.slug.is_empty() {
            topic.slug = format!("topic-{}", i + 1);
        }
    }
    for (i, topic) in topics.iter().enumerate() {
        if let Some(other) = topics[..i].iter().find(|t| t.slug == topic.slug) {
            return Err(Error::Init {
                what: "--topic".into(),
                message: format!(
                    "topics {:?} and {:?} would share the URL name {:?}; rename one",
                    other.name, topic.name, topic.slug
                ),
            });
        }
    }
    Ok(topics)
}

/// The top-level settings of a new site.
#[derive(Serialize)]
struct Head<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
}

/// The topic tables of a new site.
#[derive(Serialize)]
struct Topics<'a> {
    topics: &'a [TopicSpec],
}

/// `site.toml` for a new site: every value written by the TOML serialiser, so quotes,
/// backslashes and newlines in a title or term are escaped, with comments around them.
pub fn site_toml(title: &str, topics: &[TopicSpec]) -> Result<String> {
    let names: Vec<&str> = topics.iter().map(|t| t.name.as_str()).collect();
    let description = match names.split_last() {
        None => "A briefing.".to_string(),
        Some((last, [])) => format!("A briefing on {last}."),
        Some((last, rest)) => format!("A briefing on {} and {last}.", rest.join(", ")),
    };
    let head = to_toml(&Head {
        title,
        description: &description,
        base_url: "/",
        language: "en",
    })?;
    let tables = to_toml(&Topics { topics })?;
    Ok(format!(
        "# A briefing made by `briefing init`. Every key is documented in the README\n\
         # (\"Configuration reference\"). Preview with `briefing serve`; publish with\n\
         # `briefing check` and `briefing build`.\n\
         #\n\
         # base_url: where the site will be hosted, e.g. \"https://example.org/briefing/\".\n\
         # \"/\" serves a preview; feeds and the sitemap need the full URL.\n\n\
         {head}\n\
         # Topics: an article joins one when it discusses its terms, not when it mentions\n\
         # them once. A term can carry a weight and spellings that count as it:\n\
         # {{ term = \"North Korea\", weight = 2, aliases = [\"DPRK\"] }}\n\n\
         {tables}"
    ))
}

/// A value as TOML, written by the toml crate's serialiser.
fn to_toml<T: Serialize>(value: &T) -> Result<String> {
    toml::to_string(value).map_err(|e| Error::Init {
        what: "site.toml".into(),
        message: format!("cannot be written: {e}"),
    })
}

/// Asks on `out` for what the command line did not give, reading answers from `input`:
/// the title when `title` is `None`, topics until an empty line when `topics` is empty.
pub fn ask(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    title: Option<String>,
    mut topics: Vec<TopicSpec>,
) -> Result<(String, Vec<TopicSpec>)> {
    let title = match title {
        Some(t) => t,
        None => loop {
            match line(input, out, "Site title: ")? {
                Some(t) if !t.is_empty() => break t,
                Some(_) => continue,
                None => return Err(ended("a title")),
            }
        },
    };
    if topics.is_empty() {
        loop {
            let prompt = if topics.is_empty() {
                "Topic, as \"Name: term, term\": "
            } else {
                "Another topic (empty line to finish): "
            };
            match line(input, out, prompt)? {
                Some(answer) if answer.is_empty() && !topics.is_empty() => break,
                Some(answer) if answer.is_empty() => continue,
                Some(answer) => match TopicSpec::parse(&answer) {
                    Ok(topic) => topics.push(topic),
                    Err(why) => {
                        writeln!(out, "  {why}").map_err(|e| Error::io("standard output", e))?;
                    }
                },
                None if topics.is_empty() => return Err(ended("a topic")),
                None => break,
            }
        }
    }
    Ok((title, topics))
}

/// Shows `prompt` and reads one answer, trimmed; `None` at the end of the input.
fn line(input: &mut dyn BufRead, out: &mut dyn Write, prompt: &str) -> Result<Option<String>> {
    let io = |e| Error::io("standard input", e);
    write!(out, "{prompt}")
        .and_then(|()| out.flush())
        .map_err(io)?;
    let mut answer = String::new();
    let read = input.read_line(&mut answer).map_err(io)?;
    Ok((read > 0).then(|| answer.trim().to_string()))
}

fn ended(what: &str) -> Error {
    Error::Init {
        what: "standard input".into(),
        message: format!("ended before {what} was given"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_parse_from_name_and_terms() {
        let t = TopicSpec::parse(" Rail & Ports: rail, harbour ,, port ").unwrap();
        assert_eq!(t.name, "Rail & Ports");
        assert_eq!(t.slug, "rail-ports");
        assert_eq!(t.terms, ["rail", "harbour", "port"]);
        assert!(TopicSpec::parse("Rail").is_err());
        assert!(TopicSpec::parse(": rail").is_err());
        assert!(TopicSpec::parse("Rail: , ").is_err());
        let settled = settle(vec![TopicSpec::parse("북한: 평양").unwrap()]).unwrap();
        assert_eq!(settled[0].slug, "topic-1");
        let twice = vec![
            TopicSpec::parse("Rail: a").unwrap(),
            TopicSpec::parse("rail!: b").unwrap(),
        ];
        assert!(settle(twice).unwrap_err().to_string().contains("\"rail\""));
    }

    #[test]
    fn site_toml_round_trips_quotes_and_backslashes() {
        let title = "The \"Daily\" \\ Brief\nline two";
        let topics = vec![TopicSpec::parse("Say \"hi\": C:\\path, 'quoted'").unwrap()];
        let text = site_toml(title, &topics).unwrap();
        let config = crate::config::SiteConfig::parse(&text, std::path::Path::new("x")).unwrap();
        assert_eq!(config.title, title);
        assert_eq!(config.topics[0].name, "Say \"hi\"");
        let terms: Vec<&str> = config.topics[0].terms.iter().map(|t| t.text()).collect();
        assert_eq!(terms, ["C:\\path", "'quoted'"]);
        assert_eq!(config.description, "A briefing on Say \"hi\".");
    }

    #[test]
    fn prompts_ask_for_what_is_missing() {
        let mut input = std::io::Cursor::new("\nMy Brief\nnonsense\nRail: rail, train\n\n");
        let mut out = Vec::new();
        let (title, topics) = ask(&mut input, &mut out, None, Vec::new()).unwrap();
        assert_eq!(title, "My Brief");
        assert_eq!(topics.len(), 1);
        let shown = String::from_utf8(out).unwrap();
        assert!(
            shown.contains("should read \"Name: term, term\""),
            "{shown}"
        );
        let mut closed = std::io::Cursor::new("My Brief\n");
        let err = ask(&mut closed, &mut Vec::new(), None, Vec::new()).unwrap_err();
        assert!(err.to_string().contains("before a topic"), "{err}");
    }
}

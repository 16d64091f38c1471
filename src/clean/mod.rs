//! Stage 3: raw article text → title + body blocks → markdown.
//!
//! The text is split into blocks (one per line), each block is measured
//! ([`features`]), checked against multilingual boilerplate lexicons ([`lexicon`]),
//! and classified in context ([`classify`]); what survives becomes markdown
//! ([`markdown`]). Every decision is kept so `--explain` can show it.

pub mod byline;
mod classify;
mod ending;
pub mod features;
mod furniture;
pub mod language;
pub mod lexicon;
pub mod markdown;
pub mod markup;
pub mod page;
mod phrases;
mod stopwords;
pub mod template;
mod title;

pub use classify::{Decision, Verdict};

use std::borrow::Cow;

use crate::sources::SourceKind;

/// Compiles the lexicon and the byline patterns now rather than at first use.
///
/// A build calls this on a spare thread while its main thread reads `site.toml` and
/// lists the seeds: the 10 ms of compiling then overlap that work instead of holding up
/// the first article every thread cleans. The two sets compile side by side: on a small
/// site the first article waits for both.
pub fn warm_up() {
    rayon::join(lexicon::warm_up, byline::warm_up);
}

/// What a kept block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A body paragraph.
    Paragraph,
    /// A subheading, with its markdown level (2–4).
    Heading(u8),
    /// A list item; `ordered` lists are numbered.
    ListItem {
        /// Numbered (`1.`) rather than bulleted.
        ordered: bool,
    },
}

/// A block of the cleaned article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Paragraph, heading or list item.
    pub kind: BlockKind,
    /// The text, without list markers or `#`.
    pub text: String,
}

/// The result of cleaning one input.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// The article title (inferred, or from front matter).
    pub title: String,
    /// Body blocks in reading order.
    pub blocks: Vec<Block>,
    /// One decision per input line, for `--explain`.
    pub decisions: Vec<Decision>,
    /// How the input was written, which decides markdown escaping.
    pub kind: SourceKind,
    /// Author and date found in dropped byline and date lines.
    pub byline: byline::Byline,
    /// What the user should know about the input (it was cut or capped), one message each.
    pub warnings: Vec<String>,
}

impl Cleaned {
    /// The body as markdown (no title, no front matter).
    pub fn body_markdown(&self) -> String {
        markdown::render(&self.blocks, self.kind)
    }
}

/// Cleans raw article text. `given_title` (from front matter) replaces the inferred title.
/// `first_line` is the file line the text starts on, for explanations; `template` holds
/// lines that recur across the site's seeds.
pub fn clean(
    text: &str,
    kind: SourceKind,
    given_title: Option<&str>,
    first_line: usize,
    template: &template::SiteTemplate,
) -> Cleaned {
    let normalised = normalise_line_ends(text);
    let stripped = markup::strip_markup(&normalised);
    classify::classify(&stripped, kind, given_title, first_line, template, false)
}

/// Cleans the markdown that [`page::extract`] took from a web page. The extractors have
/// already found the article, so only lines that are surely not its text go (boilerplate
/// phrases, bylines and dates, a repeated title, a related-stories tail), never short
/// lines merely for standing at the body's edges.
pub fn clean_page(
    markdown: &str,
    given_title: Option<&str>,
    template: &template::SiteTemplate,
) -> Cleaned {
    let normalised = normalise_line_ends(markdown);
    let stripped = markup::strip_markup(&normalised);
    let kind = SourceKind::Markdown;
    classify::classify(&stripped, kind, given_title, 1, template, true)
}

/// CRLF and lone CR become LF; other control characters (except tab) are dropped.
fn normalise_line_ends(text: &str) -> Cow<'_, str> {
    // Most inputs have nothing to change: check the bytes before copying anything.
    // C0 controls and DEL are single bytes; C1 controls (U+0080..U+009F) are C2 80..C2 9F.
    let bytes = text.as_bytes();
    let clean = !bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && b != b'\n' && b != b'\t')
            || b == 0x7F
            || (b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
    });
    if clean {
        return Cow::Borrowed(text);
    }
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(
        unified
            .chars()
            .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_and_controls_are_normalised() {
        assert_eq!(normalise_line_ends("a\r\nb\rc\n\td"), "a\nb\nc\n\td");
        assert_eq!(
            normalise_line_ends("bell\u{7}, del\u{7f}, nel\u{85}."),
            "bell, del, nel."
        );
        // Non-control characters that share the C2 lead byte stay.
        assert_eq!(normalise_line_ends("\u{a0}£§"), "\u{a0}£§");
        assert!(matches!(
            normalise_line_ends("tidy\ntext"),
            Cow::Borrowed(_)
        ));
    }

    /// An article around `middle`: a title, three paragraphs before it, two after.
    fn body_of(middle: &str) -> Vec<String> {
        let p = |n: usize| {
            format!(
                "Paragraph {n} says that the two governments met on Tuesday in Seoul and agreed to keep talking about tariffs."
            )
        };
        let text = format!(
            "Seoul and Washington keep talking\n\n{}\n\n{}\n\n{}\n\n{middle}\n\n{}\n\n{}\n",
            p(1),
            p(2),
            p(3),
            p(4),
            p(5)
        );
        let t = template::SiteTemplate::default();
        clean(&text, SourceKind::Text, None, 1, &t)
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn captions_go_but_paragraphs_above_a_credit_stay() {
        let caption = "Lee and Trump shake hands in Gyeongju on Oct. 29.";
        assert!(!body_of(&format!("{caption}\nPhoto: Yonhap")).contains(&caption.to_string()));
        for paragraph in [
            // A dateline opens a lead, never a caption.
            "GYEONGJU — When President Lee walked into the ballroom on Friday, he had a deal.",
            // Two sentences are article text.
            "Es war ein Treffen mit viel Pomp und Militärkapelle. Am Rande des Gipfels einigten sich beide.",
        ] {
            let body = body_of(&format!("{paragraph}\nFoto: Kay Nietfeld / dpa"));
            assert!(body.contains(&paragraph.to_string()), "{paragraph}");
        }
        // The credit line carries its own caption: the line above is the article's.
        let above = "会談は、APECの首脳会議にあわせて行われ、およそ30分間にわたりました。";
        let body = body_of(&format!(
            "{above}\n写真：慶州で握手する高市首相と李大統領（代表撮影）"
        ));
        assert!(body.contains(&above.to_string()));
    }

    #[test]
    fn an_inline_box_of_headlines_goes_and_the_article_after_it_stays() {
        let body = body_of(
            "Related Stories\nNorth Korea test-fires cruise missiles\nKim's sister rules out talks\nLee calls himself a pacemaker\nJapan and Korea keep shuttle diplomacy\nHow the 2019 meeting came together",
        );
        assert_eq!(body.len(), 5, "{body:#?}");
        assert!(body[4].starts_with("Paragraph 5"));
        // Two boxes in a row, each under its own header: both go, the article stays.
        let body = body_of(
            "Related\nNorth Korea test-fires cruise missiles\nKim's sister rules out talks\nRelated\nLee calls himself a pacemaker\nJapan and Korea keep shuttle diplomacy",
        );
        assert_eq!(body.len(), 5, "{body:#?}");
        assert!(body[4].starts_with("Paragraph 5"));
    }

    #[test]
    fn a_run_of_menu_labels_between_paragraphs_goes() {
        let body = body_of("Markets\nMoney\nPersonal Finance\nCollege\nRetirement\nTax Planning");
        assert_eq!(body.len(), 5, "{body:#?}");
        // One or two short lines are the article's own (a subheading).
        let body = body_of("Why it matters");
        assert_eq!(body.len(), 6, "{body:#?}");
    }

    #[test]
    fn a_site_map_after_the_body_ends_the_article() {
        let labels = "Money\nPersonal Finance\nCollege\nRetirement\nTax Planning\nCredit & Debt\n\
                      Insurance\nSavings\nSmall Business\nDefense\nEnergy\nMarkets\nBonds\nRetail";
        // Inside the article (two paragraphs follow it), only the menu goes.
        let body = body_of(labels);
        assert_eq!(body.len(), 5, "{body:#?}");
        // After it, the footer's notices go with it.
        let p = |n: usize| {
            format!(
                "Paragraph {n} says that the two governments met on Tuesday in Seoul and agreed to keep talking about tariffs."
            )
        };
        let text = format!(
            "Seoul and Washington keep talking\n\n{}\n\n{}\n\nMarkets\n{labels}\nShow one with its host\n\
             Quotes delayed at least 15 minutes. Market data provided by an exchange.\n",
            p(1),
            p(2)
        );
        let t = template::SiteTemplate::default();
        let kept: Vec<String> = clean(&text, SourceKind::Text, None, 1, &t)
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect();
        assert_eq!(kept, vec![p(1), p(2)]);
    }

    #[test]
    fn timeline_entries_are_not_timestamps() {
        let body = body_of(
            "- Nov. 12, 2022: Leaders agree in Phnom Penh to share data\n- Dec. 19, 2023: Real-time sharing goes live",
        );
        assert!(
            body.iter().any(|b| b.starts_with("Nov. 12, 2022")),
            "{body:#?}"
        );
        let body = body_of("Nov. 12, 2022: Leaders agree in Phnom Penh to share data");
        assert!(
            body.iter().any(|b| b.starts_with("Nov. 12, 2022")),
            "{body:#?}"
        );
        let body = body_of("October 2, 2025 4:17 PM EDT Updated 2 hours ago");
        assert_eq!(body.len(), 5, "{body:#?}");
    }

    #[test]
    fn an_extracted_page_keeps_its_short_edges_and_shared_lines() {
        let p = "The two governments agreed on Monday to open a military hotline, officials said, in a move both sides described as overdue.";
        let md = format!(
            "North Korea\n\n{p}\n\n- 1 cup spinach\n\n{p} Talks resume in March.\n\n\
             - 1 cup spinach\n- Tue – Sat 4PM\n\nDesk reporters (desk@news.example)\n"
        );
        let t = template::SiteTemplate::default();
        let texts: Vec<String> = clean_page(&md, Some("Hotline agreed"), &t)
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect();
        // The repeated item, and the short items after the last paragraph, are the article's.
        assert_eq!(
            texts.iter().filter(|t| *t == "1 cup spinach").count(),
            2,
            "{texts:#?}"
        );
        assert!(texts.contains(&"Tue – Sat 4PM".to_string()), "{texts:#?}");
        // A section label above the body and a contact line below it go.
        assert!(
            !texts.iter().any(|t| t == "North Korea" || t.contains('@')),
            "{texts:#?}"
        );
    }

    #[test]
    fn the_headline_is_the_line_above_the_byline_not_a_widget_near_the_body() {
        let p = "Regulators in Seoul said on Tuesday that the new rules on chip exports would take effect in March, after months of talks with industry groups.";
        let q = "Industry groups said the chip export rules were clearer than the first draft, though smaller firms still worried about the cost of compliance.";
        let text = format!(
            "Economy\nSeoul sets new chip export rules from March\n\
             The rules follow months of talks with industry.\nBy Minji Choi\nNov. 19, 2025\n\
             Show more sharing options\nFacebook\nShow more sharing options\n{p}\n\n{q}\n"
        );
        let t = template::SiteTemplate::default();
        let cleaned = clean(&text, SourceKind::Text, None, 1, &t);
        assert_eq!(cleaned.title, "Seoul sets new chip export rules from March");
    }

    #[test]
    fn a_short_headline_under_a_menu_beats_the_menu_and_the_timestamp_row() {
        // A menu whose programme names read like headlines (one shares only the function
        // word "from" with the body), then a three-word headline, its photo credit, a
        // section label and a timestamp row glued to a link.
        let p = "Seoul's trade minister flew to Washington on Monday to argue that the new tariffs would hurt the chip makers who supply American car factories.";
        let q = "Officials in Seoul said the talks would go on through the week, and that no retaliation was being planned while they lasted.";
        let text = format!(
            "Home\nWorld\nAnalysis\nNotes from the Border\nThe Mother of All Panels\nVideo\nPhoto\nListen Live\nSearch\nTariff Talks Stall\n\
             © REUTERS / POOL\nColumnists\n09:05 04.03.2025Get short URL\nby Dana Whitfield\n{p}\n\n{q}\n"
        );
        let t = template::SiteTemplate::default();
        let cleaned = clean(&text, SourceKind::Text, None, 1, &t);
        assert_eq!(cleaned.title, "Tariff Talks Stall");
    }

    #[test]
    fn a_breadcrumb_glued_to_the_headline_is_cut_off() {
        let p = "Regulators in Seoul said on Tuesday that the new rules on chip exports would take effect in March, after months of talks with industry groups.";
        let text = format!(
            "HomeEconomyTrade Seoul sets new chip export rules from March\nBy Minji Choi\n{p}\n\nSEOUL SETS NEW CHIP EXPORT RULES FROM MARCH\n\n{p} More follows.\n"
        );
        let t = template::SiteTemplate::default();
        let cleaned = clean(&text, SourceKind::Text, None, 1, &t);
        assert_eq!(cleaned.title, "Seoul sets new chip export rules from March");
    }

    #[test]
    fn lines_past_the_block_limit_join_the_last_block_with_a_warning() {
        let t = template::SiteTemplate::default();
        let lines = classify::MAX_BLOCKS + 5;
        let text = format!("{}The end of the dump.\n", "x\n".repeat(lines));
        let cleaned = clean(&text, SourceKind::Text, None, 1, &t);
        assert_eq!(cleaned.decisions.len(), classify::MAX_BLOCKS);
        assert_eq!(cleaned.warnings.len(), 1, "{:?}", cleaned.warnings);
        assert!(cleaned.warnings[0].contains("lines"));
        let under = clean(&"x\n".repeat(100), SourceKind::Text, None, 1, &t);
        assert!(under.warnings.is_empty());
    }

    #[test]
    fn katakana_middle_dots_are_bullets() {
        let body = body_of("・シャトル外交の継続\n・経済安全保障での協力");
        assert!(
            body.contains(&"シャトル外交の継続".to_string()),
            "{body:#?}"
        );
    }

    #[test]
    fn an_unspaced_cjk_headline_is_the_title() {
        let text = "中央通訊社\n首頁\n\n南韓總統李在明：將與美國共同推動北韓無核化\n\n南韓總統李在明30日在慶州與美國總統川普舉行會談，雙方同意共同推動北韓無核化，並加強同盟合作。\n\n李在明表示，韓美同盟是韓半島和平的基石，南韓將與美國密切協調對北政策。";
        let t = template::SiteTemplate::default();
        let cleaned = clean(text, SourceKind::Text, None, 1, &t);
        assert_eq!(cleaned.title, "南韓總統李在明：將與美國共同推動北韓無核化");
        assert_eq!(cleaned.blocks.len(), 2);
    }

    #[test]
    fn a_chinese_list_and_short_closing_sentence_after_the_body_stay() {
        let text = "习近平同李在明举行会谈\n\n新华社庆州11月1日电 国家主席习近平1日在庆州同韩国总统李在明举行会谈，双方就中韩关系和共同关心的问题深入交换意见。\n\n11月1日，国家主席习近平同韩国总统李在明举行会谈。新华社记者 张伟 摄\n\n习近平指出，中韩是搬不走的近邻，也是分不开的合作伙伴，双方要坚持睦邻友好。\n\n会谈后，两国元首共同见证了以下合作文件的签署：\n\n一、双边本币互换协议续签文件；\n\n二、关于打击电信网络诈骗合作的谅解备忘录；\n\n三、关于熊猫保护合作的协议。\n\n王毅等参加会谈。\n\n【责任编辑：刘洋】";
        let t = template::SiteTemplate::default();
        let blocks = clean(text, SourceKind::Text, None, 1, &t).blocks;
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert!(
            texts.contains(&"会谈后，两国元首共同见证了以下合作文件的签署："),
            "{texts:#?}"
        );
        let items: Vec<&Block> = blocks
            .iter()
            .filter(|b| b.kind == BlockKind::ListItem { ordered: true })
            .collect();
        assert_eq!(items.len(), 3, "{texts:#?}");
        assert_eq!(items[0].text, "双边本币互换协议续签文件；");
        assert!(texts.contains(&"王毅等参加会谈。"), "{texts:#?}");
        // The photo caption with its "新华社记者 … 摄" credit and the editor line go.
        assert!(
            !texts
                .iter()
                .any(|t| t.contains('摄') || t.contains("责任编辑")),
            "{texts:#?}"
        );
    }
}

//! The phrase lists and their automata.

use super::*;

fn cat(text: &str) -> Option<Category> {
    let f = super::super::features::Features::of(text);
    find(text, f.words.max(f.size), f.is_sentence()).map(|h| h.category)
}

#[test]
fn patterns_compile() {
    // Each pattern is compiled lazily in use; compile them all here so a typo fails a test.
    assert!(
        PATTERNS
            .iter()
            .all(|p| p.regex.pike(&p.hir).pattern_len() == 1)
    );
    assert_eq!(ANY.dfa.pattern_len(), PATTERNS.len());
}

#[test]
fn the_long_block_automaton_finds_what_every_pattern_finds() {
    // A long block is scanned with LONG only: it must judge as every pattern would.
    let long = &*LONG;
    assert!(!long.ids.is_empty());
    assert!(long.ids.iter().all(|&i| PATTERNS[i].scope == Scope::Long));
    let (mut any_cache, mut long_cache) = (ANY.dfa.create_cache(), long.dfa.create_cache());
    let words = SHORT_WORDS + 10;
    let judged = |ids: Option<Vec<usize>>| -> Vec<usize> {
        let ids = ids.unwrap_or_default().into_iter();
        ids.filter(|&i| PATTERNS[i].applies_to(words, true))
            .collect()
    };
    let texts = [
        "This website uses cookies to improve your experience, and by continuing to browse this site you agree to our use of cookies as described in the policy that you can read at any time.",
        "Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren, Funktionen für soziale Medien anbieten zu können und die Zugriffe auf unsere Website zu analysieren, wie Sie unten lesen.",
        "The minister said on Tuesday that the talks in Seoul would resume next month, and that both sides had agreed to share the results of the survey before the summit in the spring.",
    ];
    for text in texts {
        let from_any = judged(ANY.matching(&mut any_cache, text));
        assert_eq!(
            from_any,
            judged(long.matching(&mut long_cache, text)),
            "{text}"
        );
        assert_eq!(
            from_any.is_empty(),
            text.starts_with("The minister"),
            "{text}"
        );
    }
}

#[test]
fn boilerplate_in_many_languages() {
    assert_eq!(
        cat("Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten."),
        Some(Category::Consent)
    );
    assert_eq!(
        cat("Nous utilisons des cookies pour améliorer votre expérience."),
        Some(Category::Consent)
    );
    assert_eq!(
        cat("Suscríbete a nuestro boletín"),
        Some(Category::Newsletter)
    );
    assert_eq!(cat("Relaterade artiklar"), Some(Category::Related));
    assert_eq!(cat("관련 기사"), Some(Category::Related));
    assert_eq!(cat("関連記事"), Some(Category::Related));
    assert_eq!(cat("相关新闻"), Some(Category::Related));
    for related in [
        "Artigos relacionados",
        "Leggi anche",
        "Baca juga",
        "Читайте также",
    ] {
        assert_eq!(cat(related), Some(Category::Related), "{related}");
    }
    for comments in [
        "Deixe uma resposta",
        "Lascia un commento",
        "Tinggalkan Balasan",
    ] {
        assert_eq!(cat(comments), Some(Category::Comments), "{comments}");
    }
    assert_eq!(
        cat("Facebook Twitter WhatsApp Email"),
        Some(Category::Social)
    );
    assert_eq!(cat("– Advertisement –"), Some(Category::Advertising));
    assert_eq!(cat("Photo: Reuters"), Some(Category::Credit));
    assert_eq!(
        cat("南韓總統李在明（右）與美國總統川普（左）29日在慶州會談。（圖／路透社）"),
        Some(Category::Credit)
    );
    assert_eq!(
        cat("11月1日，习近平同李在明举行会谈。新华社记者 张伟 摄"),
        Some(Category::Credit)
    );
    assert_eq!(cat("By Jane Doe | March 3, 2025"), Some(Category::Byline));
    assert_eq!(cat("Scroll to Top"), Some(Category::Navigation));
    // Separators between and around the phrases of a whole-line pattern.
    assert_eq!(cat("× Close"), Some(Category::Navigation));
    assert_eq!(cat("▶ Share ｜ Tweet ・ Email"), Some(Category::Social));
    assert_eq!(cat("«Accept» — «Reject all»"), Some(Category::Consent));
    assert_eq!(cat("👍 Like"), Some(Category::Social));
    // Phrases ending in a non-ASCII letter, where an ASCII `\b` never matches.
    for ad in ["Publicité", "광고", "広告", "廣告 ", "– Anzeige –"] {
        assert_eq!(cat(ad), Some(Category::Advertising), "{ad}");
    }
    assert_eq!(cat("Dela på Facebook"), Some(Category::Social));
    assert_eq!(cat("Publicitéssss"), None);
    // Newsletter promotions written as whole sentences.
    for promo in [
        "Sign up for Diplomacy Weekly — our free Friday newsletter on Korea and the world.",
        "Sign up to the Morning Briefing - the day's top stories in your inbox.",
        "Click here to subscribe to Seoul Wire on KakaoTalk and get the top stories.",
        "Newsletter: Jetzt kostenlos anmelden und jeden Morgen informiert sein.",
        "Welcome back! If someone forwarded this to you, you can sign up here.",
    ] {
        assert_eq!(cat(promo), Some(Category::Newsletter), "{promo}");
    }
}

#[test]
fn common_words_judge_labels_not_sentences() {
    // Words that prose uses too: they mark a label, never a sentence.
    for line in [
        "We will share the data on missile launches with Tokyo, the minister said.",
        "The treaty still needs the consent of the National Assembly.",
        "Beide Länder teilen die Sorge über das Raketenprogramm.",
        "Les deux pays veulent partager les informations militaires.",
        "El Boletín Oficial del Estado publicó el acuerdo el martes.",
        "이 기사에 대한 댓글이 많았다고 관계자는 말했다.",
        "What about the cookies?",
        "By Friday, the opposition had agreed to put the deal to a vote.",
        "Por Washington, asistió el secretario de Estado adjunto.",
        "Mer om avtalet väntas presenteras på fredag, enligt presidentkansliet.",
        "Mer omfattande sanktioner diskuteras i Bryssel",
        "More on the deal is expected on Friday, officials said.",
    ] {
        assert_eq!(cat(line), None, "{line}");
    }
    for (label, category) in [
        ("Share this", Category::Social),
        ("Teilen", Category::Social),
        ("Cookies", Category::Consent),
        ("Newsletter", Category::Newsletter),
        ("댓글 3", Category::Comments),
        ("Accept all cookies.", Category::Consent),
        ("By Jane Doe, Reuters", Category::Byline),
        ("Por Ana Gil | Madrid", Category::Byline),
        ("By Jane Doe and John Roe", Category::Byline),
        ("Mer om Nordkorea", Category::Related),
        ("More from Seoul", Category::Related),
        ("Mer om: Nordkorea avfyrade robotar.", Category::Related),
        ("More on: Seoul names a new envoy.", Category::Related),
    ] {
        assert_eq!(cat(label), Some(category), "{label}");
    }
}

#[test]
fn news_prose_is_not_boilerplate() {
    for line in [
        "The minister said the comments made by the ambassador were regrettable and would be discussed.",
        "Lee said he would share more details about the deal after returning to Seoul next week.",
        "By the end of the talks, both sides had agreed to continue technical discussions.",
        "Related agencies in both countries will meet next month to review the currency swap.",
        "Home prices in Seoul rose for the fifth month in a row, the data showed.",
    ] {
        assert_eq!(cat(line), None, "{line}");
    }
}

//! Multilingual lexicons of boilerplate phrases (en, de, fr, es, sv, ko, ja, zh).
//!
//! A phrase alone never condemns a long paragraph: each pattern has a scope saying how
//! long a block may be and still be judged by it, so a news paragraph that mentions
//! "cookies" or "comments" is safe.

use std::sync::LazyLock;

use regex::Regex;

/// The kind of boilerplate a phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Cookie and consent banners.
    Consent,
    /// Newsletter, subscription and app prompts.
    Newsletter,
    /// Share rows and follow-our-channel lines.
    Social,
    /// Comment forms and comment policies.
    Comments,
    /// Advertisement markers.
    Advertising,
    /// Headers of related / recommended / more-stories blocks.
    Related,
    /// Copyright lines.
    Copyright,
    /// Bylines and timestamps.
    Byline,
    /// Photo captions' credits and image sources.
    Credit,
    /// Site navigation and widget labels.
    Navigation,
}

impl Category {
    /// Short lowercase name used in explanations.
    pub fn name(self) -> &'static str {
        match self {
            Category::Consent => "cookie/consent banner",
            Category::Newsletter => "newsletter/subscribe prompt",
            Category::Social => "share/follow prompt",
            Category::Comments => "comment form/policy",
            Category::Advertising => "advertisement marker",
            Category::Related => "related-stories block",
            Category::Copyright => "copyright line",
            Category::Byline => "byline/timestamp",
            Category::Credit => "image credit",
            Category::Navigation => "navigation/widget label",
        }
    }
}

/// How long a block may be for a pattern to judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The pattern must cover the whole block (it is anchored).
    Whole,
    /// Blocks of up to `SHORT_WORDS` words.
    Short,
    /// Blocks of up to `LONG_WORDS` words: the phrase is specific enough.
    Long,
}

/// Word count up to which `Scope::Short` patterns apply.
const SHORT_WORDS: usize = 25;
/// Word count up to which `Scope::Long` patterns apply.
const LONG_WORDS: usize = 100;

struct Pattern {
    category: Category,
    scope: Scope,
    regex: Regex,
}

/// What a lexicon match found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconHit {
    /// Kind of boilerplate.
    pub category: Category,
    /// The phrase that matched.
    pub phrase: String,
}

fn pattern(category: Category, scope: Scope, alternatives: &[&str]) -> Pattern {
    // ASCII word boundaries keep the regex on its fast DFA engines (a Unicode `\b` forces
    // the slow ones on non-ASCII text); every boundary here sits next to an ASCII letter.
    let body = alternatives.join("|").replace(r"\b", r"(?-u:\b)");
    let source = match scope {
        // A whole line made of one or more of the phrases: "Accept  Settings  Reject".
        Scope::Whole => format!(r"(?i)^\W*(?:(?:{body})\W*)+$"),
        _ => format!(r"(?i)(?:{body})"),
    };
    Pattern {
        category,
        scope,
        // The patterns are literals of this file; a typo is caught by the unit tests.
        regex: Regex::new(&source).unwrap_or_else(|e| panic!("bad lexicon pattern: {e}")),
    }
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    use Category::*;
    use Scope::*;
    vec![
        pattern(
            Consent,
            Long,
            &[
                r"\b(?:we|this (?:web)?site|our (?:web)?site) uses? cookies",
                r"\buse of cookies\b",
                r"\bcookie (?:policy|settings|preferences|consent)",
                r"\bconsent to (?:the use|our use|cookies)",
                r"\bby (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:web)?site\b",
                r"wir verwenden cookies",
                r"diese (?:web)?seite verwendet cookies",
                r"nous utilisons des cookies",
                r"ce site utilise des cookies",
                r"utilizamos cookies",
                r"este sitio (?:web )?utiliza cookies",
                r"vi använder (?:cookies|kakor)",
                r"webbplatsen använder (?:cookies|kakor)",
                r"쿠키를 사용",
                r"\bwe value your privacy\b",
                r"\bpartners? (?:store|use|process)\b",
                r"\bstore and(?:/or)? access information\b",
                r"nous et nos partenaires",
                r"wir und unsere partner",
                r"nosotros y nuestros socios",
                r"vi och våra partner",
                r"クッキーを使用",
                r"cookieを使用",
                r"使用cookie",
                r"使用 cookie",
            ],
        ),
        pattern(
            Consent,
            Short,
            &[
                r"\bcookies?\b",
                r"\bprivacy (?:policy|settings|notice)\b",
                r"\bgdpr\b",
                r"\bconsent\b",
                r"\baccept (?:all|cookies)\b",
                r"\bmanage (?:preferences|settings|options)\b",
                r"\bdatenschutz",
                r"\beinwilligung",
                r"\bpolitique de confidentialité",
                r"\bpolítica de (?:privacidad|cookies)",
                r"\bkakor\b",
                r"\bintegritetspolicy",
                r"쿠키",
                r"개인정보",
                r"クッキー",
                r"プライバシー",
                r"隐私政策",
                r"隱私權",
            ],
        ),
        pattern(
            Consent,
            Whole,
            &[
                r"accept(?:er|ar)?\s*!?",
                r"akzeptieren",
                r"alle akzeptieren",
                r"tout accepter",
                r"aceptar todo",
                r"godkänn(?: alla)?",
                r"ok(?:ay)?",
                r"got it",
                r"i agree",
                r"agree",
                r"learn more",
                r"more info",
                r"reject all",
                r"paramétrer",
                r"configurar",
                r"continuer sans accepter",
                r"continuar sin aceptar",
                r"詳細設定",
                r"了解更多",
                r"设置",
                r"manage options",
                r"more options",
                r"accept (?:and|&) close",
                r"alle ablehnen",
                r"nur notwendige",
                r"preferences",
                r"decline",
                r"avböj",
                r"ablehnen",
                r"refuser",
                r"rechazar",
                r"settings",
                r"einstellungen",
                r"inställningar",
                r"dismiss",
                r"buttons=.*",
                r"동의",
                r"同意(?:する)?",
                r"接受",
            ],
        ),
        pattern(
            Newsletter,
            Long,
            &[
                r"\bsign up for (?:our|the)\b.{0,40}\bnewsletter",
                r"\bsubscribe to (?:our|the)\b.{0,40}\b(?:newsletter|channel|podcast)",
                r"abonnez-vous à (?:notre|la) newsletter",
                r"suscríbete a nuestro boletín",
                r"prenumerera på vårt nyhetsbrev",
                r"newsletter abonnieren",
            ],
        ),
        pattern(
            Newsletter,
            Short,
            &[
                r"\bnewsletters?\b",
                r"\bsubscribe\b",
                r"\bsubscription\b",
                r"\bsign up\b",
                r"\binbox\b",
                r"\bdon'?t spam\b",
                r"\bno spam\b",
                r"\bdownload\b.{0,30}\bapp\b",
                r"\bget (?:our|the)\b.{0,30}\bapp\b",
                r"\bpush notifications\b",
                r"\bnews alerts\b",
                r"\bdownload (?:our|the) app\b",
                r"\bget (?:our|the) app\b",
                r"\babonnieren\b",
                r"\babonnez-vous\b",
                r"\bs'abonner\b",
                r"\binscrivez-vous\b",
                r"\bsuscr[ií]be",
                r"\bbolet[ií]n\b",
                r"\bprenumerera",
                r"\bnyhetsbrev",
                r"뉴스레터",
                r"구독",
                r"ニュースレター",
                r"購読",
                r"订阅",
                r"訂閱",
            ],
        ),
        pattern(
            Social,
            Long,
            &[
                r"\bfollow (?:us|the|our)\b.{0,80}\b(?:channel|on (?:whatsapp|telegram|facebook|twitter|x|instagram|youtube|linkedin|google news|threads|tiktok))",
                r"\bjoin (?:us|our) (?:on )?(?:whatsapp|telegram)",
                r"(?:folgen sie uns|suivez-nous|síguenos|följ oss)",
            ],
        ),
        pattern(
            Social,
            Short,
            &[
                r"\bshare (?:this|on|via|the)\b",
                r"\bfollow us\b",
                r"\bclick to share\b",
                r"\bcopy link\b",
                r"\bteilen\b",
                r"\bpartager\b",
                r"\bcompartir\b",
                r"\bdela (?:på|artikeln)\b",
                r"공유하기",
                r"シェアする",
                r"分享到",
            ],
        ),
        pattern(
            Social,
            Whole,
            &[
                r"(?:(?:share|tweet|pin|email|e-mail|print|facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest|flipboard|messenger|copy(?: link)?|threads|bluesky|mail|line|kakaotalk|카카오톡|페이스북|트위터|lineで送る|はてブ|ツイート|ポスト|ブックマーク|微博|微信|qq|wechat|weibo|kakao|band|naver|copy url|share)\W*){1,12}",
                r"like this",
                r"like",
                r"loading\.*",
                r"like loading\.*",
                r"share(?: this)?(?: post| article| story)?\s*:?",
                r"teilen",
                r"partager",
                r"compartir",
                r"dela",
                r"공유",
                r"シェア",
                r"分享",
            ],
        ),
        pattern(
            Comments,
            Long,
            &[
                r"\byour email address will not be published",
                r"\brequired fields are marked",
                r"\bcomments? (?:posted|published) (?:here|on this)",
                r"\bcomment(?:ing)? (?:policy|guidelines)",
                r"\brefrain from (?:using|posting)\b.{0,60}\bcomments?",
                r"\bcomments are (?:closed|moderated)",
                r"\bihre e-mail-adresse wird nicht veröffentlicht",
                r"\bvotre adresse (?:e-mail|courriel) ne sera pas publiée",
                r"\btu dirección de correo electrónico no será publicada",
                r"\bdin e-postadress kommer inte publiceras",
            ],
        ),
        pattern(
            Comments,
            Short,
            &[
                r"\bleave a (?:reply|comment)\b",
                r"\bpost a comment\b",
                r"\badd a comment\b",
                r"\bjoin the (?:conversation|discussion)\b",
                r"\bbe the first to comment\b",
                r"\blog ?in to comment\b",
                r"\bview comments\b",
                r"\bshow comments\b",
                r"\bkommentar (?:schreiben|verfassen)\b",
                r"\blaisser un commentaire\b",
                r"\bdeja (?:un|tu) comentario\b",
                r"\blämna en kommentar\b",
                r"댓글",
                r"コメントを(?:書く|投稿)",
                r"发表评论",
                r"評論",
            ],
        ),
        pattern(
            Comments,
            Whole,
            &[
                r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?",
                r"kommentare?",
                r"commentaires?",
                r"comentarios?",
                r"kommentarer",
                r"reply",
                r"antworten",
                r"répondre",
                r"responder",
                r"svara",
                r"コメント",
                r"评论",
            ],
        ),
        pattern(
            Advertising,
            Short,
            &[
                r"^\W*(?:advertisement|advertising|sponsored(?: content)?|paid content|anzeige|werbung|publicité|publicidad|annons|광고|広告|广告|廣告)\b",
                r"\b(?:story|article) continues below\b",
                r"\bcontinue reading below\b",
                r"\bscroll to continue\b",
                r"\bad feedback\b",
                r"\bpromoted (?:stories|content)\b",
            ],
        ),
        pattern(
            Related,
            Short,
            &[
                r"^\W*related(?: (?:articles?|stories|news|posts|coverage|content|reading|topics))?\W*$",
                r"^\W*(?:more (?:from|on|in|stories|news|articles)|read (?:more|also|next)|also read|see also|further reading)\b",
                r"^\W*(?:you (?:may|might) (?:also )?(?:like|be interested)|recommended(?: for you| stories| articles| reading)?|don'?t miss|trending(?: now)?|most (?:read|popular|viewed|shared)|top stories|latest (?:news|stories)|editor'?s picks)\W*$",
                r"^\W*what (?:people|readers|others) (?:are )?say(?:ing)?\W*$",
                r"^\W*live(?: updates| blog)?\s*:",
                r"^\W*(?:verwandte|ähnliche|weitere) (?:artikel|themen|nachrichten)\W*$",
                r"^\W*(?:mehr zum thema|lesen sie auch|das könnte sie (?:auch )?interessieren|meistgelesen)",
                r"^\W*(?:à lire aussi|lire aussi|sur le même sujet|articles? similaires|les plus lus|voir aussi)",
                r"^\W*(?:noticias relacionadas|art[ií]culos relacionados|te puede interesar|lee también|más noticias|lo más leído|ver también)",
                r"^\W*(?:relaterade artiklar|relaterat|läs (?:också|även|mer)|mer om|mest lästa|vad (?:folk|andra) säger)",
                r"관련\s?기사",
                r"많이 본 뉴스",
                r"추천 기사",
                r"関連記事",
                r"おすすめ記事",
                r"あわせて読みたい",
                r"相关(?:新闻|文章|阅读)",
                r"推荐阅读",
                r"相關(?:新聞|文章)",
                r"延伸閱讀",
            ],
        ),
        pattern(
            Copyright,
            Short,
            &[
                r"©",
                r"\(c\)\s*\d{4}",
                r"\bcopyright\b",
                r"\ball rights reserved\b",
                r"\bpurchase licensing rights\b",
                r"\bour standards\b",
                r"\b(?:trust|editorial) principles\b",
                r"\balle rechte vorbehalten\b",
                r"\btous droits réservés\b",
                r"\btodos los derechos reservados\b",
                r"\balla rättigheter förbehållna\b",
                r"무단\s?전재",
                r"재배포 금지",
                r"無断転載",
                r"版权所有",
                r"版權所有",
            ],
        ),
        pattern(
            Byline,
            Whole,
            &[
                r"(?:written|posted|published|reported|edited|updated|last updated|by)(?: by| on| at)?\s*:?",
                r"(?:written|posted|reported|edited) by\s+(?-i:\p{Lu})[\p{L}.'\- ]{1,60}",
                r"by\s+(?-i:\p{Lu})[\p{L}.'\-]+(?:\s+(?-i:\p{Lu})[\p{L}.'\-]+){0,3}(?:\s*(?:,|\||and|&)\s*.{0,60})?",
                r"(?:rapporterad|skriven|publicerad) av\b.{0,60}",
                r"(?:von|par|por|av)\s+(?-i:\p{Lu})[\p{L}.'\-]+(?:\s+(?-i:\p{Lu})[\p{L}.'\-]+){0,3}",
                r"\d+\s*(?:min(?:ute)?s?|minuten|minutes)\s*(?:read|lesezeit|de lecture|de lectura|läsning)",
                r"(?:published|updated|posted|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|publicerad|uppdaterad)\s*:?\s*[\d\p{L} ,:./\-]{4,40}",
                r"\p{L}{1,4}\s?기자",
                r"(?:reporting|editing|additional reporting|writing) by\b.{0,120}",
                r"(?:编辑|責任編集|편집|责任编辑)\s*[:：].{0,20}",
                r"(?:temps de lecture|reading time|lesezeit|tiempo de lectura|lästid|読了時間)\s*:?\s*\d+\s*(?:min\w*|分)?",
                r"(?:by|von|par|por|av)\s+(?-i:\p{Lu})[\p{L}.'’\-]+(?:\s+(?-i:\p{Lu})[\p{L}.'’\-]+){0,3}\s*[,/|·]\s*.{0,60}",
                r".{1,12}記者",
                r"责任编辑\s*[:：].{0,20}",
                r"\p{L}{2,4}\s?특파원",
            ],
        ),
        pattern(
            Byline,
            Long,
            &[
                r"^(?-i:\p{Lu})[\p{L}.'’\- ]{1,40}\b(?:covers|reports on|writes about)\b.{0,100}\b(?:for|at)\b",
                r"^(?-i:\p{Lu})[\p{L}.'’\- ]{1,40}\bis an? (?:senior |staff |chief |former )?(?:correspondent|reporter|writer|editor|columnist)\b",
            ],
        ),
        pattern(
            Credit,
            Short,
            &[
                r"\bimage (?:source|credit)s?\b",
                r"\b(?:photo|foto|bild|image|crédit photo|credit|fotó)\s*:\s*[\p{L}\d/ .&\-]{2,40}$",
                r"(?:\.|^)\s*(?-i:(?:(?:EFE|AFP|AP|dpa|DPA|Reuters|Yonhap|Xinhua|Kyodo|EPA|Getty Images|TT|NTB|ANSA|KCNA|Newsis|News1|연합뉴스|뉴시스)(?:\s*[/|,]\s*)?)+)\s*$",
                r"\bphoto (?:credit|by|courtesy)\b",
                r"^\W*(?:photo|image|picture|credit|foto|bild|bildquelle|quelle|source|illustration)\s*[:：=]",
                r"\b(?:getty|afp|reuters|ap|epa|yonhap|xinhua|shutterstock|alamy|dpa|tt|ritzau|efe|pa) (?:images|photos?|via getty)\b",
                r"\((?:photo|file photo|image|foto|bild|사진|写真|图片|圖片|照片)[^)]*\)\s*$",
                r"\bfile photo\b",
                r"\b(?:image|picture|photo|bild|foto) (?:generated|generad|genererad|erstellt|générée?) (?:by|av|von|par|por|mit|with)\b.{0,20}",
                r"\bbild genererad av\b",
                r"^\W*(?:사진|写真|图片|圖片|图|来源)\s*[:：=]",
                r"사진\s?출처",
                r"图片来源",
            ],
        ),
        pattern(
            Navigation,
            Whole,
            &[
                r"menu",
                r"main menu",
                r"navigation",
                r"toggle navigation",
                r"home",
                r"search",
                r"log ?in",
                r"sign ?in",
                r"register",
                r"close",
                r"open",
                r"skip to (?:main )?content",
                r"scroll to top",
                r"back to top",
                r"next",
                r"previous",
                r"print",
                r"listen",
                r"listen to (?:this )?article.{0,20}",
                r"(?:font|text) size.{0,10}",
                r"a[+\-]?",
                r"font",
                r"e-?mail",
                r"post navigation",
                r"previous post",
                r"next post",
                r"search for",
                r"(?:suggested )?topics",
                r"(?:tags|filed under|archivado en|themen|mots-clés|etiquetas|taggar|categories)\s*:.{0,120}",
                r"listen to (?:this )?article",
                r".{0,30}\bicon",
                r"startseite",
                r"suche",
                r"accueil",
                r"recherche",
                r"inicio",
                r"buscar",
                r"meny",
                r"sök",
                r"hem",
                r"메뉴",
                r"검색",
                r"メニュー",
                r"検索",
                r"菜单",
                r"搜索",
                r"首页",
            ],
        ),
    ]
});

/// All patterns in one automaton: most lines match none, and one scan tells.
static ANY: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    // The union of every multilingual, Unicode-aware pattern is larger than the default limit.
    regex::RegexSetBuilder::new(PATTERNS.iter().map(|p| p.regex.as_str()))
        .size_limit(64 << 20)
        .dfa_size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("bad lexicon pattern set: {e}"))
});

/// Finds the first boilerplate phrase that may judge a block of `words` words.
pub fn find(text: &str, words: usize) -> Option<LexiconHit> {
    if words > LONG_WORDS {
        return None;
    }
    let matched = ANY.matches(text);
    if !matched.matched_any() {
        return None;
    }
    PATTERNS
        .iter()
        .enumerate()
        .filter(|(i, _)| matched.matched(*i))
        .find_map(|(_, p)| {
            let allowed = match p.scope {
                Scope::Whole => words <= SHORT_WORDS,
                Scope::Short => words <= SHORT_WORDS,
                Scope::Long => words <= LONG_WORDS,
            };
            if !allowed {
                return None;
            }
            p.regex.find(text).map(|m| LexiconHit {
                category: p.category,
                phrase: m.as_str().trim().to_string(),
            })
        })
}

/// True when a short block is the header of a related-stories or comments tail.
pub fn is_tail_header(text: &str, words: usize) -> Option<LexiconHit> {
    if words > 8 {
        return None;
    }
    find(text, words).filter(|h| {
        matches!(h.category, Category::Related) || (h.category == Category::Comments && words <= 5)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(text: &str) -> Option<Category> {
        find(text, text.split_whitespace().count()).map(|h| h.category)
    }

    #[test]
    fn patterns_compile() {
        assert!(!PATTERNS.is_empty());
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
        assert_eq!(
            cat("Facebook Twitter WhatsApp Email"),
            Some(Category::Social)
        );
        assert_eq!(cat("– Advertisement –"), Some(Category::Advertising));
        assert_eq!(cat("Photo: Reuters"), Some(Category::Credit));
        assert_eq!(cat("By Jane Doe | March 3, 2025"), Some(Category::Byline));
        assert_eq!(cat("Scroll to Top"), Some(Category::Navigation));
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
}

//! Deterministic generator of raw, boilerplate-laden articles about the default topics.
//! Shared by `examples/gen_corpus.rs` and the benchmarks.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// Small deterministic generator (SplitMix64), so corpora are identical for a seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SUBJECTS: &[&str] = &[
    "President Lee Jae Myung",
    "The foreign minister",
    "Seoul's top envoy",
    "The national security adviser",
    "A senior presidential aide",
    "The unification minister",
    "Opposition lawmakers",
    "Trade officials",
    "Defence officials",
    "The prime minister",
];
const TOPIC_PHRASES: &[&[&str]] = &[
    &[
        "the alliance with the United States",
        "talks with Washington",
        "the tariff deal with the Trump administration",
        "U.S. forces stationed in Korea",
        "the joint fact sheet agreed with Washington",
        "extended deterrence from the US",
    ],
    &[
        "relations with Beijing",
        "the summit with Xi Jinping",
        "the won-yuan currency swap",
        "Chinese restrictions on Korean firms",
        "trade with China",
        "China's structures in the West Sea",
    ],
    &[
        "dialogue with Pyongyang",
        "North Korea's missile launches",
        "Kim Jong Un's refusal to talk",
        "denuclearisation of the peninsula",
        "inter-Korean liaison channels",
        "the North's nuclear programme",
    ],
];
const VERBS: &[&str] = &[
    "said on Tuesday that progress on",
    "warned that any delay in",
    "told reporters that",
    "argued in parliament that",
    "stressed in a televised briefing that",
    "acknowledged that",
    "promised that work on",
];
const ENDINGS: &[&str] = &[
    "would remain a priority for the rest of the year.",
    "could not be separated from the wider economic picture.",
    "depended on careful coordination with partners in the region.",
    "would be discussed again at the next cabinet meeting.",
    "had reached a more stable footing after months of uncertainty.",
    "still faced resistance from several quarters.",
    "required patience rather than quick announcements.",
    "was likely to shape the budget debate in the autumn.",
];
const NEUTRAL: &[&str] = &[
    "Officials declined to give a timetable, saying details were still being worked out.",
    "Markets in Seoul were little changed after the remarks.",
    "Analysts said the government was trying to balance competing pressures at home and abroad.",
    "Polls published last week showed voters divided on the government's foreign policy.",
    "The statement did not say when the next round of meetings would take place.",
    "Several experts cautioned that public expectations should be kept in check.",
    "The remarks were broadcast live and drew wide coverage in the domestic press.",
];
const BOILERPLATE_TOP: &[&str] = &[
    "Menu",
    "Skip to content",
    "Subscribe to our newsletter",
    "We use cookies to improve your experience. Accept all",
    "Follow us on Telegram",
    "Home",
    "Search",
];
const BOILERPLATE_TAIL: &[&str] = &[
    "Share this article",
    "Facebook Twitter WhatsApp Email",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "– Advertisement –",
    "© 2025 Example Media. All rights reserved.",
    "Scroll to Top",
];

/// Topic slugs of the default site, in generator order.
pub const TOPIC_SLUGS: [&str; 3] = ["us-ties", "china-ties", "north-korea"];

/// One generated article: the raw dump and, for the Hugo twin, its clean parts.
pub struct Generated {
    /// The raw text, boilerplate included.
    pub raw: String,
    /// The headline.
    pub title: String,
    /// Body blocks (paragraphs and subheadings) as markdown.
    pub body: Vec<String>,
    /// Topic slugs the article is about.
    pub topics: Vec<&'static str>,
}

/// One raw article.
pub fn article(rng: &mut Rng, n: usize) -> String {
    generate(rng, n).raw
}

/// One article with its clean parts.
pub fn generate(rng: &mut Rng, n: usize) -> Generated {
    let focus = rng.below(3);
    let second = (focus + 1 + rng.below(2)) % 3;
    let title = format!(
        "{} on {} ({n})",
        rng.pick(&[
            "Seoul weighs options",
            "Lee signals caution",
            "Officials split",
            "New push",
            "Cabinet debates"
        ]),
        rng.pick(TOPIC_PHRASES[focus])
    );
    let mut out = String::new();
    for _ in 0..rng.below(3) {
        let _ = writeln!(out, "{}\n", rng.pick(BOILERPLATE_TOP));
    }
    let _ = writeln!(out, "{title}\n\n{title}\n");
    let mut body = Vec::new();
    let paragraphs = 8 + rng.below(5);
    for p in 0..paragraphs {
        if p == 3 {
            let _ = writeln!(out, "Officials at a briefing in Seoul.\nPhoto: Yonhap\n");
        }
        if p == 5 && rng.below(2) == 0 {
            let heading = format!("What comes next for {}", rng.pick(TOPIC_PHRASES[focus]));
            let _ = writeln!(out, "{heading}\n");
            body.push(format!("## {heading}"));
        }
        let mut para = Vec::new();
        for s in 0..3 + rng.below(3) {
            let topic = if s == 0 || rng.below(3) > 0 {
                focus
            } else {
                second
            };
            para.push(if rng.below(4) == 0 {
                rng.pick(NEUTRAL).to_string()
            } else {
                format!(
                    "{} {} {} {}",
                    rng.pick(SUBJECTS),
                    rng.pick(VERBS),
                    rng.pick(TOPIC_PHRASES[topic]),
                    rng.pick(ENDINGS)
                )
            });
        }
        let paragraph = para.join(" ");
        let _ = writeln!(out, "{paragraph}\n");
        body.push(paragraph);
    }
    for _ in 0..2 + rng.below(3) {
        let _ = writeln!(out, "{}\n", rng.pick(BOILERPLATE_TAIL));
    }
    let other = rng.below(3);
    let _ = writeln!(
        out,
        "Related articles\n\n{}\n",
        rng.pick(TOPIC_PHRASES[other])
    );
    let mut topics = vec![TOPIC_SLUGS[focus]];
    // The second topic fills about a quarter of the sentences: count it as a topic too.
    topics.push(TOPIC_SLUGS[second]);
    Generated {
        raw: out,
        title,
        body,
        topics,
    }
}

/// Writes the Hugo twin of [`write_site`]'s articles: the same titles and cleaned bodies
/// as markdown with a `topics` taxonomy, and minimal layouts rendering one page per
/// article, paginated topic pages (30 a page, like briefing) and a home page listing
/// eight articles per topic — comparable work to `briefing build`.
pub fn write_hugo_site(dir: &Path, n: usize, seed: u64) -> std::io::Result<()> {
    let content = dir.join("content/articles");
    std::fs::create_dir_all(&content)?;
    let layouts = dir.join("layouts/_default");
    std::fs::create_dir_all(&layouts)?;
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'Seoul Diplomacy Briefing'\ndisableKinds = ['RSS', 'sitemap', 'robotsTXT']\n[taxonomies]\ntopic = 'topics'\n[pagination]\npagerSize = 30\n",
    )?;
    let page = |body: &str| {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{{{ .Title }}}}</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><header><a href=\"/\">{{{{ site.Title }}}}</a></header><main>{body}</main></body></html>\n"
        )
    };
    std::fs::write(
        layouts.join("single.html"),
        page("<article><h1>{{ .Title }}</h1>{{ .Content }}</article>"),
    )?;
    std::fs::write(
        layouts.join("list.html"),
        page(
            "<h1>{{ .Title }}</h1><ol>{{ range (.Paginate .Pages).Pages }}<li><h2><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h2><p>{{ .Summary }}</p></li>{{ end }}</ol>{{ template \"_internal/pagination.html\" . }}",
        ),
    )?;
    std::fs::write(
        layouts.join("terms.html"),
        page(
            "<ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>",
        ),
    )?;
    std::fs::write(
        dir.join("layouts/index.html"),
        page(
            "<h1>{{ site.Title }}</h1>{{ range $name, $pages := site.Taxonomies.topics }}<section><h2><a href=\"{{ $pages.Page.RelPermalink }}\">{{ $name }}</a></h2><ul>{{ range first 8 $pages.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></section>{{ end }}",
        ),
    )?;
    let mut rng = Rng(seed);
    for i in 0..n {
        let g = generate(&mut rng, i);
        let topics = g
            .topics
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let title = g.title.replace('"', "\\\"");
        let text = format!(
            "+++\ntitle = \"{title}\"\ntopics = [{topics}]\n+++\n\n{}\n",
            g.body.join("\n\n")
        );
        std::fs::write(content.join(format!("article-{i:06}.md")), text)?;
    }
    Ok(())
}

/// Writes a site of `n` generated articles (site.toml from the default site, seeds/, static/).
pub fn write_site(dir: &Path, n: usize, seed: u64) -> std::io::Result<()> {
    let seeds = dir.join("seeds");
    std::fs::create_dir_all(&seeds)?;
    let manifest = env!("CARGO_MANIFEST_DIR");
    std::fs::copy(Path::new(manifest).join("site.toml"), dir.join("site.toml"))?;
    std::fs::create_dir_all(dir.join("static"))?;
    std::fs::copy(
        Path::new(manifest).join("static/style.css"),
        dir.join("static/style.css"),
    )?;
    let mut rng = Rng(seed);
    for i in 0..n {
        std::fs::write(
            seeds.join(format!("article-{i:06}.txt")),
            article(&mut rng, i),
        )?;
    }
    Ok(())
}

/// [`write_site`]'s articles as one JSON Lines export (`seeds/export.jsonl`), one record a
/// line with the raw text and a URL, as a scraper would save them.
#[allow(dead_code)]
pub fn write_site_jsonl(dir: &Path, n: usize, seed: u64) -> std::io::Result<()> {
    use std::io::Write as _;
    write_site(dir, 0, seed)?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("seeds/export.jsonl"))?);
    let mut rng = Rng(seed);
    for i in 0..n {
        let record = serde_json::json!({
            "url": format!("https://gen.example/article-{i:06}"),
            "text": article(&mut rng, i),
        });
        writeln!(out, "{record}")?;
    }
    out.flush()
}

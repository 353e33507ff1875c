//! The generator of `folio-synth`: realistic synthetic editions for benchmarks and scale
//! tests, deterministic from a seed.
//!
//! The generated edition has telegrams in the PlusD text layout (export
//! heading, banners, page headers with ACTION, INFO distribution, control
//! lines, DTG, FM/TO/INFO, section lines, captions, E.O., TAGS, wrapped
//! SUBJECT, numbered and hard-wrapped paragraphs, words cut by page breaks,
//! multi-section telegrams with NNN, signature, Message Attributes), a few
//! press-digest articles, registers of thousands of persons, places,
//! organizations and topics whose aliases occur in the texts with a Zipf
//! skew (a few names in a large share of the documents), commentary with
//! passage notes for a fraction of the documents, and two essays.
//!
//! The same corpus is also written as a Hugo site (`hugo/`): each document a
//! Markdown page with front matter and `persons` / `topics` taxonomies, with a
//! minimal theme of list and term pages, so the two generators can be timed
//! on the same content.
//!
//! Everything comes from one small PRNG (SplitMix64) seeded per document, so
//! the output is the same on every machine and does not depend on the number
//! of threads.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use folio::dev::{fold, Folded};
use folio::{Error, IoContext, Result};

use crate::hugo::{hugo_page, write_hugo_skeleton, HUGO_LAYOUTS};

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    /// Number of documents (telegrams and articles).
    pub documents: usize,
    /// Seed of the generator: same seed, same edition.
    pub seed: u64,
    /// The edition folder to create (must be empty or absent).
    pub out: PathBuf,
    /// Also write the corpus as a Hugo site into `<out>/hugo`.
    pub hugo: bool,
}

/// What was generated.
#[derive(Debug, Default)]
pub struct SynthReport {
    pub documents: usize,
    pub articles: usize,
    pub commentaries: usize,
    pub notes: usize,
    pub persons: usize,
    pub places: usize,
    pub organizations: usize,
    pub topics: usize,
    pub files: usize,
}

/// SplitMix64: tiny, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// A generator for item `i` of stream `stream`, independent of the others.
    pub fn derive(seed: u64, stream: u64, i: u64) -> Rng {
        let mut r = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ stream.rotate_left(32) ^ i);
        r.next_u64();
        r
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Samples ranks 0..n with probability proportional to 1/(rank+1)^s.
struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut cdf = Vec::with_capacity(n);
        let mut total = 0.0;
        for r in 0..n {
            total += 1.0 / ((r + 1) as f64).powf(s);
            cdf.push(total);
        }
        for c in &mut cdf {
            *c /= total;
        }
        Zipf { cdf }
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        self.cdf.partition_point(|&c| c < u).min(self.cdf.len() - 1)
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "pi", "tsa", "ro", "mal", "ven", "dor", "li", "sha", "bek", "tor", "na", "vik", "zel", "mu", "ran", "gol",
    "sta", "per", "ul", "yen", "chu", "haw", "ber", "dim", "lok", "sor", "tev", "ar", "bal", "kin", "ov", "ski", "ma",
    "ter", "gan", "ho", "jin", "wen", "fal", "dra", "nis", "pol", "qua", "rel", "sem", "tul", "vos", "yar", "zim",
];
const FIRST_INITIALS: &[&str] =
    &["A.", "B.", "D.", "E.", "G.", "H.", "I.", "K.", "L.", "M.", "N.", "P.", "R.", "S.", "T.", "V.", "Y."];
const PLACE_SUFFIX: &[&str] = &["", "", "", "GRAD", "PUR", "ABAD", "VILLE", "STAN", "BURG", "PORT"];
const ORG_FORMS: &[&str] = &[
    "MINISTRY OF {}",
    "{} COUNCIL",
    "{} COMMISSION",
    "{} FRONT",
    "{} INSTITUTE",
    "{} DEVELOPMENT BANK",
    "{} WORKERS UNION",
    "{} LIBERATION MOVEMENT",
];
const ORG_SUBJECTS: &[&str] = &[
    "FOREIGN TRADE",
    "PETROLEUM",
    "NATIONAL DEFENSE",
    "AGRICULTURE",
    "INFORMATION",
    "PLANNING",
    "MINES",
    "FISHERIES",
    "SHIPPING",
    "ATOMIC ENERGY",
    "CIVIL AVIATION",
    "PUBLIC WORKS",
    "FINANCE",
    "EDUCATION",
    "HEALTH",
];
const TOPIC_THEMES: &[(&str, &str)] = &[
    ("ARMS SALES", "PARM"),
    ("GRAIN EXPORTS", "EAGR"),
    ("BORDER DISPUTE", "PBOR"),
    ("NUCLEAR SAFEGUARDS", "TECH"),
    ("HUMAN RIGHTS", "SHUM"),
    ("OIL PRICES", "ENRG"),
    ("DEBT RESCHEDULING", "EFIN"),
    ("REFUGEE FLOWS", "SREF"),
    ("MILITARY ASSISTANCE", "MASS"),
    ("TRADE TALKS", "ETRD"),
    ("CIVIL AVIATION RIGHTS", "EAIR"),
    ("FISHING LIMITS", "EWWT"),
    ("STUDENT EXCHANGES", "SCUL"),
    ("ELECTION RESULTS", "PINT"),
    ("TERRORIST INCIDENTS", "PTER"),
];
const TAG_CODES: &[&str] =
    &["PFOR", "PGOV", "PINT", "PINS", "PREL", "ECON", "EGEN", "MILI", "OVIP", "CVIS", "ASEC", "OEXC"];
const POSTS: &[&str] = &[
    "MOSCOW", "BONN", "PARIS", "LONDON", "TOKYO", "CAIRO", "TEHRAN", "LAGOS", "SAIGON", "STATE", "USUNN", "NEWDE",
    "ISLAMA", "BRASIL", "SANTIA", "ROME", "MADRID", "ANKARA", "ATHENS", "NAIROB", "MANILA", "JAKART", "BANGKO",
    "SEOUL",
];
const POST_NAMES: &[&str] = &[
    "AMEMBASSY MOSCOW",
    "AMEMBASSY BONN",
    "AMEMBASSY PARIS",
    "AMEMBASSY LONDON",
    "AMEMBASSY TOKYO",
    "AMEMBASSY CAIRO",
    "AMEMBASSY TEHRAN",
    "AMEMBASSY LAGOS",
    "AMEMBASSY SAIGON",
    "SECSTATE WASHDC",
    "USMISSION USUN NEW YORK",
    "AMEMBASSY NEW DELHI",
    "AMEMBASSY ISLAMABAD",
    "AMEMBASSY BRASILIA",
    "AMEMBASSY SANTIAGO",
    "AMEMBASSY ROME",
    "AMEMBASSY MADRID",
    "AMEMBASSY ANKARA",
    "AMEMBASSY ATHENS",
    "AMEMBASSY NAIROBI",
    "AMEMBASSY MANILA",
    "AMEMBASSY JAKARTA",
    "AMEMBASSY BANGKOK",
    "AMEMBASSY SEOUL",
];
const INFO_ADDRESSEES: &[&str] = &[
    "AMEMBASSY BANGKOK",
    "AMEMBASSY CANBERRA",
    "USMISSION GENEVA",
    "AMCONSUL HONG KONG",
    "CINCPAC HONOLULU HI",
    "AMEMBASSY LONDON",
    "AMEMBASSY PARIS",
    "USLO PEKING",
    "AMEMBASSY SINGAPORE",
    "AMEMBASSY TOKYO",
    "USMISSION USNATO",
    "USMISSION USBERLIN",
    "AMEMBASSY VIENNA",
    "AMEMBASSY BRUSSELS",
    "AMCONSUL FRANKFURT",
];
const OFFICES: &[&str] = &[
    "OCT-01", "EA-10", "NEA-10", "IO-13", "ISO-00", "CIAE-00", "DODE-00", "PM-05", "H-01", "INR-10", "L-03", "NSAE-00",
    "NSC-05", "PA-01", "SP-02", "SS-15", "ICA-11", "ACDA-12", "OMB-01", "TRSE-00", "EB-08", "AF-06", "ARA-10",
];
const ACTIONS: &[&str] = &["EUR-12", "EA-10", "NEA-10", "AF-08", "ARA-14", "IO-13", "SY-05", "EB-08"];
const MONTHS: &[&str] = &["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const CLASSES: &[&str] = &["CONFIDENTIAL", "CONFIDENTIAL", "UNCLASSIFIED", "LIMITED OFFICIAL USE", "SECRET"];
const SIGNATURES: &[&str] = &["TOON", "STOESSEL", "VANCE", "KISSINGER", "SULLIVAN", "HUMMEL", "GOHEEN", "BREWSTER"];
const CAPTIONS: &[&str] = &["USSALTTWO", "CINCPAC FOR POLAD", "USCINCEUR FOR POLAD", "DEPT PASS DOD", "EXDIS"];
/// Body vocabulary: the connective tissue of diplomatic reporting.
const WORDS: &[&str] = &[
    "THE",
    "THE",
    "THE",
    "OF",
    "OF",
    "AND",
    "AND",
    "TO",
    "TO",
    "IN",
    "IN",
    "THAT",
    "A",
    "ON",
    "WITH",
    "FOR",
    "AS",
    "BY",
    "GOVERNMENT",
    "MINISTER",
    "OFFICIALS",
    "DELEGATION",
    "TALKS",
    "AGREEMENT",
    "POSITION",
    "QUESTION",
    "ISSUE",
    "RELATIONS",
    "POLICY",
    "SITUATION",
    "PROPOSAL",
    "DISCUSSIONS",
    "VISIT",
    "MEETING",
    "SOURCES",
    "PRESS",
    "EMBASSY",
    "DEPARTMENT",
    "AMBASSADOR",
    "CONSULTATIONS",
    "REPORT",
    "STATEMENT",
    "COMMUNIQUE",
    "CONFERENCE",
    "SESSION",
    "SAID",
    "STATED",
    "NOTED",
    "INDICATED",
    "EMPHASIZED",
    "REPEATED",
    "EXPRESSED",
    "CONCERN",
    "INTEREST",
    "SUPPORT",
    "WOULD",
    "COULD",
    "SHOULD",
    "MIGHT",
    "WILL",
    "HAS",
    "HAD",
    "IS",
    "WAS",
    "ARE",
    "WERE",
    "NOT",
    "NO",
    "ALSO",
    "NEW",
    "FURTHER",
    "RECENT",
    "CURRENT",
    "SERIOUS",
    "POSSIBLE",
    "LIKELY",
    "EARLY",
    "FUTURE",
    "PRESENT",
    "GENERAL",
    "ECONOMIC",
    "MILITARY",
    "POLITICAL",
    "SECURITY",
    "BILATERAL",
    "REGIONAL",
    "INTERNATIONAL",
    "DOMESTIC",
    "OFFICIAL",
    "PARTY",
    "LEADERSHIP",
    "ARMY",
    "TROOPS",
    "BORDER",
    "TRADE",
    "CREDITS",
    "PRICES",
    "PRODUCTION",
    "SUPPLIES",
    "WEEK",
    "MONTH",
    "YEAR",
    "TIME",
    "NEXT",
    "LAST",
    "BEFORE",
    "AFTER",
    "DURING",
    "SINCE",
    "UNTIL",
    "WHILE",
    "BELIEVE",
    "EXPECT",
    "WANT",
    "CONSIDER",
    "UNDERSTAND",
    "REQUEST",
    "RECOMMEND",
    "PROPOSE",
    "ACCEPT",
    "REJECT",
    "CLEAR",
    "DIFFICULT",
    "IMPORTANT",
    "NECESSARY",
    "UNLIKELY",
    "PREPARED",
    "READY",
    "ABLE",
    "WILLING",
    "OUR",
    "THEIR",
    "HIS",
    "ITS",
    "THIS",
    "THESE",
    "THOSE",
    "WHICH",
    "WHO",
    "ANY",
    "SOME",
    "MORE",
    "MOST",
    "OTHER",
    "FOREIGN",
    "MINISTRY",
    "COUNTRY",
    "CAPITAL",
    "REGIME",
    "OPPOSITION",
    "CABINET",
    "ASSEMBLY",
    "PROVINCE",
    "REGION",
];
const SENTENCE_OPENERS: &[&str] = &[
    "ACCORDING TO",
    "IN CONVERSATION WITH EMBOFF,",
    "ASKED ABOUT",
    "COMMENTING ON",
    "WITH REGARD TO",
    "AS REPORTED REFTEL,",
    "IN HIS VIEW,",
    "PRIVATELY,",
    "AT THE SAME TIME,",
    "NEVERTHELESS,",
];

/// A register entry as generated.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) aliases: Vec<String>,
    pub(crate) description: String,
    pub(crate) tags: Vec<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Registers {
    pub(crate) persons: Vec<Entity>,
    pub(crate) places: Vec<Entity>,
    pub(crate) organizations: Vec<Entity>,
    pub(crate) topics: Vec<Entity>,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn capitalize(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn made_up_word(rng: &mut Rng, min: usize, max: usize) -> String {
    let n = rng.range(min, max);
    (0..n).map(|_| *rng.pick(SYLLABLES)).collect::<String>().to_uppercase()
}

/// Register sizes for an edition of `docs` documents: thousands for real
/// editions, fewer for tiny ones.
fn register_sizes(docs: usize) -> (usize, usize, usize, usize) {
    let scale = |full: usize, min: usize| (docs * full / 10_000).clamp(min, full);
    (scale(3000, 20), scale(1200, 10), scale(600, 6), scale(240, 15))
}

fn generate_registers(seed: u64, docs: usize) -> Registers {
    let mut rng = Rng::derive(seed, 1, 0);
    let (np, nl, no, nt) = register_sizes(docs);
    // Every alias is claimed once, across all registers, and never collides
    // with the body vocabulary.
    let mut taken: HashSet<String> = WORDS.iter().map(|w| w.to_string()).collect();
    for w in SENTENCE_OPENERS.iter().chain(POSTS).chain(SIGNATURES).chain(CAPTIONS) {
        taken.insert(w.to_string());
    }
    let mut ids: HashSet<String> = HashSet::new();
    let mut unique_id = |base: String| {
        let mut id = base.clone();
        let mut k = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{k}");
            k += 1;
        }
        id
    };
    let mut regs = Registers::default();
    while regs.persons.len() < np {
        let surname = made_up_word(&mut rng, 2, 3);
        let given = capitalize(&made_up_word(&mut rng, 2, 3));
        let initial = rng.pick(FIRST_INITIALS).to_string();
        let full = format!("{} {surname}", given.to_uppercase());
        let short = format!("{initial} {surname}");
        // Common surnames are shared: then only the full forms are aliases.
        let mut aliases = Vec::new();
        for a in [surname.clone(), full.clone(), short] {
            if taken.insert(a.clone()) {
                aliases.push(a);
            }
        }
        if aliases.is_empty() {
            continue;
        }
        let name = format!("{given} {}", capitalize(&surname));
        let id = unique_id(slug(&name));
        let description = format!(
            "{} official; appears in reporting from {} to {}.",
            capitalize(&made_up_word(&mut rng, 2, 2)),
            1973 + rng.below(3),
            1976 + rng.below(4)
        );
        regs.persons.push(Entity { id, name, aliases, description, tags: vec![] });
    }
    while regs.places.len() < nl {
        let base = made_up_word(&mut rng, 2, 3);
        let name_up = format!("{base}{}", rng.pick(PLACE_SUFFIX));
        if !taken.insert(name_up.clone()) {
            continue;
        }
        let name = capitalize(&name_up);
        let id = unique_id(slug(&name));
        let kind = if rng.chance(0.3) { "Province" } else { "City" };
        regs.places.push(Entity {
            id,
            name,
            aliases: vec![name_up],
            description: format!("{kind} in the reporting."),
            tags: vec![],
        });
    }
    while regs.organizations.len() < no {
        let form = rng.pick(ORG_FORMS);
        let subject = if form.starts_with("MINISTRY") {
            format!("{} {}", rng.pick(ORG_SUBJECTS), made_up_word(&mut rng, 2, 2))
        } else {
            made_up_word(&mut rng, 2, 3)
        };
        let full = form.replace("{}", &subject);
        if !taken.insert(full.clone()) {
            continue;
        }
        let name = capitalize(&full);
        let id = unique_id(slug(&name));
        regs.organizations.push(Entity {
            id,
            name,
            aliases: vec![full],
            description: "Organization named in the reporting.".into(),
            tags: vec![],
        });
    }
    let mut t = 0;
    while regs.topics.len() < nt {
        let (theme, tag) = TOPIC_THEMES[t % TOPIC_THEMES.len()];
        t += 1;
        let region = made_up_word(&mut rng, 2, 2);
        let phrase = if t <= TOPIC_THEMES.len() { theme.to_string() } else { format!("{region} {theme}") };
        if !taken.insert(phrase.clone()) {
            continue;
        }
        let name = capitalize(&phrase);
        let id = unique_id(slug(&name));
        let tags = if t <= TOPIC_THEMES.len() { vec![tag.to_string()] } else { vec![] };
        regs.topics.push(Entity {
            id,
            name,
            aliases: vec![phrase],
            description: format!("Reporting on {}.", theme.to_lowercase()),
            tags,
        });
    }
    regs
}

pub(crate) fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn register_toml(table: &str, entries: &[Entity]) -> String {
    let mut s = String::with_capacity(entries.len() * 200);
    let _ = writeln!(s, "# Synthetic register written by `folio synth`.\n");
    for e in entries {
        let _ = writeln!(s, "[[{table}]]");
        let _ = writeln!(s, "id = {}", toml_str(&e.id));
        let _ = writeln!(s, "name = {}", toml_str(&e.name));
        let aliases: Vec<String> = e.aliases.iter().map(|a| toml_str(a)).collect();
        let _ = writeln!(s, "aliases = [{}]", aliases.join(", "));
        let _ = writeln!(s, "description = {}", toml_str(&e.description));
        if !e.tags.is_empty() {
            let tags: Vec<String> = e.tags.iter().map(|a| toml_str(a)).collect();
            let _ = writeln!(s, "tags = [{}]", tags.join(", "));
        }
        s.push('\n');
    }
    s
}

/// Zipf samplers over each register.
struct Samplers {
    persons: Zipf,
    places: Zipf,
    organizations: Zipf,
    topics: Zipf,
}

/// One generated document.
pub(crate) struct GenDoc {
    pub(crate) id: String,
    pub(crate) raw: String,
    pub(crate) date: (u32, u32, u32),
    pub(crate) title: String,
    pub(crate) persons: Vec<usize>,
    pub(crate) topics: Vec<usize>,
    pub(crate) places: Vec<usize>,
    /// Commentary Markdown, when the document has one.
    pub(crate) commentary: Option<String>,
    pub(crate) notes: usize,
    pub(crate) article: bool,
}

fn sentence(rng: &mut Rng, names: &[&str]) -> String {
    let mut words: Vec<String> = Vec::new();
    if rng.chance(0.2) {
        words.push(rng.pick(SENTENCE_OPENERS).to_string());
    }
    let n = rng.range(8, 22);
    let slot = if names.is_empty() { usize::MAX } else { rng.below(n) };
    for i in 0..n {
        if i == slot {
            words.push(rng.pick(names).to_string());
        }
        words.push(rng.pick(WORDS).to_string());
    }
    if rng.chance(0.15) {
        words.push(format!("{}", rng.range(2, 950)));
        words.push("PERCENT".into());
    }
    let mut s = words.join(" ");
    s.push('.');
    s
}

/// Hard-wraps `text` at about `width` columns.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for w in text.split(' ') {
        if !cur.is_empty() && cur.len() + 1 + w.len() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

struct DocPlan<'a> {
    regs: &'a Registers,
    persons: Vec<usize>,
    places: Vec<usize>,
    orgs: Vec<usize>,
    topics: Vec<usize>,
}

impl DocPlan<'_> {
    /// Alias forms to drop into sentences.
    fn names(&self, rng: &mut Rng) -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for &p in &self.persons {
            v.push(rng.pick(&self.regs.persons[p].aliases).as_str());
        }
        for &p in &self.places {
            v.push(rng.pick(&self.regs.places[p].aliases).as_str());
        }
        for &o in &self.orgs {
            v.push(rng.pick(&self.regs.organizations[o].aliases).as_str());
        }
        for &t in &self.topics {
            v.push(rng.pick(&self.regs.topics[t].aliases).as_str());
        }
        v
    }
}

fn sample_distinct(rng: &mut Rng, z: &Zipf, n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = Vec::new();
    for _ in 0..n * 3 {
        if v.len() == n {
            break;
        }
        let r = z.sample(rng);
        if !v.contains(&r) {
            v.push(r);
        }
    }
    v
}

/// The document id: `1978MOSCOW08357`, unique through a bijective scramble
/// of the document number.
fn doc_id(i: usize, total: usize, year: u32, post: &str) -> String {
    if total <= 100_000 {
        let n = (i as u64 * 48_271 + 12_345) % 100_000;
        format!("{year}{post}{n:05}")
    } else {
        let n = (i as u64 * 48_271 + 12_345) % 1_000_000;
        format!("{year}{post}{n:06}")
    }
}

/// Document `i`'s id, year, post and whether it is an article, from a
/// stream of its own, so other documents' commentary can link to it.
fn doc_head(seed: u64, i: usize, total: usize) -> (String, u32, usize, bool) {
    let mut rng = Rng::derive(seed, 3, i as u64);
    let year = 1973 + rng.below(7) as u32;
    let post = rng.below(POSTS.len());
    let article = rng.chance(0.04);
    let id = doc_id(i, total, year, if article { "MONITOR" } else { POSTS[post] });
    (id, year, post, article)
}

fn gen_document(seed: u64, i: usize, total: usize, regs: &Registers, z: &Samplers) -> GenDoc {
    let mut rng = Rng::derive(seed, 2, i as u64);
    let (id, year, post, article) = doc_head(seed, i, total);
    let month = 1 + rng.below(12) as u32;
    let day = 1 + rng.below(28) as u32;
    let counts = [rng.range(1, 5), rng.range(1, 3), rng.range(0, 2), rng.range(1, 2)];
    let plan = DocPlan {
        regs,
        persons: sample_distinct(&mut rng, &z.persons, counts[0]),
        places: sample_distinct(&mut rng, &z.places, counts[1]),
        orgs: sample_distinct(&mut rng, &z.organizations, counts[2]),
        topics: sample_distinct(&mut rng, &z.topics, counts[3]),
    };
    // A few articles, the rest telegrams.
    let (raw, title) = if article {
        gen_article(&mut rng, year, month, day, &plan)
    } else {
        gen_cable(&mut rng, &id, post, year, month, day, &plan)
    };
    let mut doc = GenDoc {
        id,
        raw,
        date: (year, month, day),
        title,
        persons: plan.persons.clone(),
        topics: plan.topics.clone(),
        places: plan.places.clone(),
        commentary: None,
        notes: 0,
        article,
    };
    if rng.chance(0.1) {
        let (md, notes) = gen_commentary(&mut rng, &doc, regs, total, seed);
        doc.commentary = Some(md);
        doc.notes = notes;
    }
    doc
}

fn gen_cable(rng: &mut Rng, id: &str, p: usize, year: u32, month: u32, day: u32, plan: &DocPlan) -> (String, String) {
    let post = POSTS[p];
    let from = POST_NAMES[p];
    let number = &id[4..];
    let number = number.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let class = *rng.pick(CLASSES);
    let yy = year % 100;
    let mon = MONTHS[month as usize - 1];
    let hh = rng.below(24);
    let mm = rng.below(60);
    let dtg = format!("{day:02}{hh:02}{mm:02}Z {mon} {yy:02}");
    let prec = *rng.pick(&["R", "R", "R", "P", "O"]);
    let to = if post == "STATE" { *rng.pick(POST_NAMES) } else { "SECSTATE WASHDC" };
    let infos: Vec<&str> = (0..rng.range(0, 8)).map(|_| *rng.pick(INFO_ADDRESSEES)).collect();
    let names = plan.names(rng);
    let mut tags: Vec<String> = plan.topics.iter().flat_map(|&t| plan.regs.topics[t].tags.clone()).collect();
    for _ in 0..rng.range(1, 3) {
        tags.push(rng.pick(TAG_CODES).to_string());
    }
    tags.dedup();
    let subject_words: Vec<String> = {
        let mut w: Vec<String> = Vec::new();
        if let Some(n) = names.first() {
            w.push(n.to_string());
        }
        w.push(rng.pick(&["ON", "AND", "DISCUSSES", "VIEWS ON", "REPORTS ON"]).to_string());
        for _ in 0..rng.range(3, 9) {
            w.push(rng.pick(WORDS).to_string());
        }
        if let Some(n) = names.get(1) {
            w.push(n.to_string());
        }
        w
    };
    let subject = subject_words.join(" ");
    let title = subject.clone();

    // Body paragraphs.
    let n_paras = match rng.below(10) {
        0..=3 => rng.range(2, 4),
        4..=7 => rng.range(4, 9),
        _ => rng.range(9, 18),
    };
    let mut paras: Vec<String> = Vec::new();
    if n_paras > 4 && rng.chance(0.5) {
        let s: Vec<String> = (0..rng.range(2, 4)).map(|_| sentence(rng, &names)).collect();
        paras.push(format!("SUMMARY: {} END SUMMARY.", s.join(" ")));
    }
    for k in 0..n_paras {
        let s: Vec<String> = (0..rng.range(2, 7)).map(|_| sentence(rng, &names)).collect();
        let dash = if rng.chance(0.05) { "- " } else { "" };
        paras.push(format!("{dash}{}. {}", k + 1, s.join(" ")));
    }
    let hard_wrap = rng.chance(0.6);
    let mut body: Vec<String> = Vec::new();
    for para in &paras {
        if hard_wrap {
            body.extend(wrap(para, 62));
        } else {
            body.push(para.clone());
        }
        if !hard_wrap || rng.chance(0.5) {
            body.push(String::new());
        }
    }
    let signature = *rng.pick(SIGNATURES);
    if let Some(last) = body.iter_mut().rev().find(|l| !l.is_empty()) {
        last.push(' ');
        last.push_str(signature);
    }

    // Sections and pages.
    let lines_per_page = if hard_wrap { 34 } else { 9 };
    let sections = if body.len() > lines_per_page * 4 { rng.range(2, 3) } else { 1 };
    let per_section = body.len().div_ceil(sections);
    let banner = class;
    let mut out = String::with_capacity(body.len() * 70 + 3000);
    out.push_str("Message Text\n\n");
    let action = *rng.pick(ACTIONS);
    let info_offices: Vec<&str> = (0..rng.range(5, 16)).map(|_| *rng.pick(OFFICES)).collect();
    let caption = rng.chance(0.3).then(|| *rng.pick(CAPTIONS));
    let blank_lines = rng.chance(0.5);
    let nl = |out: &mut String| {
        out.push('\n');
        if blank_lines {
            out.push('\n');
        }
    };
    for s in 0..sections {
        let chunk = &body[(s * per_section).min(body.len())..((s + 1) * per_section).min(body.len())];
        let time = format!("{day:02}{:02}{:02}Z", rng.below(24), rng.below(60));
        let sec = if sections > 1 { format!(" {:02} OF {:02}", s + 1, sections) } else { String::new() };
        out.push_str(banner);
        nl(&mut out);
        let _ = write!(out, "PAGE 01 {post} {number}{sec} {time} ACTION {action}");
        nl(&mut out);
        let _ = write!(out, "INFO {} /{:03} W", info_offices.join(" "), rng.range(10, 140));
        nl(&mut out);
        let _ = write!(out, "-----{:06} {time} /{}", rng.below(1_000_000), rng.range(10, 70));
        nl(&mut out);
        let _ = write!(out, "{prec} {dtg}");
        nl(&mut out);
        let _ = write!(out, "FM {from}");
        nl(&mut out);
        let _ = write!(out, "TO {to} {:04}", rng.below(10_000));
        nl(&mut out);
        for (k, inf) in infos.iter().enumerate() {
            if k == 0 {
                let _ = write!(out, "INFO {inf}");
            } else {
                out.push_str(inf);
            }
            nl(&mut out);
        }
        if sections > 1 {
            let _ = write!(out, "{banner} SECTION {:02} OF {:02} {post} {number}", s + 1, sections);
        } else {
            let _ = write!(out, "{banner} {post} {number}");
        }
        nl(&mut out);
        if let Some(c) = caption {
            out.push_str(c);
            nl(&mut out);
        }
        if s == 0 {
            out.push_str(if year < 1978 { "E.O. 11652: GDS" } else { "E.O. 12065: XGDS-1" });
            nl(&mut out);
            let _ = write!(out, "TAGS: {}", tags.join(", "));
            nl(&mut out);
            let subj = format!("SUBJECT: {subject}");
            for l in wrap(&subj, 60) {
                out.push_str(&l);
                nl(&mut out);
            }
            if rng.chance(0.3) {
                let _ = write!(
                    out,
                    "REF: {} {} {}",
                    yy.saturating_sub(rng.below(2) as u32),
                    rng.pick(POSTS),
                    rng.range(100, 99_999)
                );
                nl(&mut out);
            }
        }
        let mut page = 1;
        let mut on_page = 0;
        for (k, line) in chunk.iter().enumerate() {
            if on_page >= lines_per_page && k + 2 < chunk.len() && !line.is_empty() {
                // Page break: banner, then the next page header. Sometimes the
                // banner is glued to a word cut in two, as in the originals.
                page += 1;
                on_page = 0;
                let cut = hard_wrap && rng.chance(0.15) && line.len() > 20;
                let (head, tail) = if cut {
                    let words: Vec<&str> = line.split(' ').collect();
                    let last = words[words.len() - 1];
                    if last.len() >= 8
                        && last.chars().all(|c| c.is_ascii_uppercase())
                        && !names.iter().any(|n| n.contains(last))
                    {
                        let at = last.len() / 2;
                        let head = format!("{} {}", words[..words.len() - 1].join(" "), &last[..at]);
                        (head, Some(last[at..].to_string()))
                    } else {
                        (line.clone(), None)
                    }
                } else {
                    (line.clone(), None)
                };
                if let Some(tail) = tail {
                    let _ = write!(out, "{head}{banner}");
                    nl(&mut out);
                    out.push_str(banner);
                    nl(&mut out);
                    let _ = write!(out, "PAGE {page:02} {post} {number}{sec} {time}");
                    nl(&mut out);
                    out.push_str(&tail);
                    out.push('\n');
                    on_page += 1;
                    continue;
                }
                out.push_str(banner);
                nl(&mut out);
                out.push_str(banner);
                nl(&mut out);
                let _ = write!(out, "PAGE {page:02} {post} {number}{sec} {time}");
                nl(&mut out);
            }
            out.push_str(line);
            out.push('\n');
            on_page += 1;
        }
        if rng.chance(0.03) {
            out.push_str("NOTE BY OC/T: MESSAGE DELAYED IN TRANSMISSION.");
            nl(&mut out);
        }
        out.push_str(banner);
        nl(&mut out);
        out.push_str("NNN");
        nl(&mut out);
    }
    // Message Attributes.
    out.push_str("Message Attributes\n\n");
    let _ = write!(out, "Automatic Decaptioning: X Capture Date: 01 jan 1994 Channel Indicators: n/a\n\n");
    let _ = write!(out, "Current Classification: UNCLASSIFIED\n\n");
    let concepts: Vec<String> = plan.topics.iter().map(|&t| plan.regs.topics[t].aliases[0].clone()).collect();
    let _ = write!(out, "Concepts: {}\n\n", concepts.join(", "));
    let _ = writeln!(
        out,
        "Control Number: n/a Copy: SINGLE Draft Date: {day:02} {} {year} Decaption Date: 01 jan 1960",
        mon.to_lowercase()
    );
    let _ = write!(out, "Disposition Comment: 25 YEAR REVIEW\n\nDisposition Date: 20 Mar 2014\nDocument Number: {id}\nDocument Source: CORE\n\n");
    let _ = write!(out, "Film Number: D{yy:02}{:04}-{:04} Format: TEL\n\n", rng.below(10_000), rng.below(10_000));
    let _ = write!(out, "From: {post} Handling Restrictions: n/a\n\n");
    let _ = write!(out, "Line Count: {} Locator: TEXT ON-LINE, ON MICROFILM\n\n", body.len() + 30);
    let _ = write!(
        out,
        "Office: ACTION {}\n\nOriginal Classification: {class}\n\n",
        action.split('-').next().unwrap_or("EUR")
    );
    let _ = write!(out, "Page Count: {}\n\nReview Action: RELEASED, APPROVED\n\n", page_count(&out));
    let _ = write!(
        out,
        "Subject: {subject}\n\nTAGS: {}\n\nTo: {} Type: TE\n\n",
        tags.join(", "),
        to.split(' ').next_back().unwrap_or("STATE")
    );
    let _ = writeln!(
        out,
        "Markings: Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014"
    );
    (out, title)
}

fn page_count(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("PAGE ")).count().max(1)
}

fn gen_article(rng: &mut Rng, year: u32, month: u32, day: u32, plan: &DocPlan) -> (String, String) {
    let names = plan.names(rng);
    let head_name = names.first().copied().unwrap_or("OFFICIALS");
    let headline = format!(
        "{head_name} {} {}.",
        rng.pick(&["WARNS ON", "VISITS", "REJECTS", "WELCOMES"]),
        rng.pick(&["TALKS", "CREDITS", "TREATY", "ELECTIONS"])
    );
    let mut out = String::new();
    let _ = writeln!(out, "{headline}");
    let _ = writeln!(out, "Publication: Monitor Volume: {} Issue: {}", year - 1970, rng.range(1, 240));
    for _ in 0..rng.range(3, 8) {
        let s: Vec<String> = (0..rng.range(3, 7))
            .map(|_| {
                let s = sentence(rng, &names);
                // Sentence case, names kept in capitals as the digests print them.
                let mut lower = s.to_lowercase();
                for n in &names {
                    lower = lower.replace(&n.to_lowercase(), n);
                }
                let mut c = lower.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => lower,
                }
            })
            .collect();
        let cite = format!(
            " ({}, {} {})",
            rng.pick(&["Itar-Tass", "Interfax", "UPI", "Kommersant daily", "Reuters"]),
            folio::dev::MONTHS[month as usize - 1],
            day
        );
        let _ = writeln!(out, "{}{cite}.", s.join(" ").trim_end_matches('.'));
    }
    let _ = writeln!(
        out,
        "{} {}.",
        made_up_word(rng, 2, 3),
        rng.pick(&["REPORTEDLY RESIGNS", "TALKS STALL", "PLANS REFORM"])
    );
    (out, headline)
}

/// A commentary with a headnote and 1–3 passage notes whose quotes occur
/// exactly once in the cleaned reading text (checked with Folio's own parser).
fn gen_commentary(rng: &mut Rng, doc: &GenDoc, regs: &Registers, total: usize, seed: u64) -> (String, usize) {
    let parsed = folio::parse::parse(&doc.id, &doc.raw, None);
    let person = doc.persons.first().map(|&p| &regs.persons[p]);
    let topic = doc.topics.first().map(|&t| &regs.topics[t]);
    let mut md = String::from("+++\n");
    let _ = writeln!(
        md,
        "summary = {}",
        toml_str(&format!("Synthetic summary of {}: {}.", doc.id, doc.title.to_lowercase()))
    );
    if let Some(t) = topic {
        let _ = writeln!(md, "topics = [{}]", toml_str(&t.id));
    }
    md.push_str("+++\n");
    // Link to another generated document: ids are reproducible from the seed.
    let other = doc_head(seed, rng.below(total), total).0;
    let _ = write!(md, "This {} ", if doc.article { "article" } else { "telegram" });
    if let Some(p) = person {
        let _ = write!(md, "reports on [{}](person:{}) ", p.name, p.id);
    }
    if let Some(t) = topic {
        let _ = write!(md, "and bears on [{}](topic:{}).", t.name.to_lowercase(), t.id);
    }
    let _ = writeln!(md, " See the [first paragraph](doc:{other}#p1).\n");
    let folded: Vec<Folded> = parsed.paragraphs.iter().map(|p| Folded::new(&p.text)).collect();
    let mut notes = 0;
    let mut used: Vec<String> = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let Some(p) = parsed.paragraphs.get(rng.below(parsed.paragraphs.len().max(1))) else { break };
        let words: Vec<&str> = p.text.split_whitespace().collect();
        if words.len() < 8 {
            continue;
        }
        for attempt in 0..6 {
            let len = 5 + attempt;
            let start = rng.below(words.len() - len.min(words.len() - 1));
            let quote: String = words[start..(start + len).min(words.len())].join(" ");
            let quote = quote.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
            if quote.contains('"') || quote.is_empty() || used.contains(&quote) {
                continue;
            }
            let needle = fold(&quote);
            let hits: usize = folded.iter().map(|f| f.find_all(&needle).len()).sum();
            if hits == 1 && !used.iter().any(|u| fold(u).windows(needle.len()).any(|w| w == needle.as_slice())) {
                let _ = writeln!(md, "## \"{quote}\"\n");
                let _ = writeln!(
                    md,
                    "The phrasing follows the drafting officer's notes; compare paragraph {} of the [reading text](doc:{}#p{}).\n",
                    p.n, doc.id, p.n
                );
                used.push(quote);
                notes += 1;
                break;
            }
        }
    }
    (md, notes)
}

pub(crate) fn write_file(path: &Path, content: &[u8]) -> Result<()> {
    std::fs::write(path, content).with_path(path)
}

/// Generates the edition (and the Hugo site) into `opts.out`.
pub fn generate(opts: &SynthOptions) -> Result<SynthReport> {
    let out = &opts.out;
    if out.exists() && std::fs::read_dir(out).with_path(out)?.next().is_some() {
        return Err(Error::Other(format!(
            "{}: the folder is not empty; `folio-synth` writes a new edition into an empty or new folder",
            out.display()
        )));
    }
    let docs_dir = out.join("content").join("documents");
    let reg_dir = out.join("content").join("registers");
    let pages_dir = out.join("content").join("pages");
    for d in [&docs_dir, &reg_dir, &pages_dir] {
        std::fs::create_dir_all(d).with_path(d)?;
    }
    let regs = generate_registers(opts.seed, opts.documents);
    let z = Samplers {
        persons: Zipf::new(regs.persons.len(), 1.0),
        places: Zipf::new(regs.places.len(), 1.0),
        organizations: Zipf::new(regs.organizations.len(), 1.0),
        topics: Zipf::new(regs.topics.len(), 0.9),
    };
    let mut report = SynthReport {
        persons: regs.persons.len(),
        places: regs.places.len(),
        organizations: regs.organizations.len(),
        topics: regs.topics.len(),
        ..Default::default()
    };
    write_file(
        &out.join("site.toml"),
        format!(
            "# A synthetic edition written by `folio-synth --documents {} --seed {}`.\ntitle = \"Synthetic Telegrams, 1973-1979\"\ndescription = \"A generated edition for benchmarks: {} documents.\"\neditors = [\"Folio synth\"]\nlanguage = \"en\"\n",
            opts.documents, opts.seed, opts.documents
        )
        .as_bytes(),
    )?;
    write_file(&reg_dir.join("persons.toml"), register_toml("person", &regs.persons).as_bytes())?;
    write_file(&reg_dir.join("places.toml"), register_toml("place", &regs.places).as_bytes())?;
    write_file(&reg_dir.join("organizations.toml"), register_toml("organization", &regs.organizations).as_bytes())?;
    write_file(&reg_dir.join("topics.toml"), register_toml("topic", &regs.topics).as_bytes())?;
    write_file(
        &pages_dir.join("introduction.md"),
        b"+++\ntitle = \"Introduction\"\norder = 1\n+++\nThis edition was generated by `folio-synth` to measure Folio on editions of realistic size. Its telegrams follow the layout of the State Department's Central Foreign Policy Files; all names are invented.\n",
    )?;
    write_file(
        &pages_dir.join("editorial-principles.md"),
        b"+++\ntitle = \"Editorial principles\"\norder = 2\n+++\nRaw documents are kept as generated. See the [introduction](page:introduction).\n",
    )?;
    report.files = 7;

    let hugo_dir = out.join("hugo");
    if opts.hugo {
        write_hugo_skeleton(&hugo_dir)?;
        report.files += HUGO_LAYOUTS.len() + 1;
    }
    // Documents, generated and written in parallel, in chunks so memory stays flat.
    let total = opts.documents;
    let chunk = 4096;
    for base in (0..total).step_by(chunk) {
        let results: Vec<Result<(bool, bool, usize, usize)>> = (base..(base + chunk).min(total))
            .into_par_iter()
            .map(|i| {
                let d = gen_document(opts.seed, i, total, &regs, &z);
                write_file(&docs_dir.join(format!("{}.txt", d.id)), d.raw.as_bytes())?;
                let mut files = 1;
                if let Some(md) = &d.commentary {
                    write_file(&docs_dir.join(format!("{}.md", d.id)), md.as_bytes())?;
                    files += 1;
                }
                if opts.hugo {
                    write_file(
                        &hugo_dir.join("content").join("documents").join(format!("{}.md", d.id)),
                        hugo_page(&d, &regs).as_bytes(),
                    )?;
                    files += 1;
                }
                Ok((d.article, d.commentary.is_some(), d.notes, files))
            })
            .collect();
        for r in results {
            let (article, commentary, notes, files) = r?;
            report.documents += 1;
            report.articles += usize::from(article);
            report.commentaries += usize::from(commentary);
            report.notes += notes;
            report.files += files;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_distinct_ids() {
        let regs = generate_registers(7, 200);
        let z = Samplers {
            persons: Zipf::new(regs.persons.len(), 1.0),
            places: Zipf::new(regs.places.len(), 1.0),
            organizations: Zipf::new(regs.organizations.len(), 1.0),
            topics: Zipf::new(regs.topics.len(), 0.9),
        };
        let a: Vec<String> = (0..200).map(|i| gen_document(7, i, 200, &regs, &z).raw).collect();
        let b: Vec<String> = (0..200).map(|i| gen_document(7, i, 200, &regs, &z).raw).collect();
        assert_eq!(a, b);
        let ids: HashSet<String> = (0..200).map(|i| gen_document(7, i, 200, &regs, &z).id).collect();
        assert_eq!(ids.len(), 200);
        let other: Vec<String> = (0..200).map(|i| gen_document(8, i, 200, &regs, &z).raw).collect();
        assert_ne!(a, other);
    }

    #[test]
    fn cables_parse_as_cables_with_sections_and_pages() {
        let regs = generate_registers(1, 300);
        let z = Samplers {
            persons: Zipf::new(regs.persons.len(), 1.0),
            places: Zipf::new(regs.places.len(), 1.0),
            organizations: Zipf::new(regs.organizations.len(), 1.0),
            topics: Zipf::new(regs.topics.len(), 0.9),
        };
        let mut multi_page = 0;
        let mut multi_section = 0;
        for i in 0..300 {
            let d = gen_document(1, i, 300, &regs, &z);
            let doc = folio::parse::parse(&d.id, &d.raw, None);
            let expect = if d.article { "article" } else { "cable" };
            assert_eq!(doc.format, expect, "{}:\n{}", d.id, d.raw);
            assert!(!doc.paragraphs.is_empty(), "{}", d.id);
            if !d.article {
                assert!(doc.metadata.subject.is_some(), "{}", d.id);
                assert!(!doc.metadata.tags.is_empty(), "{}", d.id);
                multi_page += usize::from(doc.pages.len() > 1);
                multi_section += usize::from(doc.metadata.sections.unwrap_or(1) > 1);
                // No banner or page header leaks into the reading text.
                for p in &doc.paragraphs {
                    assert!(!p.text.contains("PAGE 0"), "{}: {}", d.id, p.text);
                }
            }
        }
        assert!(multi_page > 30, "{multi_page}");
        assert!(multi_section > 5, "{multi_section}");
    }

    #[test]
    fn names_are_skewed() {
        let mut rng = Rng::new(3);
        let z = Zipf::new(1000, 1.0);
        let top = (0..10_000).filter(|_| z.sample(&mut rng) == 0).count();
        // Rank 1 of 1000 under Zipf(1): about 13% of draws.
        assert!((1000..1700).contains(&top), "{top}");
    }
}

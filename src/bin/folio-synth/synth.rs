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

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use folio::{Error, IoContext, Result};

use crate::hugo::{hugo_page, write_hugo_skeleton, HUGO_LAYOUTS};
use crate::registers::{generate_registers, register_toml, Registers};
use crate::texts::{gen_article, gen_cable, gen_commentary};
use crate::words::*;

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
pub(crate) struct Zipf {
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

/// Zipf samplers over each register.
pub(crate) struct Samplers {
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

pub(crate) fn sentence(rng: &mut Rng, names: &[&str]) -> String {
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
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
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

pub(crate) struct DocPlan<'a> {
    pub(crate) regs: &'a Registers,
    pub(crate) persons: Vec<usize>,
    pub(crate) places: Vec<usize>,
    pub(crate) orgs: Vec<usize>,
    pub(crate) topics: Vec<usize>,
}

impl DocPlan<'_> {
    /// Alias forms to drop into sentences.
    pub(crate) fn names(&self, rng: &mut Rng) -> Vec<&str> {
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

pub(crate) fn sample_distinct(rng: &mut Rng, z: &Zipf, n: usize) -> Vec<usize> {
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
pub(crate) fn doc_id(i: usize, total: usize, year: u32, post: &str) -> String {
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
pub(crate) fn doc_head(seed: u64, i: usize, total: usize) -> (String, u32, usize, bool) {
    let mut rng = Rng::derive(seed, 3, i as u64);
    let year = 1973 + rng.below(7) as u32;
    let post = rng.below(POSTS.len());
    let article = rng.chance(0.04);
    let id = doc_id(i, total, year, if article { "MONITOR" } else { POSTS[post] });
    (id, year, post, article)
}

pub(crate) fn gen_document(seed: u64, i: usize, total: usize, regs: &Registers, z: &Samplers) -> GenDoc {
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
    use std::collections::HashSet;

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
            let doc = folio::parse::parse(&folio::model::DocId::any(d.id.as_str()), &d.raw, None);
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
    pub(crate) fn names_are_skewed() {
        let mut rng = Rng::new(3);
        let z = Zipf::new(1000, 1.0);
        let top = (0..10_000).filter(|_| z.sample(&mut rng) == 0).count();
        // Rank 1 of 1000 under Zipf(1): about 13% of draws.
        assert!((1000..1700).contains(&top), "{top}");
    }
}

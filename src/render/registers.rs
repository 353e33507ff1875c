//! Register pages (stage 5, render): for each register, an alphabetical
//! index with letter navigation and counts (`persons/index.html`), and one
//! page per entry (`persons/kapitsa.html`) with its description, authority
//! links, the forms found, a timeline of mentions, and its documents with a
//! concordance of every mention (keyword in context, linked to the
//! paragraph anchor `#pN`).
//!
//! An entry's documents and mentions are split into numbered pages
//! (`kapitsa.html`, `kapitsa-2.html`, ...) of at most
//! `build.mentions_per_page` lines with a windowed pager, so a name found in
//! 50,000 telegrams still gives small pages. The keyword-in-context lines
//! are cut from the paragraphs only for the page being written.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::annotate::markdown::{self, LinkTargets, Source};
use crate::annotate::Annotated;
use crate::base::error::{Diagnostics, Result};
use crate::base::output::Output;
use crate::base::spill::{Span, Spill};
use crate::index::{self, DocSummary, EntryIndex};
use crate::load::registers::{Entry, Kind};
use crate::load::strings::Strings;
use crate::model::EntryId;
use crate::render::chronology;
use crate::render::context::Ctx;
use crate::render::parts;
use crate::render::templates::Renderer;
use crate::render::view::*;

/// `kapitsa.html`, `kapitsa-2.html`, ...
pub(crate) fn entry_file(id: &str, page: usize) -> String {
    if page <= 1 {
        format!("{id}.html")
    } else {
        format!("{id}-{page}.html")
    }
}

/// The letter an entry is filed under: the first letter or digit of its
/// name, uppercased ("#" when there is none).
pub(crate) fn initial(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_else(|| "#".into())
}

/// Links to the authority records of an entry.
pub(crate) fn authorities(e: &Entry) -> Vec<Link> {
    let mut v = Vec::new();
    if let Some(q) = &e.wikidata {
        v.push(Link { url: format!("https://www.wikidata.org/wiki/{q}"), title: format!("Wikidata {q}") });
    }
    if let Some(q) = &e.viaf {
        v.push(Link { url: format!("https://viaf.org/viaf/{q}"), title: format!("VIAF {q}") });
    }
    if let Some(q) = &e.gnd {
        v.push(Link { url: format!("https://d-nb.info/gnd/{q}"), title: format!("GND {q}") });
    }
    v
}

/// Writes every register's index page and entry pages. `doc_keys` holds
/// the key of each document's facts (by position: [`index::DocFacts::key`]):
/// an entry page is made from the entry's totals and its own documents'
/// facts, so an incremental build keeps it when none of those changed.
pub(crate) fn write(
    site: &Ctx,
    spill: &Spill,
    renderer: &Renderer,
    out: &Output,
    sv: &SiteView,
    targets: &LinkTargets,
    doc_keys: &[u64],
) -> Result<()> {
    let per_page = site.config.build.mentions_per_page;
    let s = renderer.strings();
    let home = |root: &str| Link { url: format!("{root}index.html"), title: s.get("site.home").to_string() };
    let register_title = |kind: Kind| s.get(&format!("site.{}", kind.plural())).to_string();
    Kind::ALL.par_iter().try_for_each(|&kind| -> Result<()> {
        let mut view = register_view(site, kind);
        if view.total > REGISTER_SPLIT {
            // One page per letter; the index keeps the letters and counts.
            view.split = true;
            let groups = std::mem::take(&mut view.groups);
            for l in &mut view.letters {
                l.url = Some(format!("by-letter/{}", letter_file(&l.letter)));
            }
            let letters_here: Vec<LetterLink> = view
                .letters
                .iter()
                .map(|l| LetterLink { letter: l.letter.clone(), count: l.count, url: Some(letter_file(&l.letter)) })
                .collect();
            for g in groups {
                let file = letter_file(&g.letter);
                let title =
                    s.fmt("register.letter_page", &[("register", &register_title(kind)), ("letter", &g.letter)]);
                let page = RegisterView {
                    kind: view.kind,
                    plural: view.plural,
                    letters: letters_here
                        .iter()
                        .map(|l| LetterLink { letter: l.letter.clone(), count: l.count, url: l.url.clone() })
                        .collect(),
                    current: Some(g.letter.clone()),
                    groups: vec![g],
                    total: view.total,
                    used: view.used,
                    split: true,
                    entry_prefix: "../",
                };
                let frame = Frame {
                    site: sv,
                    root: "../../",
                    title,
                    section: kind.plural(),
                    breadcrumbs: vec![
                        home("../../"),
                        Link { url: "../index.html".into(), title: register_title(kind) },
                    ],
                    page,
                };
                out.write(
                    &format!("{}/by-letter/{file}", kind.plural()),
                    renderer.render("register.html", &frame)?.as_bytes(),
                )?;
            }
        }
        let frame = Frame {
            site: sv,
            root: "../",
            title: register_title(kind),
            section: kind.plural(),
            breadcrumbs: vec![home("../")],
            page: view,
        };
        out.write(&format!("{}/index.html", kind.plural()), renderer.render("register.html", &frame)?.as_bytes())?;

        site.registers.of(kind).par_iter().try_for_each(|e| -> Result<()> {
            let empty = EntryIndex::default();
            let ix = site.index.entry(kind, e.id.as_str()).unwrap_or(&empty);
            let pages = index::paginate(ix, per_page);
            let urls: Vec<String> = (1..=pages.len()).map(|p| entry_file(e.id.as_str(), p)).collect();
            // Timeline bars link to the page with the year's first mention.
            let mut year_page: BTreeMap<String, usize> = BTreeMap::new();
            for (p, page) in pages.iter().enumerate() {
                for (d, r) in &page.groups {
                    if r.is_empty() {
                        continue;
                    }
                    if let Some(y) = site.index.docs[*d as usize].date.as_ref().map(|d| d.year_str()) {
                        year_page.entry(y.to_string()).or_insert(p);
                    }
                }
            }
            // Each page numbers its documents on from those that began on
            // earlier pages.
            let mut first_documents = Vec::with_capacity(pages.len());
            let mut first_document = 1;
            for page in &pages {
                first_documents.push(first_document);
                first_document +=
                    page.groups.iter().filter(|(d, r)| r.start <= ix.mentions.partition_point(|m| m.doc < *d)).count();
            }
            // Each page's key: what every page of the entry shows (forms,
            // counts, timeline, pager), then its own documents (their facts'
            // keys) and which of their mentions.
            let mut common = crate::base::keys::KeyHasher::new();
            common.str("entry").str(kind.plural()).str(e.id.as_str()).u64(pages.len() as u64);
            common.value(&ix.forms).value(&ix.years).value(&year_page);
            common.u64(ix.docs.len() as u64).u64(ix.mentions.len() as u64);
            let files: Vec<(String, u64)> = pages
                .iter()
                .enumerate()
                .map(|(p, page)| {
                    let mut key = common.clone();
                    key.u64(p as u64).u64(first_documents[p] as u64);
                    for (d, r) in &page.groups {
                        let doc_start = ix.mentions.partition_point(|m| m.doc < *d);
                        key.u64(doc_keys.get(*d as usize).copied().unwrap_or(0));
                        key.u64(r.start as u64).u64(r.end as u64).u64(doc_start as u64);
                    }
                    (format!("{}/{}", kind.plural(), urls[p]), key.finish())
                })
                .collect();
            if out.keep_all(&files) {
                return Ok(());
            }
            // Errors in descriptions were reported when the registers were
            // checked; here the Markdown is only rendered.
            let mut scratch = Diagnostics::default();
            let description_html = e.description.as_ref().map(|m| {
                let src = Source { path: &site.registers.path(kind), line: e.line };
                markdown::render(m, "../", targets, site.config.build.allow_html, &src, &mut scratch)
            });
            let bars = chronology::year_bars(&ix.years, |y| year_page.get(y).map(|&p| urls[p].clone()));
            let label = s.fmt("entry.timeline_label", &[("name", &e.name)]);
            let timeline_svg =
                parts::timeline(renderer, &chronology::timeline_view(&bars, &label, "count.mentions", s))?;
            // Pages in parallel too: a name found in half the documents has
            // hundreds of pages.
            pages.par_iter().enumerate().try_for_each(|(p, page)| -> Result<()> {
                let first_document = first_documents[p];
                let groups = doc_groups(site, spill, ix, page)?;
                let (documents_html, kwic_html) = entry_documents_html(renderer, &groups)?;
                let first_mention = page.groups.iter().map(|g| g.1.start).find(|_| true).unwrap_or(0) + 1;
                let last_mention = page.groups.last().map_or(0, |g| g.1.end);
                let view = EntryView {
                    kind: kind.singular(),
                    plural: kind.plural(),
                    id: e.id.as_str(),
                    name: &e.name,
                    description_html: description_html.clone(),
                    dates: e.dates.as_deref(),
                    role: e.role.as_deref(),
                    authorities: authorities(e),
                    see_also: e
                        .see_also
                        .iter()
                        .filter_map(|s| site.registers.get(kind, s))
                        .map(|s| Link { url: format!("{}.html", s.id), title: s.name.clone() })
                        .collect(),
                    forms: ix.forms.iter().map(|(f, n)| (f.clone(), *n)).collect(),
                    mapped: e
                        .tags
                        .iter()
                        .map(|t| s.fmt("entry.mapped_tag", &[("code", &crate::annotate::tags::normalize(t))]))
                        .chain(e.concepts.iter().map(|c| s.fmt("entry.mapped_concept", &[("concept", c)])))
                        .collect(),
                    document_count: ix.docs.len(),
                    mention_count: ix.mentions.len(),
                    first_document,
                    first_mention,
                    last_mention,
                    has_documents: !groups.is_empty(),
                    documents_html,
                    kwic_html,
                    pagination: Pagination::new(p + 1, &urls),
                    timeline_svg: timeline_svg.clone(),
                };
                let title =
                    if p > 0 { s.fmt("site.page_n", &[("title", &e.name), ("n", &(p + 1))]) } else { e.name.clone() };
                let frame = Frame {
                    site: sv,
                    root: "../",
                    title,
                    section: kind.plural(),
                    breadcrumbs: vec![home("../"), Link { url: "index.html".into(), title: register_title(kind) }],
                    page: view,
                };
                let (file, key) = &files[p];
                out.write_keyed(file, *key, || Ok(renderer.entry_page(&frame)?.into_bytes()))
            })
        })
    })
}

/// A register's index: every entry, alphabetical by `sort` or name, with
/// letter navigation and counts.
fn register_view(site: &Ctx, kind: Kind) -> RegisterView {
    let mut rows: Vec<RegisterRow> = site
        .registers
        .of(kind)
        .iter()
        .map(|e| {
            let ix = site.index.entry(kind, e.id.as_str());
            let key = e.sort.as_deref().unwrap_or(&e.name);
            RegisterRow {
                sort: key.to_lowercase(),
                id: e.id.clone(),
                name: e.name.clone(),
                letter: initial(key),
                note: e.role.clone().or_else(|| e.dates.clone()),
                documents: ix.map_or(0, |i| i.docs.len()),
                mentions: ix.map_or(0, |i| i.mentions.len()),
            }
        })
        .collect();
    rows.sort_by(|a, b| (a.letter.as_str(), &a.sort, &a.id).cmp(&(b.letter.as_str(), &b.sort, &b.id)));
    let used = rows.iter().filter(|r| r.documents > 0).count();
    let total = rows.len();
    let mut groups: Vec<LetterGroup> = Vec::new();
    for r in rows {
        match groups.last_mut() {
            Some(g) if g.letter == r.letter => g.entries.push(r),
            _ => groups.push(LetterGroup { letter: r.letter.clone(), entries: vec![r] }),
        }
    }
    let letters =
        groups.iter().map(|g| LetterLink { letter: g.letter.clone(), count: g.entries.len(), url: None }).collect();
    RegisterView {
        kind: kind.singular(),
        plural: kind.plural(),
        letters,
        groups,
        total,
        used,
        split: false,
        current: None,
        entry_prefix: "",
    }
}

/// Above this many entries a register's index is split by initial letter
/// (`persons/by-letter/a.html`): at 3,000 persons the one-page index was
/// 340 KB.
pub(crate) const REGISTER_SPLIT: usize = 600;

/// The file of a letter's page: `a.html` for A, `0.html` for 0, and the
/// code point for any other letter (`u0160.html` for Š), so file names stay
/// ASCII and distinct.
pub(crate) fn letter_file(letter: &str) -> String {
    let mut chars = letter.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => format!("{}.html", c.to_ascii_lowercase()),
        _ => {
            let code: Vec<String> = letter.chars().map(|c| format!("{:04x}", c as u32)).collect();
            format!("u{}.html", code.join("-"))
        }
    }
}

/// The documents of one page of an entry, with their KWIC lines.
fn doc_groups<'a>(
    site: &'a Ctx<'a>,
    spill: &Spill,
    ix: &EntryIndex,
    page: &index::EntryPage,
) -> Result<Vec<EntryDocGroup<'a>>> {
    page.groups
        .iter()
        .map(|(d, range)| {
            let all = ix.mentions.partition_point(|m| m.doc < *d)..ix.mentions.partition_point(|m| m.doc <= *d);
            // The rows of one document's mentions of one entry were written
            // one after another: one read.
            let rows = &ix.mentions[range.clone()];
            let rows = match (rows.first(), rows.last()) {
                (Some(a), Some(b)) => {
                    let span = Span { offset: a.row.offset, len: (b.row.offset - a.row.offset) as u32 + b.row.len };
                    spill.get(span)?
                }
                _ => Vec::new(),
            };
            Ok(EntryDocGroup {
                doc: &site.index.docs[*d as usize],
                mentions_in_doc: all.len(),
                attached_only: all.is_empty(),
                continued: range.start > all.start,
                rows,
            })
        })
        .collect()
}

/// A document on an entry page, with its mentions on this page.
struct EntryDocGroup<'a> {
    doc: &'a DocSummary,
    /// All mentions of the entry in this document (on every page).
    mentions_in_doc: usize,
    /// Attached by front matter, TAGS or Concepts, with no mention.
    attached_only: bool,
    /// The document's lines began on the previous page.
    continued: bool,
    /// Its concordance rows on this page, as data ([`kwic_data`]).
    rows: Vec<u8>,
}

/// An entry page's list of documents (`<li>` items; a document continued
/// from the previous page is not listed again) and its concordance (per
/// document a heading and its mention rows): the parts doc-list.html,
/// kwic-doc.html and kwic-row.html.
fn entry_documents_html(r: &Renderer, groups: &[EntryDocGroup]) -> Result<(String, String)> {
    let docs: Vec<parts::EntryDoc> = groups
        .iter()
        .map(|g| parts::EntryDoc {
            id: g.doc.id.as_str(),
            title: &g.doc.title,
            date: g.doc.date.as_ref().map(|d| d.as_str()),
            date_inferred: g.doc.date_inferred.as_deref(),
            mentions: g.mentions_in_doc,
            attached_only: g.attached_only,
            continued: g.continued,
        })
        .collect();
    let (mut list, mut kwic) = (String::new(), String::new());
    parts::doc_list(r, &docs, &mut list)?;
    for (g, d) in groups.iter().zip(&docs) {
        let lang = crate::render::reading::text_lang(g.doc.format, r.strings());
        let mut rows_html = String::new();
        for (paragraph, left, keyword, right) in parts::decode_rows(&g.rows)? {
            let row = parts::KwicRow { doc: g.doc.id.as_str(), paragraph, left, keyword, right, lang };
            parts::kwic_row(r, &row, &mut rows_html)?;
        }
        parts::kwic_doc(r, d, &rows_html, &mut kwic)?;
    }
    Ok((list, kwic))
}

/// Words either side of a mention in the concordance.
pub(crate) const CONTEXT_WORDS: usize = 8;

/// One row of a concordance as the cache keeps it (data, not HTML: the
/// part kwic-row.html draws it when the entry page is written): the
/// paragraph and the mention with its context.
pub(crate) fn kwic_data(paragraph: usize, text: &str, start: usize, end: usize, out: &mut Vec<u8>) {
    let (left, keyword, right) = crate::base::text::context(text, start, end, CONTEXT_WORDS);
    parts::encode_row(paragraph, &left, &keyword, &right, out);
}

/// The entity panel of a document page: every entity mentioned or
/// attached, by register, with mention counts and, for entities without
/// mentions, why they are listed.
pub(crate) fn document_entities(site: &Ctx, a: &Annotated, s: &Strings) -> Vec<EntityGroup> {
    let mut counts: BTreeMap<(Kind, &str), usize> = BTreeMap::new();
    for m in &a.mentions {
        *counts.entry((m.kind, m.id.as_str())).or_default() += 1;
    }
    let via_tags: BTreeMap<EntryId, String> =
        site.topic_map.topics(&a.doc).into_iter().fold(BTreeMap::new(), |mut acc, t| {
            acc.entry(t.topic).and_modify(|v: &mut String| v.push_str(&format!(", {}", t.via))).or_insert(t.via);
            acc
        });
    let entities = a.entities();
    Kind::ALL
        .into_iter()
        .filter_map(|kind| {
            let mut items: Vec<EntityItem> = entities
                .iter()
                .filter(|(k, _)| *k == kind)
                .filter_map(|(_, id)| {
                    let e = site.registers.get(kind, id.as_str())?;
                    let count = counts.get(&(kind, e.id.as_str())).copied().unwrap_or(0);
                    let via = (count == 0).then(|| match (kind, via_tags.get(id)) {
                        (Kind::Topic, Some(v)) => v.clone(),
                        _ => s.get("document.via_commentary").to_string(),
                    });
                    Some(EntityItem { count, id: id.clone(), name: e.name.clone(), via })
                })
                .collect();
            items.sort_by(|x, y| (x.name.to_lowercase(), &x.id).cmp(&(y.name.to_lowercase(), &y.id)));
            (!items.is_empty()).then(|| EntityGroup {
                kind: kind.singular(),
                plural: kind.plural(),
                title: s.get(&format!("site.{}", kind.plural())).to_string(),
                items,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_initials() {
        assert_eq!(entry_file("kapitsa", 1), "kapitsa.html");
        assert_eq!(entry_file("kapitsa", 3), "kapitsa-3.html");
        assert_eq!(initial("“Ólafur”"), "Ó");
        assert_eq!(initial("--"), "#");
    }

    #[test]
    fn pager_is_windowed() {
        let urls: Vec<String> = (1..=100).map(|p| entry_file("x", p)).collect();
        let p = Pagination::new(50, &urls);
        let ns: Vec<usize> = p.links.iter().map(|l| l.n).collect();
        assert_eq!(ns, vec![1, 0, 47, 48, 49, 50, 51, 52, 53, 0, 100]);
        assert_eq!(p.prev.as_deref(), Some("x-49.html"));
        assert_eq!(p.next.as_deref(), Some("x-51.html"));
        assert!(p.links.iter().find(|l| l.n == 50).is_some_and(|l| l.url.is_none()));
        let one = Pagination::new(1, &urls[..1]);
        assert!(one.prev.is_none() && one.next.is_none());
    }
}

//! Index, citations: a document (or one of its paragraphs) as a formatted
//! citation in the edition's language (Chicago notes style in English,
//! German and French conventions in those), as BibTeX, RIS and CSL-JSON, and as
//! the Highwire Press and Dublin Core meta tags that reference managers
//! (Zotero's embedded-metadata import, Google Scholar) read.
//!
//! Everything here works from [`CiteData`], a small summary of a document
//! that the build keeps for every document, so the edition-wide files
//! (`downloads/edition.bib` ...) need no second pass over the documents.
//!
//! Item types: a telegram is an archival manuscript (CSL `manuscript`, RIS
//! `MANSCPT`, Zotero "Manuscript" with type "Telegram"), a press-digest
//! article a magazine article (CSL `article-magazine`, RIS `MGZN`), anything
//! else a document (CSL `document`, RIS `GEN`). The originating office is
//! the author (a corporate name, never split into given and family names);
//! the edition is the container, its editors the editors.

use crate::base::text::escape_html;
use serde::{Deserialize, Serialize};

use crate::load::strings::Strings;
use crate::model::{DocId, FormatName};

/// What the citations of one document are made from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CiteData {
    pub id: DocId,
    pub format: FormatName,
    pub title: String,
    /// ISO 8601 date (`1978-04-20`, `1978-04`, `1978`).
    pub date: Option<crate::model::PartialDate>,
    /// The date was inferred by Folio, not read from the document.
    pub date_inferred: bool,
    /// Time of transmission from the date-time group, `1317Z`.
    pub time: Option<String>,
    /// The originating office as typed (`AMEMBASSY MOSCOW`) or the author.
    pub from: Option<String>,
    pub to: Vec<String>,
    pub classification: Option<String>,
    /// Document number (`1978MOSCOW08357`).
    pub number: Option<String>,
    pub publication: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    /// Provenance note (front matter `source`, or the site default).
    pub source: Option<String>,
    pub language: String,
}

/// The edition, as citations need it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edition<'a> {
    pub title: &'a str,
    pub editors: &'a [String],
    /// With a trailing slash, or None.
    pub base_url: Option<&'a str>,
    pub license: Option<&'a str>,
    /// The edition's strings: the note's words (`[cite]`), its dates.
    pub strings: &'a Strings,
}

impl<'a> Edition<'a> {
    /// The absolute URL of a file of the site (`documents/X.html`), when
    /// base_url is set.
    pub(crate) fn url(&self, rel: &str) -> Option<String> {
        self.base_url.map(|b| format!("{}{rel}", with_slash(b)))
    }
}

/// `https://x.org/ed` → `https://x.org/ed/`.
pub(crate) fn with_slash(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

/// The page of a document, relative to the site root.
pub(crate) fn page(id: &str) -> String {
    format!("documents/{id}.html")
}

/// "NEW DELHI" → "New Delhi"; words with digits or of one letter stay.
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                return w.to_string();
            }
            crate::base::text::capitalize(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A telegram office in the short form citations use: "AMEMBASSY MOSCOW" →
/// "Embassy Moscow", "SECSTATE WASHDC" → "Department of State". Unknown
/// forms are title-cased as typed.
pub(crate) fn office(typed: &str) -> String {
    let t = typed.trim();
    match t {
        "SECSTATE WASHDC" | "SECSTATE" => return "Department of State".into(),
        "USMISSION USNATO" | "USNATO" => return "US Mission to NATO".into(),
        "USMISSION USUN NEW YORK" | "USUN NEW YORK" | "USMISSION USUN" | "USUN" => {
            return "US Mission to the United Nations".into()
        }
        _ => {}
    }
    if let Some((prefix, place)) = t.split_once(' ') {
        let office = match prefix {
            "AMEMBASSY" => Some("Embassy"),
            "AMCONSUL" => Some("Consulate"),
            "AMCONGEN" => Some("Consulate General"),
            "USMISSION" => Some("US Mission"),
            "USDEL" => Some("US Delegation"),
            "USLO" => Some("US Liaison Office"),
            "USINT" => Some("US Interests Section"),
            _ => None,
        };
        if let Some(o) = office {
            return format!("{o} {}", title_case(place));
        }
    }
    if t.chars().any(|c| c.is_lowercase()) {
        t.to_string()
    } else {
        title_case(t)
    }
}

/// Date parts of an ISO date: [1978, 4, 20].
fn date_parts(date: &crate::model::PartialDate) -> Vec<u32> {
    std::iter::once(date.year().into()).chain(date.month().map(u32::from)).chain(date.day().map(u32::from)).collect()
}

/// "1978MOSCOW08357" → "8357".
fn telegram_number(n: &str) -> Option<String> {
    let digits: String = n.chars().rev().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() == n.len() {
        return None;
    }
    let d: String = digits.chars().rev().collect();
    let t = d.trim_start_matches('0');
    Some(if t.is_empty() { "0".into() } else { t.to_string() })
}

/// A piece of a formatted citation: plain text, or the title of a work
/// (italic in HTML).
enum Piece {
    Text(String),
    Work(String),
}

fn editors_phrase(e: &Edition) -> Option<String> {
    let and = e.strings.get("cite.and");
    match e.editors {
        [] => None,
        [one] => Some(one.clone()),
        [rest @ .., last] => Some(format!("{}{and}{last}", rest.join(", "))),
    }
}

fn dated(e: &Edition, iso: &str, inferred: bool) -> String {
    let long = e.strings.long_date(iso);
    if inferred {
        format!("[{long}]")
    } else {
        long
    }
}

/// The formatted note in the edition's language (`[cite]` of the strings):
/// English in the Chicago notes style (the comma inside the quotes),
/// German and French in theirs („…“ and « … », "in:"/"dans", "hg. von"/"éd. par");
/// offices by their English names, the names of the senders. As pieces.
fn note_pieces(d: &CiteData, e: &Edition, paragraph: Option<usize>) -> Vec<Piece> {
    let s = e.strings;
    let quoted = |t: &str| s.fmt("cite.quote", &[("title", &t)]);
    let mut parts: Vec<Vec<Piece>> = Vec::new();
    match d.format {
        FormatName::Cable => {
            let kind = s.get("cite.telegram");
            let mut head = match d.number.as_deref().and_then(telegram_number) {
                Some(n) => s.fmt("cite.telegram_number", &[("kind", &kind), ("number", &n)]),
                None => kind.to_string(),
            };
            if let Some(f) = &d.from {
                head.push_str(&s.fmt("cite.from", &[("office", &office(f))]));
            }
            if let Some(t) = d.to.first() {
                let o = office(t);
                let key = if o.starts_with("Department") { "cite.to_department" } else { "cite.to" };
                head.push_str(&s.fmt(key, &[("office", &o)]));
            }
            parts.push(vec![Piece::Text(head)]);
            parts.push(vec![Piece::Text(quoted(&d.title))]);
            if let Some(date) = &d.date {
                parts.push(vec![Piece::Text(dated(e, date.as_str(), d.date_inferred))]);
            }
            if let Some(t) = &d.time {
                parts.push(vec![Piece::Text(t.clone())]);
            }
            if let Some(c) = &d.classification {
                parts.push(vec![Piece::Text(title_case(c))]);
            }
            if let Some(n) = &d.number {
                parts.push(vec![Piece::Text(n.clone())]);
            }
        }
        FormatName::Article => {
            parts.push(vec![Piece::Text(quoted(&d.title))]);
            if let Some(p) = &d.publication {
                let mut v = vec![Piece::Work(p.clone())];
                let mut rest = String::new();
                if let Some(vol) = &d.volume {
                    rest.push_str(&format!(" {vol}"));
                }
                if let Some(i) = &d.issue {
                    rest.push_str(&s.fmt("cite.issue", &[("issue", i)]));
                }
                if let Some(date) = &d.date {
                    rest.push_str(&format!(" ({})", dated(e, date.as_str(), d.date_inferred)));
                }
                if !rest.is_empty() {
                    v.push(Piece::Text(rest));
                }
                parts.push(v);
            } else if let Some(date) = &d.date {
                parts.push(vec![Piece::Text(dated(e, date.as_str(), d.date_inferred))]);
            }
        }
        _ => {
            if let Some(f) = &d.from {
                parts.push(vec![Piece::Text(f.clone())]);
            }
            parts.push(vec![Piece::Text(quoted(&d.title))]);
            if let Some(date) = &d.date {
                parts.push(vec![Piece::Text(dated(e, date.as_str(), d.date_inferred))]);
            }
            parts.push(vec![Piece::Text(d.id.to_string())]);
        }
    }
    if let Some(p) = paragraph {
        parts.push(vec![Piece::Text(s.fmt("cite.paragraph", &[("n", &p)]))]);
    }
    let mut ed = vec![Piece::Text(s.get("cite.in").to_string()), Piece::Work(e.title.to_string())];
    if let Some(names) = editors_phrase(e) {
        ed.push(Piece::Text(s.fmt("cite.editors", &[("names", &names)])));
    }
    parts.push(ed);
    let anchor = paragraph.map(|p| format!("#p{p}")).unwrap_or_default();
    if let Some(u) = e.url(&format!("{}{anchor}", page(d.id.as_str()))) {
        parts.push(vec![Piece::Text(u)]);
    } else {
        // Without a URL the identifier finds the document in the edition.
        let shown = match d.format {
            FormatName::Cable => d.number.as_deref() == Some(d.id.as_str()),
            FormatName::Article => false,
            _ => true,
        };
        if !shown {
            parts.push(vec![Piece::Text(s.fmt("cite.document", &[("id", &d.id)]))]);
        }
    }
    // Chicago (US) style puts the comma inside the closing quote; the
    // German and French conventions after it.
    let close = s.get("cite.quote").chars().last().filter(|_| !s.get("cite.comma_inside").is_empty());
    let mut out: Vec<Piece> = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            match (out.last_mut(), close) {
                (Some(Piece::Text(t)), Some(c)) if t.ends_with(c) => {
                    t.pop();
                    t.push(',');
                    t.push(c);
                    t.push(' ');
                }
                _ => out.push(Piece::Text(", ".into())),
            }
        }
        out.extend(p);
    }
    out.push(Piece::Text(".".into()));
    out
}

/// The citation as plain text (titles of works not marked).
#[cfg(test)]
pub fn note_text(d: &CiteData, e: &Edition, paragraph: Option<usize>) -> String {
    note_pieces(d, e, paragraph)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) | Piece::Work(t) => t,
        })
        .collect()
}

/// The citation as HTML: titles of works in `<cite>`.
pub(crate) fn note_html(d: &CiteData, e: &Edition, paragraph: Option<usize>) -> String {
    note_pieces(d, e, paragraph)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => escape_html(&t),
            Piece::Work(t) => format!("<cite>{}</cite>", escape_html(&t)),
        })
        .collect()
}

/// [`note_html`] for each paragraph of one document, rendered once with
/// a stand-in number split out ([`ParagraphNotes::html`] puts the
/// paragraph's in): a page cites every paragraph. Where the stand-in's
/// digits are in the citation anyway (its title, say), each is rendered.
pub(crate) struct ParagraphNotes<'a> {
    d: &'a CiteData,
    e: &'a Edition<'a>,
    pieces: Option<Vec<String>>,
}

impl<'a> ParagraphNotes<'a> {
    const STAND_IN: usize = 987_654_321;

    pub(crate) fn new(d: &'a CiteData, e: &'a Edition<'a>) -> ParagraphNotes<'a> {
        let n = Self::STAND_IN.to_string();
        let pieces = (!note_html(d, e, None).contains(&n))
            .then(|| note_html(d, e, Some(Self::STAND_IN)).split(&n).map(str::to_string).collect());
        ParagraphNotes { d, e, pieces }
    }

    /// The same as `note_html(d, e, Some(paragraph))`.
    pub(crate) fn html(&self, paragraph: usize) -> String {
        match &self.pieces {
            Some(pieces) => pieces.join(&paragraph.to_string()),
            None => note_html(self.d, self.e, Some(paragraph)),
        }
    }
}

/// The notes of a reference, in the edition's language: classification,
/// an inferred date.
fn notes(d: &CiteData, e: &Edition) -> Vec<String> {
    let mut note = Vec::new();
    if let Some(c) = &d.classification {
        note.push(e.strings.fmt("cite.classification", &[("classification", c)]));
    }
    if d.date_inferred {
        note.push(e.strings.get("cite.date_inferred").to_string());
    }
    note
}

/// The author of the item: the originating office (telegrams) or the
/// author line, when known.
fn author(d: &CiteData) -> Option<String> {
    let f = d.from.as_deref()?;
    Some(if d.format == FormatName::Cable { office(f) } else { f.to_string() })
}

/// The citation key: the id with anything BibTeX dislikes replaced.
pub(crate) fn key(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':') { c } else { '_' }).collect()
}

/// Escapes a BibTeX field value (inside braces): the specials are
/// backslash-escaped, unbalanced braces cannot occur.
fn bib_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\textbackslash{}"),
            '{' => o.push_str("\\{"),
            '}' => o.push_str("\\}"),
            '%' | '&' | '$' | '#' | '_' => {
                o.push('\\');
                o.push(c);
            }
            '~' => o.push_str("\\textasciitilde{}"),
            '^' => o.push_str("\\textasciicircum{}"),
            '\n' | '\r' | '\t' => o.push(' '),
            c if (c as u32) < 0x20 => {}
            c => o.push(c),
        }
    }
    o
}

/// One document as a BibTeX entry (biblatex field names; `year` and
/// `month` too, for classic BibTeX styles).
pub(crate) fn bibtex(d: &CiteData, e: &Edition) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let kind = if d.format == FormatName::Article && d.publication.is_some() { "article" } else { "misc" };
    if let Some(a) = author(d) {
        // Double braces: a corporate name, not "Moscow, Embassy".
        fields.push(("author", format!("{{{}}}", bib_escape(&a))));
    }
    fields.push(("title", format!("{{{}}}", bib_escape(&d.title))));
    if d.format == FormatName::Cable {
        fields.push(("type", bib_escape(e.strings.get("cite.telegram"))));
    }
    if let Some(p) = &d.publication {
        fields.push(("journal", bib_escape(p)));
        if let Some(v) = &d.volume {
            fields.push(("volume", bib_escape(v)));
        }
        if let Some(i) = &d.issue {
            fields.push(("number", bib_escape(i)));
        }
    } else if let Some(n) = &d.number {
        fields.push(("number", bib_escape(n)));
    }
    if let Some(date) = &d.date {
        let parts = date_parts(date);
        fields.push((
            "date",
            parts
                .iter()
                .enumerate()
                .map(|(i, p)| if i == 0 { format!("{p:04}") } else { format!("{p:02}") })
                .collect::<Vec<_>>()
                .join("-"),
        ));
        if let Some(y) = parts.first() {
            fields.push(("year", format!("{y:04}")));
        }
        if let Some(m) = parts.get(1) {
            const M: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
            if let Some(mm) = M.get((*m as usize).wrapping_sub(1)) {
                fields.push(("month", mm.to_string()));
            }
        }
    }
    fields.push(("booktitle", bib_escape(e.title)));
    if !e.editors.is_empty() {
        fields.push((
            "editor",
            e.editors.iter().map(|n| format!("{{{}}}", bib_escape(n))).collect::<Vec<_>>().join(" and "),
        ));
    }
    fields.push(("publisher", bib_escape(e.title)));
    let mut note = notes(d, e);
    if let Some(s) = &d.source {
        note.push(e.strings.fmt("cite.source", &[("source", s)]));
    }
    if !note.is_empty() {
        fields.push(("note", bib_escape(&note.join(". "))));
    }
    if let Some(u) = e.url(&page(d.id.as_str())) {
        fields.push(("url", bib_escape(&u)));
    }
    fields.push(("langid", bib_escape(&d.language)));
    let mut o = format!("@{kind}{{{},\n", key(d.id.as_str()));
    for (k, v) in fields {
        o.push_str(&format!("  {k} = {{{v}}},\n"));
    }
    o.push_str("}\n");
    o
}

/// One RIS line: tag, two spaces, hyphen, space, value on one line.
fn ris_line(o: &mut String, tag: &str, value: &str) {
    let v: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    o.push_str(&format!("{tag}  - {}\r\n", v.trim()));
}

/// One document as a RIS record.
pub(crate) fn ris(d: &CiteData, e: &Edition) -> String {
    let mut o = String::new();
    let ty = match d.format {
        FormatName::Cable => "MANSCPT",
        FormatName::Article if d.publication.is_some() => "MGZN",
        _ => "GEN",
    };
    ris_line(&mut o, "TY", ty);
    ris_line(&mut o, "ID", d.id.as_str());
    ris_line(&mut o, "TI", &d.title);
    if let Some(a) = author(d) {
        // A corporate author ends with a comma in RIS ("Lastname, ").
        ris_line(&mut o, "AU", &format!("{a},"));
    }
    if let Some(date) = &d.date {
        let p = date_parts(date);
        let f = |i: usize| p.get(i).map(|v| format!("{v:02}")).unwrap_or_default();
        ris_line(&mut o, "DA", &format!("{:04}/{}/{}/", p.first().copied().unwrap_or(0), f(1), f(2)));
        ris_line(&mut o, "PY", &format!("{:04}", p.first().copied().unwrap_or(0)));
    }
    if d.format == FormatName::Cable {
        ris_line(&mut o, "M3", e.strings.get("cite.telegram"));
    }
    if let Some(p) = &d.publication {
        ris_line(&mut o, "T2", p);
        if let Some(v) = &d.volume {
            ris_line(&mut o, "VL", v);
        }
        if let Some(i) = &d.issue {
            ris_line(&mut o, "IS", i);
        }
    } else {
        ris_line(&mut o, "T2", e.title);
    }
    if let Some(n) = &d.number {
        ris_line(&mut o, "AN", n);
    }
    for ed in e.editors {
        ris_line(&mut o, "A2", &format!("{ed},"));
    }
    ris_line(&mut o, "PB", e.title);
    for n in notes(d, e) {
        ris_line(&mut o, "N1", &n);
    }
    if let Some(s) = &d.source {
        ris_line(&mut o, "N1", &e.strings.fmt("cite.source", &[("source", s)]));
    }
    if let Some(u) = e.url(&page(d.id.as_str())) {
        ris_line(&mut o, "UR", &u);
    }
    ris_line(&mut o, "LA", &d.language);
    ris_line(&mut o, "ER", "");
    o
}

/// One document as a CSL-JSON item.
pub(crate) fn csl(d: &CiteData, e: &Edition) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let mut m = Map::new();
    m.insert("id".into(), json!(d.id));
    let ty = match d.format {
        FormatName::Cable => "manuscript",
        FormatName::Article if d.publication.is_some() => "article-magazine",
        _ => "document",
    };
    m.insert("type".into(), json!(ty));
    m.insert("title".into(), json!(d.title));
    if let Some(a) = author(d) {
        m.insert("author".into(), json!([{ "literal": a }]));
    }
    if let Some(t) = d.to.first() {
        if d.format == FormatName::Cable {
            m.insert("recipient".into(), json!([{ "literal": office(t) }]));
        }
    }
    if let Some(date) = &d.date {
        let mut issued = Map::new();
        issued.insert("date-parts".into(), json!([date_parts(date)]));
        if d.date_inferred {
            issued.insert("circa".into(), json!(true));
        }
        m.insert("issued".into(), Value::Object(issued));
    }
    if d.format == FormatName::Cable {
        m.insert("genre".into(), json!(e.strings.get("cite.telegram")));
    }
    if let Some(p) = &d.publication {
        m.insert("container-title".into(), json!(p));
        if let Some(v) = &d.volume {
            m.insert("volume".into(), json!(v));
        }
        if let Some(i) = &d.issue {
            m.insert("issue".into(), json!(i));
        }
        m.insert("collection-title".into(), json!(e.title));
    } else {
        m.insert("container-title".into(), json!(e.title));
    }
    if let Some(n) = &d.number {
        m.insert("number".into(), json!(n));
    }
    if !e.editors.is_empty() {
        m.insert("editor".into(), Value::Array(e.editors.iter().map(|n| json!({ "literal": n })).collect()));
    }
    m.insert("publisher".into(), json!(e.title));
    if let Some(s) = &d.source {
        m.insert("archive".into(), json!(s));
    }
    let note = notes(d, e);
    if !note.is_empty() {
        m.insert("note".into(), json!(note.join(". ")));
    }
    if let Some(u) = e.url(&page(d.id.as_str())) {
        m.insert("URL".into(), json!(u));
    }
    m.insert("language".into(), json!(d.language));
    Value::Object(m)
}

/// `<meta>` name/content pairs for the head of the document page: Highwire
/// Press (`citation_*`, read by Google Scholar and Zotero) and Dublin Core
/// (`DC.*`; `DC.type` names the Zotero item type).
pub(crate) fn meta_tags(d: &CiteData, e: &Edition) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = Vec::new();
    v.push(("citation_title", d.title.clone()));
    if let Some(a) = author(d) {
        v.push(("citation_author", a));
    }
    if let Some(date) = &d.date {
        let p = date_parts(date);
        let s = p
            .iter()
            .enumerate()
            .map(|(i, x)| if i == 0 { format!("{x:04}") } else { format!("{x:02}") })
            .collect::<Vec<_>>()
            .join("/");
        v.push(("citation_date", s.clone()));
        v.push(("citation_publication_date", s));
    }
    if let Some(p) = &d.publication {
        v.push(("citation_journal_title", p.clone()));
        if let Some(x) = &d.volume {
            v.push(("citation_volume", x.clone()));
        }
        if let Some(x) = &d.issue {
            v.push(("citation_issue", x.clone()));
        }
    } else {
        v.push(("citation_series_title", e.title.to_string()));
    }
    v.push(("citation_publisher", e.title.to_string()));
    if let Some(n) = &d.number {
        v.push(("citation_technical_report_number", n.clone()));
    }
    v.push(("citation_language", d.language.clone()));
    if let Some(u) = e.url(&page(d.id.as_str())) {
        v.push(("citation_public_url", u.clone()));
        v.push(("citation_abstract_html_url", u));
    }
    v.push(("DC.title", d.title.clone()));
    if let Some(a) = author(d) {
        v.push(("DC.creator", a));
    }
    if let Some(date) = &d.date {
        v.push(("DC.date", date.to_string()));
    }
    v.push(("DC.publisher", e.title.to_string()));
    for ed in e.editors {
        v.push(("DC.contributor", ed.clone()));
    }
    v.push((
        "DC.type",
        match d.format {
            FormatName::Cable => "manuscript",
            FormatName::Article if d.publication.is_some() => "magazineArticle",
            _ => "document",
        }
        .into(),
    ));
    v.push(("DC.identifier", d.number.clone().unwrap_or_else(|| d.id.to_string())));
    if let Some(u) = e.url(&page(d.id.as_str())) {
        v.push(("DC.identifier", u));
    }
    v.push(("DC.language", d.language.clone()));
    if let Some(s) = &d.source {
        v.push(("DC.source", s.clone()));
    }
    if let Some(l) = e.license {
        v.push(("DC.rights", l.to_string()));
    }
    v
}

/// The citation data of an annotated document.
pub(crate) fn data(a: &crate::annotate::Annotated, cfg: &crate::load::config::SiteConfig) -> CiteData {
    let d = &a.doc;
    let m = &d.metadata;
    let time = m.dtg_iso.as_deref().and_then(|t| t.split_once('T')).map(|(_, t)| t.replace(':', ""));
    CiteData {
        id: d.id.clone(),
        format: d.format,
        title: d.title.clone(),
        date: d.date,
        date_inferred: d.date_basis == Some(crate::model::DateBasis::Inferred),
        time: time.filter(|t| t.len() == 5 && t.ends_with('Z')),
        from: m.from.clone(),
        to: m.to.clone(),
        classification: m.classification.clone(),
        number: m.document_number.clone(),
        publication: m.publication.clone(),
        volume: m.volume.clone(),
        issue: m.issue.clone(),
        source: d.source.clone(),
        language: cfg.language.clone(),
    }
}

/// The edition as citations need it.
pub(crate) fn edition<'a>(cfg: &'a crate::load::config::SiteConfig, strings: &'a Strings) -> Edition<'a> {
    Edition {
        strings,
        title: &cfg.title,
        editors: &cfg.editors,
        base_url: cfg.base_url.as_deref().filter(|b| !b.trim().is_empty()),
        license: cfg.license.as_deref(),
    }
}

/// A `data:` URI of `bytes` with the media type `mime`, percent-encoded:
/// everything but the unreserved characters of RFC 3986 and `,:;=@/` is
/// escaped, so the URI is valid in an `href` and no parser strips spaces
/// or line ends from it.
pub(crate) fn data_uri(mime: &str, bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(mime.len() + 6 + bytes.len() * 3 / 2);
    s.push_str("data:");
    s.push_str(mime);
    s.push(',');
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~,:;=@/".contains(&b) {
            s.push(b as char);
        } else {
            s.push('%');
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
    }
    s
}

/// A document's reference as BibTeX, RIS and CSL-JSON (an array of one
/// item, compact), each a `data:` URI the page offers for download: no
/// file per document and per format, and it works offline.
pub(crate) fn data_uris(d: &CiteData, e: &Edition) -> CiteLinks {
    let csl = serde_json::to_vec(&serde_json::Value::Array(vec![csl(d, e)])).unwrap_or_default();
    CiteLinks {
        bib: data_uri("application/x-bibtex;charset=utf-8", bibtex(d, e).as_bytes()),
        ris: data_uri("application/x-research-info-systems;charset=utf-8", ris(d, e).as_bytes()),
        csl: data_uri("application/vnd.citationstyles.csl+json;charset=utf-8", &csl),
    }
}

/// The download links of a document's reference (see [`data_uris`]).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CiteLinks {
    pub bib: String,
    pub ris: String,
    pub csl: String,
}

/// The edition-wide citation files, one item per document in `docs` order.
pub(crate) fn edition_files(docs: &[&CiteData], e: &Edition) -> [(&'static str, Vec<u8>); 3] {
    use rayon::prelude::*;
    // Each document's three forms made on every core, joined in order.
    let each: Vec<(String, String, serde_json::Value)> =
        docs.par_iter().map(|d| (bibtex(d, e), ris(d, e), csl(d, e))).collect();
    let mut bib = String::with_capacity(each.iter().map(|(b, _, _)| b.len() + 1).sum());
    let mut ris_all = String::with_capacity(each.iter().map(|(_, r, _)| r.len()).sum());
    let mut items = Vec::with_capacity(docs.len());
    for (b, r, c) in each {
        bib.push_str(&b);
        bib.push('\n');
        ris_all.push_str(&r);
        items.push(c);
    }
    [
        ("downloads/edition.bib", bib.into_bytes()),
        ("downloads/edition.ris", ris_all.into_bytes()),
        ("downloads/edition-csl.json", serde_json::to_vec_pretty(&serde_json::Value::Array(items)).unwrap_or_default()),
    ]
}

/// What the document page shows and puts in its head.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CiteView {
    /// The citation of the document, HTML.
    pub html: String,
    /// `<meta name content>` pairs.
    pub meta: Vec<MetaTag>,
    /// The page's absolute URL, when base_url is set.
    pub canonical: Option<String>,
    /// The reference as BibTeX, RIS and CSL-JSON `data:` URIs.
    pub links: CiteLinks,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct MetaTag {
    pub name: &'static str,
    pub content: String,
}

pub(crate) fn view(d: &CiteData, e: &Edition) -> CiteView {
    CiteView {
        html: note_html(d, e, None),
        meta: meta_tags(d, e).into_iter().map(|(name, content)| MetaTag { name, content }).collect(),
        canonical: e.url(&page(d.id.as_str())),
        links: data_uris(d, e),
    }
}

#[cfg(test)]
mod tests;

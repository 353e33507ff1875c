//! Export: the edition's registers as one TEI file
//! (`downloads/registers.xml`: `listPerson`, `listPlace`, `listOrg` in a
//! `standOff`, the topics as a `taxonomy` in the header's `classDecl`) and as
//! JSON (`downloads/registers.json`). The documents' TEI points its
//! mentions here (`@ref="reg:person-kapitsa"`, the prefix `reg` declared in
//! each document's header as `../downloads/registers.xml#$1`).

use std::fmt::Write;

use crate::export::tei_names::{entry_xml_id, esc};
use crate::load::config::SiteConfig;
use crate::load::registers::{Entry, Kind, Registers};

/// The folder of the edition-wide downloads, and the register files in it.
pub(crate) const REGISTERS_TEI: &str = "downloads/registers.xml";
pub(crate) const REGISTERS_JSON: &str = "downloads/registers.json";
/// The JSON Schema of the documents' JSON export (data/<id>.json).
pub(crate) const DOCUMENT_SCHEMA: &str = "downloads/document.schema.json";
/// Its text, shipped with Folio (src/export/document.schema.json).
pub(crate) const DOCUMENT_SCHEMA_JSON: &str = include_str!("document.schema.json");

/// The text of a register description (Markdown): its words, without markup.
pub(crate) fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(markdown.len());
    for ev in Parser::new(markdown) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(pulldown_cmark::TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    crate::base::text::collapse_ws(&out)
}

fn names(x: &mut String, el: &str, e: &Entry) {
    let _ = write!(x, "<{el} type=\"main\">{}</{el}>", esc(&e.name));
    if let Some(s) = &e.sort {
        let _ = write!(x, "<{el} type=\"sort\">{}</{el}>", esc(s));
    }
    for a in e.aliases.iter().chain(&e.ambiguous_aliases) {
        let _ = write!(x, "<{el} type=\"alias\">{}</{el}>", esc(a));
    }
}

fn idnos(x: &mut String, e: &Entry) {
    for (t, v) in [("wikidata", &e.wikidata), ("viaf", &e.viaf), ("gnd", &e.gnd)] {
        if let Some(v) = v {
            let _ = write!(x, "<idno type=\"{t}\">{}</idno>", esc(v));
        }
    }
}

fn notes(x: &mut String, kind: Kind, e: &Entry) {
    if let Some(d) = &e.dates {
        let _ = write!(x, "<note type=\"dates\">{}</note>", esc(d));
    }
    if let Some(r) = &e.role {
        let _ = write!(x, "<note type=\"role\">{}</note>", esc(r));
    }
    if let Some(d) = e.description.as_deref().map(plain).filter(|d| !d.is_empty()) {
        let _ = write!(x, "<note type=\"description\">{}</note>", esc(&d));
    }
    if !e.see_also.is_empty() {
        x.push_str("<note type=\"see-also\">");
        for (i, s) in e.see_also.iter().enumerate() {
            let _ = write!(
                x,
                "{}<ref target=\"#{}\">{}</ref>",
                if i > 0 { ", " } else { "" },
                entry_xml_id(kind, s),
                esc(s)
            );
        }
        x.push_str("</note>");
    }
}

/// The registers as a TEI document.
pub(crate) fn tei(registers: &Registers, cfg: &SiteConfig, s: &crate::load::strings::Strings) -> String {
    let mut x = String::with_capacity(64 * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(x, "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"{}\">", esc(&cfg.language));
    x.push_str("<teiHeader>\n<fileDesc>\n<titleStmt>\n");
    let _ = writeln!(x, "<title>{}</title>", esc(s.get("tei.registers_title")));
    let _ = writeln!(x, "<title type=\"sub\">{}</title>", esc(&cfg.title));
    for e in &cfg.editors {
        let _ = writeln!(x, "<editor>{}</editor>", esc(e));
    }
    x.push_str("</titleStmt>\n<publicationStmt>\n");
    let _ = writeln!(x, "<publisher>{}</publisher>", esc(&cfg.title));
    if let Some(l) = &cfg.license {
        let _ = writeln!(x, "<availability><licence>{}</licence></availability>", esc(l));
    }
    let _ = writeln!(
        x,
        "</publicationStmt>\n<sourceDesc><p>{}</p></sourceDesc>\n</fileDesc>",
        esc(s.get("tei.registers_source"))
    );
    let _ =
        write!(x, "<encodingDesc><classDecl>\n<taxonomy xml:id=\"topics\"><desc>{}</desc>", esc(s.get("tei.topics")));
    for e in registers.of(Kind::Topic) {
        let _ = write!(
            x,
            "<category xml:id=\"{}\"><catDesc><term>{}</term>",
            entry_xml_id(Kind::Topic, e.id.as_str()),
            esc(&e.name)
        );
        if let Some(d) = e.description.as_deref().map(plain).filter(|d| !d.is_empty()) {
            let _ = write!(x, ": {}", esc(&d));
        }
        if !e.tags.is_empty() {
            let _ = write!(x, " ({})", esc(&s.fmt("tei.registers_tags", &[("tags", &e.tags.join(", "))])));
        }
        if !e.concepts.is_empty() {
            let _ = write!(x, " ({})", esc(&s.fmt("tei.registers_concepts", &[("concepts", &e.concepts.join("; "))])));
        }
        x.push_str("</catDesc></category>\n");
    }
    x.push_str("</taxonomy>\n</classDecl></encodingDesc>\n</teiHeader>\n");
    let lists = [
        (Kind::Person, "listPerson", "person", "persName"),
        (Kind::Place, "listPlace", "place", "placeName"),
        (Kind::Organization, "listOrg", "org", "orgName"),
    ];
    if lists.iter().all(|(k, ..)| registers.of(*k).is_empty()) {
        // A standOff may not be empty; the file still needs a text.
        let _ = write!(x, "<text><body><p>{}</p></body></text>\n</TEI>\n", esc(s.get("tei.registers_empty")));
        return x;
    }
    x.push_str("<standOff>\n");
    for (kind, list, item, name) in lists {
        let entries = registers.of(kind);
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(x, "<{list}>");
        for e in entries {
            let _ = write!(x, "<{item} xml:id=\"{}\">", entry_xml_id(kind, e.id.as_str()));
            names(&mut x, name, e);
            idnos(&mut x, e);
            notes(&mut x, kind, e);
            let _ = writeln!(x, "</{item}>");
        }
        let _ = writeln!(x, "</{list}>");
    }
    x.push_str("</standOff>\n</TEI>\n");
    x
}

/// The registers as JSON: `{ "persons": [...], "places": ..., ... }`, each
/// entry with the fields of its TOML and its `xml_id` in the TEI file.
pub(crate) fn json(registers: &Registers) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for kind in Kind::ALL {
        let list: Vec<serde_json::Value> = registers
            .of(kind)
            .iter()
            .map(|e| {
                let mut v = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
                if let Some(o) = v.as_object_mut() {
                    o.insert("xml_id".into(), entry_xml_id(kind, e.id.as_str()).into());
                }
                v
            })
            .collect();
        m.insert(kind.plural().into(), list.into());
    }
    serde_json::Value::Object(m)
}

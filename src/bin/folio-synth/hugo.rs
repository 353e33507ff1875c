//! The synthetic corpus as a Hugo site (`OUT/hugo`): each document a
//! Markdown page with front matter and `persons` / `topics` taxonomies, and a
//! minimal theme of list and term pages, so that Folio and Hugo can be timed
//! on the same content (scripts/bench.sh).

use std::fmt::Write as _;
use std::path::Path;

use folio::{IoContext, Result};

use crate::registers::{toml_str, Registers};
use crate::synth::{write_file, GenDoc};

/// The Hugo theme: a base, a single page, list, taxonomy and term pages.
pub const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }} · {{ .Site.Title }}</title><link rel=\"stylesheet\" href=\"{{ \"style.css\" | relURL }}\"></head>\n<body><header><a href=\"{{ \"\" | relURL }}\">{{ .Site.Title }}</a> <nav><a href=\"{{ \"documents/\" | relURL }}\">Documents</a> <a href=\"{{ \"persons/\" | relURL }}\">Persons</a> <a href=\"{{ \"topics/\" | relURL }}\">Topics</a></nav></header>\n<main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    ),
    (
        "_default/single.html",
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }}</p>{{ .Content }}\n{{ with .GetTerms \"persons\" }}<h2>Persons</h2><ul>{{ range . }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}\n{{ with .GetTerms \"topics\" }}<h2>Topics</h2><ul>{{ range . }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}\n{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</article>{{ end }}\n",
    ),
    (
        "_default/list.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><table>{{ range .Pages.ByDate }}<tr><td>{{ .Date.Format \"2006-01-02\" }}</td><td><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></td></tr>{{ end }}</table>{{ end }}\n",
    ),
    (
        "_default/taxonomy.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n",
    ),
    (
        "_default/term.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages.ByDate }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>{{ end }}\n",
    ),
    (
        "index.html",
        "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><p>{{ len .Site.RegularPages }} documents.</p><ul>{{ range first 50 .Site.RegularPages.ByDate }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    ),
];

pub fn write_hugo_skeleton(dir: &Path) -> Result<()> {
    let content = dir.join("content").join("documents");
    std::fs::create_dir_all(&content).with_path(&content)?;
    write_file(
        &dir.join("hugo.toml"),
        b"# The synthetic edition as a Hugo site, for benchmarks (`folio-synth`).\nbaseURL = \"https://example.org/\"\ntitle = \"Synthetic Telegrams, 1973-1979\"\nrelativeURLs = true\ndisableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\"]\n[taxonomies]\nperson = \"persons\"\ntopic = \"topics\"\n[markup.goldmark.renderer]\nunsafe = false\n",
    )?;
    write_file(&content.join("_index.md"), b"+++\ntitle = \"Documents\"\n+++\n")?;
    for (name, text) in HUGO_LAYOUTS {
        let path = dir.join("layouts").join(name);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).with_path(p)?;
        }
        write_file(&path, text.as_bytes())?;
    }
    let static_dir = dir.join("static");
    std::fs::create_dir_all(&static_dir).with_path(&static_dir)?;
    write_file(
        &static_dir.join("style.css"),
        b"body{font-family:serif;max-width:60rem;margin:auto}pre{white-space:pre-wrap}\n",
    )
}

/// One document as a Hugo page: front matter with the taxonomies, the
/// commentary's headnote and notes, and the telegram as typed.
pub fn hugo_page(d: &GenDoc, regs: &Registers) -> String {
    let mut s = String::with_capacity(d.raw.len() + 1000);
    s.push_str("+++\n");
    let _ = writeln!(s, "title = {}", toml_str(&d.title));
    let _ = writeln!(s, "date = {:04}-{:02}-{:02}", d.date.0, d.date.1, d.date.2);
    let persons: Vec<String> = d.persons.iter().map(|&p| toml_str(&regs.persons[p].name)).collect();
    let topics: Vec<String> = d.topics.iter().map(|&t| toml_str(&regs.topics[t].name)).collect();
    let _ = writeln!(s, "persons = [{}]", persons.join(", "));
    let _ = writeln!(s, "topics = [{}]", topics.join(", "));
    let places: Vec<String> = d.places.iter().map(|&p| toml_str(&regs.places[p].name)).collect();
    let _ = writeln!(s, "places = [{}]", places.join(", "));
    s.push_str("+++\n");
    if let Some(md) = &d.commentary {
        if let Some((_, _, body, _)) = folio::dev::split_front_matter(md) {
            // Folio link schemes mean nothing to Hugo: keep the link text.
            let body =
                body.replace("](person:", "](#person-").replace("](topic:", "](#topic-").replace("](doc:", "](#doc-");
            s.push_str(&body);
            s.push('\n');
        }
    }
    s.push_str("## Text\n\n```text\n");
    s.push_str(&d.raw.replace("```", "'''"));
    s.push_str("\n```\n");
    s
}

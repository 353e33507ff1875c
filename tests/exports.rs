//! Scholarly exports, driven through the `folio` binary: the TEI of every
//! document (well-formed, its pointers resolve; scripts/validate-tei.sh
//! validates it against tei_all with jing), the
//! registers as TEI and JSON, citations, the data archive (deterministic,
//! matches its manifest, kept right by incremental builds) and what
//! `base_url` adds.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the demo edition (site.toml and content/) into `dest`, with
/// `extra` lines added to site.toml.
fn copy_demo(dest: &Path, extra: &str) {
    std::fs::create_dir_all(dest).unwrap();
    let toml = std::fs::read_to_string(demo().join("site.toml")).unwrap();
    // Top-level keys go before the first table.
    let (top, tables) = toml.split_at(toml.find("\n[").map_or(toml.len(), |i| i + 1));
    std::fs::write(dest.join("site.toml"), format!("{top}{extra}\n{tables}")).unwrap();
    for e in walkdir::WalkDir::new(demo().join("content")) {
        let e = e.unwrap();
        let target = dest.join(e.path().strip_prefix(demo()).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn build(root: &Path, out: &Path, extra: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn built_demo(tmp: &Path, extra: &str) -> PathBuf {
    let root = tmp.join("edition");
    copy_demo(&root, extra);
    let out = tmp.join("public");
    build(&root, &out, &[]);
    out
}

const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

fn xml_ids<'a>(doc: &'a roxmltree::Document) -> HashSet<&'a str> {
    doc.descendants().filter_map(|n| n.attribute((XML_NS, "id"))).collect()
}

#[test]
fn tei_is_well_formed_and_its_pointers_resolve() {
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path(), "");
    let registers = read(&out, "downloads/registers.xml");
    let reg = roxmltree::Document::parse(&registers).expect("registers.xml is well-formed");
    let reg_ids = xml_ids(&reg);
    assert!(reg_ids.contains("person-kapitsa"), "the register file has Kapitsa");
    for kind in ["listPerson", "listPlace", "listOrg", "taxonomy"] {
        assert!(reg.descendants().any(|n| n.has_tag_name((TEI_NS, kind))), "registers.xml has {kind}");
    }
    let json: serde_json::Value = serde_json::from_str(&read(&out, "downloads/registers.json")).unwrap();
    assert!(json["persons"].as_array().is_some_and(|a| a.iter().any(|p| p["id"] == "kapitsa")));

    for id in ["1978MOSCOW08357", "monitor-1999-5-156"] {
        let text = read(&out, &format!("tei/{id}.xml"));
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{id}.xml: {e}"));
        let ids = xml_ids(&doc);
        // Paragraphs: xml:id pN and n="N" in order.
        let paras: Vec<_> = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name((TEI_NS, "p")) && n.attribute((XML_NS, "id")).is_some_and(|i| i.starts_with('p'))
            })
            .collect();
        assert!(!paras.is_empty(), "{id}: paragraphs");
        for (i, p) in paras.iter().enumerate() {
            assert_eq!(p.attribute((XML_NS, "id")), Some(format!("p{}", i + 1).as_str()));
            assert_eq!(p.attribute("n"), Some((i + 1).to_string().as_str()));
        }
        // The register prefix is declared (TEI prefixDef), pointing at the
        // register file.
        let prefix = doc.descendants().find(|n| n.has_tag_name((TEI_NS, "prefixDef"))).expect("prefixDef");
        assert_eq!(prefix.attribute("ident"), Some("reg"));
        assert_eq!(prefix.attribute("replacementPattern"), Some("../downloads/registers.xml#$1"));
        // Every local pointer resolves; every register pointer too.
        for n in doc.descendants().filter(|n| n.is_element()) {
            for a in ["target", "targetEnd", "ref", "corresp", "ana", "scheme"] {
                let Some(v) = n.attribute(a) else { continue };
                for p in v.split_whitespace() {
                    if let Some(local) = p.strip_prefix('#') {
                        assert!(ids.contains(local), "{id}: {a}=\"{p}\" points at nothing");
                    } else if let Some(entry) =
                        p.strip_prefix("reg:").or_else(|| p.strip_prefix("../downloads/registers.xml#"))
                    {
                        assert!(reg_ids.contains(entry), "{id}: {a}=\"{p}\" not in registers.xml");
                    }
                }
            }
        }
        // Notes point at their passage with anchors before and after it.
        let notes: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((TEI_NS, "note")) && n.attribute("type") == Some("commentary"))
            .collect();
        assert!(!notes.is_empty(), "{id}: notes");
        for n in notes {
            assert!(n.attribute("target").is_some() && n.attribute("targetEnd").is_some());
        }
        // The headnote is in front.
        assert!(
            doc.descendants().any(|n| n.has_tag_name((TEI_NS, "div")) && n.attribute("type") == Some("headnote")),
            "{id}: headnote"
        );
        // Mentions with @ref.
        assert!(doc.descendants().any(|n| n.has_tag_name((TEI_NS, "placeName")) && n.attribute("ref").is_some()));
        // The facsimile layer: sheets and lines.
        assert!(doc.descendants().any(|n| n.has_tag_name((TEI_NS, "pb"))));
        assert!(doc.descendants().any(|n| n.has_tag_name((TEI_NS, "lb"))));
        // The header declares exactly the reasons the transcription gives.
        let used: std::collections::BTreeSet<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name((TEI_NS, "seg")))
            .filter_map(|n| n.attribute("ana")?.strip_prefix('#'))
            .filter(|a| a.starts_with("removed-"))
            .collect();
        let declared: std::collections::BTreeSet<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name((TEI_NS, "category")))
            .filter_map(|n| n.attribute(("http://www.w3.org/XML/1998/namespace", "id")))
            .filter(|id| id.starts_with("removed-"))
            .collect();
        assert!(!used.is_empty(), "{id}: lines kept out of the reading text");
        assert!(used.is_subset(&declared), "{id}: every reason given is declared: {used:?} {declared:?}");
        assert!(declared.len() < 17, "{id}: only the reasons this document gives: {declared:?}");
    }
    let cable = read(&out, "tei/1978MOSCOW08357.xml");
    assert!(cable
        .contains("<choice xml:id=\"e1\"><sic>FORE-SEEABLE</sic><corr resp=\"#editors\">FORESEEABLE</corr></choice>"));
    assert!(cable.contains("<idno type=\"document-number\">1978MOSCOW08357</idno>"));
    assert!(cable.contains("<keywords scheme=\"#state-department-tags\">"));
    assert!(cable.contains("<label>Film Number</label> D780170-0816"), "message attributes with their keys");
    assert!(cable.contains("ana=\"#removed-page_header\""), "removed lines with their reason");
}

/// The archive's entries: name → bytes, in order.
fn unzip(path: &Path) -> Vec<(String, Vec<u8>, zip::DateTime)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b, f.last_modified().unwrap_or_default())
        })
        .collect()
}

fn check_manifest(entries: &[(String, Vec<u8>, zip::DateTime)]) -> serde_json::Value {
    let (last, rest) = entries.split_last().unwrap();
    assert_eq!(last.0, "manifest.json", "the manifest is the last entry");
    let names: Vec<&str> = rest.iter().map(|e| e.0.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "entries sorted by path");
    for e in entries {
        assert_eq!(e.2, zip::DateTime::default(), "{}: fixed timestamp", e.0);
    }
    let m: serde_json::Value = serde_json::from_slice(&last.1).unwrap();
    let listed = m["entries"].as_array().unwrap();
    assert_eq!(listed.len(), rest.len());
    for (l, e) in listed.iter().zip(rest) {
        assert_eq!(l["path"], e.0.as_str());
        assert_eq!(l["bytes"], e.1.len() as u64);
        let sha: String = Sha256::digest(&e.1).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(l["sha256"], sha.as_str(), "{}: checksum", e.0);
    }
    m
}

#[test]
fn data_archive_is_deterministic_and_matches_its_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    copy_demo(&root, "");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&root, &a, &[]);
    build(&root, &b, &["--no-cache"]);
    let za = std::fs::read(a.join("downloads/edition-data.zip")).unwrap();
    let zb = std::fs::read(b.join("downloads/edition-data.zip")).unwrap();
    assert!(za == zb, "two builds give the same archive byte for byte");
    let entries = unzip(&a.join("downloads/edition-data.zip"));
    let m = check_manifest(&entries);
    assert_eq!(m["counts"]["documents"], 2);
    let names: HashSet<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    for n in [
        "raw/1978MOSCOW08357.txt",
        "commentary/1978MOSCOW08357.md",
        "data/document.schema.json",
        "registers/persons.toml",
        "registers/registers.xml",
        "registers/registers.json",
        "citations/edition.bib",
        "citations/edition.ris",
        "citations/edition-csl.json",
        "LICENSE.txt",
    ] {
        assert!(names.contains(n), "the archive has {n}");
    }
    // The documents' TEI and JSON are published beside their pages, not
    // copied into the archive a second time (issue 22).
    for n in ["tei/1978MOSCOW08357.xml", "data/1978MOSCOW08357.json"] {
        assert!(!names.contains(n), "the archive has no second copy of {n}");
        assert!(a.join(n).is_file(), "the site publishes {n}");
    }
    let readme = String::from_utf8_lossy(&entries.iter().find(|e| e.0 == "README.txt").unwrap().1).into_owned();
    assert!(readme.contains("tei/<id>.xml") && readme.contains("data/<id>.json"), "{readme}");
    // The raw text exactly as received.
    let raw = &entries.iter().find(|e| e.0 == "raw/1978MOSCOW08357.txt").unwrap().1;
    assert_eq!(raw, &std::fs::read(root.join("content/documents/1978MOSCOW08357.txt")).unwrap());
    // Linked from the home page; each document page links its exports.
    assert!(read(&a, "index.html").contains("downloads/edition-data.zip"));
    let page = read(&a, "documents/1978MOSCOW08357.html");
    for l in ["../tei/1978MOSCOW08357.xml", "../data/1978MOSCOW08357.json", "../downloads/edition-data.zip"] {
        assert!(page.contains(l), "the document page links {l}");
    }
    // Three files per document, no more: no loose raw or citation files.
    for dir in ["raw", "cite"] {
        assert!(!a.join(dir).exists(), "no {dir}/ folder in the site");
    }
}

/// The body of the page's `data:` link of media type `mime`, decoded.
fn data_link(page: &str, mime: &str) -> String {
    let at = page.find(&format!("data:{mime},")).unwrap_or_else(|| panic!("no data: link of {mime}"));
    let body = &page[at + mime.len() + 6..];
    let body = &body[..body.find(|c: char| c == '"' || c == '>' || c.is_whitespace()).unwrap()];
    let b = body.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&body[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn incremental_build_keeps_the_archive_right() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    copy_demo(&root, "");
    let out = tmp.path().join("public");
    build(&root, &out, &[]);
    let md = root.join("content/documents/monitor-1999-5-156.md");
    let changed = format!("{}\nAn added closing remark.\n", std::fs::read_to_string(&md).unwrap());
    std::fs::write(&md, &changed).unwrap();
    build(&root, &out, &[]);
    let entries = unzip(&out.join("downloads/edition-data.zip"));
    check_manifest(&entries);
    let c = &entries.iter().find(|e| e.0 == "commentary/monitor-1999-5-156.md").unwrap().1;
    assert_eq!(String::from_utf8_lossy(c), changed);
    let clean = tmp.path().join("clean");
    build(&root, &clean, &["--no-cache"]);
    assert!(
        std::fs::read(out.join("downloads/edition-data.zip")).unwrap()
            == std::fs::read(clean.join("downloads/edition-data.zip")).unwrap(),
        "the incremental build's archive is the clean build's"
    );
}

#[test]
fn base_url_adds_canonical_links_sitemap_feed_and_robots() {
    let tmp = tempfile::tempdir().unwrap();
    let without = built_demo(&tmp.path().join("a"), "");
    for f in ["sitemap.xml", "feed.xml", "robots.txt"] {
        assert!(!without.join(f).exists(), "no {f} without base_url");
    }
    let page = read(&without, "documents/1978MOSCOW08357.html");
    assert!(!page.contains("canonical"), "no canonical link without base_url");
    assert!(!page.contains("https://example.org"));

    let with = built_demo(&tmp.path().join("b"), "base_url = \"https://example.org/ed\"");
    let page = read(&with, "documents/1978MOSCOW08357.html");
    assert!(page.contains("https://example.org/ed/documents/1978MOSCOW08357.html"), "canonical and citation URL");
    assert!(page.contains("rel=canonical") || page.contains("rel=\"canonical\""));
    assert!(page.contains("https://example.org/ed/documents/1978MOSCOW08357.html#p3"), "paragraph citation URL");
    let sitemap = read(&with, "sitemap.xml");
    roxmltree::Document::parse(&sitemap).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/ed/documents/1978MOSCOW08357.html</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/ed/index.html</loc>"));
    let feed = read(&with, "feed.xml");
    let f = roxmltree::Document::parse(&feed).unwrap();
    let entries = f.descendants().filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "entry"))).count();
    assert_eq!(entries, 2, "one feed entry per dated document");
    assert!(read(&with, "robots.txt").contains("Sitemap: https://example.org/ed/sitemap.xml"));
    // Nothing loads from another host: absolute URLs only in links and meta.
    for tag in ["<script src=\"http", "<link rel=stylesheet href=\"http", "<img src=\"http"] {
        assert!(!page.contains(tag), "{tag}");
    }
    let bib = data_link(&page, "application/x-bibtex;charset=utf-8");
    assert!(page.contains("download=\"1978MOSCOW08357.bib\"") || page.contains("download=1978MOSCOW08357.bib"));
    assert!(bib.contains("url = {https://example.org/ed/documents/1978MOSCOW08357.html}"));
}

#[test]
fn citations_say_what_the_document_is() {
    let tmp = tempfile::tempdir().unwrap();
    let out = built_demo(tmp.path(), "");
    let page = read(&out, "documents/1978MOSCOW08357.html");
    assert!(page.contains(
        "Telegram 8357 from Embassy Moscow to the Department of State, “Kapitsa on Sino-Soviet relations and other East Asian topics,” 20 April 1978, 1317Z, Confidential, 1978MOSCOW08357, ¶3, in <cite>Moscow and Beijing, 1978 and 1999: a documentary sample</cite>, ed. The Folio demo editors."
    ), "Chicago-style citation of paragraph 3");
    assert!(page.contains("name=\"DC.type\"") || page.contains("name=DC.type"));
    let csl: serde_json::Value =
        serde_json::from_str(&data_link(&page, "application/vnd.citationstyles.csl+json;charset=utf-8")).unwrap();
    let ris = data_link(&page, "application/x-research-info-systems;charset=utf-8");
    assert!(ris.starts_with("TY  - MANSCPT") && ris.contains("ER  -"), "{ris}");
    // The JSON export carries the same CSL-JSON item.
    let data: serde_json::Value = serde_json::from_str(&read(&out, "data/1978MOSCOW08357.json")).unwrap();
    assert_eq!(data["csl"], csl[0]);
    assert_eq!(csl[0]["type"], "manuscript");
    assert_eq!(csl[0]["author"][0]["literal"], "Embassy Moscow");
    assert_eq!(csl[0]["number"], "1978MOSCOW08357");
    let all: serde_json::Value = serde_json::from_str(&read(&out, "downloads/edition-csl.json")).unwrap();
    assert_eq!(all.as_array().map(Vec::len), Some(2));
}

//! Incremental builds: after a change, a build on the previous build's cache
//! reads only the documents that changed, writes only the files that
//! changed, and its output is byte-identical to a clean build of the same
//! edition. Changes to what every page depends on, a failed build and a
//! damaged cache fall back to a full build, never to a wrong site.

mod common;

use std::path::PathBuf;

use common::files;
use folio::{build, BuildOptions, BuildReport};

struct Edition {
    tmp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

impl Edition {
    /// A synthetic edition of `n` documents.
    fn synth(n: usize) -> Edition {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("edition");
        common::synth(n, 3, &root);
        let out = tmp.path().join("public");
        Edition { tmp, root, out }
    }

    fn try_build(&self) -> folio::Result<BuildReport> {
        build(&BuildOptions { root: self.root.clone(), output: self.out.clone(), minify: None, cache: true })
    }

    fn build(&self) -> BuildReport {
        self.try_build().unwrap_or_else(|e| panic!("build failed:\n{e}"))
    }

    fn documents(&self) -> PathBuf {
        self.root.join("content").join("documents")
    }

    /// Ids of documents with and without commentary.
    fn ids(&self, with_commentary: bool) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(self.documents())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .filter(|p| p.with_extension("md").exists() == with_commentary)
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        ids.sort();
        ids
    }

    fn edit(&self, file: &str, f: impl FnOnce(String) -> String) {
        let path = self.documents().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let new = f(text.clone());
        assert_ne!(new, text, "the edit of {file} must change it");
        std::fs::write(&path, new).unwrap();
    }

    /// The output must be byte for byte that of a clean build without cache.
    fn assert_same_as_clean(&self, what: &str) {
        let clean = self.tmp.path().join(format!("clean-{}", what.replace(' ', "-")));
        build(&BuildOptions { root: self.root.clone(), output: clean.clone(), minify: None, cache: false })
            .unwrap_or_else(|e| panic!("{what}: clean build failed:\n{e}"));
        let (a, b) = (files(&self.out), files(&clean));
        let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
        let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
        assert!(
            only_a.is_empty() && only_b.is_empty(),
            "{what}: files only in the incremental output {only_a:?}, only in the clean one {only_b:?}"
        );
        let differ: Vec<&String> = a.iter().filter(|(k, v)| b[*k] != **v).map(|(k, _)| k).collect();
        assert!(differ.is_empty(), "{what}: files that differ from a clean build: {differ:?}");
        std::fs::remove_dir_all(&clean).unwrap();
    }
}

#[test]
fn one_commentary_change_reads_one_document_and_matches_a_clean_build() {
    let ed = Edition::synth(240);
    let first = ed.build();
    assert!(!first.incremental, "the first build is a full one");
    assert_eq!(first.documents_read, 240);

    let again = ed.build();
    assert!(again.incremental);
    assert_eq!((again.documents_read, again.written), (0, 0), "nothing changed, nothing is read or written");
    assert_eq!(again.files, first.files);

    let id = &ed.ids(true)[0];
    ed.edit(&format!("{id}.md"), |t| t.replacen("\n+++\n", "\n+++\nA new first sentence of the headnote.\n\n", 1));
    let r = ed.build();
    assert!(r.incremental);
    assert_eq!(r.documents_read, 1, "only the changed document is read again");
    // Its page, its exports, the entry pages of what it mentions; not the
    // edition's other 230 documents.
    assert!(r.written >= 3 && r.written < first.files / 10, "{} files written of {}", r.written, first.files);
    let page = std::fs::read_to_string(ed.out.join(format!("documents/{id}.html"))).unwrap();
    assert!(page.contains("A new first sentence of the headnote."));
    ed.assert_same_as_clean("commentary change");
}

#[test]
fn edits_of_text_dates_and_commentary_files_match_a_clean_build() {
    let ed = Edition::synth(200);
    // Small concordance pages, so that entries run over many pages and an
    // edit moves page boundaries.
    let site = ed.root.join("site.toml");
    let config = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{config}\n[build]\nmentions_per_page = 7\n")).unwrap();
    ed.build();
    let plain = ed.ids(false);
    let annotated = ed.ids(true);

    // The raw text: its words change the search index and concordances.
    ed.edit(&format!("{}.txt", plain[3]), |t| t.replacen("SUBJECT:", "SUBJECT: ZANZIBAR", 1));
    let r = ed.build();
    assert_eq!((r.incremental, r.documents_read), (true, 1));
    ed.assert_same_as_clean("raw text");

    // A mention fewer: later concordance lines move to earlier pages.
    let person = {
        let persons = std::fs::read_to_string(ed.root.join("content/registers/persons.toml")).unwrap();
        let alias = persons.lines().find_map(|l| l.strip_prefix("aliases = [\"")).unwrap();
        alias[..alias.find('"').unwrap()].to_string()
    };
    let with = plain
        .iter()
        .find(|id| std::fs::read_to_string(ed.documents().join(format!("{id}.txt"))).unwrap().contains(&person));
    let with = with.expect("a document mentions the first person");
    ed.edit(&format!("{with}.txt"), |t| t.replacen(&person, "SOMEBODY", 1));
    let r = ed.build();
    assert_eq!((r.incremental, r.documents_read), (true, 1));
    ed.assert_same_as_clean("raw text");

    // A date moves the document to the front: previous/next links change.
    ed.edit(&format!("{}.md", annotated[1]), |t| t.replacen("+++\n", "+++\ndate = 1960-01-02\n", 1));
    let r = ed.build();
    assert_eq!((r.incremental, r.documents_read), (true, 1));
    ed.assert_same_as_clean("date");

    // Commentary added to a document, and removed from another.
    std::fs::write(
        ed.documents().join(format!("{}.md", plain[5])),
        "+++\nsummary = \"Added later.\"\n+++\nA headnote written after the first build.\n",
    )
    .unwrap();
    std::fs::remove_file(ed.documents().join(format!("{}.md", annotated[2]))).unwrap();
    let r = ed.build();
    assert_eq!((r.incremental, r.documents_read), (true, 2));
    ed.assert_same_as_clean("commentary added and removed");

    // The same bytes written again (a new time): compared, not read again.
    let path = ed.documents().join(format!("{}.txt", plain[7]));
    std::fs::write(&path, std::fs::read(&path).unwrap()).unwrap();
    let r = ed.build();
    assert_eq!((r.incremental, r.documents_read, r.written), (true, 0, 0));

    // Several builds on: the first change taken back.
    ed.edit(&format!("{}.txt", plain[3]), |t| t.replacen("SUBJECT: ZANZIBAR", "SUBJECT:", 1));
    let r = ed.build();
    assert_eq!((r.incremental, r.documents_read), (true, 1));
    ed.assert_same_as_clean("change taken back");
}

#[test]
fn changes_every_page_depends_on_are_full_builds() {
    let ed = Edition::synth(120);
    ed.build();
    let plain = ed.ids(false);

    // A new document (its id may be linked from anywhere).
    let new = ed.documents().join("1979NEWDOC00001.txt");
    std::fs::copy(ed.documents().join(format!("{}.txt", plain[0])), &new).unwrap();
    let r = ed.build();
    assert!(!r.incremental);
    ed.assert_same_as_clean("document added");
    assert!(ed.build().incremental);

    std::fs::remove_file(&new).unwrap();
    let r = ed.build();
    assert!(!r.incremental);
    assert!(!ed.out.join("documents/1979NEWDOC00001.html").exists());
    ed.assert_same_as_clean("document removed");

    // The registers and site.toml.
    let persons = ed.root.join("content/registers/persons.toml");
    let text = std::fs::read_to_string(&persons).unwrap();
    std::fs::write(&persons, text.replacen("description = \"", "description = \"Revised. ", 1)).unwrap();
    assert!(!ed.build().incremental);
    ed.assert_same_as_clean("register change");
    let site = ed.root.join("site.toml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, text.replacen("title = \"", "title = \"Revised ", 1)).unwrap();
    assert!(!ed.build().incremental);
    ed.assert_same_as_clean("site.toml change");
}

#[test]
fn a_failed_build_keeps_output_and_cache() {
    let ed = Edition::synth(100);
    ed.build();
    let before = files(&ed.out);
    let id = &ed.ids(true)[0];
    let path = ed.documents().join(format!("{id}.md"));
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{good}\n## \"A PASSAGE THAT IS IN NO TELEGRAM\"\nA note.\n")).unwrap();
    let err = ed.try_build().expect_err("a misquoted passage fails the build");
    assert!(err.to_string().contains("error"), "{err}");
    assert!(files(&ed.out) == before, "a failed build leaves the output untouched");
    let leftovers: Vec<String> = std::fs::read_dir(ed.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("folio-") && n != ".public.folio-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    std::fs::write(&path, good.replacen("\n+++\n", "\n+++\nFixed.\n\n", 1)).unwrap();
    let r = ed.build();
    assert_eq!((r.incremental, r.documents_read), (true, 1), "the cache survived the failed build");
    ed.assert_same_as_clean("after a failed build");
}

#[test]
fn a_missing_or_damaged_cache_gives_a_full_build() {
    let ed = Edition::synth(60);
    ed.build();
    let cache = ed.tmp.path().join(".public.folio-cache");
    let change = |n: usize| {
        let id = ed.ids(false)[n].clone();
        ed.edit(&format!("{id}.txt"), |t| format!("{t}\nADDED LINE {n}.\n"));
    };

    // As after a build interrupted while moving files into place.
    change(0);
    std::fs::remove_file(cache.join("state.bin")).unwrap();
    assert!(!ed.build().incremental);
    ed.assert_same_as_clean("state removed");

    change(1);
    std::fs::write(cache.join("state.bin"), b"not a state").unwrap();
    assert!(!ed.build().incremental);
    ed.assert_same_as_clean("state damaged");

    change(2);
    let records = std::fs::OpenOptions::new().write(true).open(cache.join("records.bin")).unwrap();
    records.set_len(100).unwrap();
    drop(records);
    assert!(!ed.build().incremental);
    ed.assert_same_as_clean("records truncated");

    // The output folder removed: rebuilt whole.
    std::fs::remove_dir_all(&ed.out).unwrap();
    let r = ed.build();
    assert!(!r.incremental && r.files > 100);
    ed.assert_same_as_clean("output removed");

    // --no-cache: everything built, and no cache left to go stale.
    change(3);
    let r = build(&BuildOptions { root: ed.root.clone(), output: ed.out.clone(), minify: None, cache: false }).unwrap();
    assert!(!r.incremental && r.documents_read == 60);
    assert!(!cache.exists());
    ed.assert_same_as_clean("--no-cache");
    change(4);
    let r = ed.build();
    assert!(!r.incremental, "no cache, a full build");
    assert!(ed.build().incremental);
}

#[test]
fn the_command_line_says_what_it_redid() {
    let ed = Edition::synth(40);
    let folio = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["build", "--root"])
            .arg(&ed.root)
            .arg("--output")
            .arg(&ed.out)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let first = folio(&[]);
    assert!(first.contains("built 40 documents") && !first.contains("read again"), "{first}");
    let id = &ed.ids(true)[0];
    ed.edit(&format!("{id}.md"), |t| format!("{t}\nOne more sentence.\n"));
    let second = folio(&[]);
    assert!(second.contains("1 document read again"), "{second}");
    let third = folio(&["--no-cache"]);
    assert!(!third.contains("read again"), "{third}");
    assert!(!ed.tmp.path().join(".public.folio-cache").exists(), "--no-cache leaves no cache");
}

#[test]
fn a_mention_moved_between_documents_moves_the_concordance_pages_between() {
    // Undated plain documents d1..d6 in id order, concordance pages of two
    // lines: moving a mention from d1 to d6 keeps the entry's totals (forms,
    // counts, years) and shifts every line in between to another page.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    let docs = root.join("content/documents");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::create_dir_all(root.join("content/registers")).unwrap();
    std::fs::write(root.join("site.toml"), "title = \"Moves\"\n[build]\nmentions_per_page = 2\n").unwrap();
    std::fs::write(
        root.join("content/registers/persons.toml"),
        "[[person]]\nid = \"kapitsa\"\nname = \"Mikhail Kapitsa\"\naliases = [\"KAPITSA\"]\n",
    )
    .unwrap();
    let write = |n: usize, mentions: usize| {
        let text: Vec<String> = (0..mentions).map(|k| format!("Paragraph {k} of d{n}: KAPITSA spoke.")).collect();
        std::fs::write(docs.join(format!("d{n}.txt")), text.join("\n\n") + "\n").unwrap();
    };
    for n in 1..=6 {
        // d3 alone fills several pages: they keep their one document while
        // its lines move.
        write(n, if n == 3 { 9 } else { 2 });
    }
    let out = tmp.path().join("public");
    let opts = |output: &std::path::Path, cache| BuildOptions {
        root: root.clone(),
        output: output.to_path_buf(),
        minify: Some(false),
        cache,
    };
    build(&opts(&out, true)).unwrap();
    write(1, 1);
    write(6, 3);
    let r = build(&opts(&out, true)).unwrap();
    assert!(r.incremental && r.documents_read == 2);
    let clean = tmp.path().join("clean");
    build(&opts(&clean, false)).unwrap();
    let (a, b) = (files(&out), files(&clean));
    let differ: Vec<&String> = a.keys().filter(|k| b.get(*k) != a.get(*k)).collect();
    assert!(differ.is_empty() && a.len() == b.len(), "differ from a clean build: {differ:?}");
    assert!(a.contains_key("persons/kapitsa-9.html"));
}

/// A flipped byte anywhere in the cache (bit rot, a bad copy) is found by
/// its checksum: the build is a full one and the site that of a clean build.
#[test]
fn a_flipped_byte_in_the_cache_gives_a_full_build() {
    let ed = Edition::synth(40);
    ed.build();
    let cache = ed.tmp.path().join(".public.folio-cache");
    let flip = |file: &str, at: fn(usize) -> usize| {
        let path = cache.join(file);
        let mut bytes = std::fs::read(&path).unwrap();
        let i = at(bytes.len());
        bytes[i] ^= 0x20;
        std::fs::write(&path, bytes).unwrap();
    };
    for (n, (file, at)) in [
        ("records.bin", (|len| len / 2) as fn(usize) -> usize),
        ("records.bin", |_| 3),
        ("records.bin", |len| len - 1),
        ("state.bin", |len| len / 2),
        ("state.bin", |len| len - 6),
    ]
    .into_iter()
    .enumerate()
    {
        let id = ed.ids(true)[n].clone();
        ed.edit(&format!("{id}.md"), |t| format!("{t}\nAn added sentence {n}.\n"));
        flip(file, at);
        let r = ed.build();
        assert!(!r.incremental, "{file}: a damaged cache must not be built on");
        ed.assert_same_as_clean(&format!("flipped byte in {file} {n}"));
        // The fresh cache is good again.
        let id = ed.ids(false)[n].clone();
        ed.edit(&format!("{id}.txt"), |t| format!("{t}\nANOTHER LINE {n}.\n"));
        assert!(ed.build().incremental, "{file}: the cache after the full build");
    }
}

/// An incremental build copies the unchanged entries of the data archive
/// from the previous one: only after inflating them and comparing, so a
/// damaged previous archive (or one written by hand) is never copied from.
#[test]
fn the_data_archive_reuses_only_entries_that_read_back_the_same() {
    let ed = Edition::synth(120);
    ed.build();
    let zip = ed.out.join("downloads/edition-data.zip");
    let mut bytes = std::fs::read(&zip).unwrap();
    // Damage the compressed data of entries in the middle of the archive
    // (past the first local headers, well before the central directory).
    let (from, to) = (bytes.len() / 4, bytes.len() / 2);
    for b in bytes[from..to].iter_mut().step_by(97) {
        *b ^= 0x5a;
    }
    std::fs::write(&zip, &bytes).unwrap();
    let id = &ed.ids(true)[0];
    ed.edit(&format!("{id}.md"), |t| t.replacen("\n+++\n", "\n+++\nA sentence added to the headnote.\n\n", 1));
    let r = ed.build();
    assert!(r.incremental);
    ed.assert_same_as_clean("damaged data archive");

    // And an undamaged one: raw documents copied, the edited commentary
    // compressed again; the same bytes as a clean build.
    ed.edit(&format!("{id}.md"), |t| t.replace("A sentence added to the headnote.", "Another sentence."));
    ed.build();
    ed.assert_same_as_clean("data archive after an edit");
}

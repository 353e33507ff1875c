//! Fuzzing the editor-written inputs (issue 21) with proptest: commentary
//! files (front matter, headnote, notes), site.toml, registers and
//! commentary Markdown (raw HTML allowed or not), from text assembled out
//! of the pieces those files are made of, the awkward ones included
//! (unclosed `+++`, half a table, stray quotes, huge numbers, impossible
//! dates, control characters, entity-encoded script, deep nesting). Every
//! input must be read without a panic, in bounded time, every diagnostic
//! located (`file:line`), and no Markdown page may hold live script.
//! A bounded number of cases so CI stays fast (`PROPTEST_CASES=20000`
//! runs it longer); the raw formats are fuzzed in formats_proptest.rs.

use proptest::prelude::*;

/// Pieces of front matter, Markdown and TOML, valid and broken.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++\n".to_string()),
        Just("+++".to_string()),
        Just("\n".to_string()),
        Just("title = \"T\"\n".to_string()),
        Just("title = \"\n".to_string()),
        Just("date = 1978-04-20\n".to_string()),
        Just("date = 1978-13-45\n".to_string()),
        Just("date = \"1978-02-30\"\n".to_string()),
        Just("date = \"\"\n".to_string()),
        Just("date = 99999999999999999999\n".to_string()),
        Just("persons = [\"kapitsa\", \"\"]\n".to_string()),
        Just("format = \"cable\"\n".to_string()),
        Just("resolve = { \"KIM\" = \"kim\" }\n".to_string()),
        Just("[[emendation]]\nreading = \"A\"\ncorrection = \"B\"\n".to_string()),
        Just("[[emendation]]\n".to_string()),
        Just("occurrence = 0\n".to_string()),
        Just("occurrence = -1\n".to_string()),
        Just("[transcription]\n".to_string()),
        Just("[[transcription.omit]]\nlines = [1, 99999999]\n".to_string()),
        Just("[[person]]\nid = \"x\"\nname = \"X\"\n".to_string()),
        Just("aliases = [\"X\", \"x\", \"\", \"T\"]\n".to_string()),
        Just("see_also = [\"nobody\"]\n".to_string()),
        Just("[build]\nmentions_per_page = 0\n".to_string()),
        Just("max_document_mb = 18446744073709551615\n".to_string()),
        Just("highlight_theme = \"\"\n".to_string()),
        Just("## \"KAPITSA SAID\"\n".to_string()),
        Just("## \"".to_string()),
        Just("## \"A\" (0)\n".to_string()),
        Just("[x](person:kapitsa) [y](doc:1978MOSCOW08357#p99) [z](nowhere:1)\n".to_string()),
        Just("[^n] [^n]: note\n".to_string()),
        Just("| a | b |\n|---|:-:|\n| 1 |\n".to_string()),
        Just("```rust\nfn main() {}\n".to_string()),
        Just("<span onclick=\"alert(1)\">x</span>".to_string()),
        Just("<a href=\"jav&#x61;script:alert(1)\">x</a>".to_string()),
        Just("<img src=\"data:image/png;base64,AA\" onerror=alert(1)>".to_string()),
        Just("<div style=\"x:expression(alert(1))\">".to_string()),
        Just("</div></span><script>alert(1)</script>".to_string()),
        Just("![i](javascript:alert(1))".to_string()),
        Just("> > > > > > > > > > deep\n".to_string()),
        Just("\u{0}\u{7}\u{1b}[31m\u{7f}".to_string()),
        Just("\u{feff}é ß 中文 \u{202e}".to_string()),
        "[ -~]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

/// Every diagnostic names its file (and a line, or 0 for the whole file).
fn located(file: &str, diags: &[String]) {
    for d in diags {
        assert!(d.starts_with(&format!("{file}:")), "not located: {d}");
    }
}

/// Whether HTML holds a tag a browser would run script from.
fn live(html: &str) -> bool {
    let tag = regex::Regex::new(r"<[a-zA-Z][^>]*>").unwrap();
    let bad = regex::Regex::new(
        r#"(?i)^<(script|iframe|object|embed|style|meta|base|form)\b|[\s"'/]on[a-z]+\s*=|\sstyle\s*=|javascript:|vbscript:|data:"#,
    )
    .unwrap();
    // Markdown tables align their columns with this style, and only this.
    let align = regex::Regex::new(r#"\sstyle="text-align:\s*(left|center|right);?""#).unwrap();
    let found = tag.find_iter(html).any(|m| bad.is_match(&align.replace_all(&m.as_str().replace("&#x61;", "a"), "")));
    found
}

proptest! {
    // 400 cases each in CI (a few seconds); PROPTEST_CASES overrides.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
    ))]

    #[test]
    fn commentary_files_never_panic(t in text()) {
        located("doc.md", &folio::fuzz::commentary(&t));
        located("doc.md", &folio::fuzz::commentary(&format!("+++\n{t}")));
        located("doc.md", &folio::fuzz::commentary(&format!("+++\ntitle = \"T\"\n+++\n{t}")));
    }

    #[test]
    fn site_toml_and_registers_never_panic(t in text()) {
        if let Err(e) = folio::fuzz::site_toml(&t) {
            prop_assert!(e.starts_with("site.toml:"), "{}", e);
        }
        located("persons.toml", &folio::fuzz::register(&t));
    }

    #[test]
    fn markdown_never_panics_or_publishes_script(t in text()) {
        for allow in [false, true] {
            let (html, diags) = folio::fuzz::markdown(&t, allow);
            located("doc.md", &diags);
            prop_assert!(!live(&html), "allow_html = {}: {:?} -> {}", allow, t, html);
            prop_assert!(!html.contains('\u{0}'), "NUL in {}", html);
        }
    }
}

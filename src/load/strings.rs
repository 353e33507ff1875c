//! Interface strings: every word a reader sees that is not the edition's
//! own text (labels, headings, buttons, explanations, dates, plurals,
//! search messages, the preview's error banner).
//!
//! Tables are TOML files, one per language, compiled into the binary
//! (`templates/strings/en.toml`, `de.toml`, `fr.toml`); site.toml's
//! `language` chooses one (its primary subtag: `de-CH` uses `de`), and the
//! edition's own `strings.toml` changes any string. Keys are `section.name`
//! (`document.reading`); a value is a text with `{name}` placeholders, or
//! a plural `{ one = "...", other = "..." }` chosen by the count `n`.
//!
//! In templates: `{{ t(k="document.reading") }}`,
//! `{{ t(k="count.documents", n=3) }}`, `{{ t(k="site.page_n", title=name, n=2) }}`;
//! dates: `{{ d.date | long_date }}`. In Rust: [`Strings::get`],
//! [`Strings::fmt`], [`Strings::count`], [`Strings::long_date`].

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::base::error::{line_col, Diagnostic, Error, Pos, Result};
use crate::model::{FormatName, LineKind};

/// Built-in tables: (language, TOML).
pub(crate) const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../templates/strings/en.toml")),
    ("de", include_str!("../../templates/strings/de.toml")),
    ("fr", include_str!("../../templates/strings/fr.toml")),
];

/// The edition's own strings, beside site.toml.
pub(crate) const EDITION_FILE: &str = "strings.toml";

/// One string of a table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Text {
    One(String),
    Plural { one: String, other: String },
    List(Vec<String>),
}

/// The interface strings of one language.
#[derive(Debug, Clone)]
pub(crate) struct Strings {
    /// The language (site.toml's `language`), for `lang` attributes.
    pub lang: String,
    /// The primary subtag, which chooses the plural rule.
    primary: String,
    map: HashMap<String, Text>,
    months: Vec<String>,
}

impl Default for Strings {
    /// The English table.
    fn default() -> Strings {
        Strings::built_in("en")
    }
}

/// Reads a table into `section.key` entries; errors are located in `path`.
fn parse_table(path: &Path, text: &str, known: Option<&HashMap<String, Text>>) -> Result<Vec<(String, Text)>> {
    type Section = BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>;
    let doc: BTreeMap<toml::Spanned<String>, toml::Spanned<Section>> = toml::from_str(text).map_err(|e| {
        let mut d = Diagnostic::from_toml(path, text, 0, &e);
        if e.message().contains("invalid type") {
            d = d.hint("every string goes under its section: [document] reading = \"...\" (see docs/templates.md)");
        }
        Error::diagnostic(d)
    })?;
    let mut out = Vec::new();
    for (section, entries) in doc {
        for (key, value) in entries.into_inner() {
            let name = format!("{}.{}", section.get_ref(), key.get_ref());
            let at = |span: std::ops::Range<usize>| line_col(text, span.start);
            if let Some(known) = known {
                if !known.contains_key(&name) {
                    let Pos { line, col } = at(key.span());
                    let mut keys: Vec<&str> = known
                        .keys()
                        .filter(|k| k.split('.').next() == Some(section.get_ref().as_str()))
                        .map(String::as_str)
                        .collect();
                    keys.sort_unstable();
                    let hint = if keys.is_empty() {
                        let mut sections: Vec<&str> = known.keys().filter_map(|k| k.split('.').next()).collect();
                        sections.sort_unstable();
                        sections.dedup();
                        format!(
                            "there is no section [{}]; the sections are: {}",
                            section.get_ref(),
                            sections.join(", ")
                        )
                    } else {
                        format!("the keys of [{}] are: {}", section.get_ref(), keys.join(", "))
                    };
                    return Err(Error::diagnostic(
                        Diagnostic::error(path, line, format!("unknown interface string `{name}`")).col(col).hint(hint),
                    ));
                }
            }
            let Pos { line, col } = at(value.span());
            let bad = |what: &str| {
                Error::diagnostic(Diagnostic::error(path, line, format!("`{name}`: {what}")).col(col).hint(
                    "a string is \"text\", a plural { one = \"{n} document\", other = \"{n} documents\" }, the months a list of 12",
                ))
            };
            let t = match value.into_inner() {
                toml::Value::String(s) => Text::One(s),
                toml::Value::Table(t) => {
                    let get = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
                    match (get("one"), get("other"), t.len()) {
                        (Some(one), Some(other), 2) => Text::Plural { one, other },
                        _ => return Err(bad("a plural needs exactly `one` and `other`, both text")),
                    }
                }
                toml::Value::Array(a) => {
                    let v: Vec<String> = a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
                    if v.len() != a.len() {
                        return Err(bad("a list holds text only"));
                    }
                    Text::List(v)
                }
                _ => return Err(bad("not text")),
            };
            if let Some(expected) = known.and_then(|k| k.get(&name)) {
                let same_shape =
                    matches!((expected, &t), (Text::One(_), Text::One(_)) | (Text::Plural { .. }, Text::Plural { .. }))
                        || matches!((expected, &t), (Text::List(a), Text::List(b)) if a.len() == b.len());
                if !same_shape {
                    let shape = match expected {
                        Text::One(_) => "text".to_string(),
                        Text::Plural { .. } => "a plural { one = \"...\", other = \"...\" }".to_string(),
                        Text::List(a) => format!("a list of {} texts", a.len()),
                    };
                    return Err(bad(&format!("must be {shape}, as in the built-in table")));
                }
            }
            out.push((name, t));
        }
    }
    Ok(out)
}

impl Strings {
    /// The built-in table of a language (English for an unknown one).
    pub(crate) fn built_in(language: &str) -> Strings {
        let primary = primary(language);
        let table = |l: &str| BUILT_IN.iter().find(|(n, _)| *n == l).map(|(_, t)| *t);
        let mut map: HashMap<String, Text> = HashMap::new();
        // English first, so a table is always complete.
        for l in ["en", primary.as_str()] {
            if let Some(text) = table(l) {
                let path = Path::new("templates/strings").join(format!("{l}.toml"));
                for (k, v) in parse_table(&path, text, None).expect("built-in strings parse") {
                    map.insert(k, v);
                }
            }
        }
        let mut s = Strings { lang: language.to_string(), primary, map, months: Vec::new() };
        s.refresh();
        s
    }

    /// The table for an edition: the built-in one for site.toml's
    /// `language`, changed by the edition's `strings.toml` if there is one.
    /// A language without a built-in table falls back to English, with a
    /// warning unless strings.toml gives every string.
    /// `max_bytes` (`[build] max_document_mb`): a larger strings.toml is
    /// refused unread.
    pub(crate) fn load(edition: &Path, language: &str, max_bytes: u64) -> Result<(Strings, Vec<Diagnostic>)> {
        let mut s = Strings::built_in(language);
        let path = edition.join(EDITION_FILE);
        let mut given = 0;
        let text = match crate::base::read::text(&path, crate::base::read::Limit::Setting(max_bytes)) {
            Ok(t) => Some(t),
            Err(None) => None,
            Err(Some(d)) => return Err(Error::diagnostic(d)),
        };
        if let Some(text) = text {
            let entries = parse_table(&path, &text, Some(&s.map))?;
            given = entries.len();
            for (k, v) in entries {
                s.map.insert(k, v);
            }
            s.refresh();
        }
        let mut warnings = Vec::new();
        if !BUILT_IN.iter().any(|(l, _)| *l == s.primary) && given < s.map.len() {
            warnings.push(
                Diagnostic::warning(
                    edition.join("site.toml"),
                    0,
                    format!(
                        "no built-in interface strings for language `{language}`: English is used for the {} strings strings.toml does not give",
                        s.map.len() - given
                    ),
                )
                .hint("write them in strings.toml (copy templates/strings/en.toml from Folio's sources), or use en, de or fr"),
            );
        }
        Ok((s, warnings))
    }

    fn refresh(&mut self) {
        self.months = match self.map.get("date.months") {
            Some(Text::List(m)) if m.len() == 12 => m.clone(),
            _ => Vec::new(),
        };
    }

    /// Whether `key` is a string of the table.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Every key, sorted (for error hints).
    #[allow(dead_code)] // API for renderers and tools that list the strings
    pub(crate) fn keys(&self) -> Vec<&str> {
        let mut k: Vec<&str> = self.map.keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    /// The text of `key` (a plural's `other` form); the key itself when
    /// there is no such string, so a mistake shows on the page and in tests.
    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        match self.map.get(key) {
            Some(Text::One(s)) => s,
            Some(Text::Plural { other, .. }) => other,
            _ => key,
        }
    }

    /// The primary subtag of the table's language ("de" for "de-CH").
    pub(crate) fn primary(&self) -> &str {
        &self.primary
    }

    /// Whether the count `n` takes the `one` form.
    pub(crate) fn is_one(&self, n: u64) -> bool {
        match self.primary.as_str() {
            // French, Portuguese (Brazil): 0 and 1.
            "fr" => n <= 1,
            _ => n == 1,
        }
    }

    /// The form of `key` for the count `n`, unfilled.
    pub(crate) fn form<'a>(&'a self, key: &'a str, n: u64) -> &'a str {
        match self.map.get(key) {
            Some(Text::Plural { one, other }) => {
                if self.is_one(n) {
                    one
                } else {
                    other
                }
            }
            _ => self.get(key),
        }
    }

    /// `key` with its placeholders filled (`{name}` from `args`).
    pub(crate) fn fmt(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let n = args.iter().find(|(k, _)| *k == "n").and_then(|(_, v)| v.to_string().parse::<u64>().ok());
        let template = match n {
            Some(n) => self.form(key, n),
            None => self.get(key),
        };
        fill(template, |name| match (name, n) {
            ("n", Some(n)) => Some(self.count_value(key, n)),
            _ => args.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()),
        })
    }

    /// `n` written the language's way, digits grouped by thousands with
    /// `number.group` ("10,000", "10.000", "10 000" with a narrow no-break
    /// space); numbers under 1,000 as they are.
    pub(crate) fn number(&self, n: u64) -> String {
        let digits = n.to_string();
        if digits.len() <= 3 {
            return digits;
        }
        let sep = self.get("number.group");
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(d);
        }
        out
    }

    /// What `{n}` of `key` shows for the count `n`: grouped ([`Self::number`])
    /// in the plural strings, which count things ("10,434 documents"); as it
    /// is in the others, where it is a number to find ("¶1234", "#p1234").
    pub(crate) fn count_value(&self, key: &str, n: u64) -> String {
        match self.map.get(key) {
            Some(Text::Plural { .. }) => self.number(n),
            _ => n.to_string(),
        }
    }

    /// A plural with its count: `count("count.documents", 3)` → "documents"
    /// form filled with n = 3.
    pub(crate) fn count(&self, key: &str, n: usize) -> String {
        self.fmt(key, &[("n", &n)])
    }

    /// The name of month `m` (1-12).
    pub(crate) fn month(&self, m: usize) -> Option<&str> {
        self.months.get(m.wrapping_sub(1)).map(String::as_str)
    }

    /// The short name of month `m` (1-12), for month links ("Apr").
    pub(crate) fn short_month(&self, m: usize) -> Option<&str> {
        match self.map.get("date.short_months") {
            Some(Text::List(l)) => l.get(m.wrapping_sub(1)).map(String::as_str),
            _ => None,
        }
    }

    /// "1978-04-20" → "20 April 1978" (German "20. April 1978", French
    /// "20 avril 1978", "1er avril 1978"); "1978-04" → "April 1978"; else as given.
    pub(crate) fn long_date(&self, iso: &str) -> String {
        let mut parts = iso.splitn(3, '-');
        let (y, m, d) = (parts.next(), parts.next(), parts.next());
        let month = m.filter(|m| m.len() == 2).and_then(|m| m.parse::<usize>().ok()).and_then(|m| self.month(m));
        let day = d.and_then(|d| d.get(..2)).and_then(|d| d.parse::<u32>().ok()).filter(|d| (1..=31).contains(d));
        let year = y.filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
        match (year, month, day) {
            (Some(y), Some(m), Some(d)) => {
                let first = self.get("date.first_day");
                let day = if d == 1 && !first.is_empty() { first.to_string() } else { d.to_string() };
                fill(self.get("date.day_month_year"), |k| match k {
                    "day" => Some(day.clone()),
                    "month" => Some(m.to_string()),
                    "year" => Some(y.to_string()),
                    _ => None,
                })
            }
            (Some(y), Some(m), None) if d.is_none() => fill(self.get("date.month_year"), |k| match k {
                "month" => Some(m.to_string()),
                "year" => Some(y.to_string()),
                _ => None,
            }),
            _ => iso.to_string(),
        }
    }

    /// The strings under `section.` as a JSON object (for scripts).
    pub(crate) fn section_json(&self, section: &str) -> String {
        let prefix = format!("{section}.");
        let mut m: BTreeMap<&str, serde_json::Value> = BTreeMap::new();
        for (k, v) in &self.map {
            let Some(name) = k.strip_prefix(&prefix) else { continue };
            m.insert(
                name,
                match v {
                    Text::One(s) => serde_json::Value::String(s.clone()),
                    Text::Plural { one, other } => serde_json::json!({"one": one, "other": other}),
                    Text::List(l) => serde_json::json!(l),
                },
            );
        }
        serde_json::to_string(&m).unwrap_or_default()
    }

    /// The Tera function `t(k=KEY, n=COUNT, name=VALUE, ...)`.
    pub(crate) fn tera_function(&self) -> impl tera::Function {
        let s = self.clone();
        move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            let key = match args.get("k") {
                Some(tera::Value::String(k)) => k.as_str(),
                _ => return Err(tera::Error::msg("t() needs the string's key: t(k=\"document.reading\")")),
            };
            if !s.has(key) {
                return Err(tera::Error::msg(format!(
                    "unknown interface string `{key}`; the keys are listed in templates/strings/en.toml (docs/templates.md)"
                )));
            }
            let text = |v: &tera::Value| match v {
                tera::Value::String(s) => s.clone(),
                tera::Value::Null => String::new(),
                v => v.to_string(),
            };
            let n = args.get("n").and_then(|n| n.as_u64().or_else(|| n.as_f64().map(|f| f as u64)));
            let template = match n {
                Some(n) => s.form(key, n),
                None => s.get(key),
            };
            let value = |name: &str| match (name, n) {
                ("n", Some(n)) => Some(s.count_value(key, n)),
                _ => args.get(name).map(text),
            };
            // html=true: the string is text (escaped here), the values are
            // HTML the template made (print the result with `| safe`).
            if args.get("html").and_then(tera::Value::as_bool) == Some(true) {
                return Ok(tera::Value::String(fill_html(template, value)));
            }
            Ok(tera::Value::String(fill(template, value)))
        }
    }

    /// The Tera filter `num`: a count written the language's way
    /// ([`Self::number`]); anything but a whole number as it is.
    pub(crate) fn tera_number_filter(&self) -> impl tera::Filter {
        let s = self.clone();
        move |v: &tera::Value, _: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            match v.as_u64() {
                Some(n) => Ok(tera::Value::String(s.number(n))),
                None => Ok(v.clone()),
            }
        }
    }

    /// The Tera filter `long_date`.
    pub(crate) fn tera_date_filter(&self) -> impl tera::Filter {
        let s = self.clone();
        move |v: &tera::Value, _: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            match v {
                tera::Value::String(d) => Ok(tera::Value::String(s.long_date(d))),
                v => Ok(v.clone()),
            }
        }
    }
}

/// The strings key of a format's name ("State Department telegram", ...):
/// the document page's format line and the search's "Format" facet.
pub(crate) fn format_key(format: FormatName) -> &'static str {
    match format {
        FormatName::Cable => "document.cable",
        FormatName::Article => "document.article",
        FormatName::Memo | FormatName::Plain => "document.text",
    }
}

/// The strings key of why a line of this kind is not in the reading text
/// (None: it is, or it is blank).
pub(crate) fn removed_key(kind: LineKind) -> Option<&'static str> {
    Some(match kind {
        LineKind::Text | LineKind::Blank => return None,
        LineKind::ExportHeading => "removed.export_heading",
        LineKind::Banner => "removed.banner",
        LineKind::PageHeader => "removed.page_header",
        LineKind::Routing => "removed.routing",
        LineKind::Control => "removed.control",
        LineKind::Header => "removed.header",
        LineKind::Caption => "removed.caption",
        LineKind::Correction => "removed.correction",
        LineKind::Note => "removed.note",
        LineKind::EndMarker => "removed.end_marker",
        LineKind::Signature => "removed.signature",
        LineKind::Stamp => "removed.stamp",
        LineKind::Attributes => "removed.attributes",
        LineKind::Headline => "removed.headline",
        LineKind::NextItem => "removed.next_item",
        LineKind::Marking => "removed.marking",
        LineKind::Omitted => "removed.omitted",
    })
}

/// The primary language subtag, lowercased: "de-CH" → "de".
fn primary(language: &str) -> String {
    language.split(['-', '_']).next().unwrap_or("en").to_ascii_lowercase()
}

/// Fills `{name}` placeholders; an unknown one stays as written.
pub(crate) fn fill(template: &str, value: impl FnMut(&str) -> Option<String>) -> String {
    fill_with(template, value, false)
}

/// Like [`fill`], the text HTML-escaped and the values inserted as they are.
pub(crate) fn fill_html(template: &str, value: impl FnMut(&str) -> Option<String>) -> String {
    fill_with(template, value, true)
}

fn fill_with(template: &str, mut value: impl FnMut(&str) -> Option<String>, escape: bool) -> String {
    let lit = |s: &str, out: &mut String| {
        if escape {
            crate::base::text::escape_into(s, out)
        } else {
            out.push_str(s)
        }
    };
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        lit(&rest[..i], &mut out);
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) if after[..j].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') && j > 0 => {
                match value(&after[..j]) {
                    Some(v) => out.push_str(&v),
                    None => lit(&rest[i..i + j + 2], &mut out),
                }
                rest = &after[j + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    lit(rest, &mut out);
    out
}

/// The literal keys of `t(k='...')` calls in a template: (key, byte offset).
pub(crate) fn template_keys(source: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = source[from..].find("t(k=") {
        let at = from + i + 4;
        from = at;
        // A call, not the end of a longer name (`list(k=`).
        if source[..at - 4].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(q) = source[at..].chars().next().filter(|c| *c == '\'' || *c == '"') else { continue };
        let Some(end) = source[at + 1..].find(q) else { continue };
        out.push((&source[at + 1..at + 1 + end], at + 1));
    }
    out
}

impl Strings {
    /// Writes the text of every `{{ t(k='KEY') }}` without arguments into
    /// the template source (escaped), so a page does not call `t()` for a
    /// fixed label, and a minified template comes out as it did with the
    /// label written in (attribute quotes included).
    pub(crate) fn bake(&self, source: &str) -> String {
        let mut out = String::with_capacity(source.len());
        let mut rest = source;
        while let Some(i) = rest.find("{{ t(k='") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 8..];
            let baked = after.find("') }}").and_then(|j| {
                let key = &after[..j];
                let text = match self.map.get(key) {
                    Some(Text::One(t)) => t,
                    _ => return None,
                };
                if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
                    || ["{{", "{%", "{#", "%}", "}}", "#}"].iter().any(|d| text.contains(d))
                {
                    return None;
                }
                Some((crate::base::text::escape_html(text), j + 5))
            });
            match baked {
                Some((text, len)) => {
                    out.push_str(&text);
                    rest = &after[len..];
                }
                None => {
                    out.push_str(&rest[i..i + 8]);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_english_key_and_no_other() {
        let en = Strings::built_in("en");
        for (lang, text) in BUILT_IN {
            let path = Path::new("templates/strings").join(format!("{lang}.toml"));
            let entries = parse_table(&path, text, Some(&en.map)).unwrap_or_else(|e| panic!("{lang}: {e}"));
            let keys: std::collections::BTreeSet<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
            let missing: Vec<&str> = en.keys().into_iter().filter(|k| !keys.contains(k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            // The same placeholders as the English string.
            for (k, v) in &entries {
                let names = |t: &Text| -> std::collections::BTreeSet<String> {
                    let all = match t {
                        Text::One(s) => s.clone(),
                        Text::Plural { one, other } => format!("{one}{other}"),
                        Text::List(_) => String::new(),
                    };
                    let mut n = std::collections::BTreeSet::new();
                    fill(&all, |name| {
                        n.insert(name.to_string());
                        None
                    });
                    n
                };
                let mut expected = names(&en.map[k]);
                let mut got = names(v);
                // A plural may leave the count out of one form ("Blatt"), not add names.
                expected.remove("n");
                got.remove("n");
                assert_eq!(got, expected, "{lang}: {k}");
            }
        }
    }

    #[test]
    fn dates_the_languages_way() {
        let (en, de, fr) = (Strings::built_in("en"), Strings::built_in("de"), Strings::built_in("fr"));
        assert_eq!(en.long_date("1978-04-20"), "20 April 1978");
        assert_eq!(de.long_date("1978-04-20"), "20. April 1978");
        assert_eq!(fr.long_date("1978-04-20"), "20 avril 1978");
        assert_eq!(fr.long_date("1978-04-01"), "1er avril 1978");
        assert_eq!(de.long_date("1978-03-02"), "2. März 1978");
        assert_eq!(en.long_date("1999-08"), "August 1999");
        assert_eq!(de.long_date("1999-08"), "August 1999");
        assert_eq!(en.long_date("1999"), "1999");
        assert_eq!(en.long_date("1999-13-01"), "1999-13-01");
        assert_eq!(Strings::built_in("de-CH").long_date("1978-12-24"), "24. Dezember 1978");
    }

    #[test]
    fn plurals_follow_the_language() {
        let (en, fr) = (Strings::built_in("en"), Strings::built_in("fr"));
        assert_eq!(en.fmt("documents.by_date", &[("n", &1)]), "1 document, by date.");
        assert_eq!(en.fmt("documents.by_date", &[("n", &0)]), "0 documents, by date.");
        assert_eq!(fr.fmt("documents.by_date", &[("n", &0)]), "0 document, par date.");
        assert_eq!(en.count("count.documents", 2), "documents");
        assert_eq!(fill("{a} and {b} {", |k| (k == "a").then(|| "x".into())), "x and {b} {");
    }

    #[test]
    fn an_edition_changes_strings_and_misspellings_are_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("strings.toml"), "[document]\nreading = \"Lesefassung\"\n").unwrap();
        let (s, w) = Strings::load(dir.path(), "de", 1_000_000).unwrap();
        assert!(w.is_empty());
        assert_eq!(s.get("document.reading"), "Lesefassung");
        assert_eq!(s.get("document.facsimile"), "Faksimile");
        std::fs::write(dir.path().join("strings.toml"), "[document]\nreading = \"x\"\nredaing = \"y\"\n").unwrap();
        let e = Strings::load(dir.path(), "de", 1_000_000).unwrap_err().to_string();
        assert!(e.contains("strings.toml:3:1: error: unknown interface string `document.redaing`"), "{e}");
        assert!(e.contains("document.reading"), "{e}");
        std::fs::write(dir.path().join("strings.toml"), "[dokument]\nreading = \"x\"\n").unwrap();
        let e = Strings::load(dir.path(), "de", 1_000_000).unwrap_err().to_string();
        assert!(e.contains("no section [dokument]"), "{e}");
        std::fs::write(dir.path().join("strings.toml"), "[count]\ndocuments = \"x\"\n").unwrap();
        let e = Strings::load(dir.path(), "de", 1_000_000).unwrap_err().to_string();
        assert!(e.contains("strings.toml:2:13") && e.contains("plural"), "{e}");
        std::fs::remove_file(dir.path().join("strings.toml")).unwrap();
        let (s, w) = Strings::load(dir.path(), "it", 1_000_000).unwrap();
        assert_eq!(s.get("site.home"), "Home");
        assert_eq!(w.len(), 1);
    }
}

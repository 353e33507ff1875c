//! The `article` format: press-digest articles such as the Jamestown
//! Foundation Monitor. A headline, a "Publication: Monitor Volume: 5 Issue:
//! 156" line, one paragraph a line (or blank-separated), source citations in
//! parentheses, and possibly the headline of the next item cut off by the
//! excerpt.

use std::sync::LazyLock;

use regex::Regex;

use crate::base::text::collapse_ws;
use crate::model::{Citation, Document, LineKind, Metadata};
use crate::parse::builder::{title_from_text, Builder};
use crate::parse::format::Format;

pub struct Article;

static PUBLICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*Publication:\s*(?P<pub>.+?)(?:\s+Volume:\s*(?P<vol>\S+))?(?:\s+Issue:\s*(?P<iss>\S+))?\s*$")
        .expect("valid regex")
});

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.";

/// A parenthesised source citation ending in a date: "(Itar-Tass, August
/// 24)", "(UPI, August 23-24)", "(NTV, August 24; Segodnya, August 25)".
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\(([^()]{{2,160}}?,\s*(?:{MONTHS})\s+\d{{1,2}}(?:\s*[-–]\s*(?:(?:{MONTHS})\s+)?\d{{1,2}})?(?:,\s*\d{{4}})?)\)"
    ))
    .expect("valid regex")
});

/// One "source, date" part of a citation.
static SOURCE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(.*?),\s*((?:{MONTHS})\s+\d{{1,2}}(?:\s*[-–]\s*(?:(?:{MONTHS})\s+)?\d{{1,2}})?(?:,\s*\d{{4}})?)$"
    ))
    .expect("valid regex")
});

/// The citations of one paragraph, a "source; source" list split in parts.
fn citations(text: &str, paragraph: usize) -> Vec<Citation> {
    let mut out = Vec::new();
    for c in CITATION.captures_iter(text) {
        for part in c[1].split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (source, date) = match SOURCE_DATE.captures(part) {
                Some(sd) => (Some(sd[1].trim().to_string()), Some(sd[2].trim().to_string())),
                None => (None, None),
            };
            out.push(Citation { text: part.to_string(), source, date, paragraph });
        }
    }
    out
}

/// A line in capitals: a headline.
fn is_headline(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 8 && letters.iter().all(|c| !c.is_lowercase()) && line.split_whitespace().count() >= 2
}

impl Format for Article {
    fn name(&self) -> &'static str {
        "article"
    }

    fn detect(&self, text: &str) -> u32 {
        if text.lines().take(10).any(|l| PUBLICATION.is_match(l)) {
            80
        } else {
            0
        }
    }

    fn parse(&self, id: &str, text: &str) -> Document {
        let mut b = Builder::new();
        b.page(None, None);
        let mut meta = Metadata::default();
        let mut headline: Option<String> = None;
        let lines: Vec<&str> = text.lines().collect();
        let last_nonblank = lines.iter().rposition(|l| !l.trim().is_empty());
        // Hard-wrapped text (short lines, paragraphs between blank lines) is
        // reflowed; the digests' export has one paragraph a line.
        let wrapped = {
            let body: Vec<usize> = lines.iter().map(|l| l.trim().len()).filter(|&l| l > 0).collect();
            let long = body.iter().filter(|&&l| l > 100).count();
            let consecutive = lines.windows(2).filter(|w| !w[0].trim().is_empty() && !w[1].trim().is_empty()).count();
            long * 4 < body.len() && consecutive * 2 > body.len()
        };
        let mut seen_body = false;
        for (i, line) in lines.iter().enumerate() {
            let n = i + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() {
                b.line(n, line, LineKind::Blank);
                b.end_paragraph();
                continue;
            }
            if let Some(c) = PUBLICATION.captures(trimmed) {
                b.line(n, line, LineKind::Headline);
                b.end_paragraph();
                meta.publication = c.name("pub").map(|m| m.as_str().trim().to_string());
                meta.volume = c.name("vol").map(|m| m.as_str().to_string());
                meta.issue = c.name("iss").map(|m| m.as_str().to_string());
                continue;
            }
            if is_headline(trimmed) {
                if !seen_body && meta.publication.is_none() {
                    // The headline, possibly over several lines.
                    b.line(n, line, LineKind::Headline);
                    let h = headline.get_or_insert_with(String::new);
                    if !h.is_empty() {
                        h.push(' ');
                    }
                    h.push_str(&collapse_ws(trimmed));
                    continue;
                }
                if Some(i) == last_nonblank && seen_body {
                    b.line(n, line, LineKind::NextItem);
                    b.end_paragraph();
                    meta.next_item = Some(collapse_ws(trimmed));
                    continue;
                }
            }
            seen_body = true;
            b.line(n, line, LineKind::Text);
            b.text(n, line);
            if !wrapped {
                b.end_paragraph();
            }
        }
        let mut doc = {
            let title = headline.clone().unwrap_or_default();
            b.finish(id, self.name(), title, None, meta)
        };
        for p in &doc.paragraphs {
            doc.metadata.citations.extend(citations(&p.text, p.n));
        }
        if doc.title.is_empty() {
            doc.title = doc.paragraphs.first().map(|p| title_from_text(&p.text, 12)).unwrap_or_default();
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_monitor_layout() {
        let text = "TALKS IN BEIJING.\nPublication: Monitor Volume: 5 Issue: 156\nThe talks (Itar-Tass, August 24) went on (UPI, August 23-24).\nNEXT STORY HEADLINE HERE.";
        let d = Article.parse("m", text);
        assert_eq!(d.title, "TALKS IN BEIJING.");
        assert_eq!(d.metadata.publication.as_deref(), Some("Monitor"));
        assert_eq!(d.metadata.volume.as_deref(), Some("5"));
        assert_eq!(d.metadata.issue.as_deref(), Some("156"));
        assert_eq!(d.paragraphs.len(), 1);
        assert_eq!(d.metadata.citations.len(), 2);
        assert_eq!(d.metadata.citations[1].text, "UPI, August 23-24");
        assert_eq!(d.metadata.citations[1].source.as_deref(), Some("UPI"));
        let c = citations("x (NTV, August 24; Segodnya, August 25) and (see the Monitor, August 23).", 3);
        let parts: Vec<(&str, Option<&str>)> = c.iter().map(|c| (c.text.as_str(), c.date.as_deref())).collect();
        assert_eq!(
            parts,
            vec![
                ("NTV, August 24", Some("August 24")),
                ("Segodnya, August 25", Some("August 25")),
                ("see the Monitor, August 23", Some("August 23"))
            ]
        );
        assert_eq!(d.metadata.next_item.as_deref(), Some("NEXT STORY HEADLINE HERE."));
    }
}

//! The `article` format: press-digest articles such as the Jamestown
//! Foundation Monitor. A headline, a "Publication: Monitor Volume: 5 Issue:
//! 156" line, one paragraph a line (or blank-separated), source citations in
//! parentheses, and possibly the headline of the next item cut off by the
//! excerpt.

use std::sync::LazyLock;

use regex::Regex;

use super::{collapse_ws, title_from_text, Builder, Format};
use crate::model::{Citation, Document, LineKind, Metadata};

pub struct Article;

static PUBLICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*Publication:\s*(?P<pub>.+?)(?:\s+Volume:\s*(?P<vol>\S+))?(?:\s+Issue:\s*(?P<iss>\S+))?\s*$")
        .expect("valid regex")
});

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.";

static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\(([^()]{{2,80}}?,\s*(?:{MONTHS})\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?)\)")).expect("valid regex")
});

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
                if !seen_body && headline.is_none() {
                    b.line(n, line, LineKind::Headline);
                    headline = Some(collapse_ws(trimmed));
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
            // One paragraph a line, as the digests are exported.
            b.end_paragraph();
        }
        let mut doc = {
            let title = headline.clone().unwrap_or_default();
            b.finish(id, self.name(), title, None, meta)
        };
        for p in &doc.paragraphs {
            for c in CITATION.captures_iter(&p.text) {
                doc.metadata.citations.push(Citation { text: c[1].to_string(), paragraph: p.n });
            }
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
        assert_eq!(d.metadata.next_item.as_deref(), Some("NEXT STORY HEADLINE HERE."));
    }
}

//! The `plain` format: any text, as paragraphs separated by blank lines.
//! The fallback when nothing else recognises a file; it never fails.

use super::{title_from_text, Builder, Format};
use crate::model::{Document, LineKind, Metadata};

pub struct Plain;

impl Format for Plain {
    fn name(&self) -> &'static str {
        "plain"
    }

    fn detect(&self, _text: &str) -> u32 {
        1
    }

    fn parse(&self, id: &str, text: &str) -> Document {
        let mut b = Builder::new();
        b.page(None, None);
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() {
                b.line(n, line, LineKind::Blank);
                b.end_paragraph();
            } else {
                b.line(n, line, LineKind::Text);
                b.text(n, line);
            }
        }
        b.end_paragraph();
        let title = b_title(&b, text);
        b.finish(id, self.name(), title, None, Metadata::default())
    }
}

fn b_title(_b: &Builder, text: &str) -> String {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    title_from_text(first, 12)
}

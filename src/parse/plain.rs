//! The `plain` format: any text, as paragraphs. The fallback when nothing
//! else recognises a file; it never fails.
//!
//! Paragraphs are separated by blank lines, and hard-wrapped lines are
//! reflowed; a text whose lines are long (one paragraph a line, as many
//! exports are) gets one paragraph a line.

use crate::model::{DocId, Document, FormatName, LineKind, Metadata};
use crate::parse::builder::{title_from_text, Builder, Vocabulary};
use crate::parse::format::Format;

pub struct Plain;

/// Whether the text holds one paragraph a line rather than wrapped lines.
fn one_paragraph_a_line(lines: &[&str]) -> bool {
    let body: Vec<usize> = lines.iter().map(|l| l.trim().len()).filter(|&l| l > 0).collect();
    let long = body.iter().filter(|&&l| l > 100).count();
    !body.is_empty() && long * 2 >= body.len()
}

impl Format for Plain {
    fn name(&self) -> FormatName {
        FormatName::Plain
    }

    fn detect(&self, _text: &str) -> u32 {
        1
    }

    fn parse(&self, id: &DocId, text: &str) -> Document {
        let mut b = Builder::new();
        b.page(None, None);
        let lines: Vec<&str> = text.lines().collect();
        let per_line = one_paragraph_a_line(&lines);
        let mut vocab: Option<Vocabulary> = None;
        for (i, line) in lines.iter().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() {
                b.line(n, line, LineKind::Blank);
                b.end_paragraph();
                continue;
            }
            b.line(n, line, LineKind::Text);
            if let Some(left) = b.open_hyphen_word() {
                let right = line.split_whitespace().next().unwrap_or("");
                if !vocab.get_or_insert_with(|| Vocabulary::new(text)).keep_hyphen(left, right) {
                    b.drop_line_hyphen();
                }
            }
            b.text(n, line);
            if per_line {
                b.end_paragraph();
            }
        }
        b.end_paragraph();
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let title = title_from_text(first, 12);
        b.finish(id, self.name(), title, None, Metadata::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_between_blank_lines_are_reflowed() {
        let d = Plain.parse(&crate::model::DocId::any("p"), "First line of a para-\ngraph goes on\n\nSecond one.\n");
        assert_eq!(d.paragraphs.len(), 2);
        assert_eq!(d.paragraphs[0].text, "First line of a paragraph goes on");
        assert_eq!(d.paragraphs[0].lines, vec![1, 2]);
    }
}

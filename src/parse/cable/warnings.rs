//! The warnings about a whole telegram or memorandum, once it is read:
//! no SUBJECT, a REF block that runs on, a text that starts mid-document,
//! an excerpt, lost line breaks.

use super::*;

impl Parser<'_> {
    /// The warnings about the whole document, once it is read.
    pub(super) fn end_warnings(&mut self, meta: &Metadata) {
        if meta.subject.is_none() {
            self.warnings.push(ParseWarning::new(
                WarningKind::NoSubject,
                None,
                "no SUBJECT line found: the title is taken from the first words (give the document a `title` \
                 in its commentary)",
            ));
        }
        if self.ref_lines > 6 {
            let line = self.ref_start;
            self.warn(
                WarningKind::RefUnended,
                line,
                format!(
                    "the REF block runs on for {} lines: check that its last lines are not body text",
                    self.ref_lines
                ),
            );
        }
        if self.text_before_header && self.first_page_seen.is_some_and(|p| p > 1) {
            self.warnings.push(ParseWarning::new(
                WarningKind::MidDocument,
                Some(1),
                "the text starts in the middle of the document (its first page header is not PAGE 01): the \
                 header fields come from a later section or are missing",
            ));
        }
        if meta.truncated {
            let line = self.last_body.map_or(self.lines.len(), |l| l.n);
            self.warn(
                WarningKind::Truncated,
                line,
                "the text stops mid-sentence: an excerpt, or the rest of the document is missing (say which in the \
                 commentary: `[transcription]` `excerpt = true` or `false`)"
                    .to_string(),
            );
        }
        if let Some(origin) = &self.origin {
            let line = origin.iter().zip(origin.iter().skip(1)).position(|(a, b)| a == b).map_or(1, |i| origin[i] + 1);
            self.warnings.push(ParseWarning::new(
                WarningKind::Flattened,
                Some(line),
                "the line breaks of this text were lost (OCR or a flattened web page): its lines were \
                 reconstructed from the telegram's markers; check the header fields",
            ));
        }
        self.warnings.sort_by_key(|w| (w.line.unwrap_or(0), w.kind));
    }
}

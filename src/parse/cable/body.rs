//! The body zone of the cable state machine: body text into reading
//! paragraphs, stamps and notes, and the signature at the end of a section.

use std::borrow::Cow;

use super::fields::*;
use super::furniture::*;
use super::*;

impl Parser<'_> {
    pub(super) fn body_line(&mut self, i: usize, n: usize, raw: &str, t: &str) {
        self.zone = Zone::Body;
        self.b.line(n, raw, LineKind::Text);
        if !self.header_seen && !self.fields_seen {
            self.text_before_header = true;
        }
        if is_field(t) && !self.prev_body.ends_with("QUOTE") && !self.prev_body.ends_with("QTE") {
            self.warn(
                WarningKind::HeaderInText,
                n,
                format!(
                    "a header line is in the reading text: \"{}\" (the lines before it were not read as the \
                     header; check the layout, or set `format` in the commentary)",
                    t.chars().take(60).collect::<String>()
                ),
            );
        }
        let mut text: Cow<str> = Cow::Borrowed(t);
        // A declassification stamp inside a line of text.
        if text.contains("Declassified/Released") {
            if let Some(m) = STAMP.find(&text) {
                let stamp = m.as_str().to_string();
                self.b.removed(n, &stamp, LineKind::Stamp);
                self.meta.stamps.push(stamp);
                text = Cow::Owned(collapse_ws(&format!("{} {}", &text[..m.start()], &text[m.end()..])));
            }
        }
        if text.starts_with("- ") {
            if let Some(c) = LIST_ARTEFACT.captures(&text) {
                let start = c.get(1).map_or(0, |m| m.start());
                self.b.removed(n, &text[..start], LineKind::Marking);
                text = Cow::Owned(text[start..].to_string());
            }
        }
        let (body, glued) = {
            let (body, banner) = self.split_trailing_banner(i, &text);
            if let Some((class, _)) = banner {
                self.b.removed(n, class, LineKind::Banner);
            }
            (body.to_string(), banner.is_some_and(|b| b.1))
        };
        let mut body = body;
        if body.is_empty() {
            self.b.set_kind(n, if text.is_empty() { LineKind::Stamp } else { LineKind::Banner });
            return;
        }
        // "... END" / "SUMMARY.": END SUMMARY split over two lines stays one
        // phrase in one paragraph.
        let end_split = body.starts_with("SUMMARY")
            && self.b.open_text().is_some_and(|p| p.ends_with(" END") || p == "END" || p.ends_with(".END"));
        let starts = PARA_START.is_match(&body) && !end_split;
        if self.b.in_paragraph() && self.b.open_hyphen_word().is_none() {
            let prev = self.b.open_text().unwrap_or("");
            let prev_short = self.last_body.is_some_and(|l| l.len + 1 + first_word_len(&body) <= self.width);
            let strict_end = ends_sentence(prev) && !prev.ends_with(':') || prev.ends_with("--");
            let heading = self.para_lines == 1
                && !PARA_START.is_match(prev)
                && !ends_dangling(prev)
                && prev.len() * 3 <= self.width * 2
                && prev.split_whitespace().count() <= 8;
            if starts || (self.blank_since_text && ends_sentence(prev)) || (prev_short && (strict_end || heading)) {
                self.b.end_paragraph();
            }
        }
        let mut marking_found = None;
        if starts || !self.b.in_paragraph() {
            if let Some((range, m)) = marking(&body) {
                self.b.removed(n, &body[range.clone()], LineKind::Marking);
                let rest = format!("{}{}", &body[..range.start], &body[range.end..]);
                let rest = collapse_ws(&rest);
                if rest.chars().all(|c| !c.is_alphabetic()) && rest.len() <= 5 {
                    // "1. (C-ENTIRE TEXT)": a marking standing alone.
                    if !rest.is_empty() {
                        self.b.removed(n, &rest, LineKind::Marking);
                    }
                    self.b.set_kind(n, LineKind::Marking);
                    self.meta.marking.get_or_insert(m);
                    self.blank_since_text = false;
                    return;
                }
                body = rest;
                marking_found = Some(m);
            }
        }
        // A hyphen at the end of the previous line: a compound or a break?
        if let Some(left) = self.b.open_hyphen_word() {
            let right = body.split_whitespace().next().unwrap_or("");
            let vocab = self.vocab.get_or_insert_with(|| Vocabulary::new(self.text));
            if !vocab.keep_hyphen(left, right) {
                self.b.drop_line_hyphen();
            }
        }
        let open_before = self.b.open_text().map_or(0, str::len);
        if !self.b.in_paragraph() {
            self.para_lines = 0;
        }
        self.b.text(n, &body);
        self.para_lines += 1;
        if let Some(m) = marking_found {
            self.b.set_marking(m);
        }
        if glued {
            self.b.glue_next();
        }
        self.last_body = Some(LastBody { n, len: t.len(), open_before, whole: body.len() == t.len() });
        self.prev_body = body;
        self.blank_since_text = false;
        self.banner_since_text = false;
    }

    /// The signature: a lone name after the last sentence of the message.
    pub(super) fn take_signature(&mut self) {
        if self.meta.signature.is_some() || self.zone != Zone::Body {
            return;
        }
        if let (Some(s), Some(of)) = (self.section, self.meta.sections) {
            if s < of {
                return;
            }
        }
        let Some(last) = self.last_body else { return };
        let Some(open) = self.b.open_text() else { return };
        let fragment = open.get(last.open_before..).unwrap_or("").trim();
        let before = open.get(..last.open_before).unwrap_or("").trim_end();
        if last.whole && is_signature_name(fragment) && (before.is_empty() || ends_sentence(before)) {
            let name = fragment.to_string();
            self.b.truncate_open(last.open_before);
            self.b.unlink_line(last.n);
            self.b.set_kind(last.n, LineKind::Signature);
            self.meta.signature = Some(name);
            return;
        }
        if let Some(c) = SIGNATURE.captures(fragment) {
            let (Some(keep), Some(name)) = (c.get(1), c.get(2)) else { return };
            let name = name.as_str().to_string();
            let cut = last.open_before + open[last.open_before..].find(fragment).unwrap_or(0) + keep.end();
            self.b.truncate_open(cut);
            self.b.removed(last.n, &name, LineKind::Signature);
            self.meta.signature = Some(name);
        }
    }

    /// Whether a page or section break follows line `i` with at most one
    /// banner line before it: then a banner ending line `i` is the bottom
    /// banner of the page, glued to the text.
    pub(super) fn break_follows(&self, i: usize) -> bool {
        let mut banners = 0;
        for l in &self.lines[i + 1..] {
            let l = norm(l);
            if l.is_empty() {
                continue;
            }
            if banner(&l).is_some() {
                banners += 1;
                if banners > 1 {
                    return false;
                }
                continue;
            }
            return page_header(&l).is_some() || l == "NNN" || l == "Message Attributes";
        }
        false
    }

    /// Splits a banner glued to the end of the last line of a page: returns
    /// the text, the banner and whether it was glued without a space.
    pub(super) fn split_trailing_banner<'t>(&self, i: usize, t: &'t str) -> (&'t str, Option<(&'t str, bool)>) {
        if !(t.ends_with("CONFIDENTIAL") || t.ends_with("SECRET") || t.ends_with(" USE") || t.ends_with("UNCLASSIFIED"))
        {
            return (t, None);
        }
        let Some(c) = TRAILING_BANNER.captures(t) else { return (t, None) };
        let (Some(text), Some(space), Some(class)) = (c.get(1), c.get(2), c.get(3)) else { return (t, None) };
        if text.as_str().is_empty() || !self.banner_classes.contains(&class.as_str()) || !self.break_follows(i) {
            return (t, None);
        }
        (text.as_str(), Some((class.as_str(), space.as_str().is_empty())))
    }
}

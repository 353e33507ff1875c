//! The header zone of the cable state machine: page headers and
//! classification lines, routing and addressees, captions, and the fields
//! E.O., TAGS, SUBJECT and REF with their continuation lines.

use super::fields::*;
use super::furniture::*;
use super::*;

impl Parser<'_> {
    pub(super) fn page_header_found(&mut self, page: u32, h: &PageHeader, t: &str) {
        if let Some((s, of)) = h.section {
            self.set_section(s, of);
        } else if let Some(s) = self.section {
            self.b.set_section(s);
        }
        if self.page_post.is_none() {
            self.page_post = h.post.clone();
        }
        if let Some(c) = ACTION.captures(t) {
            self.meta.action.get_or_insert_with(|| format!("{} {}", &c[1], &c[2]));
        }
        self.after_first_page = page == 1 && !h.short;
    }

    /// A classification or section line: records it and opens the captions.
    pub(super) fn class_line_found(&mut self, c: &ClassLine) {
        self.record_classification(c.class, &c.caveats);
        if let Some((s, of)) = c.section {
            self.set_section(s, of);
        }
        if self.class_post.is_none() {
            self.class_post = Some((c.post.clone(), c.number.clone()));
        }
        self.zone = Zone::Captions;
        self.sub = Sub::None;
    }

    /// A header field line (E.O., TAGS, SUBJECT, REF): records it.
    pub(super) fn field_start(&mut self, i: usize, t: &str) -> Option<LineKind> {
        if EO.is_match(t) {
            self.meta.executive_order.get_or_insert_with(|| t.to_string());
            self.zone = Zone::Field(Field::Eo);
        } else if let Some(c) = TAGS.captures(t) {
            if self.meta.tags.is_empty() {
                self.meta.tags = parse_tags(&c[1]);
            }
            self.zone = Zone::Field(Field::Tags);
        } else if let Some(c) = SUBJECT.captures(t) {
            let (s, _) = self.split_trailing_banner(i, c.get(1).map_or("", |m| m.as_str()));
            if self.subject.is_empty() {
                self.subject = s.to_string();
                self.subject_lines = 1;
                self.last_subject_len = t.len();
            } else {
                // A second SUBJECT (a quoted repeat): the first one stands.
                self.subject_lines = usize::MAX / 2;
            }
            self.zone = Zone::Field(Field::Subject);
        } else if let Some(c) = REF.captures(t) {
            if !self.refs.is_empty() {
                self.refs.push_str("; ");
            }
            self.refs.push_str(c.get(1).map_or("", |m| m.as_str()));
            self.zone = Zone::Field(Field::Ref);
        } else {
            return None;
        }
        self.fields_seen = true;
        self.sub = Sub::None;
        Some(LineKind::Header)
    }

    /// Classifies a line of the header. None: it is body text.
    pub(super) fn header_line(&mut self, i: usize, t: &str) -> Option<LineKind> {
        let first = t.split_whitespace().next().unwrap_or("");
        if matches!(t.as_bytes().first(), Some(b'R' | b'O' | b'P' | b'Z' | b'0'..=b'9')) {
            if let Some(d) = dtg(t) {
                if self.meta.dtg.is_none() {
                    self.meta.precedence = d.precedence;
                    self.meta.dtg = Some(d.dtg);
                    self.meta.dtg_iso = d.iso;
                }
                self.sub = Sub::None;
                return Some(LineKind::Header);
            }
        }
        if matches!(first, "ACTION" | "ORIGIN") {
            if let Some(c) = ACTION.captures(t).filter(|c| c.get(0).is_some_and(|m| m.start() == 0)) {
                self.meta.action.get_or_insert_with(|| format!("{} {}", &c[1], &c[2]));
                self.sub = Sub::Distribution;
                return Some(LineKind::Routing);
            }
        }
        match first {
            "INFO" => {
                let rest = t[4..].trim();
                if rest.split_whitespace().next().is_some_and(is_office_code) {
                    self.push_distribution(rest);
                    self.sub = Sub::Distribution;
                    return Some(LineKind::Routing);
                }
                if !rest.is_empty() {
                    self.push_addressees(Sub::Info, rest);
                    self.sub = Sub::Info;
                    return Some(LineKind::Header);
                }
            }
            "FM" => {
                let from = strip_precedence(t[2..].trim());
                if self.meta.from.is_none() && !from.is_empty() {
                    self.meta.from = Some(from);
                }
                self.sub = Sub::None;
                return Some(LineKind::Header);
            }
            "TO" => {
                self.push_addressees(Sub::To, t[2..].trim());
                self.sub = Sub::To;
                return Some(LineKind::Header);
            }
            "XMT" => {
                self.push_addressees(Sub::Xmt, t[3..].trim());
                self.sub = Sub::Xmt;
                return Some(LineKind::Header);
            }
            _ => {}
        }
        if t.starts_with("DRAFTED BY")
            || t.starts_with("APPROVED BY")
            || t.starts_with("CLEARANCE")
            || t.starts_with("CLEARED BY")
            || t.starts_with("DESIRED DISTRIBUTION")
            || t.starts_with("REPEATED TO")
        {
            self.sub = Sub::Clearances;
            return Some(LineKind::Routing);
        }
        if let Some(c) = class_line(t) {
            self.class_line_found(&c);
            return Some(LineKind::Header);
        }
        if t.starts_with("SECTION") {
            if let Some(c) = SECTION.captures(t) {
                let (s, of) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
                self.set_section(s, of);
                self.zone = Zone::Captions;
                return Some(LineKind::Header);
            }
        }
        if let Some(k) = self.field_start(i, t) {
            return Some(k);
        }
        if is_count(t) && self.sub != Sub::None {
            return Some(LineKind::Routing);
        }
        let upper = !t.contains(|c: char| c.is_lowercase());
        match self.sub {
            Sub::Distribution => {
                let toks: Vec<&str> = t.split_whitespace().collect();
                let codes = toks.iter().filter(|x| is_office_code(x)).count();
                if codes * 2 >= toks.len() && codes > 0 {
                    self.push_distribution(t);
                    return Some(LineKind::Routing);
                }
            }
            Sub::Clearances => {
                if upper && t.len() <= 80 && !PARA_START.is_match(t) {
                    return Some(LineKind::Routing);
                }
            }
            Sub::To | Sub::Info | Sub::Xmt => {
                if upper && t.len() <= 70 && !PARA_START.is_match(t) && !t.ends_with('.') && !t.contains(':') {
                    self.push_addressees(self.sub, t);
                    return Some(LineKind::Header);
                }
            }
            Sub::None => {}
        }
        None
    }

    /// A line after the classification line: a caption, a field, or body.
    pub(super) fn caption_line(&mut self, i: usize, t: &str) -> Option<LineKind> {
        if let Some(k) = self.field_start(i, t) {
            return Some(k);
        }
        if let Some(c) = class_line(t) {
            self.class_line_found(&c);
            return Some(LineKind::Header);
        }
        let toks: Vec<&str> = t.split([' ', '-', '/', ',']).filter(|x| !x.is_empty()).collect();
        if toks.iter().any(|x| CAVEATS.contains(x))
            && toks.iter().all(|x| CAVEATS.contains(x) || matches!(*x, "HANDLE" | "AS" | "DISTRIBUTE" | "ONLY"))
        {
            for c in toks.iter().filter(|x| CAVEATS.contains(x)) {
                if !self.meta.caveats.iter().any(|x| x == c) {
                    self.meta.caveats.push(c.to_string());
                }
            }
            self.push_caption(t);
            return Some(LineKind::Caption);
        }
        if PARA_START.is_match(t) {
            return None;
        }
        let known = self.meta.captions.iter().any(|c| c == t);
        // A sentence or a quotation opener is text ("FOLLOWING SENT ...
        // REPEATED YOU:", "QUOTE").
        let short = t.len() <= 70
            && !t.contains(|c: char| c.is_lowercase())
            && !t.ends_with(['.', ':'])
            && !t.starts_with("FOLLOWING")
            && !matches!(t, "QUOTE" | "BEGIN TEXT" | "BEGIN QUOTE");
        if known || (short && !self.fields_seen && self.field_ahead(i)) || (short && caption_like(t)) {
            self.push_caption(t);
            return Some(LineKind::Caption);
        }
        None
    }

    pub(super) fn push_caption(&mut self, t: &str) {
        if !self.meta.captions.iter().any(|c| c == t) {
            self.meta.captions.push(t.to_string());
        }
    }

    /// Whether an E.O./TAGS/SUBJECT/REF line follows shortly, before the
    /// body starts: then the lines between are captions.
    pub(super) fn field_ahead(&self, i: usize) -> bool {
        let mut seen = 0;
        for l in &self.lines[i + 1..] {
            let l = norm(l);
            if l.is_empty() || banner(&l).is_some() || page_header(&l).is_some() || l.contains("Declassified/Released")
            {
                continue;
            }
            if is_field(&l) {
                return true;
            }
            if PARA_START.is_match(&l) {
                return false;
            }
            seen += 1;
            if seen >= 6 {
                return false;
            }
        }
        false
    }

    /// A line in the E.O./TAGS/SUBJECT/REF block.
    pub(super) fn field_line(&mut self, i: usize, t: &str, f: Field) -> Option<LineKind> {
        if let Some(k) = self.field_start(i, t) {
            return Some(k);
        }
        if PARA_START.is_match(t) && !(f == Field::Ref && ref_label_start(t)) {
            return None;
        }
        match f {
            Field::Tags => {
                let empty = self.meta.tags.is_empty();
                if empty || (looks_like_tags(t) && self.lines[i.saturating_sub(1)].trim_end().ends_with(',')) {
                    let more = parse_tags(t);
                    for g in more {
                        if !self.meta.tags.contains(&g) {
                            self.meta.tags.push(g);
                        }
                    }
                    return Some(LineKind::Header);
                }
            }
            Field::Subject => {
                if self.subject_continues(t) {
                    let (s, _) = self.split_trailing_banner(i, t);
                    if self.subject.ends_with('-') && !self.subject.ends_with(" -") {
                        // "GUINEA-" / "BISSAU": keep the hyphen, no space.
                    } else if !self.subject.is_empty() {
                        self.subject.push(' ');
                    }
                    self.subject.push_str(s);
                    self.subject_lines += 1;
                    self.last_subject_len = t.len();
                    return Some(LineKind::Header);
                }
            }
            Field::Ref => {
                if self.ref_continues(t) {
                    let t = t.strip_prefix("- ").unwrap_or(t);
                    self.refs.push(' ');
                    self.refs.push_str(t);
                    return Some(LineKind::Header);
                }
            }
            Field::Eo => {}
        }
        None
    }

    pub(super) fn subject_continues(&self, t: &str) -> bool {
        let prev = self.subject.trim_end();
        if prev.is_empty() {
            return true;
        }
        if self.subject_lines >= 4 || class_line(t).is_some() {
            return false;
        }
        if prev.ends_with('-') {
            return true;
        }
        if t.contains(|c: char| c.is_lowercase()) || (t.starts_with("FOR ") && t.contains(" FROM ")) {
            return false;
        }
        if ends_dangling(prev) {
            return true;
        }
        if t.ends_with('.') || t.len() > self.width + 5 {
            return false;
        }
        self.last_subject_len + 1 + first_word_len(t) > self.width
    }

    pub(super) fn ref_continues(&self, t: &str) -> bool {
        let t = t.strip_prefix("- ").unwrap_or(t);
        if ref_label_start(t) || t.starts_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
        let prev = self.refs.trim_end();
        let last = prev.split_whitespace().next_back().unwrap_or("");
        ends_dangling(prev)
            || prev.ends_with(';')
            || (last.chars().all(|c| c.is_ascii_uppercase()) && !last.is_empty() && last != "NOTAL" && t.len() < 60)
    }

    /// In the body: the classification line of a quoted repeat or of a
    /// section that follows without NNN.
    pub(super) fn repeat_header(&mut self, t: &str) -> Option<LineKind> {
        let c = class_line(t)?;
        let quoted = self.prev_body.ends_with("QUOTE")
            || self.prev_body.ends_with("QTE")
            || self.prev_body.ends_with("BEGIN TEXT");
        let own = self.class_post.as_ref().is_some_and(|(p, num)| *p == c.post && *num == c.number);
        if c.letter_spaced || c.section.is_some() || quoted || own {
            self.class_line_found(&c);
            return Some(LineKind::Header);
        }
        None
    }

    pub(super) fn push_addressees(&mut self, list: Sub, s: &str) {
        let addrs = split_addressees(s);
        let target = match list {
            Sub::To => &mut self.meta.to,
            Sub::Xmt => &mut self.meta.excluded,
            _ => &mut self.meta.info,
        };
        for a in addrs {
            if !target.contains(&a) {
                target.push(a);
            }
        }
    }

    pub(super) fn push_distribution(&mut self, s: &str) {
        for code in s.split_whitespace().filter(|x| x.contains('-') && is_office_code(x)) {
            if !self.meta.distribution.iter().any(|c| c == code) {
                self.meta.distribution.push(code.to_string());
            }
        }
    }
}

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
        self.header_seen = true;
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
                self.tags_text = c[1].to_string();
            }
            self.zone = Zone::Field(Field::Tags);
        } else if let Some(c) = SUBJECT.captures(t) {
            let (s, _) = self.split_trailing_banner(i, c.get(1).map_or("", |m| m.as_str()));
            if self.subject.is_empty() {
                self.subject = s.to_string();
                self.subject_lines = 1;
                self.subject_broken = false;
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
            self.refs.push_str(c.get(1).or(c.get(2)).map_or("", |m| m.as_str()));
            self.ref_lines = 1;
            self.ref_start = i + 1;
            self.zone = Zone::Field(Field::Ref);
        } else if let Some(c) = BARE_FIELD.captures(t) {
            // "TAGS MASS, AR" / "SUBJECT ARMS LIMITATION ...": a label whose
            // colon was lost, where the fields are expected.
            let value = c.get(2).map_or("", |m| m.as_str());
            let expected = self.fields_seen || self.zone == Zone::Captions || self.memo;
            if c[1].starts_with("TAGS") && expected && self.meta.tags.is_empty() && looks_like_tags(value) {
                self.meta.tags = parse_tags(value);
                self.tags_text = value.to_string();
                self.zone = Zone::Field(Field::Tags);
            } else if c[1].starts_with("SUBJ") && expected && self.subject.is_empty() {
                self.subject = value.to_string();
                self.subject_lines = 1;
                self.subject_broken = false;
                self.last_subject_len = t.len();
                self.zone = Zone::Field(Field::Subject);
            } else {
                return None;
            }
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
                self.header_seen = true;
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
        match first.trim_end_matches(':') {
            "INFO" => {
                let rest = t[first.len()..].trim();
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
                // "FM THE SITUATION ROOM //TOHAK 123//": the series slug is
                // a caption.
                let value = t[2..].trim();
                let value = match value.find("//") {
                    Some(at) => {
                        self.push_caption(value[at..].trim_matches('/').trim());
                        &value[..at]
                    }
                    None => value,
                };
                let from = strip_precedence(value.trim());
                self.header_seen = true;
                if self.meta.from.is_none() && !from.is_empty() {
                    self.meta.from = Some(from);
                }
                self.sub = Sub::None;
                return Some(LineKind::Header);
            }
            "TO" => {
                self.header_seen = true;
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
            // "TO AMEMBASSY DAMASCUS" / "FOR SECRETARY KISSINGER FROM
            // SCOWCROFT": a caption after the addressees, not one of them.
            Sub::To | Sub::Info if upper && t.starts_with("FOR ") => {
                self.push_caption(t);
                self.sub = Sub::None;
                return Some(LineKind::Caption);
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
        // A caption wrapped over several lines: "DEPARTMENT PLEASE NOTIFY
        // IMMEDIATELY AND PASS TO PAT" / "HOLT, CHIEF OF STAFF, ..." / "FROM
        // MOOSE AND MEISSNER.", before the E.O./TAGS/SUBJECT lines.
        if self.caption_continues(i) && !self.fields_seen && !t.contains(|c: char| c.is_lowercase()) && !caption_like(t)
        {
            if let Some(last) = self.meta.captions.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
            self.last_caption = Some(i);
            return Some(LineKind::Caption);
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

    pub(super) fn warn(&mut self, kind: WarningKind, line: usize, message: String) {
        let line = match &self.origin {
            Some(o) => o.get(line.wrapping_sub(1)).map_or(line, |r| r + 1),
            None => line,
        };
        self.warnings.push(ParseWarning::new(kind, Some(line), message));
    }

    pub(super) fn push_caption(&mut self, t: &str) {
        // "EXDIS/FOR AMBASSADOR FROM ATHERTON", "LIMDIS SEOUL FOR ...": a
        // caveat opening a caption.
        let first = t.split([' ', '/']).next().unwrap_or("");
        if CAVEATS.contains(&first) && !self.meta.caveats.iter().any(|c| c == first) {
            self.meta.caveats.push(first.to_string());
        }
        if !self.meta.captions.iter().any(|c| c == t) {
            self.meta.captions.push(t.to_string());
        }
        self.last_caption = Some(self.current);
    }

    /// Whether line `i` goes on with the caption of the line before it: that
    /// line stopped on a dangling word, or ran to the line width without
    /// ending a sentence.
    pub(super) fn caption_continues(&self, i: usize) -> bool {
        if i == 0 || self.last_caption != Some(i - 1) {
            return false;
        }
        let prev = norm(self.lines[i - 1]);
        !ends_sentence(&prev) && (ends_dangling(&prev) || prev.len() >= 45)
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
            if is_field(&l) || (self.memo && (MEMO_FIELD.is_match(&l) || MEMO_FOR.is_match(&l))) {
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
        if PARA_START.is_match(t) && !(f == Field::Ref && ref_label_start(t)) && !self.initial_in_subject(i, t, f) {
            return None;
        }
        match f {
            Field::Tags => {
                // "OBIP (SADAT," / "ANWAR)": a name in parentheses wrapped.
                let open = self.tags_text.matches('(').count() > self.tags_text.matches(')').count();
                if open && t.len() <= 70 && !t.contains(':') {
                    self.tags_text.push(' ');
                    self.tags_text.push_str(t);
                    self.meta.tags = parse_tags(&self.tags_text);
                    return Some(LineKind::Header);
                }
                let empty = self.meta.tags.is_empty();
                if empty || (looks_like_tags(t) && self.lines[i.saturating_sub(1)].trim_end().ends_with(',')) {
                    let more = parse_tags(t);
                    self.tags_text.push_str(if self.tags_text.is_empty() { "" } else { " " });
                    self.tags_text.push_str(t);
                    for g in more {
                        if !self.meta.tags.contains(&g) {
                            self.meta.tags.push(g);
                        }
                    }
                    return Some(LineKind::Header);
                }
            }
            Field::Subject => {
                if self.subject_continues(i, t) {
                    let (s, _) = self.split_trailing_banner(i, t);
                    if self.subject.ends_with('-') && !self.subject.ends_with(" -") {
                        // "GUINEA-" / "BISSAU": keep the hyphen, no space.
                    } else if !self.subject.is_empty() {
                        self.subject.push(' ');
                    }
                    self.subject.push_str(s);
                    self.subject_lines += 1;
                    self.subject_paged = false;
                    self.last_subject_len = t.len();
                    return Some(LineKind::Header);
                }
                // "GENEVA FOR USDEL CSCE" between SUBJECT and REF.
                if caption_like(t) && self.next_nonblank_raw(i).is_some_and(|l| is_field(&norm(l))) {
                    self.push_caption(t);
                    self.subject_broken = true;
                    return Some(LineKind::Caption);
                }
            }
            Field::Ref => {
                if self.ref_continues(t) {
                    self.ref_lines += 1;
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

    /// Whether a line that starts like a lettered paragraph ("Y. DRAYARLI")
    /// is a name with its initial wrapped from the SUBJECT: a short line
    /// that is not a sentence, with REF or another header field next. A
    /// lettered paragraph never comes before the REF block.
    fn initial_in_subject(&self, i: usize, t: &str, f: Field) -> bool {
        let b = t.as_bytes();
        f == Field::Subject
            && b.len() > 3
            && b[0].is_ascii_uppercase()
            && b[1] == b'.'
            && b[2] == b' '
            && t.split_whitespace().count() <= 4
            && !ends_sentence(t)
            && self.next_nonblank_raw(i).is_some_and(|l| is_field(&norm(l)))
    }

    /// Whether line `i` (`t`) continues the SUBJECT. A subject wraps onto
    /// the next lines until REF, a numbered paragraph, SUMMARY, a caption or
    /// a blank line: a continuation either follows a line that stops on a
    /// dangling word, a full line, or a connecting word; or it is the last
    /// line before the body or the REF block starts.
    pub(super) fn subject_continues(&self, i: usize, t: &str) -> bool {
        let prev = self.subject.trim_end();
        if prev.is_empty() {
            return true;
        }
        if self.subject_lines >= 5 || self.subject_broken || class_line(t).is_some() {
            return false;
        }
        if self.subject_paged {
            // Over a page break: a short closing line of capitals, with REF
            // or the body next.
            return t.len() <= 40
                && !t.contains(char::is_lowercase)
                && !ends_sentence(t)
                && !caption_like(t)
                && self.body_within(i, 0);
        }
        if prev.ends_with('-') && !prev.ends_with(" -") && !prev.ends_with("--") {
            return true;
        }
        // A memo's subject in mixed case goes on in title case ("Melo Antunes").
        if self.memo && prev.contains(char::is_lowercase) && t.contains(char::is_lowercase) {
            return self.subject_lines < 3 && super::memo::title_case_line(t);
        }
        if t.contains(|c: char| c.is_lowercase()) || (t.starts_with("FOR ") && t.contains(" FROM ")) {
            return false;
        }
        if ends_dangling(prev) {
            return true;
        }
        // "GENEVA FOR USDEL CSCE", "CINCPAC FOR POLAD": an addressee caption.
        if t.contains(" FOR ") && t.split_whitespace().count() <= 6 && !t.ends_with('.') {
            return false;
        }
        if t.len() > self.width + 5 {
            return false;
        }
        let first = t.split_whitespace().next().unwrap_or("");
        if starts_connected(first) && !t.ends_with('.') {
            return true;
        }
        // Teletype lines are 60 to 69 characters: an excerpt with many short
        // lines (addressee lists) must not make a short subject look full.
        if !t.ends_with('.') && self.last_subject_len + 1 + first_word_len(t) > self.width.max(60) {
            return true;
        }
        // One of the last lines before the body or the REF block: the
        // subject ends there, and the one or two short lines between it
        // and this line belong to it ("... WILLING TEVAR" / "KINGANHO" /
        // "REF: ..."): nothing but the subject or a caption stands between
        // SUBJECT and REF, and a caption is recognised above.
        let short_sentence = t.len() <= 40 && t.split_whitespace().count() <= 6;
        self.body_within(i, 2) && (!ends_sentence(t) || short_sentence) && !ends_sentence(prev)
    }

    /// Whether the body, a header field, a banner or a page break follows
    /// line `i`, at once or after at most `more` short lines that could
    /// close a wrapped subject (capitals, not a sentence, not a caption).
    fn body_within(&self, i: usize, more: usize) -> bool {
        let mut at = i;
        for _ in 0..=more {
            let Some(j) = (at + 1..self.lines.len())
                .find(|&j| !self.lines[j].trim().is_empty() && !self.lines[j].contains("Declassified/Released"))
            else {
                return true;
            };
            let l = norm(self.lines[j]);
            if is_field(&l) || PARA_START.is_match(&l) || banner(&l).is_some() || page_header(&l).is_some() {
                return true;
            }
            // A one-word line like "USSALTTWO" is a caption, unless the
            // line before it was full and it is the word that did not fit.
            let wrapped = norm(self.lines[at]).len() + 1 + first_word_len(&l) > self.width.max(60);
            let closes_subject = l.len() <= 40
                && l.split_whitespace().count() <= 6
                && !l.contains(|c: char| c.is_lowercase())
                && !ends_sentence(&l)
                && (wrapped || !caption_like(&l))
                && class_line(&l).is_none();
            if !closes_subject {
                return false;
            }
            at = j;
        }
        false
    }

    pub(super) fn ref_continues(&self, t: &str) -> bool {
        let t = t.strip_prefix("- ").unwrap_or(t);
        if ref_label_start(t) || t.starts_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
        let prev = self.refs.trim_end();
        if prev.is_empty() || prev.ends_with(';') && prev.len() < 3 {
            // "REF:" alone on its line: the reference is on the next.
            return true;
        }
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

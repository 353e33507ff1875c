//! `[[transcription.omit]]` and `[[transcription.include]]`: raw lines out
//! of or into the reading text, by number (as in the facsimile's margin) or
//! by their text.

use crate::base::error::Diagnostics;
use crate::base::text::{collapse_ws, edit_distance, fold, Folded};
use crate::load::transcription::{LineFix, Transcription};
use crate::model::{InterventionKind, LineKind};

use super::{intervention, reason, Para, Work};

/// Where the nth `[[transcription.TABLE]]` header is in the front matter
/// (a span for errors about a table as a whole).
pub(super) fn table_span(w: &Work, table: &str, nth: usize) -> std::ops::Range<usize> {
    let fm_end = w.c.front_end.max(w.c.front_start);
    let fm = &w.c.source[w.c.front_start..fm_end];
    let mut offset = 0;
    let mut seen = 0;
    for line in fm.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("[[") && t.trim_start_matches('[').trim_end_matches(']').trim() == table {
            if seen == nth {
                let at = offset + (line.len() - line.trim_start().len());
                return at..at + t.len();
            }
            seen += 1;
        }
        offset += line.len();
    }
    0..0
}

/// The raw lines a fix addresses, checked; `None` after reporting an error.
fn resolve(w: &Work, fix: &LineFix, table: &str, nth: usize, diags: &mut Diagnostics) -> Option<Vec<usize>> {
    let total = w.last_line;
    match (&fix.lines, &fix.text) {
        (Some(_), Some(t)) => {
            diags.push(
                w.error(t.span(), "give either `lines` or `text`, not both")
                    .hint("`lines = \"31-32\"` addresses raw lines by the numbers in the facsimile's margin; `text = \"...\"` by what one line says"),
            );
            None
        }
        (None, None) => {
            diags.push(
                w.error(table_span(w, table, nth), format!("this [[{table}]] names no line"))
                    .hint("add `lines = \"31-32\"` (the numbers in the facsimile's margin) or `text = \"REF: STATE 015196\"` (what the line says)"),
            );
            None
        }
        (Some(spec), None) => {
            let r = match spec.get_ref().range() {
                Ok(r) => r,
                Err(e) => {
                    diags.push(w.error(spec.span(), e));
                    return None;
                }
            };
            if r.last > total {
                diags.push(
                    w.error(
                        spec.span(),
                        format!("the raw file `{}` has {total} lines, so there is no line {}", w.doc.id, r.last),
                    )
                    .hint("use the line numbers shown in the facsimile's margin"),
                );
                return None;
            }
            if let Some(sheet) = r.sheet {
                let sheets = w.doc.pages.len();
                if sheet > sheets {
                    diags.push(w.error(
                        spec.span(),
                        format!(
                            "`{}` has {sheets} sheet{}, so there is no sheet {sheet}",
                            w.doc.id,
                            if sheets == 1 { "" } else { "s" }
                        ),
                    ));
                    return None;
                }
                for n in r.first..=r.last {
                    let on = w.doc.pages.iter().find(|p| p.lines.iter().any(|l| l.n == n)).map(|p| p.number);
                    if on.is_some_and(|on| on != sheet) {
                        diags.push(
                            w.error(
                                spec.span(),
                                format!("line {n} is on sheet {}, not sheet {sheet}", on.unwrap_or(0)),
                            )
                            .hint(format!(
                                "write \"{}:{}\" or leave the sheet out",
                                on.unwrap_or(0),
                                if r.first == r.last { r.first.to_string() } else { format!("{}-{}", r.first, r.last) }
                            )),
                        );
                        return None;
                    }
                }
            }
            Some((r.first..=r.last).collect())
        }
        (None, Some(t)) => {
            let want = fold(t.get_ref());
            if want.is_empty() {
                diags.push(
                    w.error(t.span(), "`text` is empty").hint("copy the words of one raw line, as in the facsimile"),
                );
                return None;
            }
            let found: Vec<usize> = w.lines_reading(&want).to_vec();
            match found.len() {
                1 => Some(found),
                0 => {
                    // Close lines only: a third of the length in edits.
                    let wanted = collapse_ws(t.get_ref()).to_uppercase();
                    let mut near: Vec<(usize, usize, String)> = w
                        .doc
                        .lines()
                        .filter(|l| !l.text.trim().is_empty())
                        .map(|l| {
                            let t = collapse_ws(&l.text);
                            (edit_distance(&t.to_uppercase(), &wanted), l.n, t)
                        })
                        .filter(|(d, _, _)| d * 3 <= wanted.chars().count())
                        .collect();
                    near.sort();
                    let hint = match near.first() {
                        Some((_, n, text)) => format!("the closest line is {n}: \"{text}\"; copy the whole line (case and spacing do not matter), or give `lines = {n}`"),
                        None => "copy one whole raw line as the facsimile shows it (case and spacing do not matter), or give its number: `lines = 31`".to_string(),
                    };
                    diags.push(
                        w.error(t.span(), format!("no line of `{}` reads \"{}\"", w.doc.id, t.get_ref())).hint(hint),
                    );
                    None
                }
                _ => {
                    diags.push(
                        w.error(
                            t.span(),
                            format!(
                                "{} lines of `{}` read \"{}\": lines {}",
                                found.len(),
                                w.doc.id,
                                t.get_ref(),
                                list(&found)
                            ),
                        )
                        .hint(format!("choose one by its number instead, e.g. `lines = {}`", found[0])),
                    );
                    None
                }
            }
        }
    }
}

fn list(ns: &[usize]) -> String {
    ns.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
}

fn span_of(fix: &LineFix) -> std::ops::Range<usize> {
    match (&fix.lines, &fix.text) {
        (Some(s), _) => s.span(),
        (_, Some(t)) => t.span(),
        _ => 0..0,
    }
}

/// What a line is, in words, for errors ("a page header").
fn kind_words(kind: LineKind) -> String {
    let s = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    s.replace('_', " ")
}

pub(super) fn apply(w: &mut Work, t: &Transcription, diags: &mut Diagnostics) {
    for (i, fix) in t.omit.iter().enumerate() {
        let Some(ns) = resolve(w, fix, "transcription.omit", i, diags) else { continue };
        let reading: Vec<usize> =
            ns.iter().copied().filter(|&n| w.line(n).is_some_and(|l| l.paragraph.is_some())).collect();
        if reading.is_empty() {
            let what = w.line(ns[0]).map(|l| kind_words(l.kind)).unwrap_or_default();
            diags.push(
                w.error(span_of(fix), format!(
                    "{} not in the reading text{}",
                    if ns.len() == 1 { format!("line {} is", ns[0]) } else { format!("lines {}-{} are", ns[0], ns[ns.len() - 1]) },
                    if what.is_empty() { String::new() } else { format!(" (the parser read line {} as {what})", ns[0]) }
                ))
                .hint("`omit` takes lines out of the reading text; the lines left out are shown in the facsimile with \"Show lines removed from the reading text\""),
            );
            continue;
        }
        let why = reason(&fix.reason, || "taken out of the reading text by the editor".into());
        omit(w, &reading, why);
    }
    for (i, fix) in t.include.iter().enumerate() {
        let Some(ns) = resolve(w, fix, "transcription.include", i, diags) else { continue };
        let outside: Vec<usize> = ns
            .iter()
            .copied()
            .filter(|&n| w.line(n).is_some_and(|l| l.paragraph.is_none() && !l.text.trim().is_empty()))
            .collect();
        if outside.is_empty() {
            let p = w.line(ns[0]).and_then(|l| l.paragraph);
            diags.push(
                w.error(
                    span_of(fix),
                    match p {
                        Some(p) => format!("line {} is in the reading text already (paragraph {p})", ns[0]),
                        None => format!("line {} is blank", ns[0]),
                    },
                )
                .hint("`include` puts lines the parser left out into the reading text"),
            );
            continue;
        }
        let why = reason(&fix.reason, || "put into the reading text by the editor".into());
        include(w, &outside, why);
    }
}

/// Takes reading lines out: their words leave their paragraphs.
fn omit(w: &mut Work, ns: &[usize], why: String) {
    let mut rec = intervention(InterventionKind::Omit, why.clone());
    rec.lines = ns.to_vec();
    let mut words = Vec::new();
    let mut at: Option<(usize, usize)> = None;
    for &n in ns {
        let Some(key) = w.line(n).and_then(|l| l.paragraph) else { continue };
        let frag = w.line_text(n).unwrap_or_default();
        words.push(frag.clone());
        let Some(i) = w.index_of(key) else { continue };
        let offsets = w.line_offsets(&w.paras[i]);
        let p = &w.paras[i];
        let start = offsets.iter().find(|(m, _)| *m == n).and_then(|(_, o)| *o);
        let folded = Folded::new(&p.text);
        let hit = folded.find_all(&fold(&frag)).into_iter().find(|(s, _)| start.is_none_or(|st| *s >= st));
        let (s, e) = match hit {
            Some(h) => h,
            None => match start {
                // The parse changed the line's words (a rejoined word): cut
                // from where the line starts to where the next one does.
                Some(s) => {
                    let next = offsets.iter().skip_while(|(m, _)| *m != n).skip(1).find_map(|(_, o)| *o);
                    (s, next.unwrap_or(p.text.len()))
                }
                None => continue,
            },
        };
        let (cut_s, cut_e) = widen_to_space(&p.text, s, e);
        let removed = cut_e - cut_s;
        let mut text = p.text.clone();
        text.replace_range(cut_s..cut_e, if cut_s > 0 && cut_e < p.text.len() { " " } else { "" });
        let text = text.trim().to_string();
        let key = p.key;
        let inserted = if cut_s > 0 && cut_e < p.text.len() { 1 } else { 0 };
        w.shift_marks(key, cut_s, inserted as isize - removed as isize);
        w.paras[i].text = text;
        w.paras[i].lines.retain(|&m| m != n);
        at = Some((key, cut_s.min(w.paras[i].text.len())));
        if let Some(l) = w.line_mut(n) {
            l.paragraph = None;
            l.kind = LineKind::Omitted;
            l.editor = Some(why.clone());
        }
        if w.paras[i].text.is_empty() {
            w.remove_para(key);
            at = if i > 0 {
                w.paras.get(i - 1).map(|q| (q.key, q.text.len()))
            } else {
                w.paras.first().map(|q| (q.key, 0))
            };
        }
    }
    rec.before = Some(words.join(" "));
    w.record(rec, at);
}

/// Widens a cut to take one neighbouring space with it.
fn widen_to_space(text: &str, s: usize, e: usize) -> (usize, usize) {
    let mut s = s;
    let mut e = e;
    while text[e..].starts_with(' ') {
        e += 1;
    }
    while s > 0 && text[..s].ends_with(' ') {
        s -= 1;
    }
    (s, e)
}

/// Puts lines into the reading text: into the paragraph of the line next to
/// them (no blank line between), else as a new paragraph in file order.
fn include(w: &mut Work, ns: &[usize], why: String) {
    let mut rec = intervention(InterventionKind::Include, why.clone());
    rec.lines = ns.to_vec();
    let mut at = None;
    let mut words = Vec::new();
    for &n in ns {
        let frag = collapse_ws(&w.line(n).map(|l| l.text.clone()).unwrap_or_default());
        if frag.is_empty() {
            continue;
        }
        words.push(frag.clone());
        let neighbour = |m: usize| w.line(m).filter(|l| !l.text.trim().is_empty()).and_then(|l| l.paragraph);
        let before = n.checked_sub(1).and_then(neighbour);
        let after = neighbour(n + 1);
        let (key, offset) = if let Some(key) = before.or(after) {
            let i = w.index_of(key).unwrap_or(0);
            let offsets = w.line_offsets(&w.paras[i]);
            let p = &mut w.paras[i];
            // Before the first of the paragraph's lines that follows n.
            let next = offsets.iter().find(|(m, o)| *m > n && o.is_some()).and_then(|(_, o)| *o);
            let offset = match next {
                Some(o) => {
                    p.text.insert_str(o, &format!("{frag} "));
                    o
                }
                None => {
                    let o = p.text.len() + usize::from(!p.text.is_empty());
                    if !p.text.is_empty() {
                        p.text.push(' ');
                    }
                    p.text.push_str(&frag);
                    o
                }
            };
            let pos = p.lines.iter().position(|&m| m > n).unwrap_or(p.lines.len());
            p.lines.insert(pos, n);
            let key = p.key;
            w.shift_marks(key, offset, (frag.len() + 1) as isize);
            (key, offset)
        } else {
            let key = w.new_key();
            let page = w.doc.pages.iter().find(|pg| pg.lines.iter().any(|l| l.n == n)).map_or(1, |pg| pg.number);
            let pos =
                w.paras.iter().position(|p| p.lines.iter().min().is_some_and(|&m| m > n)).unwrap_or(w.paras.len());
            w.paras.insert(pos, Para { key, text: frag.clone(), page, lines: vec![n], marking: None });
            (key, 0)
        };
        at = at.or(Some((key, offset)));
        if let Some(l) = w.line_mut(n) {
            l.paragraph = Some(key);
            l.kind = LineKind::Text;
            l.editor = Some(why.clone());
        }
    }
    rec.after = Some(words.join(" "));
    w.record(rec, at);
}

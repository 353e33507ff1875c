//! Mention detection (part of stage 3, annotate): register aliases found in
//! the reading text as whole words, case-insensitively, longest match first
//! ("HUA KUO-FENG" wins over "HUA"), with one Aho-Corasick automaton built
//! once per build.
//!
//! Text and aliases are compared after [`fold`] (in [`crate::base::fold`]): Unicode lowercase, curly
//! apostrophes and quotes as straight ones, dashes as hyphens, whitespace
//! runs as one space. So "Klebanov’s" is a mention of the alias "KLEBANOV"
//! and "HUA  KUO-FENG" split over two lines still matches.
//!
//! Per document, the commentary's front matter can switch aliases off
//! (`ignore_mentions = ["HUA"]`) and say which entry an ambiguous alias
//! means there (`resolve = { KIM = "kim-il-sung" }`); see [`DocOptions`].

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Serialize;

use crate::base::error::{Diagnostic, Diagnostics};
use crate::base::fold::fold_with_map;
use crate::base::text;
use crate::load::commentary::Commentary;
use crate::load::registers::{normalize_alias, Kind, Registers};
use crate::model::EntryId;

/// Registers with up to this many bytes of aliases are matched with a DFA
/// (at most about 75 MB of it); larger ones with the default automaton.
const DFA_MAX_ALIAS_BYTES: usize = 1 << 20;

/// A register entry found in a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub kind: Kind,
    pub id: EntryId,
    /// Reading paragraph number (1-based).
    pub paragraph: usize,
    /// Byte range in the paragraph's text.
    pub start: usize,
    pub end: usize,
}

/// What one folded alias points at.
#[derive(Debug, Clone)]
struct Pattern {
    /// The folded alias.
    alias: String,
    /// The entries claiming it: one, or several for an ambiguous alias.
    targets: Vec<(Kind, EntryId)>,
    /// Declared in `ambiguous_aliases`: a mention only where the document
    /// resolves it.
    ambiguous: bool,
}

/// The alias matcher for all registers, built once per build.
pub(crate) struct MentionMatcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    by_alias: HashMap<String, usize>,
}

/// Per-document settings from the commentary's front matter.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocOptions {
    /// Folded aliases that are not mentions in this document.
    pub ignore: Vec<String>,
    /// Folded ambiguous alias → the entry it means in this document.
    pub resolve: HashMap<String, (Kind, EntryId)>,
}

/// What matching one paragraph found besides mentions.
#[derive(Debug, Clone, Default)]
pub struct Unresolved {
    /// Ambiguous aliases found but not resolved by the front matter:
    /// (paragraph, folded alias).
    pub ambiguous: Vec<(usize, String)>,
}

impl MentionMatcher {
    pub(crate) fn new(registers: &Registers) -> MentionMatcher {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut by_alias: HashMap<String, usize> = HashMap::new();
        for kind in Kind::ALL {
            for e in registers.of(kind) {
                let forms = e.aliases.iter().map(|a| (a, false)).chain(e.ambiguous_aliases.iter().map(|a| (a, true)));
                for (a, ambiguous) in forms {
                    let norm = normalize_alias(a);
                    if norm.is_empty() {
                        continue;
                    }
                    let i = *by_alias.entry(norm.clone()).or_insert_with(|| {
                        patterns.push(Pattern { alias: norm.clone(), targets: Vec::new(), ambiguous: false });
                        patterns.len() - 1
                    });
                    let p = &mut patterns[i];
                    if !p.targets.iter().any(|(k, id)| *k == kind && *id == e.id) {
                        p.targets.push((kind, e.id.clone()));
                    }
                    // Validation makes sure every claimant agrees; if not,
                    // the safe reading is "ambiguous".
                    p.ambiguous |= ambiguous || p.targets.len() > 1;
                }
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            let build = |kind| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(kind)
                    .build(patterns.iter().map(|p| p.alias.as_str()))
                    .ok()
            };
            // A DFA matches about twice as fast as the default NFA but
            // takes about 75 bytes per byte of the aliases (9 MB for a
            // register of 10,000 aliases): used up to DFA_MAX_ALIAS_BYTES.
            let alias_bytes: usize = patterns.iter().map(|p| p.alias.len()).sum();
            (alias_bytes <= DFA_MAX_ALIAS_BYTES)
                .then(|| build(Some(AhoCorasickKind::DFA)))
                .flatten()
                .or_else(|| build(None))
        };
        MentionMatcher { ac, patterns, by_alias }
    }

    /// The entries an alias (as written by an editor) points at, and whether
    /// it is ambiguous; None when no entry has it.
    pub(crate) fn lookup(&self, alias: &str) -> Option<(&[(Kind, EntryId)], bool)> {
        let p = &self.patterns[*self.by_alias.get(&normalize_alias(alias))?];
        Some((&p.targets, p.ambiguous))
    }

    /// Mentions in one paragraph, in reading order: whole words, leftmost
    /// and then longest first among the candidates that are whole words (so
    /// an alias that fails the word test does not hide a shorter one that
    /// passes). Overlaps are resolved within each register; mentions of
    /// different registers may nest (a place inside a topic phrase).
    /// Ignored aliases and unresolved ambiguous ones cover their words but
    /// are not mentions.
    pub(crate) fn find_with(
        &self,
        paragraph: usize,
        text: &str,
        opts: &DocOptions,
        out: &mut Vec<Mention>,
        unresolved: &mut Unresolved,
    ) {
        let Some(ac) = &self.ac else { return };
        let (folded, map) = fold_with_map(text);
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for m in ac.find_overlapping_iter(&folded) {
            let (s, e) = (m.start(), m.end());
            // A match must start and end on boundaries of original chars.
            if (s > 0 && map[s] == map[s - 1]) || (e < folded.len() && map[e] == map[e - 1]) {
                continue;
            }
            let (os, oe) = (map[s], map[e]);
            if text::is_whole_word(text, os, oe) {
                cands.push((os, oe, m.pattern().as_usize()));
            }
        }
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        // Longest first within each register: "HUA KUO-FENG" hides "HUA",
        // but the place "CHINA" inside the topic phrase "ARMS SALES TO
        // CHINA" is still a mention of China.
        let mut last_end = [0usize; Kind::ALL.len()];
        for (os, oe, pi) in cands {
            let p = &self.patterns[pi];
            let k = Kind::ALL.iter().position(|k| *k == p.targets[0].0).unwrap_or(0);
            if os < last_end[k] {
                continue;
            }
            last_end[k] = oe;
            if opts.ignore.contains(&p.alias) {
                continue;
            }
            let target = if p.ambiguous {
                match opts.resolve.get(&p.alias) {
                    Some(t) => t.clone(),
                    None => {
                        unresolved.ambiguous.push((paragraph, p.alias.clone()));
                        continue;
                    }
                }
            } else {
                p.targets[0].clone()
            };
            out.push(Mention { kind: target.0, id: target.1, paragraph, start: os, end: oe });
        }
    }

    /// Reads `ignore_mentions` and `resolve` of a commentary's front matter,
    /// checking them against the registers: an ignored alias no entry has,
    /// a resolved alias that is not ambiguous, or an entry that does not
    /// claim the alias is an error naming the line.
    pub(crate) fn doc_options(&self, c: &Commentary, registers: &Registers, diags: &mut Diagnostics) -> DocOptions {
        let mut opts = DocOptions::default();
        let text = std::fs::read_to_string(&c.path).unwrap_or_default();
        let line_of = |key: &str| crate::load::commentary::find_line(&text, key).unwrap_or(1);
        for a in &c.front.ignore_mentions {
            if self.lookup(a).is_none() {
                diags.push(
                    Diagnostic::error(
                        &c.path,
                        line_of("ignore_mentions"),
                        format!("ignore_mentions names \"{a}\", which is no alias of any register entry"),
                    )
                    .hint("copy the alias exactly as it is in the register's `aliases` (case does not matter)"),
                );
            }
            opts.ignore.push(normalize_alias(a));
        }
        for (alias, target) in &c.front.resolve {
            let line = line_of("resolve");
            let Some((targets, ambiguous)) = self.lookup(alias) else {
                diags.push(
                    Diagnostic::error(
                        &c.path,
                        line,
                        format!("resolve names \"{alias}\", which is no alias of any register entry"),
                    )
                    .hint("resolve is for aliases listed under `ambiguous_aliases` in the registers"),
                );
                continue;
            };
            if !ambiguous {
                let (k, id) = &targets[0];
                diags.push(
                    Diagnostic::error(
                        &c.path,
                        line,
                        format!("\"{alias}\" is not ambiguous: it always means {} `{id}`", k.singular()),
                    )
                    .hint("remove it from resolve"),
                );
                continue;
            }
            // "kim-il-sung" or, when ids repeat across registers, "person:kim-il-sung".
            let (kind, id) = match target.split_once(':') {
                Some((scheme, id)) => (Kind::from_scheme(scheme), id),
                None => (None, target.as_str()),
            };
            let hits: Vec<&(Kind, EntryId)> =
                targets.iter().filter(|(k, i)| i == id && kind.is_none_or(|want| want == *k)).collect();
            let claimants: Vec<String> = targets.iter().map(|(k, i)| format!("\"{}:{i}\"", k.scheme())).collect();
            match hits.as_slice() {
                [one] => {
                    opts.resolve.insert(normalize_alias(alias), (*one).clone());
                }
                [] => {
                    let known = registers.get(kind.unwrap_or(Kind::Person), id).is_some()
                        || Kind::ALL.iter().any(|k| registers.get(*k, id).is_some());
                    let what = if known { "does not claim it" } else { "is no register entry" };
                    diags.push(
                        Diagnostic::error(
                            &c.path,
                            line,
                            format!("resolve: \"{alias}\" = \"{target}\", but `{id}` {what}"),
                        )
                        .hint(format!("the entries with this alias are {}", claimants.join(", "))),
                    );
                }
                _ => diags.push(
                    Diagnostic::error(
                        &c.path,
                        line,
                        format!("resolve: \"{target}\" names entries of several registers"),
                    )
                    .hint(format!("write the register too, one of {}", claimants.join(", "))),
                ),
            }
        }
        opts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::fold::fold;
    use std::path::Path;

    fn regs(text: &str) -> Registers {
        let mut d = Diagnostics::default();
        let mut r = Registers::default();
        r.add_file(Kind::Person, Path::new("persons.toml"), text, &mut d);
        r.validate(&mut d);
        assert!(d.0.iter().all(|d| d.severity != crate::base::error::Severity::Error), "{:?}", d.0);
        r
    }

    fn found(m: &MentionMatcher, text: &str, opts: &DocOptions) -> Vec<(String, String)> {
        let mut out = Vec::new();
        m.find_with(1, text, opts, &mut out, &mut Unresolved::default());
        out.into_iter().map(|x| (x.id.to_string(), text[x.start..x.end].to_string())).collect()
    }

    const HUA: &str = "[[person]]\nid = \"hua-guofeng\"\nname = \"Hua Guofeng\"\naliases = [\"HUA\", \"HUA KUO-FENG\"]\n\n[[person]]\nid = \"klebanov\"\nname = \"Ilya Klebanov\"\naliases = [\"Klebanov\", \"Ilya Klebanov\"]\n";

    #[test]
    fn longest_whole_word_first() {
        let m = MentionMatcher::new(&regs(HUA));
        let o = DocOptions::default();
        assert_eq!(
            found(&m, "HUA KUO-FENG WILL GO; HUA'S GROUP; HUAS; SHUA", &o),
            vec![("hua-guofeng".into(), "HUA KUO-FENG".into()), ("hua-guofeng".into(), "HUA".into())]
        );
        // Whitespace runs and line breaks inside an alias.
        assert_eq!(found(&m, "HUA\n  KUO-FENG", &o).len(), 1);
    }

    #[test]
    fn unicode_case_and_curly_apostrophes() {
        let m = MentionMatcher::new(&regs(HUA));
        let o = DocOptions::default();
        assert_eq!(
            found(&m, "reports of Klebanov’s visit; Deputy Prime Minister Ilya Klebanov has", &o),
            vec![("klebanov".into(), "Klebanov".into()), ("klebanov".into(), "Ilya Klebanov".into())]
        );
        assert_eq!(fold("İlya  “KUO–FENG”"), "i\u{307}lya \"kuo-feng\"");
    }

    #[test]
    fn a_long_candidate_that_is_not_a_word_does_not_hide_a_short_one() {
        let r = regs("[[person]]\nid = \"kim\"\nname = \"Kim\"\naliases = [\"KIM\", \"KIM IL\"]\n");
        let m = MentionMatcher::new(&r);
        assert_eq!(found(&m, "KIM ILSONG", &DocOptions::default()), vec![("kim".into(), "KIM".into())]);
    }

    #[test]
    fn registers_nest_but_do_not_overlap_within() {
        let mut d = Diagnostics::default();
        let mut r = Registers::default();
        r.add_file(
            Kind::Place,
            Path::new("places.toml"),
            "[[place]]\nid = \"china\"\nname = \"China\"\naliases = [\"CHINA\"]\n",
            &mut d,
        );
        r.add_file(
            Kind::Topic,
            Path::new("topics.toml"),
            "[[topic]]\nid = \"arms\"\nname = \"Arms\"\naliases = [\"ARMS SALES TO CHINA\"]\n",
            &mut d,
        );
        r.validate(&mut d);
        let m = MentionMatcher::new(&r);
        assert_eq!(
            found(&m, "ON ARMS SALES TO CHINA.", &DocOptions::default()),
            vec![("arms".into(), "ARMS SALES TO CHINA".into()), ("china".into(), "CHINA".into())]
        );
    }

    #[test]
    fn ignored_alias_covers_its_words() {
        let m = MentionMatcher::new(&regs(HUA));
        let o = DocOptions { ignore: vec![fold("hua kuo-feng")], ..Default::default() };
        assert!(found(&m, "HUA KUO-FENG", &o).is_empty());
        let o = DocOptions { ignore: vec![fold("HUA")], ..Default::default() };
        assert_eq!(found(&m, "HUA KUO-FENG AND HUA", &o).len(), 1);
    }

    #[test]
    fn ambiguous_aliases_need_resolving() {
        let r = regs(
            "[[person]]\nid = \"kim-il-sung\"\nname = \"Kim Il-sung\"\naliases = [\"KIM IL-SONG\"]\nambiguous_aliases = [\"KIM\"]\n\n[[person]]\nid = \"kim-dae-jung\"\nname = \"Kim Dae-jung\"\nambiguous_aliases = [\"KIM\"]\n",
        );
        let m = MentionMatcher::new(&r);
        let mut out = Vec::new();
        let mut un = Unresolved::default();
        m.find_with(3, "KIM SAID; KIM IL-SONG", &DocOptions::default(), &mut out, &mut un);
        assert_eq!(out.len(), 1);
        assert_eq!(un.ambiguous, vec![(3, "kim".to_string())]);
        let mut o = DocOptions::default();
        o.resolve.insert("kim".into(), (Kind::Person, EntryId::any("kim-dae-jung")));
        assert_eq!(found(&m, "KIM SAID", &o), vec![("kim-dae-jung".into(), "KIM".into())]);
    }
}

//! Export, JSON: the compact forms of the document's JSON (`data/<id>.json`)
//! that serde's derive cannot say.
//!
//! Register mentions are grouped by entry: `{"kind", "id", "at": [[paragraph,
//! start, end], ...]}`, the entries in order of their first mention, each
//! entry's mentions in reading order. A document names the same few entries
//! again and again; one object per mention repeated kind and id each time
//! and was a fifth of the file (issue 22's budget).

use serde::ser::{SerializeMap, SerializeSeq};
use serde::Serializer;

use crate::annotate::mentions::Mention;

/// Serializes `mentions` grouped by entry (see the module).
pub(crate) fn mentions<S: Serializer>(mentions: &&[Mention], s: S) -> Result<S::Ok, S::Error> {
    let groups = group(mentions);
    let mut seq = s.serialize_seq(Some(groups.len()))?;
    for g in &groups {
        seq.serialize_element(&Group(g))?;
    }
    seq.end()
}

/// The mentions of each entry, entries in order of first mention.
fn group(mentions: &[Mention]) -> Vec<Vec<&Mention>> {
    let mut at: std::collections::HashMap<(crate::load::registers::Kind, &str), usize> = Default::default();
    let mut groups: Vec<Vec<&Mention>> = Vec::new();
    for m in mentions {
        let i = *at.entry((m.kind, m.id.as_str())).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(m);
    }
    for g in &mut groups {
        g.sort_by_key(|m| (m.paragraph, m.start, m.end));
    }
    groups
}

struct Group<'a>(&'a [&'a Mention]);

impl serde::Serialize for Group<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let first = self.0[0];
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("kind", &first.kind)?;
        m.serialize_entry("id", &first.id)?;
        let at: Vec<[usize; 3]> = self.0.iter().map(|x| [x.paragraph, x.start, x.end]).collect();
        m.serialize_entry("at", &at)?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::registers::Kind;

    fn m(kind: Kind, id: &str, paragraph: usize, start: usize) -> Mention {
        Mention { kind, id: crate::model::EntryId::any(id), paragraph, start, end: start + 3 }
    }

    #[test]
    fn mentions_are_grouped_by_entry_in_order_of_first_mention() {
        let list = vec![
            m(Kind::Place, "moscow", 1, 10),
            m(Kind::Person, "kapitsa", 1, 20),
            m(Kind::Place, "moscow", 2, 5),
            m(Kind::Topic, "moscow", 2, 9),
        ];
        let mut out = Vec::new();
        mentions(&list.as_slice(), &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"[{"kind":"place","id":"moscow","at":[[1,10,13],[2,5,8]]},{"kind":"person","id":"kapitsa","at":[[1,20,23]]},{"kind":"topic","id":"moscow","at":[[2,9,12]]}]"#
        );
    }
}

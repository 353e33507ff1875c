//! Handling caveats: the distribution and dissemination controls typed on a
//! telegram beside its classification (EXDIS, NODIS, LIMDIS, STADIS,
//! NOFORN, CHEROKEE, …), found in banners, caption lines and the PlusD
//! "Handling Restrictions" attributes, each with what it meant.

use serde::Serialize;

/// The caveats Folio knows: (code, the forms typed, what it meant).
const CAVEATS: &[(&str, &[&str], &str)] = &[
    (
        "NODIS",
        &["NODIS"],
        "no distribution: only the addressee sees it; further distribution needs the originator's approval",
    ),
    ("EXDIS", &["EXDIS"], "exclusive distribution: only officers with an essential need to know"),
    ("LIMDIS", &["LIMDIS"], "limited distribution within the Department and the post"),
    ("STADIS", &["STADIS"], "State distribution only: not to be shown outside the Department of State"),
    ("NOFORN", &["NOFORN"], "not releasable to foreign nationals"),
    ("CHEROKEE", &["CHEROKEE"], "a NODIS channel reserved for the Secretary of State's most sensitive messages"),
    ("EYES ONLY", &["EYES ONLY", "EYES'ONLY"], "to be read by the named addressee only"),
    ("ORCON", &["ORCON"], "originator controlled: further dissemination only with the originator's permission"),
    ("WNINTEL", &["WNINTEL"], "warning notice: intelligence sources and methods involved"),
    ("NOCONTRACT", &["NOCONTRACT"], "not releasable to contractors"),
];

/// One caveat of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caveat {
    pub code: &'static str,
    pub meaning: &'static str,
}

/// What a caveat meant, by its code.
pub fn meaning(code: &str) -> Option<&'static str> {
    CAVEATS.iter().find(|(c, _, _)| *c == code).map(|(_, _, m)| *m)
}

/// The caveats named in one piece of text (a caption, a banner, an
/// attribute value), in the order of the table. Only whole words count
/// ("STADIS//////////" names STADIS; "EXDISTRIBUTION" names nothing).
pub fn find(text: &str) -> Vec<Caveat> {
    let upper = text.to_ascii_uppercase();
    let words: Vec<&str> =
        upper.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()).collect();
    let joined = format!(" {} ", words.join(" "));
    CAVEATS
        .iter()
        .filter(|(_, forms, _)| forms.iter().any(|f| joined.contains(&format!(" {f} "))))
        .map(|(code, _, meaning)| Caveat { code, meaning })
        .collect()
}

/// The caveats of several texts, without repeats, in first-seen order.
pub fn collect<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<Caveat> {
    let mut out: Vec<Caveat> = Vec::new();
    for t in texts {
        for c in find(t) {
            if !out.iter().any(|o| o.code == c.code) {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(t: &str) -> Vec<&'static str> {
        find(t).into_iter().map(|c| c.code).collect()
    }

    #[test]
    fn captions_and_banners() {
        assert_eq!(codes("EXDIS"), vec!["EXDIS"]);
        assert_eq!(codes("STADIS//////////"), vec!["STADIS"]);
        assert_eq!(codes("EXDIS/FOR AMBASSADOR FROM ATHERTON"), vec!["EXDIS"]);
        assert_eq!(codes("NODIS CHEROKEE"), vec!["NODIS", "CHEROKEE"]);
        assert_eq!(codes("S E C R E T SENSITIVE EYES'ONLY"), vec!["EYES ONLY"]);
        assert_eq!(codes("SECRET NOFORN"), vec!["NOFORN"]);
        assert_eq!(codes("Handling Restrictions: n/a"), Vec::<&str>::new());
        assert_eq!(codes("EXDISTRIBUTION LIMDISH"), Vec::<&str>::new());
        assert_eq!(codes("limdis"), vec!["LIMDIS"]);
    }

    #[test]
    fn collected_once() {
        let c = collect(["EXDIS", "EXDIS", "NOFORN"]);
        assert_eq!(c.iter().map(|c| c.code).collect::<Vec<_>>(), vec!["EXDIS", "NOFORN"]);
        assert!(meaning("NODIS").is_some());
        assert!(meaning("XYZ").is_none());
    }
}

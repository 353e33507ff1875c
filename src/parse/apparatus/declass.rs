//! Declassification data: the E.O. line of a telegram, the review stamps
//! printed on released copies, and the review attributes of the PlusD
//! record, read into structured data (never completed by guess: what is
//! not typed stays empty).

use std::sync::LazyLock;

use regex::Regex;

use crate::base::pattern::re;
use serde::Serialize;

/// The E.O. line: "E.O. 12065: RDS-4 6/5/99 (GERLACH, FREDERICK H.) OR-M".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExecutiveOrder {
    /// As typed.
    pub typed: String,
    /// The order's number: `11652`, `12065`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// The schedule as typed: `GDS`, `XGDS`, `RDS`, `N/A`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// The number after the schedule: `1` of `XGDS-1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The date of the line as typed (`12/26/84`) and read (`1984-12-26`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_iso: Option<String>,
    /// The classifying official, in parentheses on the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub official: Option<String>,
    /// What follows the official (`OR-M`), kept as typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

static EO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)^
        (?:E\.?\s*O\.?\s*)?
        (?P<order>\d{4,5})?\s*:?\s*
        (?:(?P<sched>N/A|NA|[A-Z]{2,5})(?:\s?-\s?(?P<cat>\d)(?:\s+|$))?)?
        [\s:-]*
        (?P<date>[0-9OIl]{1,2}/[0-9OIl]{1,2}/[0-9OIl]{2,4})?\s*
        (?:\((?P<who>[^)]*)\))?\s*
        (?P<rest>.*?)\s*$")
});

/// Reads an E.O. line (with or without its "E.O." label).
pub fn executive_order(typed: &str) -> ExecutiveOrder {
    let t = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut eo = ExecutiveOrder { typed: t.clone(), ..Default::default() };
    let Some(c) = EO.captures(&t) else { return eo };
    let get = |n: &str| c.name(n).map(|m| m.as_str().trim().to_string()).filter(|s| !s.is_empty());
    eo.order = get("order");
    eo.schedule = get("sched").map(|s| if s == "NA" { "N/A".into() } else { s });
    eo.category = get("cat");
    eo.date = get("date");
    eo.date_iso = eo.date.as_deref().and_then(us_date);
    eo.official = get("who");
    eo.office = get("rest");
    eo
}

/// A US date "12/26/84", "6/5/99", "3/1/1985" as ISO 8601; `None` when a
/// digit is garbled ("11/I7/85") or the date does not exist.
pub fn us_date(s: &str) -> Option<String> {
    let mut it = s.split('/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    let y: u32 = match y.len() {
        2 => 1900 + y.parse::<u32>().ok()?,
        4 => y.parse().ok()?,
        _ => return None,
    };
    iso(y, m, d)
}

fn iso(y: u32, m: u32, d: u32) -> Option<String> {
    let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&m).then_some(())?;
    (d >= 1 && d <= days[m as usize - 1]).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn month(s: &str) -> Option<u32> {
    let m = s.get(..3)?.to_ascii_uppercase();
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        .iter()
        .position(|x| *x == m)
        .map(|i| i as u32 + 1)
}

/// "20 Mar 2014", "07 mar 2005" as ISO 8601.
pub fn day_month_year(s: &str) -> Option<String> {
    let mut it = s.split_whitespace();
    let (d, m, y) = (it.next()?.parse().ok()?, month(it.next()?)?, it.next()?.parse().ok()?);
    iso(y, m, d)
}

/// A review or release stamp, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stamp {
    /// As printed.
    pub typed: String,
    /// The reviewer named on the stamp.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// The decision as printed: "Declassified/Released", "Approved For
    /// Release", "No Objection to Declassification in Part".
    pub action: String,
    /// The agency named or identified by the stamp's document id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// The kind of review: "EO Systematic Review".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
    /// ISO 8601.
    pub date: String,
    /// The document id printed on the stamp (CIA CREST).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Released in part only ("... in Part").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

static STATE_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?P<who>(?-i:(?:[A-Z][a-z]+|[A-Z]\.?)(?:\s+(?:[A-Z][a-z]+|[A-Z]\.?)){1,3}))\s+(?P<action>Declassified\s*/?\s*Released)\s+(?P<agency>US\s+Department\s+of\s+State)\s+(?P<review>(?:EO\s+)?[A-Za-z]+\s+Review)\s+(?P<date>\d{1,2}\s+[A-Za-z]{3}\s+\d{4})",
    )
});

static RELEASE_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?P<action>Approved\s+For\s+Release|No\s+Objection\s+to\s+Declassification\s+in\s+(?P<scope>Full|Part))\s*(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})\s*:?\s*(?P<id>[A-Z][A-Z0-9-]{5,})?",
    )
});

/// The stamps in one line of text (a line may carry the same stamp twice).
pub fn stamps(line: &str) -> Vec<Stamp> {
    let mut out = Vec::new();
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for c in STATE_STAMP.captures_iter(line) {
        let (Some(all), Some(date)) = (c.get(0), c.name("date").and_then(|d| day_month_year(d.as_str()))) else {
            continue;
        };
        out.push(Stamp {
            typed: norm(all.as_str()),
            reviewer: c.name("who").map(|m| norm(m.as_str())),
            action: "Declassified/Released".into(),
            agency: Some("US Department of State".into()),
            review: c.name("review").map(|m| norm(m.as_str())),
            date,
            document: None,
            partial: false,
        });
    }
    for c in RELEASE_STAMP.captures_iter(line) {
        let Some(all) = c.get(0) else { continue };
        let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let (Some(y), Some(m), Some(d)) = (num("y"), num("m"), num("d")) else { continue };
        let Some(date) = iso(y, m, d) else { continue };
        let document = c.name("id").map(|m| m.as_str().to_string());
        out.push(Stamp {
            typed: norm(all.as_str()),
            reviewer: None,
            action: norm(c.name("action").map_or("", |m| m.as_str())),
            agency: document.as_deref().filter(|d| d.starts_with("CIA-")).map(|_| "CIA".to_string()),
            review: None,
            date,
            document,
            partial: c.name("scope").is_some_and(|s| s.as_str().eq_ignore_ascii_case("part")),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eo_lines() {
        let e = executive_order("E.O. 11652: XGDS-1");
        assert_eq!(
            (e.order.as_deref(), e.schedule.as_deref(), e.category.as_deref()),
            (Some("11652"), Some("XGDS"), Some("1"))
        );
        let e = executive_order("E.O. 12065: GDS 12/08/78 (GARRISON, MARK) OR-M");
        assert_eq!(e.order.as_deref(), Some("12065"));
        assert_eq!(e.schedule.as_deref(), Some("GDS"));
        assert_eq!(e.date_iso.as_deref(), Some("1978-12-08"));
        assert_eq!(e.official.as_deref(), Some("GARRISON, MARK"));
        assert_eq!(e.office.as_deref(), Some("OR-M"));
        let e = executive_order("12065: RDS-4 6/5/99 (GERLACH, FREDERICK H.) OR-M");
        assert_eq!(
            (e.schedule.as_deref(), e.category.as_deref(), e.date_iso.as_deref()),
            (Some("RDS"), Some("4"), Some("1999-06-05"))
        );
        let e = executive_order("E.O. 12065:GDS 5/16/85 (HELMAN, G.B.)");
        assert_eq!(
            (e.schedule.as_deref(), e.date_iso.as_deref(), e.official.as_deref()),
            (Some("GDS"), Some("1985-05-16"), Some("HELMAN, G.B."))
        );
        let e = executive_order("E.O. 12065 GDS - 11/I7/85 (GROVE, BRANDON)");
        assert_eq!(
            (e.date.as_deref(), e.date_iso),
            (Some("11/I7/85"), None),
            "a garbled date is kept as typed, not read"
        );
        let e = executive_order("E.O.11652: N/A");
        assert_eq!(e.schedule.as_deref(), Some("N/A"));
        let e = executive_order("E. O. GDS");
        assert_eq!((e.order, e.schedule.as_deref()), (None, Some("GDS")));
        let e = executive_order("11652:GDS");
        assert_eq!((e.order.as_deref(), e.schedule.as_deref()), (Some("11652"), Some("GDS")));
    }

    #[test]
    fn state_stamps() {
        let s =
            stamps("Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].reviewer.as_deref(), Some("Sheryl P. Walter"));
        assert_eq!(s[0].date, "2014-03-20");
        assert_eq!(s[0].review.as_deref(), Some("EO Systematic Review"));
        let s =
            stamps("Margaret P. Grafeld Declassified/Released US Department of State EO Systematic Review 04 MAY 2006");
        assert_eq!((s[0].reviewer.as_deref(), s[0].date.as_str()), (Some("Margaret P. Grafeld"), "2006-05-04"));
        let s = stamps("ONE OF THE TWO Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014 WESTERN");
        assert_eq!(s[0].reviewer.as_deref(), Some("Sheryl P. Walter"));
    }

    #[test]
    fn release_stamps() {
        let s = stamps("Approved For Release 2008/06/05 : CIA-RDP80B01554R003400120005-7");
        assert_eq!(
            (s[0].action.as_str(), s[0].date.as_str(), s[0].agency.as_deref()),
            ("Approved For Release", "2008-06-05", Some("CIA"))
        );
        assert_eq!(s[0].document.as_deref(), Some("CIA-RDP80B01554R003400120005-7"));
        let s = stamps("No Objection to Declassification in Part 2010/12/08: LOC-HAK-260-2-34-3");
        assert!(s[0].partial);
        assert_eq!((s[0].date.as_str(), s[0].agency.as_deref()), ("2010-12-08", None), "no agency named: none guessed");
        assert!(stamps("Approved For Release 2006/04/1 MM 748000300080009-0").is_empty(), "garbled: not read");
        assert!(stamps("THE APPROVED RELEASE").is_empty());
    }

    #[test]
    fn dates() {
        assert_eq!(day_month_year("07 mar 2005").as_deref(), Some("2005-03-07"));
        assert_eq!(day_month_year("31 FEB 2005"), None);
        assert_eq!(us_date("2/29/80").as_deref(), Some("1980-02-29"));
        assert_eq!(us_date("2/29/81"), None);
    }
}

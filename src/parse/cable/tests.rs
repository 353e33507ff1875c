//! Unit tests of the line recognisers.

use super::attributes::*;
use super::fields::*;
use super::furniture::*;
use super::references::*;
use crate::base::text::collapse_ws;
#[allow(unused_imports)]
use crate::model::{Attribute, Reference};

#[test]
fn banners_in_every_form() {
    assert_eq!(banner("CONFIDENTIAL").unwrap().0, "CONFIDENTIAL");
    assert_eq!(banner("C O N F I D E N T I A L").unwrap().0, "CONFIDENTIAL");
    assert_eq!(banner("SECRET NODIS").unwrap(), ("SECRET", vec!["NODIS".to_string()]));
    assert_eq!(banner("LIMITED OFFICIAL USE").unwrap().0, "LIMITED OFFICIAL USE");
    assert!(banner("CONFIDENTIAL SECTION 01 OF 03 MOSCOW 08357").is_none());
    assert!(banner("SECRETARY VANCE").is_none());
    assert!(banner("SECRET SERVICE").is_none());
}

#[test]
fn classification_lines() {
    let c = class_line("C O N F I D E N T I A L SECTION 01 OF 02 MOSCOW 30030").unwrap();
    assert_eq!(
        (c.class, c.section, c.post.as_str(), c.number.as_str()),
        ("CONFIDENTIAL", Some((1, 2)), "MOSCOW", "30030")
    );
    assert!(c.letter_spaced);
    let c = class_line("UNCLAS STATE 011518").unwrap();
    assert_eq!((c.class, c.post.as_str()), ("UNCLASSIFIED", "STATE"));
    let c = class_line("LIMITED OFFICIAL USE STATE 004082").unwrap();
    assert_eq!(c.class, "LIMITED OFFICIAL USE");
    let c = class_line("S E C R E T STATE 123456 NODIS").unwrap();
    assert_eq!(c.caveats, vec!["NODIS"]);
    let c = class_line("UNCLAS E F T O SECTION 02 OF 03 GENEVA 1234").unwrap();
    assert_eq!((c.caveats.clone(), c.section), (vec!["EFTO".to_string()], Some((2, 3))));
    assert!(class_line("CONFIDENTIAL").is_none());
    let c = class_line("L I M I T E D O F F I C I A L U S E SECTION 01 OF 02 WARSAW 01877").unwrap();
    assert_eq!((c.class, c.post.as_str()), ("LIMITED OFFICIAL USE", "WARSAW"));
    assert_eq!(banner("L I M I T E D O F F I C I A L U S E").unwrap().0, "LIMITED OFFICIAL USE");
    assert!(class_line("SECRETARY KISSINGER WILL ARRIVE AT 1800").is_none());
}

#[test]
fn page_headers() {
    let h = page_header("PAGE 02 MOSCOW 08357 01 OF 03 210028Z ACTION EUR-12").unwrap();
    assert_eq!((h.page, h.section), (2, Some((1, 3))));
    assert_eq!(h.post, Some(("MOSCOW".into(), "08357".into())));
    assert!(page_header("PAGE 02").unwrap().short);
    let h = page_header("PAGE 01 USUN N 03077 060232Z").unwrap();
    assert_eq!(h.post, Some(("USUN N".into(), "03077".into())));
    assert!(page_header("PAGE 01 STATE 004082").is_some());
    assert!(page_header("PAGE 01 TEHRAN 02381 01 OF 02 131308 Z").is_some());
    assert!(page_header("PAGES OF THE REPORT").is_none());
}

#[test]
fn dtg_reads_as_iso() {
    let d = dtg("O P 131150 Z APR 73").unwrap();
    assert_eq!((d.precedence.as_deref(), d.dtg.as_str()), (Some("O P"), "131150Z APR 73"));
    assert_eq!(d.iso.as_deref(), Some("1973-04-13T11:50Z"));
    assert_eq!(dtg_iso("20", "13", "17", "APR", "78").as_deref(), Some("1978-04-20T13:17Z"));
}

#[test]
fn addressees() {
    assert_eq!(split_addressees("AMEMBASSY TOKYO USMISSION USBERLIN"), vec!["AMEMBASSY TOKYO", "USMISSION USBERLIN"]);
    assert_eq!(strip_precedence("SECSTATE WASHDC PRIORITY 0048"), "SECSTATE WASHDC");
    assert_eq!(split_addressees("SECSTATE WASHDC IMMEIDATE 6806"), vec!["SECSTATE WASHDC"]);
    assert_eq!(split_addressees("RUMJHTOAMEMBASSY KATHMANDU PRIORITY 124"), vec!["AMEMBASSY KATHMANDU"]);
    assert_eq!(split_addressees("TJUQVGM/ AMEMBASSY ISLAMABAD PRIORITY 1512"), vec!["AMEMBASSY ISLAMABAD"]);
    assert_eq!(split_addressees("AMEMBASSY BANJUL BY POUCH"), vec!["AMEMBASSY BANJUL"]);
    assert_eq!(split_addressees("ALL OECD CAPITALS"), vec!["ALL OECD CAPITALS"]);
    assert_eq!(split_addressees("USMISSION USUN NEW YORK"), vec!["USMISSION USUN NEW YORK"]);
    assert_eq!(split_addressees("RUEHCSTATE WASHDC PRIORITY 2255"), vec!["SECSTATE WASHDC"]);
    assert_eq!(split_addressees("AMEMBASSY BANAMEMBASSY BANGKOK"), vec!["AMEMBASSY BANGKOK"]);
    assert_eq!(split_addressees("DOD FOR DIA"), vec!["DOD FOR DIA"]);
    assert_eq!(split_addressees("CINC USAFE RAMSTEIN PRIORITY"), vec!["CINC USAFE RAMSTEIN"]);
    assert_eq!(split_addressees("RUFHBS/AMEMBASSY BRUSSELS 6595"), vec!["AMEMBASSY BRUSSELS"]);
    assert!(split_addressees("S").is_empty(), "an addressee cut by the excerpt");
}

#[test]
fn tags_with_names() {
    assert_eq!(parse_tags("OVIP (SADAT, ANWAR)"), vec!["OVIP (SADAT, ANWAR)"]);
    assert_eq!(parse_tags("PFOR, XM, US, CI"), vec!["PFOR", "XM", "US", "CI"]);
    assert_eq!(parse_tags("OVIP (VANCE, CYRUS) IS, SY"), vec!["OVIP (VANCE, CYRUS)", "IS", "SY"]);
    assert_eq!(parse_tags("OVIP (KISSINGER, HENRY A.), OGEN"), vec!["OVIP (KISSINGER, HENRY A.)", "OGEN"]);
    assert_eq!(
        parse_tags("OREP, VS (MOOSE, RICHARD; MEISSNER, CHARLES)"),
        vec!["OREP", "VS (MOOSE, RICHARD; MEISSNER, CHARLES)"]
    );
    assert_eq!(parse_tags("PFOR, CY, (ESENBEL, MELIH)"), vec!["PFOR", "CY", "ESENBEL, MELIH"]);
    assert_eq!(parse_tags("PGOV PINT ELAB EGEN UK"), vec!["PGOV", "PINT", "ELAB", "EGEN", "UK"]);
    assert_eq!(parse_tags("ACOM, US , UR"), vec!["ACOM", "US", "UR"]);
    assert_eq!(parse_tags("PFOR, US AND UR"), vec!["PFOR", "US", "UR"]);
}

#[test]
fn markings() {
    let t = "1. (C-ENTIRE TEXT) WE HAVE RECEIVED";
    let (r, m) = marking(t).unwrap();
    assert_eq!(m, "C-ENTIRE TEXT");
    assert_eq!(collapse_ws(&format!("{}{}", &t[..r.start], &t[r.end..])), "1. WE HAVE RECEIVED");
    assert_eq!(marking("1. C - ENTIRE TEXT.").unwrap().1, "C - ENTIRE TEXT");
    assert_eq!(marking("2. (U) THE MEETING").unwrap().1, "U");
    assert_eq!(marking("(U) SUMMARY: X").unwrap().1, "U");
    assert!(marking("(C) JAPANESE SIDE WOULD LIKE").is_none(), "a list letter, not a marking");
    assert!(marking("2. CHINESE FOREIGN POLICY").is_none());
    assert!(marking("3. (CONFIDENTIAL -- USUN'S 3069)").is_none());
    assert_eq!(strip_subject_marking("(U) SOVIET VIEWS"), "SOVIET VIEWS");
}

#[test]
fn references() {
    let r = parse_references("(A) 78 STATE 287307 (B) 78 BONN 07942 (C) 78 BONN 22504 (D) STATE 038560", Some(1979));
    let got: Vec<(Option<&str>, Option<&str>)> =
        r.iter().map(|r| (r.label.as_deref(), r.document.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            (Some("A"), Some("1978STATE287307")),
            (Some("B"), Some("1978BONN07942")),
            (Some("C"), Some("1978BONN22504")),
            (Some("D"), Some("1979STATE038560"))
        ]
    );
    let r = parse_references("STATE 207894", Some(1973));
    assert_eq!(r[0].document.as_deref(), Some("1973STATE207894"));
    let r = parse_references("A. STATE 36519 B. CAPE TOWN 195 NOTAL", Some(1975));
    assert_eq!(r[1].document.as_deref(), Some("1975CAPET00195"));
    let r = parse_references("STATE 216511, 216512", Some(1973));
    assert_eq!(r[0].documents, vec!["1973STATE216511", "1973STATE216512"]);
    let r = parse_references("5 FAM 900", Some(1974));
    assert_eq!(r[0].document, None);
    let r = parse_references("USUN 3077", Some(1973));
    assert_eq!(r[0].document.as_deref(), Some("1973USUNN03077"));
    let r = parse_references("(A) BRUSSELS 6879; (B) EC BRUSSELS 3214;", Some(1977));
    assert_eq!(r[1].document.as_deref(), Some("1977ECBRU03214"));
    let r = parse_references("(A) USNATO 6043 DTG 061720Z NOV 75 (B) USBER 1353", Some(1975));
    assert_eq!(r[0].document.as_deref(), Some("1975NATO06043"));
    assert_eq!(r[1].document.as_deref(), Some("1975USBERL01353"));
    // One rule with the running text (parse::apparatus::number): the
    // Department's own telegrams, and no number too long for its post.
    let r = parse_references("A. DEPTEL 4567 B. SECSTATE 98001", Some(1978));
    assert_eq!(r[0].document.as_deref(), Some("1978STATE004567"));
    assert_eq!(r[1].document.as_deref(), Some("1978STATE098001"));
    let r = parse_references("BONN 123456", Some(1978));
    assert_eq!(r[0].document, None, "six digits are too many for a post");
}

#[test]
fn attributes_several_to_a_line() {
    let a = parse_attributes("Automatic Decaptioning: X Capture Date: 01 jan 1994 Channel Indicators: n/a **Review Media Identifier:** Review Release Date: n/a");
    let pairs: Vec<(&str, &str)> = a.iter().map(|a| (a.key.as_str(), a.value.as_str())).collect();
    assert_eq!(
        pairs,
        vec![
            ("Automatic Decaptioning", "X"),
            ("Capture Date", "01 jan 1994"),
            ("Channel Indicators", "n/a"),
            ("Review Media Identifier", ""),
            ("Review Release Date", "n/a"),
        ]
    );
}

#[test]
fn control_lines() {
    assert!(is_control("-----114256 210725Z /11"));
    assert!(is_control("--------------------- 096845"));
    assert!(is_control("------------------112327Z 001828 /75-62"));
    assert!(is_control("-----121579 210741Z/20"));
    assert!(!is_control("--- POINTS OUT THE ADVANTAGES OF AUGMENTED NUCLEAR"));
}

#[test]
fn stamps() {
    assert!(STAMP
        .is_match("Margaret P. Grafeld Declassified/Released US Department of State EO Systematic Review 04 MAY 2006"));
    let m = STAMP.find("ONE OF THE TWO Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014 WESTERN").unwrap();
    assert!(m.as_str().starts_with("Sheryl"));
}

#[test]
fn double_spacing_is_judged_on_the_header() {
    let body = ["1. TEXT OF THE FIRST PARAGRAPH", "GOES ON HERE", "AND HERE."].repeat(20);
    let mut spaced =
        vec!["CONFIDENTIAL", "", "PAGE 01 MOSCOW 08357", "", "FM AMEMBASSY MOSCOW", "", "TO SECSTATE WASHDC", ""];
    spaced.push("SUBJECT: TALKS");
    spaced.extend(body.iter().copied());
    assert!(header_double_spaced(&spaced), "a double-spaced header over a single-spaced body");
    let single = [
        "CONFIDENTIAL",
        "PAGE 01 MOSCOW 08357",
        "FM AMEMBASSY MOSCOW",
        "TO SECSTATE WASHDC",
        "",
        "E.O. 11652: GDS",
        "TAGS: PFOR",
        "SUBJECT: TALKS",
    ];
    assert!(!header_double_spaced(&single));
    // SUBJECT on the third line: too little header, the whole file decides.
    let short = ["CONFIDENTIAL", "", "SUBJECT: TALKS", "", "1. TEXT", "", "2. MORE", "", "3. END.", ""];
    assert!(header_double_spaced(&short));
}

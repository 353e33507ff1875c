//! Golden tests of the second set of real telegram excerpts
//! (tests/fixtures/telegrams-2/, 43 files; SOURCES.md there lists where each
//! comes from and the layout features it shows).
//!
//! Each was labelled by reading it: the header fields a reader would write
//! down (classification, from, to, DTG, TAGS, subject, document number),
//! the references, captions and caveats where the layout makes them hard, and
//! the parse warnings that are true of it. A snapshot of the whole parse (line
//! kinds, metadata, warnings, reading text) was reviewed by eye; the
//! invariants (nothing lost; no banner, page header or stamp in the reading
//! text) are checked for every file.

mod golden;
mod invariants;

use folio::model::{Document, WarningKind};
use golden::{check_header, fixture, refs, render, text, Header};

macro_rules! real {
    ($name:ident, $file:expr, $format:expr, $header:expr, |$doc:ident| $extra:block) => {
        #[test]
        fn $name() {
            let ($doc, _) = fixture(concat!("telegrams-2/", $file));
            assert_eq!($doc.format, $format, "format");
            check_header(&$doc, $header);
            insta::assert_snapshot!(stringify!($name), render(&$doc));
            $extra
        }
    };
}

fn warned(d: &Document, kind: WarningKind) -> bool {
    d.warnings.iter().any(|w| w.kind == kind)
}

/// Header-like text that must never be in a reading text.
fn no_furniture(d: &Document) {
    let t = text(d);
    for bad in ["E.O. 1", "TAGS:", "SUBJECT:", "SUBJ:", "REF:", "REFS:", "PAGE 0", "Declassified/Released", "NNN"] {
        assert!(!t.contains(bad), "{}: {bad:?} in the reading text:\n{t}", d.id);
    }
}

real!(
    bonn_13998,
    "1973BONN13998.txt",
    "cable",
    Header {
        classification: Some("LIMITED OFFICIAL USE"),
        from: Some("AMEMBASSY BONN"),
        to: &["SECSTATE WASHDC", "SECDEF WASHDC", "USMISSION USUN NEW YORK"],
        dtg: Some("271351Z SEP 73"),
        tags: &["NATO", "MARR", "PFOR", "MCAP", "MILI", "GW"],
        subject: Some("U.S. TROOPS IN EUROPE: INITIAL FRG REACTION ON SENATE VOTES"),
        document_number: Some("1973BONN13998"),
    },
    |d| {
        assert_eq!(refs(&d), vec![(Some("A"), Some("1973STATE192041")), (Some("B"), Some("1973STATE192132"))]);
        assert_eq!(d.metadata.info.len(), 15);
        assert!(text(&d).contains("CONVEYED TO FRG OFFICIALS."));
        assert!(text(&d).contains("WILL UNDERSCORE CONFIDENCE"));
        no_furniture(&d);
    }
);

real!(
    bonn_16970,
    "1973BONN16970.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY BONN"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("261632Z NOV 73"),
        tags: &["PFOR", "EEC", "GW"],
        subject: Some("EC POLITICAL CONSULTATIONS: GERMAN IDEA ON EVE OF ASSUMING EC PRESIDENCY"),
        document_number: Some("1973BONN16970"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["NOFORN"]);
        assert_eq!(d.metadata.captions, vec!["NOFORN", "VIENNA FOR MBFR DEL: GENEVA FOR CSCE DEL"]);
        assert_eq!(refs(&d), vec![(None, Some("1973BONN16867"))]);
        assert_eq!(d.metadata.info.len(), 12);
        let t = text(&d);
        assert!(t.contains("ESTABLISHMENT \"OF POLITICAL SECRETARIAT\" AT COPENHAGEN"), "{t}");
        assert!(
            t.contains("PRAGMATISMRATHER THAN INSTITUTION BUILDING SYMBOLIZING"),
            "typed run-together kept; split word joined"
        );
        no_furniture(&d);
    }
);

real!(
    state_198526,
    "1973STATE198526.txt",
    "cable",
    Header {
        classification: Some("LIMITED OFFICIAL USE"),
        from: Some("SECSTATE WASHDC"),
        to: &[
            "AMEMBASSY ADDIS ABABA",
            "AMEMBASSY DAR ES SALAAM",
            "AMEMBASSY KINSHASA",
            "AMEMBASSY LAGOS",
            "AMEMBASSY MONROVIA",
            "AMEMBASSY RABAT",
        ],
        dtg: Some("051703Z OCT 73"),
        tags: &["OVIP (RUSH, KENNETH)", "AF"],
        subject: Some("DEPSEC VISIT: S/S REQUIREMENTS."),
        document_number: Some("1973STATE198526"),
    },
    |d| {
        assert_eq!(d.metadata.info, vec!["AMEMBASSY OUAGADOUGOU"]);
        assert!(d.paragraphs[0].text.starts_with("1. COMMUNICATIONS ARRANGEMENTS."));
        assert!(text(&d).contains("ALERT S/S ON IMPORTANT MESSAGES"));
        no_furniture(&d);
    }
);

real!(
    state_237171,
    "1973STATE237171.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("SECSTATE WASHDC"),
        to: &["AMEMBASSY PARIS"],
        dtg: Some("131923Z DEC 73"),
        tags: &["OVIP (KISSINGER, HENRY A.)"],
        subject: Some("COMMUNICATIONS FOR SECRETARY'S VISIT: SPECIAL SUMMARIES AND SPECIAL CAPTIONS"),
        document_number: Some("1973STATE237171"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["EXDIS"]);
        assert_eq!(d.metadata.references[0].documents, vec!["1973STATE216511", "1973STATE216512"]);
        let t = text(&d);
        assert!(t.starts_with("FOLLOWING SENT ACTION NATO"), "{t}");
        assert!(t.contains("REPEATED YOU: QUOTE"), "{t}");
        assert!(t.contains("IN MAKING DISTRIBUTION. S/S TEAM"), "{t}");
        no_furniture(&d);
    }
);

real!(
    buenos_05565,
    "1974BUENOS05565.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY BUENOS AIRES"),
        to: &["SECSTATE WASH DC"],
        dtg: Some("272030Z JUL 74"),
        tags: &[],
        subject: None,
        document_number: Some("1974BUENOS05565"),
    },
    |d| {
        assert_eq!(d.metadata.info, vec!["SECDEF", "DOD FOR DIA", "USCINCSO"]);
        assert_eq!(d.metadata.caveats, vec!["EXDIS"]);
        assert!(d.paragraphs[0].text.starts_with("SUMMARY: DCM WAS TOLD"));
        assert!(d.paragraphs[0].text.ends_with("END SUMMARY."));
        assert!(warned(&d, WarningKind::NoSubject), "{:?}", d.warnings);
        no_furniture(&d);
    }
);

real!(
    peking_00544,
    "1974PEKING00544.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("USLO PEKING"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("310100Z MAR 74"),
        tags: &["PFOR", "OGEN", "CH"],
        subject: Some("FY 1975 PARA SECTION II FOR PEOPLE'S REPUBLIC OF CHINA"),
        document_number: Some("1974PEKING00544"),
    },
    |d| {
        assert_eq!(refs(&d), vec![(None, Some("1974PEKING00532"))]);
        assert_eq!(d.metadata.sections, Some(4));
        assert!(text(&d).contains("THE NIXON DOCTRINE IN ASIA."));
        no_furniture(&d);
    }
);

real!(
    state_150591,
    "1974STATE150591.txt",
    "cable",
    Header {
        classification: Some("UNCLASSIFIED"),
        from: Some("SECSTATE WASHDC"),
        to: &["ALL DIPLOMATIC AND CONSULAR POSTS", "AMEMBASSY NOUAKCHOTT"],
        dtg: Some("121302Z JUL 74"),
        tags: &["ACOM", "AINF", "ASEC"],
        subject: Some("TAGS MANUAL DISTRIBUTION"),
        document_number: Some("1974STATE150591"),
    },
    |d| {
        assert_eq!(d.metadata.captions, vec!["INFORM CONSULS"]);
        let t = text(&d);
        assert!(t.contains("STATE CORRESPONDENCE HANDBOOK"), "{t}");
        assert!(t.contains("SEGREGATE SUBSTANTIVE FROM NON-SUBSTANTIVE"), "{t}");
        assert!(t.contains("BUSINESS, CONSULAR AND OPERATIONAL"), "{t}");
        assert!(d.paragraphs[0].text.starts_with("A REVISED TAGS"));
    }
);

real!(
    state_193370,
    "1974STATE193370.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("SECSTATE WASHDC"),
        to: &["AMEMBASSY SAIGON"],
        dtg: Some("041353Z SEP 74"),
        tags: &["PFOR", "VS"],
        subject: Some("AMBASSADOR PHUONG'S CALL ON THE ACTING SECRETARY"),
        document_number: Some("1974STATE193370"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["EXDIS"]);
        assert_eq!(d.metadata.executive_order.as_deref(), Some("E.O. 11652:GDS"));
        assert!(d.paragraphs[0].text.starts_with("1.AT HIS REQUEST"));
        assert!(d.paragraphs[1].text.starts_with("2.PHUONG STATED"), "a paragraph number without a space");
        assert!(text(&d).contains("ACTING SECRETARY INGERSOLL"));
        assert!(text(&d).contains("A GREAT EFFORT TO RAISE"));
        no_furniture(&d);
    }
);

real!(
    tokyo_02345,
    "1974TOKYO02345.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY TOKYO"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("211015Z FEB 74"),
        tags: &["MARR", "TECH", "JA"],
        subject: Some("STA PROBLEMS AND SSN MONITORING"),
        document_number: Some("1974TOKYO02345"),
    },
    |d| {
        assert_eq!(
            refs(&d),
            vec![
                (Some("A"), Some("1974TOKYO01653")),
                (Some("B"), Some("1974TOKYO01996")),
                (Some("C"), Some("1974TOKYO02318")),
            ]
        );
        assert_eq!(d.metadata.references[0].text, "TOKYO 1653 DTG 050910Z FEB 74");
        assert_eq!(d.metadata.info.len(), 10);
        let p0 = &d.paragraphs[0].text;
        assert!(p0.starts_with("SUMMARY: EMBASSY TAKING"), "{p0}");
        assert!(p0.ends_with("UNTIL MORE INFO AVAILABLE. END SUMMARY."), "END SUMMARY over a page break: {p0}");
        no_furniture(&d);
    }
);

real!(
    tokyo_02770,
    "1974TOKYO02770.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY TOKYO"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("021045Z MAR 74"),
        tags: &["MARR", "JA"],
        subject: Some("SSN MONITORING SYSTEM-PROGRESS REPORT"),
        document_number: Some("1974TOKYO02770"),
    },
    |d| {
        assert_eq!(d.metadata.executive_order.as_deref(), Some("E. O. GDS"));
        assert_eq!(d.metadata.precedence.as_deref(), Some("O"));
        assert!(d.paragraphs[0].text.starts_with("SUMMARY: GOJ WILL APPROVE"));
        no_furniture(&d);
    }
);

real!(
    bonn_12528,
    "1975BONN12528.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY BONN"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("041414Z AUG 75"),
        tags: &["PFOR", "GW", "WB"],
        subject: Some("PROPOSED MEETINGS IN BERLIN"),
        document_number: Some("1975BONN12528"),
    },
    |d| {
        assert_eq!(refs(&d), vec![(Some("A"), Some("1975BONN11296")), (Some("B"), Some("1975USBERL01353"))]);
        assert_eq!(d.metadata.sections, Some(2));
        assert!(text(&d).contains("PORTION OF THE PROPOSED TRIP"));
        no_furniture(&d);
    }
);

real!(
    buenos_06087,
    "1975BUENOS06087.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("AMEMBASSY BUENOS AIRES"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("101900Z SEP 75"),
        tags: &["PINT", "PFOR", "AR", "US"],
        subject: Some("ANALYSIS OF POLITICAL SITUATION IN WAKE OF MILITARY CRISIS"),
        document_number: Some("1975BUENOS06087"),
    },
    |d| {
        assert_eq!(d.metadata.captions, vec!["USCINCSO FOR POLAD"]);
        let r: Vec<(Option<&str>, &str)> =
            d.metadata.references.iter().map(|r| (r.label.as_deref(), r.text.as_str())).collect();
        assert_eq!(r, vec![(Some("A"), "BA-5781"), (Some("B"), "BA-5950")]);
        assert!(d.paragraphs[0].text.starts_with("1. SUMMARY: THE OUTCOME"));
        no_furniture(&d);
    }
);

real!(
    nato_03232,
    "1975NATO03232.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("USMISSION NATO"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("111835Z JUN 75"),
        tags: &["PFOR", "NATO", "NAC"],
        subject: Some("NAC: JUNE 11, 1975: FOLLOW-UP TO THE NATO SUMMIT"),
        document_number: Some("1975NATO03232"),
    },
    |d| {
        assert_eq!(d.metadata.captions, vec!["GENEVA FOR USDEL CSCE"]);
        assert_eq!(
            refs(&d),
            vec![
                (Some("A"), Some("1975STATE135885")),
                (Some("B"), Some("1975STATE135884")),
                (Some("C"), Some("1975STATE234639")),
            ]
        );
        assert_eq!(d.metadata.info, vec!["ALL NATO CAPITALS", "USDELMBFR VIENNA", "USMISSION GENEVA", "USNMR SHAPE"]);
        assert!(text(&d).contains("A FORMAL CSCE CONSULTATION. DE ROSE"), "a word split at a line end");
        no_furniture(&d);
    }
);

real!(
    nato_06091,
    "1975NATO06091.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("USMISSION NATO"),
        to: &["SECSTATE WASHDC", "SECDEF WASHDC"],
        dtg: Some("071940Z NOV 75"),
        tags: &["MILI", "MPOL", "NATO", "PFOR"],
        subject: Some("BRIEFING ON NOVEMBER 5 EUROGROUP MINISTERIAL MEETING IN THE HAGUE"),
        document_number: Some("1975NATO06091"),
    },
    |d| {
        assert_eq!(
            refs(&d),
            vec![
                (Some("A"), Some("1975NATO06043")),
                (Some("B"), Some("1975NATO05772")),
                (Some("C"), Some("1975NATO06040")),
            ]
        );
        assert_eq!(d.metadata.references[2].text, "USNATO 6040 DTG 061621Z NOV 75(NOTAL)");
        assert!(d.paragraphs[0].text.starts_with("SUMMARY: KILLICK (UK) BRIEFED"));
        assert!(text(&d).contains("AND IN THIS WAY, HOPES THAT FRANCE"));
        no_furniture(&d);
    }
);

real!(
    saigon_00221,
    "1975SAIGON00221.txt",
    "cable",
    Header {
        classification: Some("UNCLASSIFIED"),
        from: Some("AMEMBASSY SAIGON"),
        to: &[
            "SECSTATE WASHDC",
            "AMEMBASSY ABIDJAN",
            "AMEMBASSY AMMAN",
            "AMEMBASSY ANKARA",
            "AMEMBASSY ATHENS",
            "AMEMBASSY BANGKOK",
            "AMEMBASSY BERN",
            "AMEMBASSY BONN",
            "AMEMBASSY BRASILIA",
            "AMEMBASSY BRUSSELS",
            "AMEMBASSY BUENOS AIRES",
            "AMEMBASSY CANBERRA",
            "AMEMBASSY JAKARTA",
            "AMEMBASSY JIDDA",
            "AMCONSUL HONG KONG",
            "AMEMBASSY KINSHASA",
            "AMEMBASSY KUALA LUMPUR",
            "AMEMBASSY LONDON",
            "AMEMBASSY MANILA",
            "AMEMBASSY MONROVIA",
            "AMEMBASSY NEW DELHI",
            "AMEMBASSY OSLO",
            "AMEMBASSY PARIS",
            "AMEMBASSY PHNOM PENH",
            "AMEMBASSY RABAT",
            "AMEMBASSY RANGOON",
            "AMEMBASSY REYKJAVIK",
            "AMEMBASSY ROME",
            "AMEMBASSY SEOUL",
            "AMEMBASSY SINGAPORE",
            "AMEMBASSY STOCKHOLM",
            "AMEMBASSY TAIPEI",
            "AMEMBASSY TEHRAN",
            "AMEMBASSY THE HAGUE",
            "AMEMBASSY TOKYO",
            "AMEMBASSY TUNIS",
            "AMEMBASSY VIENTIANE",
            "AMEMBASSY WELLINGTON",
            "USMISSION GENEVA",
        ],
        dtg: Some("080305Z JAN 75"),
        tags: &["PFOR", "PROP", "PINS", "VS", "VN"],
        subject: Some("GVN JAN 8 DECLARATION ON FALL OF PHUOC LONG"),
        document_number: Some("1975SAIGON00221"),
    },
    |d| {
        assert_eq!(d.metadata.info.len(), 9);
        assert_eq!(d.metadata.captions, vec!["DEPARTMENT PASS IMMEDIATE IBS/NCA"]);
        assert!(d.paragraphs[0].text.starts_with("1. ACTING FOREIGN MINISTER"));
        no_furniture(&d);
    }
);

real!(
    saigon_03454,
    "1975SAIGON03454.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY SAIGON"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("251020Z MAR 75"),
        tags: &["PFOR", "VS"],
        subject: Some(
            "LETTERS TO PRESIDENT OF THE SENATE NELSON ROCKEFELLER AND SPEAKER OF THE HOUSE CARL ALBERT FROM RVN \
             LOWER HOUSE SPEAKER NGUYEN BA CAN AND SENATE PRESIDENT TRAN VAN LAM"
        ),
        document_number: Some("1975SAIGON03454"),
    },
    |d| {
        assert!(d.paragraphs[0].text.starts_with("1. BELOW IS TEXT"));
        assert!(d.paragraphs[1].text.starts_with("2. BEGIN TEXT: THE HONORABLE"));
        no_furniture(&d);
    }
);

real!(
    saigon_04450,
    "1975SAIGON04450.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY SAIGON"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("071510Z APR 75"),
        tags: &["OREP", "VS (MOOSE, RICHARD; MEISSNER, CHARLES)"],
        subject: Some("STAFFDEL MOOSE/MEISSNER"),
        document_number: Some("1975SAIGON04450"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["EXDIS"]);
        assert_eq!(
            d.metadata.captions,
            vec![
                "EXDIS",
                "DEPARTMENT PLEASE NOTIFY IMMEDIATELY AND PASS TO PAT HOLT, CHIEF OF STAFF, COMMITTEE ON FOREIGN \
                 RELATIONS FROM MOOSE AND MEISSNER."
            ]
        );
        assert_eq!(refs(&d), vec![(Some("A"), Some("1975STATE075051")), (Some("B"), Some("1975STATE076284"))]);
        assert!(d.paragraphs[0].text.starts_with("1. FOLLOWING ARE OUR REPLIES"));
        no_furniture(&d);
    }
);

real!(
    state_177755,
    "1975STATE177755.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("SECSTATE WASHDC"),
        to: &["USDEL SECRETARY"],
        dtg: Some("290025Z JUL 75"),
        tags: &["PFOR", "OVIP (KISSINGER, HENRY A.)"],
        subject: Some("SPECIAL SUMMARY NUMBER THREE: TELEGRAPHIC SUMMARY"),
        document_number: Some("1975STATE177755"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["EXDIS"]);
        assert!(d.paragraphs[0].text.starts_with("1. TURKS REQUEST CLOSING"));
        no_furniture(&d);
    }
);

real!(
    state_248381,
    "1975STATE248381.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("SECSTATE WASHDC"),
        to: &["USDEL SECRETARY"],
        dtg: Some("180401Z OCT 75"),
        tags: &["OVIP (KISSINGER, HENRY A.)", "OGEN"],
        subject: Some("ODDS AND ENDS"),
        document_number: Some("1975STATE248381"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["NODIS", "CHEROKEE"]);
        assert_eq!(d.metadata.captions, vec!["NODIS", "CHEROKEE"]);
        assert_eq!(d.paragraphs[0].text, "FOR THE SECRETARY FROM EAGLEBURGER");
        assert!(text(&d).contains("WILL TAKE THE LINE THAT I WAS YOUR"));
        no_furniture(&d);
    }
);

real!(
    moscow_14646,
    "1976MOSCOW14646.txt",
    "cable",
    Header {
        classification: Some("UNCLASSIFIED"),
        from: Some("AMEMBASSY MOSCOW"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("171257Z SEP 76"),
        tags: &["ACOM", "US", "UR"],
        subject: Some("REROUTE TGP-2 DIRECT COMMUNICATIONS LINK"),
        document_number: Some("1976MOSCOW14646"),
    },
    |d| {
        assert_eq!(
            refs(&d),
            vec![
                (Some("A"), Some("1976MOSCOW10085")),
                (Some("B"), Some("1976MOSCOW06872")),
                (Some("C"), Some("1976STATE103982")),
            ]
        );
        assert!(text(&d).contains("RADIO-TELEGRAPH CHANNEL"), "a compound keeps its hyphen");
        no_furniture(&d);
    }
);

real!(
    state_030920,
    "1976STATE030920.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("SECSTATE WASHDC"),
        to: &["AMEMBASSY NEW DELHI"],
        dtg: Some("071659Z FEB 76"),
        tags: &["PFOR", "IN", "US"],
        subject: Some("CONSULTATION"),
        document_number: Some("1976STATE030920"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["EXDIS"]);
        assert_eq!(d.metadata.captions, vec!["EXDIS/FOR AMBASSADOR FROM ATHERTON"]);
        assert_eq!(
            refs(&d),
            vec![
                (Some("A"), Some("1976NEWDE01769")),
                (Some("B"), Some("1976NEWDE01767")),
                (Some("C"), Some("1976NEWDE01598")),
            ]
        );
        no_furniture(&d);
    }
);

real!(
    state_187673,
    "1976STATE187673.txt",
    "cable",
    Header {
        classification: Some("LIMITED OFFICIAL USE"),
        from: Some("SECSTATE WASHDC"),
        to: &["AMEMBASSY TEHRAN", "AMEMBASSY KABUL", "AMEMBASSY ISLAMABAD", "AMEMBASSY THE HAGUE"],
        dtg: Some("290346Z JUL 76"),
        tags: &["OVIP (KISSINGER, HENRY A.)", "ACOM"],
        subject: Some("SECRETARY'S VISIT: COMMUNICATIONS - CABLE TRAFFIC"),
        document_number: Some("1976STATE187673"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["EXDIS"]);
        assert!(d.paragraphs[0].text.starts_with("1. POST WILL BE EXPECTED"));
        no_furniture(&d);
    }
);

real!(
    state_311722_flattened,
    "1976STATE311722.txt",
    "cable",
    Header {
        classification: Some("LIMITED OFFICIAL USE"),
        from: Some("SECSTATE WASHDC"),
        to: &["USDEL SECRETARY"],
        dtg: Some("281605Z DEC 76"),
        tags: &["SOPN"],
        subject: Some("PRESS GUIDANCE"),
        document_number: Some("1976STATE311722"),
    },
    |d| {
        assert_eq!(d.metadata.stamps.len(), 3);
        let t = text(&d);
        assert!(t.starts_with("A FOLLOWING ARE Q A'S"), "{t}");
        assert!(t.contains("NOT RAISED BY THE OTHER PAPERS Q WHY WASN'T"), "banners and page header out: {t}");
        assert!(t.contains("THE NOTES ON THE TELEPHONE CONVERSATIONS IN VIEW"), "stamps out: {t}");
        assert!(!t.contains("LIMITED OFFICIAL USE"), "{t}");
        assert!(!t.contains("Grafeld"), "{t}");
        assert!(warned(&d, WarningKind::Flattened), "{:?}", d.warnings);
    }
);

real!(
    tokyo_03402,
    "1976TOKYO03402.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("AMEMBASSY TOKYO"),
        to: &["SECSTATE"],
        dtg: Some("070720Z MAR 76"),
        tags: &["PINT", "JA", "US"],
        subject: Some("LOCKHEED"),
        document_number: Some("1976TOKYO03402"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["EXDIS"]);
        assert_eq!(d.metadata.captions, vec!["EXDIS", "DELIVER AT 9:00 AM MARCH 7"]);
        assert_eq!(d.metadata.executive_order.as_deref(), Some("E.O. 11652: XGDS-3"));
        assert_eq!(refs(&d), vec![(None, Some("1976STATE055611"))]);
        no_furniture(&d);
    }
);

real!(
    usun_04297,
    "1976USUNN04297.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("USMISSION USUN NY"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("080542Z OCT 76"),
        tags: &["OGEN"],
        subject: Some("USUN DAILY CLASSIFIED SUMMARY NO. 173 - OCT. 7, 1976."),
        document_number: Some("1976USUNN04297"),
    },
    |d| {
        assert_eq!(d.metadata.captions, vec!["UNSUMMARY"]);
        assert_eq!(d.metadata.info.len(), 21);
        assert_eq!(d.paragraphs[0].text, "PLO REQUEST FOR RIGHT OF REPLY --");
        no_furniture(&d);
    }
);

real!(
    london_10981,
    "1977LONDON10981.txt",
    "cable",
    Header {
        classification: Some("LIMITED OFFICIAL USE"),
        from: Some("AMEMBASSY LONDON"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("011811Z JUL 77"),
        tags: &["EEC", "MNUC", "ENRG", "TECH", "CIEC", "ECIN"],
        subject: Some("EUROPEAN COUNCIL, JUNE 29-30, 1977: HIGHLIGHTS"),
        document_number: Some("1977LONDON10981"),
    },
    |d| {
        assert_eq!(d.metadata.captions, vec!["USEEC ALSO FOR EMBASSY", "USOECD ALSO FOR EMBASSY"]);
        assert_eq!(
            refs(&d),
            vec![
                (Some("A"), Some("1977BRUSSE06879")),
                (Some("B"), Some("1977ECBRU03214")),
                (Some("C"), Some("1977BRUSSE05771")),
                (Some("D"), Some("1977BRUSSE06551")),
                (Some("E"), Some("1977ECBRU03511")),
            ]
        );
        let p0 = &d.paragraphs[0].text;
        assert!(p0.starts_with("SUMMARY. THE JUNE 29-30"), "{p0}");
        assert!(p0.ends_with("ARE SET FORTH BELOW. END SUMMARY."), "END SUMMARY split over two lines: {p0}");
        no_furniture(&d);
    }
);

real!(
    london_10993,
    "1977LONDON10993.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY LONDON"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("051239Z JUL 77"),
        tags: &["PGOV", "PINT", "ELAB", "EGEN", "UK"],
        subject: Some("JUNE: STORM CLOUDS GATHER, THEN SCATTER"),
        document_number: Some("1977LONDON10993"),
    },
    |d| {
        assert_eq!(d.metadata.captions, vec!["USEEC ALSO FOR EMBASSY", "USOECD ALSO FOR EMBASSY"]);
        assert_eq!(refs(&d), vec![(None, Some("1977LONDON09221"))]);
        assert!(d.metadata.info.contains(&"AMEMBASSY OSLO".to_string()));
        assert!(d.paragraphs[0].text.starts_with("SUMMARY: THE SKIES OF JUNN"));
        no_furniture(&d);
    }
);

real!(
    paris_09407_mid_document,
    "1977PARIS09407.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("AMEMBASSY PARIS"),
        to: &[],
        dtg: Some("310018Z MAR 77"),
        tags: &[],
        subject: None,
        document_number: Some("1977PARIS09407"),
    },
    |d| {
        assert!(d.paragraphs[0].text.starts_with("SUMMARY THE MAJOR EVENT"));
        assert!(text(&d).contains("AUGMENTED NUCLEAR INTERDEPENDENCE;"));
        assert!(!text(&d).contains("ACTION EUR"));
        assert!(warned(&d, WarningKind::NoSubject), "{:?}", d.warnings);
        no_furniture(&d);
    }
);

real!(
    state_017976,
    "1977STATE017976.txt",
    "cable",
    Header {
        classification: Some("LIMITED OFFICIAL USE"),
        from: Some("SECSTATE WASHDC"),
        to: &[
            "AMEMBASSY TEL AVIV",
            "AMEMBASSY CAIRO",
            "AMEMBASSY BEIRUT",
            "AMEMBASSY AMMAN",
            "AMEMBASSY DAMASCUS",
            "AMEMBASSY JIDDA",
        ],
        dtg: Some("262340Z JAN 77"),
        tags: &["OVIP (VANCE, CYRUS)", "IS", "SY", "SA", "EG", "LE", "JO"],
        subject: Some("SECRETARY'S VISIT TO MIDDLE EAST: COMMUNICATIONS CABLE TRAFFIC"),
        document_number: Some("1977STATE017976"),
    },
    |d| {
        assert!(text(&d).contains("24-HOUR COMMUNICATIONS COVERAGE"));
        no_furniture(&d);
    }
);

real!(
    state_055011,
    "1977STATE055011.txt",
    "cable",
    Header {
        classification: Some("LIMITED OFFICIAL USE"),
        from: Some("SECSTATE WASHDC"),
        to: &["AMEMBASSY TOKYO"],
        dtg: Some("112212Z MAR 77"),
        tags: &["EAIR", "JA"],
        subject: Some("CIVAIR - CAB PROPOSES RESTRICTION ON CERTAIN JAL CHARTER FLIGHTS."),
        document_number: Some("1977STATE055011"),
    },
    |d| {
        assert_eq!(d.metadata.info, vec!["AMEMBASSY LONDON", "AMEMBASSY ROME"]);
        assert_eq!(d.metadata.captions, vec!["LONDON AND ROME FOR STYLES, USCIVAIRDEL"]);
        assert!(text(&d).contains("UPCOMING CIVAIR NEGOTIATIONS."));
        no_furniture(&d);
    }
);

real!(
    bonn_16042,
    "1978BONN16042.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("AMEMBASSY BONN"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("011835Z SEP 78"),
        tags: &["MPOL", "MILI", "GW"],
        subject: Some("DEPLOYMENT OF STABALLOY MUNITIONS FOR A-10 AIRCRAFT"),
        document_number: Some("1978BONN16042"),
    },
    |d| {
        assert_eq!(refs(&d), vec![(Some("A"), Some("1978STATE221420")), (Some("B"), Some("1978STATE221419"))]);
        assert_eq!(d.metadata.info.len(), 19);
        assert_eq!(d.metadata.executive_order.as_deref(), Some("E. O. 11652: XGDS-3"));
        assert!(d.paragraphs[0].text.starts_with("1. AN APPOINTMENT"));
        no_furniture(&d);
    }
);

real!(
    buenos_00811,
    "1978BUENOS00811.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY BUENOS AIRES"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("011800Z FEB 78"),
        tags: &["MASS", "AR"],
        subject: Some("ARMS LIMITATION UNDER AYACUCHO DECLARATION"),
        document_number: Some("1978BUENOS00811"),
    },
    |d| {
        assert_eq!(refs(&d), vec![(None, Some("1978STATE015196"))]);
        assert!(d.paragraphs[0].text.starts_with("1. IF THE MATTER"));
        no_furniture(&d);
        assert!(!text(&d).contains("TAGS MASS"));
    }
);

real!(
    kinshasa_05956,
    "1978KINSHA05956.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY KINSHASA"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("081535Z JUN 78"),
        tags: &["MOPS", "PINS", "CG", "EFIN", "EAID"],
        subject: Some("SCHEDULED MEETING WITH FOREIGN MINISTER"),
        document_number: Some("1978KINSHA05956"),
    },
    |d| {
        assert_eq!(
            d.metadata.info,
            vec![
                "AMEMBASSY BRUSSELS",
                "AMEMBASSY BONN",
                "AMEMBASSY BANGUI",
                "AMEMBASSY LONDON",
                "AMEMBASSY MOGADISCIO",
                "AMEMBASSY PARIS"
            ]
        );
        assert_eq!(
            refs(&d),
            vec![
                (Some("A"), Some("1978KINSHA05802")),
                (Some("B"), Some("1978STATE143078")),
                (Some("C"), Some("1978STATE143048")),
            ]
        );
        no_furniture(&d);
    }
);

real!(
    kinshasa_13280,
    "1978KINSHA13280.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("AMEMBASSY KINSHASA"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("261545Z DEC 78"),
        tags: &["PEPR", "US", "CG", "BE"],
        subject: Some("US-ZAIRIAN RELATIONS"),
        document_number: Some("1978KINSHA13280"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["LIMDIS"]);
        assert_eq!(d.metadata.captions, vec!["LIMDIS", "DEPARTMENT FOR AF ASST SEC MOOSE", "BRUSSELS FOR AMBASSADOR"]);
        let labels: Vec<Option<&str>> = refs(&d).into_iter().map(|r| r.0).collect();
        assert_eq!(labels, vec![Some("A"), Some("B"), Some("C")]);
        assert_eq!(d.metadata.references[2].document.as_deref(), Some("1978KINSHA12525"));
        no_furniture(&d);
    }
);

real!(
    riyadh_00905,
    "1979RIYADH00905.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("USLO RIYADH"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("051020Z JUN 79"),
        tags: &["PEPR", "EG", "IS", "SA", "US"],
        subject: Some("DISCUSSION WITH PRINCE SAUD ON PEACE NEGOTIATIONS"),
        document_number: Some("1979RIYADH00905"),
    },
    |d| {
        assert_eq!(d.metadata.caveats, vec!["EXDIS"]);
        assert_eq!(d.metadata.marking.as_deref(), Some("C - ENTIRE TEXT"));
        assert!(text(&d).contains("INDEPENDENT PALESTINIAN STATE, CITING"));
        no_furniture(&d);
    }
);

real!(
    state_050324,
    "1979STATE050324.txt",
    "cable",
    Header {
        classification: Some("SECRET"),
        from: Some("SECSTATE WASHDC"),
        to: &["AMEMBASSY BEIJING", "AMCONSUL HONG KONG"],
        dtg: Some("020327Z MAR 79"),
        tags: &["OVIP", "ETRD", "CVIS", "APER", "EPAP", "ASIG", "PDIP"],
        subject: Some("EA/PRCM WEEKLY STATUS REPORT"),
        document_number: Some("1979STATE050324"),
    },
    |d| {
        assert_eq!(d.metadata.info, vec!["AMEMBASSY TAIPEI", "AMEMBASSY TOKYO", "AMEMBASSY SEOUL"]);
        assert!(d.metadata.caveats.contains(&"LIMDIS".to_string()));
        assert!(d.metadata.captions.contains(&"LIMDIS SEOUL FOR AMBASSADOR GLEYSTEEN".to_string()));
        assert!(text(&d).contains("NO WORD BACK YET FROM BEIJING."), "stamps between the lines of a sentence");
        no_furniture(&d);
    }
);

real!(
    state_125009,
    "1979STATE125009.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("SECSTATE WASHDC"),
        to: &["AMEMBASSY DACCA", "AMEMBASSY PORT MORESBY", "AMEMBASSY SINGAPORE"],
        dtg: Some("170105Z MAY 79"),
        tags: &["PORG", "UNGA", "PP", "SN", "BG"],
        subject: Some("34TH UNGA: COMPOSITION OF THE GENERAL COMMITTEE"),
        document_number: Some("1979STATE125009"),
    },
    |d| {
        assert_eq!(refs(&d), vec![(None, Some("1979USUNN02019"))]);
        assert_eq!(d.metadata.references[0].text, "USUN 2019 (NOTAL)");
        assert_eq!(d.metadata.marking.as_deref(), Some("C - ENTIRE TEXT"));
        assert!(d.paragraphs[0].text.starts_with("2. USUN HAS BEEN"));
        no_furniture(&d);
    }
);

real!(
    state_161482,
    "1979STATE161482.txt",
    "cable",
    Header {
        classification: Some("LIMITED OFFICIAL USE"),
        from: Some("SECSTATE WASHDC"),
        to: &["AMEMBASSY JIDDA"],
        dtg: Some("251443Z JUN 79"),
        tags: &["OVIP (STRAUSS, ROBERT S.)"],
        subject: Some("STRAUSS VISI: RENERAL RUIDANCE AND REQUIREMENTS"),
        document_number: Some("1979STATE161482"),
    },
    |d| {
        assert!(text(&d).starts_with("FOLLOWING REPEAT STATE 161482"));
        assert!(text(&d).contains("TWO SPECIAL ASSISTANTS TO STRAUSS."));
        no_furniture(&d);
    }
);

real!(
    state_299669,
    "1979STATE299669.txt",
    "cable",
    Header {
        classification: Some("CONFIDENTIAL"),
        from: Some("SECSTATE WASHDC"),
        to: &["AMEMBASSY BRIDGETOWN"],
        dtg: Some("172343Z NOV 79"),
        tags: &["PINT", "PGOV", "PINR", "GJ"],
        subject: Some("CONVERSATION WITH AMBASSADORS RADIX AND WILLIAMS OF GRENADA"),
        document_number: Some("1979STATE299669"),
    },
    |d| {
        assert_eq!(
            d.metadata.info,
            vec!["AMEMBASSY LONDON", "USMISSION USUN NEW YORK", "FBI WASHDC", "USCOAST GUARD WASHDC"]
        );
        assert!(d.paragraphs[0].text.starts_with("2. SUMMARY: AFTERNOON"));
        no_furniture(&d);
    }
);

real!(
    usun_05014,
    "1979USUNN05014.txt",
    "cable",
    Header {
        classification: Some("UNCLASSIFIED"),
        from: Some("USMISSION USUN NEW YORK"),
        to: &["SECSTATE WASHDC"],
        dtg: Some("080108Z NOV 79"),
        tags: &["PORG", "UNGA"],
        subject: Some("USUN UNCLASSIFIED SUMMARY, NOVEMBER 7, 1979"),
        document_number: Some("1979USUNN05014"),
    },
    |d| {
        assert_eq!(d.metadata.sections, Some(4));
        assert!(d.metadata.captions.contains(&"NAIROBI FOR UNEP".to_string()));
        assert_eq!(d.paragraphs[0].text, "TABLE OF CONTENTS");
        no_furniture(&d);
    }
);

real!(
    crest_exdis_memo,
    "CIA-CREST_CIA-RDP80B01495R001200140013-3_EXDIS-memo_1974-11-20.txt",
    "memo",
    Header {
        classification: Some("UNCLASSIFIED"),
        from: None,
        to: &["Deputy Director for Intelligence"],
        dtg: None,
        tags: &[],
        subject: Some("EXDIS"),
        document_number: Some("CIA-RDP80B01495R001200140013-3"),
    },
    |d| {
        assert_eq!(d.date.as_ref().map(|d| d.as_str()), Some("1974-11-20"));
        assert!(d
            .metadata
            .attributes
            .iter()
            .any(|a| a.key == "Document Release Date" && a.value == "November 3, 2005"));
        let t = text(&d);
        assert!(t.starts_with("1. This memorandum outlines"), "{t}");
        assert!(!t.contains("Approved For Release"), "{t}");
        assert!(!t.contains("Document Type"), "{t}");
    }
);

real!(
    crest_tohak_255,
    "CIA-CREST_LOC-HAK-260-2-34-3_SitRoom-TOHAK-255_1974-05-20.txt",
    "memo",
    Header {
        classification: Some("SECRET"),
        from: Some("THE SITUATION ROOM"),
        to: &["AMCONSUL JERUSALEM"],
        dtg: Some("201848Z MAY 74"),
        tags: &[],
        subject: None,
        document_number: Some("LOC-HAK-260-2-34-3"),
    },
    |d| {
        assert_eq!(d.date.as_ref().map(|d| d.as_str()), Some("1974-05-20"));
        let t = text(&d);
        assert!(t.starts_with("1. THE PRESIDENT CALLED"), "{t}");
        assert!(!t.contains("No Objection"), "{t}");
        assert!(!t.contains("S E C R E T"), "{t}");
    }
);

real!(
    crest_tohak_310_flattened,
    "CIA-CREST_LOC-HAK-260-3-25-2_SitRoom-TOHAK-310_1974-05-24.txt",
    "memo",
    Header {
        classification: Some("SECRET"),
        from: Some("THE SITUATION ROOM"),
        to: &["AMCONSUL JERUSALEM"],
        dtg: Some("241923Z MAY 74"),
        tags: &[],
        subject: None,
        document_number: Some("LOC-HAK-260-3-25-2"),
    },
    |d| {
        assert_eq!(d.date.as_ref().map(|d| d.as_str()), Some("1974-05-24"));
        let t = text(&d);
        assert!(t.starts_with("1. FORTIFIED WITH YOUR VERY HELPFUL"), "{t}");
        assert!(!t.contains("No Objection"), "{t}");
    }
);

/// Every file of the set parses, with every format, without losing a line.
#[test]
fn every_sample_survives_every_format() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/telegrams-2");
    let mut n = 0;
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("fixtures").flatten().map(|e| e.path()).collect();
    files.sort();
    for p in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let (t, _) = folio::parse::decode(&std::fs::read(p).expect("readable"));
        for f in folio::parse::all() {
            invariants::check_lossless(&f.parse(&folio::model::DocId::any("x"), &t), &t);
        }
        n += 1;
    }
    assert_eq!(n, 43);
}

//! Property tests of the raw formats (proptest, with shrinking): any byte
//! sequence parses without panic in every format, and telegram-like texts
//! assembled from the line types of real cables keep the lossless
//! invariants (every raw line kept, every body word in the reading text, no
//! banner, page header or stamp left in it). Complements the seeded fuzzer
//! in formats_props.rs; `PROPTEST_CASES=10000` runs it longer.

mod invariants;

use folio::parse;
use invariants::check_lossless;
use proptest::prelude::*;

/// Lines of the kinds a telegram is made of, including the awkward ones.
fn cable_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("CONFIDENTIAL".to_string()),
        Just("C O N F I D E N T I A L".to_string()),
        Just("SECRET NODIS".to_string()),
        (1u8..20).prop_map(|n| format!("PAGE {n:02} MOSCOW 08357 01 OF 03 210028Z")),
        Just("PAGE 02".to_string()),
        Just("MOSCOW 30030 01 OF 02 062340Z".to_string()),
        Just("ACTION EUR-12".to_string()),
        Just("INFO OCT-01 EA-10 NEA-10 /137 W".to_string()),
        Just("-----114256 210725Z /11".to_string()),
        Just("R 201317Z APR 78".to_string()),
        Just("FM AMEMBASSY MOSCOW".to_string()),
        Just("TO SECSTATE WASHDC PRIORITY 0755".to_string()),
        Just("INFO AMEMBASSY TOKYO USMISSION USNATO".to_string()),
        Just("CONFIDENTIAL SECTION 02 OF 03 MOSCOW 08357".to_string()),
        Just("E.O. 11652: XGDS-1".to_string()),
        Just("TAGS: PARM, PBOR, CH, UR".to_string()),
        Just("SUBJECT: KAPITSA ON SINO-SOVIET RELATIONS AND OTHER EAST".to_string()),
        Just("REF: A. STATE 123456 B. MOSCOW 4567".to_string()),
        Just("NNN".to_string()),
        Just("NOTE BY OC/T: MESSAGE DELAYED IN TRANSMISSION.".to_string()),
        Just(
            "Sheryl P. Walter Declassified/Released US Department of State EO Systematic Review 20 Mar 2014"
                .to_string()
        ),
        Just("Message Attributes".to_string()),
        Just("Draft Date: 20 apr 1978 Document Number: 1978MOSCOW08357".to_string()),
        Just(String::new()),
        "[A-Z]{2,9}( [A-Z,.]{1,9}){0,9}",
        "[0-9]\\. [A-Z]{2,9}( [A-Z]{1,9}){0,8}",
        "[A-Z]{3,9}CONFIDENTIAL",
        "- [0-9]\\. [A-Z ]{0,40}",
    ]
}

proptest! {
    #[test]
    fn any_bytes_parse_in_every_format(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let (text, _) = parse::decode(&bytes);
        for f in parse::all() {
            let d = f.parse(&folio::model::DocId::any("x"), &text);
            prop_assert!(!d.pages.is_empty());
        }
    }

    #[test]
    fn telegram_like_texts_lose_nothing(lines in proptest::collection::vec(cable_line(), 0..80)) {
        let text = lines.join("\n");
        for f in parse::all() {
            let d = f.parse(&folio::model::DocId::any("x"), &text);
            check_lossless(&d, &text);
        }
    }
}

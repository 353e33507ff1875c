//! The PlusD "Message Attributes" block of the `cable` format, whose
//! "Key: value" pairs run several to a line.

use std::sync::LazyLock;

use regex::Regex;

use crate::base::text::collapse_ws;
use crate::model::Attribute;

use super::furniture::*;

/// The keys of the PlusD "Message Attributes" block (and of the PlusD page
/// header table), longest first so that a key containing another wins.
pub(super) const ATTRIBUTE_KEYS: &[&str] = &[
    "Original Previous Handling Restrictions",
    "Original Previous Classification",
    "Original Handling Restrictions",
    "Previous Handling Restrictions",
    "Disposition Approved on Date",
    "Previous Channel Indicators",
    "Original Classification",
    "Previous Classification",
    "Current Classification",
    "Handling Restrictions",
    "Disposition Case Number",
    "Disposition Authority",
    "Disposition Comment",
    "Disposition Remarks",
    "Disposition History",
    "Disposition Reason",
    "Disposition Action",
    "Disposition Event",
    "Disposition Date",
    "Litigation Code IDs",
    "Litigation Codes",
    "Litigation History",
    "Review Withdrawn Fields",
    "Review Media Identifier",
    "Review Release Event",
    "Review Release Date",
    "Review Transfer Date",
    "Review Content Flags",
    "Review Exemptions",
    "Review Authority",
    "Review Markings",
    "Review Action",
    "Review Event",
    "Review Date",
    "Review History",
    "Automatic Decaptioning",
    "Channel Indicators",
    "Document Unique ID",
    "Character Count",
    "Document Number",
    "Document Source",
    "Decaption Date",
    "Decaption Note",
    "Executive Order",
    "Office Origin",
    "Office Action",
    "Archive Status",
    "Canonical ID",
    "Capture Date",
    "Control Number",
    "Film Number",
    "Image Path",
    "Legacy Key",
    "Line Count",
    "Message ID",
    "Page Count",
    "Draft Date",
    "Expiration",
    "Enclosure",
    "Concepts",
    "Retention",
    "Reference",
    "Markings",
    "Locator",
    "Drafter",
    "ISecure",
    "SAS ID",
    "Secure",
    "Status",
    "Subject",
    "Office",
    "Format",
    "Errors",
    "Copy",
    "From",
    "TAGS",
    "Type",
    "To",
    "vdkvgwkey",
];

pub(super) static ATTRIBUTE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = ATTRIBUTE_KEYS.iter().map(|k| regex::escape(k)).collect();
    re(&format!(r"(?:^|\s)({}):", alts.join("|")))
});

/// Parses the joined text of a Message Attributes block: several
/// "Key: value" pairs to a line, values with spaces, keys from a known set.
pub(super) fn parse_attributes(text: &str) -> Vec<Attribute> {
    let text = text.replace("**", "");
    let text = collapse_ws(&text);
    let keys: Vec<(usize, usize, String)> = ATTRIBUTE_KEY
        .captures_iter(&text)
        .filter_map(|c| {
            let m = c.get(1)?;
            Some((m.start(), c.get(0)?.end(), m.as_str().to_string()))
        })
        .collect();
    keys.iter()
        .enumerate()
        .map(|(i, (_, value_start, key))| {
            let end = keys.get(i + 1).map_or(text.len(), |k| k.0).max(*value_start);
            Attribute { key: key.clone(), value: text[*value_start..end].trim().to_string() }
        })
        .collect()
}

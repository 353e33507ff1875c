//! What may not reach a page from commentary Markdown: URL schemes that
//! run script, however disguised, and raw HTML that runs script. Browsers
//! are lenient readers (WHATWG URL drops tabs and line breaks inside a
//! scheme; HTML decodes character references in attributes), so the checks
//! read URLs and HTML the way a browser does before deciding.

/// URL schemes an ordinary link may use besides Folio's own.
pub(crate) const EXTERNAL_SCHEMES: &[&str] =
    &["http", "https", "mailto", "ftp", "ftps", "tel", "urn", "doi", "hdl", "news", "irc", "ircs", "xmpp", "geo"];

/// The scheme of a URL as a browser reads it: ASCII tab and line breaks
/// anywhere and control characters and spaces in front are ignored
/// (WHATWG URL), so `java\tscript:` is `javascript:`. `None`: relative.
pub(crate) fn scheme_of(u: &str) -> Option<String> {
    let cleaned: String =
        u.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    let scheme = &cleaned[..end];
    let valid = cleaned[end..].starts_with(':')
        && scheme.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.');
    valid.then(|| scheme.to_ascii_lowercase())
}

/// A link's scheme that may not be published (anything but relative,
/// `#`, and the known external schemes): `javascript:`, `data:`,
/// `vbscript:`, however written.
pub(crate) fn unsafe_scheme(u: &str) -> Option<String> {
    scheme_of(u).filter(|s| !EXTERNAL_SCHEMES.contains(&s.as_str()))
}

/// An image's scheme other than http(s) (those are reported as another
/// host): an image must be a file of the edition.
pub(crate) fn image_scheme(u: &str) -> Option<String> {
    scheme_of(u).filter(|s| s != "http" && s != "https")
}

/// Raw HTML with numeric character references and the named ones that can
/// hide a scheme decoded, ASCII whitespace and controls dropped, lower
/// case: what [`is_scripty`] looks at (`jav&#x61;script:` is
/// `javascript:`).
pub(crate) fn unhide(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut rest = h;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(|c: char| !c.is_ascii_alphanumeric() && c != '#').map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "lpar" => Some('('),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect::<String>().to_ascii_lowercase()
}

/// Whether raw HTML could run script or load active content: script,
/// frames, objects, styles, script URLs (also written with character
/// references) and event-handler attributes.
pub(crate) fn is_scripty(h: &str) -> bool {
    let l = unhide(h);
    l.contains("<script")
        || l.contains("javascript:")
        || l.contains("vbscript:")
        || l.contains("data:text/html")
        || l.contains("<iframe")
        || l.contains("<object")
        || l.contains("<embed")
        || l.contains("<style")
        || on_attribute(&h.to_ascii_lowercase())
}

/// Detects `on...=` event-handler attributes.
pub(crate) fn on_attribute(l: &str) -> bool {
    let b = l.as_bytes();
    (1..b.len().saturating_sub(3)).any(|i| {
        (b[i - 1] == b' ' || b[i - 1] == b'\t' || b[i - 1] == b'\n' || b[i - 1] == b'/')
            && b[i] == b'o'
            && b[i + 1] == b'n'
            && {
                let rest = &l[i + 2..];
                let name_len = rest.bytes().take_while(|c| c.is_ascii_alphabetic()).count();
                name_len > 0 && rest[name_len..].trim_start().starts_with('=')
            }
    })
}

/// Raw HTML that `allow_html = true` lets through, cleaned by ammonia (an
/// html5ever-based sanitizer, well kept and widely used, so what survives
/// is decided by a real HTML parser reading it as a browser would, not by
/// pattern matching): only an allow-list of formatting, structural and
/// table elements stays, with `class`, `id`, `lang`, `title`, `dir` and the
/// ARIA labels; event handlers, `style` (except a table cell's
/// `text-align`, which Markdown tables use), script, frames, forms and
/// every URL whose scheme is not relative, http(s), mailto or another of
/// [`EXTERNAL_SCHEMES`] (so `data:` images and `javascript:` links,
/// entity-encoded or not) are removed, and an image's address unless it is
/// a file of the edition (relative). Applied to the whole rendered
/// fragment, so Folio's own markup passes unchanged in meaning.
pub(crate) fn sanitize(html: &str) -> String {
    static CLEANER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.add_tags(["section", "figure", "figcaption"])
                .add_generic_attributes(["class", "id", "lang", "title", "dir", "aria-label", "aria-hidden", "role"])
                .add_tag_attributes("th", ["style"])
                .add_tag_attributes("td", ["style"])
                .filter_style_properties(["text-align"].into_iter().collect())
                .url_schemes(EXTERNAL_SCHEMES.iter().copied().collect())
                .url_relative(ammonia::UrlRelative::PassThrough)
                // An image must be a file of the edition (works offline,
                // tells no other host who reads): no scheme, no host.
                .attribute_filter(|element, attribute, value| {
                    let remote = scheme_of(value).is_some() || value.trim_start().starts_with("//");
                    (!(element == "img" && attribute == "src" && remote)).then_some(value.into())
                })
                .link_rel(None);
            b
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        assert_eq!(scheme_of("java\tscript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme_of(" \u{1}JavaScript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme_of("java\nscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme_of("other.html#x:y"), None);
        assert_eq!(scheme_of("a/b:c"), None);
        assert_eq!(scheme_of("?q=a:b"), None);
        assert_eq!(unsafe_scheme("https://example.org"), None);
        assert_eq!(unsafe_scheme("mailto:a@b.c"), None);
        assert_eq!(unsafe_scheme("DATA:text/html,x").as_deref(), Some("data"));
        assert_eq!(image_scheme("map.png"), None);
        assert_eq!(image_scheme("mailto:x").as_deref(), Some("mailto"));
    }

    #[test]
    fn hidden_script_is_found_after_decoding() {
        assert_eq!(unhide("JAV&#x61;script&colon;x"), "javascript:x");
        assert_eq!(unhide("jav&#97;\tscript:"), "javascript:");
        assert_eq!(unhide("a &amp; b &bogus"), "a&amp;b&bogus");
        assert!(is_scripty("<a href=\"jav&#x61;script:alert(1)\">"));
        assert!(is_scripty("<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;x\">"));
        assert!(is_scripty("<img src=x onerror=alert(1)>"));
        assert!(is_scripty("<svg/onload=alert(1)>"));
        assert!(!is_scripty("<abbr title=\"Union\">USSR</abbr>"));
        assert!(!is_scripty("<b>one</b>"));
    }
}

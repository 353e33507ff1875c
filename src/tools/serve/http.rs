//! What the preview server says about every answer, whatever the file:
//! which requests it answers (by Host), content types with their charset,
//! and the security policy sent with each.

use std::net::IpAddr;
use std::path::Path;

/// The content type of a file of the site, with a charset for text.
pub(super) fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("svg") => "image/svg+xml; charset=utf-8",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("ttf") => "font/ttf",
        Some("pdf") => "application/pdf",
        Some("txt" | "md" | "toml") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Whether a request's `Host` header names this computer. A page on another
/// site could otherwise make the browser fetch the preview under a name of
/// its own that resolves to 127.0.0.1 (DNS rebinding) and read the
/// unpublished edition; browsers always send the name they connect to.
pub(crate) fn host_allowed(host: Option<&str>) -> bool {
    let Some(host) = host else { return true }; // HTTP/1.0 clients such as curl -0
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The Content-Security-Policy sent with every answer: that of the pages
/// (templates/base.html), which allows script only from the site itself,
/// and, as only a header can, no framing by other sites.
pub(super) const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
                   connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_only_to_names_of_this_computer() {
        for ok in [
            None,
            Some("localhost:1111"),
            Some("127.0.0.1:1111"),
            Some("[::1]:1111"),
            Some("LOCALHOST"),
            Some("127.0.0.2"),
            Some("a.localhost:80"),
        ] {
            assert!(host_allowed(ok), "{ok:?}");
        }
        for bad in [Some("evil.example:1111"), Some("localhost.evil.example"), Some("10.0.0.1:1111"), Some("")] {
            assert!(!host_allowed(bad), "{bad:?}");
        }
    }
}

//! Export, for the web: when site.toml sets `base_url`, `sitemap.xml` (every
//! page), `feed.xml` (an Atom feed of the documents, newest first) and
//! `robots.txt` (pointing at the sitemap). Without base_url none of these
//! is written: they need absolute URLs, and an edition read from a folder
//! has none.
//!
//! Deterministic: no build time anywhere; the feed's `updated` is the date
//! of its newest document.

use std::fmt::Write;

use crate::export::tei_names::esc;
use crate::index::cite::with_slash;
use crate::index::DocSummary;

/// Documents in the feed (the newest).
pub(crate) const FEED_ENTRIES: usize = 100;

/// The sitemap of the pages `pages` (paths relative to the site root).
pub(crate) fn sitemap(base: &str, pages: &[String]) -> String {
    let base = with_slash(base);
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        let _ = writeln!(x, "<url><loc>{}{}</loc></url>", esc(&base), esc(p));
    }
    x.push_str("</urlset>\n");
    x
}

/// An Atom date-time for an ISO date (`1978-04` → `1978-04-01T00:00:00Z`).
fn atom_date(iso: &str) -> String {
    let date = iso.get(..10.min(iso.len())).unwrap_or(iso);
    let full = match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_string(),
    };
    format!("{full}T00:00:00Z")
}

/// The Atom feed of the documents (in `docs` order, which is by date):
/// the newest [`FEED_ENTRIES`] dated documents.
pub(crate) fn feed(base: &str, cfg: &crate::load::config::SiteConfig, docs: &[DocSummary]) -> String {
    let base = with_slash(base);
    let dated: Vec<&DocSummary> = docs.iter().filter(|d| d.date.is_some()).rev().take(FEED_ENTRIES).collect();
    let updated = dated
        .first()
        .and_then(|d| d.date.as_ref().map(|d| d.as_str()))
        .map(atom_date)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(x, "<title>{}</title>", esc(&cfg.title));
    if let Some(d) = &cfg.description {
        let _ = writeln!(x, "<subtitle>{}</subtitle>", esc(d));
    }
    let _ = writeln!(x, "<id>{}</id>", esc(&base));
    let _ = writeln!(x, "<link rel=\"alternate\" type=\"text/html\" href=\"{}index.html\"/>", esc(&base));
    let _ = writeln!(x, "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>", esc(&base));
    let _ = writeln!(x, "<updated>{updated}</updated>");
    if cfg.editors.is_empty() {
        let _ = writeln!(x, "<author><name>{}</name></author>", esc(&cfg.title));
    }
    for e in &cfg.editors {
        let _ = writeln!(x, "<author><name>{}</name></author>", esc(e));
    }
    if let Some(l) = &cfg.license {
        let _ = writeln!(x, "<rights>{}</rights>", esc(l));
    }
    for d in dated {
        let url = format!("{base}documents/{}.html", d.id);
        let date = d.date.as_ref().map(|d| d.as_str()).map(atom_date).unwrap_or_default();
        x.push_str("<entry>\n");
        let _ = writeln!(x, "<title>{}</title>", esc(&d.title));
        let _ = writeln!(x, "<id>{}</id>", esc(&url));
        let _ = writeln!(x, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", esc(&url));
        let _ = writeln!(x, "<updated>{date}</updated>");
        let _ = writeln!(x, "<published>{date}</published>");
        if let Some(s) = &d.summary {
            let _ = writeln!(x, "<summary>{}</summary>", esc(s));
        }
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// robots.txt: everything may be crawled; where the sitemap is.
pub(crate) fn robots(base: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", with_slash(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_dates_are_full_date_times() {
        assert_eq!(atom_date("1978"), "1978-01-01T00:00:00Z");
        assert_eq!(atom_date("1978-04"), "1978-04-01T00:00:00Z");
        assert_eq!(atom_date("1978-04-20"), "1978-04-20T00:00:00Z");
    }

    #[test]
    fn the_sitemap_escapes_and_robots_point_at_it() {
        let s = sitemap("https://x.org/ed", &["documents/a&b.html".to_string()]);
        assert!(s.contains("<loc>https://x.org/ed/documents/a&amp;b.html</loc>"), "{s}");
        assert_eq!(robots("https://x.org/ed/"), "User-agent: *\nAllow: /\n\nSitemap: https://x.org/ed/sitemap.xml\n");
    }
}

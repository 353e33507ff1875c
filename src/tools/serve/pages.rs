//! The pages `folio serve` adds: the error banner over a page of the last
//! good site, the error page, and the reload script and stylesheet put into
//! every page it sends; in the edition's language.

use crate::base::text::escape_html;
use crate::load::strings::Strings;

/// One build error, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorItem {
    /// `content/documents/x.md:12:4`, or empty when the error has no place.
    pub location: String,
    pub message: String,
    pub hint: Option<String>,
}

/// The state shared by the builder and the request handlers.
#[derive(Debug, Default)]
pub(super) struct Status {
    /// Increases after every build, good or bad: pages reload when it changes.
    pub version: u64,
    /// Errors of the last build; empty when it succeeded.
    pub errors: Vec<ErrorItem>,
    /// Whether the output folder holds a good site.
    pub has_site: bool,
    /// The edition's interface strings, for the banner and error page.
    pub strings: Strings,
}

/// Adds the preview's stylesheet, error banner and reload script to a page.
pub(super) fn inject(html: &str, status: &Status) -> String {
    let mut out = String::with_capacity(html.len() + 2048);
    let head_end = find_ci(html, "</head>");
    let body_start = find_ci(html, "<body").and_then(|i| html[i..].find('>').map(|j| i + j + 1));
    let body_end = rfind_ci(html, "</body>");
    let css = "<link rel=\"stylesheet\" href=\"/__folio/serve.css\">";
    let banner = banner(status);
    let script = format!("<script src=\"/__folio/livereload.js\" data-version=\"{}\"></script>", status.version);
    let mut pos = 0;
    let mut inserts: Vec<(usize, String)> = Vec::new();
    match head_end {
        Some(i) => inserts.push((i, css.to_string())),
        None => inserts.push((0, css.to_string())),
    }
    if let Some(b) = banner {
        inserts.push((body_start.unwrap_or(head_end.map(|i| i + 7).unwrap_or(0)), b));
    }
    inserts.push((body_end.unwrap_or(html.len()), script));
    inserts.sort_by_key(|(i, _)| *i);
    for (i, s) in inserts {
        out.push_str(&html[pos..i]);
        out.push_str(&s);
        pos = i;
    }
    out.push_str(&html[pos..]);
    out
}

fn find_ci(h: &str, needle: &str) -> Option<usize> {
    h.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn rfind_ci(h: &str, needle: &str) -> Option<usize> {
    h.as_bytes().windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The edition's interface strings; when site.toml or strings.toml is the
/// broken file, the built-in ones (of site.toml's language if it can be read).
pub(super) fn edition_strings(root: &std::path::Path) -> Strings {
    let config = crate::load::config::SiteConfig::load(&root.join("site.toml")).ok();
    let language = config.as_ref().map_or("en", |c| c.language.as_str());
    let max = config
        .as_ref()
        .map_or(crate::load::config::BuildOptions::default().max_document_mb * 1_000_000, |c| c.max_document_bytes());
    Strings::load(root, language, max).map(|(s, _)| s).unwrap_or_else(|_| Strings::built_in(language))
}

fn error_list(errors: &[ErrorItem], s: &Strings) -> String {
    let mut out = String::from("<ol class=\"folio-serve-errors\">");
    for e in errors {
        out.push_str("<li>");
        if !e.location.is_empty() {
            out.push_str(&format!("<code class=\"folio-serve-loc\">{}</code> ", escape_html(&e.location)));
        }
        out.push_str(&format!("<span class=\"folio-serve-msg\">{}</span>", escape_html(&e.message)));
        if let Some(h) = &e.hint {
            out.push_str(&format!(
                "<span class=\"folio-serve-hint\">{}</span>",
                escape_html(&s.fmt("serve.help", &[("hint", h)]))
            ));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    out
}

fn count(n: usize, s: &Strings) -> String {
    s.fmt("serve.errors", &[("n", &n)])
}

/// The banner over a page of the last good site, when the last build failed.
pub(super) fn banner(status: &Status) -> Option<String> {
    if status.errors.is_empty() {
        return None;
    }
    let s = &status.strings;
    Some(format!(
        "<div id=\"folio-serve-error\" class=\"folio-serve-banner\" role=\"alert\" lang=\"{}\"><p class=\"folio-serve-title\">{} <a href=\"/__folio/error\">{}</a></p>{}</div>",
        escape_html(&s.lang),
        escape_html(&s.fmt("serve.banner", &[("errors", &count(status.errors.len(), s))])),
        escape_html(s.get("serve.own_page")),
        error_list(&status.errors, s)
    ))
}

/// The page for `/__folio/error`, and for every page while no build has
/// succeeded yet.
pub(super) fn error_page(status: &Status) -> String {
    let s = &status.strings;
    let main = if status.errors.is_empty() {
        format!(
            "<h1>{}</h1><p>{} <a href=\"/index.html\">{}</a></p>",
            escape_html(s.get("serve.no_errors")),
            escape_html(s.get("serve.succeeded")),
            escape_html(s.get("site.home"))
        )
    } else {
        format!(
            "<h1>{}</h1><p>{}{}</p>{}",
            escape_html(&s.fmt("serve.failed", &[("errors", &count(status.errors.len(), s))])),
            escape_html(s.get("serve.fix")),
            if status.has_site {
                format!(" <a href=\"/index.html\">{}</a>.", escape_html(s.get("serve.last_good")))
            } else {
                String::new()
            },
            error_list(&status.errors, s)
        )
    };
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title></head><body><main id=\"folio-serve-error\" class=\"folio-serve-page\" role=\"alert\">{main}</main></body></html>",
        escape_html(&s.lang),
        escape_html(s.get("serve.page_title"))
    );
    inject(
        &html,
        &Status { version: status.version, errors: Vec::new(), has_site: status.has_site, strings: s.clone() },
    )
}

//! Code highlighting for fenced code blocks in commentary and essays.
//!
//! syntect is treated as data: the syntax and theme sets are loaded once per
//! process (lazily, only when a code block or the stylesheet is needed).
//! Highlighted code carries CSS classes with the `hl-` prefix, never inline
//! styles (the pages' Content-Security-Policy forbids inline styles); the
//! colours come from `theme/highlight.css`, generated at build time from the
//! syntect theme named in site.toml (`build.highlight_theme`), with a dark
//! variant for readers whose system prefers a dark colour scheme.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::base::text::escape_html;

/// Class names are prefixed so that they cannot clash with the theme's.
pub(crate) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntect theme used for readers who prefer a dark colour scheme.
pub(crate) const DARK_THEME: &str = "base16-ocean.dark";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);
static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// The names of the built-in themes, sorted.
pub(crate) fn theme_names() -> Vec<&'static str> {
    THEMES.themes.keys().map(String::as_str).collect()
}

/// Whether `name` is a built-in theme.
pub(crate) fn has_theme(name: &str) -> bool {
    THEMES.themes.contains_key(name)
}

/// A fenced code block as HTML: `<pre class="hl-code"><code>` with classed
/// spans. `lang` is the fence's info string (`rust`, `xml`, `py`, ...); an
/// unknown or missing language is shown as plain, escaped text.
pub(crate) fn code_block(code: &str, lang: Option<&str>) -> String {
    let lang = lang.map(|l| l.split([' ', ',', '{']).next().unwrap_or("").trim()).filter(|l| !l.is_empty());
    let ss = &*SYNTAXES;
    let syntax = lang.and_then(|l| ss.find_syntax_by_token(l));
    let class = match lang {
        Some(l) if l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'+') => {
            format!(" class=\"language-{l}\"")
        }
        _ => String::new(),
    };
    let body = match syntax {
        Some(syntax) => {
            let mut g = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
            let ok =
                LinesWithEndings::from(code).all(|line| g.parse_html_for_line_which_includes_newline(line).is_ok());
            if ok {
                g.finalize()
            } else {
                escape_html(code)
            }
        }
        None => escape_html(code),
    };
    format!("<pre class=\"hl-code\"><code{class}>{body}</code></pre>\n")
}

/// The stylesheet for highlighted code: `theme` for the light scheme and
/// [`DARK_THEME`] inside a `prefers-color-scheme: dark` media query.
/// Fails with the list of theme names when `theme` is unknown.
pub(crate) fn stylesheet(theme: &str) -> Result<String, String> {
    let light = THEMES.themes.get(theme).ok_or_else(|| format!("use one of: {}", theme_names().join(", ")))?;
    let mut css = css_for_theme_with_class_style(light, CLASS_STYLE).map_err(|e| e.to_string())?;
    css.push_str("\n.hl-code { padding: .6rem .8rem; overflow-x: auto; }\n");
    if theme != DARK_THEME {
        if let Some(dark) = THEMES.themes.get(DARK_THEME) {
            let dark_css = css_for_theme_with_class_style(dark, CLASS_STYLE).map_err(|e| e.to_string())?;
            css.push_str("\n@media (prefers-color-scheme: dark) {\n");
            css.push_str(&dark_css);
            css.push_str("}\n");
        }
    }
    Ok(css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes_not_styles() {
        let html = code_block("fn main() { let x = \"<b>\"; }\n", Some("rust"));
        assert!(html.starts_with("<pre class=\"hl-code\"><code class=\"language-rust\">"), "{html}");
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let html = code_block("<script>x</script>\n", Some("no-such-language"));
        assert_eq!(html, "<pre class=\"hl-code\"><code class=\"language-no-such-language\">&lt;script&gt;x&lt;/script&gt;\n</code></pre>\n");
        let html = code_block("a\n", Some("\"><x"));
        assert!(!html.contains("<x"), "{html}");
    }

    #[test]
    fn stylesheet_for_known_themes_only() {
        let css = stylesheet("InspiredGitHub").unwrap();
        assert!(css.contains(".hl-code {"), "{css}");
        assert!(css.contains("prefers-color-scheme: dark"), "{css}");
        let err = stylesheet("Solarised").unwrap_err();
        assert!(err.contains("InspiredGitHub"), "{err}");
    }
}

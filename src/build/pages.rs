//! The edition's own pages, rendered once every document is read: the
//! home page and the document list, the essays and the search page.

use crate::annotate::markdown::{self, LinkTargets, Source};
use crate::base::error::{Diagnostics, Result};
use crate::base::keys::KeyHasher;
use crate::base::output::Output;
use crate::build::site::Site;
use crate::index::DocSummary;
use crate::render::lists::{self, DocumentsView, HomeView, Lists};
use crate::render::templates::Renderer;
use crate::render::view::{EssayView, Frame, Link, SearchView, SiteView};

fn home_crumb(root: &str, r: &Renderer) -> Link {
    Link { url: format!("{root}index.html"), title: r.strings().get("site.home").to_string() }
}

/// The essays' HTML; their links are checked with the documents', so that
/// all errors come together.
pub(super) fn essays_html(site: &Site, targets: &LinkTargets, diags: &mut Diagnostics) -> Vec<String> {
    site.essays
        .iter()
        .map(|e| {
            let src = Source { path: &e.path, line: e.body_line };
            markdown::render(&e.body, "../", targets, site.config.build.allow_html, &src, diags)
        })
        .collect()
}

/// The home page (with the introduction again, where links start at the
/// root), the document navigator and the lists by month, post and
/// classification ([`crate::render::lists`]). Keyed by the counts and the
/// documents' summaries, so an incremental build renders them only when
/// those change.
pub(super) fn home_and_documents(
    site: &Site,
    sv: &SiteView,
    targets: &LinkTargets,
    renderer: &Renderer,
    out: &Output,
) -> Result<()> {
    let intro = site.essays.iter().find(|e| e.slug == "introduction").map(|e| {
        let src = Source { path: &e.path, line: e.body_line };
        markdown::render(&e.body, "", targets, site.config.build.allow_html, &src, &mut Diagnostics::default())
    });
    let mut lists_key = KeyHasher::new();
    lists_key.value(&sv.counts).value(&site.index.docs);
    let lists = Lists::new(&site.index, &site.registers, renderer.strings());
    lists_key.value(&lists.browse);
    let home_key = lists_key.clone().str("home").value(&intro).finish();
    out.write_keyed("index.html", home_key, || {
        // The newest documents, newest first (undated ones only when there
        // are no others).
        let dated = site.index.docs.iter().filter(|d| d.date.is_some()).count();
        let latest: Vec<&DocSummary> = if dated > 0 {
            site.index.docs[..dated].iter().rev().take(lists::LATEST).collect()
        } else {
            site.index.docs.iter().take(lists::LATEST).collect()
        };
        let (browse, totals) = lists.home();
        let home = Frame {
            site: sv,
            root: "",
            title: site.config.title.clone(),
            section: "home",
            breadcrumbs: vec![],
            page: HomeView { introduction_html: intro.clone(), latest, browse, totals },
        };
        Ok(renderer.render("index.html", &home)?.into_bytes())
    })?;
    out.write_keyed("documents/index.html", lists_key.str("documents").finish(), || {
        let all = site.index.docs.len() <= lists::INLINE_MAX;
        let list = Frame {
            site: sv,
            root: "../",
            title: renderer.strings().get("site.documents").to_string(),
            section: "documents",
            breadcrumbs: vec![home_crumb("../", renderer)],
            page: DocumentsView {
                total: site.index.docs.len(),
                span: lists.span(),
                browse: &lists.browse,
                documents: if all { site.index.docs.iter().collect() } else { Vec::new() },
            },
        };
        Ok(renderer.render("documents.html", &list)?.into_bytes())
    })?;
    lists.write(&site.index, renderer, out, sv)
}

/// The essays' pages.
pub(super) fn essays(site: &Site, html: Vec<String>, sv: &SiteView, renderer: &Renderer, out: &Output) -> Result<()> {
    for (e, html) in site.essays.iter().zip(html) {
        let frame = Frame {
            site: sv,
            root: "../",
            title: e.title.clone(),
            section: "pages",
            breadcrumbs: vec![home_crumb("../", renderer)],
            page: EssayView { slug: e.slug.clone(), html },
        };
        out.write(&format!("pages/{}.html", e.slug), renderer.render("page.html", &frame)?.as_bytes())?;
    }
    Ok(())
}

/// The edition's references ([`crate::render::references`]):
/// references.html with the head of the most-cited documents and of the
/// documents cited but not in the edition, and the further pages of both
/// lists in references/, each bounded.
pub(super) fn references(site: &Site, sv: &SiteView, renderer: &Renderer, out: &Output) -> Result<()> {
    let s = renderer.strings();
    let title = s.get("browse.references_title").to_string();
    for page in
        crate::render::references::pages(&site.index.citations, &site.index.docs, site.config.reference_url.as_deref())
    {
        let first = page.number == 1 && page.view.part == "first";
        let root = if first { "" } else { "../" };
        let mut breadcrumbs = vec![
            home_crumb(root, renderer),
            Link { url: format!("{root}documents/index.html"), title: s.get("site.documents").to_string() },
        ];
        let page_title = match page.view.part {
            "cited" => s.fmt("references.most_cited_page", &[("n", &page.number)]),
            "outside" => s.fmt("references.outside_page", &[("n", &page.number)]),
            _ => title.clone(),
        };
        if !first {
            breadcrumbs.push(Link { url: "../references.html".into(), title: title.clone() });
        }
        let frame = Frame { site: sv, root, title: page_title, section: "documents", breadcrumbs, page: page.view };
        out.write(&page.path, renderer.render("references.html", &frame)?.as_bytes())?;
    }
    Ok(())
}

/// The search page (its index is written by [`crate::export::search`]).
pub(super) fn search_page(sv: &SiteView, renderer: &Renderer, out: &Output) -> Result<()> {
    let page = Frame {
        site: sv,
        root: "",
        title: renderer.strings().get("search.title").to_string(),
        section: "search",
        breadcrumbs: vec![home_crumb("", renderer)],
        page: SearchView { search_strings: renderer.strings().section_json("search") },
    };
    out.write("search.html", renderer.render("search.html", &page)?.as_bytes())
}

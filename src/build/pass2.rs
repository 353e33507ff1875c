//! The second pass of a build, once the index is known: the search
//! postings put in index order, then every document page completed with
//! what needs the whole edition (previous and next documents, related
//! documents) and written, with the search entries in groups.

use crate::render::templates::Renderer;
use rayon::prelude::*;

use crate::base::error::Result;
use crate::base::keys::KeyHasher;
use crate::base::output::Output;
use crate::base::progress::Progress;
use crate::base::spill::Spill;
use crate::build::record::{Kept, Slot};
use crate::export::search::{SearchBuilder, Stored, DOC_GROUP};
use crate::index::Index;

/// Hands each document's search postings to the builder in index order;
/// returns the key of the whole search index's input.
pub(super) fn order_search(
    index: &Index,
    kept: &mut [Kept],
    search_keys: &[u64],
    search: &SearchBuilder,
) -> Result<u64> {
    let mut search_key = KeyHasher::new();
    search_key.u64(index.source.len() as u64);
    for (pos, &i) in index.source.iter().enumerate() {
        search_key.u64(search_keys[i]);
        if let Some(data) = kept[i].search.take() {
            search.insert(pos, Stored::Spilled(data))?;
        }
    }
    Ok(search_key.finish())
}

/// Writes every document page: its page from the scratch file with the
/// slots filled, keyed so an incremental build writes only changed pages.
pub(super) fn document_pages(
    index: &Index,
    kept: &[Kept],
    spill: &Spill,
    search: &SearchBuilder,
    renderer: &Renderer,
    out: &Output,
    progress: &Progress,
) -> Result<()> {
    let bar = progress.bar("writing", index.docs.len());
    index.docs.par_chunks(DOC_GROUP).enumerate().try_for_each(|(g, chunk)| -> Result<()> {
        let mut group_key = KeyHasher::new();
        group_key.str("search group").u64(g as u64);
        let mut members = Vec::with_capacity(chunk.len());
        for (k, summary) in chunk.iter().enumerate() {
            bar.inc(1);
            let pos = g * DOC_GROUP + k;
            let Some(kept) = index.source.get(pos).and_then(|&i| kept.get(i)) else { continue };
            group_key.u64(pos as u64).u64(kept.input);
            members.push((pos, kept));
            let nav = crate::render::parts::doc_nav(renderer, &index.docs, pos)?;
            // Cited by and the thread, then related documents.
            let mut related = crate::render::apparatus::cited_html(renderer, &index.citations, &index.docs, pos)?;
            related.push_str(&crate::render::parts::related(
                renderer,
                &index.docs,
                index.related.get(pos).map_or(&[][..], Vec::as_slice),
            )?);
            let paras: Vec<String> = kept
                .para_links
                .iter()
                .map(|(id, k)| {
                    index
                        .citations
                        .find(id)
                        .and_then(|p| index.citations.paragraph(p, *k))
                        .map(|n| format!("#p{n}"))
                        .unwrap_or_default()
                })
                .collect();
            let mut key = KeyHasher::new();
            key.str("page").u64(kept.input).str(&nav).str(&related);
            for p in &paras {
                key.str(p);
            }
            let key = key.finish();
            out.write_keyed(&format!("documents/{}.html", summary.id), key, || {
                let page = spill.get(kept.page)?;
                let mut html = Vec::with_capacity(page.len() + nav.len() + related.len());
                let mut from = 0;
                for &(at, slot) in &kept.slots {
                    html.extend_from_slice(&page[from..at as usize]);
                    html.extend_from_slice(match slot {
                        Slot::Nav => nav.as_bytes(),
                        Slot::Related => related.as_bytes(),
                        Slot::Para(k) => paras.get(k as usize).map_or(&b""[..], |p| p.as_bytes()),
                    });
                    from = at as usize;
                }
                html.extend_from_slice(&page[from..]);
                Ok(html)
            })?;
            exports(index, pos, summary.id.as_str(), kept, spill, out, renderer.strings())?;
        }
        search.write_group(g, group_key.finish(), out, || {
            let mut js = String::new();
            for (pos, kept) in &members {
                js.push_str(&crate::export::search::entry_script(*pos, &spill.get_string(kept.snippet)?));
            }
            Ok(js)
        })
    })?;
    bar.finish_and_clear();
    Ok(())
}

/// Writes a document's JSON and TEI exports: the first pass's, with what
/// cites it (issue 17), keyed so an incremental build writes only those
/// whose document or citations changed.
fn exports(
    index: &Index,
    pos: usize,
    id: &str,
    kept: &Kept,
    spill: &Spill,
    out: &Output,
    strings: &crate::load::strings::Strings,
) -> Result<()> {
    let json_cited = crate::export::cited::json_fields(&index.citations, &index.docs, pos);
    let key = KeyHasher::new().str("json").u64(kept.input).str(&json_cited).finish();
    out.write_keyed(&format!("data/{id}.json"), key, || {
        let mut json = spill.get(kept.json)?;
        // `{…}` → `{…,"cited_by":…}`
        if json.last() == Some(&b'}') {
            json.pop();
            json.extend_from_slice(json_cited.as_bytes());
            json.push(b'}');
        }
        Ok(json)
    })?;
    let tei_cited = crate::export::cited::tei_list(&index.citations, &index.docs, pos, strings);
    let key = KeyHasher::new().str("tei").u64(kept.input).str(&tei_cited).finish();
    out.write_keyed(&format!("tei/{id}.xml"), key, || {
        let tei = spill.get(kept.tei)?;
        let at = (kept.tei_cited_at as usize).min(tei.len());
        let mut x = Vec::with_capacity(tei.len() + tei_cited.len());
        x.extend_from_slice(&tei[..at]);
        x.extend_from_slice(tei_cited.as_bytes());
        x.extend_from_slice(&tei[at..]);
        Ok(x)
    })
}

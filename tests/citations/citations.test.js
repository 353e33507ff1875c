// The citations Folio writes, read back with Citation.js (a real BibTeX,
// RIS and CSL-JSON parser, and a CSL processor): every document's BibTeX,
// RIS and CSL-JSON as its page offers them (data: links with a download
// name, no file per format) and the CSL-JSON item of its data/<id>.json,
// the edition-wide downloads/edition.bib,
// .ris and -csl.json, and the Highwire / Dublin Core meta tags of every
// document page. Each must parse, hold exactly the right number of items,
// and carry the document's title, date, creator and identifier as the
// document's JSON export has them.
//
// Run by scripts/test.sh with FOLIO_SITE set to a built edition; on its own:
//   FOLIO_SITE=public node --test tests/citations/
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");
require("@citation-js/plugin-csl");

const site = process.env.FOLIO_SITE;
if (!site) throw new Error("set FOLIO_SITE to a built edition");

const read = (rel) => fs.readFileSync(path.join(site, rel), "utf8");
const ids = fs.readdirSync(path.join(site, "data"))
  .filter((f) => f.endsWith(".json") && !f.startsWith("_"))
  .map((f) => f.slice(0, -5))
  .filter((id) => fs.existsSync(path.join(site, "documents", id + ".html")));

// The page's download link of one format: <a download="ID.ext"
// href="data:MIME,..."> (quoted or not, as minify-html leaves it), decoded.
function dataLink(id, ext, mime) {
  const html = read(`documents/${id}.html`);
  for (const m of html.matchAll(/<a\s([^>]*)>/g)) {
    const attrs = {};
    for (const a of m[1].matchAll(/([\w.:-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
      attrs[a[1]] = a[2] ?? a[3] ?? a[4] ?? "";
    }
    if (attrs.download !== `${id}.${ext}`) continue;
    const prefix = `data:${mime},`;
    assert.ok(attrs.href.startsWith(prefix), `${id}.${ext}: a data: link of ${mime}: ${attrs.href.slice(0, 80)}`);
    return decodeURIComponent(attrs.href.slice(prefix.length));
  }
  throw new Error(`${id}: no download link ${id}.${ext}`);
}

const dateParts = (iso) => iso.slice(0, 10).split("-").map(Number);

function expected(id) {
  const doc = JSON.parse(read(`data/${id}.json`));
  return doc;
}

function checkItem(item, doc, what) {
  assert.equal(item.title, doc.title, `${what}: title`);
  if (doc.date) {
    assert.deepEqual(item.issued["date-parts"][0].map(Number), dateParts(doc.date), `${what}: date`);
  }
  if (doc.metadata && doc.metadata.from) {
    assert.ok(item.author && item.author.length === 1, `${what}: one author (the originating office)`);
    const a = item.author[0];
    const name = a.literal || [a.given, a.family].filter(Boolean).join(" ");
    assert.ok(name.length > 0, `${what}: author has a name`);
  }
}

test("there are documents with citations", () => {
  assert.ok(ids.length > 0, `no documents in ${site}`);
  assert.ok(!fs.existsSync(path.join(site, "cite")), "no loose citation files");
});

test("every document's BibTeX parses to one entry with its title and date", () => {
  for (const id of ids) {
    const doc = expected(id);
    const items = new Cite(dataLink(id, "bib", "application/x-bibtex;charset=utf-8"), { forceType: "@biblatex/text" }).data;
    assert.equal(items.length, 1, `${id}.bib: one entry`);
    checkItem(items[0], doc, `${id}.bib`);
  }
});

test("every document's RIS parses to one record with its title and date", () => {
  for (const id of ids) {
    const doc = expected(id);
    const items = new Cite(dataLink(id, "ris", "application/x-research-info-systems;charset=utf-8"), { forceType: "@ris/file" }).data;
    assert.equal(items.length, 1, `${id}.ris: one record`);
    checkItem(items[0], doc, `${id}.ris`);
  }
});

test("every document's CSL-JSON is read and formatted by a CSL processor", () => {
  for (const id of ids) {
    const doc = expected(id);
    const csl = JSON.parse(dataLink(id, "json", "application/vnd.citationstyles.csl+json;charset=utf-8"));
    assert.ok(Array.isArray(csl) && csl.length === 1, `${id}.json: an array of one item`);
    assert.deepEqual(doc.csl, csl[0], `${id}: data/${id}.json carries the same CSL-JSON item`);
    const cite = new Cite(csl, { forceType: "@csl/list+object" });
    checkItem(cite.data[0], doc, `${id}.json`);
    const bib = cite.format("bibliography", { format: "text", template: "apa", lang: "en-US" });
    assert.ok(bib.includes(doc.title.slice(0, 20)), `${id}.json formats with its title: ${bib}`);
  }
});

test("the edition-wide files hold one item per document", () => {
  const bib = new Cite(read("downloads/edition.bib"), { forceType: "@biblatex/text" }).data;
  const ris = new Cite(read("downloads/edition.ris"), { forceType: "@ris/file" }).data;
  const csl = new Cite(JSON.parse(read("downloads/edition-csl.json")), { forceType: "@csl/list+object" }).data;
  for (const [what, items] of [["edition.bib", bib], ["edition.ris", ris], ["edition-csl.json", csl]]) {
    assert.equal(items.length, ids.length, `${what}: ${items.length} items for ${ids.length} documents`);
  }
  const titles = new Set(csl.map((i) => i.title));
  for (const id of ids) assert.ok(titles.has(expected(id).title), `edition-csl.json has ${id}`);
});

// name/content of every <meta name> (attributes in any order, quoted or
// not, as minify-html leaves them).
function metaTags(html) {
  const decode = (v) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const tags = [];
  for (const m of html.matchAll(/<meta\s([^>]*)>/g)) {
    const attrs = {};
    for (const a of m[1].matchAll(/([\w.:-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
      attrs[a[1]] = decode(a[2] ?? a[3] ?? a[4] ?? "");
    }
    if (attrs.name && "content" in attrs) tags.push([attrs.name, attrs.content]);
  }
  return tags;
}

test("document pages carry Highwire and Dublin Core tags a reference manager reads as a document", () => {
  for (const id of ids) {
    const doc = expected(id);
    const tags = metaTags(read(`documents/${id}.html`));
    const get = (n) => tags.filter(([k]) => k === n).map(([, v]) => v);
    assert.deepEqual(get("citation_title"), [doc.title], `${id}: citation_title`);
    assert.deepEqual(get("DC.title"), [doc.title], `${id}: DC.title`);
    if (doc.date) {
      assert.deepEqual(get("citation_date"), [doc.date.slice(0, 10).replace(/-/g, "/")], `${id}: citation_date`);
      assert.deepEqual(get("DC.date"), [doc.date.slice(0, 10)], `${id}: DC.date`);
    }
    const type = get("DC.type");
    assert.equal(type.length, 1, `${id}: one DC.type`);
    // Zotero takes DC.type as its item type when it names one: not a web page.
    assert.ok(["manuscript", "magazineArticle", "document"].includes(type[0]), `${id}: DC.type ${type[0]}`);
    assert.ok(get("DC.identifier").length >= 1, `${id}: DC.identifier`);
    assert.equal(get("citation_publisher").length, 1, `${id}: citation_publisher`);
    if (doc.metadata && doc.metadata.from) {
      assert.equal(get("citation_author").length, 1, `${id}: citation_author`);
      assert.deepEqual(get("DC.creator"), get("citation_author"), `${id}: DC.creator`);
    }
  }
});

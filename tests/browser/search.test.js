// Browser tests of search.html on the demo edition, from file:// with
// Debian's Chromium: results, facets, phrases, prefixes, snippet links to
// the exact paragraph, state in the URL fragment, and a clean console.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { useBrowser, fileUrl, watch } = require("./lib.js");

const browser = useBrowser();

const TELEGRAM = "1978MOSCOW08357";
const MONITOR = "monitor-1999-5-156";

/** Opens search.html#<fragment> and waits until the results are shown. */
async function search(fragment) {
  const page = await browser().newPage();
  const w = watch(page);
  await page.goto(fileUrl("search.html" + fragment));
  await waitDone(page);
  return { page, w };
}

/** Waits until the status line reports a count (or no query). */
async function waitDone(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status");
    return s && /documents?\b|Type words/.test(s.textContent) && !/Searching/.test(s.textContent);
  });
}

async function resultIds(page) {
  return page.$$eval("#search-results .result", (lis) => lis.map((li) => li.getAttribute("data-doc")));
}

test("a name finds the document that contains it, with a snippet linking to its paragraph", async () => {
  const { page, w } = await search("#q=Klebanov");
  // The article names him; the telegram's commentary does too (ranked after).
  assert.deepEqual(await resultIds(page), [MONITOR, TELEGRAM]);
  assert.equal(await page.getAttribute(`.result[data-doc="${TELEGRAM}"]`, "class"), "result in-commentary");
  // The article's inferred date in brackets, with how it was inferred as
  // its tooltip (as in the document lists); the telegram's date as read.
  const inferred = await page.$eval(`.result[data-doc="${MONITOR}"] .result-meta time`, (t) => [t.textContent, t.title, t.getAttribute("datetime")]);
  assert.match(inferred[0], /^\[1999-[\d-]+\]$/);
  assert.match(inferred[1], /^inferred by the editor: from the sources it cites/);
  assert.equal(inferred[0], `[${inferred[2]}]`);
  const read = await page.$eval(`.result[data-doc="${TELEGRAM}"] .result-meta time`, (t) => [t.textContent, t.hasAttribute("title")]);
  assert.deepEqual(read, ["1978-04-20", false]);
  const href = await page.$eval("#search-results .result a.snippet", (a) => a.getAttribute("href"));
  assert.match(href, new RegExp(`^documents/${MONITOR}\\.html#p\\d+$`));
  assert.equal(await page.$eval("#search-results .result a.snippet mark", (m) => m.textContent), "Klebanov");
  // The anchor is the paragraph that contains the word.
  await page.click("#search-results .result a.snippet");
  await page.waitForURL(/#p\d+$/);
  const para = await page.evaluate(() => document.getElementById(location.hash.slice(1)).textContent);
  assert.match(para, /Klebanov/);
  w.assertClean("Klebanov search");
  await page.close();
});

test("case-insensitive: lower case finds the all-caps telegram", async () => {
  const { page, w } = await search("#q=kapitsa");
  const ids = await resultIds(page);
  assert.ok(ids.includes(TELEGRAM), ids.join());
  // The article only in its commentary (which mentions him).
  if (ids.includes(MONITOR)) assert.equal(await page.getAttribute(`.result[data-doc="${MONITOR}"]`, "class"), "result in-commentary");
  const marks = await page.$$eval("#search-results .result mark", (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.includes("KAPITSA"), marks.join());
  w.assertClean();
  await page.close();
});

test("typing in the box searches as you type and keeps the state in the fragment", async () => {
  const page = await browser().newPage();
  const w = watch(page);
  await page.goto(fileUrl("search.html"));
  await waitDone(page);
  await page.fill("#search-q", "klebanov");
  await page.waitForFunction(() => /^2 documents/.test(document.getElementById("search-status").textContent));
  assert.equal(new URL(page.url()).hash, "#q=klebanov");
  // Reload: the fragment restores the search.
  await page.reload();
  await waitDone(page);
  assert.equal(await page.inputValue("#search-q"), "klebanov");
  assert.deepEqual(await resultIds(page), [MONITOR, TELEGRAM]);
  w.assertClean();
  await page.close();
});

test("a phrase matches exactly, and the reversed phrase does not", async () => {
  let { page, w } = await search('#q="arms sales"');
  // The telegram in its text, the article in its commentary.
  assert.deepEqual(await resultIds(page), [TELEGRAM, MONITOR]);
  const marks = await page.$$eval("#search-results .result a.snippet mark", (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.some((m) => /^ARMS SALES$/.test(m)), marks.join());
  w.assertClean();
  await page.close();
  ({ page, w } = await search('#q="sales arms"'));
  assert.deepEqual(await resultIds(page), []);
  assert.match(await page.textContent("#search-status"), /^0 documents/);
  w.assertClean();
  await page.close();
});

test("a prefix matches the words it begins", async () => {
  const { page, w } = await search("#q=" + encodeURIComponent("klebano*"));
  assert.deepEqual(await resultIds(page), [MONITOR, TELEGRAM]);
  w.assertClean();
  await page.close();
});

test("a facet narrows the results and is kept in the fragment", async () => {
  const { page, w } = await search("#q=china");
  const both = await resultIds(page);
  assert.deepEqual([...both].sort(), [TELEGRAM, MONITOR].sort());
  // The format facet names the formats, not Folio's internal names.
  const formats = await page.$$eval('details[data-dim="format"] a', (as) => as.map((a) => a.getAttribute("data-value") + ":" + a.firstChild.textContent.trim()));
  assert.ok(formats.includes("article:Press-digest article"), formats.join());
  assert.ok(formats.includes("cable:State Department telegram"), formats.join());
  // The year facet shows a count for each year of the results.
  const years = await page.$$eval('details[data-dim="year"] a', (as) => as.map((a) => a.getAttribute("data-value") + ":" + a.querySelector(".count").textContent));
  assert.deepEqual(years, ["1978:1", "1999:1"]);
  await page.click('details[data-dim="year"] a[data-value="1999"]');
  await page.waitForFunction(() => document.querySelectorAll("#search-results .result").length === 1);
  assert.deepEqual(await resultIds(page), [MONITOR]);
  assert.match(new URL(page.url()).hash, /year=1999/);
  // Facets combine: a person of the other document leaves nothing.
  await page.goto(fileUrl("search.html#q=china&person=kapitsa"));
  await waitDone(page);
  assert.deepEqual(await resultIds(page), [TELEGRAM]);
  // A facet alone lists its documents.
  await page.goto(fileUrl("search.html#format=article"));
  await waitDone(page);
  assert.deepEqual(await resultIds(page), [MONITOR]);
  w.assertClean();
  await page.close();
});

test("the header search box of any page opens the search with its words", async () => {
  const page = await browser().newPage();
  const w = watch(page);
  await page.goto(fileUrl("persons/index.html"));
  await page.fill("#site-search", "Klebanov");
  await page.press("#site-search", "Enter");
  await page.waitForURL(/search\.html/);
  await waitDone(page);
  assert.deepEqual(await resultIds(page), [MONITOR, TELEGRAM]);
  w.assertClean();
  await page.close();
});

test("a query loads only the index files it needs", async () => {
  const { page, w } = await search("#q=klebanov");
  const files = await page.evaluate(() => window.FolioSearch.loaded.slice());
  assert.ok(files.includes("manifest.js"), files.join());
  assert.ok(files.some((f) => /^terms-\d+\.js$/.test(f)), files.join());
  assert.deepEqual(files.filter((f) => f.startsWith("doc/")).length, 1, files.join());
  w.assertClean();
  await page.close();
});

test("without JavaScript the page points to the indexes", async () => {
  const ctx = await browser().newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(fileUrl("search.html") + "?q=kapitsa");
  assert.equal(await page.isVisible("#search-app"), false);
  assert.equal(await page.isVisible("#search-nojs"), true);
  assert.equal(await page.isVisible('.search-browse a[href="persons/index.html"]'), true);
  await ctx.close();
});

test("an empty search lists every document by date, and sorts newest first", async () => {
  let { page, w } = await search("");
  // The demo's documents are of 1978 (the telegram) and 1999 (the article).
  assert.deepEqual(await resultIds(page), [TELEGRAM, MONITOR]);
  assert.match(await page.textContent("#search-status"), /^All 2 documents, oldest first/);
  await page.selectOption("#search-sort", "date-desc");
  await page.waitForFunction(() => /newest first/.test(document.getElementById("search-status").textContent));
  assert.deepEqual(await resultIds(page), [MONITOR, TELEGRAM]);
  w.assertClean();
  await page.close();
  // With a facet and no words: that facet's documents, by date.
  ({ page, w } = await search("#year=1978"));
  assert.deepEqual(await resultIds(page), [TELEGRAM]);
  w.assertClean();
  await page.close();
});

test("a register name finds its entry first and the documents that use any of its forms", async () => {
  const { page, w } = await search("#q=" + encodeURIComponent("Deng Xiaoping"));
  const entry = await page.textContent("#search-entries");
  assert.match(entry, /Deng Xiaoping: person, \d+ documents?, also written TENG HSIAO-PING, TENG\./);
  assert.equal(await page.getAttribute("#search-entries a", "href"), "persons/deng-xiaoping.html");
  assert.ok((await resultIds(page)).includes(TELEGRAM));
  w.assertClean();
  await page.close();
  // The telegram names Ye Jianying only as YEH CHIEN-YING, and NATO only
  // by its acronym (both documents): found through the register.
  let r = await search("#q=" + encodeURIComponent("Ye Jianying"));
  assert.match(await r.page.textContent("#search-entries"), /^Ye Jianying: person/);
  assert.deepEqual(await resultIds(r.page), [TELEGRAM]);
  assert.match(await r.page.textContent(`.result[data-doc="${TELEGRAM}"]`), /Mentions Ye Jianying/);
  assert.equal(await r.page.textContent(`.result[data-doc="${TELEGRAM}"] a.snippet mark`), "YEH CHIEN-YING");
  r.w.assertClean();
  await r.page.close();
  r = await search("#q=" + encodeURIComponent("north atlantic treaty organization"));
  assert.match(await r.page.textContent("#search-entries"), /^North Atlantic Treaty Organization: organization, \d+ documents?, also written NATO/);
  assert.ok((await resultIds(r.page)).includes(MONITOR));
  r.w.assertClean();
  await r.page.close();
  // An alias alone does it too.
  const again = await search("#q=teng");
  assert.match(await again.page.textContent("#search-entries"), /^Deng Xiaoping: person/);
  again.w.assertClean();
  await again.page.close();
});

test("a word of the commentary finds its document, marked and linked to the note", async () => {
  const { page, w } = await search("#q=Harrier");
  assert.deepEqual(await resultIds(page), [TELEGRAM]);
  const snippet = page.locator("#search-results .result a.snippet");
  assert.match(await snippet.textContent(), /^In the commentary: (note \d+|headnote)/);
  assert.match(await snippet.getAttribute("href"), new RegExp(`^documents/${TELEGRAM}\\.html#(n\\d+|headnote-h)$`));
  assert.equal(await page.$eval("#search-results .result a.snippet mark", (m) => m.textContent), "Harrier");
  await snippet.click();
  await page.waitForURL(/#(n\d+|headnote-h)$/);
  const target = await page.evaluate(() => document.getElementById(location.hash.slice(1)).closest(".note, .headnote").textContent);
  assert.match(target, /Harrier/);
  w.assertClean();
  await page.close();
});

test("signatures, subject and both forms of an emended reading are found", async () => {
  for (const q of ["toon", "foreseeable", '"fore seeable"']) {
    const { page, w } = await search("#q=" + encodeURIComponent(q));
    assert.ok((await resultIds(page)).includes(TELEGRAM), `${q} finds the telegram`);
    w.assertClean();
    await page.close();
  }
});

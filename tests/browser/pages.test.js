// Every page of the built site, opened from disk in headless Chromium:
// no console error, no failed request, nothing from another host, every
// internal link and anchor resolves, and axe-core finds no accessibility
// violation (light theme on every page; dark theme and a narrow screen on a
// home, a document, a person and an index page).
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { fileURLToPath } = require("node:url");
const { SITE, useBrowser, fileUrl, watch, checkAxe, formatViolations } = require("./lib.js");

function allPages(dir = SITE, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) allPages(p, out);
    else if (e.name.endsWith(".html")) out.push(path.relative(SITE, p).split(path.sep).join("/"));
  }
  return out;
}

// A home, a document, a person and an index page (as the issue names them).
function keyPages(pages) {
  const pick = (re) => pages.find((p) => re.test(p));
  return [
    "index.html",
    pick(/^documents\/(?!index)[^/]+\.html$/),
    pick(/^persons\/(?!index)[^/]+\.html$/),
    pick(/^persons\/index\.html$/),
  ].filter(Boolean);
}

const browser = useBrowser();

test("every page loads from disk without errors, and its links resolve", async () => {
  const pages = allPages();
  assert.ok(pages.length > 5, `the site has pages (${pages.length})`);
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  const ids = new Map(); // file path -> Set of ids, filled as pages are visited
  const links = []; // [from, href]
  for (const rel of pages) {
    const w = watch(page);
    await page.goto(fileUrl(rel), { waitUntil: "load" });
    if (w.errors.length) problems.push(`${rel}:\n    ${w.errors.join("\n    ")}`);
    page.removeAllListeners("console");
    page.removeAllListeners("pageerror");
    page.removeAllListeners("request");
    page.removeAllListeners("requestfailed");
    page.removeAllListeners("response");
    const found = await page.evaluate(() => ({
      ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
      // A citation download (<a download href="data:...">) carries its
      // bytes: nothing to resolve (the next test downloads them).
      hrefs: [...document.querySelectorAll("a[href], link[href], script[src], img[src]")]
        .filter((e) => !(e.hasAttribute("download") && e.getAttribute("href").startsWith("data:application/")))
        .map((e) => new URL(e.getAttribute("href") || e.getAttribute("src"), document.baseURI).href),
      lang: document.documentElement.lang,
      title: document.title,
      h1: document.querySelectorAll("h1").length,
    }));
    ids.set(path.join(SITE, rel), new Set(found.ids));
    for (const h of found.hrefs) links.push([rel, h]);
    if (!found.lang) problems.push(`${rel}: <html> has no lang`);
    if (!found.title) problems.push(`${rel}: no <title>`);
    if (found.h1 !== 1) problems.push(`${rel}: ${found.h1} <h1> elements (want 1)`);
  }
  for (const [from, href] of links) {
    const u = new URL(href);
    if (u.protocol !== "file:") {
      // Authority records (Wikidata, VIAF) are links out, never loaded.
      if (!/^https?:$/.test(u.protocol) && u.protocol !== "mailto:") problems.push(`${from}: odd link ${href}`);
      continue;
    }
    const file = fileURLToPath(u);
    if (!file.startsWith(SITE + path.sep)) { problems.push(`${from}: link leaves the site: ${href}`); continue; }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) { problems.push(`${from}: broken link ${href}`); continue; }
    const frag = decodeURIComponent(u.hash.slice(1));
    // "#person=kapitsa" is page state (search facets), not an anchor.
    if (frag && !frag.includes("=") && file.endsWith(".html")) {
      const set = ids.get(file);
      if (set && !set.has(frag)) problems.push(`${from}: no #${frag} in ${path.relative(SITE, file)}`);
    }
  }
  assert.deepEqual(problems, [], `problems:\n  ${problems.join("\n  ")}`);
  await context.close();
});

test("a document's BibTeX, RIS and CSL-JSON download from its page, offline, under its CSP", async () => {
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const w = watch(page);
  const id = "1978MOSCOW08357";
  await page.goto(fileUrl(`documents/${id}.html`), { waitUntil: "load" });
  for (const [ext, start] of [["bib", "@misc{1978MOSCOW08357,"], ["ris", "TY  - MANSCPT"], ["json", "[{"]]) {
    const link = page.locator(`a[download="${id}.${ext}"]`);
    assert.equal(await link.count(), 1, `one ${ext} download link`);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    assert.equal(download.suggestedFilename(), `${id}.${ext}`);
    const body = fs.readFileSync(await download.path(), "utf8");
    assert.ok(body.startsWith(start), `${ext} download starts with ${start}: ${body.slice(0, 60)}`);
    if (ext === "json") assert.equal(JSON.parse(body)[0].id, id);
  }
  assert.deepEqual(w.errors, [], "no console errors or CSP violations");
  await context.close();
});

test("axe-core: no accessibility violations on any page (light theme)", async () => {
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await context.newPage();
  const failures = [];
  for (const rel of allPages()) {
    await page.goto(fileUrl(rel));
    const v = await checkAxe(page);
    if (v.length) failures.push(`${rel}:\n  ${formatViolations(v)}`);
  }
  assert.equal(failures.length, 0, failures.join("\n"));
  await context.close();
});

test("axe-core: no violations in the dark theme and on a narrow screen", async () => {
  const failures = [];
  for (const [colorScheme, width] of [["dark", 1440], ["light", 390], ["dark", 390]]) {
    const context = await browser().newContext({ viewport: { width, height: 844 }, colorScheme });
    const page = await context.newPage();
    for (const rel of keyPages(allPages())) {
      await page.goto(fileUrl(rel));
      const v = await checkAxe(page);
      if (v.length) failures.push(`${rel} (${colorScheme}, ${width}px):\n  ${formatViolations(v)}`);
    }
    await context.close();
  }
  assert.equal(failures.length, 0, failures.join("\n"));
});

test("keyboard: skip link first, visible focus, header links reachable", async () => {
  const context = await browser().newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const w = watch(page);
  const rel = keyPages(allPages())[1] || "index.html";
  await page.goto(fileUrl(rel));
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({ cls: document.activeElement.className, href: document.activeElement.getAttribute("href") }));
  assert.equal(first.href, "#main", "the first Tab stop is the skip link");
  assert.ok(await page.locator(".skip").isVisible(), "the skip link shows when focused");
  // Focus is visibly outlined.
  await page.keyboard.press("Tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "focused links have an outline");
  // The header's navigation names every part of the edition.
  const nav = await page.$$eval(".site-nav a", (as) => as.map((a) => a.textContent.trim()));
  for (const name of ["Documents", "Persons", "Places", "Organizations", "Topics", "Chronology", "Search"]) {
    assert.ok(nav.includes(name), `header links to ${name}`);
  }
  w.assertClean();
  await context.close();
});

// Measures what typical queries on a built 100,000-document synthetic edition
// load: index files and bytes. usage: node scripts/search-measure.js SITE
// (needs playwright-core, e.g. from tests/browser/node_modules; queries use
// words of `folio synth --seed 1`).
const fs = require("fs"), path = require("path");
const { chromium } = require("playwright-core");
const site = process.argv[2];
const queries = [
  ["a person's name (rare word)", "#q=jinnissor"],
  ["a register name, two words", "#q=dimtsa%20tuldim"],
  ["a phrase", "#q=%22dimtsa%20tuldim%22"],
  ["a common word", "#q=minister"],
  ["a phrase of common words", "#q=%22prime%20minister%22"],
  ["a prefix", "#q=jinn*"],
  ["a word and a facet", "#q=jinnissor&year=1975"],
  ["a facet alone", "#person=dimtsa-tuldim"],
];
(async () => {
  const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const rows = [];
  for (const [label, frag] of queries) {
    const p = await b.newPage();
    const errs = [];
    p.on("console", (m) => { if (m.type() === "error") errs.push(m.text()); });
    p.on("pageerror", (e) => errs.push(e.message));
    const t0 = Date.now();
    await p.goto("file://" + site + "/search.html" + frag);
    await p.waitForFunction(() => { const s = document.getElementById("search-status"); return s && /documents?\b/.test(s.textContent) && !/Searching/.test(s.textContent); }, null, { timeout: 120000 });
    await p.waitForTimeout(300);
    const ms = Date.now() - t0;
    const status = await p.textContent("#search-status");
    const files = await p.evaluate(() => window.FolioSearch.loaded.slice());
    let bytes = 0;
    const kinds = {};
    for (const f of files) {
      const n = fs.statSync(path.join(site, "search", f)).size;
      bytes += n;
      const k = f.startsWith("terms-") ? "terms" : f.startsWith("facet-") ? "facets" : f.startsWith("doc/") ? "docs" : "manifest";
      kinds[k] = kinds[k] || [0, 0];
      kinds[k][0]++; kinds[k][1] += n;
    }
    const first = await p.$$eval("#search-results .result", (l) => l.slice(0, 2).map((x) => x.getAttribute("data-doc") + " " + (x.querySelector(".snippet") || {}).getAttribute?.("href")));
    rows.push({ label, frag, status, files: files.length, kb: Math.round(bytes / 1024), kinds: Object.entries(kinds).map(([k, [n, s]]) => `${k} ${n}/${Math.round(s / 1024)}KB`).join(", "), ms, first, errs });
    await p.close();
  }
  for (const r of rows) console.log(JSON.stringify(r));
  await b.close();
})();

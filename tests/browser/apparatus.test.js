// The archival apparatus in the browser (issue 17): the apparatus fixture
// (tests/fixtures/apparatus: telegrams citing each other, threads three
// deep, withheld text, handling caveats, review stamps) built in English and
// German, then axe-core over its document pages and its references page, in
// the light and the dark theme; every link of those pages resolves from
// file://, and nothing loads from outside.
//
// Needs FOLIO_BIN (scripts/test.sh sets it) or target/release/folio.
"use strict";

const { test, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { pathToFileURL, fileURLToPath } = require("node:url");
const { useBrowser, watch, checkAxe, formatViolations, tempDir } = require("./lib.js");

const repo = path.join(__dirname, "..", "..");
const folio = process.env.FOLIO_BIN || path.join(repo, "target", "release", "folio");
const fixture = path.join(repo, "tests", "fixtures", "apparatus");

// The temporary folders, removed when the tests are done.
const dirs = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Builds the fixture in `language` into a temporary folder; returns the site. */
function build(language) {
  const dir = tempDir("folio-apparatus-");
  dirs.push(dir);
  const root = path.join(dir, "edition");
  fs.cpSync(fixture, root, { recursive: true });
  const site = path.join(root, "site.toml");
  fs.writeFileSync(site, fs.readFileSync(site, "utf8").replace('language = "en"', `language = "${language}"`));
  const out = path.join(dir, "site");
  execFileSync(folio, ["build", "--quiet", "--no-cache", "--root", root, "--output", out], { stdio: "pipe" });
  return out;
}

// Thread and cited-by (08357, 09310, 118220), withheld text and a caveat
// (09310), a CIA release stamp, the references page.
const PAGES = [
  "documents/1978MOSCOW08357.html",
  "documents/1978MOSCOW09310.html",
  "documents/1978STATE118220.html",
  "documents/1978LONDON06120.html",
  "documents/CIA-RDP80B01554R003400120005-7.html",
  "references.html",
];

const browser = useBrowser();

for (const language of ["en", "de"]) {
  test(`axe-core: the apparatus pages have no violations (${language})`, async () => {
    const site = build(language);
    const failures = [];
    for (const [colorScheme, width] of [["light", 1280], ["dark", 390]]) {
      const context = await browser().newContext({ viewport: { width, height: 900 }, colorScheme });
      for (const rel of PAGES) {
        const page = await context.newPage();
        const w = watch(page);
        await page.goto(pathToFileURL(path.join(site, rel)).href);
        // The page shows what the axe run is about.
        if (rel.startsWith("documents/1978MOSCOW09310")) {
          assert.ok(await page.locator("section.apparatus ul.cited-by li").count(), "cited by");
          assert.ok(await page.locator("ul.thread li").count(), "a thread");
          assert.ok(await page.locator("span.gap").count(), "withheld text as a gap");
          assert.ok(await page.locator(".fact-handling").count(), "a handling caveat");
        }
        // Before axe, which fetches the stylesheets itself (and the
        // page's Content-Security-Policy refuses it).
        w.assertClean();
        const v = await checkAxe(page);
        if (v.length) failures.push(`${rel} (${colorScheme}, ${width}px):\n  ${formatViolations(v)}`);
        await page.close();
      }
      await context.close();
    }
    assert.equal(failures.length, 0, failures.join("\n"));
  });
}

test("the apparatus pages' links resolve from file://", async () => {
  const site = build("en");
  const context = await browser().newContext();
  const page = await context.newPage();
  const problems = [];
  for (const rel of PAGES) {
    await page.goto(pathToFileURL(path.join(site, rel)).href);
    const hrefs = await page.evaluate(() => Array.from(document.querySelectorAll("a[href]"), (a) => a.href));
    for (const href of hrefs) {
      const u = new URL(href);
      if (u.protocol !== "file:") continue;
      const file = fileURLToPath(u);
      if (!fs.existsSync(file)) {
        problems.push(`${rel}: broken link ${href}`);
        continue;
      }
      const frag = decodeURIComponent(u.hash.slice(1));
      if (frag && !frag.includes("=") && file.endsWith(".html")) {
        const html = fs.readFileSync(file, "utf8");
        if (!html.includes(`id="${frag}"`) && !html.includes(`id=${frag}`)) problems.push(`${rel}: no #${frag} in ${href}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});

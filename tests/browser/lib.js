// Shared harness of the browser tests: start Debian's Chromium through
// playwright-core, address pages of the built site by file:// URL, and watch
// a page for anything that went wrong (console errors, uncaught exceptions,
// failed requests, any request that leaves the disk).
//
// Contract (other test files depend on it):
//   launch()        -> a playwright chromium Browser
//   fileUrl(rel)    -> file:// URL of `rel` (may end in #anchor) inside FOLIO_SITE
//   watch(page)     -> { errors, assertClean() }
//   checkAxe(page)  -> axe-core violations of the loaded page (array)
//   SITE            -> absolute path of the built site
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const assert = require("node:assert/strict");
const { pathToFileURL } = require("node:url");
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.FOLIO_CHROMIUM || "/usr/bin/chromium";

const SITE = (() => {
  const s = process.env.FOLIO_SITE;
  if (!s) {
    throw new Error(
      "FOLIO_SITE is not set: build the demo edition (folio build --output DIR) and run\n" +
        "  FOLIO_SITE=DIR node --test tests/browser/\nor run scripts/test.sh, which does both."
    );
  }
  const abs = path.resolve(s);
  if (!fs.existsSync(path.join(abs, "index.html"))) {
    throw new Error(`FOLIO_SITE=${s}: no index.html there; is it a built Folio site?`);
  }
  return abs;
})();

/** Starts headless Chromium (Debian's build, never a downloaded one). */
async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get install chromium (scripts/test.sh does it)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
}

/** The file:// URL of a page of the built site: fileUrl("documents/x.html#p3"). */
function fileUrl(rel) {
  const hash = rel.indexOf("#");
  const file = hash < 0 ? rel : rel.slice(0, hash);
  const frag = hash < 0 ? "" : rel.slice(hash);
  return pathToFileURL(path.join(SITE, file)).href + frag;
}

// Schemes a page of the edition may load from: the disk and inline data.
const LOCAL = new Set(["file:", "data:", "blob:", "about:"]);

/**
 * Collects what went wrong on a page from now on: console errors (which
 * include CSP violations), uncaught exceptions, failed requests, HTTP errors,
 * and any request to another host. `assertClean()` fails the test with the list.
 */
function watch(page) {
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const loc = msg.location();
      errors.push(`console error: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
    }
  });
  page.on("pageerror", (err) => errors.push(`uncaught exception: ${err.message}`));
  page.on("request", (req) => {
    let scheme;
    try {
      scheme = new URL(req.url()).protocol;
    } catch {
      scheme = "?";
    }
    if (!LOCAL.has(scheme)) errors.push(`request leaves the disk: ${req.url()}`);
  });
  page.on("requestfailed", (req) => {
    const f = req.failure();
    errors.push(`failed request: ${req.url()} (${f ? f.errorText : "unknown"})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return {
    errors,
    assertClean(what) {
      assert.deepEqual(errors, [], `${what ? what + ": " : ""}the page reported problems:\n  ${errors.join("\n  ")}`);
    },
  };
}

const AXE_SOURCE = path.join(path.dirname(require.resolve("axe-core")), "axe.min.js");

/**
 * Runs axe-core in the page (injected through the DevTools protocol, so the
 * page's Content-Security-Policy does not stop it) and returns the violations
 * against WCAG 2.x A and AA and axe's best practices.
 */
async function checkAxe(page) {
  const source = fs.readFileSync(AXE_SOURCE, "utf8");
  await page.evaluate(source);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
    }));
  });
}

/** Human-readable list of axe violations, for assertion messages. */
function formatViolations(vs) {
  return vs.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).join("\n    ")}`).join("\n  ");
}

/** A fresh temporary folder (for screenshots and other artefacts). */
function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix || "folio-browser-"));
}

/**
 * One browser for all tests of a file: launched before them, closed after.
 * Returns a function that gives the browser.
 */
function useBrowser() {
  const { before, after } = require("node:test");
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    if (browser) await browser.close();
  });
  return () => browser;
}

module.exports = { SITE, launch, useBrowser, fileUrl, watch, checkAxe, formatViolations, tempDir };

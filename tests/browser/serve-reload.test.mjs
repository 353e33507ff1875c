// Browser test of `folio serve` as an editor sees it: an open page reloads by
// itself after a commentary file is saved, a mistake shows in the page as a
// banner over the last good version, and the banner goes when it is fixed.
// The Rust test tests/serve.rs checks the server side; this checks that the
// injected script really reloads a page in Chromium under the pages' CSP.
//
// Run (after `cargo build`):  node --test tests/browser/
// Needs playwright-core (npm install playwright-core) and Debian's chromium;
// FOLIO_BIN and CHROMIUM override target/debug/folio and /usr/bin/chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
// Resolve playwright-core from tests/browser/node_modules (npm ci --prefix tests/browser).
const require = createRequire(join(here, "package.json"));
const { chromium } = require("playwright-core");
const folio = process.env.FOLIO_BIN || join(here, "..", "..", "target", "debug", "folio");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

function startServer(root) {
  const child = spawn(folio, ["serve", "--port", "0", "--root", root], { stdio: ["ignore", "ignore", "pipe"] });
  const log = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("no address from folio serve in 60 s:\n" + log.join("\n")));
    }, 60000);
    createInterface({ input: child.stderr }).on("line", (line) => {
      log.push(line);
      const m = line.match(/http:\/\/[^ ]+\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0], log });
      }
    });
    child.on("exit", (code) => reject(new Error(`folio serve exited with ${code}:\n${log.join("\n")}`)));
  });
}

/** Ctrl-C, as an editor stops it; killed if it has not stopped in 20 s, so a
 * hung server fails the test instead of keeping the test run alive. */
async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", () => r(true)));
  child.kill("SIGINT");
  const timeout = new Promise((r) => setTimeout(() => r(false), 20000).unref());
  if (!(await Promise.race([exited, timeout]))) {
    child.kill("SIGKILL");
    await exited;
    assert.fail("folio serve did not stop within 20 s of SIGINT");
  }
}

function replaceIn(path, from, to) {
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${from} not in ${path}`);
  writeFileSync(path, text.replace(from, to));
}

test("an open page reloads after a save, shows a mistake and clears it", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "folio-browser-"));
  const root = join(tmp, "edition");
  execFileSync(folio, ["new", root], { stdio: "ignore" });
  const server = await startServer(root);
  let browser;
  try {
    // The flags of lib.js's launch(): nothing on the network, no GPU.
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
    });
    const page = await browser.newPage();
    // Generous limits: this checks behaviour, not speed, and CI's two cores
    // may be busy with Chromium, the server and its rebuilds at once (a 30 s
    // navigation timeout was hit once under load). A wrong page still fails
    // on the assertions; a server that never answers still fails here.
    page.setDefaultTimeout(90000);
    page.setDefaultNavigationTimeout(90000);
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => {
      // A refused script or style (CSP) is reported on the console.
      if (/Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
    });
    await page.goto(server.url + "documents/1978COPENH04711.html", { waitUntil: "domcontentloaded" });
    assert.ok((await page.innerText("body")).includes("A note on a passage"));
    // A mark on the open document: a real reload gives a fresh document
    // without it. (Counting "load" events raced with the text check: the
    // new text is visible before the page's fonts finish and "load" fires.)
    await page.evaluate(() => { window.__folioMark = true; });

    const md = join(root, "content", "documents", "1978COPENH04711.md");
    replaceIn(md, "A note on a passage", "An edited note, live");
    await page.waitForFunction(() => document.body.innerText.includes("An edited note, live"), null, { timeout: 60000 });
    assert.equal(await page.evaluate(() => window.__folioMark === undefined), true, "the page reloaded by itself");

    replaceIn(md, '## "AS A MATTER OF COURSE"', '## "AS A MATTER OF CURSE"');
    await page.waitForSelector("#folio-serve-error", { timeout: 60000 });
    const banner = await page.innerText("#folio-serve-error");
    assert.match(banner, /1978COPENH04711\.md:\d+/);
    assert.match(banner, /AS A MATTER OF CURSE/);
    assert.ok((await page.innerText("body")).includes("An edited note, live"), "last good page under the banner");
    const position = await page.$eval("#folio-serve-error", (e) => getComputedStyle(e).position);
    assert.equal(position, "sticky", "the preview stylesheet applies under the CSP");

    replaceIn(md, '## "AS A MATTER OF CURSE"', '## "AS A MATTER OF COURSE"');
    await page.waitForFunction(() => !document.getElementById("folio-serve-error"), null, { timeout: 60000 });
    assert.deepEqual(problems, []);
  } finally {
    if (browser) await browser.close();
    await stopServer(server.child);
    rmSync(tmp, { recursive: true, force: true });
  }
});

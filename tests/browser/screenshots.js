#!/usr/bin/env node
// Screenshots of the built site with the same tooling as the browser tests:
//
//   FOLIO_SITE=DIR node tests/browser/screenshots.js OUTDIR [--readme docs/screenshot.png]
//
// writes OUTDIR/{home,document,person,index}-{1440,390}[-dark].png (full
// pages), and with --readme the README's picture: a document page at 1440px,
// scrolled to the facsimile beside the reading text.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { SITE, launch, fileUrl, watch } = require("./lib.js");

function firstIn(dir) {
  const d = path.join(SITE, dir);
  return fs.readdirSync(d).filter((f) => f.endsWith(".html") && f !== "index.html").sort()[0];
}

async function main() {
  const args = process.argv.slice(2);
  const out = args[0] && !args[0].startsWith("--") ? args[0] : "screenshots";
  const ri = args.indexOf("--readme");
  const readme = ri >= 0 ? args[ri + 1] : null;
  fs.mkdirSync(out, { recursive: true });
  const docs = fs.readdirSync(path.join(SITE, "documents")).filter((f) => f !== "index.html" && f.endsWith(".html")).sort();
  const doc = docs.find((f) => f.includes("MOSCOW")) || docs[0];
  const pages = {
    home: "index.html",
    document: `documents/${doc}`,
    person: `persons/${firstIn("persons")}`,
    index: "persons/index.html",
  };
  const browser = await launch();
  let bad = 0;
  try {
    for (const scheme of ["light", "dark"]) {
      for (const width of [1440, 390]) {
        const context = await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 844 }, colorScheme: scheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        for (const [name, rel] of Object.entries(pages)) {
          const w = watch(page);
          await page.goto(fileUrl(rel));
          await page.evaluate(() => document.fonts.ready);
          const file = path.join(out, `${name}-${width}${scheme === "dark" ? "-dark" : ""}.png`);
          await page.screenshot({ path: file, fullPage: true });
          if (w.errors.length) { bad++; console.error(`${rel}: ${w.errors.join("; ")}`); }
          console.log(file);
          page.removeAllListeners();
        }
        await context.close();
      }
    }
    if (readme) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: "light", deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(fileUrl(pages.document));
      await page.evaluate(() => document.fonts.ready);
      // The two panes from their top, a paragraph hovered so the picture
      // shows the linking.
      await page.evaluate(() => {
        const head = document.querySelector(".site-header").getBoundingClientRect().height;
        const reader = document.querySelector(".reader");
        window.scrollTo(0, reader.getBoundingClientRect().top + window.scrollY - head - 8);
      });
      await page.waitForTimeout(300);
      await page.locator("#p2").hover();
      await page.waitForTimeout(700);
      await page.screenshot({ path: readme });
      console.log(readme);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  if (bad) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// The document page in a real browser: the two panes linked, anchors,
// the facsimile / reading / both switch on a narrow screen (with and without
// JavaScript), and the "lines removed" toggle.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { SITE, useBrowser, fileUrl, watch } = require("./lib.js");

const browser = useBrowser();

// The demo's documents, and the first with both facsimile lines and notes.
function documentPages() {
  const dir = path.join(SITE, "documents");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".html") && f !== "index.html")
    .sort()
    .map((f) => `documents/${f}`);
}

async function openDocument(options, rel) {
  const context = await browser().newContext(options);
  const page = await context.newPage();
  const w = watch(page);
  // The demo's telegram has several sheets and notes; fall back to any document.
  const pages = documentPages();
  const wanted = rel || pages.find((p) => p.includes("MOSCOW")) || pages[0];
  await page.goto(fileUrl(wanted));
  return { context, page, w, url: wanted };
}

const visible = (page, sel) => page.locator(sel).first().isVisible();

test("every document page has sheets, numbered lines and numbered paragraphs", async () => {
  assert.ok(documentPages().length > 0, "the built site has document pages");
  for (const rel of documentPages()) {
    const { context, page, w } = await openDocument({ viewport: { width: 1440, height: 900 } }, rel);
    const sheets = await page.locator(".sheet[id^='f']").count();
    const paras = await page.locator(".para[id^='p']").count();
    assert.ok(sheets >= 1, `${rel}: at least one facsimile sheet`);
    assert.ok(paras >= 1, `${rel}: at least one reading paragraph`);
    // Anchors are stable: f1.., p1.., in order, no gaps.
    const ids = await page.$$eval(".sheet", (els) => els.map((e) => e.id));
    assert.deepEqual(ids, ids.map((_, i) => `f${i + 1}`), `${rel}: sheet anchors`);
    const pids = await page.$$eval(".para", (els) => els.map((e) => e.id));
    assert.deepEqual(pids, pids.map((_, i) => `p${i + 1}`), `${rel}: paragraph anchors`);
    w.assertClean(rel);
    await context.close();
  }
});

test("hovering a paragraph highlights its source lines; a line links back", async () => {
  const { context, page, w, url } = await openDocument({ viewport: { width: 1440, height: 900 } });
  const para = page.locator(".para[data-lines]").nth(2);
  const id = await para.getAttribute("id");
  const lines = (await para.getAttribute("data-lines")).split(" ");
  assert.ok(lines.length > 0);
  assert.equal(await page.locator(".ln.hl").count(), 0, "nothing highlighted at first");
  await para.hover();
  const lit = await page.$$eval(".ln.hl", (els) => els.map((e) => e.id.slice(1)));
  assert.deepEqual(lit.sort(), lines.slice().sort(), "exactly the paragraph's lines light up");
  // The first source line is scrolled into view inside the facsimile column.
  const first = page.locator(`#l${lines[0]}`);
  await page.waitForTimeout(600);
  assert.ok(await first.isVisible());
  const box = await first.boundingBox();
  const pane = await page.locator(".facsimile").boundingBox();
  assert.ok(box.y >= pane.y && box.y < pane.y + pane.height, "the source line is within the facsimile pane's view");

  // Moving away clears it; focusing the paragraph's number does it too.
  await page.mouse.move(5, 5);
  assert.equal(await page.locator(".ln.hl").count(), 0);
  await para.locator("a.pno").focus();
  assert.ok((await page.locator(".ln.hl").count()) > 0, "focus highlights too");
  await para.locator("a.pno").blur();

  // A facsimile line links to its paragraph.
  const link = page.locator(`#l${lines[0]} > a`);
  assert.equal(await link.getAttribute("href"), `#${id}`);
  await page.mouse.move(5, 5);
  await link.hover();
  assert.ok(await para.evaluate((p) => p.classList.contains("hl")), "hovering a line highlights its paragraph");
  await link.click();
  assert.equal(new URL(page.url()).hash, `#${id}`);
  assert.ok(await para.evaluate((p) => { const r = p.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }),
    "the paragraph is scrolled into view");
  assert.equal(new URL(page.url()).pathname.endsWith(url), true);
  w.assertClean();
  await context.close();
});

test("page and paragraph anchors open where they point, at both widths", async () => {
  for (const width of [1440, 390]) {
    const context = await browser().newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const w = watch(page);
    const rel = documentPages().find((p) => p.includes("MOSCOW")) || documentPages()[0];
    const sheets = await (async () => { await page.goto(fileUrl(rel)); return page.locator(".sheet").count(); })();
    const f = sheets >= 2 ? "f2" : "f1";
    for (const anchor of ["p3", f]) {
      await page.goto("about:blank");
      await page.goto(fileUrl(`${rel}#${anchor}`));
      const el = page.locator(`#${anchor}`);
      assert.ok(await el.isVisible(), `#${anchor} is shown at ${width}px (even when its pane is switched off)`);
      const top = await el.evaluate((e) => e.getBoundingClientRect().top);
      assert.ok(top >= 0 && top < 400, `#${anchor} is near the top of the window at ${width}px (top ${top})`);
    }
    w.assertClean(`${rel} at ${width}px`);
    await context.close();
  }
});

async function switchChecks(page, label) {
  const fac = ".facsimile";
  const read = ".reading";
  assert.ok(await visible(page, read), `${label}: the reading text shows by default on a narrow screen`);
  assert.ok(!(await visible(page, fac)), `${label}: the facsimile is hidden by default on a narrow screen`);
  await page.locator("label[for='view-facsimile']").click();
  assert.ok(await visible(page, fac), `${label}: Facsimile shows the facsimile`);
  assert.ok(!(await visible(page, read)), `${label}: Facsimile hides the reading text`);
  await page.locator("label[for='view-both']").click();
  assert.ok(await visible(page, fac) && (await visible(page, read)), `${label}: Both shows both`);
  await page.locator("label[for='view-reading']").click();
  assert.ok(await visible(page, read) && !(await visible(page, fac)), `${label}: Reading text shows only the reading text`);
  // Keyboard: the switch is a radio group.
  await page.locator("#view-reading").focus();
  await page.keyboard.press("ArrowLeft");
  assert.ok(await visible(page, fac) && !(await visible(page, read)), `${label}: arrow keys switch views`);
}

test("narrow screen: the facsimile / reading / both switch (JavaScript on)", async () => {
  const { context, page, w } = await openDocument({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await switchChecks(page, "JS on");
  // Following a line's link from the facsimile switches to the reading text.
  const line = page.locator(".ln[data-p] > a").first();
  const target = await line.getAttribute("href");
  await line.click();
  assert.ok(await visible(page, target), "the linked paragraph is shown");
  assert.ok(await page.locator("#view-reading").isChecked(), "the switch now says Reading text");
  // And a paragraph's source link switches back to the facsimile.
  await page.locator(`${target} a.src`).click();
  assert.ok(await page.locator("#view-facsimile").isChecked(), "the switch now says Facsimile");
  // No horizontal scrolling of the page at 390px.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page does not scroll sideways (overflow ${overflow}px)`);
  w.assertClean();
  await context.close();
});

test("narrow screen: the switch works with JavaScript off", async () => {
  const { context, page, w } = await openDocument({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  await switchChecks(page, "JS off");
  w.assertClean();
  await context.close();
});

test("wide screen: both panes side by side, sidenotes beside their paragraph", async () => {
  const { context, page, w } = await openDocument({ viewport: { width: 1440, height: 900 } });
  const fac = await page.locator(".facsimile").boundingBox();
  const read = await page.locator(".reading").boundingBox();
  assert.ok(fac.x + fac.width <= read.x + 1, "facsimile left of the reading text");
  const note = page.locator(".note").first();
  if (await note.count()) {
    const nb = await note.boundingBox();
    const pb = await note.evaluate((n) => n.closest(".para-wrap").querySelector(".para").getBoundingClientRect().toJSON());
    assert.ok(nb.x >= pb.x + pb.width - 1, "the note sits in the margin, right of its paragraph");
  }
  w.assertClean();
  await context.close();
});

test("'show lines removed from the reading text' marks banners, headers and routing", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const { context, page, w } = await openDocument({ viewport: { width: 1440, height: 900 }, javaScriptEnabled });
    const removed = page.locator(".ln:not(.k-text):not(.k-blank) .why").first();
    assert.ok(await removed.count(), "the document has removed lines with a reason");
    assert.ok(!(await removed.isVisible()), "reasons hidden at first");
    await page.locator("label[for='show-removed']").click();
    assert.ok(await removed.isVisible(), "reasons shown once toggled");
    const reasons = await page.$$eval(".why", (els) => [...new Set(els.map((e) => e.textContent.trim()))]);
    assert.ok(reasons.some((r) => /banner|page header|routing|heading/.test(r)), `reasons name what was removed: ${reasons}`);
    // Reading lines stay unmarked.
    const textWhy = await page.locator(".ln.k-text .why").count();
    assert.equal(textWhy, 0);
    w.assertClean();
    await context.close();
  }
});

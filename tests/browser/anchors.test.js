// Anchors open where they point, and margin notes sit beside their passages.
//
// Every anchor kind of a document page (#pN paragraph, #fN facsimile sheet,
// #lN typed line, #nN note) is opened on the late part of the demo's longest
// document (its last sheet, a line on it, its last paragraph and note), with
// JavaScript on and off, at 1440 and 390 px, on a fresh load and by in-page
// navigation. "Opens at its target": the target is shown, its top is in the
// upper part of the window, and it is what the browser hit-tests at that
// point (not hidden under the sticky header, the pane's head or outside the
// facsimile column's scrolled view).
//
// Then every margin note of every document page of the demo is measured:
// its top is less than one screen from the top of its passage, with
// JavaScript (notes placed beside their passage, folded when crowded) and
// without (the CSS float layout).
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { SITE, useBrowser, fileUrl, watch } = require("./lib.js");

const browser = useBrowser();

function documentPages() {
  return fs
    .readdirSync(path.join(SITE, "documents"))
    .filter((f) => f.endsWith(".html") && f !== "index.html")
    .sort()
    .map((f) => `documents/${f}`);
}

// The document page with the most sheets (the late-sheet case).
function longest() {
  let best = null;
  let most = -1;
  for (const rel of documentPages()) {
    const html = fs.readFileSync(path.join(SITE, rel), "utf8");
    const sheets = (html.match(/class="?sheet[\s">]/g) || []).length;
    if (sheets > most) {
      most = sheets;
      best = rel;
    }
  }
  return best;
}

// The late anchors of a page: last sheet, a line with a paragraph on it,
// the last paragraph and the last note.
async function lateAnchors(page) {
  return page.evaluate(() => {
    const sheets = document.querySelectorAll(".sheet[id^='f']");
    const last = sheets[sheets.length - 1];
    const lines = last.querySelectorAll(".ln[data-p]");
    const line = lines[Math.floor(lines.length / 2)] || last.querySelector(".ln");
    const paras = document.querySelectorAll(".para[id^='p']");
    const notes = document.querySelectorAll(".note[id^='n']");
    const out = [last.id, line.id, paras[paras.length - 1].id];
    if (notes.length) out.push(notes[notes.length - 1].id);
    return out;
  });
}

// Whether `id` is shown at the top part of the window and hit-tests there.
async function opened(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    if (!el) return { ok: false, why: "no such element" };
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return { ok: false, why: "not shown" };
    const limit = window.innerHeight * 0.6;
    if (r.top < -2 || r.top > limit) return { ok: false, why: `top ${Math.round(r.top)}px, not within 0..${Math.round(limit)}` };
    // The point a little inside its top left corner shows the target itself.
    const x = Math.min(r.left + 12, r.right - 2);
    const y = Math.max(r.top, 0) + Math.min(6, r.height / 2);
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(el.contains(hit) || hit.contains(el))) {
      return { ok: false, why: `covered by ${hit ? hit.tagName.toLowerCase() + "." + hit.className : "nothing"} at (${x}, ${y})` };
    }
    return { ok: true, top: r.top };
  }, id);
}

const settle = (page) => page.waitForTimeout(350);

for (const javaScriptEnabled of [true, false]) {
  for (const width of [1440, 390]) {
    test(`every anchor kind opens at its target: ${width}px, JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
      const rel = longest();
      const context = await browser().newContext({ viewport: { width, height: width > 1000 ? 900 : 844 }, javaScriptEnabled });
      const page = await context.newPage();
      const w = watch(page);
      await page.goto(fileUrl(rel));
      const anchors = await lateAnchors(page);
      assert.ok(anchors.length >= 3, `${rel} has sheets, lines and paragraphs`);
      const failures = [];
      // Fresh loads.
      for (const id of anchors) {
        await page.goto("about:blank");
        await page.goto(fileUrl(`${rel}#${id}`));
        await settle(page);
        const r = await opened(page, id);
        if (!r.ok) failures.push(`fresh load of #${id}: ${r.why}`);
      }
      // In-page navigation, from the top of the page, each anchor in turn
      // (the browser follows the fragment; with JavaScript, folio.js too).
      await page.goto("about:blank");
      await page.goto(fileUrl(rel));
      await settle(page);
      for (const id of anchors.concat(anchors.slice().reverse())) {
        await page.evaluate((id) => { location.hash = id; }, id);
        await settle(page);
        const r = await opened(page, id);
        if (!r.ok) failures.push(`in-page #${id}: ${r.why}`);
      }
      assert.deepEqual(failures, [], `${rel} at ${width}px, JS ${javaScriptEnabled ? "on" : "off"}:\n  ${failures.join("\n  ")}`);
      w.assertClean();
      await context.close();
    });
  }
}

// Distance of every note from its passage, on every document page.
async function noteDistances(page) {
  return page.evaluate(() => {
    const out = [];
    document.querySelectorAll(".reading .note[id^='n']").forEach((note) => {
      const k = note.id.slice(1);
      const mark = document.querySelector(`mark.passage[data-note='${k}']`) || document.getElementById(`r${k}`);
      const anchor = mark || note.closest(".para-wrap").querySelector(".para");
      const a = anchor.getClientRects()[0] || anchor.getBoundingClientRect();
      const n = note.getBoundingClientRect();
      out.push({ id: note.id, distance: Math.round(n.top - a.top), beside: n.left >= a.left });
    });
    return out;
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`every margin note of the demo is within a screen of its passage (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await browser().newContext({ viewport: { width: 1440, height: 900 }, javaScriptEnabled });
    const page = await context.newPage();
    const w = watch(page);
    let measured = 0;
    const failures = [];
    for (const rel of documentPages()) {
      await page.goto(fileUrl(rel));
      await settle(page);
      const screen = await page.evaluate(() => window.innerHeight);
      for (const d of await noteDistances(page)) {
        measured++;
        if (Math.abs(d.distance) >= screen) failures.push(`${rel}#${d.id}: ${d.distance}px from its passage`);
        if (!d.beside) failures.push(`${rel}#${d.id}: not in the margin`);
      }
    }
    assert.ok(measured > 0, "the demo has margin notes");
    assert.deepEqual(failures, [], failures.join("\n"));
    w.assertClean();
    await context.close();
  });
}

test("crowded notes fold into a marker that opens them, and stacked ones link to their passage", async () => {
  const context = await browser().newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const w = watch(page);
  const rel = longest();
  await page.goto(fileUrl(rel));
  await settle(page);
  // Notes never overlap one another (a folded note opened lies above).
  const boxes = await page.$$eval(".reading.placed .note", (ns) => ns.map((n) => { const r = n.getBoundingClientRect(); return { id: n.id, top: r.top, bottom: r.bottom }; }));
  assert.ok(boxes.length > 0, "notes are placed by folio.js at 1440px");
  boxes.sort((a, b) => a.top - b.top);
  for (let i = 1; i < boxes.length; i++) {
    assert.ok(boxes[i].top >= boxes[i - 1].bottom - 1, `${boxes[i - 1].id} overlaps ${boxes[i].id}`);
  }
  const folded = page.locator(".note.folded").first();
  if (await folded.count()) {
    const button = folded.locator("button.note-fold");
    assert.equal(await button.getAttribute("aria-expanded"), "false");
    const body = folded.locator(":scope > :not(.note-head)").first();
    assert.ok(!(await body.isVisible()), "a folded note shows its first line only");
    await button.click();
    assert.equal(await button.getAttribute("aria-expanded"), "true");
    assert.ok(await body.isVisible(), "the button opens it");
  }
  for (const id of await page.$$eval(".note.displaced", (ns) => ns.map((n) => n.id))) {
    const link = page.locator(`#${id} .note-no`);
    assert.ok(await link.isVisible(), `${id}: its link to the passage is visible`);
    assert.equal(await link.getAttribute("href"), `#r${id.slice(1)}`);
  }
  w.assertClean();
  await context.close();
});

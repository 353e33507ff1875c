// Document lists: a plain table in date order without JavaScript; with it,
// sortable by any column (aria-sort on the head) and filterable in place.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { useBrowser, fileUrl, watch } = require("./lib.js");

const browser = useBrowser();
const LIST = "documents/index.html";

const rowIds = (page) =>
  page.$$eval("table.doc-table tbody tr:not([hidden])", (trs) => trs.map((tr) => tr.querySelector(".doc-id").textContent));
const rowDates = (page) =>
  page.$$eval("table.doc-table tbody tr:not([hidden])", (trs) => trs.map((tr) => { const t = tr.querySelector("time"); return t ? t.getAttribute("datetime") : ""; }));

test("without JavaScript the document list is a plain table in date order", async () => {
  const context = await browser().newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const w = watch(page);
  await page.goto(fileUrl(LIST));
  const dates = (await rowDates(page)).filter(Boolean);
  assert.ok(dates.length > 0, "the list has dated rows");
  assert.deepEqual(dates, dates.slice().sort(), "in date order");
  assert.equal(await page.locator("button.sort").count(), 0, "no sort buttons without JavaScript");
  assert.equal(await page.locator(".table-tools").count(), 0, "no filter box without JavaScript");
  w.assertClean();
  await context.close();
});

test("with JavaScript the table sorts by a column and filters in place", async () => {
  for (const width of [1440, 390]) {
    const context = await browser().newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const w = watch(page);
    await page.goto(fileUrl(LIST));
    const before = await rowIds(page);
    assert.ok(before.length >= 2, "at least two documents to sort");
    const dateHead = page.locator("table.doc-table thead th").first();
    assert.equal(await dateHead.getAttribute("aria-sort"), "ascending");
    // Sort by date again: descending, the reverse order.
    await dateHead.locator("button.sort").click();
    assert.equal(await dateHead.getAttribute("aria-sort"), "descending");
    assert.deepEqual(await rowIds(page), before.slice().reverse(), `descending by date at ${width}px`);
    // Sort by title.
    const titleHead = page.locator("table.doc-table thead th").nth(1);
    await titleHead.locator("button.sort").click();
    assert.equal(await titleHead.getAttribute("aria-sort"), "ascending");
    assert.equal(await dateHead.getAttribute("aria-sort"), null);
    const titles = await page.$$eval("table.doc-table tbody tr td:nth-child(2) a", (as) => as.map((a) => a.textContent.toLowerCase()));
    assert.deepEqual(titles, titles.slice().sort(), "titles in order");
    // Filter: a word of one row only.
    const id = before[0];
    await page.fill(".table-tools input[type=search]", id.toLowerCase());
    assert.deepEqual(await rowIds(page), [id], "the filter keeps the matching row");
    assert.match(await page.textContent(".table-status"), /^1 document of \d+ shown/);
    await page.fill(".table-tools input[type=search]", "");
    assert.equal((await rowIds(page)).length, before.length, "clearing the filter shows every row");
    w.assertClean();
    await context.close();
  }
});

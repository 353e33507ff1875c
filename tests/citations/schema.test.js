// Every data/<id>.json of a built edition validated against the JSON Schema
// the build ships (downloads/document.schema.json) with Ajv, a standard
// JSON Schema (draft 2020-12) validator; the schema forbids fields it does
// not describe, so an export that grows without its schema fails here.
//
// Run by scripts/test.sh with FOLIO_SITE set to a built edition; more
// editions with FOLIO_SCHEMA_SITES (colon-separated built editions).
"use strict";
const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const Ajv2020 = require("ajv/dist/2020");

const sites = [process.env.FOLIO_SITE, ...(process.env.FOLIO_SCHEMA_SITES || "").split(":")].filter(Boolean);
if (sites.length === 0) throw new Error("set FOLIO_SITE to a built edition");

for (const site of sites) {
  test(`every data/<id>.json of ${site} is valid against downloads/document.schema.json`, () => {
    const schema = JSON.parse(fs.readFileSync(path.join(site, "downloads", "document.schema.json"), "utf8"));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const files = fs.readdirSync(path.join(site, "data")).filter((f) => f.endsWith(".json"));
    assert.ok(files.length > 0, "no JSON exports");
    let checked = 0;
    for (const f of files) {
      const doc = JSON.parse(fs.readFileSync(path.join(site, "data", f), "utf8"));
      const ok = validate(doc);
      assert.ok(ok, `${f}: ${JSON.stringify(validate.errors, null, 1)}`);
      assert.equal(doc.id + ".json", f, "the file is named by the document's id");
      checked++;
    }
    assert.equal(checked, files.length);
  });

  test(`the schema rejects what it does not describe (${site})`, () => {
    const schema = JSON.parse(fs.readFileSync(path.join(site, "downloads", "document.schema.json"), "utf8"));
    const validate = new Ajv2020({ strict: true }).compile(schema);
    const f = fs.readdirSync(path.join(site, "data")).find((f) => f.endsWith(".json"));
    const doc = JSON.parse(fs.readFileSync(path.join(site, "data", f), "utf8"));
    assert.ok(!validate({ ...doc, unknown_field: 1 }), "an unknown field");
    assert.ok(!validate({ ...doc, date: "20 April 1978" }), "a date not in ISO 8601");
    const { paragraphs, ...without } = doc;
    assert.ok(!validate(without), "a missing reading text");
  });
}

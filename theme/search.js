// Folio search: full text and facets in the browser, from a web server or
// straight from disk (file://). The index written by src/search.rs is a set
// of small scripts, each calling FolioSearch.load(key, data); this file
// loads only those a query needs by inserting <script src> elements:
// search/manifest.js first, then the term shards of the query's words, the
// facet files, and the search/doc/G.js files of the results shown. No fetch(), no
// modules, no WebAssembly. The search state lives in the URL fragment
// (#q=arms%20sales&person=kapitsa&sort=date), so a search can be bookmarked.
(function () {
  "use strict";

  var registry = {};
  var pending = {};
  var loadedFiles = [];
  window.FolioSearch = {
    load: function (key, data) { registry[key] = data; },
    // For tests and the benchmark: every index file loaded so far.
    loaded: loadedFiles
  };

  var app = document.getElementById("search-app");
  if (!app) return;
  var BASE = app.getAttribute("data-index") || "search/";
  var PAGE = 20;

  // ---- interface strings -------------------------------------------------
  // The `search` section of the edition's strings table (site.toml's
  // language, changed by its strings.toml), given by the page.
  var LANG = app.getAttribute("data-lang") || "en";
  var STRINGS = {};
  try { STRINGS = JSON.parse(app.getAttribute("data-strings") || "{}"); } catch (e) { STRINGS = {}; }
  // French counts 0 as singular; English and German do not.
  function isOne(n) { return LANG.split("-")[0] === "fr" ? n <= 1 : n === 1; }
  function num(n) { return n.toLocaleString(LANG); }
  // The string `key` with {name} placeholders filled from `vars`; a plural
  // form chosen by vars.n.
  function S(key, vars) {
    var v = STRINGS[key];
    if (v == null) return key;
    if (typeof v === "object") v = vars && vars.n != null && isOne(vars.n) ? v.one : v.other;
    return String(v).replace(/\{([a-z_]+)\}/g, function (m, name) {
      if (!vars || vars[name] == null) return m;
      return typeof vars[name] === "number" ? num(vars[name]) : String(vars[name]);
    });
  }

  // ---- loading -----------------------------------------------------------
  // Loads `file` (once, however many keys it holds) and returns its `key`.
  function load(file, key) {
    if (registry[key]) return Promise.resolve(registry[key]);
    if (!pending[file]) {
      pending[file] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = BASE + file;
        s.onload = function () {
          loadedFiles.push(file);
          resolve();
        };
        s.onerror = function () {
          delete pending[file];
          reject(new Error("cannot load " + BASE + file));
        };
        document.head.appendChild(s);
      });
    }
    return pending[file].then(function () {
      if (registry[key]) return registry[key];
      throw new Error(file + " is not a Folio search file");
    });
  }

  // ---- numbers (see src/search.rs `put`) ---------------------------------
  var ALPHA = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT = [];
  for (var i = 0; i < 128; i++) DIGIT.push(-1);
  for (i = 0; i < 64; i++) DIGIT[ALPHA.charCodeAt(i)] = i;

  function Reader(s, at) { this.s = s; this.i = at || 0; }
  Reader.prototype.done = function () { return this.i >= this.s.length; };
  Reader.prototype.num = function () {
    var v = 0;
    for (;;) {
      if (this.i >= this.s.length) throw new Error("corrupt search index");
      var d = DIGIT[this.s.charCodeAt(this.i++)];
      if (d < 32) return v * 32 + d;
      v = v * 32 + (d - 32);
    }
  };

  // Postings of one term: [{doc, impact, paras: [{n, pos: [..]}]}].
  function decodePostings(enc) {
    var r = new Reader(enc), out = [], doc = 0;
    while (!r.done()) {
      var delta = r.num();
      doc = out.length ? doc + delta : delta;
      var impact = r.num(), np = r.num(), paras = [], para = 0;
      for (var k = 0; k < np; k++) {
        para += r.num();
        var cnt = r.num(), pos = [], prev = 0;
        for (var j = 0; j < cnt; j++) {
          var d = r.num();
          prev = j === 0 ? d : prev + d;
          pos.push(prev);
        }
        paras.push({ n: para, pos: pos });
      }
      out.push({ doc: doc, impact: impact, paras: paras });
    }
    return out;
  }

  // A set of document numbers (src/search.rs `encode_set`).
  function decodeSet(s) {
    var out = [];
    if (s.charAt(0) === "r") {
      var r = new Reader(s, 1), end = 0;
      while (!r.done()) {
        var start = end + r.num(), len = r.num() + 1;
        for (var d = start; d < start + len; d++) out.push(d);
        end = start + len;
      }
    } else if (s.charAt(0) === "b") {
      for (var i = 1; i < s.length; i++) {
        var v = DIGIT[s.charCodeAt(i)];
        for (var bit = 0; bit < 6; bit++) if (v & (1 << bit)) out.push((i - 1) * 6 + bit);
      }
    }
    return out;
  }

  // ---- words (see src/search.rs `tokenize` and `fold`) -------------------
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var MARKS = /\p{M}/gu;
  var SPECIAL = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "ς": "σ" };
  var SPECIAL_RE = /[ßæœøđðłþıς]/g;
  var ASCII = /^[\x00-\x7f]*$/;
  function fold(w) {
    var s = w.normalize("NFKD").replace(MARKS, "").toLowerCase();
    return ASCII.test(s) ? s : s.replace(SPECIAL_RE, function (c) { return SPECIAL[c]; });
  }
  function tokenize(text) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var t = fold(m[0]);
      if (t) out.push({ start: m.index, end: m.index + m[0].length, term: t });
    }
    return out;
  }

  // ---- queries -----------------------------------------------------------
  // Clauses: {terms: [..]} (a phrase when longer than one) with `prefix`
  // for the last word of the query while typing or a word ending in `*`.
  function parse(q) {
    var clauses = [], re = /"([^"]*)"?|(\S+)/g, m;
    while ((m = re.exec(q))) {
      if (m[1] !== undefined) {
        var ph = tokenize(m[1]).map(function (t) { return t.term; });
        if (ph.length) clauses.push({ terms: ph, prefix: false, phrase: true });
        continue;
      }
      var word = m[2], star = /\*$/.test(word);
      var toks = tokenize(word).map(function (t) { return t.term; });
      if (!toks.length) continue;
      var last = re.lastIndex >= q.length;
      var auto = last && !star && toks.length === 1 && toks[0].length >= 3;
      clauses.push({ terms: toks, prefix: (star && toks[toks.length - 1].length >= 2 && toks.length === 1) || auto, phrase: toks.length > 1, auto: auto });
    }
    return clauses;
  }

  var manifest = null;
  function shardOf(term) {
    var s = manifest.shards, lo = 0, hi = s.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (s[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  var MAX_PREFIX_SHARDS = 6;
  function shardsFor(clause) {
    var out = [];
    clause.terms.forEach(function (t, k) {
      var i = shardOf(t);
      if (clause.prefix && k === clause.terms.length - 1) {
        var j = shardOf(t + "\uffff");
        if (j - i < MAX_PREFIX_SHARDS) { for (; i <= j; i++) out.push(i); return; }
        clause.prefixTooShort = true;
        clause.prefix = false;
      }
      if (i >= 0) out.push(i);
    });
    return out;
  }
  function shardData(i) { return registry["t" + i] || {}; }

  var decoded = {};
  function postings(term) {
    if (decoded[term]) return decoded[term];
    var enc = shardData(shardOf(term))[term];
    return (decoded[term] = enc ? decodePostings(enc) : []);
  }

  // doc → {score, paras: {n: true}} for one clause.
  function evalClause(c) {
    var res = new Map();
    if (c.terms.length === 1) {
      var t = c.terms[0], terms = [t];
      if (c.prefix) {
        terms = [];
        var i = shardOf(t), j = shardOf(t + "\uffff");
        for (; i <= j; i++) {
          var d = shardData(i);
          for (var k in d) if (k.lastIndexOf(t, 0) === 0) terms.push(k);
        }
      }
      terms.forEach(function (term) {
        var w = term === t ? 1 : 0.8;
        postings(term).forEach(function (h) {
          var r = res.get(h.doc);
          if (!r) res.set(h.doc, (r = { score: 0, paras: {} }));
          r.score = Math.max(r.score, h.impact * w);
          h.paras.forEach(function (p) { r.paras[p.n] = 1; });
        });
      });
      return res;
    }
    // A phrase: the same paragraph, consecutive positions.
    var lists = c.terms.map(postings);
    var maps = lists.map(function (l) {
      var m = new Map();
      l.forEach(function (h) { m.set(h.doc, h); });
      return m;
    });
    var rare = 0;
    lists.forEach(function (l, k) { if (l.length < lists[rare].length) rare = k; });
    lists[rare].forEach(function (h0) {
      var hits = maps.map(function (m) { return m.get(h0.doc); });
      if (hits.some(function (h) { return !h; })) return;
      var first = hits[0], paras = {}, found = false;
      first.paras.forEach(function (p) {
        var sets = hits.map(function (h) {
          for (var x = 0; x < h.paras.length; x++) if (h.paras[x].n === p.n) return h.paras[x].pos;
          return null;
        });
        if (sets.some(function (s) { return !s; })) return;
        var ok = p.pos.some(function (start) {
          for (var k = 1; k < sets.length; k++) if (sets[k].indexOf(start + k) < 0) return false;
          return true;
        });
        if (ok) { paras[p.n] = 1; found = true; }
      });
      if (found) {
        var score = hits.reduce(function (a, h) { return a + h.impact; }, 0);
        res.set(h0.doc, { score: score, paras: paras });
      }
    });
    return res;
  }

  // ---- register entries named by the query ---------------------------------
  // A query that is the name or an alias of a register entry ("Deng
  // Xiaoping", "teng") shows the entry first and finds the documents that
  // mention it under any of its forms (through its facet).
  function shardKey(key) {
    return Array.from(key).slice(0, 2).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : c === " " ? "_" : "u" + c.codePointAt(0).toString(16);
    }).join("");
  }
  function queryKey(clauses) {
    var words = [];
    clauses.forEach(function (c) { words = words.concat(c.terms); });
    return words.join(" ");
  }
  function entriesFor(key) {
    if (!key || !manifest.entries) return Promise.resolve([]);
    var k = shardKey(key);
    if (manifest.entries.indexOf(k) < 0) return Promise.resolve([]);
    return load("entries-" + k + ".js", "e-" + k).then(function (list) {
      return list.filter(function (e) { return e.keys.indexOf(key) >= 0; });
    });
  }

  // ---- facets ------------------------------------------------------------
  var AUTOLOAD_BYTES = 64 * 1024;
  var facetSets = {};
  function facetFile(dim) { return load("facet-" + dim + ".js", "f-" + dim); }
  function facetValues(dim) { return registry["f-" + dim]; }
  function valueSet(dim, id) {
    var key = dim + "\u0000" + id;
    if (facetSets[key]) return facetSets[key];
    var vals = facetValues(dim) || [], set = [];
    for (var i = 0; i < vals.length; i++) if (vals[i][0] === id) { set = decodeSet(vals[i][3]); break; }
    return (facetSets[key] = set);
  }
  var openDims = {};

  // ---- state in the URL fragment -----------------------------------------
  var DIMS = [];
  function readState() {
    var st = { q: "", sort: "relevance", filters: {} };
    var h = location.hash.replace(/^#/, "");
    var src = h || location.search.replace(/^\?/, "");
    src.split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("="), k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
      var v = i < 0 ? "" : decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " "));
      if (k === "q") st.q = v;
      else if (k === "sort") st.sort = v === "date" || v === "date-desc" ? v : "relevance";
      else if (v && DIMS.indexOf(k) >= 0) (st.filters[k] = st.filters[k] || []).indexOf(v) < 0 && st.filters[k].push(v);
    });
    return st;
  }
  function fragment(st) {
    var parts = [];
    if (st.q) parts.push("q=" + encodeURIComponent(st.q));
    DIMS.forEach(function (d) {
      (st.filters[d] || []).forEach(function (v) { parts.push(d + "=" + encodeURIComponent(v)); });
    });
    if (st.sort !== "relevance") parts.push("sort=" + st.sort);
    return "#" + parts.join("&");
  }
  function toggled(st, dim, id) {
    var f = {};
    for (var k in st.filters) f[k] = st.filters[k].slice();
    var list = f[dim] || [], at = list.indexOf(id);
    if (at >= 0) list.splice(at, 1); else list.push(id);
    if (list.length) f[dim] = list; else delete f[dim];
    return { q: st.q, sort: st.sort, filters: f };
  }

  // ---- DOM helpers -------------------------------------------------------
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === "text") e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  var input = document.getElementById("search-q");
  var sortSel = document.getElementById("search-sort");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var facetBox = document.getElementById("search-facets");
  var moreBtn = document.getElementById("search-more");
  var header = document.getElementById("site-search");

  // Which query words a token of a text matches: a set of token indexes.
  function marks(tokens, clauses) {
    var hit = {};
    clauses.forEach(function (c) {
      if (c.terms.length === 1) {
        var t = c.terms[0];
        tokens.forEach(function (tok, i) {
          if (tok.term === t || (c.prefix && tok.term.lastIndexOf(t, 0) === 0)) hit[i] = true;
        });
      } else {
        for (var i = 0; i + c.terms.length <= tokens.length; i++) {
          var ok = true;
          for (var k = 0; k < c.terms.length && ok; k++) ok = tokens[i + k].term === c.terms[k];
          if (ok) for (k = 0; k < c.terms.length; k++) hit[i + k] = true;
        }
      }
    });
    return hit;
  }
  // Text with the matching words in <mark>, cut to a window of words
  // around the first match when `window` is given.
  function highlighted(text, clauses, window) {
    var tokens = tokenize(text), hit = marks(tokens, clauses), nodes = [];
    var from = 0, to = tokens.length;
    if (window && tokens.length > window) {
      var first = 0;
      for (var i = 0; i < tokens.length; i++) if (hit[i]) { first = i; break; }
      from = Math.max(0, first - Math.floor(window / 3));
      to = Math.min(tokens.length, from + window);
      from = Math.max(0, to - window);
    }
    var at = from > 0 ? tokens[from].start : 0;
    var end = to < tokens.length ? tokens[to - 1].end : text.length;
    if (from > 0) nodes.push("… ");
    for (i = from; i < to; i++) {
      if (!hit[i]) continue;
      var s = tokens[i].start, e = tokens[i].end;
      while (hit[i + 1] && i + 1 < to) e = tokens[++i].end;
      if (s > at) nodes.push(text.slice(at, s));
      nodes.push(el("mark", { text: text.slice(s, e) }));
      at = e;
    }
    if (end > at) nodes.push(text.slice(at, end));
    if (to < tokens.length) nodes.push(" …");
    return nodes;
  }

  // ---- the search --------------------------------------------------------
  var generation = 0;
  var current = null;

  function setStatus(text) { status.textContent = text; }

  function run() {
    var gen = ++generation;
    var st = readState();
    if (input.value !== st.q && document.activeElement !== input) input.value = st.q;
    if (header && header.value !== st.q) header.value = st.q;
    sortSel.value = st.sort;
    var clauses = parse(st.q);
    var shards = {};
    clauses.forEach(function (c) { shardsFor(c).forEach(function (i) { shards[i] = true; }); });
    var need = Object.keys(shards).map(function (i) { return load("terms-" + i + ".js", "t" + i); });
    manifest.facets.forEach(function (f) {
      if (f.bytes <= AUTOLOAD_BYTES || st.filters[f.dim] || openDims[f.dim]) need.push(facetFile(f.dim));
    });
    if (clauses.length || Object.keys(st.filters).length) setStatus(S("searching"));
    var named = [], aliasClauses = [];
    var entryLookup = entriesFor(queryKey(clauses)).then(function (found) {
      named = found;
      // Each form of each entry named, as a phrase: the documents that
      // mention the entry under any of its names.
      found.forEach(function (e) {
        e.keys.forEach(function (k) {
          var terms = k.split(" ");
          aliasClauses.push({ terms: terms, prefix: false, phrase: terms.length > 1, via: e.name });
        });
      });
      var more = {};
      aliasClauses.forEach(function (c) { shardsFor(c).forEach(function (i) { more[i] = true; }); });
      return Promise.all(Object.keys(more).map(function (i) { return load("terms-" + i + ".js", "t" + i); }));
    });
    need.push(entryLookup);
    return Promise.all(need).then(function () {
      if (gen !== generation) return;
      var results = null;
      clauses.forEach(function (c) {
        var r = evalClause(c);
        if (!results) { results = r; return; }
        var next = new Map();
        results.forEach(function (v, doc) {
          var o = r.get(doc);
          if (!o) return;
          for (var n in o.paras) v.paras[n] = (v.paras[n] || 0) + 1;
          v.score += o.score;
          next.set(doc, v);
        });
        results = next;
      });
      // Documents that mention the entries the query names, under any form.
      aliasClauses.forEach(function (c) {
        if (!results) results = new Map();
        evalClause(c).forEach(function (o, d) {
          var v = results.get(d);
          if (v) return;
          // Ranked below the documents that match the words as typed.
          results.set(d, { score: o.score / 4, paras: o.paras, via: c.via, alias: c });
        });
      });
      var filters = Object.keys(st.filters);
      filters.forEach(function (dim) {
        st.filters[dim].forEach(function (id) {
          var set = valueSet(dim, id);
          var next = new Map();
          if (!results) set.forEach(function (d) { next.set(d, { score: 0, paras: {} }); });
          else set.forEach(function (d) { var v = results.get(d); if (v) next.set(d, v); });
          results = next;
        });
      });
      var docs = [];
      if (results) results.forEach(function (v, doc) { docs.push({ doc: doc, score: v.score, paras: v.paras, via: v.via, alias: v.alias }); });
      // Nothing asked: every document, by date (documents are numbered in
      // date order), so the search page is also a way to browse.
      else for (var n = 0; n < (manifest.documents || 0); n++) docs.push({ doc: n, score: 0, paras: {} });
      if (st.sort === "date") docs.sort(function (a, b) { return a.doc - b.doc; });
      else if (st.sort === "date-desc") docs.sort(function (a, b) { return b.doc - a.doc; });
      else docs.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      current = { st: st, clauses: clauses, docs: docs, shown: 0, gen: gen, active: results !== null };
      renderFacets(current, results);
      renderEntries(named);
      clear(list);
      var note = clauses.filter(function (c) { return c.prefixTooShort; }).length ? S("prefix_short") : "";
      if (!current.active) {
        setStatus(S(st.sort === "date-desc" ? "all_newest" : "all_oldest", { n: docs.length }) + " " + S("hint"));
        if (st.sort === "relevance") docs.sort(function (a, b) { return a.doc - b.doc; });
        return showMore();
      }
      setStatus(S("results", { n: docs.length }) + note);
      return showMore();
    }).catch(function (e) {
      if (gen === generation) setStatus(S("failed", { error: e.message }));
    });
  }

  function showMore() {
    var cur = current;
    var slice = cur.docs.slice(cur.shown, cur.shown + PAGE);
    cur.shown += slice.length;
    moreBtn.hidden = true;
    return Promise.all(slice.map(function (r) { return load("doc/" + Math.floor(r.doc / (manifest.doc_group || 1)) + ".js", "d" + r.doc); })).then(function (entries) {
      if (cur.gen !== generation) return;
      slice.forEach(function (r, k) { list.appendChild(resultItem(r, entries[k], r.alias ? [r.alias] : cur.clauses)); });
      moreBtn.hidden = cur.shown >= cur.docs.length;
    });
  }

  function resultItem(r, d, clauses) {
    // The paragraph matching most clauses (the title is paragraph 0).
    var best = 0, bestN = 0;
    Object.keys(r.paras).map(Number).sort(function (a, b) { return a - b; }).forEach(function (n) {
      if (n > 0 && r.paras[n] > best) { best = r.paras[n]; bestN = n; }
    });
    var title = el("h2", { "class": "result-title" }, [el("a", { href: d.url }, highlighted(d.title, clauses))]);
    // An inferred date in brackets with how it was inferred as its
    // tooltip, as in the document lists.
    var date = !d.date ? S("undated")
      : d.date_inferred ? el("time", { datetime: d.date, title: d.date_inferred, text: "[" + d.date + "]" })
      : el("time", { datetime: d.date, text: d.date });
    var rest = [d.classification, d.from, d.id].filter(Boolean);
    var kids = [title, el("p", { "class": "result-meta" }, [date].concat(rest.length ? [" · " + rest.join(" · ")] : []))];
    var extra = d.extra && bestN > d.paras.length ? d.extra[bestN - d.paras.length - 1] : null;
    if (extra) {
      // A match in the commentary (headnote, note) or the metadata panel.
      var where = extra.kind === "about" ? S("match_about")
        : extra.kind === "note" ? S("match_note", { n: (extra.anchor.match(/\d+/) || [""])[0] })
        : S("match_headnote");
      kids.push(el("a", { "class": "snippet snippet-" + extra.kind, href: d.url + "#" + extra.anchor },
        [el("span", { "class": "pn", text: where }), " "].concat(highlighted(extra.text, clauses, 40))));
    } else {
      var text = bestN ? d.paras[bestN - 1] : d.paras[0];
      if (text != null) {
        var n = bestN || 1;
        kids.push(el("a", { "class": "snippet", href: d.url + "#p" + n }, [el("span", { "class": "pn", text: S("paragraph", { n: n }) }), " "].concat(highlighted(text, clauses, 40))));
      }
    }
    if (r.via) kids.push(el("p", { "class": "result-via", text: S("via", { name: r.via }) }));
    return el("li", { "class": "result" + (extra && extra.kind !== "about" ? " in-commentary" : ""), "data-doc": d.id }, kids);
  }

  var entryBox = document.getElementById("search-entries");
  function renderEntries(found) {
    if (!entryBox) return;
    clear(entryBox);
    entryBox.hidden = !found.length;
    found.forEach(function (e) {
      var kind = STRINGS["entry_" + e.dim] != null ? S("entry_" + e.dim) : e.dim;
      var also = e.aliases.length ? S("also_written", { names: e.aliases.join(S("list_separator")) }) : "";
      entryBox.appendChild(el("p", { "class": "search-entry" }, [
        el("a", { href: e.url, text: e.name }),
        S("entry", { kind: kind, documents: S("results", { n: e.documents }), also: also })
      ]));
    });
  }

  function renderFacets(cur, results) {
    clear(facetBox);
    var inResults = null;
    if (results) {
      inResults = new Uint8Array(manifest.documents);
      results.forEach(function (v, doc) { inResults[doc] = 1; });
    }
    manifest.facets.forEach(function (f) {
      if (!f.values) return;
      var vals = facetValues(f.dim);
      var active = cur.st.filters[f.dim] || [];
      var det = el("details", { "class": "facet", "data-dim": f.dim });
      if (vals && (f.bytes <= AUTOLOAD_BYTES || active.length || openDims[f.dim])) det.open = true;
      det.appendChild(el("summary", { text: STRINGS[f.dim] || f.label }));
      det.addEventListener("toggle", function () {
        if (det.open && !facetValues(f.dim)) { openDims[f.dim] = true; run(); }
        else openDims[f.dim] = det.open;
      });
      if (!vals) { facetBox.appendChild(det); return; }
      var rows = [];
      vals.forEach(function (v) {
        var isActive = active.indexOf(v[0]) >= 0;
        var count = v[2];
        if (inResults) {
          count = 0;
          var set = valueSet(f.dim, v[0]);
          for (var i = 0; i < set.length; i++) count += inResults[set[i]];
        }
        if (count || isActive) rows.push({ id: v[0], label: v[1], count: count, active: isActive });
      });
      if (f.dim !== "year") rows.sort(function (a, b) { return (b.active - a.active) || (b.count - a.count) || (a.label < b.label ? -1 : 1); });
      var ul = el("ul");
      rows.forEach(function (row, k) {
        var a = el("a", { href: fragment(toggled(cur.st, f.dim, row.id)), "data-value": row.id }, [
          el("span", { "class": "label", text: row.label }), " ", el("span", { "class": "count", text: String(row.count) })
        ]);
        if (row.active) { a.setAttribute("aria-current", "true"); a.className = "active"; a.title = S("remove_filter"); }
        var li = el("li", null, [a]);
        if (k >= 10 && !row.active) li.className = "extra";
        ul.appendChild(li);
      });
      if (!rows.length) ul.appendChild(el("li", { "class": "none", text: S("none") }));
      det.appendChild(ul);
      if (rows.length > 10) {
        var btn = el("button", { type: "button", "class": "facet-more", text: S("show_all", { n: rows.length }) });
        btn.addEventListener("click", function () { det.classList.add("all"); btn.hidden = true; });
        det.appendChild(btn);
      }
      facetBox.appendChild(det);
    });
  }

  // ---- wiring ------------------------------------------------------------
  var timer = null;
  function commit(replace) {
    var st = readState();
    st.q = input.value;
    st.sort = sortSel.value;
    var frag = fragment(st);
    if (frag === location.hash || (frag === "#" && !location.hash)) return;
    if (replace) location.replace(frag); else location.hash = frag;
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { commit(true); }, 150);
  });
  document.getElementById("search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    commit(false);
  });
  sortSel.addEventListener("change", function () { commit(false); });
  moreBtn.addEventListener("click", function () { if (current) showMore(); });
  if (header && header.form) {
    header.form.addEventListener("submit", function (e) {
      e.preventDefault();
      input.value = header.value;
      commit(false);
    });
  }
  window.addEventListener("hashchange", run);

  app.hidden = false;
  var nojs = document.getElementById("search-nojs");
  if (nojs) nojs.hidden = true;
  load("manifest.js", "manifest").then(function (m) {
    manifest = m;
    DIMS = m.facets.map(function (f) { return f.dim; });
    input.value = readState().q;
    return run();
  }).catch(function (e) {
    setStatus(S("not_loaded", { error: e.message }));
  });
})();

// Folio: progressive enhancement only; every page works without it.
// No framework, nothing from other hosts. On a document page it links the
// two panes: a paragraph and its source lines light up together, notes and
// their passages too; the facsimile column follows the reading text; links
// between the panes switch the narrow-screen view to the pane they point at.
(function () {
  "use strict";
  var doc = document.querySelector(".document");
  var root = document.documentElement;

  // The sticky header's real height, for scroll offsets and the sticky pane.
  var header = document.querySelector(".site-header");
  function headerHeight() {
    if (!header || getComputedStyle(header).position !== "sticky") return 0;
    return header.getBoundingClientRect().height;
  }
  function setHeaderHeight() {
    root.style.setProperty("--header-h", headerHeight() + "px");
  }
  setHeaderHeight();
  window.addEventListener("resize", setHeaderHeight);

  // ---- interface strings --------------------------------------------------
  // The `scripts` section of the edition's strings table, given by the page
  // (data-strings of this script's element) when it is not the built-in
  // English one.
  var STRINGS = {
    filter: "Filter these documents",
    shown: "{documents} of {total} shown",
    documents: { one: "{n} document", other: "{n} documents" },
    open: "Open",
    close: "Close",
    open_note: "Open note {n}",
    close_note: "Close note {n}",
    copy: "Copy",
    copy_what: "Copy {what}",
    copied: "Copied",
    selected: "Selected: press Ctrl+C"
  };
  try {
    var given = JSON.parse((document.currentScript && document.currentScript.getAttribute("data-strings")) || "{}");
    Object.keys(given).forEach(function (k) { STRINGS[k] = given[k]; });
  } catch (e) { /* the English ones */ }
  var LANG = root.getAttribute("lang") || "en";
  // French counts 0 as singular; English and German do not.
  function isOne(n) { return LANG.split("-")[0] === "fr" ? n <= 1 : n === 1; }
  // The string `key` with {name} placeholders filled from `vars`; a plural
  // form chosen by vars.n.
  function S(key, vars) {
    var v = STRINGS[key];
    if (v == null) return key;
    if (typeof v === "object") v = vars && vars.n != null && isOne(vars.n) ? v.one : v.other;
    return String(v).replace(/\{([a-z_]+)\}/g, function (m, name) {
      if (!vars || vars[name] == null) return m;
      return typeof vars[name] === "number" ? vars[name].toLocaleString(LANG) : String(vars[name]);
    });
  }

  // ---- document tables: sorted and filtered in place ----------------------
  // A list page's table is plain HTML in date order; here its column heads
  // become sort buttons and a filter box above it hides the rows that do
  // not contain every word typed. Nothing is loaded: only the rows on the
  // page (the lists are split by month, post, classification or topic).
  function enhanceTable(table) {
    var tbody = table.tBodies[0];
    if (!tbody || !table.tHead) return;
    var rows = Array.prototype.slice.call(tbody.rows);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var texts = rows.map(function (r) { return (r.textContent || "").toLowerCase().replace(/\s+/g, " "); });
    var keyOf = function (cell) {
      var t = cell && cell.querySelector("time");
      return (t ? t.getAttribute("datetime") : (cell ? cell.textContent : "")).trim().toLowerCase();
    };
    var box = document.createElement("div");
    box.className = "table-tools";
    var id = (table.id || "docs") + "-filter";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = S("filter");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-controls", table.id || "");
    var status = document.createElement("p");
    status.className = "table-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    table.parentNode.insertBefore(box, table);
    function filter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        r.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      status.textContent = words.length ? S("shown", { documents: S("documents", { n: shown }), total: rows.length }) : "";
    }
    input.addEventListener("input", filter);
    var sorted = -1, dir = 1;
    heads.forEach(function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      if (col === 0) th.setAttribute("aria-sort", "ascending");
      b.addEventListener("click", function () {
        dir = sorted === col ? -dir : 1;
        sorted = col;
        var keyed = rows.map(function (r, i) { return { r: r, k: keyOf(r.cells[col]), i: i }; });
        keyed.sort(function (a, b) {
          // Empty cells (undated, no sender) last either way; ties in date order.
          if (!a.k !== !b.k) return a.k ? -1 : 1;
          return (a.k < b.k ? -1 : a.k > b.k ? 1 : 0) * dir || a.i - b.i;
        });
        keyed.forEach(function (x) { tbody.appendChild(x.r); });
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      });
    });
    sorted = 0;
    table.classList.add("sortable");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.doc-table"), enhanceTable);

  if (!doc) return;

  var facsimile = doc.querySelector(".facsimile");
  var byId = function (id) { return document.getElementById(id); };
  var paraOf = function (n) { return byId("p" + n); };
  function linesOf(p) {
    return (p.getAttribute("data-lines") || "").split(" ").filter(Boolean)
      .map(function (n) { return byId("l" + n); }).filter(Boolean);
  }
  function toggle(els, on) { els.forEach(function (e) { e.classList.toggle("hl", on); }); }

  // Whether the facsimile pane scrolls by itself (wide screen, both panes).
  function paneScrolls() {
    return facsimile && facsimile.offsetParent !== null && facsimile.scrollHeight > facsimile.clientHeight + 1 &&
      getComputedStyle(facsimile).overflowY !== "visible";
  }
  // Brings a line into view inside the facsimile pane, never moving the page.
  function reveal(line, smooth) {
    if (!line || !paneScrolls()) return;
    var pane = facsimile.getBoundingClientRect();
    var r = line.getBoundingClientRect();
    var head = facsimile.querySelector(".pane-head");
    var top = pane.top + (head ? head.offsetHeight : 0) + 16;
    if (r.top >= top && r.bottom <= pane.bottom - 16) return;
    facsimile.scrollTo({ top: facsimile.scrollTop + (r.top - top) - 24, behavior: smooth ? "smooth" : "auto" });
  }

  // Paragraph -> its source lines.
  doc.querySelectorAll(".para[data-lines]").forEach(function (p) {
    var on = function () { var ls = linesOf(p); toggle(ls, true); reveal(ls[0], true); };
    var off = function () { toggle(linesOf(p), false); };
    p.addEventListener("mouseenter", on);
    p.addEventListener("mouseleave", off);
    p.addEventListener("focusin", on);
    p.addEventListener("focusout", off);
  });

  // Source line -> its paragraph (and the paragraph's other lines).
  doc.querySelectorAll(".ln[data-p]").forEach(function (l) {
    var p = paraOf(l.getAttribute("data-p"));
    if (!p) return;
    var on = function () { p.classList.add("hl"); toggle(linesOf(p), true); };
    var off = function () { p.classList.remove("hl"); toggle(linesOf(p), false); };
    l.addEventListener("mouseenter", on);
    l.addEventListener("mouseleave", off);
    l.addEventListener("focusin", on);
    l.addEventListener("focusout", off);
  });

  // Note <-> the passage it comments on.
  doc.querySelectorAll(".note[id^='n']").forEach(function (note) {
    var n = note.id.slice(1);
    var marks = Array.prototype.slice.call(doc.querySelectorAll("mark.passage[data-note='" + n + "']"));
    var on = function () { toggle(marks, true); note.classList.add("hl"); };
    var off = function () { toggle(marks, false); note.classList.remove("hl"); };
    [note].concat(marks).forEach(function (el) {
      el.addEventListener("mouseenter", on);
      el.addEventListener("mouseleave", off);
    });
    note.addEventListener("focusin", on);
    note.addEventListener("focusout", off);
  });

  // The view switch: remembered across pages; links into a hidden pane
  // switch to it.
  var radios = {};
  doc.querySelectorAll(".view-switch input[name='view']").forEach(function (r) { radios[r.value] = r; });
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  function shown(pane) { return pane && pane.offsetParent !== null; }
  function choose(view) {
    if (!radios[view]) return;
    radios[view].checked = true;
    try { if (store) store.setItem("folio-view", view); } catch (e) { /* storage refused: fine */ }
  }
  Object.keys(radios).forEach(function (k) {
    radios[k].addEventListener("change", function () { if (radios[k].checked) choose(k); });
  });
  try {
    var saved = store && store.getItem("folio-view");
    if (saved && radios[saved]) radios[saved].checked = true;
  } catch (e) { /* ignore */ }

  var reading = doc.querySelector(".reading");
  doc.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href^='#']");
    if (!a) return;
    var target = byId(a.getAttribute("href").slice(1));
    if (!target) return;
    var pane = target.closest(".pane");
    if (!pane || shown(pane)) {
      if (pane === facsimile && target.classList.contains("ln")) {
        // Following a paragraph's source link: light up all its lines.
        var p = paraOf(target.getAttribute("data-p"));
        if (p) { toggle(doc.querySelectorAll(".ln.hl"), false); toggle(linesOf(p), true); }
      }
      return;
    }
    // The target is in the pane that is switched off: switch to it.
    var both = radios.both && window.matchMedia("(min-width: 62.5rem)").matches;
    choose(both ? "both" : pane === reading ? "reading" : "facsimile");
  });

  // Scroll sync: the facsimile column follows the paragraph being read,
  // unless the reader was just sent to a place in the facsimile (#f6,
  // #l165): then it stays there until the reader scrolls, types or clicks.
  var paras = Array.prototype.slice.call(doc.querySelectorAll(".para[data-lines]"));
  var current = null;
  var ticking = false;
  var held = false;
  function follow() {
    ticking = false;
    if (held || !paneScrolls() || !paras.length) return;
    var edge = headerHeight() + 80;
    var at = null;
    for (var i = 0; i < paras.length; i++) {
      if (paras[i].getBoundingClientRect().top <= edge) at = paras[i]; else break;
    }
    if (!at || at === current) return;
    current = at;
    reveal(linesOf(at)[0], false);
  }
  window.addEventListener("scroll", function () {
    if (!ticking) { ticking = true; window.requestAnimationFrame(follow); }
  }, { passive: true });
  // What the reader does themselves ends the hold (and any pending re-aim).
  var touched = false;
  ["wheel", "touchstart", "pointerdown", "keydown"].forEach(function (type) {
    window.addEventListener(type, function () { held = false; touched = true; }, { passive: true, capture: true });
  });

  // The paragraph a facsimile line or sheet feeds.
  function paraFor(t) {
    var ln = t.classList.contains("ln") ? t : t.querySelector(".ln[data-p]");
    return ln && ln.getAttribute("data-p") ? paraOf(ln.getAttribute("data-p")) : null;
  }
  // Scrolls the window so that `el`'s top is just below the sticky header.
  function windowTo(el) {
    var y = window.pageYOffset + el.getBoundingClientRect().top - headerHeight() - 8;
    window.scrollTo(0, Math.max(0, y));
  }

  // Opens the fragment's target where it is: a place in the facsimile pane
  // shown in that pane (the reading text beside it at the paragraph it
  // feeds), anything else at the top of the window.
  function aim() {
    var id = location.hash && decodeURIComponent(location.hash.slice(1));
    var t = id && byId(id);
    if (!t || !doc.contains(t)) return;
    // The document's own paragraph number (#para-3) opens its paragraph.
    if (t.classList.contains("dpn") && t.parentNode.classList.contains("para")) t = t.parentNode;
    if (t.classList.contains("note")) openNote(t);
    if (facsimile && facsimile.contains(t) && paneScrolls()) {
      var p = paraFor(t);
      held = true;
      if (p) { windowTo(p); current = p; } else { windowTo(facsimile); }
      var pane = facsimile.getBoundingClientRect();
      var head = facsimile.querySelector(".pane-head");
      var top = pane.top + (head ? head.offsetHeight : 0) + 8;
      facsimile.scrollTop += t.getBoundingClientRect().top - top;
      return;
    }
    if (t.classList.contains("para")) reveal(linesOf(t)[0], false);
    if (!t.offsetParent && !t.getClientRects().length) return;
    windowTo(t);
    if (t.classList.contains("para")) current = t;
  }
  window.addEventListener("hashchange", function () { touched = false; aim(); });

  // ---- margin notes ------------------------------------------------------
  // Wide screens show notes beside the text (a CSS float layout that works
  // without JavaScript). Here each note is placed at the height of its
  // passage; when earlier notes leave no room, a note stacks below them
  // (its number, a link back to the passage, then says how far) and a long
  // note that would push later ones out of reach folds to its first line
  // with a button that opens it.
  var notes = Array.prototype.slice.call(doc.querySelectorAll(".reading .note[id^='n']"));
  var GAP = 10;
  function foldLimit() { return Math.min(240, window.innerHeight * 0.3); }
  function openNote(note, on) {
    if (!note.classList.contains("folded")) return;
    var open = on === undefined ? true : on;
    note.classList.toggle("open", open);
    var b = note.querySelector(".note-fold");
    if (!b) return;
    b.setAttribute("aria-expanded", open ? "true" : "false");
    b.textContent = S(open ? "close" : "open");
    b.setAttribute("aria-label", S(open ? "close_note" : "open_note", { n: note.id.slice(1) }));
  }
  notes.forEach(function (note) {
    var head = note.querySelector(".note-head");
    if (!head) return;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "note-fold";
    b.setAttribute("aria-expanded", "false");
    b.setAttribute("aria-controls", note.id);
    b.textContent = S("open");
    b.setAttribute("aria-label", S("open_note", { n: note.id.slice(1) }));
    b.addEventListener("click", function () { openNote(note, !note.classList.contains("open")); });
    head.appendChild(b);
  });
  // Where note `k`'s passage starts (its first highlighted stretch, else
  // its reference mark, else its paragraph), relative to `box`.
  function passageTop(note, box) {
    var k = note.id.slice(1);
    var el = doc.querySelector("mark.passage[data-note='" + k + "']") || byId("r" + k) ||
      note.closest(".para-wrap").querySelector(".para");
    var rects = el.getClientRects();
    return (rects.length ? rects[0].top : el.getBoundingClientRect().top) - box;
  }
  var placed = false;
  function unplace() {
    if (!placed) return;
    placed = false;
    reading.classList.remove("placed");
    reading.style.minHeight = "";
    notes.forEach(function (n) {
      n.style.top = "";
      n.classList.remove("folded", "displaced");
      if (n.classList.contains("open")) { n.classList.add("folded"); openNote(n, false); n.classList.remove("folded"); }
      n.removeAttribute("data-displaced");
    });
  }
  function place() {
    unplace();
    var firstPara = reading && reading.querySelector(".para");
    if (!notes.length || !firstPara || getComputedStyle(firstPara).cssFloat !== "left") return;
    placed = true;
    reading.classList.add("placed");
    var box = reading.getBoundingClientRect().top;
    var want = notes.map(function (n) { return passageTop(n, box); });
    var order = notes.map(function (_, i) { return i; }).sort(function (a, b) { return want[a] - want[b] || a - b; });
    var limit = foldLimit();
    var bottom = -Infinity;
    order.forEach(function (i, k) {
      var n = notes[i];
      var top = Math.max(want[i], bottom + GAP);
      // Folded when this note, at full length, would push the next one
      // too far from its passage, or when it is itself far from its own.
      var next = k + 1 < order.length ? want[order[k + 1]] : Infinity;
      if (top + n.offsetHeight + GAP > next + limit || top - want[i] > limit) {
        n.classList.add("folded");
        var t = byId(location.hash.slice(1));
        if (t === n) openNote(n);
      }
      n.style.top = top + "px";
      if (top - want[i] > 24) {
        n.classList.add("displaced");
        n.setAttribute("data-displaced", String(Math.round(top - want[i])));
      }
      bottom = top + (n.classList.contains("open") ? n.querySelector(".note-head").offsetHeight : n.offsetHeight);
    });
    var need = Math.ceil(bottom + GAP);
    if (need > reading.offsetHeight) reading.style.minHeight = need + "px";
  }
  var relayout = null;
  function later() {
    if (relayout) return;
    relayout = window.requestAnimationFrame(function () { relayout = null; place(); if (!touched) aim(); });
  }
  window.addEventListener("resize", later);
  Object.keys(radios).forEach(function (k) { radios[k].addEventListener("change", later); });
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(later);
  window.addEventListener("load", later);
  place();
  aim();

  // ---- citations: a Copy button after each citation text ([data-cite]) ---
  // The text itself is on the page and selectable without JavaScript.
  function select(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  function copy(el, button) {
    var text = el.textContent.replace(/\s+/g, " ").trim();
    var done = function () {
      button.textContent = S("copied");
      setTimeout(function () { button.textContent = S("copy"); }, 2000);
    };
    var fallback = function () {
      select(el);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      if (ok) done(); else button.textContent = S("selected");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-cite]"), function (el) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-cite";
    button.textContent = S("copy");
    button.setAttribute("aria-label", S("copy_what", { what: el.getAttribute("data-cite") || "" }));
    button.addEventListener("click", function () { copy(el, button); });
    el.parentNode.insertBefore(button, el.nextSibling);
  });
})();

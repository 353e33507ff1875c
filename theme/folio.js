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

  // Scroll sync: the facsimile column follows the paragraph being read.
  var paras = Array.prototype.slice.call(doc.querySelectorAll(".para[data-lines]"));
  var current = null;
  var ticking = false;
  function follow() {
    ticking = false;
    if (!paneScrolls() || !paras.length) return;
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

  // Arriving on #p3 or #l12: show that paragraph's lines in the facsimile.
  function fromHash() {
    var t = location.hash && byId(location.hash.slice(1));
    if (!t) return;
    if (t.classList.contains("para")) { reveal(linesOf(t)[0], false); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();

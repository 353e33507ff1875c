// Folio: progressive enhancement only; every page works without it.
(function () {
  "use strict";
  // Hovering or focusing a reading paragraph highlights its source lines.
  function lines(p) {
    return (p.getAttribute("data-lines") || "").split(" ").filter(Boolean)
      .map(function (n) { return document.getElementById("l" + n); }).filter(Boolean);
  }
  function mark(p, on) {
    lines(p).forEach(function (l) { l.classList.toggle("hl", on); });
  }
  document.querySelectorAll(".para[data-lines]").forEach(function (p) {
    p.addEventListener("mouseenter", function () { mark(p, true); });
    p.addEventListener("mouseleave", function () { mark(p, false); });
    p.addEventListener("focusin", function () { mark(p, true); });
    p.addEventListener("focusout", function () { mark(p, false); });
  });
})();

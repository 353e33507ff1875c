// Folio preview: reloads the page when `folio serve` has rebuilt the site.
// Added to pages by the preview server only; never part of a built site.
// It asks for the build number by loading /__folio/poll.js as a script,
// which the pages' Content-Security-Policy allows (script-src 'self'),
// where fetch() would be refused (connect-src 'none').
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : null;
  var failures = 0;
  window.folioServe = function (v) {
    failures = 0;
    if (version !== null && String(v) !== version) {
      window.location.reload();
    }
  };
  function poll() {
    var s = document.createElement("script");
    s.src = "/__folio/poll.js?since=" + encodeURIComponent(version || "") + "&t=" + Date.now();
    s.onload = function () {
      s.remove();
      setTimeout(poll, 500);
    };
    s.onerror = function () {
      // The server is restarting or stopped: ask again, less often.
      s.remove();
      failures += 1;
      setTimeout(poll, Math.min(5000, 500 * (1 + failures)));
    };
    document.head.appendChild(s);
  }
  setTimeout(poll, 500);
})();

// Search: results lead with the page or section whose title matches best, and each snippet is cut
// from the page's reading text (no language switcher, buttons or answer keys), starting at a word.
// Sphinx's searchtools.js keeps a Scorer that is defined before it loads (it is, on search.html).
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  score: function (result) {
    var score = result[4];
    var words = (new URLSearchParams(window.location.search).get("q") || "")
      .toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
    if (!words.length) return score;
    var parts = String(result[1] || "").toLowerCase().split(" > ");
    var page = parts[0], section = parts[parts.length - 1];
    var all = function (text) { return words.every(function (w) { return text.indexOf(w) > -1; }); };
    if (all(section)) {
      score += 10;
      // A title that is mostly the query (a section called "Debt") is about it, not a list that mentions it.
      if (section.length <= 3 * words.join(" ").length) score += 10;
    }
    if (all(page)) score += 10;
    return score;
  },
};

(function () {
  var SKIP = ".headerlink, script, style, .toolkit-languages, button, summary, .sd-summary-state-marker, " +
    ".toggle-button, .selfcheck-feedback, .answer-key, .docx-link, .pack-links, #jb-print-docs-body, #jb-print-toc";
  function patch() {
    if (typeof Search === "undefined" || Search.toolkitPatched) return;
    Search.toolkitPatched = true;
    Search.htmlToText = function (htmlString, anchor) {
      var doc = new DOMParser().parseFromString(htmlString, "text/html");
      doc.querySelectorAll(SKIP).forEach(function (el) { el.remove(); });
      var main = doc.querySelector('[role="main"]');
      var block = anchor && main ? main.querySelector(anchor) : null;
      return (block || main || doc.body).textContent;
    };
    Search.makeSearchSummary = function (htmlText, keywords, anchor) {
      var text = Search.htmlToText(htmlText, anchor).replace(/\s+/g, " ").trim();
      if (!text) return null;
      var lower = text.toLowerCase();
      var found = Array.from(keywords).map(function (k) { return lower.indexOf(k.toLowerCase()); })
        .filter(function (i) { return i > -1; });
      var at = found.length ? Math.min.apply(null, found) : 0;
      var start = Math.max(at - 100, 0);
      if (start > 0) start = text.lastIndexOf(" ", start) + 1;
      var end = Math.min(start + 240, text.length);
      if (end < text.length) {
        var space = text.indexOf(" ", end);
        end = space > -1 ? space : text.length;
      }
      var summary = document.createElement("p");
      summary.classList.add("context");
      summary.textContent = (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
      return summary;
    };
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", patch);
  else patch();
})();

// Marsad's pages: link the events table and the article's evidence both ways; read a text file into the form.
// Plain JavaScript, no library, nothing fetched: the page works offline and under a strict CSP.
"use strict";
(function () {
  function clear() {
    document.querySelectorAll("span.hl").forEach(function (s) { s.classList.remove("hl"); });
    document.querySelectorAll("tr.selected").forEach(function (r) { r.classList.remove("selected"); });
  }
  function spansOf(index) {
    return Array.prototype.filter.call(document.querySelectorAll("#article span[data-ev]"), function (s) {
      return s.getAttribute("data-ev").split(" ").indexOf(String(index)) >= 0;
    });
  }
  function select(index, scrollTo) {
    clear();
    var row = document.querySelector('#events tr[data-event="' + index + '"]');
    if (row) { row.classList.add("selected"); }
    var spans = spansOf(index);
    spans.forEach(function (s) { s.classList.add("hl"); });
    if (scrollTo === "text" && spans.length) { spans[0].scrollIntoView({block: "center"}); }
    if (scrollTo === "row" && row) { row.scrollIntoView({block: "center"}); }
  }
  document.addEventListener("click", function (ev) {
    var row = ev.target.closest ? ev.target.closest("#events tr[data-event]") : null;
    if (row) { select(row.getAttribute("data-event"), "text"); return; }
    var span = ev.target.closest ? ev.target.closest("#article span[data-ev]") : null;
    if (span) {
      var list = span.getAttribute("data-ev").split(" ");
      // a second click on the same text moves on to the next event told there
      var current = document.querySelector("#events tr.selected");
      var at = current ? list.indexOf(current.getAttribute("data-event")) : -1;
      select(list[(at + 1) % list.length], "row");
    }
  });
  document.addEventListener("keydown", function (ev) {
    var row = ev.target.closest ? ev.target.closest("#events tr[data-event]") : null;
    if (row && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); select(row.getAttribute("data-event"), "text"); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var file = document.getElementById("file");
    var text = document.getElementById("text");
    if (file && text) {
      file.addEventListener("change", function () {
        if (!file.files.length) { return; }
        var reader = new FileReader();
        reader.onload = function () { text.value = reader.result; };
        reader.readAsText(file.files[0], "utf-8");
      });
    }
    if (location.hash && location.hash.indexOf("#ev-") === 0) {
      var row = document.getElementById(location.hash.slice(1));
      if (row && row.hasAttribute("data-event")) { select(row.getAttribute("data-event"), "text"); }
    }
  });
})();

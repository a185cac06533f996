// Hindsight's published site: search over the index in search-index.js, offline, no requests.
// Results are made with textContent and links to the site's own pages only.
(function () {
  "use strict";
  var index = window.HINDSIGHT_SEARCH || [];
  var box = document.getElementById("site-search");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!box || !list || !status) { return; }
  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }
  var prepared = index.map(function (e) {
    return " " + words(e[2] + " " + e[3] + " " + e[4] + " " + e[1]).join(" ");
  });
  function show(query) {
    var terms = words(query);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (terms.length === 0) {
      status.textContent = "Type a word of any decision, incident, lesson or review in the box above.";
      return;
    }
    var found = 0;
    for (var i = 0; i < index.length && found < 200; i++) {
      var hay = prepared[i];
      var all = terms.every(function (t) { return hay.indexOf(" " + t) !== -1; });
      if (!all) { continue; }
      found++;
      var e = index[i];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e[0];
      a.textContent = e[2];
      li.appendChild(a);
      var kind = document.createElement("span");
      kind.className = "badge";
      kind.textContent = e[1] + (e[3] ? " · " + e[3] : "");
      li.appendChild(document.createTextNode(" "));
      li.appendChild(kind);
      list.appendChild(li);
    }
    status.textContent = found === 0 ? "Nothing matches “" + query + "”."
      : (found === 200 ? "The first 200 records matching “" : found + (found === 1 ? " record matches “" : " records match “")) + query + "”.";
  }
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q") || "";
  box.value = q;
  show(q);
  box.addEventListener("input", function () { show(box.value); });
  var form = box.form;
  if (form) {
    form.addEventListener("submit", function (ev) { ev.preventDefault(); show(box.value); });
  }
})();

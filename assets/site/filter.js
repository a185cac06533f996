// Hindsight's published site: filters a list of records by repository and tag. Without
// scripts the form stays hidden and the tag and repository pages do the same work.
(function () {
  "use strict";
  var form = document.querySelector("form.filter");
  if (!form) { return; }
  form.hidden = false;
  var repo = document.getElementById("filter-repo");
  var tag = document.getElementById("filter-tag");
  var count = document.getElementById("filter-count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.records tbody tr"));
  function apply() {
    var r = repo ? repo.value : "";
    var t = tag ? tag.value : "";
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!r || row.getAttribute("data-repo") === r) &&
        (!t || (row.getAttribute("data-tags") || "").indexOf(" " + t + " ") !== -1);
      row.hidden = !ok;
      if (ok) { shown++; }
    });
    if (count) { count.textContent = shown + " shown"; }
  }
  if (repo) { repo.addEventListener("change", apply); }
  if (tag) { tag.addEventListener("change", apply); }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
})();

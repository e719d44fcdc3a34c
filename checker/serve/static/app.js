// Improvements only: every page works without this script (links to #c-N show a number's card
// through CSS :target; forms post and the server answers with a new page).
(function () {
  "use strict";
  var selected = null;
  function select(hash) {
    if (selected) { selected.classList.remove("selected"); }
    selected = null;
    var m = /^#c-(\d+)$/.exec(hash || "");
    if (!m) { return; }
    selected = document.getElementById("n-" + m[1]);
    if (selected) { selected.classList.add("selected"); }
  }
  window.addEventListener("hashchange", function () { select(location.hash); });
  select(location.hash);

  // An uploaded file's type picks how it is read; a pasted draft is left as chosen.
  var form = document.getElementById("check-form");
  if (form) {
    var file = form.querySelector("input[type=file]");
    var format = form.querySelector("select[name=format]");
    file.addEventListener("change", function () {
      var name = file.files.length ? file.files[0].name.toLowerCase() : "";
      if (/\.html?$/.test(name)) { format.value = "html"; }
      else if (/\.md$/.test(name)) { format.value = "md"; }
      else if (name) { format.value = "txt"; }
    });
  }
})();

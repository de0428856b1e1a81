// Applies a facet or the sort order as soon as it changes; the "Apply filters" button does the
// same without JavaScript.
(function () {
  "use strict";
  var form = document.getElementById("facets");
  if (!form) { return; }
  form.addEventListener("change", function () { form.submit(); });
})();

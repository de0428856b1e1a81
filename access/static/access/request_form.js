// After a refused submit, move focus to the list of problems so that it is read out and each
// link leads to its field.
(function () {
  var summary = document.getElementById("form-errors");
  if (summary) summary.focus();
})();

// A running job's page: asks for the job's progress every two seconds and updates the status
// region in place (no page reload that would lose a reader's place); shows the result when the
// job ends. Without JavaScript the page refreshes itself instead (<noscript> in the head).
(function () {
  "use strict";
  var region = document.getElementById("job-progress");
  if (!region) return;
  var url = region.getAttribute("data-status-url");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) return setTimeout(poll, 5000);
        if (status.finished) return window.location.reload();
        region.querySelector("[data-job-state]").textContent = status.state;
        region.querySelector("[data-job-rows]").textContent = status.rows ? ": " + status.rows : "";
        var bar = region.querySelector("[data-job-percent]");
        if (bar) { bar.value = status.percent; bar.textContent = status.percent + " %"; }
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();

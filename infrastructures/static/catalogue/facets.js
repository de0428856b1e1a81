// The search page's filters, enhanced. Without JavaScript the #facets form is a plain GET form with
// an "Apply filters" button. With it:
// - ticking a facet or changing the sort fetches the page the form would load and swaps in its
//   facets and #results, keeping the focus on the control the user was on (found again by its id),
//   announcing the new count in #results-status and putting the URL in the history (Back fetches
//   again); a failed fetch falls back to submitting the form;
// - Enter on a checkbox or a radio button ticks it instead of submitting the form;
// - on a phone the facets fold behind the "Filters (n)" button (the stylesheet hides them while
//   .filters-closed is set; wider screens ignore it).
// After each swap it dispatches "catalogue:results-updated" on document (the map redraws on it).
(function () {
  "use strict";
  var form = document.getElementById("facets");
  var layout = document.querySelector(".search-layout");
  var status = document.getElementById("results-status");
  var toggle = document.getElementById("filters-toggle");
  if (!form || !layout || !document.getElementById("results")) { return; }
  if (!window.fetch || !window.DOMParser || !window.AbortController || !window.history.pushState) { return; }

  var pending = null;  // the AbortController of the request under way
  var shown = withoutHash(location.href);  // the URL whose results are on the page

  function withoutHash(url) { return url.split("#")[0]; }

  function formUrl() {
    var query = new URLSearchParams(new FormData(form)).toString();
    return withoutHash(form.action).split("?")[0] + (query ? "?" + query : "");
  }

  function activeFilters() {
    return form.querySelectorAll("fieldset.facet input:checked").length;
  }

  function showCount() {
    if (toggle) { toggle.querySelector(".filters-count").textContent = "(" + activeFilters() + ")"; }
  }

  function announce(text) {
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);  // same text, said again
  }

  function textOf(element) { return element ? element.textContent.replace(/\s+/g, " ").trim() : ""; }

  // Puts the fetched page's facets and results in place of ours. `restoring`: Back or Forward, so
  // the sort and the search box take the page's values too.
  function swap(doc, restoring) {
    var newForm = doc.getElementById("facets");
    var newResults = doc.getElementById("results");
    if (!newForm || !newResults) { throw new Error("not a results page"); }
    var active = document.activeElement;
    var activeId = active && form.contains(active) ? active.id : "";
    var inResults = active && document.getElementById("results").contains(active);
    var activeFieldset = active && active.closest ? active.closest("fieldset") : null;
    var fieldsetId = activeFieldset ? activeFieldset.id : "";

    var before = form.querySelector(".facet-actions");
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.facet"), function (set) { set.remove(); });
    Array.prototype.forEach.call(newForm.querySelectorAll("fieldset.facet"), function (set) {
      form.insertBefore(document.importNode(set, true), before);
    });
    if (restoring) {
      var sort = form.elements.namedItem("sort");
      var newSort = newForm.elements.namedItem("sort");
      if (sort && newSort) { sort.value = newSort.value; }
      var query = form.querySelector("input[type=hidden][name=q]");
      var newQuery = newForm.querySelector("input[type=hidden][name=q]");
      if (query) { query.remove(); }
      if (newQuery) { form.insertBefore(document.importNode(newQuery, true), form.firstChild); }
      var box = document.getElementById("id_q");
      var newBox = doc.getElementById("id_q");
      if (box && newBox) { box.value = newBox.value; }
    }
    document.getElementById("results").replaceWith(document.importNode(newResults, true));
    if (doc.title) { document.title = doc.title; }
    // The language links lead to this page in the other language, with the filters of the moment.
    var languages = document.querySelector(".language-switcher");
    var newLanguages = doc.querySelector(".language-switcher");
    if (languages && newLanguages) { languages.replaceWith(document.importNode(newLanguages, true)); }
    showCount();

    if (inResults) {
      document.getElementById("results").focus();
    } else if (activeId && document.activeElement !== document.getElementById(activeId)) {
      var target = document.getElementById(activeId) ||
        (fieldsetId && document.getElementById(fieldsetId) &&
          document.getElementById(fieldsetId).querySelector("input")) ||
        document.getElementById("results");
      target.focus();
    }
    announce(textOf(document.getElementById("results-heading")));
    document.dispatchEvent(new CustomEvent("catalogue:results-updated"));
  }

  // Fetches `url` and swaps its results in; `push`: a change of the user's, to put in the history.
  function update(url, push) {
    if (pending) { pending.abort(); }
    var request = new AbortController();
    pending = request;
    document.getElementById("results").setAttribute("aria-busy", "true");
    fetch(url, { signal: request.signal, headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (pending !== request) { return; }
        pending = null;
        swap(new DOMParser().parseFromString(html, "text/html"), !push);
        if (push && url !== shown) { history.pushState({ catalogueSearch: true }, "", url); }
        shown = url;
      })
      .catch(function (error) {
        if (error.name === "AbortError" || (pending && pending !== request)) { return; }
        pending = null;
        if (push) { form.submit(); } else { location.reload(); }
      });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name) { update(formUrl(), true); }
  });

  // The "Apply filters" button (and any other way of submitting) updates in place as well; on a
  // phone it also folds the filters away and takes the reader to the results.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update(formUrl(), true);
    if (toggle && window.getComputedStyle(toggle).display !== "none") {
      setOpen(false);
      document.getElementById("results").focus();
    }
  });

  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (target.type === "checkbox" || target.type === "radio") {
      event.preventDefault();
      if (!(target.type === "radio" && target.checked)) { target.click(); }
    }
  });

  window.addEventListener("popstate", function () {
    var url = withoutHash(location.href);
    if (url !== shown) { update(url, false); }  // not when only the #fragment changed
  });

  form.classList.add("updates-in-place");
  if (toggle) {
    showCount();
    toggle.hidden = false;
    setOpen(false);
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
  }

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", String(open));
    layout.classList.toggle("filters-closed", !open);
  }
})();

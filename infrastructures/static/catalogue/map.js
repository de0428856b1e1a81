// The map of a page's entries, drawn with Leaflet.
// A #map with data-features-url asks catalogue:map-features, first for the extent of the entries
// (the first view), then for the entries in view, clustered by the server, after every move
// (debounced; a request still under way is aborted). A #map with data-points draws those few
// inline points (an entry's page). Markers and clusters are out of the Tab order: the list beside
// the map gives the same entries. Without tiles (offline, blocked) markers and links still work.
// The search page replaces its results in place and then fires "catalogue:results-updated": any
// new #map is set up then (and a map whose container left the page is let go).
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  var DEBOUNCE_MS = 250;
  var MAX_ZOOM = 18;
  var FIT = { maxZoom: 12, padding: [24, 24] };
  var EUROPE = [[35, -11], [71, 32]];
  var maps = [];

  function label(container, name, count) {
    var text = container.dataset["label" + name] || "";
    return count === undefined ? text : text.replace("%(count)s", String(count));
  }

  function entryNodes(parent, entry) {
    if (entry.url) {
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.name;
      parent.appendChild(link);
    } else {
      parent.appendChild(document.createTextNode(entry.name || ""));
    }
    if (entry.city) {
      parent.appendChild(document.createElement("br"));
      parent.appendChild(document.createTextNode(entry.city));
    }
  }

  function pointPopup(entry) {
    var popup = document.createElement("div");
    entryNodes(popup, entry);
    return popup;
  }

  function stackPopup(container, properties) {
    var popup = document.createElement("div");
    var heading = document.createElement("p");
    heading.className = "map-stack-heading";
    heading.textContent = label(container, "Stack", properties.count);
    popup.appendChild(heading);
    if (properties.entries) {
      var list = document.createElement("ul");
      list.className = "map-stack";
      properties.entries.forEach(function (entry) {
        var item = document.createElement("li");
        entryNodes(item, entry);
        list.appendChild(item);
      });
      popup.appendChild(list);
    }
    return popup;
  }

  function clusterIcon(count) {
    var size = count < 10 ? 34 : count < 100 ? 40 : count < 1000 ? 48 : 56;
    return L.divIcon({
      html: "<span>" + Number(count) + "</span>",
      className: "map-cluster",
      iconSize: [size, size]
    });
  }

  function featureKey(feature) {
    var p = feature.properties;
    return p.count + (p.stacked ? "s" : "") + "@" + feature.geometry.coordinates.join(",");
  }

  function featureMarker(state, feature) {
    var map = state.map;
    var container = state.container;
    var p = feature.properties;
    var c = feature.geometry.coordinates;
    var latlng = L.latLng(c[1], c[0]);
    if (p.count === 1) {
      return L.marker(latlng, { keyboard: false, title: p.name, alt: p.name }).bindPopup(pointPopup(p));
    }
    var title = label(container, p.stacked ? "Stack" : "Cluster", p.count);
    var marker = L.marker(latlng, { icon: clusterIcon(p.count), keyboard: false, title: title });
    if (p.stacked) {
      // Entries at one address: zooming in would not part them, so the cluster lists them.
      return marker.bindPopup(stackPopup(container, p));
    }
    marker.on("click", function () {
      var e = p.extent;
      var bounds = L.latLngBounds([e[1], e[0]], [e[3], e[2]]);
      var zoom = Math.min(map.getBoundsZoom(bounds, false, L.point(64, 64)), map.getMaxZoom());
      map.setView(bounds.getCenter(), Math.max(zoom, Math.min(map.getZoom() + 2, map.getMaxZoom())));
    });
    return marker;
  }

  function draw(state, features) {
    var kept = {};
    features.forEach(function (feature) {
      var key = featureKey(feature);
      // The same cluster or point stays put (its open popup too, after a pan).
      kept[key] = state.markers[key] || featureMarker(state, feature).addTo(state.layer);
    });
    Object.keys(state.markers).forEach(function (key) {
      if (!kept[key]) { state.layer.removeLayer(state.markers[key]); }
    });
    state.markers = kept;
  }

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function wrapLongitude(lng) {
    if (lng >= -180 && lng <= 180) { return lng; }
    return ((lng + 180) % 360 + 360) % 360 - 180;
  }

  function viewUrl(state) {
    var url = new URL(state.container.dataset.featuresUrl, window.location.href);
    var bounds = state.map.getBounds();
    var west = bounds.getWest();
    var east = bounds.getEast();
    if (east - west >= 360) {
      west = -180; east = 180;
    } else {
      west = wrapLongitude(west); east = wrapLongitude(east);
    }
    var box = [
      clamp(west, -180, 180), clamp(bounds.getSouth(), -90, 90),
      clamp(east, -180, 180), clamp(bounds.getNorth(), -90, 90)
    ];
    url.searchParams.set("zoom", String(Math.round(state.map.getZoom())));
    url.searchParams.set("bbox", box.map(function (value) { return value.toFixed(6); }).join(","));
    return url.toString();
  }

  function request(state, url, done) {
    if (state.controller) { state.controller.abort(); }
    var controller = state.controller = new AbortController();
    state.container.setAttribute("aria-busy", "true");
    fetch(url, { signal: controller.signal, credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        if (state.controller !== controller) { return; }
        state.controller = null;
        state.container.removeAttribute("aria-busy");
        done(data);
      })
      .catch(function (error) {
        if (error.name === "AbortError") { return; }
        state.controller = null;
        state.container.removeAttribute("aria-busy");
        state.container.dataset.error = "true";
      });
  }

  function loadView(state) {
    request(state, viewUrl(state), function (data) {
      draw(state, data.features);
      state.container.dataset.ready = "true";
      state.container.dataset.zoom = String(data.zoom);
    });
  }

  function newMap(container) {
    container.innerHTML = "";
    var map = L.map(container, {
      scrollWheelZoom: false,
      keyboard: false, // the container leaves the Tab order; the list has the same entries
      zoomControl: false,
      maxZoom: MAX_ZOOM
    });
    L.control.zoom({
      zoomInTitle: label(container, "ZoomIn"),
      zoomOutTitle: label(container, "ZoomOut")
    }).addTo(map);
    var leaflet = document.createElement("a");
    leaflet.href = "https://leafletjs.com";
    leaflet.title = label(container, "Leaflet");
    leaflet.textContent = "Leaflet";
    map.attributionControl.setPrefix(leaflet.outerHTML);
    if (container.dataset.tileUrl) {
      L.tileLayer(container.dataset.tileUrl, {
        maxZoom: MAX_ZOOM, attribution: container.dataset.tileAttribution || ""
      }).addTo(map);
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", label(container, "Close")); }
    });
    return map;
  }

  function setUpFeatures(container) {
    var map = newMap(container);
    var state = { container: container, map: map, layer: L.layerGroup().addTo(map), markers: {}, controller: null };
    var timer = null;
    // The first request (no bbox) answers with the extent of every matching entry.
    request(state, new URL(container.dataset.featuresUrl, window.location.href).toString(), function (data) {
      map.on("moveend", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { loadView(state); }, DEBOUNCE_MS);
      });
      var b = data.bounds;
      if (b) {
        map.fitBounds([[b[1], b[0]], [b[3], b[2]]], FIT);
      } else {
        map.fitBounds(EUROPE);
      }
    });
    state.destroy = function () {
      window.clearTimeout(timer);
      if (state.controller) { state.controller.abort(); }
      map.remove();
    };
    return state;
  }

  function setUpPoints(container) {
    var data = document.getElementById(container.dataset.points);
    var points = data ? JSON.parse(data.textContent) : [];
    if (!points.length) { return null; }
    var map = newMap(container);
    var markers = points.map(function (point) {
      return L.marker([point.lat, point.lng], { keyboard: false, title: point.name, alt: point.name })
        .bindPopup(pointPopup(point)).addTo(map);
    });
    map.fitBounds(L.featureGroup(markers).getBounds(), FIT);
    container.dataset.ready = "true";
    return { container: container, map: map, destroy: function () { map.remove(); } };
  }

  function setUpAll() {
    maps = maps.filter(function (state) {
      if (document.body.contains(state.container)) { return true; }
      state.destroy();
      return false;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#map"), function (container) {
      if (container.dataset.mapStarted) { return; }
      container.dataset.mapStarted = "true";
      var state = container.dataset.featuresUrl ? setUpFeatures(container)
        : container.dataset.points ? setUpPoints(container) : null;
      if (state) { maps.push(state); }
    });
  }

  document.addEventListener("catalogue:results-updated", setUpAll);
  setUpAll();
})();

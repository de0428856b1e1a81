// Draws the markers of #map-points on a Leaflet map. Without tiles (offline, blocked) the markers
// and their links still work; without JavaScript the page's list carries the same entries.
(function () {
  "use strict";
  var container = document.getElementById("map");
  var data = document.getElementById("map-points");
  if (!container || !data || typeof L === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  if (!points.length) { return; }
  container.innerHTML = "";
  var map = L.map(container, { scrollWheelZoom: false });
  if (container.dataset.tileUrl) {
    L.tileLayer(container.dataset.tileUrl, {
      maxZoom: 18, attribution: container.dataset.tileAttribution || ""
    }).addTo(map);
  }
  var markers = points.map(function (point) {
    var marker = L.marker([point.lat, point.lng], { title: point.name, alt: point.name });
    var popup = document.createElement("div");
    if (point.url) {
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      popup.appendChild(link);
    } else {
      popup.textContent = point.name;
    }
    if (point.city) { popup.appendChild(document.createElement("br")); popup.appendChild(document.createTextNode(point.city)); }
    marker.bindPopup(popup);
    return marker.addTo(map);
  });
  var bounds = L.featureGroup(markers).getBounds();
  map.fitBounds(bounds, { maxZoom: 12, padding: [24, 24] });
  container.dataset.ready = "true";
})();

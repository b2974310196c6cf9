// The small map of a point's public page: the point and its surroundings. The page says all in
// words too, so without Leaflet or without tiles nothing is lost.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("point-map");
  if (!box || !window.L) return;
  var lat = parseFloat(box.dataset.lat), lon = parseFloat(box.dataset.lon);
  var map = L.map(box, { scrollWheelZoom: false, tap: true }).setView([lat, lon], 16);
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
  }
  var icon = L.divIcon({
    className: "point-icon",
    html: '<span style="background:' + box.dataset.colour + '"></span>',
    iconSize: [30, 30], iconAnchor: [15, 15],
  });
  var marker = L.marker([lat, lon], { icon: icon, keyboard: false, interactive: false }).addTo(map);
  marker.getElement().querySelector("span").textContent = box.dataset.letter;
  L.circle([lat, lon], { radius: 150, color: box.dataset.colour, weight: 1, fillOpacity: 0.08 }).addTo(map);
  document.body.setAttribute("data-point-map", "ready");
});

/* Sustain site map: markers from the GeoJSON API, clustered; popups built as DOM text (never
 * HTML from data); material and "open now" filters; nearest point; staff placement of sites.
 * Loaded after Leaflet, Leaflet.markercluster (both vendored in static/vendor) and sitefeature.js. */
(function () {
  "use strict";

  var shared = window.SustainSite, el = shared.el, distanceM = shared.distanceM, load = shared.load;

  function number(value, digits) {
    return Number(value).toLocaleString(document.documentElement.lang === "th" ? "th-TH" : "en-GB",
      {maximumFractionDigits: digits || 0});
  }

  function localTime(iso, withDay) {
    // The server sends Thai wall-clock times without an offset: show them as they are.
    var options = {hour: "2-digit", minute: "2-digit", timeZone: "UTC"};
    if (withDay) { options.weekday = "short"; options.day = "numeric"; options.month = "short"; }
    return new Intl.DateTimeFormat(document.documentElement.lang === "th" ? "th-TH" : "en-GB", options)
      .format(new Date(iso + "Z"));
  }

  function day(iso) {
    return new Intl.DateTimeFormat(document.documentElement.lang === "th" ? "th-TH" : "en-GB",
      {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"}).format(new Date(iso + "T00:00:00Z"));
  }

  function row(parent, label, value) { shared.row(parent, label, value, "popup-row"); }

  function icon(colour, letter, extraClass) {
    return L.divIcon({
      className: "site-icon " + (extraClass || ""),
      html: '<span style="background:' + colour + '">' + letter + "</span>",
      iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12]
    });
  }

  function materialsOf(props) {
    return Object.keys(props).filter(function (key) {
      return key.indexOf("recycling:") === 0 && props[key] === "yes";
    }).map(function (key) { return key.slice("recycling:".length); });
  }

  function init(map, cfg) {
    var t = cfg.labels;
    var pointLayer = L.markerClusterGroup({maxClusterRadius: 45, showCoverageOnHover: false});
    var solarLayer = L.markerClusterGroup({maxClusterRadius: 45, showCoverageOnHover: false});
    var pointEntries = [];
    var control = L.control.layers(null, null, {collapsed: window.innerWidth < 700}).addTo(map);
    control.addOverlay(pointLayer, t.wastePoints);
    control.addOverlay(solarLayer, t.solar);
    pointLayer.addTo(map);
    solarLayer.addTo(map);
    if (cfg.mode === "staff" && cfg.dueUrl) dueLayer(map, cfg, control);
    var status = document.getElementById("map-status");

    function moveButton(kind, feature) {
      var button = el("button", "move", t.move);
      button.type = "button";
      button.addEventListener("click", function () {
        document.getElementById("id_move").value = kind + ":" + feature.id;
        document.getElementById("move-status").textContent = t.moving + " " + feature.properties.name;
        map.closePopup();
      });
      return button;
    }

    function staffLinks(box, kind, feature) {  // staff: the site's page and its record
      [[(cfg.pageUrls || {})[kind], t.sitePage], [(cfg.adminUrls || {})[kind], t.record]].forEach(function (pair) {
        if (!pair[0]) return;
        var link = el("a", "site-link", pair[1]);
        link.href = pair[0].replace("{id}", feature.id);
        box.appendChild(document.createTextNode(" "));
        box.appendChild(link);
      });
    }

    var byId = {waste_point: {}, installation: {}};
    function focusSite(kind) {
      var focus = cfg.focus;
      if (!focus || focus.kind !== kind || !byId[kind][focus.id]) return;
      var layer = kind === "installation" ? solarLayer : pointLayer, marker = byId[kind][focus.id];
      layer.zoomToShowLayer(marker, function () { marker.openPopup(); });
      document.body.setAttribute("data-focused", kind + ":" + focus.id);
    }

    function pointPopup(feature) {
      var p = feature.properties, box = el("div", "popup");
      box.appendChild(el("h3", null, p.name));
      var kind = cfg.kinds[p["sustain:kind"]];
      box.appendChild(el("p", "popup-kind", kind ? kind.label : p["sustain:kind"]));
      var materials = materialsOf(p);
      if (materials.length) {
        box.appendChild(el("p", "popup-label", t.accepts));
        box.appendChild(shared.materialList(materials.map(function (name) {
          return cfg.materials[name] || {label: name, colour: "#777"};
        })));
      }
      if (p.opening_hours) {
        var state = p["sustain:open_now"], next = p["sustain:next_change"];
        var words = state === true ? t.openNow : state === false ? t.closedNow : "";
        if (next) words += (words ? " · " : "") + (state ? t.closesAt : t.opensAt) + " " + localTime(next, !state);
        row(box, t.hours, words ? words + " (" + p.opening_hours + ")" : p.opening_hours);
      }
      row(box, t.collection, p.collection_times);
      row(box, t.operator, p.operator);
      row(box, t.ref, p.ref);
      row(box, t.verified, p.check_date ? day(p.check_date) : "");
      if (cfg.mode === "staff") { box.appendChild(moveButton("waste_point", feature)); staffLinks(box, "waste_point", feature); }
      if (cfg.traffyUrl) {
        var link = el("a", "report", t.report);
        link.href = cfg.traffyUrl;
        link.target = "_blank";
        link.rel = "noopener";
        box.appendChild(link);
      }
      return box;
    }

    function solarPopup(feature) {
      var p = feature.properties, box = el("div", "popup");
      box.appendChild(el("h3", null, p.name));
      shared.installationFigures(box, p, t, cfg.buildingTypes, {kind: "popup-kind", row: "popup-row", note: "small", number: number});
      if (cfg.mode === "staff" && p.owner_name) row(box, t.owner, p.owner_name + " " + (p.owner_phone || ""));
      if (cfg.mode === "staff") { box.appendChild(moveButton("installation", feature)); staffLinks(box, "installation", feature); }
      return box;
    }

    function showPoints() {
      var material = document.getElementById("filter-material").value;
      var openOnly = document.getElementById("filter-open").checked;
      pointLayer.clearLayers();
      var shown = pointEntries.filter(function (entry) {
        return (!material || entry.materials.indexOf(material) >= 0) &&
          (!openOnly || entry.feature.properties["sustain:open_now"] === true);
      });
      pointLayer.addLayers(shown.map(function (entry) { return entry.marker; }));
      if (status) status.textContent = t.showing.replace("%s", shown.length);
      return shown;
    }

    function nearestFrom(lat, lon) {
      var shown = showPoints(), best = null, bestM = Infinity;
      shown.forEach(function (entry) {
        var c = entry.feature.geometry.coordinates, d = distanceM(lat, lon, c[1], c[0]);
        if (d < bestM) { bestM = d; best = entry; }
      });
      var out = document.getElementById("nearest-result");
      if (!best) { out.textContent = t.noneFound; return; }
      out.textContent = t.nearest + ": " + best.feature.properties.name + " · " + number(bestM / 1000, 1) + " km";
      pointLayer.zoomToShowLayer(best.marker, function () { best.marker.openPopup(); });
    }

    var pickingOrigin = false;
    var nearestButton = document.getElementById("find-nearest");
    if (nearestButton) nearestButton.addEventListener("click", function () {
      var out = document.getElementById("nearest-result");
      function pick() { pickingOrigin = true; out.textContent = t.tapMap; }
      if (!navigator.geolocation) return pick();
      out.textContent = t.locating;
      navigator.geolocation.getCurrentPosition(function (pos) {
        nearestFrom(pos.coords.latitude, pos.coords.longitude);
      }, pick, {timeout: 8000});
    });
    ["filter-material", "filter-open"].forEach(function (id) {
      var node = document.getElementById(id);
      if (node) node.addEventListener("change", showPoints);
    });

    var placed = null;
    function place(lat, lon) {
      var latInput = document.getElementById("id_latitude"), lonInput = document.getElementById("id_longitude");
      if (!latInput || !lonInput) return;
      latInput.value = lat.toFixed(6);
      lonInput.value = lon.toFixed(6);
      if (placed) { placed.setLatLng([lat, lon]); return; }
      placed = L.marker([lat, lon], {draggable: true, title: t.newSite}).addTo(map);
      placed.on("dragend", function () { var ll = placed.getLatLng(); place(ll.lat, ll.lng); });
    }
    if (cfg.mode === "staff") {  // after a failed save the point placed before stays on the map
      var latBefore = document.getElementById("id_latitude"), lonBefore = document.getElementById("id_longitude");
      var lat0 = latBefore ? parseFloat(latBefore.value.replace(",", ".")) : NaN;
      var lon0 = lonBefore ? parseFloat(lonBefore.value.replace(",", ".")) : NaN;
      if (isFinite(lat0) && isFinite(lon0) && Math.abs(lat0) <= 90 && Math.abs(lon0) <= 180) {
        placed = L.marker([lat0, lon0], {draggable: true, title: t.newSite}).addTo(map);
        placed.on("dragend", function () { var ll = placed.getLatLng(); place(ll.lat, ll.lng); });
        map.setView([lat0, lon0], map.getZoom());
        document.body.setAttribute("data-placed", "restored");
      }
    }
    map.on("click", function (event) {
      if (pickingOrigin) { pickingOrigin = false; nearestFrom(event.latlng.lat, event.latlng.lng); return; }
      if (cfg.mode === "staff") place(event.latlng.lat, event.latlng.lng);
    });
    var locate = document.getElementById("use-location");
    if (locate) locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        place(pos.coords.latitude, pos.coords.longitude);
        map.setView([pos.coords.latitude, pos.coords.longitude], 17);
      });
    });

    load(cfg.wastePointsUrl).then(function (data) {
      data.features.forEach(function (feature) {
        var c = feature.geometry.coordinates, materials = materialsOf(feature.properties);
        var kind = cfg.kinds[feature.properties["sustain:kind"]] || {letter: "?"};
        var marker = L.marker([c[1], c[0]], {icon: icon(shared.streamColour(materials, cfg.materials), kind.letter, "waste"),
          title: feature.properties.name, alt: feature.properties.name, keyboard: true});
        marker.bindPopup(function () { return pointPopup(feature); });
        pointEntries.push({feature: feature, marker: marker, materials: materials});
        byId.waste_point[feature.id] = marker;
      });
      showPoints();
      focusSite("waste_point");
      document.body.setAttribute("data-points-loaded", String(pointEntries.length));
    }).catch(function (error) { if (status) status.textContent = t.loadFailed + " " + error.message; });
    load(cfg.installationsUrl).then(function (data) {
      solarLayer.addLayers(data.features.map(function (feature) {
        var c = feature.geometry.coordinates;
        var marker = L.marker([c[1], c[0]], {icon: icon("#b39ddb", "☀", "solar"),
          title: feature.properties.name, alt: feature.properties.name, keyboard: true});
        marker.bindPopup(function () { return solarPopup(feature); });
        byId.installation[feature.id] = marker;
        return marker;
      }));
      focusSite("installation");
      document.body.setAttribute("data-solar-loaded", String(data.features.length));
    }).catch(function (error) { if (status) status.textContent = t.loadFailed + " " + error.message; });
    if (cfg.leadsUrl) {  // staff with permission: residents' requests for advice (exact homes)
      var leadLayer = L.layerGroup().addTo(map);
      control.addOverlay(leadLayer, t.leads);
      load(cfg.leadsUrl).then(function (data) {
        data.features.forEach(function (feature) {
          var c = feature.geometry.coordinates, p = feature.properties;
          var marker = L.marker([c[1], c[0]], {icon: icon("#ffb74d", "?", "lead"),
            title: t.lead + " #" + feature.id, alt: t.lead + " #" + feature.id, keyboard: true});
          marker.bindPopup(function () {
            var box = el("div", "popup");
            box.appendChild(el("h3", null, t.lead + " #" + feature.id));
            row(box, t.owner, p.name + " " + p.phone);
            row(box, t.leadStatus, p.status);
            row(box, t.capacity, p.kwp + " kWp");
            row(box, t.received, p.received);
            var link = el("a", "report", t.openLead);
            link.href = p.url;
            box.appendChild(link);
            return box;
          });
          leadLayer.addLayer(marker);
        });
        document.body.setAttribute("data-leads-loaded", String(data.features.length));
      }).catch(function (error) { if (status) status.textContent = t.loadFailed + " " + error.message; });
    }
  }

  var DUE_COLOURS = {overdue: "#c62828", week: "#ef6c00", month: "#f9a825", later: "#607d8b"};

  /* Staff only: the sites due for a maintenance visit, coloured by how soon, with a village filter. */
  function dueLayer(map, cfg, control) {
    var t = cfg.dueLabels, layer = L.layerGroup(), entries = [];
    control.addOverlay(layer, t.layer);
    layer.addTo(map);
    var select = document.getElementById("due-village"), status = document.getElementById("due-status");
    function popup(feature) {
      var p = feature.properties, box = el("div", "popup");
      box.appendChild(el("h3", null, p.name));
      box.appendChild(el("p", "popup-kind", p.kind + (p.village ? " · " + p.village : "")));
      row(box, t.due, day(p.due_on) + " (" + t[p.bucket] + ")" + (p.reason ? " · " + p.reason : ""));
      row(box, t.openOrders, p.open_work_orders);
      var inspect = el("a", "report", t.inspect);
      inspect.href = cfg.fieldUrl + "#inspect/" + feature.id;
      box.appendChild(inspect);
      box.appendChild(document.createTextNode(" · "));
      var page = el("a", null, t.page);
      page.href = p.url;
      box.appendChild(page);
      return box;
    }
    function show() {
      var village = select ? select.value : "";
      layer.clearLayers();
      var shown = entries.filter(function (entry) {
        return !village || String(entry.feature.properties.village_id) === village;
      });
      shown.forEach(function (entry) { layer.addLayer(entry.marker); });
      if (status) status.textContent = shown.length + " · " + t.overdue + " " +
        shown.filter(function (e) { return e.feature.properties.bucket === "overdue"; }).length;
    }
    if (select) select.addEventListener("change", show);
    load(cfg.dueUrl).then(function (data) {
      data.features.forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var marker = L.circleMarker([c[1], c[0]], {radius: 11, weight: 3, color: DUE_COLOURS[feature.properties.bucket],
          fillOpacity: 0, className: "due-ring due-" + feature.properties.bucket});
        marker.bindPopup(function () { return popup(feature); });
        entries.push({feature: feature, marker: marker});
      });
      show();
      document.body.setAttribute("data-due-loaded", String(entries.length));
    }).catch(function (error) { if (status) status.textContent = error.message; });
  }

  window.SustainMap = {init: init};
})();

/* What the staff map (sitemap.js) and the residents' map (publicmap.js) show alike: elements
 * whose text is always set as text (never HTML from data), distances, JSON answers, a point's
 * stream colour, the list of accepted materials and an installation's figures.
 * Loaded before either of them (maps/builder.py). */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function distanceM(lat1, lon1, lat2, lon2) {
    var r = 6371008.8, toRad = Math.PI / 180;
    var dphi = (lat2 - lat1) * toRad, dl = (lon2 - lon1) * toRad;
    var a = Math.pow(Math.sin(dphi / 2), 2) +
      Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function load(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error(url + " answered " + r.status);
      return r.json();
    });
  }

  /* "Label: value" as a paragraph of the given class; nothing for an empty value. */
  function row(parent, label, value, className) {
    if (value === undefined || value === null || value === "") return;
    var p = el("p", className);
    p.appendChild(el("strong", null, label + ": "));
    p.appendChild(document.createTextNode(String(value)));
    parent.appendChild(p);
  }

  /* The colour of the stream most of a point's materials belong to (the rule of
   * sustain/services/gis/map_style.py); grey when none is known. */
  function streamColour(materials, known) {
    var counts = {}, best = "#607d8b", most = 0;
    materials.forEach(function (name) {
      var info = known[name];
      if (info) counts[info.colour] = (counts[info.colour] || 0) + 1;
    });
    Object.keys(counts).forEach(function (colour) { if (counts[colour] > most) { most = counts[colour]; best = colour; } });
    return best;
  }

  /* The accepted materials, each {label, colour}, as a list with a colour swatch. */
  function materialList(materials) {
    var list = el("ul", "materials");
    materials.forEach(function (m) {
      var item = el("li"), swatch = el("span", "swatch");
      swatch.style.background = m.colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(m.label));
      list.appendChild(item);
    });
    return list;
  }

  /* An installation's building type, capacity, yearly estimate, avoided CO2e and how exact its
   * place is, added to box. look: the classes {kind, row, note} and the page's number(). */
  function installationFigures(box, p, t, buildingTypes, look) {
    box.appendChild(el("p", look.kind, buildingTypes[p.building_type] || p.building_type));
    row(box, t.capacity, look.number(p.capacity_kwp, 2) + " kWp", look.row);
    if (p.annual_kwh !== undefined) {
      row(box, t.annualKwh, look.number(p.annual_kwh) + " kWh" + (p.estimate_approximate ? " (" + t.approximate + ")" : ""), look.row);
      if (p.estimate_weather) box.appendChild(el("p", look.note, t.weather + ": " + p.estimate_weather));
    }
    if (p.co2e_avoided_kg !== undefined) {
      row(box, t.co2e, look.number(p.co2e_avoided_kg) + " kgCO2e", look.row);
      box.appendChild(el("p", look.note, t.co2eBasis + " " + p.co2e_factor));
    }
    if (p.location_precision && p.location_precision !== "exact") box.appendChild(el("p", look.note, t.approxLocation));
  }

  window.SustainSite = {
    el: el, distanceM: distanceM, load: load, row: row, streamColour: streamColour,
    materialList: materialList, installationFigures: installationFigures
  };
})();

/* "Solar on my roof": place the house, describe the roof and the bill, show the estimate.
 * Privacy: the tapped point stays in this page. The calculation request carries the answers and,
 * when a house is placed, only its 0.01° cell (about 1.1 km) for the server's service-area check;
 * the exact point is sent only with a request for advice, which the resident sends on purpose.
 * Loaded after Leaflet (vendored in static/vendor/leaflet). */
(function () {
  "use strict";

  var cfg = JSON.parse(document.getElementById("roof-config").textContent);
  var t = cfg.labels;
  var locale = cfg.language === "th" ? "th-TH" : "en-GB";
  var form = document.getElementById("roof-form");
  var adviceForm = document.getElementById("advice-form");
  var home = null;          // {lat, lon}: never sent with the calculation
  var lastParams = null;    // the answers of the estimate on screen
  var requestKey = null;    // one advice request per estimate, however often the button is pressed
  var FIELDS = ["direction", "pitch", "size_mode", "area_m2", "kwp", "use_mode", "bill_thb",
    "kwh_month", "schedule", "use_time"];

  function number(value, digits) {
    return Number(value).toLocaleString(locale, {minimumFractionDigits: digits || 0, maximumFractionDigits: digits || 0});
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // --- Where is the house? -------------------------------------------------------------------

  var R = 6371008.8, RAD = Math.PI / 180;

  function haversineM(lat1, lon1, lat2, lon2) {
    var dphi = (lat2 - lat1) * RAD, dl = (lon2 - lon1) * RAD;
    var a = Math.pow(Math.sin(dphi / 2), 2) + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function inRing(lon, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  function segmentM(lat, lon, a, b) {
    // Local metres around the point: fine for the few kilometres that matter here.
    var kx = Math.cos(lat * RAD) * R * RAD, ky = R * RAD;
    var ax = (a[0] - lon) * kx, ay = (a[1] - lat) * ky, bx = (b[0] - lon) * kx, by = (b[1] - lat) * ky;
    var dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
    var s = len ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len)) : 0;
    return Math.hypot(ax + s * dx, ay + s * dy);
  }

  function outsideM(lat, lon) {
    var area = cfg.serviceArea;
    if (!area) {
      if (!cfg.serviceRadiusM) return 0;
      return Math.max(0, haversineM(lat, lon, cfg.centre[0], cfg.centre[1]) - cfg.serviceRadiusM);
    }
    var polygons = area.type === "Polygon" ? [area.coordinates] : area.coordinates;
    var best = Infinity;
    for (var p = 0; p < polygons.length; p++) {
      var rings = polygons[p];
      if (inRing(lon, lat, rings[0]) && !rings.slice(1).some(function (hole) { return inRing(lon, lat, hole); })) return 0;
      rings.forEach(function (ring) {
        for (var i = 1; i < ring.length; i++) best = Math.min(best, segmentM(lat, lon, ring[i - 1], ring[i]));
      });
    }
    return best;
  }

  function isOutside(point) { return outsideM(point.lat, point.lon) > cfg.toleranceM; }

  var map = L.map("roof-map", {zoomControl: true}).setView(cfg.centre, 14);
  if (cfg.tilesUrl) L.tileLayer(cfg.tilesUrl, {attribution: cfg.tilesAttribution, maxZoom: 19}).addTo(map);
  if (cfg.serviceArea) {
    L.geoJSON(cfg.serviceArea, {style: {color: "#2e7d32", weight: 2, fill: false}, interactive: false}).addTo(map);
  } else if (cfg.serviceRadiusM) {
    L.circle(cfg.centre, {radius: cfg.serviceRadiusM, color: "#2e7d32", weight: 2, fill: false, interactive: false}).addTo(map);
  }
  (cfg.villageOutlines || []).forEach(function (outline) {
    L.geoJSON(outline, {style: {color: "#555", weight: 1, dashArray: "4 4", fill: false}, interactive: false}).addTo(map);
  });
  var marker = null;
  var placeStatus = document.getElementById("place-status");

  function place(lat, lon) {
    home = {lat: lat, lon: lon};
    if (marker) marker.setLatLng([lat, lon]); else marker = L.marker([lat, lon], {keyboard: false}).addTo(map);
    var outside = isOutside(home);
    placeStatus.textContent = outside ? t.outside : t.placed;
    placeStatus.className = "status " + (outside ? "error" : "ok");
    document.body.setAttribute("data-house-placed", outside ? "outside" : "inside");
    clearErrors(["cell", "latitude"]);
  }
  map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng); });
  document.getElementById("use-location").addEventListener("click", function () {
    if (!navigator.geolocation) { placeStatus.textContent = t.noLocation; return; }
    placeStatus.textContent = t.locating;
    navigator.geolocation.getCurrentPosition(function (pos) {
      place(pos.coords.latitude, pos.coords.longitude);
      map.setView([pos.coords.latitude, pos.coords.longitude], 17);
    }, function () { placeStatus.textContent = t.noLocation; }, {timeout: 8000});
  });

  // --- The answers ------------------------------------------------------------------------

  function value(name) {
    var field = form.elements[name];
    return field ? field.value : "";
  }

  function showWhen() {
    document.querySelectorAll("[data-when]").forEach(function (node) {
      var rule = node.getAttribute("data-when").split("=");
      node.hidden = value(rule[0]) !== rule[1];
    });
  }
  form.addEventListener("change", showWhen);

  function answers() {
    // Only what the calculation needs: the inputs of the chosen modes, never the point.
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var v = value(name);
      if (name === "area_m2" && value("size_mode") !== "area") return;
      if (name === "kwp" && value("size_mode") !== "kwp") return;
      if (name === "bill_thb" && value("use_mode") !== "bill") return;
      if (name === "kwh_month" && value("use_mode") !== "kwh") return;
      if (v !== "") params.set(name, v);
    });
    return params;
  }

  function fill(params) {
    var any = false;
    FIELDS.forEach(function (name) {
      if (!params.has(name)) return;
      var field = form.elements[name];
      if (!field) return;
      field.value = params.get(name);
      any = true;
    });
    showWhen();
    return any;
  }

  function clearErrors(names) {
    document.querySelectorAll("[data-error-for]").forEach(function (node) {
      if (!names || names.indexOf(node.getAttribute("data-error-for")) >= 0) node.textContent = "";
    });
  }

  function showErrors(errors) {
    var first = null;
    errors.forEach(function (error) {
      var node = document.querySelector('[data-error-for="' + error.field + '"]') ||
        document.querySelector('[data-error-for="__all__"]');
      node.textContent = (node.textContent ? node.textContent + " " : "") + error.message;
      first = first || node;
    });
    if (first) first.scrollIntoView({block: "center"});
  }

  // --- The estimate -------------------------------------------------------------------------

  function out(name, text) {
    document.querySelectorAll('[data-out="' + name + '"]').forEach(function (node) { node.textContent = text; });
  }

  function chart(values, labels) {
    var svg = document.getElementById("month-chart"), ns = "http://www.w3.org/2000/svg";
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var top = Math.max.apply(null, values.concat([1])), width = 30, height = 120;
    values.forEach(function (v, i) {
      var h = v / top * height, bar = document.createElementNS(ns, "rect");
      bar.setAttribute("x", i * width + 4); bar.setAttribute("y", 10 + height - h);
      bar.setAttribute("width", width - 8); bar.setAttribute("height", h);
      bar.setAttribute("class", "bar");
      var title = document.createElementNS(ns, "title");
      title.textContent = labels[i] + ": " + number(v) + " kWh";
      bar.appendChild(title);
      svg.appendChild(bar);
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", i * width + width / 2); label.setAttribute("y", 150);
      label.setAttribute("text-anchor", "middle"); label.textContent = labels[i];
      svg.appendChild(label);
    });
    var max = document.createElementNS(ns, "text");
    max.setAttribute("x", 2); max.setAttribute("y", 9); max.setAttribute("class", "max");
    max.textContent = number(top) + " kWh";
    svg.appendChild(max);
  }

  function range(low, high, unit) { return "(" + number(low) + "–" + number(high) + (unit ? " " + unit : "") + ")"; }

  function render(data) {
    out("capacity_kwp", number(data.capacity_kwp, 1));
    out("annual_kwh", number(data.annual_kwh));
    out("kwh_range", range(data.annual_kwh_low, data.annual_kwh_high));
    out("savings_thb", number(data.savings_thb));
    out("savings_range", range(data.savings_low_thb, data.savings_high_thb));
    if (data.payback_years === null) {
      out("payback_years", t.never); out("payback_unit", ""); out("payback_range", "");
    } else {
      out("payback_years", number(data.payback_years, 1)); out("payback_unit", t.years);
      out("payback_range", data.payback_low_years !== null && data.payback_high_years !== null ?
        "(" + number(data.payback_low_years, 1) + "–" + number(data.payback_high_years, 1) + ")" : "");
    }
    ["self_used_kwh", "self_share_pct", "exported_kwh", "bill_before_thb", "bill_after_thb", "export_income_thb",
      "install_cost_thb", "lifetime_savings_thb", "lifetime_net_thb", "co2e_kg"].forEach(function (name) {
      out(name, number(data[name]));
    });
    out("co2e_factor", data.co2e_factor);
    out("sample_month", data.sample_month);
    out("as_of", data.as_of);
    document.getElementById("approx").hidden = !data.approximate;
    chart(data.monthly_kwh, data.month_labels);
    document.querySelectorAll("[data-bill]").forEach(function (cell) {
      var path = cell.getAttribute("data-bill").split("."), bill = path[0] === "before" ? data.sample_before : data.sample_after;
      cell.textContent = number(bill[path[1]], path[1] === "kwh" ? 0 : 2);
    });
    var list = document.getElementById("assumptions");
    list.textContent = "";
    data.assumptions.forEach(function (line) { list.appendChild(el("li", null, line)); });
    var rates = document.getElementById("rates");
    rates.textContent = "";
    data.rows.forEach(function (row) {
      var tr = el("tr");
      var label = el("td", null, row.label);
      if (row.to_verify) label.appendChild(el("span", "badge warn", t.toVerify));
      if (row.out_of_date) label.appendChild(el("span", "badge warn", t.outOfDate));
      tr.appendChild(label);
      tr.appendChild(el("td", null, row.value));
      tr.appendChild(el("td", null, row.valid));
      tr.appendChild(el("td", "small", row.source));
      rates.appendChild(tr);
    });
    document.getElementById("result").hidden = false;
    document.getElementById("advice").hidden = false;
  }

  var calcStatus = document.getElementById("calc-status");

  function calculate() {
    clearErrors();
    if (home && isOutside(home)) { showErrors([{field: "cell", message: t.outside}]); return; }
    var params = answers();
    var query = new URLSearchParams(params);
    if (home) query.set("cell", home.lat.toFixed(2) + "," + home.lon.toFixed(2));
    calcStatus.textContent = t.calculating;
    fetch(cfg.estimateUrl + "?" + query.toString(), {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      })
      .then(function (result) {
        calcStatus.textContent = "";
        if (!result.ok) { showErrors(result.data.errors || [{field: "__all__", message: result.data.detail}]); return; }
        lastParams = params;
        requestKey = null;
        render(result.data);
        history.replaceState(null, "", location.pathname + "?" + params.toString());
        document.body.setAttribute("data-estimate-shown", String(result.data.annual_kwh));
        document.getElementById("result").scrollIntoView({block: "start"});
      })
      .catch(function () { calcStatus.textContent = t.failed; });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); calculate(); });

  document.getElementById("print").addEventListener("click", function () { window.print(); });
  document.getElementById("share").addEventListener("click", function () {
    var link = location.origin + location.pathname + "?" + (lastParams || answers()).toString();
    var status = document.getElementById("share-status");
    status.setAttribute("data-link", link);
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link).then(function () { status.textContent = t.copied; },
        function () { status.textContent = link; });
    } else {
      status.textContent = link;
    }
  });

  // --- Asking for advice --------------------------------------------------------------------

  function uuid4() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  var adviceStatus = document.getElementById("advice-status");
  adviceForm.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors(["name", "phone", "village", "consent", "latitude"]);
    if (!home) { showErrors([{field: "latitude", message: t.placeFirst}]); return; }
    if (isOutside(home)) { showErrors([{field: "latitude", message: t.outside}]); return; }
    var body = new URLSearchParams(lastParams || answers());
    ["name", "phone", "village"].forEach(function (name) { body.set(name, adviceForm.elements[name].value); });
    if (adviceForm.elements.consent.checked) body.set("consent", "on");
    body.set("latitude", home.lat.toFixed(6));
    body.set("longitude", home.lon.toFixed(6));
    requestKey = requestKey || uuid4();
    body.set("request_key", requestKey);
    var button = document.getElementById("send-advice");
    button.disabled = true;
    fetch(cfg.adviceUrl, {method: "POST", credentials: "same-origin", body: body,
      headers: {"X-CSRFToken": cookie("csrftoken"), Accept: "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      })
      .then(function (result) {
        button.disabled = false;
        if (!result.ok) { showErrors(result.data.errors || [{field: "consent", message: result.data.detail}]); return; }
        adviceStatus.textContent = t.sent;
        document.body.setAttribute("data-advice-sent", "true");
      })
      .catch(function () { button.disabled = false; adviceStatus.textContent = t.failed; });
  });

  showWhen();
  if (fill(new URLSearchParams(location.search))) calculate();
  document.body.setAttribute("data-roof-ready", "true");
})();

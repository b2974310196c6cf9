/* The residents' map (the home page), made for phones and touch (issues 14 and 17).
 * Sites come from a compact list (/api/map/sites.json) and are clustered in a neutral colour
 * (sitecluster.js: only what is in view becomes a marker, so 100,000 sites stay quick);
 * a site's details are fetched when it is opened and shown in a sheet that stays open until its
 * close button, Escape or the back button. A search finds materials (Thai and English names,
 * everyday words), points, refs and villages; a material filters the map, zooms to its points and
 * lists them by distance. The material, village, layers, view and open point live in the URL's
 * hash, so switching language keeps them. Text from data is always set as text, never as HTML.
 * Loaded after Leaflet, Supercluster (both vendored in static/vendor), sitefeature.js and
 * sitecluster.js. */
(function () {
  "use strict";

  var lang = document.documentElement.lang === "th" ? "th" : "en";
  var locale = lang === "th" ? "th-TH" : "en-GB";
  var shared = window.SustainSite, el = shared.el, distanceM = shared.distanceM, load = shared.load;

  function $(id) { return document.getElementById(id); }

  function number(value, digits) {
    return Number(value).toLocaleString(locale, {maximumFractionDigits: digits || 0, minimumFractionDigits: digits || 0});
  }

  function bangkokDay(date) {  // "YYYY-MM-DD" of a moment in Thai time
    return new Intl.DateTimeFormat("en-CA", {timeZone: "Asia/Bangkok", year: "numeric", month: "2-digit", day: "2-digit"})
      .format(date);
  }

  function dayOf(text) { return new Date(text.slice(0, 10) + "T00:00:00Z"); }

  function action(tag, text, className) {
    var node = el(tag, "action " + (className || ""), text);
    if (tag === "button") node.type = "button";
    return node;
  }

  function row(parent, label, value) { shared.row(parent, label, value, "sheet-row"); }

  function init(map, cfg) {
    var t = cfg.labels, u = cfg.publicLabels;
    var state = {material: "", village: null, openOnly: false, origin: null};
    var points = [], byId = {}, solarById = {};

    var pointLayer = SustainClusters.layer({className: "cluster-waste", title: u.clusterPoints, marker: pointMarker, stack: listHere});
    var solarLayer = SustainClusters.layer({className: "cluster-solar", title: u.clusterSolar, marker: solarMarker, stack: listHere});
    var outlineLayer = L.geoJSON(null, {interactive: false, style: function (feature) {
      var village = feature.properties.kind === "village";
      return {color: "#2e7d32", weight: village ? 1.5 : 2.5, fillOpacity: 0.03, dashArray: village ? "4 4" : null};
    }});
    var layers = {p: pointLayer, s: solarLayer, o: outlineLayer};
    var control = L.control.layers(null, null, {collapsed: window.innerWidth < 700}).addTo(map);
    control.addOverlay(pointLayer, t.wastePoints);
    control.addOverlay(solarLayer, t.solar);
    control.addOverlay(outlineLayer, u.outlines);

    // ---- the URL hash: m (material), v (village), o (open only), l (layers), z/c (view), p/s (open site)
    var hash = new URLSearchParams(location.hash.slice(1));
    var shownLayers = hash.has("l") ? hash.get("l") : "pso";
    Object.keys(layers).forEach(function (key) { if (shownLayers.indexOf(key) >= 0) layers[key].addTo(map); });
    if (hash.has("z") && hash.has("c")) {
      var c = hash.get("c").split(",").map(Number);
      if (c.length === 2 && isFinite(c[0]) && isFinite(c[1])) map.setView(c, Number(hash.get("z")) || map.getZoom());
    }
    var ready = false;
    function writeHash() {
      if (!ready) return;
      var params = new URLSearchParams();
      if (state.material) params.set("m", state.material);
      if (state.village !== null) params.set("v", state.village);
      if (state.openOnly) params.set("o", "1");
      params.set("l", Object.keys(layers).filter(function (key) { return map.hasLayer(layers[key]); }).join(""));
      params.set("z", map.getZoom());
      var centre = map.getCenter();
      params.set("c", centre.lat.toFixed(5) + "," + centre.lng.toFixed(5));
      if (sheet.site) params.set(sheet.site.kind, sheet.site.id);
      history.replaceState(history.state, "", "#" + params.toString());
    }
    map.on("moveend overlayadd overlayremove", writeHash);
    document.querySelectorAll(".language-switch").forEach(function (form) {
      form.addEventListener("submit", function () {  // the new language opens the same view
        writeHash();
        var next = form.querySelector('input[name="next"]');
        if (next) next.value = location.pathname + location.search + location.hash;
      });
    });

    // ---- markers
    function icon(colour, letter, extra) {
      return L.divIcon({className: "site-icon tap " + extra, html: '<span style="background:' + colour + '">' + letter + "</span>",
        iconSize: [44, 44], iconAnchor: [22, 22]});
    }
    function materialLabel(name) { return (cfg.materials[name] || {label: name}).label; }
    function pointMarker(entry) {  // made when first in view, then kept
      if (!entry.marker) {
        var kind = cfg.kinds[entry.kind] || {letter: "?"};
        entry.marker = L.marker([entry.lat, entry.lon], {icon: icon(shared.streamColour(entry.materials, cfg.materials), kind.letter, "waste"),
          title: entry.name, alt: entry.name, keyboard: true, autoPanOnFocus: false});  // a tap must not pan
        entry.marker.on("click", function () { openSite({kind: "p", id: entry.id}); });
      }
      return entry.marker;
    }
    function solarMarker(entry) {
      if (!entry.marker) {
        entry.marker = L.marker([entry.lat, entry.lon], {icon: icon("#b39ddb", "☀", "solar"), title: entry.name, alt: entry.name,
          keyboard: true, autoPanOnFocus: false});
        entry.marker.on("click", function () { openSite({kind: "s", id: entry.id}); });
      }
      return entry.marker;
    }

    // ---- the details sheet
    var sheet = {node: $("point-details"), title: $("details-title"), body: $("details-body"), site: null};
    function closeSheet() {
      sheet.node.hidden = true;
      sheet.site = null;
      document.body.classList.remove("sheet-open");
      writeHash();
    }
    function showSheet(site, title) {
      var wasOpen = !!sheet.site;
      sheet.site = site;
      sheet.title.textContent = title;
      sheet.body.textContent = "";
      sheet.body.appendChild(el("p", "note", u.loading));
      sheet.node.hidden = false;
      sheet.node.removeAttribute("data-loaded");
      document.body.classList.add("sheet-open");
      var stateObj = {sheet: site};
      if (wasOpen && history.state && history.state.sheet) history.replaceState(stateObj, "");
      else history.pushState(stateObj, "");  // the back button closes the sheet
      writeHash();
      sheet.title.focus({preventScroll: true});
    }
    $("details-close").addEventListener("click", function () {
      if (history.state && history.state.sheet) history.back(); else closeSheet();
    });
    window.addEventListener("popstate", function (event) {
      if (event.state && event.state.sheet) openSite(event.state.sheet, {history: false});
      else if (sheet.site) closeSheet();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && sheet.site) $("details-close").click();
    });

    function pointBody(d) {
      var box = document.createDocumentFragment();
      box.appendChild(el("p", "sheet-kind", d.kind + (d.village ? " · " + d.village : "")));
      if (d.state) box.appendChild(el("p", "sheet-state " + (d.open_now ? "is-open" : "is-closed"), d.state));
      if (d.materials.length) {
        box.appendChild(el("p", "sheet-label", t.accepts));
        box.appendChild(shared.materialList(d.materials));
      }
      function hours(label, words, raw) {
        if (!raw) return;
        box.appendChild(el("p", "sheet-label", label));
        var list = el("ul", "hours");
        (words || [raw]).forEach(function (line) { list.appendChild(el("li", null, line)); });
        box.appendChild(list);
      }
      hours(t.hours, d.hours_words, d.opening_hours);
      hours(t.collection, d.collection_words, d.collection_times);
      row(box, t.operator, d.operator);
      row(box, u.code, d.ref);
      if (d.check_date) row(box, t.verified, new Intl.DateTimeFormat(locale, {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"}).format(dayOf(d.check_date)));
      var go = el("p", "actions");
      var google = action("a", u.directions, "primary");
      google.href = d.directions.google;
      google.rel = "noopener";
      go.appendChild(google);
      var osm = action("a", u.directionsOsm);
      osm.href = d.directions.osm;
      osm.rel = "noopener";
      go.appendChild(osm);
      box.appendChild(go);
      var report = el("p", "actions");
      if (d.report.line) {
        var line = action("a", u.reportLine, "report-line");
        line.href = d.report.line;
        line.rel = "noopener";
        report.appendChild(line);
      }
      var web = action("a", u.reportWeb, "report");
      web.href = d.report.web;
      web.target = "_blank";
      web.rel = "noopener";
      report.appendChild(web);
      var copy = action("button", u.copy, "copy-details");
      report.appendChild(copy);
      box.appendChild(report);
      var copied = el("p", "note copy-status");
      copied.setAttribute("role", "status");
      box.appendChild(copied);
      var text = el("textarea", "share-text");
      text.readOnly = true;
      text.value = d.share_text;
      text.rows = 4;
      text.hidden = true;
      text.setAttribute("aria-label", u.copy);
      box.appendChild(text);
      copy.addEventListener("click", function () {
        function fallback() { text.hidden = false; text.select(); copied.textContent = u.copyFailed; }
        if (!navigator.clipboard) return fallback();
        navigator.clipboard.writeText(d.share_text).then(function () { copied.textContent = u.copied; }, fallback);
      });
      return box;
    }

    function solarBody(p) {
      var box = document.createDocumentFragment();
      shared.installationFigures(box, p, t, cfg.buildingTypes, {kind: "sheet-kind", row: "sheet-row", note: "note", number: number});
      return box;
    }

    function openSite(site, options) {
      var entry = site.kind === "p" ? byId[site.id] : solarById[site.id];
      if (!entry) return;
      if (!options || options.history !== false) showSheet(site, entry.name);
      else { sheet.site = site; sheet.title.textContent = entry.name; sheet.node.hidden = false; }
      var url = (site.kind === "p" ? cfg.pointUrl : cfg.installationUrl) + site.id;
      load(url).then(function (data) {
        if (!sheet.site || sheet.site.id !== site.id || sheet.site.kind !== site.kind) return;
        sheet.body.textContent = "";
        sheet.body.appendChild(site.kind === "p" ? pointBody(data) : solarBody(data));
        sheet.node.setAttribute("data-loaded", site.kind + site.id);
      }).catch(function (error) { sheet.body.textContent = t.loadFailed + " " + error.message; });
    }

    // ---- filtering, the results list, distances
    function origin() {
      return state.origin || L.latLng(cfg.centre[0], cfg.centre[1]);
    }
    function matches(entry) {
      return (!state.material || entry.materials.indexOf(state.material) >= 0) &&
        (state.village === null || entry.moo === state.village) &&
        (!state.openOnly || entry.open === 1);
    }
    function openWords(entry) {
      if (entry.open === null) return "";
      if (!entry.next) return entry.open ? t.openNow : t.closedNow;
      var clock = entry.next.slice(11, 16);
      var days = Math.round((dayOf(entry.next) - dayOf(bangkokDay(new Date()))) / 86400000);
      var when = clock;
      if (days === 0 && !entry.open) when = u.today + " " + clock;
      else if (days === 1) when = u.tomorrow + " " + clock;
      else if (days > 1) {
        var format = days < 7 ? {weekday: "long", timeZone: "UTC"} : {weekday: "long", day: "numeric", month: "long", timeZone: "UTC"};
        when = new Intl.DateTimeFormat(locale, format).format(dayOf(entry.next)) + " " + clock;
      }
      return (entry.open ? u.openCloses : u.closedOpens).replace("%s", when);
    }
    function filterName() {
      if (state.material) return materialLabel(state.material);
      if (state.village !== null) {
        var found = cfg.villages.filter(function (v) { return v[0] === state.village; })[0];
        return found ? found[1] : "";
      }
      return "";
    }
    function showPoints(zoom) {
      var shown = points.filter(matches);
      pointLayer.setSites(shown);
      var status = $("map-status");
      if (status) status.textContent = t.showing.replace("%s", shown.length);
      var name = filterName();
      $("filter-status").textContent = name ? u.filtered.replace("%s", name) : "";
      $("filter-clear").hidden = !name;
      renderResults(shown, name);
      if (zoom && name && shown.length) {
        if (!map.hasLayer(pointLayer)) pointLayer.addTo(map);
        var bounds = L.latLngBounds(shown.map(function (entry) { return [entry.lat, entry.lon]; }));
        map.fitBounds(bounds.pad(0.15), {maxZoom: 16});
      }
      writeHash();
    }
    var LISTED = 50;  // rows in the results list: the nearest, however many points match
    function resultRow(entry, meta, materials) {
      var li = el("li"), button = el("button", "result");
      button.type = "button";
      button.appendChild(el("span", "result-name", entry.name));
      if (meta) button.appendChild(el("span", "result-meta", meta));
      if (materials) button.appendChild(el("span", "result-materials", materials));
      button.addEventListener("click", function () {
        if (entry.solar) { solarLayer.zoomToShow(entry); openSite({kind: "s", id: entry.id}); }
        else { pointLayer.zoomToShow(entry); openSite({kind: "p", id: entry.id}); }
      });
      li.appendChild(button);
      return li;
    }
    function renderResults(shown, name) {
      var panel = $("results-panel"), list = $("results-list");
      list.textContent = "";
      panel.hidden = !name;
      if (!name) return;
      var from = origin();
      var sorted = shown.map(function (entry) {
        return {entry: entry, metres: distanceM(from.lat, from.lng, entry.lat, entry.lon)};
      }).sort(function (a, b) { return a.metres - b.metres; });
      $("results-title").textContent = u.results.replace("%(what)s", name).replace("%(n)s", number(sorted.length));
      var origin_words = state.origin ? u.fromYou : u.fromCentre;
      if (sorted.length > LISTED) origin_words += " " + u.nearestListed.replace("%s", LISTED);
      $("results-origin").textContent = sorted.length ? origin_words : t.noneFound;
      sorted.slice(0, LISTED).forEach(function (item) {
        var entry = item.entry, words = openWords(entry);
        list.appendChild(resultRow(entry, u.km.replace("%s", number(item.metres / 1000, 1)) + (words ? " · " + words : ""),
          entry.materials.map(materialLabel).join(", ")));
      });
    }
    function listHere(sites) {  // sites that share one place at the highest zoom
      var list = $("results-list");
      list.textContent = "";
      $("results-panel").hidden = false;
      $("results-title").textContent = u.here.replace("%s", number(sites.length));
      $("results-origin").textContent = "";
      sites.forEach(function (entry) {
        list.appendChild(resultRow(entry, entry.solar ? t.solar : "", entry.solar ? "" : entry.materials.map(materialLabel).join(", ")));
      });
      $("results-panel").scrollIntoView({block: "nearest"});
    }
    $("filter-open").addEventListener("change", function (event) {
      state.openOnly = event.target.checked;
      showPoints(false);
    });
    $("filter-clear").addEventListener("click", function () {
      state.material = "";
      state.village = null;
      $("map-search").value = "";
      showPoints(false);
    });

    // ---- the search box: materials, points (name or ref) and villages
    var input = $("map-search"), box = $("search-suggestions"), options = [], active = -1;
    function norm(text) { return String(text || "").toLowerCase().replace(/\s+/g, " ").trim(); }
    function suggestions(query) {
      var q = norm(query), found = [];
      if (!q) return found;
      var moo = q.match(/^(?:หมู่(?:ที่)?|ม\.|moo)\s*(\d+)$/);
      Object.keys(cfg.words).forEach(function (osm) {
        if (cfg.words[osm].some(function (word) { return word.indexOf(q) >= 0 || (q.length >= 3 && q.indexOf(word) >= 0); })) {
          found.push({kind: "material", value: osm, label: materialLabel(osm), tag: u.kindMaterial});
        }
      });
      cfg.villages.forEach(function (v) {
        if ((moo && Number(moo[1]) === v[0]) || norm(v[1]).indexOf(q) >= 0) {
          found.push({kind: "village", value: v[0], label: v[1], tag: u.kindVillage});
        }
      });
      points.forEach(function (entry) {
        if (found.length < 12 && (norm(entry.name).indexOf(q) >= 0 || (entry.ref && norm(entry.ref).indexOf(q) >= 0))) {
          found.push({kind: "point", value: entry.id, label: entry.name + (entry.ref ? " (" + entry.ref + ")" : ""), tag: u.kindPoint});
        }
      });
      return found.slice(0, 12);
    }
    function setActive(index) {
      active = index;
      Array.prototype.forEach.call(box.children, function (li, i) { li.setAttribute("aria-selected", String(i === index)); });
      if (index >= 0 && box.children[index]) input.setAttribute("aria-activedescendant", box.children[index].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function hideSuggestions() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }
    function choose(option) {
      hideSuggestions();
      input.value = option.label;
      if (option.kind === "point") {
        var entry = byId[option.value];
        pointLayer.zoomToShow(entry);
        openSite({kind: "p", id: entry.id});
        return;
      }
      state.material = option.kind === "material" ? option.value : "";
      state.village = option.kind === "village" ? option.value : null;
      showPoints(true);
    }
    input.addEventListener("input", function () {
      options = suggestions(input.value);
      box.textContent = "";
      if (!input.value.trim()) return hideSuggestions();
      if (!options.length) box.appendChild(el("li", "no-match", u.noMatch));
      options.forEach(function (option, i) {
        var li = el("li", "suggestion");
        li.id = "suggestion-" + i;
        li.setAttribute("role", "option");
        li.appendChild(el("span", "suggestion-label", option.label));
        li.appendChild(el("span", "suggestion-tag", option.tag));
        li.addEventListener("click", function () { choose(option); });
        box.appendChild(li);
      });
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(-1);
    });
    document.addEventListener("click", function (event) {
      if (!box.hidden && !event.target.closest(".search-panel")) hideSuggestions();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && options.length) { event.preventDefault(); setActive((active + 1) % options.length); }
      else if (event.key === "ArrowUp" && options.length) { event.preventDefault(); setActive((active - 1 + options.length) % options.length); }
      else if (event.key === "Enter" && options.length) { event.preventDefault(); choose(options[Math.max(active, 0)]); }
      else if (event.key === "Escape") hideSuggestions();
    });

    // ---- "you are here"
    var you = L.layerGroup().addTo(map);
    $("locate-me").addEventListener("click", function () {
      var status = $("filter-status");
      if (!navigator.geolocation) { status.textContent = u.locateFailed; return; }
      status.textContent = t.locating;
      navigator.geolocation.getCurrentPosition(function (pos) {
        var here = L.latLng(pos.coords.latitude, pos.coords.longitude), metres = Math.round(pos.coords.accuracy || 0);
        you.clearLayers();
        L.circle(here, {radius: metres, weight: 1, color: "#1565c0", fillOpacity: 0.12, interactive: false, className: "you-accuracy"}).addTo(you);
        L.circleMarker(here, {radius: 8, weight: 3, color: "#fff", fillColor: "#1565c0", fillOpacity: 1, className: "you-are-here"})
          .bindTooltip(u.youAreHere).addTo(you);
        state.origin = here;
        status.textContent = u.youAreHere + " (" + u.accuracy.replace("%s", number(metres)) + ")";
        if (filterName()) showPoints(false); else map.setView(here, Math.max(map.getZoom(), 15));
      }, function () { status.textContent = u.locateFailed; }, {timeout: 8000, enableHighAccuracy: true});
    });

    // ---- data
    var status = $("map-status");
    load(cfg.sitesUrl).then(function (data) {
      data.p.forEach(function (row) {
        var materials = row[4].map(function (i) { return data.m[i]; });
        var entry = {id: row[0], lat: row[1], lon: row[2], kind: row[3], materials: materials, open: row[5], next: row[6],
          name: row[7], ref: row[8], moo: row[9]};
        points.push(entry);
        byId[entry.id] = entry;
      });
      state.material = cfg.words[hash.get("m")] ? hash.get("m") : "";
      state.village = hash.has("v") ? Number(hash.get("v")) : null;
      state.openOnly = hash.get("o") === "1";
      $("filter-open").checked = state.openOnly;
      if (state.material || state.village !== null) $("map-search").value = filterName();
      ready = true;
      showPoints(!hash.has("z"));
      if (hash.has("p")) openSite({kind: "p", id: Number(hash.get("p"))});
      document.body.setAttribute("data-points-loaded", String(points.length));
      requestAnimationFrame(function () { setTimeout(function () {  // waste points painted first
        solarLayer.setSites(data.s.map(function (row) {
          var entry = {id: row[0], lat: row[1], lon: row[2], name: row[4], solar: true};
          solarById[entry.id] = entry;
          return entry;
        }));
        if (!hash.has("p") && hash.has("s")) openSite({kind: "s", id: Number(hash.get("s"))});
        document.body.setAttribute("data-solar-loaded", String(data.s.length));
      }, 0); });
    }).catch(function (error) { if (status) status.textContent = t.loadFailed + " " + error.message; });
    load(cfg.outlinesUrl).then(function (data) {
      outlineLayer.addData(data);
      document.body.setAttribute("data-outlines-loaded", String(data.features.length));
    }).catch(function (error) { if (status) status.textContent = t.loadFailed + " " + error.message; });
  }

  window.SustainPublicMap = {init: init};
})();

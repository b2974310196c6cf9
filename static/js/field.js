/* Sustain field app: today's due visits with their map, the checklist, the camera, and an outbox
 * that works without signal. Data from /api/maintenance/field-bundle is kept in IndexedDB
 * (FieldStore); inspections and work orders wait in the outbox with a UUID made here and are
 * sent when the network returns. The server stores each UUID once, so a resend after a lost
 * answer is harmless; a site edited meanwhile comes back as a conflict for the staff member.
 * No inline scripts: the page's configuration is the JSON block #field-config. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("field-config").textContent);
  var t = cfg.labels, lang = cfg.lang === "en" ? "en-GB" : "th-TH";
  var state = {flash: "", bundle: null, sites: {}, syncing: false, retryMs: 0, retryTimer: null, authLost: false,
               map: null, markers: null, photos: {}, location: null, site: null};
  var BUCKET_COLOURS = {overdue: "#c62828", week: "#ef6c00", month: "#f9a825", later: "#607d8b"};

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function day(iso) {
    if (!iso) return t.never;
    return new Intl.DateTimeFormat(lang, {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"})
      .format(new Date(iso.slice(0, 10) + "T00:00:00Z"));
  }
  function moment(iso) {
    return new Intl.DateTimeFormat(lang, {dateStyle: "medium", timeStyle: "short"}).format(new Date(iso));
  }
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function signInNotice() {
    notice(t.signIn + " ");
    var link = el("a", null, t.signInLink);
    link.href = cfg.signInUrl;
    $("notice").appendChild(link);
  }

  function notice(text) {
    var node = $("notice");
    node.textContent = text || "";
    node.hidden = !text;
  }

  /* --- Data ------------------------------------------------------------------------------ */

  function useBundle(bundle) {
    state.bundle = bundle;
    state.sites = {};
    (bundle ? bundle.sites : []).forEach(function (site) { state.sites[site.key] = site; });
  }

  function loadBundle(extraKey) {
    if (!navigator.onLine) return FieldStore.getBundle().then(useBundle);
    var url = cfg.bundleUrl + (extraKey ? "?site=" + encodeURIComponent(extraKey) : "");
    return fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) throw new Error("bundle " + response.status);
        return response.json();
      })
      .then(function (bundle) {
        bundle.savedAt = new Date().toISOString();
        return FieldStore.putBundle(bundle).then(function () { useBundle(bundle); });
      })
      .catch(function () { return FieldStore.getBundle().then(useBundle); });
  }

  /* --- Views ----------------------------------------------------------------------------- */

  function show(name) {
    ["due", "site", "inspect", "order", "outbox"].forEach(function (view) {
      $("view-" + view).hidden = view !== name;
    });
    document.body.setAttribute("data-view", name);
  }

  function route() {
    var parts = (location.hash || "#due").slice(1).split("/");
    if (parts[0] === "outbox") { renderOutbox(); show("outbox"); return; }
    var site = state.sites[parts[1]];
    if (parts[1] && !site && navigator.onLine && route.asked !== parts[1]) {
      // A site not due soon (opened from a staff page): ask for it once, then route again.
      route.asked = parts[1];
      loadBundle(parts[1]).then(route);
      return;
    }
    if (parts[0] === "site" && site) { renderSite(site); show("site"); return; }
    if (parts[0] === "inspect" && site) { renderInspect(site); show("inspect"); return; }
    if (parts[0] === "order" && site) { renderOrder(site); show("order"); return; }
    renderDue();
    show("due");
  }

  function renderDue() {
    var list = $("due-list");
    list.textContent = "";
    var bundle = state.bundle;
    $("bundle-age").textContent = bundle ? t.loaded + " " + moment(bundle.savedAt || bundle.generated_at) : t.noBundle;
    if (!bundle) return;
    if (!bundle.sites.length) list.appendChild(el("p", null, t.nothingDue));
    ["overdue", "week", "month", "later"].forEach(function (bucket) {
      var sites = bundle.sites.filter(function (site) { return site.bucket === bucket; });
      if (!sites.length) return;
      list.appendChild(el("h2", "bucket-" + bucket, t[bucket] + " (" + sites.length + ")"));
      var ul = el("ul", "due-items");
      sites.forEach(function (site) {
        var li = el("li", "due-item bucket-" + bucket);
        var link = el("a", "due-link");
        link.href = "#site/" + site.key;
        link.appendChild(el("strong", null, site.name));
        link.appendChild(el("span", "small", [site.kind, site.village].filter(Boolean).join(" · ")));
        link.appendChild(el("span", "small", t.due + " " + day(site.due_on) + (site.reason ? " · " + site.reason : "")));
        if (site.mine) link.appendChild(el("span", "badge mine", t.mine));
        li.appendChild(link);
        ul.appendChild(li);
      });
      list.appendChild(ul);
    });
    renderMap(bundle.sites);
  }

  function renderMap(sites) {
    if (typeof L === "undefined") return;
    if (!state.map) {
      state.map = L.map("due-map", {zoomControl: true, attributionControl: !!cfg.tilesUrl});
      if (cfg.tilesUrl) {
        L.tileLayer(cfg.tilesUrl, {maxZoom: 19, attribution: cfg.tilesAttribution}).addTo(state.map);
      }
      state.markers = L.layerGroup().addTo(state.map);
    }
    state.markers.clearLayers();
    var bounds = [];
    sites.forEach(function (site) {
      var marker = L.circleMarker([site.lat, site.lon], {radius: 9, weight: 2, color: "#fff",
        fillColor: BUCKET_COLOURS[site.bucket], fillOpacity: 0.95});
      marker.bindTooltip(site.name);
      marker.on("click", function () { location.hash = "#site/" + site.key; });
      marker.addTo(state.markers);
      bounds.push([site.lat, site.lon]);
    });
    if (bounds.length) state.map.fitBounds(bounds, {padding: [20, 20], maxZoom: 16});
    else state.map.setView([19.717, 100.18], 13);
    setTimeout(function () { state.map.invalidateSize(); }, 0);
  }

  function renderSite(site) {
    var view = $("view-site");
    view.textContent = "";
    view.appendChild(el("h1", null, site.name));
    view.appendChild(el("p", null, [site.kind, site.village].filter(Boolean).join(" · ")));
    view.appendChild(el("p", null, t.due + " " + day(site.due_on) + (site.reason ? " · " + site.reason : "")));
    view.appendChild(el("p", "small", t.lastVisit + ": " + day(site.last_visit)));
    var actions = el("p", "actions");
    var inspect = el("a", "button primary", t.inspect);
    inspect.href = "#inspect/" + site.key;
    var order = el("a", "button", t.newOrder);
    order.href = "#order/" + site.key;
    actions.appendChild(inspect);
    actions.appendChild(order);
    view.appendChild(actions);
    if (site.work_orders.length) {
      view.appendChild(el("h2", null, t.workOrders));
      var ul = el("ul");
      site.work_orders.forEach(function (wo) {
        ul.appendChild(el("li", null, "#" + wo.id + " " + wo.title + " · " + wo.status_label));
      });
      view.appendChild(ul);
    }
    var back = el("a", "button", t.back);
    back.href = "#due";
    view.appendChild(back);
  }

  function itemLabel(item) { return cfg.lang === "en" && item.label_en ? item.label_en : item.label_th; }

  function photoInput(key, multiple) {
    var input = el("input");
    input.type = "file";
    input.accept = "image/*";
    input.setAttribute("capture", "environment");
    input.multiple = !!multiple;
    input.id = "photo-" + key;
    input.addEventListener("change", function () { addPhotos(key, input); });
    return input;
  }

  function addPhotos(key, input) {
    var files = Array.prototype.slice.call(input.files || []);
    Promise.all(files.map(shrink)).then(function (blobs) {
      state.photos[key] = (state.photos[key] || []).concat(blobs.map(function (blob, i) {
        return {blob: blob, name: (files[i].name || "photo").replace(/\.[^.]*$/, "") + ".jpg"};
      }));
      var thumbs = $("thumbs-" + key);
      thumbs.textContent = "";
      state.photos[key].forEach(function (photo) {
        var img = el("img");
        img.alt = "";
        img.src = URL.createObjectURL(photo.blob);
        thumbs.appendChild(img);
      });
      input.value = "";
    });
  }

  /* Phones take 3–8 MB photos; send at most 1600 px (the server resizes anyway). */
  function shrink(file) {
    if (!window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) { resolve(blob || file); }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }

  function renderInspect(site) {
    state.site = site;
    state.photos = {};
    state.location = null;
    $("inspect-title").textContent = site.name;
    $("inspect-household").hidden = !site.household;
    $("inspect-household").textContent = t.household;
    $("inspect-errors").textContent = "";
    $("inspect-notes").value = "";
    $("in-service").checked = true;
    $("thumbs-general").textContent = "";
    var box = $("inspect-items");
    box.textContent = "";
    var plan = state.bundle.plans[String(site.plan_id)] || {items: []};
    plan.items.forEach(function (item) {
      var field = el("fieldset", "item item-" + item.type);
      field.setAttribute("data-key", item.key);
      field.appendChild(el("legend", null, itemLabel(item) + (item.required ? " *" : "")));
      if (item.type === "yes_no") {
        [["yes", true], ["no", false]].forEach(function (choice) {
          var label = el("label", "choice");
          var radio = el("input");
          radio.type = "radio";
          radio.name = "answer-" + item.key;
          radio.value = choice[0];
          label.appendChild(radio);
          label.appendChild(document.createTextNode(" " + t[choice[0]]));
          field.appendChild(label);
        });
      } else if (item.type === "number") {
        var number = el("input");
        // A text box: a phone's number box empties "12,5"; the server reads what was typed.
        number.type = "text";
        number.inputMode = "decimal";
        number.autocomplete = "off";
        number.name = "answer-" + item.key;
        number.id = "answer-" + item.key;
        field.appendChild(number);
        if (item.unit) field.appendChild(el("span", "unit", item.unit));
      } else {
        var photoLabel = el("label", "button", t.photo);
        photoLabel.setAttribute("for", "photo-" + item.key);
        field.appendChild(photoLabel);
        field.appendChild(photoInput(item.key, false));
        field.appendChild(el("div", "thumbs")).id = "thumbs-" + item.key;
      }
      box.appendChild(field);
    });
    var orders = $("inspect-orders");
    orders.textContent = "";
    if (site.work_orders.length) {
      var set = el("fieldset");
      set.appendChild(el("legend", null, t.closeOrders));
      site.work_orders.forEach(function (wo) {
        var label = el("label", "check");
        var box2 = el("input");
        box2.type = "checkbox";
        box2.name = "close";
        box2.value = wo.id;
        label.appendChild(box2);
        label.appendChild(document.createTextNode(" #" + wo.id + " " + wo.title));
        set.appendChild(label);
      });
      orders.appendChild(set);
    }
    if (navigator.geolocation) {
      navigator.geolocation.getCurrentPosition(function (pos) {
        state.location = {latitude: pos.coords.latitude, longitude: pos.coords.longitude,
                          accuracy_m: Math.min(pos.coords.accuracy, 100000)};
      }, function () {}, {enableHighAccuracy: true, maximumAge: 60000, timeout: 15000});
    }
  }

  function readAnswers(site) {
    var plan = state.bundle.plans[String(site.plan_id)] || {items: []};
    var answers = {}, missing = [];
    plan.items.forEach(function (item) {
      var value = null;
      if (item.type === "yes_no") {
        var checked = document.querySelector('input[name="answer-' + item.key + '"]:checked');
        if (checked) value = checked.value === "yes";
      } else if (item.type === "number") {
        var raw = $("answer-" + item.key).value.trim();
        // A plain number is sent as one; "12,5", "1,250" or Thai digits as typed, for the
        // server to read like every form (or refuse, saying why).
        if (raw !== "") value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      }
      if (item.type === "photo") {
        if (item.required && !(state.photos[item.key] || []).length) missing.push(itemLabel(item));
        return;
      }
      if (value === null || Number.isNaN(value)) { if (item.required) missing.push(itemLabel(item)); return; }
      answers[item.key] = value;
    });
    return {answers: answers, missing: missing};
  }

  function saveInspection(event) {
    event.preventDefault();
    var site = state.site, read = readAnswers(site);
    if (read.missing.length) {
      $("inspect-errors").textContent = t.answerMissing + " " + read.missing.join(", ");
      return;
    }
    var photos = [], items = [];
    Object.keys(state.photos).forEach(function (key) {
      state.photos[key].forEach(function (photo) {
        photos.push({blob: photo.blob, name: photo.name});
        items.push(key === "general" ? "" : key);
      });
    });
    var closing = Array.prototype.map.call(document.querySelectorAll('#inspect-orders input[name="close"]:checked'),
      function (box) { return Number(box.value); });
    var record = {
      uuid: FieldStore.uuid4(), kind: "inspection", siteKey: site.key, siteName: site.name,
      createdAt: new Date().toISOString(), status: "pending", photos: photos,
      payload: {
        site_type: site.site_type, site_id: site.site_id, inspected_at: new Date().toISOString(),
        answers: read.answers, notes: $("inspect-notes").value, in_service: $("in-service").checked,
        device: state.location, site_version: site.version, close_work_orders: closing, photo_items: items
      }
    };
    record.payload.uuid = record.uuid;
    queue(record);
  }

  function renderOrder(site) {
    state.site = site;
    $("order-title").textContent = t.newOrder + ": " + site.name;
    $("order-what").value = "";
    $("order-description").value = "";
    $("order-priority").value = "normal";
    $("order-out").checked = false;
    $("order-errors").textContent = "";
  }

  function saveOrder(event) {
    event.preventDefault();
    var site = state.site, title = $("order-what").value.trim();
    if (!title) { $("order-errors").textContent = t.answerMissing + " " + t.what; return; }
    var record = {
      uuid: FieldStore.uuid4(), kind: "workorder", siteKey: site.key, siteName: site.name,
      createdAt: new Date().toISOString(), status: "pending", photos: [],
      payload: {
        site_type: site.site_type, site_id: site.site_id, title: title,
        description: $("order-description").value, priority: $("order-priority").value,
        out_of_service: $("order-out").checked, site_version: site.version
      }
    };
    record.payload.uuid = record.uuid;
    queue(record);
  }

  function queue(record) {
    FieldStore.outboxPut(record).then(function () {
      state.flash = t.saved;  // shown once the list is back on screen
      if (location.hash === "#due") { notice(state.flash); state.flash = ""; }
      location.hash = "#due";
      updateCounts();
      sync();
    });
  }

  /* --- Outbox and sending ---------------------------------------------------------------- */

  function updateCounts() {
    return FieldStore.outboxAll().then(function (items) {
      var waiting = items.filter(function (item) { return item.status !== "sent"; }).length;
      $("outbox-count").textContent = String(waiting);
      document.body.setAttribute("data-outbox", String(waiting));
      return items;
    });
  }

  function renderOutbox() {
    return updateCounts().then(function (items) {
      var list = $("outbox-list");
      list.textContent = "";
      items.slice().reverse().forEach(function (item) {
        var li = el("li", "outbox-item status-" + item.status);
        li.setAttribute("data-uuid", item.uuid);
        var kind = item.kind === "inspection" ? t.inspect : t.newOrder;
        li.appendChild(el("strong", null, kind + ": " + item.siteName));
        li.appendChild(el("span", "small", moment(item.createdAt)));
        var words = {pending: t.pending, sending: t.sending, sent: t.sent, conflict: t.conflict, refused: t.refused};
        li.appendChild(el("span", "state", words[item.status] || item.status));
        if (item.status === "conflict" && item.conflict) {
          li.appendChild(el("p", null, item.conflict.detail));
          var changes = el("ul", "changes");
          (item.conflict.changes || []).forEach(function (change) {
            changes.appendChild(el("li", null, moment(change.changed_at) + " · " + t.changedBy + " " +
              (change.changed_by || "—") + ": " + change.fields.join(", ")));
          });
          li.appendChild(changes);
          li.appendChild(button(t.sendAnyway, "send-anyway", function () {
            item.payload.site_version = item.conflict.site_version;
            item.status = "pending";
            delete item.conflict;
            FieldStore.outboxPut(item).then(renderOutbox).then(sync);
          }));
        }
        if (item.status === "refused" && item.errors) {
          var errors = el("ul", "error");
          item.errors.forEach(function (error) { errors.appendChild(el("li", null, error.field + ": " + error.message)); });
          li.appendChild(errors);
        }
        if (item.status === "conflict" || item.status === "refused") {
          li.appendChild(button(t.discard, "discard", function () {
            FieldStore.outboxDelete(item.uuid).then(renderOutbox);
          }));
        }
        list.appendChild(li);
      });
    });
  }

  function button(text, className, onClick) {
    var node = el("button", className, text);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function send(item) {
    var headers = {"X-CSRFToken": csrfToken(), Accept: "application/json"}, body, url;
    if (item.kind === "inspection") {
      url = cfg.inspectionsUrl;
      body = new FormData();
      body.append("payload", JSON.stringify(item.payload));
      item.photos.forEach(function (photo) { body.append("photos", photo.blob, photo.name); });
    } else {
      url = cfg.workOrdersUrl;
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(item.payload);
    }
    return fetch(url, {method: "POST", body: body, headers: headers, credentials: "same-origin"})
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return {status: response.status, data: data};
        });
      });
  }

  function settle(item, answer) {
    if (answer.status === 200 || answer.status === 201) {
      // Keep a light record (no photos) so staff see it went; the server has the rest.
      item.status = "sent";
      item.photos = [];
      item.serverId = answer.data.id;
      return FieldStore.outboxPut(item);
    }
    if (answer.status === 409) {
      item.status = "conflict";
      item.conflict = answer.data;
      return FieldStore.outboxPut(item);
    }
    if (answer.status === 401 || answer.status === 403) {
      state.authLost = true;
      return Promise.reject(new Error("auth"));
    }
    if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
      item.status = "refused";
      item.errors = answer.data.errors || [{field: "", message: answer.data.detail || String(answer.status)}];
      return FieldStore.outboxPut(item);
    }
    return Promise.reject(new Error("server " + answer.status));
  }

  function scheduleRetry() {
    state.retryMs = Math.min(60000, state.retryMs ? state.retryMs * 2 : 2000);
    clearTimeout(state.retryTimer);
    state.retryTimer = setTimeout(sync, state.retryMs);
  }

  function sync() {
    if (state.syncing || !navigator.onLine) return Promise.resolve();
    state.syncing = true;
    state.authLost = false;
    return FieldStore.outboxAll().then(function (items) {
      var waiting = items.filter(function (item) { return item.status === "pending"; });
      return waiting.reduce(function (chain, item) {
        return chain.then(function () { return send(item).then(function (answer) { return settle(item, answer); }); });
      }, Promise.resolve());
    }).then(function () {
      state.retryMs = 0;
      prune();
    }).catch(function () {
      // No signal after all, a lost answer or a server hiccup: the records stay; try again soon.
      if (state.authLost) signInNotice(); else scheduleRetry();
    }).then(function () {
      state.syncing = false;
      status();
      return updateCounts();
    }).then(function () {
      if (document.body.getAttribute("data-view") === "outbox") renderOutbox();
    });
  }

  function prune() {
    var week = Date.now() - 7 * 24 * 3600 * 1000;
    return FieldStore.outboxAll().then(function (items) {
      return Promise.all(items.filter(function (item) {
        return item.status === "sent" && Date.parse(item.createdAt) < week;
      }).map(function (item) { return FieldStore.outboxDelete(item.uuid); }));
    });
  }

  function status() {
    var online = navigator.onLine;
    $("net-status").textContent = online ? t.online : t.offline;
    document.body.setAttribute("data-online", String(online));
  }

  /* --- Start ----------------------------------------------------------------------------- */

  $("inspect-form").addEventListener("submit", saveInspection);
  $("order-form").addEventListener("submit", saveOrder);
  $("photos-general").addEventListener("change", function () { addPhotos("general", $("photos-general")); });
  window.addEventListener("hashchange", function () {
    notice(state.flash || "");
    state.flash = "";
    route();
  });
  window.addEventListener("online", function () {
    status();
    // Refresh the list, but never re-draw a form being filled in.
    loadBundle().then(function () { if (document.body.getAttribute("data-view") === "due") renderDue(); });
    sync();
  });
  window.addEventListener("offline", status);
  setInterval(sync, 30000);
  status();
  loadBundle().then(function () {
    route();
    return updateCounts();
  }).then(function () {
    document.body.setAttribute("data-ready", "true");
    return sync();
  });
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(cfg.swUrl).then(function (registration) {
        document.body.setAttribute("data-sw", registration.active ? "active" : "installing");
        return navigator.serviceWorker.ready;
      }).then(function () {
        document.body.setAttribute("data-sw", "active");
      }).catch(function () { document.body.setAttribute("data-sw", "failed"); });
    });
  }
})();

/* Sustain field app service worker (served at /field/sw.js with self.SUSTAIN_FIELD prepended:
 * {version, shell, assets}). Keeps the app shell and its assets for offline use; the data
 * (due list, outbox) lives in IndexedDB, handled by the page. Map tiles are never cached. */
(function () {
  "use strict";
  var CFG = self.SUSTAIN_FIELD, CACHE = "sustain-field-" + CFG.version, PREFIX = "sustain-field-";

  self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      // The page has just loaded these exact (versioned) URLs: take them from the HTTP cache.
      var assets = CFG.assets.map(function (url) {
        return fetch(new Request(url, {cache: "force-cache", credentials: "same-origin"})).then(function (response) {
          if (!response.ok) throw new Error(url + " answered " + response.status);
          return cache.put(url, response);
        });
      });
      var shell = fetch(CFG.shell, {credentials: "same-origin"}).then(function (response) {
        if (response.ok && !response.redirected) return cache.put(CFG.shell, response);
      });
      return Promise.all(assets.concat([shell]));
    }).then(function () { return self.skipWaiting(); }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); }));
  });

  self.addEventListener("fetch", function (event) {
    var request = event.request, url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin) return;
    if (request.mode === "navigate" && url.pathname === CFG.shell) {
      // Network first, so signed-out staff see the sign-in page; the copy when there is no signal.
      event.respondWith(fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(CFG.shell, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(CFG.shell, {cacheName: CACHE});
      }));
      return;
    }
    if (CFG.assets.indexOf(url.pathname + url.search) >= 0) {
      event.respondWith(caches.match(request, {cacheName: CACHE}).then(function (hit) {
        return hit || fetch(request);
      }));
    }
  });
})();

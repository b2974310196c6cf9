/* Sustain field app storage: IndexedDB on the phone. "bundle" keeps the last due list, sites and
 * checklists loaded with signal; "outbox" keeps inspections and work orders (photos as Blobs)
 * until the server has them. Every record carries a UUID made here, so sending twice is harmless. */
(function () {
  "use strict";
  var DB_NAME = "sustain-field", DB_VERSION = 1, dbPromise = null;

  function open() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("bundle")) db.createObjectStore("bundle");
        if (!db.objectStoreNames.contains("outbox")) db.createObjectStore("outbox", {keyPath: "uuid"});
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return dbPromise;
  }

  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode), store = tx.objectStore(storeName), result;
        var request = work(store);
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  window.FieldStore = {
    uuid4: uuid4,
    getBundle: function () { return run("bundle", "readonly", function (s) { return s.get("current"); }); },
    putBundle: function (bundle) { return run("bundle", "readwrite", function (s) { return s.put(bundle, "current"); }); },
    outboxAll: function () {
      return run("outbox", "readonly", function (s) { return s.getAll(); }).then(function (items) {
        return (items || []).sort(function (a, b) { return a.createdAt < b.createdAt ? -1 : 1; });
      });
    },
    outboxPut: function (item) { return run("outbox", "readwrite", function (s) { return s.put(item); }); },
    outboxDelete: function (key) { return run("outbox", "readwrite", function (s) { return s.delete(key); }); }
  };
})();

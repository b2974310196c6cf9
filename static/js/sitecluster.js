/* A clustered layer of many sites for the residents' map (issue 17: 100,000 sites).
 * Sites are plain objects ({lat, lon, …}); Supercluster (vendored, static/vendor/supercluster)
 * indexes them once, and only the clusters and markers inside the view (plus a margin) exist as
 * Leaflet markers, redrawn when the map stops moving. Leaflet.markercluster, which the staff map
 * keeps, builds a marker object and a cluster tree for every site before drawing any: 50,000 sites
 * took it about 2 s, Supercluster's index about 0.1 s.
 *
 * A cluster is a 44 px button with its count; tapping it zooms to where it splits. Sites that
 * still share one place at the highest zoom (households drawn at their grid cell) are handed to
 * options.stack(sites, latlng) to be listed. options.marker(site) makes (once) a site's marker. */
(function () {
  "use strict";

  var ClusterLayer = L.Layer.extend({
    options: {radius: 45, className: "", title: "%s", marker: null, stack: null},

    initialize: function (options) {
      L.setOptions(this, options);
      this._sites = [];
      this._index = null;
      this._shown = {};
      this._group = L.layerGroup();
    },

    /* Replace the sites (after a filter change too); redraws at once when on a map. */
    setSites: function (sites) {
      this._sites = sites;
      this._index = new Supercluster({radius: this.options.radius, extent: 256, minZoom: 6, maxZoom: 19, minPoints: 2});
      this._index.load(sites.map(function (site, i) {
        return {type: "Feature", geometry: {type: "Point", coordinates: [site.lon, site.lat]}, properties: {i: i}};
      }));
      this._clear();
      if (this._map) this._draw();
      return this;
    },

    onAdd: function (map) {
      this._group.addTo(map);
      map.on("moveend", this._draw, this);
      this._draw();
    },

    onRemove: function (map) {
      map.off("moveend", this._draw, this);
      this._clear();
      this._group.remove();
    },

    /* Move and zoom the map until the site is drawn on its own (or as far as the map zooms). */
    zoomToShow: function (site) {
      var map = this._map, i = this._sites.indexOf(site);
      if (!map || i < 0) return;
      var zoom = Math.max(Math.round(map.getZoom()), map.getMinZoom()), top = map.getMaxZoom(), e = 1e-9;
      var box = [site.lon - e, site.lat - e, site.lon + e, site.lat + e];
      for (; zoom < top; zoom++) {
        var alone = this._index.getClusters(box, zoom).some(function (f) { return !f.properties.cluster && f.properties.i === i; });
        if (alone) break;
      }
      map.setView([site.lat, site.lon], zoom);
    },

    _clear: function () {
      this._group.clearLayers();
      this._shown = {};
    },

    _draw: function () {
      var map = this._map;
      if (!map || !this._index) return;
      var zoom = Math.round(map.getZoom()), b = map.getBounds().pad(0.5);
      var features = this._index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
      var next = {}, self = this;
      features.forEach(function (f) {
        var p = f.properties, key = p.cluster ? "c" + p.cluster_id : "s" + p.i;
        next[key] = self._shown[key] || (p.cluster ? self._cluster(f) : self.options.marker(self._sites[p.i]));
      });
      Object.keys(this._shown).forEach(function (key) { if (!next[key]) self._group.removeLayer(self._shown[key]); });
      Object.keys(next).forEach(function (key) { if (!self._shown[key]) self._group.addLayer(next[key]); });
      this._shown = next;
    },

    _cluster: function (feature) {
      var count = feature.properties.point_count, id = feature.properties.cluster_id, self = this;
      var at = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
      var title = this.options.title.replace("%s", count);
      var marker = L.marker(at, {
        icon: L.divIcon({html: "<span>" + count + "</span>", className: "marker-cluster cluster-neutral " + this.options.className,
          iconSize: [44, 44]}),
        title: title, alt: title, keyboard: true, autoPanOnFocus: false,
      });
      marker.on("click", function () {
        var map = self._map, zoom = self._index.getClusterExpansionZoom(id);
        if (zoom <= map.getMaxZoom()) { map.setView(at, zoom); return; }
        var sites = self._index.getLeaves(id, Infinity).map(function (f) { return self._sites[f.properties.i]; });
        if (self.options.stack) self.options.stack(sites, at);
      });
      return marker;
    },
  });

  window.SustainClusters = {layer: function (options) { return new ClusterLayer(options); }};
})();

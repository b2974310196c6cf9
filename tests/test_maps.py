"""The folium builder: local assets only, optional tiles, data safely embedded, small pages."""

import re
from typing import Any

from maps.builder import MapConfig, page_html, safe_json, site_map


def _static(path: str) -> str:
    return f"/static/{path}"


def _config(**overrides: Any) -> MapConfig:
    values: dict[str, Any] = {
        "center": (19.717, 100.18),
        "static_url": _static,
        "client": {"labels": {"x": "</script><script>alert(1)</script>"}},
    }
    values.update(overrides)
    return MapConfig(**values)


def _assets(html: str) -> set[str]:
    return set(re.findall(r'(?:src|href)="([^"]+)"', html))


def test_every_asset_is_local_and_none_comes_from_a_cdn():
    html = page_html(site_map(_config()), lang="th", head="", body_top="", body_bottom="")
    assets = _assets(html)
    assert "/static/vendor/leaflet/leaflet.js" in assets
    assert "/static/vendor/markercluster/leaflet.markercluster.js" in assets
    assert "/static/js/sitemap.js" in assets
    assert "/static/js/sitefeature.js" in assets
    assert all(a.startswith("/static/") for a in assets), assets
    assert "cdn" not in html and "https://" not in html
    assert '<html lang="th">' in html


def test_the_residents_map_clusters_with_supercluster_and_loads_no_jquery():
    from sustain.views.maps import PUBLIC_MAP_SCRIPTS

    html = page_html(
        site_map(_config(**PUBLIC_MAP_SCRIPTS)), lang="th", head="", body_top="", body_bottom=""
    )
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == [
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/supercluster/supercluster.min.js",
        "/static/js/sitecluster.js",
        "/static/js/sitefeature.js",
        "/static/js/publicmap.js",
    ]
    assert "markercluster" not in html and "jquery" not in html.lower()


def test_tiles_only_when_configured():
    without = site_map(_config()).get_root().render()
    assert "tileLayer" not in without
    url = "https://tiles.example.go.th/{z}/{x}/{y}.png"
    with_tiles = site_map(_config(tiles_url=url, tiles_attribution="Example")).get_root().render()
    assert url in with_tiles and "Example" in with_tiles


def test_config_cannot_break_out_of_its_script():
    html = site_map(_config()).get_root().render()
    assert "</script><script>alert(1)" not in html
    assert "\\u003c/script\\u003e" in html
    assert safe_json({"a": "&<>"}) == '{"a": "\\u0026\\u003c\\u003e"}'


def test_areas_are_outlined_and_sites_are_not_embedded():
    square = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[100.17, 19.70], [100.19, 19.70], [100.19, 19.72], [100.17, 19.70]]]}}  # fmt: skip
    html = site_map(_config(areas=[square])).get_root().render()
    assert "100.17" in html and "geoJson" in html.replace("geo_json", "geoJson")
    assert len(html) < 20_000  # sites come from the GeoJSON API, not the page

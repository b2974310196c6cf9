"""Build the folium maps: data in, folium.Map out. No database access, no CDN.

Leaflet and the clustering scripts come from ``static/vendor`` (set on each map instance, never on
folium's classes). Sites are not folium objects: ``static/js/sitemap.js`` loads them from the
GeoJSON API into clustered layers, so the page stays small however many sites there are.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import folium
from folium.elements import JSCSSMixin
from jinja2 import Template


@dataclass(frozen=True)
class MapConfig:
    center: tuple[float, float]
    static_url: Callable[[str], str]
    client: dict[str, Any]  # handed to SustainMap.init in the browser (URLs, labels, colours)
    zoom: int = 14
    tiles_url: str = ""
    tiles_attribution: str = ""
    areas: list[dict[str, Any]] = field(default_factory=list)  # GeoJSON features to outline
    script: str = "js/sitemap.js"  # the static script that draws the sites …
    init: str = "SustainMap"  # … and the global object whose init(map, config) it defines
    # what clusters its markers (static scripts and styles loaded before ``script``)
    cluster_scripts: tuple[str, ...] = ("vendor/markercluster/leaflet.markercluster.js",)
    cluster_styles: tuple[str, ...] = (
        "vendor/markercluster/MarkerCluster.css",
        "vendor/markercluster/MarkerCluster.Default.css",
    )


def safe_json(value: Any) -> str:
    """JSON that cannot close the <script> it sits in, whatever text the data holds."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


class SitesLayer(JSCSSMixin, folium.MacroElement):
    """Calls SustainMap.init(map, config) (or ``config.init``'s) once the scripts are loaded."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this.init }}.init({{ this._parent.get_name() }}, {{ this.config_json }});
        {% endmacro %}"""
    )

    def __init__(self, config: MapConfig) -> None:
        super().__init__()
        self._name = "SitesLayer"
        self.config_json = safe_json(config.client)
        self.init = config.init
        self.default_js = [
            *((path, config.static_url(path)) for path in config.cluster_scripts),
            ("sitefeature", config.static_url("js/sitefeature.js")),  # shared by both scripts
            ("sitemap", config.static_url(config.script)),
        ]
        self.default_css = [(path, config.static_url(path)) for path in config.cluster_styles]


def site_map(config: MapConfig) -> folium.Map:
    """The map: optional basemap tiles, outlined areas (municipality, villages), the site layers."""
    m = folium.Map(
        location=list(config.center),
        zoom_start=config.zoom,
        tiles=None,
        control_scale=True,
        maxZoom=19,  # MarkerCluster needs the map's own maxZoom when there may be no tile layer
    )
    m.default_js = [("leaflet", config.static_url("vendor/leaflet/leaflet.js"))]
    m.default_css = [("leaflet_css", config.static_url("vendor/leaflet/leaflet.css"))]
    if config.tiles_url:
        folium.TileLayer(
            tiles=config.tiles_url, attr=config.tiles_attribution, max_zoom=19, name="basemap"
        ).add_to(m)
    for area in config.areas:
        folium.GeoJson(
            area,
            style_function=lambda feature: {
                "color": feature["properties"].get("stroke", "#2e7d32"),
                "weight": 2,
                "fillOpacity": 0.04,
                "dashArray": feature["properties"].get("dash", None),
            },
        ).add_to(m)
    SitesLayer(config).add_to(m)
    return m


# A script or style element's start tag. Page data never contains one: folium and ``safe_json``
# write "<" inside scripts as \u003c, and our templates escape text.
_ELEMENT_START = re.compile(r"<(script|style)(?=[\s>])")


def page_html(
    m: folium.Map, *, lang: str, head: str, body_top: str, body_bottom: str, nonce: str = ""
) -> str:
    """The whole page: folium's document with our head and body parts, in the page's language.

    With ``nonce``, every script and style element carries it, so a Content-Security-Policy can
    allow folium's inline script without allowing any other inline script.
    """
    figure = m.get_root()
    assert isinstance(figure, folium.Figure)
    figure.header.add_child(folium.Element(head), name="sustain_head")
    figure.html.add_child(folium.Element(body_top), name="sustain_top")
    html = figure.render()
    html = html.replace("<html>", f'<html lang="{lang}">', 1)
    html = html.replace("</body>", body_bottom + "</body>", 1)
    if nonce:
        html = _ELEMENT_START.sub(lambda match: f'<{match[1]} nonce="{nonce}"', html)
    return html

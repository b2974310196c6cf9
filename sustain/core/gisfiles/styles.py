"""QGIS layer styles (QML, with an SLD twin) for the styled GeoPackage: no Django, no data.

A GeoPackage carries styles in its ``layer_styles`` table (QGIS's convention); QGIS applies the
row marked ``useAsDefault`` when the layer is added, so staff see the website's map: points as
circles in their bin colour with the kind letter on them, solar sites in lilac with a sun,
village outlines in green with their names. The QML is QGIS 3 (``Option`` maps).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

QGIS_VERSION = "3.34.0-Prizren"
FONT = "Sarabun"  # the website's font; QGIS falls back to a default when it is not installed


@dataclass(frozen=True)
class Category:
    value: str  # the attribute value (a bin colour such as "#f2c200")
    label: str  # the legend text (the waste stream)


def _rgba(colour: str, alpha: int = 255) -> str:
    value = colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"{red},{green},{blue},{alpha}"


def _options(**values: str) -> str:
    body = "".join(
        f'<Option name="{name}" value={quoteattr(value)} type="QString"/>'
        for name, value in values.items()
    )
    return f'<Option type="Map">{body}</Option>'


def _circle(name: str, colour: str, size_mm: str = "5") -> str:
    layer = _options(
        color=_rgba(colour), name="circle", outline_color="255,255,255,255",
        outline_style="solid", outline_width="0.4", outline_width_unit="MM", size=size_mm,
        size_unit="MM",
    )  # fmt: skip
    return (
        f'<symbol type="marker" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">'
        f'<layer class="SimpleMarker" enabled="1" pass="0" locked="0">{layer}</layer></symbol>'
    )


def _labels(field: str, *, expression: bool = False, colour: str = "#ffffff", size: str = "8",
            placement: str = "1", buffer: bool = False) -> str:  # fmt: skip
    """Simple labelling; placement 1 is "over the point", 0 "around" (polygons: horizontal)."""
    return (
        '<labeling type="simple"><settings calloutType="simple">'
        f'<text-style fieldName={quoteattr(field)} isExpression="{int(expression)}" '
        f'fontFamily="{FONT}" fontSize="{size}" fontSizeUnit="Point" fontWeight="75" '
        f'textColor="{_rgba(colour)}" textOpacity="1" multilineAlign="1">'
        f'<text-buffer bufferDraw="{int(buffer)}" bufferSize="0.8" bufferSizeUnits="MM" '
        'bufferColor="255,255,255,255" bufferOpacity="1"/></text-style>'
        '<text-format plussign="0" wrapChar="" multilineAlign="1"/>'
        f'<placement placement="{placement}" offsetType="0" quadOffset="4" dist="0" '
        'distUnits="MM" priority="10"/>'
        '<rendering obstacle="0" displayAll="1" upsidedownLabels="0" scaleVisibility="0"/>'
        "</settings></labeling>"
    )


def _qgis(renderer: str, labeling: str) -> str:
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        f'<qgis version="{QGIS_VERSION}" styleCategories="Symbology|Labeling" labelsEnabled="1">'
        f"{renderer}{labeling}</qgis>\n"
    )


def points_qml(field: str, categories: list[Category], letter_field: str) -> str:
    """Circles coloured by ``field`` (one category per bin colour), the letter on top."""
    rows = "".join(
        f'<category value={quoteattr(c.value)} label={quoteattr(c.label)} symbol="{i}" '
        'render="true"/>'
        for i, c in enumerate(categories)
    )
    symbols = "".join(_circle(str(i), c.value) for i, c in enumerate(categories))
    renderer = (
        f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(field)} symbollevels="0" '
        f'enableorderby="0" forceraster="0"><categories>{rows}</categories>'
        f"<symbols>{symbols}</symbols></renderer-v2>"
    )
    return _qgis(renderer, _labels(letter_field))


def single_points_qml(colour: str, text: str) -> str:
    """One colour for every point, with a fixed character (the sun of solar sites)."""
    renderer = (
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
        f"<symbols>{_circle('0', colour)}</symbols></renderer-v2>"
    )
    return _qgis(renderer, _labels(f"'{text}'", expression=True, colour="#4a148c"))


def outlines_qml(colour: str, label_field: str) -> str:
    """Outlined polygons with a faint fill (as the website), labelled with ``label_field``."""
    layer = _options(
        color=_rgba(colour, 10), style="solid", outline_color=_rgba(colour),
        outline_style="solid", outline_width="0.6", outline_width_unit="MM",
    )  # fmt: skip
    renderer = (
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
        '<symbols><symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">'
        f'<layer class="SimpleFill" enabled="1" pass="0" locked="0">{layer}</layer>'
        "</symbol></symbols></renderer-v2>"
    )
    return _qgis(renderer, _labels(label_field, colour=colour, size="9", placement="0",
                                   buffer=True))  # fmt: skip


def _sld(name: str, rules: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<StyledLayerDescriptor version="1.1.0" xmlns="http://www.opengis.net/sld" '
        'xmlns:ogc="http://www.opengis.net/ogc" xmlns:se="http://www.opengis.net/se">'
        f"<NamedLayer><se:Name>{escape(name)}</se:Name><UserStyle><se:FeatureTypeStyle>"
        f"{rules}</se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>\n"
    )


def _sld_circle(colour: str) -> str:
    return (
        "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName>"
        f'<se:Fill><se:SvgParameter name="fill">{colour}</se:SvgParameter></se:Fill>'
        '<se:Stroke><se:SvgParameter name="stroke">#ffffff</se:SvgParameter></se:Stroke>'
        "</se:Mark><se:Size>18</se:Size></se:Graphic></se:PointSymbolizer>"
    )


def points_sld(name: str, field: str, categories: list[Category], letter_field: str) -> str:
    rules = "".join(
        f"<se:Rule><se:Name>{escape(c.label)}</se:Name><ogc:Filter><ogc:PropertyIsEqualTo>"
        f"<ogc:PropertyName>{field}</ogc:PropertyName><ogc:Literal>{escape(c.value)}"
        f"</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>{_sld_circle(c.value)}"
        f"<se:TextSymbolizer><se:Label><ogc:PropertyName>{letter_field}</ogc:PropertyName>"
        "</se:Label></se:TextSymbolizer></se:Rule>"
        for c in categories
    )
    return _sld(name, rules)


def single_points_sld(name: str, colour: str) -> str:
    return _sld(name, f"<se:Rule>{_sld_circle(colour)}</se:Rule>")


def outlines_sld(name: str, colour: str, label_field: str) -> str:
    return _sld(
        name,
        "<se:Rule><se:PolygonSymbolizer><se:Stroke>"
        f'<se:SvgParameter name="stroke">{colour}</se:SvgParameter>'
        '<se:SvgParameter name="stroke-width">2</se:SvgParameter></se:Stroke>'
        "</se:PolygonSymbolizer><se:TextSymbolizer><se:Label>"
        f"<ogc:PropertyName>{label_field}</ogc:PropertyName></se:Label></se:TextSymbolizer>"
        "</se:Rule>",
    )

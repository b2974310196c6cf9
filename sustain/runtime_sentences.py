"""The sentences the pure modules (file readers, row converters, weather readers) write, each
as a pattern of the English text and the same sentence from the catalogue; and the fixed words
inside them (a format's label, why a file is not of its format, a weather column).

:mod:`sustain.runtime_words` matches a message against them and shows it in the page's language.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_VALUE = r"“(?P<value>.*)”"
_KIND = r"(?P<kind>[A-Za-z_]+)"
_REPR = r"(?P<value>'.*'|\".*\")"  # a value as Python's repr() writes it
_LABEL = r"(?P<label>GeoPackage|GeoJSON|zipped Shapefile|KML|CSV|XLSX)"
# (the sentence as the pure module writes it, the same sentence from the catalogue)
SENTENCES: list[tuple[str, Promise]] = [
    (rf"{_VALUE} is not a number", _("“%(value)s” is not a number")),
    (rf"{_VALUE} is not a whole number", _("“%(value)s” is not a whole number")),
    (rf"{_VALUE} is not yes or no", _("“%(value)s” is not yes or no")),
    (
        rf"{_VALUE} is not a date \(dd/mm/yyyy in BE or CE, or yyyy-mm-dd\)",
        _("“%(value)s” is not a date (day/month/year in BE or CE, or year-month-day)"),
    ),
    (rf"{_VALUE} is not one of: (?P<codes>.*)", _("“%(value)s” is not one of: %(codes)s")),
    (
        r"unknown OpenStreetMap recycling names: (?P<names>.*)",
        _("unknown OpenStreetMap recycling names: %(names)s"),
    ),
    (r"there is no village Moo (?P<moo>.*)", _("there is no village Moo %(moo)s")),
    (rf"{_VALUE} is not a material code or name", _("“%(value)s” is not a material code or name")),
    (
        r"no waste point has the ref or name “(?P<value>.*)”",
        _("no waste point has the reference or name “%(value)s”"),
    ),
    (
        rf"the feature has no geometry: {_KIND}s need one",
        _("the feature has no location; this list needs a %(kind)s for each row"),
    ),
    (
        rf"a point is needed, the feature is a {_KIND} \(choose “polygons as points” to import it "
        r"at its representative point\)",
        _(
            "a point is needed, the feature is a %(kind)s (choose “polygons as points” to import "
            "it at its representative point)"
        ),
    ),
    (
        rf"a point is needed, the feature is a {_KIND}",
        _("a point is needed, the feature is a %(kind)s"),
    ),
    (
        rf"a polygon is needed, the feature is a {_KIND}",
        _("a polygon is needed, the feature is a %(kind)s"),
    ),
    # GIS files (sustain.core.gisfiles, and the import's own checks of a file)
    (
        rf"crs: {_REPR} is not an EPSG code \(give one such as 32647 for UTM zone 47N\)",
        _(
            "coordinate system: %(value)s is not an EPSG code (give one such as 32647 for UTM "
            "zone 47N)"
        ),
    ),
    (
        rf"crs: {_REPR} is not a coordinate system \(give an EPSG code such as 32647\)",
        _(
            "coordinate system: %(value)s is not a coordinate system (give an EPSG code such as "
            "32647)"
        ),
    ),
    (
        r"crs: easting/northing columns need the coordinate system, e\.g\. 32647 for UTM zone "
        r"47N on WGS 84 or 24047 for Indian 1975 / UTM 47N",
        _(
            "coordinate system: easting and northing columns need the coordinate system, e.g. "
            "32647 for UTM zone 47N on WGS 84 or 24047 for Indian 1975 / UTM 47N"
        ),
    ),
    (
        r"crs: the file does not say its coordinate system; give the EPSG code",
        _("coordinate system: the file does not say its coordinate system; give the EPSG code"),
    ),
    (
        r"crs: the file says (?P<found>.+) but (?P<given>.+) was given",
        _("coordinate system: the file says %(found)s but %(given)s was given"),
    ),
    (
        r"file: no coordinate columns; give latitude and longitude, or easting and northing",
        _("file: no coordinate columns; give latitude and longitude, or easting and northing"),
    ),
    (
        r"file: (?P<suffix>\.\S*|no extension) is not a supported format \(.*\)",
        _(
            "file: %(suffix)s is not a supported format (GeoPackage, GeoJSON, zipped Shapefile, "
            "KML, CSV, XLSX)"
        ),
    ),
    (
        r"file: (?P<size>[\d.]+) MB is over the (?P<limit>[\d.]+) MB limit",
        _("file: %(size)s MB is over the %(limit)s MB limit"),
    ),
    (
        rf"file: not a {_LABEL} file \((?P<reason>.*)\)",
        _("file: not a %(label)s file (%(reason)s)"),
    ),
    (
        rf"file: could not read it as {_LABEL} \((?P<why>.*)\)",
        _("file: could not read it as %(label)s"),
    ),
    (
        r"layer: the file has no layer (?P<unknown>.*) \(it has: (?P<names>.*)\)",
        _("layer: the file has no layer %(unknown)s (it has: %(names)s)"),
    ),
    (
        r"file: the GeoPackage layer “(?P<name>.*)” is an SQL view; only feature tables are read "
        r"\(save the view as a table in QGIS first\)",
        _(
            "file: the GeoPackage layer “%(name)s” is an SQL view; only feature tables are read "
            "(save the view as a table in QGIS first)"
        ),
    ),
    (
        r"file: the GeoPackage layer “(?P<name>.*)” is not a plain table",
        _("file: the GeoPackage layer “%(name)s” is not a plain table"),
    ),
    (
        r"file: the archive holds (?P<count>\d+) entries \(at most (?P<most>\d+)\)",
        _("file: the archive holds %(count)s entries (at most %(most)s)"),
    ),
    (
        rf"file: the archive entry {_REPR} points outside the archive",
        _("file: the archive entry %(value)s points outside the archive"),
    ),
    (
        r"file: the archive expands past (?P<limit>\d+) MB",
        _("file: the archive expands past %(limit)s MB"),
    ),
    (
        r"file: a zipped Shapefile must hold exactly one \.shp \(found (?P<count>\d+)\)",
        _("file: a zipped Shapefile must hold exactly one .shp file (found %(count)s)"),
    ),
    (
        r"file: the Shapefile's \.dbf holds (?P<rows>[\d,]+) rows but its \.shp "
        r"(?P<shapes>[\d,]+) features; the file is damaged \(nothing was imported\)",
        _(
            "file: the Shapefile's .dbf file holds %(rows)s rows but its .shp file %(shapes)s "
            "features; the file is damaged (nothing was imported)"
        ),
    ),
    (
        r"file: the layer name “(?P<name>.*)” names a data source; refused",
        _("file: the layer name “%(name)s” names a data source; refused"),
    ),
    (
        r"file: the column “(?P<column>.*)” names a data source; refused",
        _("file: the column “%(column)s” names a data source; refused"),
    ),
    (
        r"file: row (?P<row>\d+), column “(?P<column>.*)” holds “(?P<value>.*)”, which names a "
        r"data source; refused",
        _(
            "file: row %(row)s, column “%(column)s” holds “%(value)s”, which names a data "
            "source; refused"
        ),
    ),
    (
        r"file: (?P<target>[a-z_]+) need points, the layer holds (?P<kinds>.*)",
        _("file: %(target)s need a point each, the layer holds %(kinds)s"),
    ),
    (
        r"file: (?P<target>[a-z_]+) need polygons, the layer holds (?P<kinds>.*)",
        _("file: %(target)s need an outline each, the layer holds %(kinds)s"),
    ),
    (r"file: the file is empty", _("file: the file is empty")),
    (r"file: the layer has no features", _("file: the layer has no features")),
    (r"file: the GeoPackage has no feature table", _("file: the GeoPackage has no feature table")),
    (
        r"file: the zipped Shapefile has no \.dbf \(its attribute table\)",
        _("file: the zipped Shapefile has no .dbf file (its attribute table)"),
    ),
    (r"file: the archive expands past its limit", _("file: the archive expands past its limit")),
    (r"file: not a readable zip archive \((?P<why>.*)\)", _("file: not a readable zip archive")),
    (
        r"mapping: the file has no column (?P<columns>.*)",
        _("column mapping: the file has no column %(columns)s"),
    ),
    # OpenStreetMap tags of an imported row (sustain.services.gis.osm) and the import's notes on
    # a row (sustain.services.gis.rows and .geometry)
    (
        r"(?P<tag>recycling:[^=]+)=(?P<value>.*): not recognised \(not imported\)",
        _("%(tag)s=%(value)s: this OpenStreetMap tag is not known (not imported)"),
    ),
    (
        r"(?P<tag>recycling:[^=]+)=(?P<value>.*): only yes or no is understood",
        _("%(tag)s=%(value)s: only yes or no is understood"),
    ),
    (
        r"recycling_type=(?P<value>.*): not container or centre \(read as container\)",
        _("recycling_type=%(value)s: the type is neither container nor centre (read as container)"),
    ),
    (
        r"amenity=(?P<value>.*) is a rubbish bin, not a sorting point",
        _("amenity=%(value)s is a rubbish bin, not a sorting point (not imported)"),
    ),
    (
        r"amenity=(?P<value>.*) is not a recycling point",
        _("amenity=%(value)s is not a recycling point (not imported)"),
    ),
    (
        r"no name in OpenStreetMap: named “(?P<name>.*)”",
        _("no name in OpenStreetMap: named “%(name)s”"),
    ),
    (
        r"probable duplicate of #(?P<id>\d+) (?P<name>.*) \(within (?P<metres>\d+) m\)",
        _("probably the same place as #%(id)s %(name)s (within %(metres)s m)"),
    ),
    (
        rf"a {_KIND}, imported at its representative point",
        _("a %(kind)s, imported at its representative point"),
    ),
    (
        r"(?P<km>[\d,]+) km from (?P<name>.+): check the coordinate system",
        _("%(km)s km from %(name)s: check the coordinate system"),
    ),
    (
        r"does not overlap the service area of (?P<name>.+): check the file and its coordinate "
        r"system",
        _(
            "does not overlap the service area of %(name)s: check the file and its coordinate "
            "system"
        ),
    ),
    # weather years: how each was made (WeatherDataset.description, kept in report snapshots)
    (
        r"Built from 12 monthly means typed by staff: Ineichen clear-sky shape scaled to each "
        r"month, Erbs beam/diffuse split, air temperature ±(?P<swing>\S+) °C around the monthly "
        r"mean, wind (?P<wind>\S+) m/s\. GHI \[(?P<ghi>.*)\] kWh/m²/day; air \[(?P<temp>.*)\] °C\.",
        _(
            "Built from 12 monthly means typed by staff: the clear-sky shape of the day (Ineichen) "
            "scaled to each month, beam and diffuse split by Erbs, air temperature ±%(swing)s °C "
            "around the monthly mean, wind %(wind)s m/s. Irradiation (GHI) %(ghi)s kWh/m²/day; "
            "air %(temp)s °C."
        ),
    ),
    (
        r"Approximate: pvlib Ineichen clear sky at (?P<lat>\S+), (?P<lon>\S+) \(annual mean "
        r"(?P<clear>\S+) kWh/m²/day\) scaled by (?P<scale>\S+) to (?P<target>\S+) kWh/m²/day, the "
        r"middle of the 5\.0–5\.28 range of Thailand's national solar map \(DEDE/Silpakorn, "
        r"Janjai et al\. 2013\); Erbs beam/diffuse split; air (?P<temp>\S+) °C ±(?P<swing>\S+) °C "
        r"\(assumed\); wind (?P<wind>\S+) m/s \(assumed\)\. Import a real weather year to "
        r"replace it\.",
        _(
            "Approximate: the clear sky of pvlib (Ineichen) at %(lat)s, %(lon)s (annual mean "
            "%(clear)s kWh/m²/day) scaled by %(scale)s to %(target)s kWh/m²/day, the middle of "
            "the 5.0–5.28 range of Thailand's solar map (DEDE and Silpakorn University, Janjai et "
            "al. 2013); beam and diffuse split by Erbs; air %(temp)s °C ±%(swing)s °C (assumed); "
            "wind %(wind)s m/s (assumed). Import a real weather year to replace it."
        ),
    ),
    (r"EPW file (?P<file>.+): (?P<place>.*)", _("EPW file %(file)s: %(place)s")),
    (r"TMY3 file (?P<file>.+): (?P<place>.*)", _("TMY3 file %(file)s: %(place)s")),
    (r"TMY2 file (?P<file>.+): (?P<place>.*)", _("TMY2 file %(file)s: %(place)s")),
    (r"PVGIS TMY \((?P<type>JSON|CSV)\) (?P<file>.+)", _("PVGIS TMY (%(type)s) file %(file)s")),
    (r"NASA POWER hourly CSV (?P<file>.+)", _("NASA POWER hourly CSV file %(file)s")),
    # why the fleet's estimates were recalculated (EstimateRun.reason)
    (r"new weather: (?P<name>.*)", _("new weather: %(name)s")),
    (r"GIS import", _("GIS import")),
    (r"demo loaded", _("demo loaded")),
    # the gaps of a weather year (WeatherDataset.gaps_note) and of an estimate (pv.WeatherGaps),
    # each part of a note joined by "; "
    (r"(?P<count>\d+) missing values", _("%(count)s missing values")),
    (r"(?P<count>\d+) hours without irradiance", _("%(count)s hours without irradiance")),
    (r"complete: no missing hours", _("complete: no missing hours")),
    (r"(?P<count>\d+) missing hours", _("%(count)s missing hours")),
    (
        r"(?P<count>\d+) filled by linear interpolation \(gaps of up to (?P<hours>\d+) h\)",
        _("%(count)s filled by linear interpolation (gaps of up to %(hours)s hours)"),
    ),
    (
        r"(?P<count>\d+) left out, each month scaled up by its daylight hours with data",
        _("%(count)s left out, each month scaled up by its daylight hours with data"),
    ),
    (
        r"no usable data in month\(s\) \[(?P<months>.*)\]",
        _("no usable data in months %(months)s"),
    ),
    # weather: twelve monthly values typed by staff
    (
        r"month (?P<month>\d+): mean daily GHI (?P<ghi>\S+) kWh/m²/day must be above 0 and at "
        r"most the clear-sky (?P<clear>\S+) kWh/m²/day at this site",
        _(
            "month %(month)s: the mean daily irradiation %(ghi)s kWh/m²/day must be above 0 and "
            "at most the clear-sky %(clear)s kWh/m²/day of this place"
        ),
    ),
    (
        r"month (?P<month>\d+): mean air temperature (?P<temp>\S+) °C is implausible",
        _("month %(month)s: the mean air temperature %(temp)s °C is not plausible"),
    ),
    # weather files
    (r"the file has no (?P<quantity>\S+) values", _("the file has no %(quantity)s values")),
    (
        r"Unrecognised weather file: expected EPW, TMY3, TMY2, PVGIS TMY \(JSON or CSV\) or "
        r"NASA POWER hourly CSV\.",
        _(
            "Unrecognised weather file: expected EPW, TMY3, TMY2, PVGIS TMY (JSON or CSV) or "
            "NASA POWER hourly CSV."
        ),
    ),
    (
        r"Unknown weather format (?P<value>.*); use one of .*",
        _("Unknown weather format %(value)s"),
    ),
    (
        r"(?P<format>[a-z0-9_]+): the file cannot be read: (?P<why>.*)",
        _("%(format)s: the file cannot be read"),
    ),
    (
        r"location (?P<lat>\S+), (?P<lon>\S+) is not a valid latitude/longitude",
        _("location %(lat)s, %(lon)s is not a valid latitude and longitude"),
    ),
    (
        r"(?P<where>.+): (?P<quantity>\S+) = (?P<value>.*) is not a finite number "
        r"\((?P<count>\d+) such value\(s\)\); a missing value must use the format's "
        r"missing-value code",
        _(
            "%(where)s: %(quantity)s = %(value)s is not a number (%(count)s such values); a "
            "missing value must use the format's missing-value code"
        ),
    ),
    (
        r"(?P<where>.+): (?P<quantity>\S+) = (?P<value>\S+) (?P<unit>\S+) is outside "
        r"(?P<low>\S+)\.\.(?P<high>\S+) (?P=unit) \((?P<count>\d+) such value\(s\)\)",
        _(
            "%(where)s: %(quantity)s = %(value)s %(unit)s is outside %(low)s to %(high)s "
            "%(unit)s (%(count)s such values)"
        ),
    ),
    (
        r"(?P<where>.+): the hours are not continuous \((?P<first>.+) is followed by "
        r"(?P<next>.+)\)",
        _("%(where)s: the hours are not continuous (%(first)s is followed by %(next)s)"),
    ),
    (
        r"the file has (?P<count>\d+) hourly rows; a weather year needs 8760 \(or 8784 in a "
        r"leap year\): is it truncated, or more than one year\?",
        _(
            "the file has %(count)s hourly rows; a weather year needs 8760 (or 8784 in a leap "
            "year): is it truncated, or more than one year?"
        ),
    ),
    (
        r"PVGIS JSON: invalid JSON at line (?P<line>\d+), column (?P<col>\d+): (?P<why>.*)",
        _("PVGIS JSON: invalid JSON at line %(line)s, column %(col)s"),
    ),
    (
        r"PVGIS JSON: outputs\.tmy_hourly is not a list",
        _("PVGIS JSON: the hourly values (outputs.tmy_hourly) are not a list"),
    ),
    (
        r"PVGIS JSON: outputs\.tmy_hourly\[(?P<index>\d+)\] has no field (?P<value>.*)",
        _("PVGIS JSON: hour %(index)s of outputs.tmy_hourly has no field %(value)s"),
    ),
    (
        r"PVGIS CSV: line (?P<line>\d+) is not an hourly row: the file holds (?P<count>\d+) of "
        r"the 8760 hourly rows \(truncated or edited\?\)",
        _(
            "PVGIS CSV: line %(line)s is not an hourly row: the file holds %(count)s of the 8760 "
            "hourly rows (truncated or edited?)"
        ),
    ),
    (
        r"PVGIS CSV: the file holds (?P<count>\d+) of the 8760 hourly rows: it is truncated",
        _("PVGIS CSV: the file holds %(count)s of the 8760 hourly rows: it is truncated"),
    ),
    (
        r"NASA POWER CSV: the header has no 'Latitude … Longitude …' line",
        _("NASA POWER CSV: the header has no “Latitude … Longitude …” line"),
    ),
    (
        r"NASA POWER CSV: line (?P<line>\d+) \(column names\) lacks (?P<columns>.*)",
        _("NASA POWER CSV: line %(line)s (the column names) lacks %(columns)s"),
    ),
    (
        r"give 12 monthly values for GHI and for air temperature \(January first\)",
        _("give 12 monthly values for GHI and for air temperature (January first)"),
    ),
    (
        r"PVGIS TMY: missing field\(s\) (?P<fields>.*)",
        _("PVGIS TMY: the fields %(fields)s are missing"),
    ),
    (
        r"PVGIS JSON: no field (?P<field>\S+) \(is this a PVGIS TMY file\?\)",
        _("PVGIS JSON: no field %(field)s (is this a PVGIS TMY file?)"),
    ),
    (
        r"PVGIS CSV: no 'time\(UTC\),\.\.\.' header line",
        _("PVGIS CSV: no “time(UTC),…” header line"),
    ),
    (r"NASA POWER CSV: no '-END HEADER-' line", _("NASA POWER CSV: no “-END HEADER-” line")),
    (
        r"NASA POWER CSV: line (?P<line>\d+) has an impossible date",
        _("NASA POWER CSV: line %(line)s has an impossible date"),
    ),
    (
        r"(?P<format>[a-z0-9_]+): the file is not text \((?P<why>.*)\)",
        _("%(format)s: the file is not text"),
    ),
    (
        r"(?P<where>.+): the time (?P<time>.+) appears twice",
        _("%(where)s: the time %(time)s appears twice"),
    ),
]

# Fixed words inside the pure modules' sentences (a format's label, a reason, a weather column).
LABELS: dict[str, Promise] = {"zipped Shapefile": _("zipped Shapefile")}
QUANTITIES: dict[str, Promise] = {
    "ghi": _("global horizontal irradiance (GHI)"),
    "dni": _("direct normal irradiance (DNI)"),
    "dhi": _("diffuse horizontal irradiance (DHI)"),
    "temp_air": _("air temperature"),
    "wind_speed": _("wind speed"),
    "pressure": _("air pressure"),
}
VALUES: dict[str, Promise] = {"blank or NaN": _("blank or not a number"), "no geometry": _("none")}
# Why a file is not of its format (sniff.not_a), each as written and from the catalogue.
REASONS: list[tuple[str, Promise]] = [
    (r"it does not start with a JSON object", _("it does not start with a JSON object")),
    (
        r"its crs member is not a JSON object",
        _("its coordinate system member is not a JSON object"),
    ),
    (
        r"its crs member must name an EPSG code, not a link or a file",
        _("its coordinate system member must name an EPSG code, not a link or a file"),
    ),
    (r"it declares a DOCTYPE or entities", _("it declares a DOCTYPE or entities")),
    (r"it is not XML", _("it is not XML")),
    (r"its root element is not <kml>", _("its root element is not <kml>")),
    (
        r"no SQLite header with the GeoPackage application id",
        _("no SQLite header with the GeoPackage application id"),
    ),
    (r"it has no gpkg_contents table", _("it has no table of contents of a GeoPackage")),
    (r"the database cannot be read: .*", _("the database cannot be read")),
    (r"GDAL reads it as (?P<driver>.*)", _("GDAL reads it as %(driver)s")),
    (r"not a zip archive", _("not a zip archive")),
    (r"the \.shp has no Shapefile header", _("the .shp file has no Shapefile header")),
    (
        r"the \.shp record (?P<record>\d+) is damaged",
        _("record %(record)s of the .shp file is damaged"),
    ),
    (
        r"the \.shp is truncated in record (?P<record>\d+)",
        _("the .shp file is cut short in record %(record)s"),
    ),
    (r"the \.dbf is not a dBASE table", _("the .dbf file is not a dBASE table")),
    (r"not an Office Open XML workbook", _("not an Excel workbook")),
    (r"not a readable zip archive", _("not a readable zip archive")),
    (r"no workbook in the archive", _("no workbook in the archive")),
    (r"it holds binary data", _("it holds binary data")),
    (r"it is not UTF-8 text", _("it is not UTF-8 text")),
    (r"it is XML or HTML", _("it is XML or HTML")),
]

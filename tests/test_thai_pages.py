"""Thai everywhere (issue 15 §1): every staff and public page, and the admin's list, add, change,
history and delete pages of every model, rendered in Thai show no English sentence and no internal
code (snake_case), and show years in the Buddhist era."""

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sustain import permissions
from sustain.models import EmissionFactor, FtCharge, ResidentialTariff, SolarBuyback, SolarCost
from sustain.models.waste import OSM_RECYCLING_MATERIALS
from sustain.services.solar.roof_present import price_row_out
from tests.test_permissions import PAGES, world  # noqa: F401  (the fixture)

# What a Thai page may show in Latin letters: proper names, standards, units, file formats.
ALLOWED = {
    "sustain", "openstreetmap", "osm", "pvwatts", "pvgis", "tmy", "iso", "kwp", "kwh", "mwh",
    "co2e", "tco2e", "kgco2e", "kg", "geojson", "kml", "kmz", "gpkg", "geopackage", "csv", "xlsx",
    "pdf", "docx", "shp", "ogc", "api", "leaflet", "pvlib", "nasa", "power", "era5", "epw",
    "url", "id", "uuid", "json", "wgs", "utm", "epsg", "admin", "django", "gdal", "ghi", "dni",
    "dhi", "pea", "egat", "tgo", "ipcc", "ar5", "ar6", "unfccc", "gpc", "ghg", "protocol",
    "traffy", "fondue", "line", "google", "mac",
    # OpenStreetMap's opening-hours days, the form staff may type
    "mo", "tu", "we", "th", "fr", "sa", "su", "ph", "off",
}  # fmt: skip
# OpenStreetMap's recycling tag values (the accepted materials of a waste point) are its vocabulary.
OSM_WORDS = set(OSM_RECYCLING_MATERIALS)
# Records hold some text in English on purpose (a name in English, notes quoting a source, a code):
# the cells and boxes that show a record's own text are not the page's words.
RECORD_TEXT = re.compile(
    r'<(td|th) class="field-(?:[a-z_]*_en|code|key|notes?|source|reference|description|'
    r"name|title|__str__|user|username|prefix|path_info|user_agent|http_accept|"
    r'ip_address|get_data|post_data)[^"]*"[^>]*>.*?</\1>'
    r'|<textarea\b.*?</textarea>|<div class="readonly">.*?</div>',
    re.S,
)
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]+(?:[ \-'][A-Za-z][a-z]+)+\b")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
CE_YEAR = re.compile(r"\b20[2-3][0-9]\b")


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = RECORD_TEXT.sub(" ", page)
    # What the eye reads: text, and the words of buttons and placeholders.
    attributes = re.findall(r'\b(?:placeholder|title|aria-label)="([^"]*)"', page)
    buttons = re.findall(r'<input[^>]+type="(?:submit|button)"[^>]*value="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *attributes, *buttons]))


def problems(text: str, *, ignore: set[str]) -> list[str]:
    found = []
    for run in ENGLISH_RUN.findall(text):
        words = [w.lower() for w in re.split(r"[ \-']", run)]
        if any(w not in ALLOWED for w in words) and run not in ignore:
            found.append(run)
    found += [code for code in SNAKE.findall(text) if code not in ignore | OSM_WORDS]
    return found


@pytest.fixture
def thai_admin(world, client: Client):  # noqa: F811
    user = User.objects.create_superuser("แอดมิน", password="pass-admin-1")
    client.force_login(user)
    client.cookies["django_language"] = "th"
    # A dry run with refused rows: outcomes, fields and the readers' messages are shown.
    world.job.result = {
        "rows": [
            {"row": 2, "action": "error", "label": "จุด ก", "warnings": [],
             "errors": {"geometry": ["a point is needed, the feature is a Polygon"],
                        "village": ["หมู่: there is no village Moo 9"]}},
            {"row": 3, "action": "create", "label": "จุด ข", "errors": {}, "warnings": []},
            {"row": 4, "action": "update", "label": "จุด ค", "errors": {}, "warnings": [],
             "existing_id": world.point.pk},
        ],
        "counts": {"create": 1, "update": 1, "unchanged": 0, "error": 1},
        "mapping": {"name": "ชื่อ", "accepted_materials": "วัสดุ"},
    }  # fmt: skip
    world.job.error = "file: the layer has no features"
    world.job.save()
    return world


# Django names the tables behind many-to-many fields from the models' codes (group-permission).
DJANGO_LINK_TABLES = {"group-permission", "user-group", "user-permission"}
# The import page's column mapping is JSON keyed by field codes: its example shows one.
CODE_EXAMPLES = {"capacity_kwp"}
RECORD_FIELDS = ("code", "key", "factor_key", "name", "name_en", "notes", "source", "username")
# The reference rows the migrations seed (issue 15 §1): their names and sources are shown in Thai
# on Thai pages, so only their codes are data.
SEEDED_MODELS = {EmissionFactor, ResidentialTariff, FtCharge, SolarBuyback, SolarCost}
SEEDED_FIELDS = ("key", "code")


def data_names(world) -> set[str]:  # noqa: F811
    """Records' own names, codes and notes (a material's code is its identifier), the staff
    groups' bilingual names, and the test's users. Data, not the page's words: everything else,
    the seeded reference rows' names and sources included, must be Thai."""
    names = {role.name.split(" / ")[-1] for role in permissions.ROLES}
    for model in admin.site._registry:
        for obj in model._default_manager.all()[:200]:
            for field in SEEDED_FIELDS if model in SEEDED_MODELS else RECORD_FIELDS:
                value = getattr(obj, field, None)
                if isinstance(value, str):
                    names |= set(ENGLISH_RUN.findall(value)) | set(SNAKE.findall(value))
    return names | DJANGO_LINK_TABLES | CODE_EXAMPLES | {"inspector", "user"}


def page_urls(world) -> list[str]:  # noqa: F811
    skip = (".csv", ".xlsx", ".geojson", "/files/", "/photos/")
    urls = [url(world) for _name, url, method, _data, _abilities in PAGES if method == "get"]
    urls = [
        u for u in dict.fromkeys(urls) if not u.endswith(skip) and not any(s in u for s in skip)
    ]
    return [*urls, "/", "/reports/", "/solar/my-roof/"]


def admin_urls(world) -> list[str]:  # noqa: F811
    urls = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        urls.append(reverse(f"{base}_changelist"))
        obj = model_admin.get_queryset(_request()).order_by("pk").first()
        if model_admin.has_add_permission(_request()):
            urls.append(reverse(f"{base}_add"))
        if obj is not None:
            urls.append(reverse(f"{base}_change", args=[obj.pk]))
            urls.append(reverse(f"{base}_history", args=[obj.pk]))
            if model_admin.has_delete_permission(_request(), obj):
                urls.append(reverse(f"{base}_delete", args=[obj.pk]))
    return urls


def _request():
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = User.objects.get(is_superuser=True)
    return request


def test_every_page_and_admin_page_is_thai(thai_admin, client: Client):
    failures: dict[str, list[str]] = {}
    urls = page_urls(thai_admin) + admin_urls(thai_admin)
    assert len(urls) > 80
    ignore = data_names(thai_admin)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        found = sorted(set(problems(text, ignore=ignore)))
        found += [f"CE year {year}" for year in sorted(set(CE_YEAR.findall(text)))]
        if found:
            failures[url] = found
    assert not failures, "\n".join(f"{url}: {items}" for url, items in failures.items())


def test_seeded_names_and_sources_are_thai_on_the_roof_answer_and_the_report(world):  # noqa: F811
    """What the admin pages do not show: the roof estimate's price rows and grid factor, and the
    report's provenance and factor tables (its source pages), from the seeded rows."""
    from sustain.report.render.methodology import factors_table, provenance_table
    from sustain.report.vocabulary import VOCABULARY
    from sustain.services.factors import factors_all
    from sustain.services.figures import factor_note
    from sustain.services.solar import tariffs

    factors = factors_all()
    assert len(factors) >= 16
    records = [{**f.provenance(), "used": True} for f in factors]
    figures: Any = {
        "methodology": {"factors": records},
        "solar": {
            "lines": [
                {
                    "kwh": 10.0,
                    "months": ["2026-01", "2026-12"],
                    "metered_kwh": 0.0,
                    "estimated_kwh": 10.0,
                    "avoided_kgco2e": 4.75,
                    "factor": records[0],
                }
            ]
        },
        "waste": {"lines": []},
    }
    today = dt.date(2026, 6, 1)
    rows = [*tariffs.year_prices(schedule="1.1", today=today).rows,
            *tariffs.year_prices(schedule="1.2", today=today).rows,
            tariffs.buyback_on(day=today)[1], *tariffs.costs_for(capacity_kwp=4, day=today)[1]]  # fmt: skip
    with translation.override("th"):
        shown = [factor_note(f) for f in factors]
        shown += [price_row_out(row)["source"] for row in rows if row is not None]
        for table in (factors_table(figures), provenance_table(figures, VOCABULARY)):
            shown += [str(cell) for row in table.rows for cell in row if isinstance(cell, str)]
        shown += [str(t) for t in ResidentialTariff.objects.all()]
    # The report's factor columns name each factor (its key stays in the JSON API only).
    english = {text: found for text in shown if (found := problems(text, ignore=set()))}
    assert not english, english
    with translation.override("en"):
        assert "Thailand Greenhouse Gas Management Organization" in " ".join(
            factor_note(f) for f in factors
        )

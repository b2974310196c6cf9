"""Public pages beside the map: one waste point (page and printable poster), and what the
community achieved. No sign-in, no personal data (households are never points here)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sustain.core.svgcharts import bar_chart_svg
from sustain.core.thaidates import month_label
from sustain.services import achievements, pointpages
from sustain.services.public_summary import PublicSummary, public_summary


def _place_name(summary: PublicSummary) -> str:
    municipality = summary.municipality
    if municipality is None:
        return ""
    if translation.get_language() == "en" and municipality.name_en:
        return municipality.name_en
    return municipality.name_th


def _missing(request: HttpRequest, key: str) -> HttpResponse:
    return render(
        request,
        "sustain/public/point_missing.html",
        {"key": key, "summary": public_summary()},
        status=404,
    )


def point_page(request: HttpRequest, key: str) -> HttpResponse:
    """A waste point's details, a small map, and links to its poster, directions and a report."""
    point = pointpages.public_point(key)
    if point is None:
        return _missing(request, key)
    details = pointpages.point_details(point)
    context = {
        "details": details,
        "summary": public_summary(),
        "canonical": request.build_absolute_uri(reverse("point", args=[details.key])),
        "tiles_url": settings.MAP_TILES_URL,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "traffy_url": settings.TRAFFY_FONDUE_URL,
        "directions_google": (
            "https://www.google.com/maps/dir/?api=1"
            f"&destination={point.latitude:.6f},{point.longitude:.6f}"
        ),
        "directions_osm": (
            "https://www.openstreetmap.org/directions?route=%3B"
            f"{point.latitude:.6f}%2C{point.longitude:.6f}"
        ),
    }
    return render(request, "sustain/public/point.html", context)


def point_poster(request: HttpRequest, key: str) -> HttpResponse:
    """An A4 poster to stick on the bin: materials with bin colours, hours, a QR code."""
    point = pointpages.public_point(key)
    if point is None:
        return _missing(request, key)
    details = pointpages.point_details(point)
    url = request.build_absolute_uri(reverse("point", args=[details.key]))
    summary = public_summary()
    context = {
        "details": details,
        "url": url,
        "qr": pointpages.qr_svg(url),
        "place_name": _place_name(summary),
        "demo": bool(summary.municipality and summary.municipality.demo_data),
    }
    return render(request, "sustain/public/poster.html", context)


def achievements_page(request: HttpRequest) -> HttpResponse:
    """Headline figures, trends, buy-back prices and the published reports."""
    thai = translation.get_language() != "en"
    months = achievements.recycled_kg_by_month()
    years = achievements.kwp_added_by_fiscal_year()
    month_bars = [
        (month_label(m.year, m.month, thai=thai, short_year=True).split("\n")[0], kg)
        for m, kg in months
    ]
    year_bars = [(str(year_be), kwp) for year_be, kwp in years]
    first, last = months[0][0], months[-1][0]
    summary = public_summary()
    context = {
        "summary": summary,
        "place_name": _place_name(summary),
        "months_from": month_label(first.year, first.month, thai=thai),
        "months_to": month_label(last.year, last.month, thai=thai),
        "recycled_total": sum(kg for _m, kg in months),
        "recycled_chart": bar_chart_svg(
            month_bars,
            title=_("Kilograms sold to recyclers per month"),
            colour="#8a6d00",
            label_every=2,
        ),
        "recycled_rows": [(label, kg) for label, kg in month_bars],
        "kwp_total": sum(kwp for _y, kwp in years),
        "kwp_chart": bar_chart_svg(
            year_bars, title=_("Solar capacity added per fiscal year (kWp)")
        ),
        "kwp_rows": year_bars,
        "prices": achievements.buyback_prices(),
        "reports": achievements.published_reports(),
    }
    return render(request, "sustain/public/achievements.html", context)

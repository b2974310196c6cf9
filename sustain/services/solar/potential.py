"""Rooftop potential of public buildings: the resident's estimate for every roof staff assess."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from sustain.core import rooftop
from sustain.core.csvsafe import csv_cell
from sustain.models import BuildingType, InstallationStatus, RoofCandidate, SolarInstallation
from sustain.services.solar.roof_estimates import RoofQuestion, decimal_thb, roof_estimate
from sustain.services.solar.roofprofiles import roof_profile, roof_profiles
from sustain.services.solar.weathersets import weather_active

# Public buildings use their power while they are open, in the day.
PUBLIC_LOAD_SHAPE = "daytime"
ORDERS = ("kwh", "payback")


def planned_public_buildings() -> "QuerySet[SolarInstallation]":
    """Registered public buildings without panels yet (installations still planned)."""
    return SolarInstallation.objects.filter(status=InstallationStatus.PLANNED).exclude(
        building_type=BuildingType.HOUSEHOLD
    )


@dataclass(frozen=True)
class PotentialRow:
    name: str
    building_type: str
    village: str
    note: str
    candidate_id: int | None = None
    installation_id: int | None = None
    roof_area_m2: float | None = None
    tilt_deg: float | None = None
    azimuth_deg: float | None = None
    capacity_kwp: float | None = None
    annual_kwh: float | None = None
    self_share_pct: float | None = None
    savings_thb: int | None = None
    install_cost_thb: int | None = None
    payback_years: float | None = None
    lifetime_net_thb: int | None = None
    co2e_kg: float | None = None


def _row(candidate: RoofCandidate) -> PotentialRow:
    capacity = rooftop.kwp_from_area(candidate.roof_area_m2)

    def row(note: str, **figures: float | None) -> PotentialRow:
        return PotentialRow(
            name=candidate.name,
            building_type=str(BuildingType(candidate.building_type).label),
            village=str(candidate.village) if candidate.village else "",
            note=note,
            candidate_id=candidate.pk,
            installation_id=candidate.installation_id,
            roof_area_m2=candidate.roof_area_m2,
            tilt_deg=candidate.tilt_deg,
            azimuth_deg=candidate.azimuth_deg,
            capacity_kwp=capacity,
            **figures,  # type: ignore[arg-type]
        )

    if candidate.monthly_use_kwh is None:
        profile = roof_profile(tilt_deg=candidate.tilt_deg, azimuth_deg=candidate.azimuth_deg)
        return row(
            _("Enter the building's electricity use to see savings and payback."),
            annual_kwh=round(capacity * profile.annual_kwh_per_kwp),
        )
    try:
        answer = roof_estimate(
            question=RoofQuestion(
                tilt_deg=candidate.tilt_deg,
                azimuth_deg=candidate.azimuth_deg,
                load_shape=PUBLIC_LOAD_SHAPE,
                roof_area_m2=candidate.roof_area_m2,
                monthly_use_kwh=candidate.monthly_use_kwh,
                schedule=candidate.tariff_schedule,
                buyback_eligible=False,
            )
        )
    except ValidationError as exc:
        return row(" ".join(exc.messages))
    e = answer.estimate
    payback = e.central.payback_years
    return row(
        _("Tariff %(schedule)s") % {"schedule": answer.schedule},
        annual_kwh=round(e.central.annual_kwh),
        self_share_pct=round(e.central.split.self_share * 100),
        savings_thb=decimal_thb(e.central.money.savings_thb),
        install_cost_thb=decimal_thb(e.costs.install_thb),
        payback_years=round(payback, 1) if payback is not None else None,
        lifetime_net_thb=decimal_thb(e.lifetime_net_thb),
        co2e_kg=round(e.co2e_kg_per_year),
    )


def rooftop_potential(*, order: str = "kwh") -> list[PotentialRow]:
    """Every assessed roof with its estimate, then registered buildings still to assess.

    ``order``: ``kwh`` (most energy first) or ``payback`` (quickest first); rows without the
    figure go last.
    """
    candidates = list(RoofCandidate.objects.select_related("village"))
    if candidates:
        # One pass of the PV chain for every orientation not yet cached.
        roof_profiles(
            orientations=[(c.tilt_deg, c.azimuth_deg) for c in candidates],
            dataset=weather_active(),
        )
    rows = [_row(c) for c in candidates]
    if order == "payback":
        rows.sort(key=lambda r: (r.payback_years is None, r.payback_years or 0, r.name))
    else:
        rows.sort(key=lambda r: (r.annual_kwh is None, -(r.annual_kwh or 0), r.name))
    assessed = {c.installation_id for c in candidates if c.installation_id}
    for building in planned_public_buildings().select_related("village"):
        if building.pk in assessed:
            continue
        rows.append(
            PotentialRow(
                name=building.name,
                building_type=str(BuildingType(building.building_type).label),
                village=str(building.village) if building.village else "",
                installation_id=building.pk,
                note=_("Enter the roof area and orientation."),
            )
        )
    return rows


def potential_table(rows: list[PotentialRow]) -> tuple[list[str], list[list[object]]]:
    headers = [
        _("rank"), _("name"), _("building type"), _("village"), _("roof area (m²)"),
        _("tilt (°)"), _("azimuth (°)"), "kWp", _("kWh per year"), _("used in the building (%)"),
        _("savings per year (THB)"), _("installed cost (THB)"), _("payback (years)"),
        _("25-year net (THB)"), _("CO2e avoided per year (kg)"), _("note"),
    ]  # fmt: skip
    body: list[list[object]] = []
    for i, r in enumerate(rows, start=1):
        rank = i if r.annual_kwh is not None else None
        body.append(
            [rank, r.name, r.building_type, r.village, r.roof_area_m2, r.tilt_deg, r.azimuth_deg,
             r.capacity_kwp, r.annual_kwh, r.self_share_pct, r.savings_thb, r.install_cost_thb,
             r.payback_years, r.lifetime_net_thb, r.co2e_kg, r.note]
        )  # fmt: skip
    return headers, body


def potential_csv(rows: list[PotentialRow]) -> bytes:
    headers, body = potential_table(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([[csv_cell(v) for v in line] for line in body])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel then reads Thai


def potential_xlsx(rows: list[PotentialRow]) -> bytes:
    headers, body = potential_table(rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Rooftop potential")[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in body:
        sheet.append([csv_cell(v) for v in line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

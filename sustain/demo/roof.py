"""Demo roofs staff assessed and residents' requests for advice (all fictional, "สาธิต")."""

import math
import uuid
from typing import Any

from sustain.core import geo
from sustain.models import BuildingType, Municipality, RoofCandidate, Village
from sustain.services.solar import leads
from sustain.services.solar.roof_estimates import RoofQuestion, roof_estimate
from sustain.services.solar.roof_present import answer_summary
from sustain.services.solar.roofprofiles import DIRECTIONS_DEG, PITCH_TILT_DEG

# name, building type, moo, roof m², tilt, azimuth, kWh a month (None: not known yet)
DEMO_ROOFS = [
    ("โรงเรียนสาธิตบ้านชวา (อาคาร 2)", BuildingType.SCHOOL, 3, 420, 10, 180, 2600),
    ("วัดสาธิตสันทรายมูล (ศาลาการเปรียญ)", BuildingType.TEMPLE, 1, 260, 25, 135, 900),
    ("โรงพยาบาลส่งเสริมสุขภาพตำบลสาธิต", BuildingType.HEALTH_CENTRE, 2, 180, 15, 225, 3100),
    ("ศูนย์พัฒนาเด็กเล็กสาธิต", BuildingType.GOVERNMENT, 4, 140, 5, 90, 700),
    ("อาคารอเนกประสงค์สาธิต หมู่ 5", BuildingType.GOVERNMENT, 5, 300, 15, 270, None),
]
# name, phone, moo, metres north and east of the reference point, what the resident answered
DEMO_LEADS: list[tuple[str, str, int, tuple[float, float], dict[str, Any]]] = [
    ("สาธิต ใจดี", "0810000001", 2, (350, -420),
     {"direction": "S", "pitch": "gentle", "use_time": "daytime", "bill_thb": 1800.0}),
    ("สาธิต มีสุข", "0810000002", 3, (-900, 650),
     {"direction": "SW", "pitch": "steep", "use_time": "evening", "area_m2": 35.0,
      "kwh_month": 420.0}),
    ("สาธิต รักษ์โลก", "0810000003", 5, (1500, 1200),
     {"direction": "E", "pitch": "flat", "use_time": "both", "kwp": 3.0, "bill_thb": 950.0}),
]  # fmt: skip
_M_PER_DEG = math.pi * geo.EARTH_RADIUS_M / 180


def _question(answers: dict[str, Any]) -> RoofQuestion:
    return RoofQuestion(
        tilt_deg=PITCH_TILT_DEG[answers["pitch"]],
        azimuth_deg=DIRECTIONS_DEG[answers["direction"]],
        load_shape=answers["use_time"],
        capacity_kwp=answers.get("kwp"),
        roof_area_m2=answers.get("area_m2"),
        monthly_use_kwh=answers.get("kwh_month"),
        monthly_bill_thb=answers.get("bill_thb"),
    )


def demo_roofs_and_leads(municipality: Municipality) -> tuple[int, int]:
    """Five assessed public roofs (one without its use yet) and three requests for advice."""
    villages = {v.moo: v for v in Village.objects.all()}
    for name, kind, moo, area, tilt, azimuth, use in DEMO_ROOFS:
        RoofCandidate.objects.create(
            name=name, building_type=kind, village=villages.get(moo), roof_area_m2=area,
            tilt_deg=tilt, azimuth_deg=azimuth, monthly_use_kwh=use,
        )  # fmt: skip
    lat0, lon0 = municipality.reference_latitude, municipality.reference_longitude
    for name, phone, moo, (north_m, east_m), answers in DEMO_LEADS:
        question = _question(answers)
        leads.lead_create(
            request_key=uuid.uuid4(),
            name=name,
            phone=phone,
            village=villages.get(moo),
            latitude=lat0 + north_m / _M_PER_DEG,
            longitude=lon0 + east_m / (_M_PER_DEG * math.cos(math.radians(lat0))),
            inputs={
                **answers,
                "tilt_deg": question.tilt_deg,
                "azimuth_deg": question.azimuth_deg,
            },
            summary=answer_summary(roof_estimate(question=question)),
            consent_text="(demo)",
            language="th",
        )
    return len(DEMO_ROOFS), len(DEMO_LEADS)

"""One rooftop solar estimate for a roof and a household or building: the page's and staff's."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sustain.core import rooftop, tariff
from sustain.core.accounting import Factor
from sustain.models import WeatherDataset
from sustain.services import factors
from sustain.services.solar import tariffs
from sustain.services.solar.roofprofiles import roof_profile
from sustain.services.solar.weathersets import weather_applied

SCHEDULE_AUTO = "auto"
# PEA puts a house on 1.1 while it uses up to 150 kWh a month, on 1.2 above.
SCHEDULE_1_1_LIMIT_KWH = 150.0
GRID_FACTOR_KEY = "grid_electricity"


@dataclass(frozen=True)
class RoofQuestion:
    """What is asked: the roof, the system size (or how to size it) and the electricity use.

    Size: ``capacity_kwp``, else ``roof_area_m2`` (at ``rooftop.ROOF_M2_PER_KWP``), else sized for
    the use (``rooftop.kwp_for_use``). Use: ``monthly_use_kwh``, else ``monthly_bill_thb`` turned
    into kWh under the schedule (``auto``: 1.1 up to 150 kWh a month, 1.2 above).
    """

    tilt_deg: float
    azimuth_deg: float
    load_shape: str
    capacity_kwp: float | None = None
    roof_area_m2: float | None = None
    monthly_use_kwh: float | None = None
    monthly_bill_thb: float | None = None
    schedule: str = SCHEDULE_AUTO
    buyback_eligible: bool = True  # the residential programme: households only


@dataclass(frozen=True)
class RoofAnswer:
    question: RoofQuestion
    capacity_kwp: float
    sized_by: str  # "kwp", "area" or "use"
    monthly_use_kwh: float
    schedule: str
    estimate: rooftop.HouseholdEstimate
    weather: WeatherDataset
    today: dt.date
    factor: Factor | None
    prices: tuple[tariffs.PriceRow, ...] = field(default=())
    above_buyback_cap: bool = False


def _use_from_bill(*, bill_thb: float, schedule: str, today: dt.date) -> tuple[float, str]:
    """The monthly use whose bill (this month's rows) is ``bill_thb``, and its schedule."""

    def invert(code: str) -> float:
        month = tariffs.year_prices(schedule=code, today=today).months[today.month - 1]
        try:
            return tariff.kwh_for_bill(
                total_thb=bill_thb, schedule=month.schedule, ft_thb_per_kwh=month.ft_thb_per_kwh
            )
        except ValueError:
            minimum = tariff.minimum_bill_thb(month.schedule)
            raise ValidationError(
                {
                    "bill_thb": _(
                        "A monthly bill of %(bill)s baht is below the service charge of schedule "
                        "%(schedule)s (%(minimum)s baht with VAT)."
                    )
                    % {"bill": f"{bill_thb:,.2f}", "schedule": code, "minimum": minimum}
                }
            ) from None

    if schedule != SCHEDULE_AUTO:
        return invert(schedule), schedule
    kwh = invert("1.1")
    if kwh <= SCHEDULE_1_1_LIMIT_KWH:
        return kwh, "1.1"
    return invert("1.2"), "1.2"


def _schedule_for_use(kwh: float, schedule: str) -> str:
    if schedule != SCHEDULE_AUTO:
        return schedule
    return "1.1" if kwh <= SCHEDULE_1_1_LIMIT_KWH else "1.2"


def roof_estimate(*, question: RoofQuestion, today: dt.date | None = None) -> RoofAnswer:
    """Energy, bills, savings, costs, payback, 25 years and CO2e for one roof.

    Raises ``ValidationError`` keyed by the input at fault (``bill_thb``, ``schedule``) or
    without a field when the stored rows cannot price it (no cost row for the size).
    """
    today = today or timezone.localdate()
    dataset = weather_applied()
    profile = roof_profile(
        tilt_deg=question.tilt_deg, azimuth_deg=question.azimuth_deg, dataset=dataset
    )
    if question.monthly_use_kwh is not None:
        use_kwh = float(question.monthly_use_kwh)
        schedule = _schedule_for_use(use_kwh, question.schedule)
    elif question.monthly_bill_thb is not None:
        use_kwh, schedule = _use_from_bill(
            bill_thb=float(question.monthly_bill_thb),
            schedule=question.schedule,
            today=today,
        )
    else:
        raise ValidationError({"kwh_month": _("Give the monthly bill or the kWh from the bill.")})
    year = tariffs.year_prices(schedule=schedule, today=today)
    buyback, buyback_row = (
        tariffs.buyback_on(day=today) if question.buyback_eligible else (None, None)
    )
    if question.capacity_kwp is not None:
        capacity, sized_by = float(question.capacity_kwp), "kwp"
    elif question.roof_area_m2 is not None:
        capacity, sized_by = rooftop.kwp_from_area(float(question.roof_area_m2)), "area"
    else:
        capacity = rooftop.kwp_for_use(
            profile=profile,
            monthly_use_kwh=use_kwh,
            load_shape=question.load_shape,
            max_kwp=buyback.max_kwp if buyback else None,
        )
        sized_by = "use"
    if capacity <= 0:
        raise ValidationError({"area_m2": _("The roof area holds no panels.")})
    costs, cost_rows = tariffs.costs_for(capacity_kwp=capacity, day=today)
    factor = factors.factor_on(key=GRID_FACTOR_KEY, day=today)
    estimate = rooftop.household_estimate(
        profile=profile,
        capacity_kwp=capacity,
        monthly_use_kwh=use_kwh,
        load_shape=question.load_shape,
        prices=year.months,
        buyback=buyback,
        costs=costs,
        grid_kgco2e_per_kwh=float(factor.value) if factor else 0.0,
    )
    return RoofAnswer(
        question=question,
        capacity_kwp=capacity,
        sized_by=sized_by,
        monthly_use_kwh=use_kwh,
        schedule=schedule,
        estimate=estimate,
        weather=dataset,
        today=today,
        factor=factor,
        prices=(*year.rows, *([buyback_row] if buyback_row else []), *cost_rows),
        above_buyback_cap=bool(
            buyback and buyback.max_kwp is not None and capacity > buyback.max_kwp
        ),
    )


def decimal_thb(value: Decimal) -> int:
    """Whole baht for display (savings are estimates: satang would be false precision)."""
    return int(value.quantize(Decimal(1)))

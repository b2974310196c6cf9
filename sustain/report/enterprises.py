"""Community-enterprise figures of a report period (also the staff enterprises page's)."""

from __future__ import annotations

import datetime as dt

from sustain.models import CommunityEnterprise, EnterpriseActivity
from sustain.report.period import month_starts
from sustain.report.schema import EnterpriseFigures, EnterpriseRow


def enterprise_figures(*, start: dt.date, end: dt.date) -> EnterpriseFigures:
    """Activity records whose period ends within the report period, one row per enterprise."""
    activities = {
        a.enterprise_id: a
        for a in EnterpriseActivity.objects.filter(period_end__range=(start, end)).order_by(
            "enterprise_id", "period_end"
        )
    }
    rows: list[EnterpriseRow] = []
    for enterprise in CommunityEnterprise.objects.select_related("village").prefetch_related(
        "waste_points", "solar_installations"
    ):
        activity = activities.get(enterprise.pk)
        rows.append(
            {
                "id": enterprise.pk,
                "name": enterprise.name,
                "registration_code": enterprise.registration_code,
                "activity_type": enterprise.activity_type,
                "village": enterprise.village.moo if enterprise.village else None,
                "reported": activity is not None,
                "members": activity.members if activity else enterprise.member_count,
                "revenue_thb": float(activity.revenue_thb) if activity else None,
                "jobs": activity.jobs if activity else None,
                "products_volumes": activity.products_volumes if activity else "",
                "waste_handled_kg": (
                    float(activity.waste_handled_kg)
                    if activity and activity.waste_handled_kg is not None
                    else None
                ),
                "support_received": activity.support_received if activity else "",
                "waste_points": len(enterprise.waste_points.all()),
                "installations": len(enterprise.solar_installations.all()),
                "kwp": sum(float(i.capacity_kwp) for i in enterprise.solar_installations.all()),
            }
        )
    reported = [row for row in rows if row["reported"]]
    return {
        "count": len(rows),
        "reported": len(reported),
        "members": sum(int(row["members"]) for row in reported),
        "revenue_thb": sum(float(row["revenue_thb"] or 0) for row in reported),
        "jobs": sum(int(row["jobs"] or 0) for row in reported),
        "waste_handled_kg": sum(float(row["waste_handled_kg"] or 0) for row in reported),
        "rows": rows,
        "months": len(month_starts(start, end)),
    }

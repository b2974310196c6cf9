"""The report's figures of residents' requests for solar advice (read only)."""

from __future__ import annotations

from sustain.report.period import Period
from sustain.report.schema import AdviceFigures
from sustain.services.solar.leads import leads_summary


def advice_figures(period: Period) -> AdviceFigures:
    """Requests made in the period and the installations from requests commissioned in it."""
    summary = leads_summary(start=period.start, end=period.end)
    return {
        "requests": summary.requests,
        "installations": summary.installations,
        "installed_kwp": round(float(summary.installed_kwp), 3),
    }

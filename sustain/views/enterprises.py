"""Staff page for the community enterprises: their activity and the sites they run."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sustain import permissions as perms
from sustain.report.enterprises import enterprise_figures
from sustain.views.waste import period_from_request


@perms.page_requires("sustain.view_communityenterprise")
def enterprises_overview(request: HttpRequest) -> HttpResponse:
    """Each enterprise's members, sales and sites in the period asked for."""
    period = period_from_request(request)
    figures = enterprise_figures(start=period.start, end=period.end)
    return render(
        request,
        "sustain/staff/enterprises.html",
        {"period": period, "enterprises": figures},
    )

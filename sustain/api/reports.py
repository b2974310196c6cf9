"""Annual reports: the published figures for dashboards; staff request and read every report."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from pydantic import StrictBool, StrictInt

from sustain import permissions
from sustain.api.common import Caller, Id, api_auth, caller_of, require_perms
from sustain.models import Report
from sustain.report import runs as report_runs

router = Router(tags=["reports"])

FILE_KINDS = ("pdf", "xlsx", "csv_zip", "memo_docx", "memo_pdf")


class ReportOut(Schema):
    id: int
    basis: Literal["fiscal", "calendar"]
    year_be: int
    language: Literal["th", "en"]
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    progress_pct: int
    step: str
    failure: str = Field(
        description="Why it did not finish; retry with POST /api/jobs/report/{id}/retry."
    )
    published_at: dt.datetime | None
    finished_at: dt.datetime | None
    files: dict[str, str] = Field(description="Download address of each finished file.")


class ReportFiguresOut(ReportOut):
    figures: dict[str, Any] | None = Field(
        description="The report's snapshot: callers with `view_private` get the full figures, "
        "everyone else the public figures (households named as on the public map)."
    )


class ReportIn(Schema):
    basis: Literal["fiscal", "calendar"] = "fiscal"
    year_be: StrictInt = Field(
        ge=2540, le=2700, description="Buddhist-era year (fiscal year name)."
    )
    language: Literal["th", "en"] = "th"
    thai_digits: StrictBool = False


def _sees_all_reports(caller: Caller) -> bool:
    return caller.has("sustain.view_report")


def _out(
    report: Report, *, staff: bool, figures: bool = False, private: bool = False
) -> dict[str, Any]:
    kinds = FILE_KINDS if staff else FILE_KINDS[:3]
    name = "staff-report-file" if staff else "report-file"
    data: dict[str, Any] = {
        "id": report.pk,
        "basis": report.basis,
        "year_be": report.year_be,
        "language": report.language,
        "status": report.status,
        "progress_pct": report.progress_pct,
        "step": report.step_label() if report.step else "",
        "failure": report.failure_message(),
        "published_at": report.published_at,
        "finished_at": report.finished_at,
        "files": {
            kind: reverse(name, args=[report.pk, kind]) for kind in kinds if getattr(report, kind)
        },
    }
    if figures:
        data["figures"] = report.figures if staff and private else report.public_figures
    return data


@router.get("/reports", response=list[ReportOut])
def report_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Published reports for everyone; every report for staff."""
    staff = _sees_all_reports(caller_of(request))
    reports = Report.objects.all() if staff else Report.objects.filter(published_at__isnull=False)
    return [_out(report, staff=staff) for report in reports[:200]]


@router.get("/reports/{report_id}", response=ReportFiguresOut)
def report_detail(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    caller = caller_of(request)
    staff = _sees_all_reports(caller)
    reports = Report.objects.all() if staff else Report.objects.filter(published_at__isnull=False)
    report = get_object_or_404(reports, pk=report_id)
    return _out(report, staff=staff, figures=True, private=caller.sees_private)


@router.post("/reports", response={202: ReportOut}, auth=api_auth)
def report_create(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    """Queue a report; poll ``GET /api/reports/{id}`` for its progress and files."""
    caller = require_perms(request, permissions.GENERATE_REPORT, "sustain.view_report")
    report = report_runs.report_request(actor=caller.user, **payload.dict())
    return Status(202, _out(report, staff=True))

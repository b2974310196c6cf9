"""Report pages: staff request, follow and publish reports; residents read published ones."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sustain import permissions as perms
from sustain.models import JobStatus, PeriodBasis, Report
from sustain.number_fields import LocalIntegerField
from sustain.report import runs as report_runs
from sustain.report.period import last_closed_year_be
from sustain.report.render.charts import report_charts
from sustain.report.render.files import table_csv
from sustain.report.render.page import report_context
from sustain.report.render.tables import report_tables
from sustain.report.schema import ReportFigures, figures_load
from sustain.report.vocabulary import VOCABULARY
from sustain.services.public_summary import public_summary
from sustain.storage import file_response

PUBLIC_FILES = ("pdf", "xlsx", "csv_zip")
STAFF_FILES = (*PUBLIC_FILES, "memo_docx", "memo_pdf")
FILE_LABELS = {
    "pdf": "PDF",
    "xlsx": "XLSX",
    "csv_zip": "CSV (zip)",
    "memo_docx": gettext_lazy("Memo draft (DOCX)"),
    "memo_pdf": gettext_lazy("Memo draft (PDF)"),
}


def _downloads(kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(kind, str(FILE_LABELS[kind])) for kind in kinds]


class ReportRequestForm(forms.Form):
    basis = forms.ChoiceField(label=gettext_lazy("period"), choices=PeriodBasis.choices)
    year_be = LocalIntegerField(label=gettext_lazy("year (BE)"), min_value=2540, max_value=2700)
    language = forms.ChoiceField(
        label=gettext_lazy("language"), choices=[("th", "ไทย"), ("en", "English")]
    )
    thai_digits = forms.BooleanField(label=gettext_lazy("Thai digits in the memo"), required=False)


def _charts_for(report: Report, figures: ReportFigures) -> dict[str, str]:
    """The stored charts when the page is in the report's language; drawn afresh otherwise."""
    language = translation.get_language() or "th"
    if report.charts and language == report.language:
        return dict(report.charts)
    return report_charts(figures, VOCABULARY, language=language)


def _page(report: Report, figures: ReportFigures) -> dict[str, Any]:
    return dict(report_context(figures, charts=_charts_for(report, figures), vocab=VOCABULARY))


@perms.page_requires("sustain.view_report")
def staff_reports(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        perms.check(request.user, perms.GENERATE_REPORT)
    today = timezone.localdate()
    initial = {
        "basis": PeriodBasis.FISCAL,
        "year_be": last_closed_year_be(basis=PeriodBasis.FISCAL, today=today),
        "language": translation.get_language() or "th",
    }
    form = ReportRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_runs.report_request(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("The report is being generated."))
            return redirect("staff-report", pk=report.pk)
    reports = Report.objects.all()[:50]
    running = any(r.status in (JobStatus.QUEUED, JobStatus.RUNNING) for r in reports)
    return render(
        request,
        "sustain/staff/reports.html",
        {"form": form, "reports": reports, "running": running},
        status=400 if form.errors else 200,
    )


@perms.page_requires("sustain.view_report")
def staff_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    context: dict[str, Any] = {"report": report, "files": _downloads(STAFF_FILES), "staff": True}
    # Underperforming households are named in the full figures: private.
    figures = report.figures if perms.sees_private(request.user) else report.public_figures
    if report.status == JobStatus.DONE and figures:
        context.update(_page(report, figures_load(figures)))
    return render(request, "sustain/reports/page.html", context)


@perms.page_requires(perms.PUBLISH_REPORT)
@require_POST
def staff_report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(
            request,
            _("Not published: tick “I understand that publishing cannot be undone.” first."),
        )
        return redirect("staff-report", pk=pk)
    try:
        report_runs.report_publish(report=report, actor=request.user)
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(request, _("The report is published."))
    return redirect("staff-report", pk=pk)


def _file(report: Report, kind: str, allowed: tuple[str, ...]) -> HttpResponseBase:
    if kind not in allowed:
        raise Http404
    stored = getattr(report, kind)
    # The stored name is <random folder>/<readable name>: people get the readable one.
    return file_response(
        stored, filename=stored.name.split("/")[-1], public=report.published_at is not None
    )


@perms.page_requires("sustain.view_report")
def staff_report_file(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    return _file(get_object_or_404(Report, pk=pk), kind, STAFF_FILES)


def _published(pk: int) -> Report:
    return get_object_or_404(Report, pk=pk, published_at__isnull=False, status=JobStatus.DONE)


def public_reports(request: HttpRequest) -> HttpResponse:
    reports = Report.objects.filter(published_at__isnull=False).order_by("-year_be", "basis")
    return render(
        request,
        "sustain/reports/list.html",
        {"reports": reports, "summary": public_summary()},
    )


def public_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = _published(pk)
    context: dict[str, Any] = {"report": report, "files": _downloads(PUBLIC_FILES), "staff": False}
    context.update(_page(report, figures_load(report.public_figures)))
    context.update(summary=public_summary(), table_links=True)
    return render(request, "sustain/reports/page.html", context)


def public_report_file(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    return _file(_published(pk), kind, PUBLIC_FILES)


def public_report_table(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """One table of a published report as CSV, in the page's language."""
    report = _published(pk)
    tables = {t.key: t for t in report_tables(figures_load(report.public_figures), VOCABULARY)}
    if key not in tables:
        raise Http404
    response = HttpResponse("\ufeff" + table_csv(tables[key]), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="report-{report.year_be}-{key}.csv"'
    return response

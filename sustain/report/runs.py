"""Requesting, generating (in Celery, with progress) and publishing annual reports."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sustain.models import Report
from sustain.report.figures import public_view, report_figures
from sustain.report.period import Period
from sustain.report.render.charts import report_charts
from sustain.report.render.files import report_csv_zip, report_pdf, report_xlsx
from sustain.report.render.memo import memo_build, memo_docx, memo_pdf
from sustain.report.render.page import report_context
from sustain.report.vocabulary import VOCABULARY
from sustain.services import jobs
from sustain.services.records import Actor, record_save

logger = logging.getLogger(__name__)

DEFAULT_MEMO_OFFICE = "สำนักปลัดเทศบาล"
REPORT_FILES = ["pdf", "xlsx", "csv_zip", "memo_docx", "memo_pdf"]


def report_request(
    *,
    basis: str,
    year_be: int,
    language: str = "th",
    thai_digits: bool = False,
    actor: Actor = None,
) -> Report:
    """Create a queued report and start its generation once the transaction commits."""
    report = Report(basis=basis, year_be=year_be, language=language, thai_digits=thai_digits)
    if actor is not None and getattr(actor, "is_authenticated", False):
        report.started_by = actor  # type: ignore[assignment]
    report.full_clean()
    period = Period.of(basis=basis, year_be=year_be)
    if period.start > timezone.localdate():
        raise ValidationError(
            {"year_be": _("This period has not started yet.")}, code="period_in_future"
        )
    report.save()
    jobs.job_queue(report)
    return report


def _step(report: Report, progress: int, step: str) -> None:
    jobs.job_step(report, step, progress)


def _file_name(report: Report, stem: str, extension: str) -> str:
    return f"{stem}-{report.basis}-{report.year_be}-{report.language}.{extension}"


def report_generate(*, report_id: int, claim: jobs.Claim = jobs.IN_PROCESS) -> Report:
    """Compute the snapshot and make every file; a published report is never regenerated.

    The snapshot and the files are stored in one transaction at the end: a run that fails or is
    killed leaves the report without figures or files, and a retry starts afresh.
    """
    if Report.objects.filter(pk=report_id, published_at__isnull=False).exists():
        return Report.objects.get(pk=report_id)
    with jobs.job_claimed(Report, report_id, claim=claim) as report:
        if report is not None:
            _generate(report)
    return Report.objects.get(pk=report_id)


def _generate(report: Report) -> None:
    _step(report, 5, "figures")
    figures = report_figures(basis=report.basis, year_be=report.year_be)
    public = public_view(figures)
    with translation.override(report.language):
        _step(report, 25, "charts")
        charts = report_charts(public, VOCABULARY, language=report.language)
        context = report_context(public, charts=charts, vocab=VOCABULARY)
        _step(report, 40, "pdf")
        pdf = report_pdf(context)
        _step(report, 65, "xlsx")
        xlsx = report_xlsx(context["table_list"], title=context["period_label"])
        csv_zip = report_csv_zip(context["table_list"])
    _step(report, 75, "memo")
    memo = memo_build(
        figures=public,
        vocab=VOCABULARY,
        office=DEFAULT_MEMO_OFFICE,
        reference="",
        memo_date=timezone.localdate(),
    )
    docx = memo_docx(memo, thai=report.thai_digits)
    memo_as_pdf = memo_pdf(memo, thai=report.thai_digits)
    _step(report, 90, "saving")
    with transaction.atomic():
        report.figures, report.public_figures, report.charts = figures, public, charts
        for field, stem, extension, content in (
            ("pdf", "sustain-report", "pdf", pdf),
            ("xlsx", "sustain-report", "xlsx", xlsx),
            ("csv_zip", "sustain-report-tables", "zip", csv_zip),
            ("memo_docx", "memo-draft", "docx", docx),
            ("memo_pdf", "memo-draft", "pdf", memo_as_pdf),
        ):
            getattr(report, field).save(
                _file_name(report, stem, extension), ContentFile(content), save=False
            )
        report.save(update_fields=["figures", "public_figures", "charts", *REPORT_FILES])
        jobs.job_finish(report)


def report_publish(*, report: Report, actor: Actor = None) -> Report:
    """Make a finished report public; its snapshot is then frozen."""
    report.published_at = timezone.now()
    try:
        return record_save(obj=report, actor=actor, reason="published")
    except ValidationError:
        report.published_at = None
        raise

"""The weekly e-mail to each staff member: their overdue visits, this week's, and their repairs."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from sustain.core import schedule
from sustain.models import WorkOrder
from sustain.models.workorders import CLOSED_STATUSES
from sustain.services.maintenance.due import DueItem, due_list


@dataclass(frozen=True)
class WeeklySummary:
    user_id: int
    email: str
    overdue: tuple[DueItem, ...]
    this_week: tuple[DueItem, ...]
    unassigned: int  # visits due this week or earlier that nobody is responsible for
    work_orders: tuple[WorkOrder, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.this_week or self.unassigned or self.work_orders)


def weekly_summaries(*, today: dt.date) -> list[WeeklySummary]:
    """One summary per active staff member with an e-mail address who may inspect.

    Their visits are those of the plans they are responsible for; environment staff (who may
    change plans) also hear how many due visits have nobody responsible.
    """
    listed = due_list(today=today)
    soon = listed.in_buckets(schedule.Bucket.OVERDUE, schedule.Bucket.WEEK)
    unassigned = sum(1 for item in soon if item.responsible_id is None)
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="add_inspection")
            | Q(user_permissions__codename="add_inspection")
        )
        .distinct()
        .order_by("pk")
    )
    orders = (
        WorkOrder.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(assigned_to__isnull=False)
        .select_related("waste_point", "installation")
        .order_by("opened_on", "pk")
    )
    summaries = []
    for user in users:
        if not user.has_perm("sustain.add_inspection"):
            continue
        mine = [item for item in soon if item.responsible_id == user.pk]
        summaries.append(
            WeeklySummary(
                user_id=user.pk,
                email=user.email,
                overdue=tuple(i for i in mine if i.bucket == schedule.Bucket.OVERDUE),
                this_week=tuple(i for i in mine if i.bucket == schedule.Bucket.WEEK),
                unassigned=unassigned if user.has_perm("sustain.change_maintenanceplan") else 0,
                work_orders=tuple(o for o in orders if o.assigned_to_id == user.pk),
            )
        )
    return summaries


def weekly_summary_send(*, today: dt.date) -> int:
    """Send each staff member their summary (none when they have nothing due); returns how many
    were sent. Thai, the staff's language."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for summary in weekly_summaries(today=today):
            if summary.is_empty:
                continue
            body = render_to_string(
                "sustain/email/weekly_due.txt",
                {"summary": summary, "today": today, "site_url": settings.SITE_URL.rstrip("/")},
            )
            subject = _("Maintenance visits due: %(overdue)d overdue, %(week)d this week") % {
                "overdue": len(summary.overdue),
                "week": len(summary.this_week),
            }
            sent += send_mail(subject, body, None, [summary.email])
    return sent

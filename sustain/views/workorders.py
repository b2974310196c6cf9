"""Staff pages for work orders: the list, opening one (for a site, a solar alert or a resident's
report), and following it to its end with every change kept in its history."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sustain.forms import add_record_errors
from sustain.maintenance_forms import WorkOrderNewForm, WorkOrderUpdateForm
from sustain.models import Inspection, SiteType, Village, WorkOrder, WorkOrderStatus
from sustain.models.workorders import CLOSED_STATUSES
from sustain.services.maintenance import field, workorders
from sustain.services.maintenance.due import site_filter
from sustain.views.maintenance import reading_or_404, staff_with


@staff_with("view_workorder")
def work_order_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    orders = WorkOrder.objects.select_related(
        "waste_point__village", "installation__village", "assigned_to"
    ).order_by("-opened_on", "-id")
    if status == "open":
        orders = orders.exclude(status__in=CLOSED_STATUSES)
    elif status == "closed":
        orders = orders.filter(status__in=CLOSED_STATUSES)
    elif status in WorkOrderStatus.values:
        orders = orders.filter(status=status)
    if request.GET.get("mine") == "1":
        orders = orders.filter(assigned_to=request.user.pk)
    village = request.GET.get("village", "")
    if village.isdigit() and len(village) < 10:
        orders = orders.filter(waste_point__village_id=int(village)) | orders.filter(
            installation__village_id=int(village)
        )
    return render(
        request,
        "sustain/staff/maintenance/work_orders.html",
        {
            "orders": orders[:500],
            "status": status,
            "statuses": WorkOrderStatus.choices,
            "mine": request.GET.get("mine") == "1",
            "villages": Village.objects.all(),
            "village": village,
        },
    )


def _site_from_key(key: str) -> Any:
    prefix, _sep, number = key.partition("-")
    site_type = {"wp": SiteType.WASTE_POINT, "si": SiteType.INSTALLATION}.get(prefix)
    if site_type is None or not number.isdigit() or len(number) > 10:
        raise Http404("no such site")
    site = field.site_get(site_type=site_type, site_id=int(number))
    if site is None:
        raise Http404("no such site")
    return site_type, site


@staff_with("add_workorder")
def work_order_new(request: HttpRequest) -> HttpResponse:
    """A work order for one site (``?site=wp-3``); a resident's report is copied in by staff."""
    site_type, site = _site_from_key(request.GET.get("site", ""))
    form = WorkOrderNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order, _created = workorders.work_order_open(
                data=workorders.WorkOrderIn(
                    uuid=uuid.uuid4(),
                    site_type=site_type,
                    site_id=site.pk,
                    title=data["title"],
                    description=data["description"],
                    priority=data["priority"],
                    source=data["source"],
                    resident_report=data["resident_report"],
                    out_of_service=data["out_of_service"],
                    assigned_to_id=int(data["assigned_to"]) if data["assigned_to"] else None,
                ),
                actor=request.user,
            )
        except ValidationError as exc:
            add_record_errors(form, exc)
        else:
            messages.success(request, _("Work order #%(id)s opened.") % {"id": order.pk})
            return redirect("staff-work-order", pk=order.pk)
    return render(
        request,
        "sustain/staff/maintenance/work_order_new.html",
        {"form": form, "site": site, "site_type": site_type},
        status=400 if form.errors else 200,
    )


@require_POST
@staff_with("add_workorder")
def alert_work_order(request: HttpRequest, reading_id: int) -> HttpResponse:
    """Open (or find the open) work order of a solar underperformance alert."""
    order, created = workorders.work_order_from_alert(
        reading=reading_or_404(reading_id), actor=request.user
    )
    if created:
        messages.success(request, _("Work order #%(id)s opened.") % {"id": order.pk})
    return redirect("staff-work-order", pk=order.pk)


def _history(order: WorkOrder) -> list[dict[str, Any]]:
    """Every recorded change: when, who, and each field's old and new value."""
    names = {f.name: str(f.verbose_name) for f in WorkOrder._meta.fields}
    rows = []
    for record in order.history.select_related("history_user").order_by("history_id"):
        previous = record.prev_record
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["updated_at"])
            changes = [
                {"field": names.get(c.field, c.field), "old": c.old, "new": c.new}
                for c in delta.changes
            ]
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "created": previous is None,
                "changes": changes,
                "reason": record.history_change_reason or "",
            }
        )
    return rows


@staff_with("view_workorder")
def work_order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(
        WorkOrder.objects.select_related(
            "waste_point", "installation", "assigned_to", "opened_by", "source_inspection",
            "closed_by_inspection", "source_reading", "replacement",
        ),
        pk=pk,
    )  # fmt: skip
    site = order.site
    assert site is not None
    inspections = list(Inspection.objects.filter(site_filter(site)).order_by("-inspected_at")[:50])
    can_change = request.user.has_perm("sustain.change_workorder")
    can_set_cost = request.user.has_perm(workorders.COST_PERMISSION)
    initial = {
        "status": order.status,
        "priority": order.priority,
        "assigned_to": order.assigned_to_id or "",
        "cost_thb": order.cost_thb,
        "budget_line": order.budget_line,
        "closed_on": order.closed_on,
        "closed_by_inspection": order.closed_by_inspection_id or "",
        "replacement": order.replacement_id or "",
        "out_of_service": order.out_of_service,
    }
    form = WorkOrderUpdateForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        inspections=inspections,
        can_set_cost=can_set_cost,
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            changes = {
                "status": data["status"],
                "priority": data["priority"],
                "assigned_to_id": int(data["assigned_to"]) if data["assigned_to"] else None,
                "budget_line": data["budget_line"],
                "closed_on": data["closed_on"],
                "closed_by_inspection_id": int(data["closed_by_inspection"] or 0) or None,
                "replacement_id": int(data["replacement"] or 0) or None,
                "out_of_service": data["out_of_service"],
            }
            if can_set_cost:
                changes["cost_thb"] = data["cost_thb"]
            try:
                workorders.work_order_update(order=order, changes=changes, actor=request.user)
            except ValidationError as exc:
                add_record_errors(form, exc)
            else:
                messages.success(request, _("Work order saved."))
                return redirect("staff-work-order", pk=order.pk)
    return render(
        request,
        "sustain/staff/maintenance/work_order.html",
        {
            "order": order,
            "site": site,
            "form": form,
            "can_change": can_change,
            "history": _history(order),
        },
        status=400 if form.errors else 200,
    )

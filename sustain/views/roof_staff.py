"""Staff pages: residents' requests for advice (private) and the rooftop potential of buildings."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sustain import permissions as perms
from sustain.forms import add_record_errors
from sustain.roof_forms import CandidateForm
from sustain.services.records import record_save
from sustain.services.solar import leads, potential
from sustain.services.solar.roof_present import day_text


def _require_leads(request: HttpRequest) -> None:
    if not leads.can_view_leads(request.user):
        raise PermissionDenied(_("Advice requests are personal data: you need permission."))


@perms.page_requires("sustain.view_lead", perms.VIEW_PRIVATE)
@never_cache
def leads_list(request: HttpRequest) -> HttpResponse:
    """Requests within their retention, newest first; status changes for permitted staff."""
    _require_leads(request)
    rows = [
        {"lead": lead, "deleted_on": day_text(leads.lead_deleted_on(lead))}
        for lead in leads.leads_current()
    ]
    return render(
        request,
        "sustain/staff/leads.html",
        {
            "rows": rows,
            "can_change": leads.can_change_leads(request.user),
            "can_delete": leads.can_delete_leads(request.user),
            "can_install": request.user.has_perm("sustain.add_solarinstallation"),
            "retention_days": settings.LEAD_RETENTION_DAYS,
        },
    )


@require_POST
@perms.page_requires("sustain.view_lead", perms.VIEW_PRIVATE)
def lead_action(request: HttpRequest, pk: int) -> HttpResponse:
    _require_leads(request)
    lead = get_object_or_404(leads.leads_current(), pk=pk)
    action = request.POST.get("action", "")
    if action == "contacted" and leads.can_change_leads(request.user):
        leads.lead_mark_contacted(lead=lead, actor=request.user)
        messages.success(request, _("Request #%(id)s marked contacted.") % {"id": lead.pk})
    elif (
        action == "installed"
        and leads.can_change_leads(request.user)
        and request.user.has_perm("sustain.add_solarinstallation")
    ):
        try:
            installation = leads.lead_install(lead=lead, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Request #%(id)s is now solar installation “%(name)s”.")
                % {"id": lead.pk, "name": installation.name},
            )
    elif action == "delete" and leads.can_delete_leads(request.user):
        leads.lead_delete(lead=lead)
        messages.success(request, _("Request #%(id)s deleted.") % {"id": pk})
    else:
        raise PermissionDenied(_("You may not do this with advice requests."))
    return redirect("staff-leads")


@perms.page_requires("sustain.view_lead", perms.VIEW_PRIVATE)
@never_cache
def leads_geojson(request: HttpRequest) -> JsonResponse:
    """The staff map's layer of requests (exact homes: permitted staff only)."""
    _require_leads(request)
    features = [
        {
            "type": "Feature",
            "id": lead.pk,
            "geometry": {
                "type": "Point",
                "coordinates": [round(lead.longitude, 6), round(lead.latitude, 6)],
            },
            "properties": {
                "name": lead.name,
                "phone": lead.phone,
                "status": lead.get_status_display(),
                "kwp": lead.summary.get("capacity_kwp"),
                "received": day_text(lead.created_at.date()),
                "url": reverse("staff-leads") + f"#lead-{lead.pk}",
            },
        }
        for lead in leads.leads_current()
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@perms.page_requires("sustain.view_roofcandidate")
def rooftop_potential(request: HttpRequest) -> HttpResponse:
    """Every assessed public roof ranked by energy or payback; CSV/XLSX for the budget plan."""
    order = request.GET.get("order", "kwh")
    order = order if order in potential.ORDERS else "kwh"
    form = CandidateForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("sustain.add_roofcandidate"):
            raise PermissionDenied
        if form.is_valid():
            try:
                record_save(obj=form.instance, actor=request.user)
            except ValidationError as exc:
                add_record_errors(form, exc)
            else:
                messages.success(request, _("Saved “%(name)s”.") % {"name": form.instance.name})
                return redirect(reverse("staff-potential") + f"?order={order}")
    rows = potential.rooftop_potential(order=order)
    kind = request.GET.get("format")
    if kind == "csv":
        response = HttpResponse(potential.potential_csv(rows), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="rooftop-potential.csv"'
        return response
    if kind == "xlsx":
        response = HttpResponse(
            potential.potential_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="rooftop-potential.xlsx"'
        return response
    return render(
        request,
        "sustain/staff/potential.html",
        {"rows": rows, "order": order, "form": form},
        status=400 if form.errors else 200,
    )

"""Staff pages for GIS imports: upload, follow the dry run, commit, download refused rows."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from sustain import permissions as perms
from sustain.models import ImportJob, ImportMode, ImportTarget, JobStatus
from sustain.services.gis import jobs as gis_jobs
from sustain.services.records import Conflict
from sustain.storage import file_response

OUTCOME_ROWS_SHOWN = 500
GEOMETRY_LABELS = {
    "Point": pgettext_lazy("geometry", "points"),
    "MultiPoint": pgettext_lazy("geometry", "multi-points"),
    "LineString": pgettext_lazy("geometry", "lines"),
    "MultiLineString": pgettext_lazy("geometry", "multi-lines"),
    "Polygon": pgettext_lazy("geometry", "polygons"),
    "MultiPolygon": pgettext_lazy("geometry", "multi-polygons"),
    "GeometryCollection": pgettext_lazy("geometry", "geometry collections"),
}


class ImportForm(forms.Form):
    target = forms.ChoiceField(label=gettext_lazy("import into"), choices=ImportTarget.choices)
    file = forms.FileField(
        label=gettext_lazy("file"),
        help_text=gettext_lazy("GeoPackage, GeoJSON, zipped Shapefile, KML, CSV or XLSX"),
    )
    crs = forms.CharField(
        label=gettext_lazy("coordinate system (EPSG)"), required=False, max_length=60,
        help_text=gettext_lazy("Only when the file does not say, e.g. 32647 for UTM zone 47N."),
    )  # fmt: skip
    mapping = forms.CharField(
        label=gettext_lazy("column mapping (optional)"), required=False, max_length=2000,
        help_text=gettext_lazy(
            'JSON, e.g. {"capacity_kwp": "ขนาด"}; Thai and English headers are recognised. '
            '"@layer" is the KML folder or GeoPackage layer, e.g. {"kind": "@layer"}.'
        ),
    )  # fmt: skip
    polygons_as_points = forms.BooleanField(
        label=gettext_lazy("Import polygons at their representative point"), required=False
    )

    def clean_mapping(self) -> dict[str, str] | None:
        return _mapping_of(self.cleaned_data["mapping"])


def _mapping_of(text: str) -> dict[str, str] | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise forms.ValidationError(_("Give a JSON object of field: column.")) from None
    if not isinstance(value, dict):
        raise forms.ValidationError(_("Give a JSON object of field: column."))
    return value


class OptionsForm(forms.Form):
    """After the dry run: which layers to import, polygons as points, the mapping."""

    layers = forms.MultipleChoiceField(
        label=gettext_lazy("layers"), required=False, widget=forms.CheckboxSelectMultiple
    )
    polygons_as_points = forms.BooleanField(
        label=gettext_lazy("Import polygons at their representative point"), required=False
    )
    mapping = forms.CharField(
        label=gettext_lazy("column mapping (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args: object, layer_names: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["layers"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(name, name) for name in layer_names]

    def clean_mapping(self) -> dict[str, str] | None:
        return _mapping_of(self.cleaned_data["mapping"])


@perms.page_requires("sustain.view_importjob")
def import_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        perms.check(request.user, perms.IMPORT_GIS)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        perms.check(request.user, *perms.import_perms(form.cleaned_data["target"]))
        upload = form.cleaned_data["file"]
        try:
            job = gis_jobs.job_start(
                target=form.cleaned_data["target"], upload=upload, filename=upload.name,
                crs=form.cleaned_data["crs"], mapping=form.cleaned_data["mapping"],
                actor=request.user, polygons_as_points=form.cleaned_data["polygons_as_points"],
            )  # fmt: skip
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            return redirect("staff-import", pk=job.pk)
    jobs = ImportJob.objects.all()[:30]
    return render(
        request,
        "sustain/staff/imports.html",
        {"form": form, "jobs": jobs},
        status=400 if form.errors else 200,
    )


def _options_form(job: ImportJob, data: object = None) -> OptionsForm:
    layers = (job.result or {}).get("layers", [])
    return OptionsForm(
        data,
        layer_names=[layer["name"] for layer in layers],
        initial={
            "layers": job.layers or [layer["name"] for layer in layers],
            "polygons_as_points": job.polygons_as_points,
            "mapping": json.dumps(job.mapping, ensure_ascii=False) if job.mapping else "",
        },
    )


@perms.page_requires("sustain.view_importjob", perms.VIEW_PRIVATE)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    result = job.result or {}
    rows = result.get("rows", [])
    return render(
        request,
        "sustain/staff/import.html",
        {
            "job": job,
            "options": _options_form(job),
            "layers": [
                {
                    **layer,
                    "kinds": ", ".join(
                        str(GEOMETRY_LABELS.get(k, k)) for k in layer["geometry_types"]
                    ),
                }
                for layer in result.get("layers", [])
            ],
            "result": result,
            "rows": [r for r in rows if r["action"] != "unchanged" or r["warnings"]][
                :OUTCOME_ROWS_SHOWN
            ],
            "running": job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        },
    )


@perms.page_requires(perms.IMPORT_GIS)
@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    perms.check(request.user, *perms.import_perms(job.target))
    mode = request.POST.get("mode", ImportMode.ALL_OR_NOTHING)
    if mode not in ImportMode.values:
        raise Http404
    try:
        gis_jobs.job_commit_request(
            job=job, mode=mode, accept_far=request.POST.get("accept_far") == "1"
        )
    except Conflict as conflict:  # a double click, or a colleague committing the same file
        messages.error(request, conflict.message)
    return redirect("staff-import", pk=pk)


@require_POST
@perms.page_requires(perms.IMPORT_GIS)
def import_options(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the file again with the layers, polygon handling and mapping staff chose."""
    job = get_object_or_404(ImportJob, pk=pk)
    perms.check(request.user, *perms.import_perms(job.target))
    form = _options_form(job, request.POST)
    if not form.is_valid():
        for text in form.errors.as_data().values():
            for error in text:
                messages.error(request, " ".join(error.messages))
        return redirect("staff-import", pk=pk)
    chosen: list[str] = form.cleaned_data["layers"]
    names = [layer["name"] for layer in (job.result or {}).get("layers", [])]
    try:
        gis_jobs.job_options_set(
            job=job, layers=[] if set(chosen) == set(names) else chosen,
            polygons_as_points=form.cleaned_data["polygons_as_points"],
            mapping=form.cleaned_data["mapping"],
        )  # fmt: skip
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    return redirect("staff-import", pk=pk)


@perms.page_requires("sustain.view_importjob", perms.VIEW_PRIVATE)
def import_refused(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = get_object_or_404(ImportJob, pk=pk)
    return file_response(job.refused_file, filename=f"refused-{pk}.csv")

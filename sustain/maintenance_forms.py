"""Forms of the maintenance pages: opening and updating work orders."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sustain.forms import EraDateField
from sustain.models import (
    BudgetLine,
    Inspection,
    Priority,
    ReplacementRule,
    WorkOrderSource,
    WorkOrderStatus,
)
from sustain.number_fields import LocalDecimalField
from sustain.templatetags.thai import era_date


def _staff_choices() -> list[tuple[str, str]]:
    users = get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")
    return [("", "—")] + [(str(u.pk), u.get_full_name() or u.get_username()) for u in users]


class WorkOrderNewForm(forms.Form):
    title = forms.CharField(label=_("work to do"), max_length=200)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea)
    priority = forms.ChoiceField(label=_("priority"), choices=Priority.choices, initial="normal")
    source = forms.ChoiceField(
        label=_("opened from"),
        choices=[
            (WorkOrderSource.STAFF, WorkOrderSource.STAFF.label),
            (WorkOrderSource.RESIDENT_REPORT, WorkOrderSource.RESIDENT_REPORT.label),
        ],
    )
    resident_report = forms.CharField(
        label=_("resident's report"),
        max_length=500,
        required=False,
        help_text=_("Copied by staff, e.g. the Traffy Fondue ticket and what the resident said."),
    )
    out_of_service = forms.BooleanField(label=_("site out of service"), required=False)
    assigned_to = forms.ChoiceField(label=_("assigned to"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = _staff_choices()  # type: ignore[attr-defined]


class WorkOrderUpdateForm(forms.Form):
    """Status, priority, assignee, cost and how it was closed; the cost only for those allowed."""

    status = forms.ChoiceField(label=_("status"), choices=WorkOrderStatus.choices)
    priority = forms.ChoiceField(label=_("priority"), choices=Priority.choices)
    assigned_to = forms.ChoiceField(label=_("assigned to"), required=False)
    cost_thb = LocalDecimalField(
        label=_("cost (THB)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    budget_line = forms.ChoiceField(label=_("budget line"), choices=BudgetLine.choices)
    closed_on = EraDateField(label=_("closed on"), required=False)
    closed_by_inspection = forms.ChoiceField(label=_("inspection that closed it"), required=False)
    replacement = forms.ChoiceField(label=_("replaces (planned replacement)"), required=False)
    out_of_service = forms.BooleanField(label=_("site out of service"), required=False)

    def __init__(
        self, *args: Any, inspections: list[Inspection], can_set_cost: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = _staff_choices()  # type: ignore[attr-defined]
        self.fields["closed_by_inspection"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(i.pk), f"{era_date(i.inspected_on)} · {i.inspector}") for i in inspections
        ]
        self.fields["replacement"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(r.pk), r.name_th) for r in ReplacementRule.objects.filter(active=True)
        ]
        if not can_set_cost:
            self.fields["cost_thb"].disabled = True
            self.fields["cost_thb"].help_text = _("Only environment staff set costs.")

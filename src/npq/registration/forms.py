"""Forms on the Department's registration pages: a review entry and a funded-place cap."""

from typing import Any

from django import forms

from npq.core.forms import Form, ModelChoice
from npq.reference.models import Cohort, Course, LeadProvider
from npq.registration.models import ReviewEntry

PLACES_FORMAT = "Enter the number of funded places as a whole number, like 120"


class ReviewEntryForm(Form):
    kind = forms.ChoiceField(
        choices=[
            (ReviewEntry.Kind.NOTE, "A note"),
            (ReviewEntry.Kind.INFORMATION_REQUESTED, "A request for more information"),
            (ReviewEntry.Kind.DECISION, "A decision on funding"),
        ],
        error_messages={"required": "Select what you are adding", "invalid_choice": "Select what you are adding"},
    )
    funded = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        required=False,
        error_messages={"invalid_choice": "Select whether the person is eligible for funding"},
    )
    text = forms.CharField(widget=forms.Textarea, error_messages={"required": "Enter a message for the person"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ReviewEntry.Kind.DECISION and not data.get("funded"):
            self.add_error("funded", "Select whether the person is eligible for funding")
        return data

    @property
    def funded_answer(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("funded", ""))


class FundedPlaceCapForm(Form):
    lead_provider = ModelChoice(
        queryset=LeadProvider.objects.order_by("name"),
        empty_label=None,
        error_messages={"required": "Select a lead provider", "invalid_choice": "Select a lead provider"},
    )
    course = ModelChoice(
        queryset=Course.objects.order_by("position"),
        empty_label=None,
        label_of=lambda c: f"{c.name} ({c.short_code})",
        error_messages={"required": "Select a course", "invalid_choice": "Select a course"},
    )
    cohort = ModelChoice(
        queryset=Cohort.objects.filter(funding=Cohort.Funding.CAPPED).order_by("-start_year", "-suffix"),
        empty_label=None,
        label_of=lambda c: c.description,
        error_messages={"required": "Select a cohort", "invalid_choice": "Select a cohort"},
    )
    places = forms.IntegerField(
        min_value=0,
        error_messages={
            "required": PLACES_FORMAT,
            "invalid": PLACES_FORMAT,
            "min_value": "The number of funded places must be 0 or more",
        },
    )

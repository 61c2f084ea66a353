"""Forms of the quality pages: errors read as the GOV.UK error summary (``npq.core.forms``)."""

import uuid
from typing import Any

from django import forms

from npq.core.forms import Form, ModelChoice
from npq.core.labels import LABELS
from npq.quality import rules
from npq.reference.models import LeadProvider

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]


def _choices(kind: str, codes: Any) -> list[tuple[str, str]]:
    return [(str(c), LABELS[kind][str(c)]) for c in codes]


def date_field(what: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a real date, like 31/03/2027"},
    )


def choice(kind: str, codes: Any, what: str, required: bool = True) -> forms.ChoiceField:
    message = f"Choose {what}"
    return forms.ChoiceField(
        choices=_choices(kind, codes),
        required=required,
        error_messages={"required": message, "invalid_choice": message},
    )


def text(what: str, required: bool = True, max_length: int | None = None) -> forms.CharField:
    return forms.CharField(required=required, max_length=max_length, error_messages={"required": f"Enter {what}"})


class InspectionForm(Form):
    lead_provider = ModelChoice(
        queryset=LeadProvider.objects.order_by("name"),
        label_of=lambda p: p.name,
        error_messages={"required": "Choose the lead provider", "invalid_choice": "Choose the lead provider"},
    )
    kind = choice("inspection_kind", rules.Kind, "the kind of inspection")
    programme = choice("quality_programme", rules.Programme, "the programme")
    starts_on = date_field("the first day of the visit")
    ends_on = date_field("the last day of the visit")


class SampleForm(Form):
    per_stratum = forms.IntegerField(
        min_value=1,
        max_value=20,
        error_messages={
            "required": "Enter how many to choose from each group",
            "invalid": "Enter a whole number from 1 to 20",
            "min_value": "Enter a whole number from 1 to 20",
            "max_value": "Enter a whole number from 1 to 20",
        },
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        error_messages={"invalid": "Enter the seed as a whole number", "min_value": "Enter the seed as a whole number"},
    )


class MeetingForm(Form):
    with_whom = choice("evidence_source", rules.MEETINGS, "who the meeting is with")
    day = date_field("the day of the meeting")
    time = forms.TimeField(
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"required": "Enter the time of the meeting", "invalid": "Enter the time like 09:30"},
    )
    where = text("where the meeting is, or how it is held", max_length=200)


class EvidenceForm(Form):
    area = choice("judgement_area", rules.Area, "the judgement area the evidence is about")
    source = choice("evidence_source", rules.Source, "where the evidence comes from")
    text = text("the evidence")
    client_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class GradeForm(Form):
    area = choice("judgement_area", rules.Area, "the judgement area")
    grade = choice("grade", rules.Grade, "a grade")


class ReportForm(Form):
    action = choice("action_judgement", rules.Action, "whether leaders are taking effective action", required=False)
    report = text("the report")
    areas = text("what the provider should do to improve (one area a line)", required=False)


class ConfirmForm(Form):
    confirm = forms.ChoiceField(
        choices=[("yes", "I confirm")],
        error_messages={"required": "Confirm to continue", "invalid_choice": "Confirm to continue"},
    )


class ResponseForm(Form):
    response = text("your response")


class ActionForm(Form):
    area = forms.ChoiceField(
        error_messages={
            "required": "Choose the area for improvement",
            "invalid_choice": "Choose the area for improvement",
        }
    )
    action = text("the action")
    owner = ModelChoice(
        queryset=None,
        label_of=lambda u: u.full_name,
        error_messages={"required": "Choose who owns the action", "invalid_choice": "Choose who owns the action"},
    )
    due_on = date_field("the date the action is due")

    def __init__(self, *args: Any, areas: list[str], owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a, a) for a in areas]  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class TemplateForm(Form):
    name = text("the template's name", max_length=200)
    criteria = text("the criteria, one a line")


class CompleteForm(Form):
    evidence = text("the evidence that the action is done")

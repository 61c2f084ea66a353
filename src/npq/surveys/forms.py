"""Django forms for answering a survey and for sending one; every message comes from the rules or
is written here, and all of a form's errors are shown at once in the GOV.UK error summary."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Q

from npq.core.forms import ModelChoice
from npq.delivery.models import DeliveryCohort
from npq.reference.models import Cohort, Course, DeliveryPartner
from npq.surveys import rules
from npq.surveys.models import Audience, Questionnaire, Trigger


class Values(forms.Field):
    """Every value posted under one name (radios, checkboxes, a box): checked by the rules, not here."""

    widget = forms.SelectMultiple

    def to_python(self, value: Any) -> list[str]:
        return [str(v) for v in value or []]


class AnswerForm(forms.Form):
    def __init__(
        self, *args: Any, specs: Sequence[rules.QuestionSpec], earlier: dict[str, tuple[str, ...]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.specs = list(specs)
        self.earlier = earlier
        self.answers: dict[str, tuple[str, ...]] = {}
        for spec in self.specs:
            self.fields[spec.key] = Values(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        posted = {s.key: data.get(s.key, []) for s in self.specs}
        self.answers, errors = rules.check_all(self.specs, posted, self.earlier)
        for key, message in errors.items():
            self.add_error(key, message)
        return data


def summary(form: forms.Form, prefix: str = "") -> list[dict[str, str]]:
    """The form's errors for the GOV.UK error summary, each linking to its field."""
    return [
        {"text": str(message), "href": f"#{prefix}{name}" if name != "__all__" else "#main-content"}
        for name, messages in form.errors.items()
        for message in messages
    ]


class DateField(forms.DateField):
    def __init__(self, label: str) -> None:
        super().__init__(
            label=label,
            input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
            error_messages={
                "required": f"Enter the {label.lower()}",
                "invalid": f"Enter the {label.lower()} as a real date, like 31/03/2027",
            },
        )


class SurveyForm(forms.Form):
    """What to send to whom and when; a provider's lists hold only its own groups."""

    questionnaire = ModelChoice(
        queryset=Questionnaire.objects.none(), error_messages={"required": "Select a questionnaire"}
    )
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the survey"})
    audience = forms.ChoiceField(choices=Audience.choices, error_messages={"required": "Select who to ask"})
    trigger = forms.ChoiceField(choices=Trigger.choices, initial=Trigger.ONCE)
    delivery_partner = ModelChoice(queryset=DeliveryPartner.objects.all(), required=False)
    course = ModelChoice(queryset=Course.objects.all(), required=False)
    cohort = ModelChoice(queryset=Cohort.objects.all(), required=False)
    delivery_cohort = ModelChoice(queryset=DeliveryCohort.objects.none(), required=False)
    emails = forms.CharField(required=False, widget=forms.Textarea, max_length=200_000)
    opens_on = DateField("Opening date")
    closes_on = DateField("Closing date")
    target_question_key = forms.CharField(required=False, max_length=60)
    target_percent = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        error_messages={"invalid": "Enter the target as a whole number from 0 to 100"},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = user.lead_provider_id if user.role == "lead_provider" else None
        own = Q(owner__isnull=True) | (Q(owner=provider) if provider else Q())
        self.fields["questionnaire"].queryset = Questionnaire.objects.filter(own)  # type: ignore[attr-defined]
        cohorts = (
            DeliveryCohort.objects.all() if provider is None else DeliveryCohort.objects.filter(lead_provider=provider)
        )
        self.fields["delivery_cohort"].queryset = cohorts  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if isinstance(opens, dt.date) and isinstance(closes, dt.date) and closes <= opens:
            self.add_error("closes_on", "The closing date must be after the opening date")
        if data.get("audience") == Audience.SCHOOL_STAFF and data.get("trigger", Trigger.ONCE) != Trigger.ONCE:
            self.add_error("trigger", "School staff are asked by open link once: select ‘Once’")
        if data.get("audience") == Audience.SCHOOL_STAFF and not self.email_list():
            self.add_error("emails", "Enter the school staff's email addresses, one a line")
        bad = [e for e in self.email_list() if "@" not in e or "." not in e.split("@")[-1]]
        if bad:
            self.add_error("emails", f"Enter email addresses in the correct format: {', '.join(bad[:3])} is not")
        questionnaire = data.get("questionnaire")
        key = data.get("target_question_key", "")
        if key and questionnaire and not questionnaire.questions.filter(key=key).exists():
            self.add_error("target_question_key", "Select a question from the chosen questionnaire")
        if key and data.get("target_percent") is None:
            self.add_error("target_percent", "Enter the target share agreeing, from 0 to 100")
        return data

    def email_list(self) -> list[str]:
        raw = str(self.data.get("emails", "")) if self.data else ""
        return [line.strip().lower() for line in raw.replace(",", "\n").splitlines() if line.strip()]

"""Forms for facilitators, observations and the provider's self-evaluation."""

from typing import Any

from django import forms

from npq.core.forms import Form, ModelChoice
from npq.quality import rules
from npq.quality.forms import choice, date_field, text
from npq.quality.models import ObservationTemplate


class FacilitatorForm(Form):
    person = ModelChoice(
        queryset=None,
        label_of=lambda u: u.full_name,
        error_messages={"required": "Choose the facilitator", "invalid_choice": "Choose the facilitator"},
    )
    trained_on = date_field("the date their training was completed", required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class ObservationForm(Form):
    """Fields ``rating_0`` ... one per criterion of the template version in use."""

    facilitator = ModelChoice(
        queryset=None,
        label_of=lambda f: f.person.full_name,
        error_messages={"required": "Choose the facilitator", "invalid_choice": "Choose the facilitator"},
    )
    session = ModelChoice(queryset=None, required=False, label_of=lambda s: f"{s.title}, {s.starts_at:%-d %B %Y}")
    recording_url = forms.URLField(
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the link to the recording, starting https://"},
    )
    observed_on = date_field("the day of the observation")
    strengths = text("the strengths")
    areas_to_develop = text("the areas to develop")
    agreed_actions = text("the actions agreed with the facilitator")
    follow_up_on = date_field("the follow-up date", required=False)

    def __init__(
        self, *args: Any, template: ObservationTemplate, facilitators: Any, sessions: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators  # type: ignore[attr-defined]
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        self.criteria = list(template.criteria)
        for i, criterion in enumerate(self.criteria):
            self.fields[f"rating_{i}"] = choice("observation_rating", rules.Rating, f"a rating for: {criterion}")

    def ratings(self) -> dict[str, rules.Rating]:
        return {str(i): rules.Rating(self.cleaned_data[f"rating_{i}"]) for i in range(len(self.criteria))}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("session") and not data.get("recording_url") and not self.errors.get("recording_url"):
            self.add_error("session", "Choose the session observed, or enter the link to its recording")
        return data


class SelfEvaluationForm(Form):
    programme = choice("quality_programme", rules.Programme, "the programme")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area in rules.Area:
            self.fields[f"grade_{area}"] = choice("grade", rules.Grade, f"your grade for {rules.AREA_WORDS[area]}")
            self.fields[f"narrative_{area}"] = text(f"your evaluation of {rules.AREA_WORDS[area]} and its evidence")

    def grades(self) -> dict[str, rules.Grade]:
        return {str(a): rules.Grade(self.cleaned_data[f"grade_{a}"]) for a in rules.Area}

    def narrative(self) -> dict[str, str]:
        return {str(a): self.cleaned_data[f"narrative_{a}"] for a in rules.Area}

"""Forms on the provider's applications and participants pages."""

from typing import Any

from django import forms

from npq.core.forms import Form
from npq.training import rules

FUNDED = [("yes", "Yes"), ("no", "No")]


def _words(code: str) -> str:
    return code.replace("-", " ").capitalize()


class AcceptForm(Form):
    schedule_identifier = forms.ChoiceField(
        required=False, error_messages={"invalid_choice": "Select a schedule for this course"}
    )
    funded_place = forms.ChoiceField(choices=FUNDED, required=False)

    def __init__(self, *args: Any, schedules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schedule_identifier"].choices = [("", "Choose for me from today's date"), *schedules]  # type: ignore[attr-defined]

    def funded(self) -> bool | None:
        value = self.cleaned_data.get("funded_place")
        return None if not value else value == "yes"


class ConfirmForm(Form):
    confirm = forms.ChoiceField(
        choices=[("yes", "Yes")], error_messages={"required": "Confirm that you want to go ahead"}
    )


class DeferForm(Form):
    reason = forms.ChoiceField(
        choices=[(r, _words(r)) for r in rules.DEFER_REASONS],
        error_messages={"required": "Select why the participant is deferring", "invalid_choice": "Select a reason"},
    )


class WithdrawForm(Form):
    reason = forms.ChoiceField(
        choices=[(r, _words(r)) for r in rules.WITHDRAW_REASONS],
        error_messages={"required": "Select why the participant is withdrawing", "invalid_choice": "Select a reason"},
    )


class ScheduleForm(Form):
    schedule_identifier = forms.ChoiceField(
        error_messages={"required": "Select the new schedule", "invalid_choice": "Select the new schedule"}
    )

    def __init__(self, *args: Any, schedules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schedule_identifier"].choices = schedules  # type: ignore[attr-defined]

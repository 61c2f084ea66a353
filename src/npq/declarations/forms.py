"""The provider's outcome form on a participant's record page (the API's outcome, on the web)."""

from django import forms

from npq.core.forms import Form

STATES = [("passed", "Passed"), ("failed", "Failed")]


class OutcomeForm(Form):
    state = forms.ChoiceField(
        choices=STATES,
        error_messages={"required": "Select passed or failed", "invalid_choice": "Select passed or failed"},
    )
    completion_date = forms.DateField(
        input_formats=["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d"],
        error_messages={
            "required": "Enter the date the participant completed the course",
            "invalid": "Enter the completion date as a real date, like 27/3/2026",
        },
    )

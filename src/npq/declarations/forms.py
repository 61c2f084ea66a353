"""The provider's CSV upload of declarations, and the outcome form on a participant's record page."""

from django import forms

from npq.core.forms import Form

MAX_BYTES = 1024 * 1024


class DeclarationsUploadForm(Form):
    file = forms.FileField(error_messages={"required": "Select a CSV file of declarations"})

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 1 MB")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload


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

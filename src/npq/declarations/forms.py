"""The provider's CSV upload of declarations."""

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

"""The confirmation on the publish page: publishing cannot be undone."""

from django import forms

from npq.core.forms import Form


class PublishForm(Form):
    confirm = forms.ChoiceField(
        choices=[("yes", "Yes, publish this version")],
        error_messages={
            "required": "Confirm that you want to publish this version",
            "invalid_choice": "Confirm that you want to publish this version",
        },
    )

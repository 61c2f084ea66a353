"""The form a DfE admin fills in to publish a release of the statistics."""

from django import forms

from npq.core.forms import Form


class ReleaseForm(Form):
    title = forms.CharField(max_length=150, error_messages={"required": "Enter a title for the release"})
    method_notes = forms.CharField(
        max_length=5000, error_messages={"required": "Enter the method notes: how the figures were produced"}
    )

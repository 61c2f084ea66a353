"""The provider's form to register a webhook address."""

from django import forms

from npq.core.forms import Form
from npq.webhooks.rules import LABELS, EventType


class EndpointForm(Form):
    url = forms.CharField(
        max_length=500, error_messages={"required": "Enter the web address to send events to"}, strip=True
    )
    events = forms.MultipleChoiceField(
        choices=[(e.value, LABELS[e]) for e in EventType],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the events to send to this address"},
    )

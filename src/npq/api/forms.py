"""The DfE page's form for a new Lead Provider API token."""

from django import forms

from npq.core.forms import Form, ModelChoice
from npq.reference.models import LeadProvider

DAYS_FORMAT = "Enter the days until it expires as a whole number from 1 to 730"


class TokenForm(Form):
    lead_provider = ModelChoice(
        queryset=LeadProvider.objects.order_by("name"),
        empty_label="Choose a lead provider",
        error_messages={
            "required": "Select the lead provider the token is for",
            "invalid_choice": "Select the lead provider the token is for",
        },
    )
    label = forms.CharField(required=False)
    expires_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=730,
        error_messages={"invalid": DAYS_FORMAT, "min_value": DAYS_FORMAT, "max_value": DAYS_FORMAT},
    )

    def clean_label(self) -> str:
        # Longer labels were cut to fit, never refused.
        return str(self.cleaned_data["label"])[:100]


class ConfirmRevokeForm(Form):
    confirm = forms.ChoiceField(
        choices=[("yes", "Yes, revoke this token")],
        error_messages={"required": "Confirm that you want to revoke the token", "invalid_choice": "Confirm"},
    )

"""Forms of the awards pages: the public check (by number or by file) and the record's filters."""

from typing import Any

from django import forms

from npq.awards.credentials import MAX_CREDENTIAL_BYTES
from npq.core.forms import Form, ModelChoice
from npq.reference.models import Cohort, Course, LeadProvider


class NumberForm(Form):
    number = forms.CharField(
        max_length=40,
        strip=True,
        error_messages={
            "required": "Enter the certificate number",
            "max_length": "Enter the certificate number as it is printed, for example 7KD2-9QXM-4ABC-DEF0",
        },
    )


class CredentialForm(Form):
    credential = forms.FileField(
        error_messages={"required": "Select the credential file", "empty": "The selected file is empty"}
    )

    def clean_credential(self) -> Any:
        upload = self.cleaned_data["credential"]
        if upload.size > MAX_CREDENTIAL_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 64KB")
        return upload


class RecordFilterForm(Form):
    cohort = ModelChoice(
        queryset=Cohort.objects.order_by("-start_year", "suffix"),
        required=False,
        empty_label="All",
        label_of=lambda c: c.description,
    )
    course = ModelChoice(
        queryset=Course.objects.filter(qualification=True).order_by("position"),
        required=False,
        empty_label="All",
        label_of=lambda c: c.name,
    )
    lead_provider = ModelChoice(
        queryset=LeadProvider.objects.order_by("name"), required=False, empty_label="All", label_of=lambda p: p.name
    )

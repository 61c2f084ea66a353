"""Forms of the awards pages: the public check (by number or by file) and the record's filters."""

from typing import Any

from django import forms

from npq.awards.credentials import MAX_CREDENTIAL_BYTES
from npq.reference.models import Cohort, Course, LeadProvider


def error_summary(form: forms.Form) -> list[dict[str, str]]:
    """Every field's first message, for the GOV.UK error summary (linking to the field)."""
    return [{"text": str(errors[0]), "href": f"#{name}"} for name, errors in form.errors.items()]


def field_errors(form: forms.Form) -> dict[str, dict[str, str]]:
    """``{field: {"text": message}}`` for the macros' ``errorMessage``."""
    return {name: {"text": str(errors[0])} for name, errors in form.errors.items()}


class NumberForm(forms.Form):
    number = forms.CharField(
        max_length=40,
        strip=True,
        error_messages={
            "required": "Enter the certificate number",
            "max_length": "Enter the certificate number as it is printed, for example 7KD2-9QXM-4ABC-DEF0",
        },
    )


class CredentialForm(forms.Form):
    credential = forms.FileField(
        error_messages={"required": "Select the credential file", "empty": "The selected file is empty"}
    )

    def clean_credential(self) -> Any:
        upload = self.cleaned_data["credential"]
        if upload.size > MAX_CREDENTIAL_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 64KB")
        return upload


class RecordFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.order_by("-start_year", "suffix"), required=False)
    course = forms.ModelChoiceField(
        queryset=Course.objects.filter(qualification=True).order_by("position"), required=False
    )
    lead_provider = forms.ModelChoiceField(queryset=LeadProvider.objects.order_by("name"), required=False)

    def items(self, name: str) -> list[dict[str, Any]]:
        """Options for ``govukSelect``, with the submitted one selected."""
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        chosen = str(self.data.get(name, ""))
        options: list[dict[str, Any]] = [{"value": "", "text": "All"}]
        options += [{"value": str(o.pk), "text": str(o), "selected": str(o.pk) == chosen} for o in field.queryset or []]
        return options

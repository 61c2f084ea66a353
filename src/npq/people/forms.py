"""Forms on the staff pages: invite, change role, confirm (de)activation, choose a password."""

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from npq.core.forms import Form, ModelChoice
from npq.core.roles import Role
from npq.people.rules import STAFF_ROLES
from npq.reference.models import DeliveryPartner, LeadProvider

ROLE_CHOICES = [(role.value, str(role.label)) for role in Role if role.value in STAFF_ROLES]


class RoleFields(Form):
    """Role and organisation, shared by the invitation and the change of role."""

    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        error_messages={"required": "Select the person's role", "invalid_choice": "Select the person's role"},
    )
    lead_provider = ModelChoice(
        queryset=LeadProvider.objects.order_by("name"),
        required=False,
        to_field_name="ecf_id",
        empty_label="None (Department or inspection staff)",
        label_of=lambda p: p.name,
        error_messages={"invalid_choice": "Select a lead provider from the list"},
    )
    delivery_partner = ModelChoice(
        queryset=DeliveryPartner.objects.order_by("name"),
        required=False,
        to_field_name="ecf_id",
        empty_label="None",
        label_of=lambda p: p.name,
        error_messages={"invalid_choice": "Select a delivery partner from the list"},
    )


class InviteForm(RoleFields):
    full_name = forms.CharField(max_length=200, error_messages={"required": "Enter the person's full name"})
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    field_order = ["full_name", "email", "role", "lead_provider", "delivery_partner"]


class ConfirmForm(Form):
    confirm = forms.ChoiceField(
        choices=[("yes", "Yes")],
        error_messages={"required": "Confirm that you want to go ahead", "invalid_choice": "Confirm"},
    )


class ChoosePasswordForm(Form):
    password = forms.CharField(widget=forms.PasswordInput, strip=False, error_messages={"required": "Enter a password"})
    password_again = forms.CharField(
        widget=forms.PasswordInput, strip=False, error_messages={"required": "Enter the password again"}
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "The two passwords are not the same")
        return data

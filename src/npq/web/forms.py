"""Sign-in forms."""

from django import forms

from npq.core.forms import Form

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
# The longest address the email standard allows, and the length of every email column.
EMAIL_LENGTH = 254
EMAIL_TOO_LONG = f"Email address must be {EMAIL_LENGTH} characters or fewer"


class SignInForm(Form):
    email = forms.CharField(
        max_length=EMAIL_LENGTH, error_messages={"required": "Enter your email address", "max_length": EMAIL_TOO_LONG}
    )
    password = forms.CharField(
        widget=forms.PasswordInput, strip=False, error_messages={"required": "Enter your password"}
    )
    next = forms.CharField(required=False)


class CodeEmailForm(Form):
    email = forms.CharField(
        max_length=EMAIL_LENGTH, error_messages={"required": EMAIL_FORMAT, "max_length": EMAIL_TOO_LONG}
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        if "@" not in email or "." not in email.split("@")[-1]:
            raise forms.ValidationError(EMAIL_FORMAT)
        return email


class CodeForm(Form):
    email = forms.CharField(required=False, max_length=EMAIL_LENGTH, error_messages={"max_length": EMAIL_TOO_LONG})
    code = forms.CharField(required=False)

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).lower()

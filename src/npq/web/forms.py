"""Sign-in forms."""

from django import forms

from npq.core.forms import Form

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


class SignInForm(Form):
    email = forms.CharField(error_messages={"required": "Enter your email address"})
    password = forms.CharField(
        widget=forms.PasswordInput, strip=False, error_messages={"required": "Enter your password"}
    )
    next = forms.CharField(required=False)


class CodeEmailForm(Form):
    email = forms.CharField(error_messages={"required": EMAIL_FORMAT})

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        if "@" not in email or "." not in email.split("@")[-1]:
            raise forms.ValidationError(EMAIL_FORMAT)
        return email


class CodeForm(Form):
    email = forms.CharField(required=False)
    code = forms.CharField(required=False)

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).lower()

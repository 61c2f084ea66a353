"""The page layer's forms: Django forms whose errors read as the GOV.UK error summary.

Field ids are the field names (``auto_id="%s"``), so an error links to ``#name`` and the GOV.UK
macros are given the same id. ``field_params`` turns a bound field into the parameters of a GOV.UK
macro (id, name, value or checked items, error message); the Jinja macros in
``web/templates/web/forms.html`` call it.
"""

from typing import Any

from django import forms

from npq.core.errors import NPQError


class GovukFormMixin:
    """Every error at once, each linking to its field; service errors added to their field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def error_list(self) -> list[dict[str, str]]:
        """The GOV.UK error summary list, in the order the fields appear on the page."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        if not form.is_bound or not form.errors:
            return []
        first = next(iter(form.fields), "")
        out = [{"text": str(message), "href": f"#{first}"} for message in form.non_field_errors()]
        for name in form.fields:
            out += [{"text": str(message), "href": f"#{name}"} for message in form.errors.get(name, [])]
        return out

    def add_service_error(self, error: NPQError) -> None:
        """Show a service's refusal beside the field it names (or above the form)."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        form.add_error(error.field if error.field in form.fields else None, error.message)


class Form(GovukFormMixin, forms.Form):
    pass


class ModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


def _value(bound: forms.BoundField) -> Any:
    value = bound.value()
    return "" if value is None else value


def field_params(bound: forms.BoundField, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Parameters for a GOV.UK macro from a bound field: ``params`` (label, hint, classes...)
    plus id, name, the submitted or initial value and the field's first error."""
    out = dict(params or {})
    out.setdefault("id", bound.auto_id or bound.html_name)
    out.setdefault("name", bound.html_name)
    if bound.errors:
        out["errorMessage"] = {"text": str(bound.errors[0])}
    choices = getattr(bound.field, "choices", None)
    if choices is None:
        # Never echo a password or a file back into the page.
        if not isinstance(bound.field.widget, forms.FileInput | forms.PasswordInput):
            out.setdefault("value", _value(bound))
        return out
    current = _value(bound)
    chosen = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
    out.setdefault(
        "items",
        [
            {"value": str(value), "text": str(text), "checked": str(value) in chosen, "selected": str(value) in chosen}
            for value, text in choices
        ],
    )
    out.setdefault("value", current)
    return out

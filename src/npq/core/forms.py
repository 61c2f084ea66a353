"""The page layer's forms: Django forms whose errors read as the GOV.UK error summary.

Field ids are the field names (``auto_id="%s"``), so an error links to ``#name`` and the GOV.UK
macros are given the same id. ``field_params`` turns a bound field into the parameters of a GOV.UK
macro (id, name, value or checked items, error message); the Jinja macros in
``web/templates/web/forms.html`` call it.
"""

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django import forms
from django.db import models
from django.http import HttpRequest

from npq.core.errors import NPQError
from npq.core.identifiers import parse_id


class GovukFormMixin:
    """Every error at once, each linking to its field; service errors added to their field.

    ``ids`` gives a field another id than its name, for two forms on one page with a field of
    the same name.
    """

    ids: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def error_list(self) -> list[dict[str, str]]:
        """The GOV.UK error summary list, in the order the fields appear on the page."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        if not form.is_bound or not form.errors:
            return []
        first = self.id_for(next(iter(form.fields), ""))
        out = [{"text": str(message), "href": f"#{first}"} for message in form.non_field_errors()]
        for name in form.fields:
            out += [{"text": str(message), "href": f"#{self.id_for(name)}"} for message in form.errors.get(name, [])]
        return out

    def id_for(self, name: str) -> str:
        return self.ids.get(name, name)

    def field_errors(self) -> dict[str, dict[str, str]]:
        """Each field's first message by its id, as a GOV.UK ``errorMessage``, for pages whose
        fields are written out by hand rather than through the macros."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        return {
            self.id_for(name): {"text": str(messages[0])}
            for name, messages in form.errors.items()
            if name in form.fields
        }

    def values(self) -> dict[str, Any]:
        """Each field's value as posted (or its initial value), '' for none, by field name."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        return {name: _value(form[name]) for name in form.fields}

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
    ids = getattr(bound.form, "ids", {})
    out.setdefault("id", ids.get(bound.name, bound.auto_id or bound.html_name))
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


F = TypeVar("F", bound=forms.BaseForm)


def bind(form_class: type[F], request: HttpRequest, **kwargs: Any) -> F:
    """The form bound to what was posted (fields and uploaded files), or unbound on GET: the one
    place pages read ``request.POST``."""
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)


class ModelChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of model rows labelled by ``label_of`` (the words a person reads, not ``str()``)."""

    def __init__(self, *args: Any, label_of: Callable[[Any], str] = str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_of = label_of

    def label_from_instance(self, obj: Any) -> str:
        return self.label_of(obj)

    def to_python(self, value: Any) -> Any:
        # A posted row id that no row can have is "not one of the choices", never a database overflow.
        pk = self.queryset.model._meta.pk if self.queryset is not None else None
        by_pk = self.to_field_name is None and isinstance(pk, models.AutoField | models.BigAutoField)
        if by_pk and value not in self.empty_values and parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

"""Forms on the assessment pages: a participant's upload, marking and agreeing marks, moderation,
and a provider's task deadlines and extensions. Staff forms check every field with the same rules
the services use, so a page shows all its problems at once."""

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from npq.assessment import extraction, rules
from npq.core import clock
from npq.core.errors import NPQError
from npq.core.forms import Form
from npq.people.models import User


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files under one name (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _read(upload: Any) -> tuple[str, bytes]:
    """A file's name and bytes, refused before it is read into memory when too large."""
    if (upload.size or 0) > extraction.MAX_BYTES:
        raise forms.ValidationError(
            f"{upload.name}: the selected file must be smaller than {extraction.MAX_BYTES // (1024 * 1024)}MB"
        )
    return upload.name or "upload", upload.read()


class SubmitForm(Form):
    document = forms.FileField(
        error_messages={
            "required": "Select your written account to upload",
            "invalid": "Select your written account to upload",
        }
    )
    annexes = MultipleFileField(required=False)

    def clean_document(self) -> tuple[str, bytes]:
        return _read(self.cleaned_data["document"])

    def clean_annexes(self) -> list[tuple[str, bytes]]:
        return [_read(f) for f in self.cleaned_data["annexes"]]


class DeclarationForm(Form):
    """The own-work declaration on the check page; the service refuses a submission without it."""

    own_work = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problem = rules.declaration_problem(bool(data.get("own_work")))
        if problem:
            self.add_error("own_work", problem)
        return data


class MarksForm(Form):
    """A band and evidence per criterion (``band-<code>``, ``evidence-<code>``); with ``agreeing``
    a moderator's reason too, and every criterion must be marked. A band posted for a criterion
    the task does not test is refused, not ignored."""

    def __init__(self, *args: Any, scheme: rules.Scheme, codes: list[str], agreeing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.scheme, self.codes, self.agreeing = scheme, codes, agreeing
        for code in codes:
            self.fields[f"band-{code}"] = forms.CharField(required=False)
            self.fields[f"evidence-{code}"] = forms.CharField(required=False, strip=False)
        if agreeing:
            self.fields["reason"] = forms.CharField(error_messages={"required": "Enter how the marks were agreed"})
        self.fields["action"] = forms.CharField(required=False)
        self.fields["confirmed"] = forms.CharField(required=False)  # set by the confirmation page

    @property
    def complete(self) -> bool:
        return self.agreeing or self.cleaned_data.get("action") == "complete"

    def marks(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        out = {c: (data[f"band-{c}"], data.get(f"evidence-{c}", "")) for c in self.codes if data.get(f"band-{c}")}
        for key, value in self.data.items():
            code = key.removeprefix("band-")
            if key.startswith("band-") and code not in self.codes and value:
                out[code] = (str(value), str(self.data.get(f"evidence-{code}", "")))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, message in rules.mark_problems(self.scheme, self.marks(), self.complete):
            self.add_error(field if field in self.fields else None, message)
        return data


class ModerationForm(Form):
    """Confirm or change one sampled result (``submission``), or release results (``action``)."""

    reason = forms.CharField(required=False)
    submission = forms.IntegerField(required=False)
    decision = forms.CharField(required=False)
    action = forms.CharField(required=False)
    confirmed = forms.CharField(required=False)  # set by the confirmation page before a release


def _when(data: dict[str, Any], name: str) -> dt.datetime | None:
    """``<name>-date`` and ``<name>-time`` as an aware datetime (the time defaults to 23:59), or
    None when the date is blank; ValueError when it is not a date and time."""
    day = data.get(f"{name}-date", "")
    if not day:
        return None
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T{data.get(f'{name}-time') or '23:59'}"))


class DeadlinesForm(Form):
    """A deadline (``deadline-date``, ``deadline-time``) and, unless ``resubmission`` is False, an
    optional resubmission deadline; the date input's id is the deadline's name."""

    ids: ClassVar[dict[str, str]] = {"deadline-date": "deadline", "resubmission-date": "resubmission"}
    labels: ClassVar[dict[str, str]] = {"deadline": "deadline", "resubmission": "resubmission deadline"}
    new = False

    def __init__(self, *args: Any, resubmission: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = ["deadline", "resubmission"] if resubmission else ["deadline"]
        for name in self.names:
            self.fields[f"{name}-date"] = forms.CharField(required=False)
            self.fields[f"{name}-time"] = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.names:
            try:
                data[name] = _when(data, name)
            except ValueError:
                data[name] = None
                self._date_error(name)
                continue
            if name == "deadline" and data[name] is None:
                self._date_error(name)
        if data.get("deadline") is not None:
            for field, message in rules.deadline_problems(
                clock.now(), data["deadline"], data.get("resubmission"), new=self.new
            ):
                self.add_error(f"{field}-date", message)
        return data

    def _date_error(self, name: str) -> None:
        label = self.labels[name]
        self.add_error(f"{name}-date", f"Enter the {label} as a date, like 2026-12-31, and a time, like 17:00")

    def add_service_error(self, error: NPQError) -> None:
        field = f"{error.field}-date" if f"{error.field}-date" in self.fields else error.field
        self.add_error(field if field in self.fields else None, error.message)


class WindowForm(DeadlinesForm):
    """Set a task (a mark scheme of the cohort's course) with its deadlines."""

    new = True

    def __init__(self, *args: Any, schemes: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schemes = {str(s.pk): s for s in schemes}
        self.fields = {"scheme": forms.CharField(required=False), **self.fields}

    def clean_scheme(self) -> Any:
        scheme = self.schemes.get(self.cleaned_data["scheme"])
        if scheme is None:
            raise forms.ValidationError("Select the task and its mark scheme")
        return scheme


class ExtensionForm(DeadlinesForm):
    """A new deadline for one member of the cohort, with the reason."""

    labels: ClassVar[dict[str, str]] = {"deadline": "new deadline"}

    def __init__(self, *args: Any, members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, resubmission=False, **kwargs)
        self.members = {str(p.pk): p for p in members}
        self.fields = {"participant": forms.CharField(required=False), **self.fields}
        self.fields["reason"] = forms.CharField(error_messages={"required": "Enter the reason for the extension"})

    def clean_participant(self) -> User:
        person = self.members.get(self.cleaned_data["participant"])
        if person is None:
            raise forms.ValidationError("Select the participant")
        return person


def _whole(value: Any) -> int | None:
    text = str(value or "").replace(",", "").strip()
    return int(text) if text.isdigit() and len(text) < 7 else None


class MarkSchemeForm(Form):
    """A mark scheme in the standard bands for one task: every problem at once."""

    name = forms.CharField(
        required=False, max_length=200, error_messages={"max_length": "The name must be 200 characters or fewer"}
    )
    pass_mark = forms.CharField(required=False, max_length=12)
    must_meet = forms.MultipleChoiceField(
        required=False, error_messages={"invalid_choice": "Select criteria of this task only"}
    )
    second_marking = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        error_messages={
            "required": "Select whether every submission is second marked",
            "invalid_choice": "Select whether every submission is second marked",
        },
    )
    sample_percent = forms.CharField(required=False, max_length=12)
    resubmissions_allowed = forms.CharField(required=False, max_length=12)

    def __init__(self, *args: Any, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = [code for code, _ in codes]
        self.fields["must_meet"].choices = codes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in ("pass_mark", "sample_percent", "resubmissions_allowed"):
            data[key] = _whole(data.get(key))
        for field, message in rules.scheme_problems(
            str(data.get("name") or ""),
            data["pass_mark"],
            len(self.codes),
            data["sample_percent"],
            data["resubmissions_allowed"],
        ):
            if field not in self.errors:
                self.add_error(field, message)
        return data

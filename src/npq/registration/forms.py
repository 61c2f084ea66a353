"""Forms on the registration pages: the participant journey's questions, confirming a date of
birth, changing a registration, and the Department's review entry and funded-place cap."""

import datetime as dt
from typing import Any

from django import forms

from npq.core import clock, labels
from npq.core.forms import Form, ModelChoice
from npq.reference.models import ChildcareProvider, Cohort, Course, LeadProvider, School
from npq.registration import rules
from npq.registration.journey import WORKPLACE_KINDS, Option, Step
from npq.registration.models import ReviewEntry
from npq.registration.rules import guide


def services_kinds() -> list[ReviewEntry.Kind]:
    """What a reviewer can add, internal note first."""
    kinds = ReviewEntry.Kind
    return [kinds.NOTE, kinds.MESSAGE, kinds.INFORMATION_REQUESTED, kinds.DECISION]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files from one input (the service checks their kind and size)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        chosen = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(one, initial) for one in chosen]


class ReplyForm(Form):
    """The person's reply to a request for more information: text and up to 5 files."""

    text = forms.CharField(widget=forms.Textarea, error_messages={"required": "Enter your reply"})
    documents = MultipleFileField(required=False)

    def uploads(self) -> list[tuple[str, bytes]]:
        chosen = self.cleaned_data.get("documents") or []
        return [(f.name or "file", f.read()) for f in chosen if f]


PLACES_FORMAT = "Enter the number of funded places as a whole number, like 120"


class ReviewEntryForm(Form):
    kind = forms.ChoiceField(
        choices=[(kind.value, kind.label) for kind in services_kinds()],
        error_messages={"required": "Select what you are adding", "invalid_choice": "Select what you are adding"},
    )
    funded = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        required=False,
        error_messages={"invalid_choice": "Select whether the person is eligible for funding"},
    )
    text = forms.CharField(widget=forms.Textarea, error_messages={"required": "Enter the text of the note or message"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ReviewEntry.Kind.DECISION and not data.get("funded"):
            self.add_error("funded", "Select whether the person is eligible for funding")
        return data

    @property
    def funded_answer(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("funded", ""))


class FundedPlaceCapForm(Form):
    lead_provider = ModelChoice(
        queryset=LeadProvider.objects.order_by("name"),
        empty_label=None,
        error_messages={"required": "Select a lead provider", "invalid_choice": "Select a lead provider"},
    )
    course = ModelChoice(
        queryset=Course.objects.order_by("position"),
        empty_label=None,
        label_of=lambda c: f"{c.name} ({c.short_code})",
        error_messages={"required": "Select a course", "invalid_choice": "Select a course"},
    )
    cohort = ModelChoice(
        queryset=Cohort.objects.filter(funding=Cohort.Funding.CAPPED).order_by("-start_year", "-suffix"),
        empty_label=None,
        label_of=lambda c: c.description,
        error_messages={"required": "Select a cohort", "invalid_choice": "Select a cohort"},
    )
    places = forms.IntegerField(
        min_value=0,
        error_messages={
            "required": PLACES_FORMAT,
            "invalid": PLACES_FORMAT,
            "min_value": "The number of funded places must be 0 or more",
        },
    )


# The participant journey: one question a page. The fields of each page's form come from the
# question's kind (``journey.Step``); what a person is told when an answer will not do is worded
# here, exactly as the pages have always said it.

DATE_PARTS = ("day", "month", "year")


def _answer_field() -> forms.CharField:
    # Every answer arrives as text and is checked below, so a missing field reads as "".
    return forms.CharField(required=False, strip=False)


def parse_date(data: Any, prefix: str) -> tuple[dt.date | None, str | None]:
    """A date typed as ``<prefix>-day``, ``-month`` and ``-year``: None and no problem when a part
    is blank, a problem when it is not a real date."""
    parts = [str(data.get(f"{prefix}-{p}") or "").strip() for p in DATE_PARTS]
    if not all(parts):
        return None, None
    try:
        day, month, year = (int(p) for p in parts)
        return dt.date(year, month, day), None
    except ValueError:
        return None, "Enter a real date, like 27 3 1985"


def step_fields(step: Step) -> list[str]:
    """The names a question's page posts."""
    if step.kind == "date":
        return [f"{step.key}-{p}" for p in DATE_PARTS]
    if step.kind == "school":
        return ["school_urn"]
    if step.kind == "consent":
        return ["consent"]
    if step.kind in ("funding", "stop", "notice"):
        return []
    return [step.key]


def step_field_id(step: Step) -> str:
    """Where the error summary links: the first date box, the workplace search, or the field."""
    if step.kind == "date":
        return f"{step.key}-day"
    if step.kind in WORKPLACE_KINDS:
        return "q"
    return step.key


class StepForm(Form):
    """One journey question; the checked answer is ``cleaned_data["answer"]``. ``options`` are the
    values a radios question allows."""

    def __init__(self, *args: Any, step: Step, options: list[Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step, self.allowed = step, {o[0] for o in options}
        for name in step_fields(step):
            self.fields[name] = _answer_field()

    def id_for(self, name: str) -> str:
        return step_field_id(self.step) if name == next(iter(self.fields), None) else name

    def refuse(self, problem: str) -> None:
        """Show ``problem`` as the question's one error."""
        self.add_error(next(iter(self.fields), None), problem)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer, problem = self._check(data)
        if problem is None:
            data["answer"] = answer
        else:
            self.refuse(problem)
        return data

    def _check(self, data: dict[str, Any]) -> tuple[Any, str | None]:
        step = self.step
        if step.kind in ("radios", "select"):
            value = data.get(step.key, "")
            return (value, None) if value in self.allowed else (None, f"Select an answer to “{step.question}”")
        if step.kind == "text":
            return _text_answer(step, " ".join(data.get(step.key, "").split()))
        if step.kind == "date":
            born, problem = parse_date(data, step.key)
            if problem:
                return None, problem
            check_date = rules.date_of_birth_problem if step.key == "date_of_birth" else rules.senco_start_problem
            problem = check_date(born, clock.today())
            return (born.isoformat(), None) if problem is None and born else (None, problem)
        if step.kind == "consent":
            if data.get("consent") != "yes":
                return None, "Confirm that you agree to share your information with your provider"
            return "yes", None
        if step.kind == "school":
            school = School.objects.filter(urn=data.get("school_urn", "").strip()).first()
            if school is None:
                return None, "Select your workplace from the list, or search again"
            return school.urn, None
        if step.kind == "childcare":
            urn = data.get(step.key, "").replace(" ", "").upper()
            provider = ChildcareProvider.objects.filter(ofsted_urn=urn, is_active=True).first() if urn else None
            if provider is None:
                return None, "Select your early years setting from the list, or search again"
            return provider.ofsted_urn, None
        return "yes", None  # funding: the person has read the result


def _text_answer(step: Step, value: str) -> tuple[str | None, str | None]:
    if step.key == "trn":
        problem = rules.trn_problem(value)
        return (rules.clean_trn(value), None) if problem is None else (None, problem)
    if not value:
        return None, f"Enter an answer to “{step.question}”"
    if len(value) > 200:
        return None, "Your answer must be 200 characters or fewer"
    return value, None


class DateOfBirthForm(Form):
    """A returning participant's date of birth, to confirm before their stored details show."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part in DATE_PARTS:
            self.fields[f"date_of_birth-{part}"] = _answer_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born, problem = parse_date(data, "date_of_birth")
        if born is None:
            self.add_error("date_of_birth-day", problem or "Enter your date of birth")
        data["date_of_birth"] = born
        return data


class GuideForm(Form):
    """The two questions of the "Which NPQ is for me?" guide."""

    role = forms.ChoiceField(
        choices=[(r.value, labels.label("guide_role", r.value)) for r in guide.Role],
        error_messages={"required": "Select your role", "invalid_choice": "Select your role"},
    )
    focus = forms.ChoiceField(
        choices=[(f.value, labels.label("guide_focus", f.value)) for f in guide.Focus],
        error_messages={"required": "Select what you want to lead", "invalid_choice": "Select what you want to lead"},
    )


class WithdrawForm(Form):
    """Confirm withdrawing a registration before the provider decides."""

    confirm = forms.MultipleChoiceField(
        choices=[("yes", "Yes, withdraw my registration")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Confirm that you want to withdraw your registration"},
    )


class ChangeForm(Form):
    """A change to a registration (``what``: lead provider, course or workplace URN), which must
    differ from ``current``; ``options`` are the choices, none for a URN."""

    def __init__(self, *args: Any, what: str, options: list[tuple[str, str]], current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.what, self.options, self.current = what, options, current
        self.fields[what] = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value = data.get(self.what, "")
        if not value or (self.options and value not in {o[0] for o in self.options}):
            message = "Select an answer" if self.options else "Select your new workplace from the list, or search again"
            self.add_error(self.what, message)
        elif value == self.current:
            self.add_error(self.what, "Choose something different from your current registration, or go back")
        return data

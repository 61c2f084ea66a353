"""Writing a questionnaire: the form (every question on one page, every error at once) and its pages.

No drafts are stored and nothing is edited: saving makes the next version of the questionnaire
(``services.questionnaires.create_questionnaire``), so the answers already given keep the words they
answered. An existing question keeps its key in the new version, so results compare across versions.
"Add more questions" redraws the page with empty questions added, without saving (no JavaScript)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from npq.core.audit import Actor
from npq.core.errors import NPQError
from npq.core.forms import Form, bind
from npq.core.permissions import role_required
from npq.core.roles import Role
from npq.surveys import rules
from npq.surveys.models import Questionnaire
from npq.surveys.services.questionnaires import create_questionnaire

KINDS = [
    (rules.Kind.AGREEMENT.value, "Agree or disagree (from strongly agree to strongly disagree)"),
    (rules.Kind.SINGLE.value, "Choose one option"),
    (rules.Kind.MULTIPLE.value, "Choose any number of options"),
    (rules.Kind.RATING.value, "Rating on a scale"),
    (rules.Kind.NUMBER.value, "A whole number"),
    (rules.Kind.TEXT.value, "A written answer"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]
EMPTY_SLOTS = 3


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class QuestionnaireForm(Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the questionnaire"})
    introduction = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
    anonymous = forms.ChoiceField(choices=YES_NO, initial="yes", widget=forms.RadioSelect)

    def __init__(self, *args: Any, slots: int, keys: list[str] | None = None, new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new:  # first on the page, so first in the error summary
            self.fields = {
                "key": forms.SlugField(
                    max_length=80,
                    error_messages={
                        "required": "Enter a short name for the questionnaire",
                        "invalid": "Enter a short name using only letters, numbers, hyphens and underscores",
                    },
                )
            } | dict(self.fields)
        self.slots = slots
        self.keys = keys or []  # the keys of the version being changed, by position
        for n in range(1, slots + 1):
            earlier = [("", "Always")] + [(str(m), f"Only after a chosen answer to question {m}") for m in range(1, n)]
            self.fields |= {
                f"q{n}_text": forms.CharField(required=False, max_length=300, label=f"Question {n}"),
                f"q{n}_hint": forms.CharField(required=False, max_length=300),
                f"q{n}_kind": forms.ChoiceField(required=False, choices=[("", "Select the kind of answer"), *KINDS]),
                f"q{n}_required": forms.ChoiceField(choices=YES_NO, initial="yes", widget=forms.RadioSelect),
                f"q{n}_options": forms.CharField(required=False, max_length=5000, widget=forms.Textarea),
                f"q{n}_minimum": forms.IntegerField(required=False, error_messages={"invalid": "Enter a whole number"}),
                f"q{n}_maximum": forms.IntegerField(required=False, error_messages={"invalid": "Enter a whole number"}),
                f"q{n}_shown_if": forms.ChoiceField(required=False, choices=earlier),
                f"q{n}_shown_values": forms.CharField(required=False, max_length=2000, widget=forms.Textarea),
            }
        self.description: dict[str, Any] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        questions: list[dict[str, Any]] = []
        numbers: dict[int, dict[str, Any]] = {}  # slot number -> question, for conditions
        taken = {k for k in self.keys if k}
        for n in range(1, self.slots + 1):
            q = self._question(n, data, numbers, taken)
            if q is not None:
                numbers[n] = q
                questions.append(q)
        if not questions and not self.errors:
            self.add_error("q1_text", "Enter at least one question")
        self.description = {
            "key": data.get("key", ""),
            "title": data.get("title", ""),
            "introduction": data.get("introduction", ""),
            "anonymous": data.get("anonymous") != "no",
            "questions": questions,
        }
        return data

    def _question(self, n: int, data: dict[str, Any], numbers: dict[int, Any], taken: set[str]) -> Any:
        text = (data.get(f"q{n}_text") or "").strip()
        if not text:
            return None
        kind = data.get(f"q{n}_kind") or ""
        if not kind:
            self.add_error(f"q{n}_kind", f"Select the kind of answer for question {n}")
            return None
        key = self.keys[n - 1] if n <= len(self.keys) and self.keys[n - 1] else rules.new_key(text, taken)
        taken.add(key)
        q: dict[str, Any] = {"key": key, "kind": kind, "text": text, "hint": data.get(f"q{n}_hint") or ""}
        q["required"] = data.get(f"q{n}_required") != "no"
        labels = _lines(data.get(f"q{n}_options", ""))
        if kind in ("single", "multiple"):
            values = [rules.slug(label) for label in labels]
            if len(labels) < 2 or len(set(values)) != len(values):
                self.add_error(f"q{n}_options", f"Enter at least 2 different options for question {n}, one a line")
            q["options"] = [{"value": v, "label": label} for v, label in zip(values, labels, strict=True)]
        low, high = data.get(f"q{n}_minimum"), data.get(f"q{n}_maximum")
        if kind in ("rating", "number"):
            low = (1 if kind == "rating" else 0) if low is None else low
            high = (5 if kind == "rating" else 1000) if high is None else high
            if low >= high or (kind == "rating" and (low < 0 or high > 10)):
                self.add_error(f"q{n}_maximum", f"Enter a highest answer above the lowest for question {n}")
            q |= {"minimum": low, "maximum": high}
        earlier = data.get(f"q{n}_shown_if") or ""
        if earlier:
            q["shown_if"] = self._condition(n, numbers.get(int(earlier)), int(earlier), data)
        return q

    def _condition(self, n: int, earlier: dict[str, Any] | None, m: int, data: dict[str, Any]) -> dict[str, Any]:
        field = f"q{n}_shown_values"
        if earlier is None or earlier["kind"] not in ("agreement", "single", "multiple"):
            self.add_error(f"q{n}_shown_if", f"Question {n} can follow only an earlier question with options")
            return {}
        choices = (
            rules.AGREEMENT
            if earlier["kind"] == "agreement"
            else [(o["value"], o["label"]) for o in earlier["options"]]
        )
        by_words = {words.lower(): value for value, words in choices}
        wanted = _lines(data.get(field, ""))
        unknown = [w for w in wanted if w.lower() not in by_words]
        if not wanted or unknown:
            self.add_error(field, f"Enter answers to question {m} that show question {n}, as written there, one a line")
            return {}
        return {"key": earlier["key"], "values": [by_words[w.lower()] for w in wanted]}


def initial_of(questionnaire: Questionnaire) -> dict[str, Any]:
    """The form's starting values: the newest version's words, ready to change."""
    initial: dict[str, Any] = {
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "anonymous": "yes" if questionnaire.anonymous else "no",
    }
    questions = list(questionnaire.questions.all())
    position = {q.key: n for n, q in enumerate(questions, start=1)}
    for n, q in enumerate(questions, start=1):
        words = dict(rules.AGREEMENT) if q.kind == "agreement" else {str(v): str(w) for v, w in q.options}
        earlier = next((e for e in questions if e.key == q.shown_if_key), None)
        earlier_words = (
            dict(rules.AGREEMENT)
            if earlier and earlier.kind == "agreement"
            else dict(earlier.options)
            if earlier
            else {}
        )
        initial |= {
            f"q{n}_text": q.text,
            f"q{n}_hint": q.hint,
            f"q{n}_kind": q.kind,
            f"q{n}_required": "yes" if q.required else "no",
            f"q{n}_options": "\n".join(words.values()) if q.kind in ("single", "multiple") else "",
            f"q{n}_minimum": q.minimum if q.kind in ("rating", "number") else None,
            f"q{n}_maximum": q.maximum if q.kind in ("rating", "number") else None,
            f"q{n}_shown_if": str(position[q.shown_if_key]) if q.shown_if_key in position else "",
            f"q{n}_shown_values": "\n".join(str(earlier_words.get(v, v)) for v in q.shown_if_values),
        }
    return initial


class SlotsForm(Form):
    """How many question spaces the page shows, and whether "Add more questions" was pressed."""

    slots = forms.IntegerField(required=False, min_value=1, max_value=60)
    more = forms.CharField(required=False)


def _owner(user: Any) -> Any:
    return user.lead_provider if user.role == Role.LEAD_PROVIDER else None


def _own(user: Any) -> Any:
    """The questionnaires a person writes: their provider's own, or the Department's for DfE admins."""
    provider = _owner(user)
    return Questionnaire.objects.filter(owner=provider) if provider else Questionnaire.objects.filter(owner=None)


@role_required(Role.DFE_ADMIN, Role.LEAD_PROVIDER)
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    newest: dict[str, Questionnaire] = {}
    for q in _own(request.user).order_by("key", "-version"):
        newest.setdefault(q.key, q)
    rows = sorted(newest.values(), key=lambda q: q.title)
    return render(request, "surveys/questionnaires.html", {"title": "Questionnaires", "rows": rows})


@role_required(Role.DFE_ADMIN, Role.LEAD_PROVIDER)
def questionnaire_write(request: HttpRequest, key: str | None = None) -> HttpResponse:
    """Write a new questionnaire, or the next version of one (prefilled from the newest)."""
    user: Any = request.user
    latest = _own(user).filter(key=key).order_by("-version").first() if key else None
    if key and latest is None:
        raise Http404("No such questionnaire of yours")
    keys = [q.key for q in latest.questions.all()] if latest else []
    sizing = bind(SlotsForm, request)
    asked = sizing.cleaned_data.get("slots") if sizing.is_valid() else None
    slots = asked or len(keys) + EMPTY_SLOTS
    options: dict[str, Any] = {"slots": slots, "keys": keys, "new": latest is None}
    if request.method == "POST" and sizing.is_valid() and sizing.cleaned_data["more"]:
        posted = bind(QuestionnaireForm, request, **options)
        slots = min(slots + EMPTY_SLOTS, 60)
        form = QuestionnaireForm(initial={k: posted.data.get(k) for k in posted.data}, **(options | {"slots": slots}))
        return _page(request, form, latest, [])
    form = (
        bind(QuestionnaireForm, request, **options)
        if request.method == "POST"
        else QuestionnaireForm(initial=initial_of(latest) if latest else {}, **options)
    )
    if request.method == "POST" and form.is_valid():
        description = form.description | ({"key": latest.key} if latest else {})
        try:
            saved = create_questionnaire(Actor.person(user), description, owner=_owner(user))
        except NPQError as exc:
            form.add_service_error(exc)
        else:
            unchanged = latest is not None and saved.pk == latest.pk
            messages.success(
                request,
                f"Nothing changed: ‘{saved.title}’ stays at version {saved.version}"
                if unchanged
                else f"‘{saved.title}’ saved as version {saved.version}",
            )
            return redirect("surveys:questionnaires")
    return _page(request, form, latest, form.error_list())


def _page(request: HttpRequest, form: QuestionnaireForm, latest: Any, errors: list[dict[str, str]]) -> HttpResponse:
    title = f"Change ‘{latest.title}’" if latest else "Write a questionnaire"
    context = {"title": title, "form": form, "latest": latest, "errors": errors, "slots": range(1, form.slots + 1)}
    return render(request, "surveys/questionnaire_form.html", context, status=400 if errors else 200)

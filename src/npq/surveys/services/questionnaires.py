"""Questionnaires as data: made from a plain description (YAML in the reference data, or a form)."""

from pathlib import Path
from typing import Any

from django.db import transaction

from npq.core import audit, clock, yamlfiles
from npq.core.audit import Actor
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.surveys import rules
from npq.surveys.models import Question, Questionnaire

DATA = Path(__file__).resolve().parent.parent / "data"


def spec_of(q: Question) -> rules.QuestionSpec:
    shown_if = (q.shown_if_key, frozenset(q.shown_if_values)) if q.shown_if_key else None
    return rules.QuestionSpec(
        key=q.key,
        kind=rules.Kind(q.kind),
        text=q.text,
        required=q.required,
        options=tuple((str(v), str(w)) for v, w in q.options),
        minimum=q.minimum,
        maximum=q.maximum,
        shown_if=shown_if,
    )


def _check(description: dict[str, Any]) -> None:
    keys: list[str] = []
    for n, q in enumerate(description.get("questions", []), start=1):
        kind = q.get("kind")
        if kind not in {k.value for k in rules.Kind}:
            raise ValidationFailed(f"Question {n} has an unknown kind {kind!r}", field="questions")
        if kind in ("single", "multiple") and not q.get("options"):
            raise ValidationFailed(f"Question {n} ({q.get('key')}) needs options", field="questions")
        shown_if = q.get("shown_if")
        if shown_if and shown_if.get("key") not in keys:
            raise ValidationFailed(f"Question {n} depends on {shown_if.get('key')!r}, not an earlier question")
        keys.append(str(q.get("key")))
    if not keys or len(set(keys)) != len(keys):
        raise ValidationFailed("A questionnaire needs questions, each with its own key", field="questions")


def create_questionnaire(actor: Actor, description: dict[str, Any], owner: Any = None) -> Questionnaire:
    """A new version of the questionnaire ``description["key"]``, unless the newest has the same content."""
    _check(description)
    with transaction.atomic():
        newest = Questionnaire.objects.filter(key=description["key"]).order_by("-version").first()
        if newest is not None and newest.owner_id != (owner.pk if owner is not None else None):
            # A key belongs to whoever wrote its first version: nobody else adds versions to it.
            raise PermissionDenied(f"The questionnaire {description['key']!r} belongs to someone else", field="key")
        if newest is not None and _same(newest, description):
            return newest
        questionnaire = Questionnaire.objects.create(
            key=description["key"],
            version=newest.version + 1 if newest else 1,
            title=description["title"],
            programme=description.get("programme", "npq"),
            owner=owner,
            anonymous=description.get("anonymous", True),
            one_page=description.get("one_page"),
            introduction=description.get("introduction", ""),
            created_at=clock.now(),
        )
        Question.objects.bulk_create(
            Question(questionnaire=questionnaire, position=n, **_question_fields(q))
            for n, q in enumerate(description["questions"], start=1)
        )
        audit.record(
            actor,
            "questionnaire.created",
            questionnaire,
            after={"key": questionnaire.key, "version": questionnaire.version},
        )
    return questionnaire


def _question_fields(q: dict[str, Any]) -> dict[str, Any]:
    shown_if = q.get("shown_if") or {}
    return {
        "key": q["key"],
        "kind": q["kind"],
        "text": q["text"],
        "hint": q.get("hint", ""),
        "required": q.get("required", True),
        "options": [[str(o["value"]), str(o["label"])] for o in q.get("options", [])],
        "minimum": q.get("minimum", 1 if q["kind"] == "rating" else 0),
        "maximum": q.get("maximum", 5 if q["kind"] == "rating" else 1000),
        "shown_if_key": shown_if.get("key", ""),
        "shown_if_values": [str(v) for v in shown_if.get("values", [])],
    }


def _same(questionnaire: Questionnaire, description: dict[str, Any]) -> bool:
    stored = [
        {f: getattr(q, f) for f in _question_fields({"key": "", "kind": "text", "text": ""})}
        for q in questionnaire.questions.all()
    ]
    same_frame = (
        questionnaire.title == description["title"]
        and questionnaire.anonymous == description.get("anonymous", True)
        and questionnaire.introduction == description.get("introduction", "")
    )
    return same_frame and stored == [_question_fields(q) for q in description["questions"]]


def load_department_questionnaires(actor: Actor) -> list[Questionnaire]:
    """The Department's questionnaires shipped with the reference data (``surveys/data/*.yaml``)."""
    return [create_questionnaire(actor, yamlfiles.read(path)) for path in sorted(DATA.glob("*.yaml"))]

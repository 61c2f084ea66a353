"""Where a journey's answers live, what is derived from them, and how each answer is checked."""

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from django.db.models import Max, Min, Q
from django.http import HttpRequest

from npq.core import clock, labels
from npq.reference.models import ChildcareProvider, Cohort, Course, CourseGroup, LeadProvider, School
from npq.registration import journey, rules
from npq.registration.journey import Answers, Option, Step
from npq.registration.rules import cohorts as cohort_rules
from npq.registration.services import drafts, eligibility

CHECK_SESSION_KEY = "npq_funding_check"
FUNDING_LABELS = {
    "school": "My school",
    "trust": "My academy trust",
    "self": "I am paying",
    "another": "Another way, for example a local authority",
}
CLEARED_BY_CHANGE = ("funding_seen", "consent")


def load(request: HttpRequest, mode: str) -> Answers:
    if mode == journey.CHECK:
        answers = dict(request.session.get(CHECK_SESSION_KEY, {}))
    else:
        answers = drafts.load_answers(request.user)  # type: ignore[arg-type]
    answers["_mode"] = mode
    return derive(answers, request.user if mode == journey.REGISTER else None)


def save(request: HttpRequest, mode: str, answers: Answers) -> None:
    stored = {k: v for k, v in answers.items() if not k.startswith("_")}
    if mode == journey.CHECK:
        request.session[CHECK_SESSION_KEY] = stored
    else:
        drafts.save_answers(request.user, stored)  # type: ignore[arg-type]


def derive(answers: Answers, user: Any) -> Answers:
    """Add the facts the branches need: the funding decision and whether the school is in England."""
    for key in [k for k in answers if k.startswith("_") and k != "_mode"]:
        del answers[key]
    school = eligibility.workplace(answers)
    answers["_school_outside_england"] = bool(school and eligibility.school_outside_england(school))
    on_path = journey.answers_on_path(answers)  # a course left behind on another branch does not count
    if on_path.get("cohort") and on_path.get("course"):
        try:
            decision = eligibility.assess(on_path, user)
        except (rules.NoPolicy, Cohort.DoesNotExist, Course.DoesNotExist):
            decision = None
        answers["_decision"] = decision
        answers["_funded_or_review"] = bool(decision and (decision.funded or decision.subject_to_review))
    return answers


AFTER_FUNDING = {"funding", "funding_choice", "choose_provider", "full_name", "trn", "date_of_birth", "consent"}


def with_answer(answers: Answers, step: Step, value: Any, extra: dict[str, Any] | None = None) -> Answers:
    """Store one answer. A changed answer that the funding decision depends on means the person
    sees the new decision and agrees to share again; a new provider needs consent again."""
    changed = answers.get(step.key) != value
    updated = {**answers, step.key: value, **(extra or {})}
    if changed and step.name not in AFTER_FUNDING:
        for key in CLEARED_BY_CHANGE:
            updated.pop(key, None)
        if step.key in ("cohort", "course"):
            updated.pop("lead_provider", None)
        if step.key in ("work_setting", "teacher_catchment"):
            updated.pop("funding_choice", None)
    if changed and step.name == "choose_provider":
        updated.pop("consent", None)
    return updated


def options_for(step: Step, answers: Answers) -> list[Option]:
    if step.dynamic_options == "cohorts":
        today = clock.today()
        # Open while a participant can still start a leadership or specialist course on it.
        main = Q(schedules__course_group__in=[CourseGroup.LEADERSHIP, CourseGroup.SPECIALIST])
        found = Cohort.objects.filter(registration_start__lte=today).annotate(
            first_start=Min("schedules__applies_from", filter=main),
            last_start=Max("schedules__applies_to", filter=main),
        )
        cohorts = sorted(
            (c for c in found if cohort_rules.open_for_registration(c.registration_start, c.last_start, today)),
            key=lambda c: (c.first_start, c.registration_start, c.identifier),
        )
        return [
            (
                c.identifier,
                c.description,
                "No scholarship funding is available for this cohort" if c.funding == Cohort.Funding.ZERO else "",
            )
            for c in cohorts
        ]
    if step.dynamic_options == "courses":
        courses = Course.objects.filter(display=True, offerings__cohort__identifier=answers.get("cohort")).distinct()
        return [
            (c.identifier, c.name, labels.label("course_guide", c.identifier))
            for c in courses.order_by("position", "name")
        ]
    if step.dynamic_options == "countries":
        return [(name, name, "") for name in countries()]
    if step.dynamic_options == "providers":
        providers = (
            LeadProvider.objects.filter(
                offerings__course__identifier=answers.get("course"), offerings__cohort__identifier=answers.get("cohort")
            )
            .distinct()
            .order_by("name")
        )
        return [(str(p.pk), p.name, p.hint) for p in providers]
    if step.dynamic_options == "funding_choices":
        choices = rules.funding_choices(answers.get("work_setting", ""), answers.get("teacher_catchment") == "england")
        return [(c, FUNDING_LABELS[c], "") for c in choices]
    return list(step.options)


@functools.cache
def countries() -> tuple[str, ...]:
    text = (Path(__file__).parent.parent / "data" / "countries.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def workplace_names(step: Step, value: str) -> dict[str, str]:
    """The name to show for a chosen workplace, kept beside its URN in the answers."""
    if step.kind == "school":
        school = School.objects.get(urn=value)
        return {"school_name": f"{school.name}, {school.town}".strip(", ")}
    if step.kind == "childcare":
        provider = ChildcareProvider.objects.get(ofsted_urn=value)
        return {"childcare_provider_name": f"{provider.display_name} (Ofsted URN {provider.ofsted_urn})"}
    return {}


def display(step: Step, answers: Answers) -> str:
    value = answers.get(step.key, "")
    if step.kind in journey.WORKPLACE_KINDS:
        return str(answers.get(journey.WORKPLACE_KINDS[step.kind]) or value)
    if step.kind == "date" and value:
        return dt.date.fromisoformat(value).strftime("%-d %B %Y")
    if step.kind == "consent":
        return "Yes" if value == "yes" else "No"
    if step.kind == "notice":
        return "Read"
    names = {o[0]: o[1] for o in options_for(step, answers)} if step.kind == "radios" else {}
    return names.get(value, str(value))

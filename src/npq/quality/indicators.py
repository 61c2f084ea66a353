"""Quality indicators of one provider as of a moment: formative checkpoints, submissions and pass
rates (per course and per criterion), moderation, surveys and facilitator observations. Used by the
evidence pack and, side by side for every provider, by the Department's page."""

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from npq.assessment.models import CriterionMark, MarkScheme, Moderation, Result, Submission
from npq.delivery.models import Checkpoint, CheckpointResponse, Membership
from npq.quality import rules
from npq.quality.figures import Share, column, total
from npq.quality.models import Facilitator, Observation, QualitySetting
from npq.surveys.models import Invitation


def checkpoints(provider_id: int, as_of: dt.datetime) -> dict[str, Any]:
    due = Checkpoint.objects.filter(delivery_cohort__lead_provider=provider_id, due_on__lte=as_of.date())
    expected = sum(
        row["n"]
        for row in Membership.objects.filter(delivery_cohort__checkpoints__in=due, joined_at__lte=as_of)
        .order_by()
        .values("delivery_cohort__checkpoints")
        .annotate(n=Count("id"))
    )
    answered = CheckpointResponse.objects.filter(checkpoint__in=due, submitted_at__lte=as_of)
    responses = answered.count()
    with_feedback = answered.filter(feedback_at__lte=as_of).count()
    expected_cell, responses_cell, feedback_cell = total([expected]), total([responses]), total([with_feedback])
    return {
        "checkpoints": due.count(),
        "expected": expected_cell,
        "responses": responses_cell,
        "use": Share(responses_cell, expected_cell),
        "feedback": Share(feedback_cell, responses_cell),
    }


def _submissions(provider_id: int, as_of: dt.datetime) -> Any:
    return Submission.objects.filter(window__delivery_cohort__lead_provider=provider_id, submitted_at__lte=as_of)


def assessment(provider_id: int, as_of: dt.datetime) -> list[dict[str, Any]]:
    """Per course: submissions, those with a result by ``as_of``, and those passed (the latest result then).

    Two grouped queries: submissions per course, and each submission's latest result (one with no later
    result by ``as_of``, an anti-join) per course and outcome."""
    course = "window__delivery_cohort__course__name"
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    submitted = _submissions(provider_id, as_of).order_by().values(course).annotate(n=Count("id"))
    for row in submitted:
        counts[row[course]]["submitted"] += row["n"]
    later = Result.objects.filter(submission=OuterRef("submission"), recorded_at__lte=as_of).filter(
        Q(recorded_at__gt=OuterRef("recorded_at")) | Q(recorded_at=OuterRef("recorded_at"), pk__gt=OuterRef("pk"))
    )
    latest = (
        Result.objects.filter(submission__in=_submissions(provider_id, as_of), recorded_at__lte=as_of)
        .filter(~Exists(later))
        .order_by()
        .values(f"submission__{course}", "passed")
        .annotate(n=Count("id"))
    )
    for row in latest:
        counts[row[f"submission__{course}"]]["resulted"] += row["n"]
        counts[row[f"submission__{course}"]]["passed"] += row["n"] if row["passed"] else 0
    names = sorted(counts)
    cols = {k: column({n: counts[n][k] for n in names}) for k in ("submitted", "resulted", "passed")}
    return [
        {"course": n, "submitted": cols["submitted"][n], "pass_rate": Share(cols["passed"][n], cols["resulted"][n])}
        for n in names
    ]


def criteria(provider_id: int, as_of: dt.datetime) -> list[dict[str, Any]]:
    """Per criterion, the share of first markings by ``as_of`` in a band that meets it."""
    meets = {
        (scheme.pk, band["key"]): bool(band.get("meets"))
        for scheme in MarkScheme.objects.filter(lead_provider=provider_id)
        for band in scheme.bands
    }
    marks = (
        CriterionMark.objects.filter(
            marking__submission__in=_submissions(provider_id, as_of), marking__role="first", marked_at__lte=as_of
        )
        .values("criterion__code", "criterion__task__title", "marking__submission__window__scheme", "band")
        .annotate(n=Count("id"))
    )
    marked: Counter[str] = Counter()
    met: Counter[str] = Counter()
    for row in marks:
        # A code is unique within its task only (a provider's own tasks may each have a 1.1).
        criterion = f"{row['criterion__code']}, {row['criterion__task__title']}"
        marked[criterion] += row["n"]
        if meets.get((row["marking__submission__window__scheme"], row["band"])):
            met[criterion] += row["n"]
    codes = sorted(marked)
    marked_cells, met_cells = column({c: marked[c] for c in codes}), column({c: met[c] for c in codes})
    return [{"criterion": c, "marked": marked_cells[c], "met": Share(met_cells[c], marked_cells[c])} for c in codes]


def moderation(provider_id: int, as_of: dt.datetime) -> dict[str, Any]:
    reviewed = Moderation.objects.filter(submission__in=_submissions(provider_id, as_of), reviewed_at__lte=as_of)
    n, changed = reviewed.count(), reviewed.filter(changed=True).count()
    reviewed_cell = total([n])
    return {"reviewed": reviewed_cell, "changed": Share(total([changed]), reviewed_cell)}


def surveys(provider_id: int, as_of: dt.datetime) -> list[dict[str, Any]]:
    rows = (
        Invitation.objects.filter(lead_provider=provider_id, created_at__lte=as_of)
        .values("survey__title")
        .annotate(invited=Count("id"), responded=Count("id", filter=Q(responded_at__lte=as_of)))
        .order_by("survey__title")
    )
    titles = [r["survey__title"] for r in rows]
    invited = column({r["survey__title"]: r["invited"] for r in rows})
    responded = column({r["survey__title"]: r["responded"] for r in rows})
    return [{"survey": t, "invited": invited[t], "rate": Share(responded[t], invited[t])} for t in titles]


def observations(provider_id: int, as_of: dt.datetime) -> dict[str, Any]:
    """Observations recorded by ``as_of``, coverage in the term of ``as_of`` and the criteria most
    often rated an area to develop or a strength (themes across observations)."""
    made = (
        Observation.objects.filter(lead_provider=provider_id, recorded_at__lte=as_of)
        .order_by()
        .values_list("facilitator", "observed_on", "ratings", "template__criteria")
    )
    facilitators = Facilitator.objects.filter(lead_provider=provider_id, approved_at__lte=as_of).order_by()
    observed_on: dict[int, list[dt.date]] = {pk: [] for pk in facilitators.values_list("pk", flat=True)}
    develop: Counter[str] = Counter()
    strength: Counter[str] = Counter()
    count = 0
    for facilitator, day, ratings, criteria in made:
        count += 1
        observed_on.setdefault(facilitator, []).append(day)
        for position, rating in ratings.items():
            criterion = criteria[int(position)]
            (develop if rating == rules.Rating.DEVELOP else strength if rating == rules.Rating.STRENGTH else Counter())[
                criterion
            ] += 1
    setting = QualitySetting.objects.filter(lead_provider=provider_id).first()
    term = rules.term_of(as_of.date())
    done, not_done = rules.coverage(observed_on, term, setting.observations_per_term if setting else 1)
    return {
        "count": count,
        "term": term,
        "covered": Share(total([len(done)]), total([len(observed_on)])),
        "observed": sorted(done),
        "not_covered": sorted(not_done),
        "develop": develop.most_common(3),
        "strengths": strength.most_common(3),
    }

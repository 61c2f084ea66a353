"""Marking criterion by criterion: first marking, blind second marking and agreement."""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from npq.assessment import rules
from npq.assessment.models import CriterionMark, Marking, Result, Submission
from npq.assessment.services.common import require_assessor, require_moderator, scheme_rules
from npq.core import audit, clock
from npq.core.audit import Actor
from npq.core.errors import Conflict, PermissionDenied, ValidationFailed

# criterion code -> (band key, evidence comment)
Marks = Mapping[str, tuple[str, str]]


def next_role(submission: Submission, assessor: Any) -> str | None:
    """The marking this assessor may do on the submission now, if any."""
    done = {m.role: m for m in submission.markings.all()}
    if Marking.Role.FIRST not in done:
        return Marking.Role.FIRST
    first = done[Marking.Role.FIRST]
    if first.assessor_id == assessor.pk:
        return Marking.Role.FIRST if first.completed_at is None else None
    if not submission.window.scheme.second_marking or first.completed_at is None:
        return None
    second = done.get(Marking.Role.SECOND)
    if second is None or (second.assessor_id == assessor.pk and second.completed_at is None):
        return Marking.Role.SECOND
    return None


def start_marking(assessor: Any, submission: Submission) -> Marking:
    require_assessor(assessor, submission.window)
    role = next_role(submission, assessor)
    if role is None:
        raise PermissionDenied(f"There is no marking for {assessor.email} to do on {submission.candidate_number}")
    existing = submission.markings.filter(role=role, assessor=assessor).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        try:
            marking = Marking.objects.create(
                submission=submission, role=role, assessor=assessor, started_at=clock.now()
            )
        except IntegrityError as exc:
            raise Conflict("Another assessor has just started this marking") from exc
        Submission.objects.filter(pk=submission.pk, status=Submission.Status.WAITING).update(
            status=Submission.Status.MARKING
        )
        audit.record(Actor.person(assessor), "marking.started", marking, after={"role": role})
    return marking


def _check_marks(scheme: rules.Scheme, marks: Marks, complete: bool) -> None:
    problems = rules.mark_problems(scheme, marks, complete)
    if problems:
        field, message = problems[0]
        raise ValidationFailed(message, field=field)


def _write_marks(marking: Marking, marks: Marks, scheme: rules.Scheme) -> None:
    criteria = {c.code: c for c in marking.submission.window.scheme.task.criteria.all()}
    existing = {m.criterion.code: m for m in marking.marks.select_related("criterion")}
    for code, (band, evidence) in marks.items():
        score = scheme.band(band).score
        row = existing.get(code)
        if row and row.band == band and row.evidence == evidence.strip():
            continue
        before = {"band": row.band, "evidence": row.evidence} if row else None
        if row is None:
            row = CriterionMark(marking=marking, criterion=criteria[code])
        row.band, row.score, row.evidence, row.marked_at = band, score, evidence.strip(), clock.now()
        row.save()
        audit.record(
            Actor.person(marking.assessor),
            "criterion.marked",
            marking,
            before=before,
            after={"criterion": code, "band": band, "score": score, "evidence": row.evidence},
        )


def marks_of(marking: Marking) -> dict[str, str]:
    return {m.criterion.code: m.band for m in marking.marks.select_related("criterion")}


def save_marks(assessor: Any, marking: Marking, marks: Marks, complete: bool = False) -> Marking:
    """Save some or all marks; on completion, decide what happens next (a result, a blind second
    marking, or a disagreement for the moderator)."""
    if marking.assessor_id != assessor.pk:
        raise PermissionDenied("You can only change your own marking")
    if marking.completed_at is not None:
        raise ValidationFailed("This marking is complete and cannot be changed")
    window = marking.submission.window
    scheme = scheme_rules(window.scheme)
    _check_marks(scheme, marks, complete)
    with transaction.atomic():
        marking = Marking.objects.select_for_update().get(pk=marking.pk)
        _write_marks(marking, marks, scheme)
        if complete:
            marking.completed_at = clock.now()
            marking.save(update_fields=["completed_at"])
            audit.record(Actor.person(assessor), "marking.completed", marking, after={"role": marking.role})
            _after_completion(assessor, marking, scheme)
    return marking


def _record_result(
    actor_user: Any, submission: Submission, outcome: rules.Outcome, source: str, reason: str = ""
) -> Result:
    result = Result.objects.create(
        submission=submission,
        passed=bool(outcome.passed),
        total=outcome.total,
        source=source,
        reason=reason,
        recorded_by=actor_user,
        recorded_at=clock.now(),
    )
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.RESULTED)
    audit.record(
        Actor.person(actor_user),
        "result.recorded",
        result,
        after={"passed": result.passed, "total": result.total, "source": source, "reason": reason},
    )
    return result


def _after_completion(assessor: Any, marking: Marking, scheme: rules.Scheme) -> None:
    submission = marking.submission
    first_marks = marks_of(submission.markings.get(role=Marking.Role.FIRST))
    if marking.role == Marking.Role.FIRST and not submission.window.scheme.second_marking:
        _record_result(assessor, submission, rules.outcome(scheme, first_marks), Result.Source.MARKING)
    elif marking.role == Marking.Role.SECOND:
        comparison = rules.compare(scheme, first_marks, marks_of(marking), submission.window.scheme.tolerance)
        if comparison.agree:
            _record_result(
                assessor,
                submission,
                rules.outcome(scheme, first_marks),
                Result.Source.MARKING,
                "First and second marking agree within tolerance",
            )
        else:
            audit.record(
                Actor.person(assessor),
                "marking.disagreement",
                submission,
                after={
                    "differences": [list(d) for d in comparison.differences],
                    "outcome_differs": comparison.outcome_differs,
                },
            )


def needs_agreement(submission: Submission) -> bool:
    roles = {m.role: m for m in submission.markings.all()}
    second = roles.get(Marking.Role.SECOND)
    return (
        second is not None
        and second.completed_at is not None
        and Marking.Role.AGREED not in roles
        and not submission.results.all()
    )


def record_agreement(moderator: Any, submission: Submission, marks: Marks, reason: str) -> Result:
    """The agreed marks where first and second marking differ by more than the tolerance."""
    window = submission.window
    require_moderator(moderator, window)
    if not needs_agreement(submission):
        raise ValidationFailed("This submission does not need agreement")
    if not reason.strip():
        raise ValidationFailed("Enter how the marks were agreed", field="reason")
    scheme = scheme_rules(window.scheme)
    _check_marks(scheme, marks, complete=True)
    with transaction.atomic():
        marking = Marking.objects.create(
            submission=submission,
            role=Marking.Role.AGREED,
            assessor=moderator,
            started_at=clock.now(),
            completed_at=clock.now(),
            note=reason.strip(),
        )
        _write_marks(marking, marks, scheme)
        outcome = rules.outcome(scheme, {code: band for code, (band, _) in marks.items()})
        return _record_result(moderator, submission, outcome, Result.Source.AGREEMENT, reason.strip())

"""Submitting a task: extraction, word count, deadlines, extensions and resubmission."""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction

from npq.assessment import extraction, rules
from npq.assessment.models import Annex, Draft, DraftAnnex, Extension, Release, Submission, Window
from npq.core import audit, clock
from npq.core.audit import Actor
from npq.core.errors import PermissionDenied, ValidationFailed
from npq.delivery import queries as delivery_queries
from npq.people.models import User


def latest_submission(window: Window, participant: Any) -> Submission | None:
    return (
        Submission.objects.filter(window=window, participant=participant)
        .exclude(status=Submission.Status.SUPERSEDED)
        .defer(*Submission.HEAVY)
        .order_by("-attempt")
        .first()
    )


def latest_state(window: Window, participant: Any) -> tuple[rules.Latest, int]:
    """Where the participant stands on the window, and how many attempts have failed."""
    latest = latest_submission(window, participant)
    failed = Release.objects.filter(
        result__submission__window=window, result__submission__participant=participant, result__passed=False
    ).count()
    if latest is None:
        return rules.Latest.NONE, failed
    if latest.status == Submission.Status.WAITING:
        return rules.Latest.WAITING, failed
    release = Release.objects.filter(result__submission=latest).select_related("result").first()
    if release is None:
        return rules.Latest.MARKING, failed
    return (rules.Latest.PASSED if release.result.passed else rules.Latest.FAILED), failed


def deadline_for(window: Window, participant: Any) -> dt.datetime:
    extension = window.extensions.filter(participant=participant).order_by("-granted_at", "-id").first()
    return max(window.deadline, extension.deadline) if extension else window.deadline


def submit_check(window: Window, participant: Any) -> rules.SubmitCheck:
    latest, failed = latest_state(window, participant)
    dc = window.delivery_cohort
    now = clock.now()
    return rules.SubmitCheck(
        now=now,
        deadline=deadline_for(window, participant),
        resubmission_deadline=window.resubmission_deadline,
        latest=latest,
        failed_attempts=failed,
        resubmissions_allowed=window.scheme.resubmissions_allowed,
        engagement_percent=delivery_queries.engagement_of(dc, participant.pk, now).percent,
        engagement_threshold=delivery_queries.threshold_for(dc.course_id),
    )


def _candidate_number(window: Window, participant: Any) -> str:
    earlier = Submission.objects.filter(window=window, participant=participant).values_list(
        "candidate_number", flat=True
    )
    if earlier:
        return earlier[0]
    while True:
        number = f"C{secrets.randbelow(900000) + 100000}"
        if not Submission.objects.filter(window=window, candidate_number=number).exists():
            return number


def _checked(
    participant: User, window: Window, file_name: str, data: bytes, annexes: list[tuple[str, bytes]] | None
) -> tuple[extraction.Document, int, list[tuple[str, bytes, str]]]:
    """Every check an upload must pass: membership, sizes, whether this person may submit now,
    the document and each annex, and the word limit."""
    if not window.delivery_cohort.memberships.filter(participant=participant).exists():
        raise PermissionDenied(f"{participant.email} is not in cohort of delivery {window.delivery_cohort_id}")
    too_big = rules.upload_problem(
        len(data),
        [len(content) for _, content in annexes or []],
        extraction.MAX_BYTES,
        extraction.MAX_TOTAL_BYTES,
        extraction.MAX_ANNEXES,
    )
    if too_big:
        raise ValidationFailed(too_big, field="annexes" if "annex" in too_big else "document")
    # Whether this person may submit now is decided before the file is opened: a refused person's
    # upload is never parsed.
    refused = rules.refusal(submit_check(window, participant))
    if refused:
        raise ValidationFailed(refused, field="document")
    try:
        document = extraction.extract(file_name, data)
    except extraction.DocumentRejected as exc:
        raise ValidationFailed(str(exc), field="document") from exc
    kept_annexes = []
    for name, content in annexes or []:
        try:
            kept_annexes.append((name, content, extraction.extract(name, content, need_text=False).kind))
        except extraction.DocumentRejected as exc:
            raise ValidationFailed(f"{name}: {exc}", field="annexes") from exc
    task = window.scheme.task
    count = rules.word_count(document.text)
    too_long = rules.over_limit_message(count, task.word_limit, task.word_limit_excludes)
    if too_long:
        raise ValidationFailed(too_long, field="document")
    return document, count, kept_annexes


def upload_draft(
    participant: User, window: Window, file_name: str, data: bytes, annexes: list[tuple[str, bytes]] | None = None
) -> Draft:
    """Check an upload and keep it for the participant to check before submitting; it replaces
    any earlier unsubmitted upload. Nothing is submitted yet."""
    document, count, kept_annexes = _checked(participant, window, file_name, data, annexes)
    with transaction.atomic():
        Draft.objects.filter(window=window, participant=participant).delete()
        draft = Draft.objects.create(
            window=window,
            participant=participant,
            file_name=file_name[:200],
            kind=document.kind,
            content=data,
            text=document.text,
            word_count=count,
            uploaded_at=clock.now(),
        )
        for name, content, kind in kept_annexes:
            DraftAnnex.objects.create(draft=draft, file_name=name[:200], kind=kind, content=content, size=len(content))
        audit.record(
            Actor.person(participant),
            "submission.uploaded_for_checking",
            draft,
            after={"window": window.pk, "words": count, "annexes": len(kept_annexes)},
        )
    return draft


def draft_for(window: Window, participant: Any) -> Draft | None:
    return Draft.objects.filter(window=window, participant=participant).first()


def confirm_draft(participant: User, draft: Draft, own_work: bool) -> Submission:
    """Submit a checked upload once the participant declares it is their own work."""
    if draft.participant_id != participant.pk:
        raise PermissionDenied(f"{participant.email} cannot submit another person's upload")
    problem = rules.declaration_problem(own_work)
    if problem:
        raise ValidationFailed(problem, field="own_work")
    window = draft.window
    refused = rules.refusal(submit_check(window, participant))
    if refused:
        raise ValidationFailed(refused, field="own_work")
    annexes = [(a.file_name, bytes(a.content), a.kind) for a in draft.annexes.all()]
    with transaction.atomic():
        submission = _store(
            participant,
            window,
            draft.file_name,
            draft.kind,
            bytes(draft.content),
            draft.text,
            draft.word_count,
            annexes,
        )
        Draft.objects.filter(pk=draft.pk).delete()
    return submission


def submit(
    participant: User,
    window: Window,
    file_name: str,
    data: bytes,
    annexes: list[tuple[str, bytes]] | None = None,
    *,
    own_work: bool,
) -> Submission:
    """Upload and submit in one step (the pages check first): every check an upload passes, and
    the own-work declaration. Nothing changes unless all are met, so a refused upload never
    loses the previous one."""
    problem = rules.declaration_problem(own_work)
    if problem:
        raise ValidationFailed(problem, field="own_work")
    document, count, kept_annexes = _checked(participant, window, file_name, data, annexes)
    with transaction.atomic():
        return _store(participant, window, file_name, document.kind, data, document.text, count, kept_annexes)


def _store(
    participant: User,
    window: Window,
    file_name: str,
    kind: str,
    data: bytes,
    text: str,
    count: int,
    kept_annexes: list[tuple[str, bytes, str]],
) -> Submission:
    """A new attempt, declared the participant's own work (inside the caller's transaction)."""
    task = window.scheme.task
    previous = list(
        Submission.objects.select_for_update()
        .filter(window=window, participant=participant)
        .defer(*Submission.HEAVY)
        .order_by("attempt")
    )
    if previous and previous[-1].status == Submission.Status.MARKING:
        raise ValidationFailed("Your submission is being marked, so it cannot be replaced", field="document")
    for row in previous:
        if row.status == Submission.Status.WAITING:
            row.status = Submission.Status.SUPERSEDED
            row.save(update_fields=["status"])
    now = clock.now()
    submission = Submission.objects.create(
        window=window,
        participant=participant,
        attempt=len(previous) + 1,
        candidate_number=_candidate_number(window, participant),
        file_name=file_name[:200],
        kind=kind,
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        word_count=count,
        submitted_at=now,
        own_work_declared_at=now,
    )
    for name, content, annex_kind in kept_annexes:
        Annex.objects.create(
            submission=submission, file_name=name[:200], kind=annex_kind, content=content, size=len(content)
        )
    audit.record(
        Actor.person(participant),
        "submission.made",
        submission,
        after={
            "attempt": submission.attempt,
            "words": count,
            "limit": task.word_limit,
            "annexes": len(kept_annexes),
            "sha256": submission.sha256,
            "own_work_declared": True,
        },
    )
    return submission


def grant_extension(user: Any, window: Window, participant: User, deadline: dt.datetime, reason: str) -> Extension:
    if user.role != "lead_provider" or user.lead_provider_id != window.delivery_cohort.lead_provider_id:
        raise PermissionDenied(f"{user.email} cannot grant extensions for this provider")
    if not window.delivery_cohort.memberships.filter(participant=participant).exists():
        raise ValidationFailed(f"{participant.email} is not in this cohort of delivery", field="participant")
    if not reason.strip():
        raise ValidationFailed("Enter the reason for the extension", field="reason")
    if deadline <= deadline_for(window, participant):
        raise ValidationFailed("The new deadline must be later than the current one", field="deadline")
    with transaction.atomic():
        extension = Extension.objects.create(
            window=window,
            participant=participant,
            deadline=deadline,
            reason=reason.strip(),
            granted_by=user,
            granted_at=clock.now(),
        )
        audit.record(
            Actor.person(user),
            "extension.granted",
            extension,
            after={"participant": participant.pk, "deadline": deadline, "reason": extension.reason},
        )
    return extension

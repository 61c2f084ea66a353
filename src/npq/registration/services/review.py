"""The DfE review queue: notes, requests for information and decisions on funding."""

from django.db import transaction

from npq.core import audit, clock, mail
from npq.core.errors import InvalidTransition, ValidationFailed
from npq.people.models import User
from npq.registration import rules
from npq.registration.models import Application, ReviewEntry, ReviewStatus

SUBJECTS = {
    ReviewEntry.Kind.NOTE: "A note about your NPQ registration",
    ReviewEntry.Kind.INFORMATION_REQUESTED: "We need more information about your NPQ registration",
    ReviewEntry.Kind.DECISION: "A decision on funding for your NPQ",
}


def review_queue(status: str | None = None):  # type: ignore[no-untyped-def]
    queue = Application.objects.exclude(review_status="").select_related("user", "course", "cohort", "lead_provider")
    if status:
        queue = queue.filter(review_status=status)
    return queue.order_by("created_at", "id")


def add_review_entry(
    reviewer: User, application: Application, kind: str, text: str, *, funded: bool | None = None
) -> ReviewEntry:
    """Append a note, request information or decide; each is audited and emailed to the person."""
    text = text.strip()
    if kind not in ReviewEntry.Kind.values:
        raise ValidationFailed(f"Unknown kind of review entry {kind!r}", field="kind")
    if not text:
        raise ValidationFailed("Enter a message for the person", field="text")
    if kind == ReviewEntry.Kind.DECISION and funded is None:
        raise ValidationFailed("Select whether the person is eligible for funding", field="funded")
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("user", "course").get(pk=application.pk)
        if not app.review_status:
            raise InvalidTransition(f"Application {app.ecf_id} is not in the review queue")
        if app.review_status == ReviewStatus.DECISION_MADE and kind != ReviewEntry.Kind.NOTE:
            raise InvalidTransition(f"A decision has already been made on application {app.ecf_id}")
        before = audit.snapshot(app, ["review_status", "eligible_for_funding", "funding_eligibility_status_code"])
        code = ""
        if kind == ReviewEntry.Kind.DECISION:
            current = rules.decide(rules.Code(app.funding_eligibility_status_code))
            decision = rules.review_outcome(current, funded=bool(funded))
            app.eligible_for_funding = decision.funded
            app.funding_eligibility_status_code = code = decision.code.value
            app.review_status = ReviewStatus.DECISION_MADE
        elif kind == ReviewEntry.Kind.INFORMATION_REQUESTED:
            app.review_status = ReviewStatus.AWAITING_INFORMATION
        app.save()
        entry = ReviewEntry.objects.create(
            application=app, author=reviewer, kind=kind, text=text, funding_code=code, created_at=clock.now()
        )
        after = audit.snapshot(app, list(before))
        audit.record(
            audit.Actor.person(reviewer),
            f"application.review.{kind}",
            app,
            before=before,
            after={**after, "text": text},
        )
        body = text
        if code:
            body = f"{rules.EXPLANATIONS[rules.Code(code)]}\n\n{text}"
        mail.send(
            app.user.email, SUBJECTS[ReviewEntry.Kind(kind)], f"{app.course.name}\n\n{body}", kind=f"review.{kind}"
        )
    return entry

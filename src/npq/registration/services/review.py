"""The DfE review queue: internal notes, messages, requests for information, decisions on funding,
and the person's reply to a request (which puts the case back in the queue)."""

from dataclasses import dataclass

from django.db import transaction

from npq.core import audit, clock, mail
from npq.core.errors import InvalidTransition, ValidationFailed
from npq.people.models import User
from npq.registration import rules
from npq.registration.models import Application, ReviewAttachment, ReviewEntry, ReviewStatus

SUBJECTS = {
    ReviewEntry.Kind.MESSAGE: "A message about your NPQ registration",
    ReviewEntry.Kind.INFORMATION_REQUESTED: "We need more information about your NPQ registration",
    ReviewEntry.Kind.DECISION: "A decision on funding for your NPQ",
}
STAFF_KINDS = (
    ReviewEntry.Kind.NOTE,
    ReviewEntry.Kind.MESSAGE,
    ReviewEntry.Kind.INFORMATION_REQUESTED,
    ReviewEntry.Kind.DECISION,
)
MAX_REPLY_FILES = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
# What a reply may carry, told apart by the first bytes of the file, not by its name alone.
FILE_KINDS = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".docx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content: bytes


def review_queue(status: str | None = None):  # type: ignore[no-untyped-def]
    queue = Application.objects.exclude(review_status="").select_related("user", "course", "cohort", "lead_provider")
    if status:
        queue = queue.filter(review_status=status)
    return queue.order_by("created_at", "id")


def entries_for_person(application: Application):  # type: ignore[no-untyped-def]
    """What the person may read of their case: never an internal note."""
    return (
        application.review_entries.filter(kind__in=ReviewEntry.SEEN_BY_PERSON)
        .select_related("author")
        .prefetch_related("attachments")
    )


def add_review_entry(
    reviewer: User, application: Application, kind: str, text: str, *, funded: bool | None = None
) -> ReviewEntry:
    """Append a note, message, request for information or decision. Each is audited; all but an
    internal note are emailed to the person."""
    text = text.strip()
    if kind not in STAFF_KINDS:
        raise ValidationFailed(f"Unknown kind of review entry {kind!r}", field="kind")
    if not text:
        raise ValidationFailed("Enter the text of the note or message", field="text")
    if "{{" in text or "}}" in text:  # a template's placeholder must never reach a person's inbox
        raise ValidationFailed("Remove the text in double curly brackets, then write your own", field="text")
    if kind == ReviewEntry.Kind.DECISION and funded is None:
        raise ValidationFailed("Select whether the person is eligible for funding", field="funded")
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("user", "course").get(pk=application.pk)
        if not app.review_status:
            raise InvalidTransition(f"Application {app.ecf_id} is not in the review queue")
        settled = (ReviewEntry.Kind.NOTE, ReviewEntry.Kind.MESSAGE)
        if app.review_status == ReviewStatus.DECISION_MADE and kind not in settled:
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
        if kind in ReviewEntry.SENT_TO_PERSON:
            _email_person(app, ReviewEntry.Kind(kind), text, code)
    return entry


def _email_person(app: Application, kind: ReviewEntry.Kind, text: str, code: str) -> None:
    body = text
    if code:
        body = f"{rules.EXPLANATIONS[rules.Code(code)]}\n\n{text}"
    if kind == ReviewEntry.Kind.INFORMATION_REQUESTED:
        body += "\n\nSign in and open your registration to reply. You can attach documents."
    mail.send(app.user.email, SUBJECTS[kind], f"{app.course.name}\n\n{body}", kind=f"review.{kind}")


def _check_file(upload: UploadedFile) -> str:
    name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(upload.content) > MAX_FILE_BYTES:
        raise ValidationFailed(f"{name}: the selected file must be smaller than 5MB", field="documents")
    if not upload.content:
        raise ValidationFailed(f"{name}: the selected file is empty", field="documents")
    kind = FILE_KINDS.get(extension)
    if kind is None or not upload.content.startswith(kind[0]):
        raise ValidationFailed(f"{name}: the selected file must be a PDF, JPG, PNG or Word document", field="documents")
    return kind[1]


def reply_to_review(person: User, application: Application, text: str, files: list[UploadedFile]) -> ReviewEntry:
    """The person answers a request for more information, with text and files; the case goes
    back to the reviewers' queue."""
    text = text.strip()
    if not text:
        raise ValidationFailed("Enter your reply", field="text")
    if len(text) > 5000:
        raise ValidationFailed("Your reply must be 5,000 characters or fewer", field="text")
    if len(files) > MAX_REPLY_FILES:
        raise ValidationFailed(f"Attach up to {MAX_REPLY_FILES} files", field="documents")
    kinds = [_check_file(f) for f in files]
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.user_id != person.pk:
            raise InvalidTransition(f"Application {app.ecf_id} is not yours")
        if app.review_status != ReviewStatus.AWAITING_INFORMATION:
            raise InvalidTransition("The Department is not waiting for information on this registration")
        before = audit.snapshot(app, ["review_status"])
        app.review_status = ReviewStatus.NEEDS_REVIEW
        app.save(update_fields=["review_status", "updated_at"])
        entry = ReviewEntry.objects.create(
            application=app, author=person, kind=ReviewEntry.Kind.REPLY, text=text, created_at=clock.now()
        )
        for upload, content_type in zip(files, kinds, strict=True):
            ReviewAttachment.objects.create(
                entry=entry,
                file_name=upload.name.rsplit("/", 1)[-1][:200],
                content_type=content_type,
                content=upload.content,
                size=len(upload.content),
            )
        audit.record(
            audit.Actor.person(person),
            "application.review.reply",
            app,
            before=before,
            after={"review_status": app.review_status, "files": [f.name for f in files]},
        )
    return entry

"""Use cases for people: create users, sign in with a password or an emailed code, merge duplicates."""

import datetime as dt
import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.mail import send_mail
from django.db import transaction

from npq.core import audit, clock
from npq.core.errors import NPQError, ValidationFailed
from npq.people import rules as people_rules
from npq.people.models import OneTimeCode, ParticipantIdChange, Role, SignInAttempt, User
from npq.reference.models import DeliveryPartner, LeadProvider


class SignInLocked(NPQError):
    code = "sign_in_locked"


class SignInFailed(NPQError):
    code = "sign_in_failed"


def create_user(
    actor: audit.Actor,
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None = None,
    lead_provider: LeadProvider | None = None,
    delivery_partner: DeliveryPartner | None = None,
) -> User:
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationFailed(f"Unknown role {role!r}: choose one of {', '.join(Role.values)}", field="role")
    if role in (Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER) and lead_provider is None:
        raise ValidationFailed(f"A {Role(role).label} must belong to a lead provider", field="lead_provider")
    if role == Role.DELIVERY_PARTNER and delivery_partner is None:
        raise ValidationFailed("A delivery partner user must belong to a delivery partner", field="delivery_partner")
    if role != Role.PARTICIPANT and not password:
        raise ValidationFailed("Staff sign in with a password: give one", field="password")
    if User.objects.filter(email=email).exists():
        raise ValidationFailed(f"A user with the email {email} already exists", field="email")
    with transaction.atomic():
        user = User.objects.create_user(
            email,
            password,
            full_name=full_name,
            role=role,
            lead_provider=lead_provider,
            delivery_partner=delivery_partner,
        )
        audit.record(
            actor,
            "user.created",
            user,
            after=audit.snapshot(user, ["email", "full_name", "role", "lead_provider_id", "delivery_partner_id"]),
        )
    return user


def _window_start() -> dt.datetime:
    return clock.now() - dt.timedelta(minutes=settings.NPQ_LOGIN_WINDOW_MINUTES)


def _is_locked(email: str, ip: str) -> bool:
    recent = SignInAttempt.objects.filter(attempted_at__gte=_window_start(), succeeded=False)
    limit = settings.NPQ_LOGIN_MAX_FAILURES
    by_email = recent.filter(email=email).count() >= limit
    by_ip = bool(ip) and recent.filter(ip_address=ip).count() >= limit * 4
    return by_email or by_ip


def sign_in_with_password(request: object, email: str, password: str, ip: str) -> User:
    """Check a staff member's password, refusing when too many recent attempts failed."""
    email = email.strip().lower()
    if _is_locked(email, ip):
        raise SignInLocked(f"Too many failed attempts. Wait {settings.NPQ_LOGIN_WINDOW_MINUTES} minutes and try again.")
    user = authenticate(request, email=email, password=password)  # type: ignore[arg-type]
    with transaction.atomic():
        SignInAttempt.objects.create(
            email=email, ip_address=ip, succeeded=user is not None, method="password", attempted_at=clock.now()
        )
    if user is None:
        raise SignInFailed("Enter a correct email address and password")
    return user  # type: ignore[return-value]


def _hash_code(email: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{email}:{code}".encode(), hashlib.sha256).hexdigest()


def send_sign_in_code(email: str) -> None:
    """Email a six-digit code. The same message is shown whether or not the address is known."""
    email = email.strip().lower()
    code = f"{secrets.randbelow(10**6):06d}"
    now = clock.now()
    with transaction.atomic():
        OneTimeCode.objects.filter(email=email, used_at__isnull=True).update(used_at=now)
        OneTimeCode.objects.create(
            email=email,
            code_hash=_hash_code(email, code),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=settings.NPQ_OTP_MINUTES),
        )
    send_mail(
        "Your sign-in code for the NPQ Platform",
        f"Your code is {code}\n\nIt expires in {settings.NPQ_OTP_MINUTES} minutes. "
        "If you did not ask for it, you can ignore this email.",
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )


MAX_CODE_ATTEMPTS = 5


def sign_in_with_code(email: str, code: str, ip: str, *, full_name: str = "") -> User:
    """Check an emailed code; a first sign-in creates the participant's account."""
    email = email.strip().lower()
    code = "".join(ch for ch in code if ch.isdigit())
    if _is_locked(email, ip):
        raise SignInLocked(f"Too many failed attempts. Wait {settings.NPQ_LOGIN_WINDOW_MINUTES} minutes and try again.")
    now = clock.now()
    user: User | None = None
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(email=email, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        ok = (
            otp is not None
            and otp.attempts < MAX_CODE_ATTEMPTS
            and hmac.compare_digest(otp.code_hash, _hash_code(email, code))
        )
        SignInAttempt.objects.create(email=email, ip_address=ip, succeeded=ok, method="code", attempted_at=now)
        if otp is not None and not ok:
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
        if ok:
            assert otp is not None
            otp.used_at = now
            otp.save(update_fields=["used_at"])
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email, None, full_name=full_name or email.split("@")[0], role=Role.PARTICIPANT
                )
                audit.record(
                    audit.Actor.person(user), "user.created", user, after={"email": email, "role": "participant"}
                )
    # Raised after the block, so the failed attempt and its count are kept.
    if not ok or user is None:
        raise SignInFailed("The code is not correct or has expired. Check the email or ask for a new code.")
    if user.signs_in_with_password:
        raise SignInFailed("Staff sign in with a password")
    if not user.is_active:
        raise SignInFailed("This account has been closed")
    return user


# Participant records held in other apps that follow a person through a merge:
# (app label, model, person field, fields that are unique together with the person, what a clash means).
FOLLOWERS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("registration", "Application", "user", (), ""),
    ("declarations", "Declaration", "participant", (), ""),
    ("delivery", "Membership", "participant", ("delivery_cohort_id",), "places in the same delivery cohort"),
    ("delivery", "SignUp", "participant", ("session_id",), "sign-ups to the same session"),
    ("delivery", "Attendance", "participant", ("session_id",), "attendance at the same session"),
    ("delivery", "SelfEvaluation", "participant", ("delivery_cohort_id",), "self-evaluations in the same cohort"),
    ("delivery", "CheckpointResponse", "participant", ("checkpoint_id",), "responses to the same checkpoint"),
    ("assessment", "Extension", "participant", (), ""),
    ("assessment", "Submission", "participant", ("window_id", "attempt"), "the same attempt in one window"),
)


def _participant_uuid(value: object, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value).strip())
    except ValueError as exc:
        raise ValidationFailed(f"{value!r} is not a participant id", field=field) from exc


def _side(user: User) -> people_rules.Side:
    from npq.registration.models import Application, ApprovalStatus

    live = (
        Application.objects.filter(user=user, lead_provider_approval_status=ApprovalStatus.ACCEPTED)
        .exclude(training_status="withdrawn")
        .values_list("course__identifier", "cohort__identifier")
    )
    return people_rules.Side(
        participant_id=str(user.ecf_id),
        is_participant=user.role == Role.PARTICIPANT,
        retired=not user.is_active or ParticipantIdChange.objects.filter(from_participant_id=user.ecf_id).exists(),
        trn=user.trn,
        enrolments=tuple(live),
    )


def _clashes(retiring: User, keeping: User) -> tuple[str, ...]:
    from django.apps import apps

    found = []
    for app_label, model_name, field, keys, label in FOLLOWERS:
        if not keys:
            continue
        model = apps.get_model(app_label, model_name)
        mine = set(model.objects.filter(**{field: retiring}).values_list(*keys))
        if mine and mine & set(model.objects.filter(**{field: keeping}).values_list(*keys)):
            found.append(label)
    return tuple(found)


def _merge_case(
    from_participant_id: object, to_participant_id: object, *, lock: bool
) -> tuple[User, User, list[people_rules.Problem]]:
    old_id = _participant_uuid(from_participant_id, "from_participant_id")
    new_id = _participant_uuid(to_participant_id, "to_participant_id")
    people = User.objects.filter(ecf_id__in=[old_id, new_id]).order_by("pk")
    if lock:  # both people, in a fixed order, so two merges touching the same person queue
        people = people.select_for_update()
    found = {u.ecf_id: u for u in people}
    for wanted, field in ((old_id, "from_participant_id"), (new_id, "to_participant_id")):
        if wanted not in found:
            raise ValidationFailed(f"No person has the participant id {wanted}", field=field)
    retiring, keeping = found[old_id], found[new_id]
    case = people_rules.MergeCase(
        retiring=_side(retiring),
        keeping=_side(keeping),
        clashes=() if old_id == new_id else _clashes(retiring, keeping),
    )
    return retiring, keeping, people_rules.merge_problems(case)


def merge_preview(from_participant_id: object, to_participant_id: object) -> tuple[User, User, list[tuple[str, str]]]:
    """The two people and any reasons the merge would be refused (reads only; for the confirmation page)."""
    return _merge_case(from_participant_id, to_participant_id, lock=False)


def merge_participants(
    from_participant_id: object, to_participant_id: object, actor: audit.Actor
) -> ParticipantIdChange:
    """Merge a duplicate person into the one kept, in one transaction.

    The retired person's applications (with their training history), declarations and delivery
    and assessment records move to the kept person; the kept person takes over the retired one's
    earlier id changes, and a new ``ParticipantIdChange`` (from the retired id to the kept id) is
    appended. The retired person is closed (signs in no more, email archived) and keeps their row,
    so the retired id still resolves to the change (the API answers 410). Refusals are in
    :func:`npq.people.rules.merge_problems`.
    """
    from django.apps import apps

    with transaction.atomic():
        retiring, keeping, problems = _merge_case(from_participant_id, to_participant_id, lock=True)
        if problems:
            raise ValidationFailed("; ".join(message for _f, message in problems), field=problems[0][0])
        now = clock.now()
        moved: dict[str, int] = {}
        for app_label, model_name, field, _keys, _label in FOLLOWERS:
            model = apps.get_model(app_label, model_name)
            changes: dict[str, object] = {field: keeping}
            if any(f.name == "updated_at" for f in model._meta.get_fields()):
                changes["updated_at"] = now  # so filter[updated_since] finds the moved records
            count = model.objects.filter(**{field: retiring}).update(**changes)
            if count:
                moved[f"{app_label}.{model_name}"] = count
        earlier = ParticipantIdChange.objects.filter(user=retiring).update(user=keeping)
        # QuerySet.update sends no post_save, so the change feed has not seen the moved applications
        # yet: creating the change and saving the kept person below puts all of theirs on it.
        change = ParticipantIdChange.objects.create(
            user=keeping, from_participant_id=retiring.ecf_id, to_participant_id=keeping.ecf_id, changed_at=now
        )
        keeping_before = audit.snapshot(keeping, ["trn", "date_of_birth"])
        if not keeping.trn and retiring.trn:
            keeping.trn = retiring.trn
        if keeping.date_of_birth is None and retiring.date_of_birth is not None:
            keeping.date_of_birth = retiring.date_of_birth
        keeping.save()  # bumps updated_at and puts every application of the kept person on the change feed
        retiring_before = audit.snapshot(retiring, ["email", "is_active"])
        retiring.email = f"archived-{retiring.pk}-{retiring.email}"[:254]
        retiring.is_active = False
        retiring.save()
        b, a = audit.changes(keeping_before, audit.snapshot(keeping, ["trn", "date_of_birth"]))
        audit.record(
            actor,
            "participant.merged",
            keeping,
            before=b,
            after={
                **a,
                "from_participant_id": str(retiring.ecf_id),
                "to_participant_id": str(keeping.ecf_id),
                "moved": moved,
                "earlier_id_changes_moved": earlier,
            },
        )
        audit.record(
            actor,
            "participant.retired",
            retiring,
            before=retiring_before,
            after={**audit.snapshot(retiring, ["email", "is_active"]), "merged_into": str(keeping.ecf_id)},
        )
    return change

"""Use cases for people: create users, sign in with a password or an emailed code."""

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
from collections import Counter

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import identify_hasher
from django.db import models, transaction

from npq.core import audit, clock, mail
from npq.core.errors import NPQError, ValidationFailed
from npq.core.roles import Role
from npq.people import rules
from npq.people.models import OneTimeCode, SignInAttempt, User
from npq.reference.models import DeliveryPartner, LeadProvider

CREATED_FIELDS = ["email", "full_name", "role", "lead_provider_id", "delivery_partner_id"]


class SignInLocked(NPQError):
    code = "sign_in_locked"


class SignInFailed(NPQError):
    code = "sign_in_failed"


class CodeNotSent(NPQError):
    """Too many codes asked for in the last hour; ``next_at`` is when another may be sent."""

    code = "sign_in_code_limit"

    def __init__(self, message: str, next_at: dt.datetime) -> None:
        super().__init__(message)
        self.next_at = next_at


def create_user(
    actor: audit.Actor,
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None = None,
    password_hash: str | None = None,
    lead_provider: LeadProvider | None = None,
    delivery_partner: DeliveryPartner | None = None,
) -> User:
    """``password_hash`` instead of ``password``: one already hashed by ``make_password`` (the demo hashes
    its one published password once for all its staff, as hashing takes a noticeable time by design)."""
    email = email.strip().lower()
    _check_new_user(role, password, password_hash, lead_provider, delivery_partner)
    if User.objects.filter(email=email).exists():
        raise ValidationFailed(f"A user with the email {email} already exists", field="email")
    with transaction.atomic():
        user = User.objects.create_user(
            email,
            password,
            password_hash=password_hash,
            full_name=full_name,
            role=role,
            lead_provider=lead_provider,
            delivery_partner=delivery_partner,
        )
        audit.record(
            actor,
            "user.created",
            user,
            after=audit.snapshot(user, CREATED_FIELDS),
        )
    return user


@dataclasses.dataclass(frozen=True)
class NewUser:
    """One person for :func:`create_users`: the arguments of :func:`create_user`."""

    email: str
    full_name: str
    role: str
    password: str | None = None
    password_hash: str | None = None
    lead_provider: LeadProvider | None = None
    delivery_partner: DeliveryPartner | None = None


def create_users(actor: audit.Actor, people: list[NewUser]) -> list[User]:
    """:func:`create_user` for many people at once (a load, the demo): the same checks, one insert and one
    ``user.created`` event each, in one transaction; refuses them all if any is refused.

    A new user's ``post_save`` listeners (the change feed, webhooks) act only on changed users, so the
    single insert skips nothing they do."""
    emails = [p.email.strip().lower() for p in people]
    for person in people:
        _check_new_user(
            person.role, person.password, person.password_hash, person.lead_provider, person.delivery_partner
        )
    taken = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    taken |= {email for email, times in Counter(emails).items() if times > 1}
    if taken:
        raise ValidationFailed(f"A user with the email {sorted(taken)[0]} already exists", field="email")
    users = []
    for email, person in zip(emails, people, strict=True):
        user = User.objects.new_user(
            email,
            person.password,
            password_hash=person.password_hash,
            full_name=person.full_name,
            role=person.role,
            lead_provider=person.lead_provider,
            delivery_partner=person.delivery_partner,
        )
        # Unique email: checked above for all at once; the constraints are the role checks above.
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
        users.append(user)
    with transaction.atomic():
        User.objects.bulk_create(users)
        audit.record_many(actor, "user.created", list(users), [audit.snapshot(u, CREATED_FIELDS) for u in users])
    return users


def _check_new_user(
    role: str,
    password: str | None,
    password_hash: str | None,
    lead_provider: LeadProvider | None,
    delivery_partner: DeliveryPartner | None,
) -> None:
    if role not in Role.values:
        raise ValidationFailed(f"Unknown role {role!r}: choose one of {', '.join(Role.values)}", field="role")
    if role in (Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER, Role.QUALITY_LEAD) and lead_provider is None:
        raise ValidationFailed(f"A {Role(role).label} must belong to a lead provider", field="lead_provider")
    if role == Role.DELIVERY_PARTNER and delivery_partner is None:
        raise ValidationFailed("A delivery partner user must belong to a delivery partner", field="delivery_partner")
    if password and password_hash:
        raise ValidationFailed("Give a password or its hash, not both", field="password")
    if password_hash and not _is_password_hash(password_hash):
        raise ValidationFailed("The password hash is not one this service can check", field="password")
    if role != Role.PARTICIPANT and not (password or password_hash):
        raise ValidationFailed("Staff sign in with a password: give one", field="password")


def _is_password_hash(encoded: str) -> bool:
    try:
        identify_hasher(encoded)
    except ValueError:
        return False
    return True


def _window_start() -> dt.datetime:
    return clock.now() - dt.timedelta(minutes=settings.NPQ_LOGIN_WINDOW_MINUTES)


def _is_locked(email: str, ip: str) -> bool:
    recent = SignInAttempt.objects.filter(attempted_at__gte=_window_start(), succeeded=False)
    return rules.locked(
        failures_here=recent.filter(email=email, ip_address=ip).count(),
        failures_from_address=recent.filter(ip_address=ip).count() if ip else 0,
        failures_for_account=recent.filter(email=email).count(),
        limit=settings.NPQ_LOGIN_MAX_FAILURES,
    )


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
    return user


def _hash_code(email: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{email}:{code}".encode(), hashlib.sha256).hexdigest()


def _next_send_at(email: str, ip: str, now: dt.datetime) -> dt.datetime | None:
    hour = dt.timedelta(hours=1)
    since = OneTimeCode.objects.filter(created_at__gt=now - hour)
    by_email = rules.next_send_at(
        list(since.filter(email=email).values_list("created_at", flat=True)),
        settings.NPQ_CODES_PER_EMAIL_HOUR,
        hour,
        now,
    )
    by_address = (
        rules.next_send_at(
            list(since.filter(ip_address=ip).values_list("created_at", flat=True)),
            settings.NPQ_CODES_PER_ADDRESS_HOUR,
            hour,
            now,
        )
        if ip
        else None
    )
    return max((t for t in (by_email, by_address) if t is not None), default=None)


def send_sign_in_code(email: str, ip: str = "") -> None:
    """Email a six-digit code. The same message is shown whether or not the address is known.

    Codes already sent stay valid until used or expired (a new request never cancels them, so a
    flood of requests cannot keep someone from signing in); a few are sent per email address and
    per client address an hour, and :class:`CodeNotSent` says when the next may be sent."""
    email = email.strip().lower()
    code = f"{secrets.randbelow(10**6):06d}"
    now = clock.now()
    with transaction.atomic():
        # Serialise requests for one address, so a burst cannot slip past the count.
        list(OneTimeCode.objects.select_for_update().filter(email=email, created_at__gt=now - dt.timedelta(hours=1)))
        next_at = _next_send_at(email, ip, now)
        if next_at is not None:
            raise CodeNotSent("We have sent as many codes as we can for now", next_at)
        OneTimeCode.objects.create(
            email=email,
            ip_address=ip,
            code_hash=_hash_code(email, code),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=settings.NPQ_OTP_MINUTES),
        )
        mail.send(
            email,
            "Your sign-in code for the NPQ Platform",
            f"Your code is {code}\n\nIt expires in {settings.NPQ_OTP_MINUTES} minutes. "
            "If you did not ask for it, you can ignore this email.",
            kind="sign_in_code",
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
        live = list(
            OneTimeCode.objects.select_for_update()
            .filter(email=email, used_at__isnull=True, expires_at__gt=now, attempts__lt=MAX_CODE_ATTEMPTS)
            .order_by("-created_at")
        )
        wanted = _hash_code(email, code)
        # Every live code is compared, so no early exit tells which one matched.
        matches = [otp for otp in live if hmac.compare_digest(otp.code_hash, wanted)]
        ok = bool(matches)
        SignInAttempt.objects.create(email=email, ip_address=ip, succeeded=ok, method="code", attempted_at=now)
        if live and not ok:
            OneTimeCode.objects.filter(pk__in=[otp.pk for otp in live]).update(attempts=models.F("attempts") + 1)
        if ok:
            # Signed in: every code still out for this address is spent with it.
            OneTimeCode.objects.filter(pk__in=[otp.pk for otp in live]).update(used_at=now)
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

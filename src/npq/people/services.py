"""Use cases for people: create users, sign in with a password or an emailed code."""

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction

from npq.core import audit, clock, mail
from npq.core.errors import NPQError, ValidationFailed
from npq.core.roles import Role
from npq.people.models import OneTimeCode, SignInAttempt, User
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
    if role in (Role.LEAD_PROVIDER, Role.DELIVERY_PARTNER, Role.QUALITY_LEAD) and lead_provider is None:
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
    return user


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

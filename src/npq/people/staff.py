"""Staff user management by DfE admins: invite by email, change role, deactivate, reactivate.

An invited person gets an email (queued through the job runner by ``npq.core.mail``) with a
sign-in link that lets them choose a password. The link is a Django password-reset token: it
hashes the account's password and last sign-in, so it stops working once a password is set, and
it expires after ``PASSWORD_RESET_TIMEOUT``. Nothing about the link is stored.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from npq.core import audit, mail
from npq.core.errors import NPQError, ValidationFailed
from npq.core.models import AuditEvent
from npq.core.roles import Role
from npq.people import rules
from npq.people.models import User
from npq.reference.models import DeliveryPartner, LeadProvider

FIELDS = ["email", "full_name", "role", "lead_provider_id", "delivery_partner_id", "is_active"]
_tokens = PasswordResetTokenGenerator()


class InvitationInvalid(NPQError):
    code = "invitation_invalid"


def _check(role: str, provider: LeadProvider | None, partner: DeliveryPartner | None) -> None:
    problem = rules.organisation_problem(role, provider is not None, partner is not None)
    if problem is not None:
        raise ValidationFailed(problem[1], field=problem[0])
    if (
        partner is not None
        and provider is not None
        and not partner.partnerships.filter(lead_provider=provider).exists()
    ):
        raise ValidationFailed(f"{partner.name} does not deliver for {provider.name}", field="delivery_partner")


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("people:accept_invitation", kwargs={"uidb64": uid, "token": _tokens.make_token(user)})
    return settings.NPQ_PUBLIC_URL + path


def _send_invitation(user: User) -> None:
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    mail.send(
        user.email,
        "You have been invited to the NPQ Platform",
        f"Dear {user.full_name},\n\nYou have an account on the NPQ Platform as a {Role(user.role).label}. "
        f"Follow this link to choose your password and sign in:\n\n{invitation_link(user)}\n\n"
        f"The link works once and expires in {days} days. If you did not expect it, you can ignore this email.",
        kind="staff_invitation",
    )


def invite_staff(
    actor: audit.Actor,
    *,
    email: str,
    full_name: str,
    role: str,
    lead_provider: LeadProvider | None = None,
    delivery_partner: DeliveryPartner | None = None,
) -> User:
    """Create a staff account with no password and email the person a link to choose one."""
    email = email.strip().lower()
    _check(role, lead_provider, delivery_partner)
    if User.objects.filter(email=email).exists():
        raise ValidationFailed(f"Someone with the email {email} already has an account", field="email")
    with transaction.atomic():
        user = User.objects.create_user(
            email,
            None,
            full_name=full_name.strip(),
            role=role,
            lead_provider=lead_provider,
            delivery_partner=delivery_partner,
        )
        audit.record(actor, "user.invited", user, after=audit.snapshot(user, FIELDS))
        _send_invitation(user)
    return user


def resend_invitation(actor: audit.Actor, user: User) -> None:
    """A fresh link for someone who has not yet chosen a password (the old link keeps working)."""
    if user.has_usable_password():
        raise ValidationFailed(f"{user.email} has already chosen a password")
    with transaction.atomic():
        audit.record(actor, "user.invitation_resent", user, after={"email": user.email})
        _send_invitation(user)


def invited_user(uidb64: str, token: str) -> User:
    """The person an invitation link is for, or ``InvitationInvalid`` (used, expired or altered)."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        pk = 0
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not user.signs_in_with_password or not _tokens.check_token(user, token):
        raise InvitationInvalid("This link has been used or has expired. Ask a DfE admin to send you a new one.")
    return user


def accept_invitation(uidb64: str, token: str, password: str) -> User:
    """Set the invited person's password; the link stops working as the password changes."""
    user = invited_user(uidb64, token)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(audit.Actor.person(user), "user.password_chosen", user, after={"email": user.email})
    return user


def change_staff_role(
    actor: audit.Actor,
    user: User,
    *,
    role: str,
    lead_provider: LeadProvider | None,
    delivery_partner: DeliveryPartner | None,
) -> User:
    if user.role == Role.PARTICIPANT:
        raise ValidationFailed("Participants are not staff: their role cannot be changed here", field="role")
    _check(role, lead_provider, delivery_partner)
    if actor.type == AuditEvent.ActorType.PERSON and actor.id == str(user.pk) and role != user.role:
        raise ValidationFailed("You cannot change your own role: ask another DfE admin", field="role")
    with transaction.atomic():
        before = audit.snapshot(user, FIELDS)
        user.role, user.lead_provider, user.delivery_partner = role, lead_provider, delivery_partner
        user.save(update_fields=["role", "lead_provider", "delivery_partner", "updated_at"])
        audit.record(actor, "user.role_changed", user, before=before, after=audit.snapshot(user, FIELDS))
    return user


def set_staff_active(actor: audit.Actor, user: User, active: bool) -> User:
    """Deactivate (they can no longer sign in; sessions end at their next request) or reactivate."""
    if user.role == Role.PARTICIPANT:
        raise ValidationFailed("Participants are not managed here")
    if not active and actor.type == AuditEvent.ActorType.PERSON and actor.id == str(user.pk):
        raise ValidationFailed("You cannot deactivate your own account: ask another DfE admin")
    with transaction.atomic():
        before = audit.snapshot(user, FIELDS)
        user.is_active = active
        user.save(update_fields=["is_active", "updated_at"])
        audit.record(
            actor,
            "user.reactivated" if active else "user.deactivated",
            user,
            before=before,
            after=audit.snapshot(user, FIELDS),
        )
    return user

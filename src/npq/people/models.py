"""People who use the platform and the role each has."""

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager
from django.db import models

from npq.core.roles import Role
from npq.reference.models import DeliveryPartner, LeadProvider


class UserManager(BaseUserManager["User"]):
    def new_user(
        self, email: str, password: str | None = None, *, password_hash: str | None = None, **fields: object
    ) -> "User":
        """An unsaved user: the email normalised, the password hashed (``password_hash``: one already
        hashed by ``make_password``, kept as it is; neither: a password that cannot be used)."""
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password_hash:
            user.password = password_hash
        elif password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def create_user(
        self, email: str, password: str | None = None, *, password_hash: str | None = None, **fields: object
    ) -> "User":
        user = self.new_user(email, password, password_hash=password_hash, **fields)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("role", Role.DFE_ADMIN)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser):
    """A person. Participants sign in with an emailed code; staff with email and password.

    ``ecf_id`` is the public participant id in the Lead Provider API.
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    lead_provider = models.ForeignKey(
        LeadProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    delivery_partner = models.ForeignKey(
        DeliveryPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    ecf_id = models.UUIDField(unique=True, default=uuid.uuid4)
    trn = models.CharField(max_length=7, blank=True, db_index=True)
    date_of_birth = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # API filter[updated_since]

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="provider_user_has_provider",
                condition=~models.Q(role__in=["lead_provider", "delivery_partner"])
                | models.Q(lead_provider__isnull=False),
            ),
            models.CheckConstraint(
                name="partner_user_has_partner",
                condition=~models.Q(role="delivery_partner") | models.Q(delivery_partner__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    @property
    def is_staff(self) -> bool:  # the Django admin is for DfE admins only
        return self.is_active and self.role == Role.DFE_ADMIN

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return self.is_staff

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_staff

    @property
    def signs_in_with_password(self) -> bool:
        return self.role != Role.PARTICIPANT


class OneTimeCode(models.Model):
    """A sign-in code sent by email. Only a hash is kept; it expires and allows few attempts."""

    email = models.EmailField(db_index=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.CharField(max_length=45, blank=True, default="")  # who asked: for the per-address limit


class SignInAttempt(models.Model):
    """Each password or code attempt, for throttling and for the audit of sign-ins."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.CharField(max_length=45, blank=True)
    succeeded = models.BooleanField()
    method = models.CharField(max_length=10)  # password, code
    attempted_at = models.DateTimeField(db_index=True)


class ParticipantIdChange(models.Model):
    """When duplicate people are merged, the retired participant id points at the one kept.

    Appended by ``npq.identity.services.merge_participants``; ``from``, ``to`` and ``changed_at`` are
    never edited. ``user`` is the person who now holds the history: when that person is later
    merged into another, their earlier changes move with them (as the Department's service does),
    so the kept person's ``participant_id_changes`` lists every id that ever led to them."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="participant_id_changes")
    from_participant_id = models.UUIDField(unique=True)
    to_participant_id = models.UUIDField()
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.from_participant_id} -> {self.to_participant_id}"

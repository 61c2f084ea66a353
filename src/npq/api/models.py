"""Lead Provider API: bearer tokens (hashed), rate-limit windows and the change feed for gap-free sync."""

from django.db import models

from npq.reference.models import LeadProvider


class ApiToken(models.Model):
    """A bearer token for one lead provider. Only the SHA-256 of the token is kept; the token itself
    is shown once when created. A token stops working when revoked or after ``expires_at``."""

    lead_provider = models.ForeignKey(LeadProvider, on_delete=models.PROTECT, related_name="api_tokens")
    label = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise a token in logs")
    created_at = models.DateTimeField()
    created_by = models.CharField(max_length=200)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=200, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")

    class Meta:
        ordering = ["lead_provider__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"


class RateWindow(models.Model):
    """Requests made with one token in one fixed window (epoch seconds at the window's start)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="rate_windows")
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "window_start"], name="rate_window_unique")]


class ChangeEvent(models.Model):
    """One row per change to an application or its person, appended in the writing transaction.

    Read in id order up to a horizon below which every writer has committed (see
    :mod:`npq.api.changefeed`), so a cursor never passes a change that commits later.
    """

    id = models.BigAutoField(primary_key=True)
    lead_provider_id = models.BigIntegerField()
    application_id = models.BigIntegerField()
    user_id = models.BigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["lead_provider_id", "id"], name="change_feed_provider_id")]


class PageIndex(models.Model):
    """A cache for deep page numbers: every ``npq.api.anchors.EVERY``-th key of one provider's list in its
    default order, so page 400 starts from the nearest stored key instead of counting 39,900 records.

    Derived data, never shown and safe to delete. Valid while the provider has no change-feed event
    after ``version`` (every change that can add, remove or reorder a record of the list appends one).
    """

    lead_provider_id = models.BigIntegerField()
    list_name = models.CharField(max_length=20)
    version = models.BigIntegerField()
    keys = models.TextField()  # a JSON array of keys, read and written as text on every database
    built_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lead_provider_id", "list_name"], name="page_index_unique")]

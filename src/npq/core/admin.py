from django.contrib import admin

from npq.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is appended by services, never edited."""

    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "actor_type", "object_type"]
    search_fields = ["object_id", "actor_label"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

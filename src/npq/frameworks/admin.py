"""Django admin for frameworks and curricula: read-mostly.

Framework content comes from files (``npq frameworks load`` or the Frameworks page), is checked as
a whole there, and is published through ``services.publish_framework``. So the admin never adds
framework rows or changes a status. A published or retired version, and all its content, is
read-only here; a draft's wording (names, text, descriptions, dates) can be corrected, with an
audit event, and a draft no curriculum uses can be deleted so that a corrected file can be loaded.
Curricula are a provider's upload history and are read-only.
"""

from typing import Any

from django.contrib import admin
from django.db import models as dj
from django.http import HttpRequest

from npq.core import audit
from npq.frameworks import models

# Identity, relations and load facts: never editable, even on a draft.
FIXED = [
    "key",
    "version",
    "status",
    "file_name",
    "file_sha256",
    "loaded_at",
    "published_at",
    "framework",
    "qualification",
    "content_area",
    "task",
    "sid",
    "code",
    "part",
    "position",
    "number",
    "kind",
    "course",
    "qualifications",
    "parts",
    "word_limit",
    "conditions",
    "assessed",
]


def framework_of(obj: dj.Model | None) -> models.Framework | None:
    if obj is None or isinstance(obj, models.Framework):
        return obj
    return getattr(obj, "framework", None)


def is_draft(obj: dj.Model | None) -> bool:
    fw = framework_of(obj)
    return fw is not None and fw.status == models.FrameworkStatus.DRAFT


class FrameworkContentAdmin(admin.ModelAdmin):
    """Shared rules: no adding; published and retired content read-only; draft wording editable
    (audited); deleting only a whole draft version, not single rows."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not is_draft(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        opts = self.model._meta
        names = [f.name for f in [*opts.fields, *opts.many_to_many] if f.editable]
        if obj is None or not is_draft(obj):
            return names
        return [n for n in names if n in FIXED]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Only a draft reaches here (see has_change_permission); the admin's change view is atomic.
        changed = list(form.changed_data)
        before = self.model.objects.filter(pk=obj.pk).values(*changed).first() if changed else {}
        super().save_model(request, obj, form, change)
        if changed:
            audit.record(
                audit.Actor.person(request.user),
                f"{self.model._meta.model_name}.edited_in_admin",
                obj,
                before=before,
                after={name: getattr(obj, name) for name in changed},
            )


@admin.register(models.Framework)
class FrameworkAdmin(FrameworkContentAdmin):
    list_display = ["key", "version", "name", "status", "effective_from", "effective_to", "loaded_at"]
    list_filter = ["status", "key"]
    search_fields = ["key", "name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return False  # no bulk delete from the list
        allowed = admin.ModelAdmin.has_delete_permission(self, request, obj)
        return allowed and is_draft(obj) and not obj.curricula.exists()

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # Deleting a draft version takes its content with it; the content admins refuse deleting
        # single rows, which must not block deleting the whole version.
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(
            audit.Actor.person(request.user),
            "framework.deleted_in_admin",
            obj,
            before=audit.snapshot(obj, ["key", "version", "status", "file_name", "file_sha256"]),
        )
        super().delete_model(request, obj)


@admin.register(models.Qualification)
class QualificationAdmin(FrameworkContentAdmin):
    list_display = ["code", "name", "framework", "course"]
    list_filter = ["framework"]


@admin.register(models.ContentArea)
class ContentAreaAdmin(FrameworkContentAdmin):
    list_display = ["number", "name", "framework"]
    list_filter = ["framework"]


@admin.register(models.Statement)
class StatementAdmin(FrameworkContentAdmin):
    list_display = ["sid", "kind", "content_area", "framework", "official"]
    list_filter = ["framework", "kind", "official"]
    search_fields = ["sid", "text"]
    list_select_related = ["framework", "content_area"]


@admin.register(models.Behaviour)
class BehaviourAdmin(FrameworkContentAdmin):
    list_display = ["name", "framework", "assessed", "official"]
    list_filter = ["framework"]


@admin.register(models.AssessmentTask)
class AssessmentTaskAdmin(FrameworkContentAdmin):
    list_display = ["title", "qualification", "word_limit", "framework"]
    list_filter = ["framework"]
    list_select_related = ["framework", "qualification"]


@admin.register(models.Criterion)
class CriterionAdmin(FrameworkContentAdmin):
    list_display = ["code", "qualification", "task", "framework", "official"]
    list_filter = ["framework"]
    search_fields = ["code", "text"]
    list_select_related = ["framework", "qualification", "task"]


@admin.register(models.Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    """Read-only: a provider's uploads are history; a new upload is a new revision."""

    list_display = ["name", "lead_provider", "framework", "qualification", "revision", "uploaded_at", "uploaded_via"]
    list_filter = ["lead_provider", "framework"]
    list_select_related = ["lead_provider", "framework", "qualification"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

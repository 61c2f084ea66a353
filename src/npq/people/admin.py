from django.contrib import admin

from npq.people.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "role", "lead_provider", "delivery_partner", "is_active"]
    list_filter = ["role", "lead_provider"]
    search_fields = ["email", "full_name", "trn"]
    exclude = ["password"]
    readonly_fields = ["ecf_id", "last_login", "created_at", "updated_at"]

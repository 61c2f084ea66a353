"""Django admin for DfE admins: reference data that changes by hand between releases."""

from django.contrib import admin

from npq.reference import models


@admin.register(models.Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["name", "short_code", "identifier", "group", "display"]


@admin.register(models.Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["identifier", "description", "funding", "registration_start"]


@admin.register(models.Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["identifier", "cohort", "course_group", "applies_from", "applies_to"]
    list_filter = ["cohort", "course_group"]


@admin.register(models.LeadProvider)
class LeadProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "ecf_id"]


@admin.register(models.DeliveryPartner)
class DeliveryPartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(models.DeliveryPartnership)
class DeliveryPartnershipAdmin(admin.ModelAdmin):
    list_display = ["delivery_partner", "lead_provider", "cohort"]
    list_filter = ["lead_provider", "cohort"]


@admin.register(models.CourseOffering)
class CourseOfferingAdmin(admin.ModelAdmin):
    list_display = ["course", "cohort", "lead_provider"]
    list_filter = ["cohort", "lead_provider"]


@admin.register(models.School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "ukprn", "establishment_type_name", "la_name", "is_open"]
    search_fields = ["name", "urn", "ukprn", "postcode"]
    list_filter = ["is_open", "phase_name"]

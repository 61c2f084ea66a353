"""The roles a signed-in person can hold: one definition, used by models, pages and permissions."""

from django.db import models


class Role(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    LEAD_PROVIDER = "lead_provider", "Lead provider user"
    DELIVERY_PARTNER = "delivery_partner", "Delivery partner user"
    ASSESSOR = "assessor", "Assessor"
    DFE_ADMIN = "dfe_admin", "DfE admin"
    FINANCE_OFFICER = "finance_officer", "DfE finance officer"
    FINANCE_APPROVER = "finance_approver", "DfE finance approver"
    QUALITY_LEAD = "quality_lead", "Lead provider quality lead"
    INSPECTOR = "inspector", "Inspector"

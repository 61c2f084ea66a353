"""Which organisation a staff member must belong to for their role (pure: no Django, no I/O)."""

# Role values, as strings: rules may not import Django, and ``Role`` is a Django TextChoices.
PROVIDER_ROLES = frozenset({"lead_provider", "delivery_partner", "assessor", "quality_lead"})
PARTNER_ROLES = frozenset({"delivery_partner"})
STAFF_ROLES = frozenset(
    {
        "lead_provider",
        "delivery_partner",
        "assessor",
        "dfe_admin",
        "finance_officer",
        "finance_approver",
        "quality_lead",
        "inspector",
    }
)


def organisation_problem(role: str, has_provider: bool, has_partner: bool) -> tuple[str, str] | None:
    """``(field, message)`` when the role and the organisations given do not fit, else None.

    Provider-side roles need a lead provider; a delivery partner user also a partner; Department
    and inspection roles belong to no provider, so a provider given with them is refused rather
    than silently kept (it would widen what that person sees)."""
    if role not in STAFF_ROLES:
        return "role", "Select the person's role"
    if role in PROVIDER_ROLES and not has_provider:
        return "lead_provider", "Select the lead provider this person works for"
    if role in PARTNER_ROLES and not has_partner:
        return "delivery_partner", "Select the delivery partner this person works for"
    if role not in PROVIDER_ROLES and has_provider:
        return "lead_provider", "Department and inspection staff do not belong to a lead provider"
    if role not in PARTNER_ROLES and has_partner:
        return "delivery_partner", "Only delivery partner users belong to a delivery partner"
    return None

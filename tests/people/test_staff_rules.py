"""Which organisation a staff member must belong to for their role, as a table."""

import pytest

from npq.people.rules import organisation_problem


@pytest.mark.parametrize(
    ("role", "provider", "partner", "expected"),
    [
        ("dfe_admin", False, False, None),
        ("finance_officer", False, False, None),
        ("inspector", False, False, None),
        ("lead_provider", True, False, None),
        ("assessor", True, False, None),
        ("quality_lead", True, False, None),
        ("delivery_partner", True, True, None),
        ("lead_provider", False, False, "lead_provider"),
        ("delivery_partner", True, False, "delivery_partner"),
        ("delivery_partner", False, True, "lead_provider"),
        ("dfe_admin", True, False, "lead_provider"),
        ("lead_provider", True, True, "delivery_partner"),
        ("participant", False, False, "role"),
        ("superuser", False, False, "role"),
    ],
)
def test_organisation_problem(role: str, provider: bool, partner: bool, expected: str | None) -> None:
    problem = organisation_problem(role, provider, partner)
    assert (problem[0] if problem else None) == expected

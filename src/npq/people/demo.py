"""Demo staff for every role, all with the one demo password printed by `npq demo`."""

import functools
from typing import Any

from django.contrib.auth.hashers import get_hasher, make_password

from npq.core.audit import Actor
from npq.core.roles import Role
from npq.people.models import User
from npq.people.services import create_user
from npq.reference.models import DeliveryPartner, LeadProvider

DEMO_PASSWORD = "npq-demo-password"


def demo_password_hash() -> str:
    """The demo password hashed once for every demo staff member (each hash takes a noticeable time by design),
    by the hasher in use (tests use a faster one)."""
    return _hashed_by(get_hasher().algorithm)


@functools.cache
def _hashed_by(algorithm: str) -> str:
    return make_password(DEMO_PASSWORD, hasher=algorithm)


# (email, name, role, lead provider, delivery partner)
STAFF = [
    ("admin@dfe.example", "Dana Admin", Role.DFE_ADMIN, None, None),
    ("finance@dfe.example", "Femi Finance", Role.FINANCE_OFFICER, None, None),
    ("approver@dfe.example", "Abi Approver", Role.FINANCE_APPROVER, None, None),
    ("approver2@dfe.example", "Ben Second-Approver", Role.FINANCE_APPROVER, None, None),
    ("provider@ambition.example", "Aisha Patel", Role.LEAD_PROVIDER, "Ambition Institute", None),
    ("provider@teachfirst.example", "Tom Fielding", Role.LEAD_PROVIDER, "Teach First", None),
    ("provider@niot.example", "Nina Okafor", Role.LEAD_PROVIDER, "National Institute of Teaching", None),
    ("provider@ucl.example", "Uma Clarke", Role.LEAD_PROVIDER, "UCL Institute of Education", None),
    (
        "partner@ambition.example",
        "Paul Pennine",
        Role.DELIVERY_PARTNER,
        "Ambition Institute",
        "Pennine Teaching School Hub",
    ),
    (
        "partner@teachfirst.example",
        "Tess Thames",
        Role.DELIVERY_PARTNER,
        "Teach First",
        "Thames Estuary Teaching School Hub",
    ),
    ("assessor@ambition.example", "Arun Assessor", Role.ASSESSOR, "Ambition Institute", None),
    ("assessor2@ambition.example", "Beth Second", Role.ASSESSOR, "Ambition Institute", None),
    ("moderator@ambition.example", "Mo Moderator", Role.ASSESSOR, "Ambition Institute", None),
    ("quality@ambition.example", "Quentin Quayle", Role.QUALITY_LEAD, "Ambition Institute", None),
    ("quality@edt.example", "Esther Dunmore", Role.QUALITY_LEAD, "Education Development Trust", None),
    ("inspector@ofsted.example", "Ines Inspector", Role.INSPECTOR, None, None),
    ("inspector2@ofsted.example", "Hugh Second", Role.INSPECTOR, None, None),
]


def create_demo(out: Any) -> None:
    actor = Actor.command("demo")
    made = 0
    for email, name, role, provider, partner in STAFF:
        if User.objects.filter(email=email).exists():
            continue
        create_user(
            actor,
            email=email,
            full_name=name,
            role=role,
            password_hash=demo_password_hash(),
            lead_provider=LeadProvider.objects.get(name=provider) if provider else None,
            delivery_partner=DeliveryPartner.objects.get(name=partner) if partner else None,
        )
        made += 1
    out.write(f"Staff: {made} demo users created")


def sign_ins() -> list[tuple[str, str, str]]:
    return [
        (Role(role).label, email, (f"{provider}" if provider else "") + (f" / {partner}" if partner else ""))
        for email, _, role, provider, partner in STAFF
    ]

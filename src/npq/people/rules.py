"""People rules, pure (no Django, no I/O): which organisation a staff member must belong to for
their role; which address a request came from; when sign-in is locked and another code may be sent."""

import datetime as dt
import ipaddress
from collections.abc import Sequence

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


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The client's address. Each of our ``trusted_proxies`` appends the address it received the
    request from to X-Forwarded-For, so the client is the entry that many places from the right;
    anything further left was written by the client and proves nothing. With no trusted proxy (or
    a header that does not hold a valid address there) it is the connecting address."""
    if trusted_proxies <= 0:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if len(hops) < trusted_proxies:
        return remote_addr
    candidate = hops[-trusted_proxies]
    return candidate if _valid(candidate) else remote_addr


def next_send_at(sent: Sequence[dt.datetime], limit: int, window: dt.timedelta, now: dt.datetime) -> dt.datetime | None:
    """When another code may be sent, given the times codes were sent, or None if one may be sent now."""
    recent = sorted(t for t in sent if t > now - window)
    if len(recent) < limit:
        return None
    return recent[len(recent) - limit] + window


def locked(failures_here: int, failures_from_address: int, failures_for_account: int, limit: int) -> bool:
    """Whether a sign-in is refused. An address is locked after ``limit`` failures on one account
    and ``4 * limit`` in all; an account is locked everywhere only after ``4 * limit`` failures, so
    one address (which is stopped at ``limit`` on that account) cannot lock anyone else out."""
    return failures_here >= limit or failures_from_address >= 4 * limit or failures_for_account >= 4 * limit

"""Sign-in rules, pure: which address a request came from, and when another code may be sent."""

import datetime as dt
import ipaddress
from collections.abc import Sequence


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

import datetime as dt

import pytest

from npq.people import rules

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("10.0.0.5", "", 0, "10.0.0.5"),
        ("10.0.0.5", "203.0.113.66", 0, "10.0.0.5"),  # no trusted proxy: the header is ignored
        ("10.0.0.5", "203.0.113.66", 1, "203.0.113.66"),
        ("10.0.0.5", "1.2.3.4, 203.0.113.66", 1, "203.0.113.66"),  # the client's own entry proves nothing
        ("10.0.0.5", "203.0.113.66, 10.0.0.9", 2, "203.0.113.66"),
        ("10.0.0.5", "10.0.0.9", 2, "10.0.0.5"),  # fewer hops than proxies: not through them all
        ("10.0.0.5", "not-an-address", 1, "10.0.0.5"),
        ("10.0.0.5", "2001:db8::1", 1, "2001:db8::1"),
    ],
)
def test_client_address(remote, forwarded, trusted, expected):
    assert rules.client_address(remote, forwarded, trusted) == expected


@pytest.mark.parametrize(
    ("sent_minutes_ago", "limit", "expected_minutes_from_now"),
    [
        ([], 3, None),
        ([5, 10], 3, None),
        ([5, 10, 20], 3, 40),  # the oldest of the last three leaves the hour in 40 minutes
        ([1, 2, 3, 50], 3, 57),
        ([70, 80, 90], 3, None),  # older than an hour: not counted
    ],
)
def test_next_send_at(sent_minutes_ago, limit, expected_minutes_from_now):
    sent = [T0 - dt.timedelta(minutes=m) for m in sent_minutes_ago]
    expected = None if expected_minutes_from_now is None else T0 + dt.timedelta(minutes=expected_minutes_from_now)
    assert rules.next_send_at(sent, limit, HOUR, T0) == expected


@pytest.mark.parametrize(
    ("here", "from_address", "for_account", "locked"),
    [
        (4, 4, 4, False),
        (5, 5, 5, True),  # this address on this account
        (0, 20, 0, True),  # this address, whatever accounts it tried
        (0, 19, 19, False),  # other addresses' failures on this account, below the account cap
        (0, 0, 20, True),  # many addresses on one account
    ],
)
def test_locked(here, from_address, for_account, locked):
    assert rules.locked(here, from_address, for_account, limit=5) is locked

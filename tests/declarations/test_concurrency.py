"""Fifty identical declarations at once, over real HTTP to a live server on PostgreSQL: one payment."""

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.declarations.models import Declaration
from npq.finance import services as finance
from npq.finance.models import LineKind, StatementLine

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _started(application, partner):
    """A started declaration for ``application``, as the API takes it."""
    return {
        "type": "participant-declaration",
        "attributes": {
            "participant_id": str(application.user.ecf_id),
            "declaration_type": "started",
            "declaration_date": "2026-02-01T09:00:00Z",
            "course_identifier": "npq-headship",
            "delivery_partner_id": str(partner.ecf_id),
        },
    }


def test_fifty_concurrent_identical_declarations_give_one_payment(world, live_server, settings):
    settings.NPQ_API_RATE_LIMIT = 1000
    finance.create_statement(world.actor, world.provider, world.cohort, 2027, 1)  # open beyond the real today
    application = world.new_participant()
    _token, secret = create_token(world.provider, Actor.command("test"))
    payload = json.dumps({"data": _started(application, world.partner)}).encode()
    barrier = threading.Barrier(50)
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def send() -> None:
        request = urllib.request.Request(
            f"{live_server.url}/api/v3/participant-declarations",
            data=payload,
            method="POST",
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        )
        barrier.wait()
        outcome: tuple[int, str] = (0, "no answer")
        for _attempt in range(20):  # the test server's listen queue is short: retry a refused connection
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the live test server
                    outcome = (response.status, json.loads(response.read())["data"]["id"])
                break
            except urllib.error.HTTPError as error:
                outcome = (error.code, error.read().decode())
                break
            except (urllib.error.URLError, ConnectionError) as error:
                outcome = (0, str(error))
                time.sleep(0.05)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=send) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(results) == 50
    assert {status for status, _ in results} == {200}, results
    assert len({ident for _, ident in results}) == 1  # every request got the first record back
    billable = Declaration.objects.filter(application=application, state__in=["eligible", "payable", "paid"])
    assert billable.count() == 1
    assert Declaration.objects.filter(application=application).count() == 1
    assert StatementLine.objects.filter(declaration__application=application, kind=LineKind.OUTPUT).count() == 1


def test_concurrent_identical_batches_and_single_requests_store_and_bill_each_once(world, live_server, settings):
    """Three copies of one bulk batch and a single request for each of its participants, all at once: each
    participant's declaration is stored once and paid once, and every answer names that one declaration."""
    settings.NPQ_API_RATE_LIMIT = 1000
    finance.create_statement(world.actor, world.provider, world.cohort, 2027, 1)  # open beyond the real today
    people = [world.new_participant(trn=f"{4_000_000 + i}") for i in range(30)]
    _token, secret = create_token(world.provider, Actor.command("test"))

    batch = [_started(a, world.partner) for a in people]
    calls = [("/bulk", {"data": list(reversed(batch)) if n % 2 else batch}) for n in range(3)]
    calls += [("", {"data": i}) for i in batch]
    barrier = threading.Barrier(len(calls))
    seen: dict[str, set[str]] = {}
    failures: list[object] = []
    lock = threading.Lock()

    def send(path: str, payload: dict[str, object]) -> None:
        request = urllib.request.Request(
            f"{live_server.url}/api/v3/participant-declarations{path}",
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        )
        barrier.wait()
        for _attempt in range(20):  # the test server's listen queue is short: retry a refused connection
            try:
                with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - the live test server
                    answer = json.loads(response.read())
                break
            except urllib.error.HTTPError as error:
                with lock:
                    failures.append((error.code, error.read().decode()[:300]))
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        else:
            with lock:
                failures.append("no answer")
            return
        bodies = [a["body"] for a in answer["data"]] if path else [answer]
        with lock:
            for b in bodies:
                if "data" not in b:
                    failures.append(b)
                    continue
                attributes = b["data"]["attributes"]
                seen.setdefault(attributes["participant_id"], set()).add(b["data"]["id"])

    threads = [threading.Thread(target=send, args=call) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert failures == []
    assert len(seen) == 30 and all(len(ids) == 1 for ids in seen.values()), seen
    made = Declaration.objects.filter(application__in=people)
    assert made.count() == 30
    assert made.filter(state="eligible").count() == 30
    assert StatementLine.objects.filter(declaration__in=made, kind=LineKind.OUTPUT).count() == 30


def test_a_statement_being_added_to_cannot_turn_payable_until_the_declaration_commits(world):
    """The open statement a declaration claims is share-locked: other declarations may claim it too,
    but ``advance_statements`` (which locks it for update) must wait for them to commit."""
    import datetime as dt

    from django.db import OperationalError, connection, transaction

    from npq.finance import ledger
    from npq.finance.models import Statement

    april = Statement.objects.get(lead_provider=world.provider, month=4)
    held, release = threading.Event(), threading.Event()
    claimed: list[object] = []

    def declare_in_flight() -> None:
        try:
            with transaction.atomic():
                claimed.append(ledger.claim_open_statement(world.provider, world.cohort, dt.date(2026, 3, 10)))
                held.set()
                release.wait(30)
        finally:
            held.set()
            connection.close()

    other = threading.Thread(target=declare_in_flight)
    other.start()
    held.wait(30)
    try:
        assert claimed == [april]
        with transaction.atomic():  # a second declaration claims the same statement alongside
            assert ledger.claim_open_statement(world.provider, world.cohort, dt.date(2026, 3, 10)) == april
        with pytest.raises(OperationalError), transaction.atomic():  # what advancing it would have to wait for
            Statement.objects.select_for_update(nowait=True).get(pk=april.pk)
    finally:
        release.set()
        other.join()
    advanced = finance.advance_statements(world.actor, today=dt.date(2026, 3, 27))
    assert april in advanced
    assert ledger.claim_open_statement(world.provider, world.cohort, dt.date(2026, 3, 26)).month == 5

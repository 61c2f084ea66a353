"""The bulk endpoint checks a batch as a set: a fixed number of queries whatever its size, each item
still answered as if sent alone after the ones before it, and nothing stored or billed twice."""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from npq.api.tokens import create_token
from npq.core.audit import Actor
from npq.core.models import AuditEvent
from npq.declarations.models import Declaration, DeclarationStateChange, ParticipantOutcome
from npq.finance.models import StatementLine
from npq.webhooks import services as webhooks
from npq.webhooks.models import Delivery, Event
from npq.webhooks.rules import EventType
from tests.api.conftest import ApiClient
from tests.declarations.test_api import body

pytestmark = pytest.mark.django_db
BULK = "/api/v3/participant-declarations/bulk"
# Token, rate limit, then in one transaction: applications (locked), unknown ids' people and id changes,
# withdrawals, declarations, partners, milestones, contracts, statements (share-locked), other identities'
# declarations, then one insert each of declarations (and of duplicates of those), state changes, payment
# lines, audit events, the webhook endpoints asked, the earlier declarations read back for the repeats
# (with their lines, statements and outcomes), and the statements around the transaction.
BULK_BOUND = 30


@pytest.fixture
def client(world):
    _token, text = create_token(world.provider, Actor.command("test"))
    client = ApiClient(text)
    client.post(BULK, {"data": [body(world, world.new_participant(trn="1999999"))["data"]]})  # warm the token
    return client


def mixed(world, n, offset):
    """n participants with a TRN, each declared started and retained-1 in one batch, beside one of every
    kind of refusal, an identical earlier request, a repeat inside the batch and another identity's duplicate."""
    earlier = world.new_participant(trn=f"{offset + 99:07d}")
    people = [world.new_participant(trn=f"{offset + i:07d}") for i in range(n)]
    twin = world.new_participant(trn=f"{offset:07d}")  # the same person as people[0] under another identity
    withdrawn = world.new_participant(training_status="withdrawn")
    items = []
    for application in people:
        items.append(body(world, application)["data"])
        items.append(body(world, application, "retained-1", declaration_date="2026-02-02T09:00:00Z")["data"])
    items += [
        body(world, people[0])["data"],  # the same request again: repeat
        body(world, people[1], declaration_date="2026-02-03T09:00:00Z")["data"],  # a second started: refused
        body(world, twin)["data"],  # another identity's duplicate: stored ineligible, not billed
        body(world, earlier)["data"],  # declared before the batch: repeat, read back as it is now
        body(world, withdrawn)["data"],  # withdrawn with no withdrawal recorded
        body(world, people[0], participant_id=str(uuid.uuid4()))["data"],  # nobody
        body(world, world.new_participant(lead_provider=world.other_provider))["data"],  # another provider's
        body(world, people[0], delivery_partner_id=str(uuid.uuid4()))["data"],  # unknown partner
        {"type": "participant-declaration", "attributes": {"participant_id": "x"}},  # malformed
    ]
    return earlier, items


def _post(client, items):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(BULK, {"data": items})
    assert response.status_code == 200, response.content
    return [q["sql"] for q in captured.captured_queries], response.json()


def _writes(statements):
    """The tables inserted into, in order, one entry per bulk insert. Django splits an insert on SQLite
    at its 999-parameter limit (never on PostgreSQL): consecutive inserts into one table are one write."""
    tables = [re.match(r'INSERT INTO "?(\w+)', s).group(1) for s in statements if s.startswith("INSERT")]
    return [t for n, t in enumerate(tables) if n == 0 or tables[n - 1] != t]


@pytest.mark.parametrize("endpoint", [False, True], ids=["no webhooks", "webhook endpoint"])
def test_a_batch_takes_the_same_number_of_queries_whatever_its_size(world, client, endpoint):
    if endpoint:
        webhooks.register_endpoint(
            world.provider, world.actor, "http://127.0.0.1:9/hook", [EventType.DECLARATION_STATE_CHANGED.value]
        )
    runs = []
    for n, offset in ((3, 1_000_000), (60, 2_000_000)):
        earlier, items = mixed(world, n, offset)
        client.post(BULK, {"data": [body(world, earlier)["data"]]})
        statements, answer = _post(client, items)
        assert answer["meta"] == {"created": 2 * n + 1, "repeat": 2, "error": 6}, answer["meta"]
        runs.append(statements)
    small, large = runs
    reads = [[s for s in run if not s.startswith("INSERT")] for run in runs]
    assert len(reads[0]) == len(reads[1]), reads
    assert _writes(small) == _writes(large)
    assert "declarations_declaration" in _writes(small)
    if connection.vendor == "postgresql":
        assert len(small) == len(large)
    assert len(small) <= BULK_BOUND, small


def test_items_are_checked_in_order_as_if_sent_one_after_another(world, client):
    earlier, items = mixed(world, 3, 3_000_000)
    client.post(BULK, {"data": [body(world, earlier)["data"]]})
    answers = client.post(BULK, {"data": items}).json()["data"]
    outcomes = [a["outcome"] for a in answers]
    assert outcomes == ["created"] * 6 + ["repeat", "error", "created", "repeat"] + ["error"] * 5
    assert answers[6]["body"] == answers[0]["body"]  # the repeat inside the batch answers with the first
    refused = answers[7]["body"]["errors"][0]["detail"]
    assert refused == "A started declaration has already been submitted for this course"
    twin = answers[8]["body"]["data"]["attributes"]
    assert (twin["state"], twin["ineligible_for_funding_reason"], twin["statement_id"]) == (
        "ineligible",
        "duplicate_declaration",
        None,
    )
    first = Declaration.objects.get(ecf_id=answers[0]["body"]["data"]["id"])
    assert Declaration.objects.get(ecf_id=answers[8]["body"]["data"]["id"]).superseded_by == first
    assert "withdrawn but has no withdrawal recorded" in answers[10]["body"]["errors"][0]["detail"]
    # Stored once and billed once: 6 declarations of the 3 people, the twin's, and the earlier one.
    made = Declaration.objects.filter(application__lead_provider=world.provider, participant__trn__startswith="3")
    assert made.count() == 8
    assert StatementLine.objects.filter(declaration__in=made, kind="output").count() == 7
    assert DeclarationStateChange.objects.filter(declaration__in=made).count() == 8
    created = {a["body"]["data"]["id"] for a in answers if a["outcome"] == "created"}
    audited = set(AuditEvent.objects.filter(action="declaration.created").values_list("object_id", flat=True))
    assert {str(d.pk) for d in Declaration.objects.filter(ecf_id__in=created)} <= audited
    # Sent again: every item that was created answers repeat, and nothing more is stored or billed.
    again = client.post(BULK, {"data": items}).json()["data"]
    assert [a["outcome"] for a in again] == ["repeat" if o == "created" else o for o in outcomes]
    assert made.count() == 8
    assert StatementLine.objects.filter(declaration__in=made, kind="output").count() == 7


def test_a_webhook_event_per_declaration_and_one_job_per_participant(world, client):
    webhooks.register_endpoint(
        world.provider, world.actor, "http://127.0.0.1:9/hook", [EventType.DECLARATION_STATE_CHANGED.value]
    )
    jobs_before = DBTaskResult.objects.count()
    people = [world.new_participant() for _ in range(4)]
    items = [body(world, a)["data"] for a in people]
    items += [body(world, a, "retained-1", declaration_date="2026-02-02T09:00:00Z")["data"] for a in people]
    answers = client.post(BULK, {"data": items}).json()["data"]
    assert {a["outcome"] for a in answers} == {"created"}
    events = list(Event.objects.filter(type=EventType.DECLARATION_STATE_CHANGED.value).order_by("id"))
    assert [e.data["declaration_id"] for e in events] == [a["body"]["data"]["id"] for a in answers]
    assert Delivery.objects.filter(event__in=events).count() == 8
    # The first delivery of each participant is queued now; the second waits for it (order per participant).
    assert DBTaskResult.objects.count() - jobs_before == 4


def test_a_new_declarations_related_rows_are_its_own_without_reading_them(world):
    """The lines and outcomes held on a declaration just written are its own, and refining them still
    filters on it (the held relation is the related manager's queryset, not every row of the model)."""
    from npq.declarations.services import record_declaration

    first, _ = record_declaration(world.provider, world.actor, world.declare(world.new_participant()))
    second, _ = record_declaration(world.provider, world.actor, world.declare(world.new_participant()))
    with CaptureQueriesContext(connection) as captured:
        held = list(second.statement_lines.all())
    assert len(captured.captured_queries) == 0
    assert [line.declaration_id for line in held] == [second.pk]
    assert list(second.statement_lines.filter(kind="output")) == held
    assert second.outcomes.filter(state="passed").count() == 0
    assert StatementLine.objects.filter(declaration=first).count() == 1


def test_every_milestone_of_a_participant_in_one_batch_with_the_outcome(world, client):
    application = world.new_participant()
    kinds = ("started", "retained-1", "retained-2", "completed")
    items = [
        body(world, application, kind, declaration_date=f"2026-02-0{day}T09:00:00Z")["data"]
        for day, kind in enumerate(kinds, start=1)
    ]
    items[3]["attributes"]["has_passed"] = True
    answers = client.post(BULK, {"data": items}).json()["data"]
    assert [a["outcome"] for a in answers] == ["created"] * 4, answers
    completed = answers[3]["body"]["data"]
    assert completed["attributes"]["has_passed"] is True
    assert client.get(f"/api/v3/participant-declarations/{completed['id']}").json()["data"] == completed
    assert ParticipantOutcome.objects.filter(declaration__ecf_id=completed["id"], state="passed").count() == 1
    assert StatementLine.objects.filter(declaration__application=application, kind="output").count() == 4

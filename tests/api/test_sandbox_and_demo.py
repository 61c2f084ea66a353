import io

import pytest
from django.core.management import call_command

from npq.api.demo import create_demo as api_demo
from npq.api.demo import demo_token
from npq.people.models import ParticipantIdChange, Role
from npq.reference.models import LeadProvider
from npq.registration.models import Application
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_sandbox_seed_makes_participants_in_several_states(reference, settings):
    settings.NPQ_SANDBOX = True
    out = io.StringIO()
    call_command("sandbox", "seed", "--provider", "Ambition Institute", stdout=out)
    text = out.getvalue()
    assert "Sandbox participants for Ambition Institute" in text
    statuses = set(Application.objects.values_list("lead_provider_approval_status", flat=True))
    assert statuses == {"pending", "accepted", "rejected"}
    accepted = Application.objects.filter(lead_provider_approval_status="accepted")
    assert all(a.schedule_id for a in accepted)
    change = ParticipantIdChange.objects.get()  # one duplicate merged into an accepted participant
    assert "was merged into" in text
    kept = change.user
    assert Application.objects.filter(user=kept, lead_provider_approval_status="pending").exists()


def test_sandbox_seed_refused_outside_sandbox(reference, settings):
    from django.core.management.base import CommandError

    settings.NPQ_SANDBOX = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="NPQ_SANDBOX"):
        call_command("sandbox", "seed", "--provider", "Ambition Institute")


def test_api_demo_tokens_work_and_are_idempotent(reference, make_user):
    make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    out = io.StringIO()
    api_demo(out)
    api_demo(out)
    text = demo_token(LeadProvider.objects.get(name="Ambition Institute"))
    assert out.getvalue().count(f"API token for Ambition Institute: {text}") == 2
    assert ApiClient(text).get("/api/v3/npq-applications").status_code == 200


def test_openapi_command_matches_committed_file(capsys):
    import json
    from pathlib import Path

    call_command("openapi")
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((Path(__file__).resolve().parents[2] / "docs/api/openapi-v3.json").read_text())
    assert printed == committed, "run: npq openapi > docs/api/openapi-v3.json"
    assert "/api/v3/participants/npq/{id}/withdraw" in printed["paths"]


def test_docs_and_guidance_pages(client):
    from tests.conftest import h1

    assert client.get("/api/docs/v3").status_code == 200
    assert client.get("/api/v3/openapi.json").json()["info"]["title"] == "NPQ Lead Provider API"
    index = client.get("/api/guidance")
    assert h1(index) == "Lead Provider API guidance"
    sync = client.get("/api/guidance/sync")
    assert h1(sync) == "Keeping in sync without missing records"
    assert "page[cursor]" in sync.content.decode()
    assert client.get("/api/guidance/nothing").status_code == 404

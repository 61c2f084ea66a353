"""Every write of an API-visible record reaches the change feed (page[cursor]).

The feed hangs on post_save of Application, User and ParticipantIdChange. QuerySet.update,
bulk_create and bulk_update send no post_save, so each such write of those models in the
application code is listed here with how the feed sees it; a new one fails the scan until it is
looked at. The merge, the one write that moves applications in bulk, is also checked end to end.
"""

import ast
from pathlib import Path

import pytest

from npq.core.audit import Actor
from npq.identity.services import merge_participants
from npq.people.models import User
from npq.training.services import accept_application

SRC = Path(__file__).resolve().parents[2] / "src" / "npq"
FED = {"Application", "User", "ParticipantIdChange"}
BULK = {"update", "bulk_create", "bulk_update"}
# (file, model) -> why the feed still sees the change.
KNOWN: dict[tuple[str, str], str] = {
    ("identity/services.py", "ParticipantIdChange"): (
        "merge_participants moves earlier id changes to the kept person, then creates a ParticipantIdChange "
        "and saves the kept person: both post_save receivers put every application of the kept person "
        "(the moved ones included) on the feed; test_merge_moves_applications_onto_the_feed checks it"
    ),
    ("people/services.py", "User"): (
        "create_users inserts new people only; the feed's and the webhooks' User receivers act on changed "
        "users and return on created ones (a new person has no application yet), so there is nothing to feed"
    ),
}


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def bulk_writes() -> set[tuple[str, str]]:
    found = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in BULK:
                root = _root_name(node.func.value)
                if root in FED:
                    found.add((str(path.relative_to(SRC)), root))
    return found


def test_no_unexamined_bulk_write_of_a_fed_model():
    assert bulk_writes() - set(KNOWN) == set(), "a bulk write bypasses the change feed: call record_applications"


def test_the_scan_finds_bulk_writes(tmp_path, monkeypatch):
    """The scan itself works: a planted bulk update of applications is found."""
    planted = tmp_path / "npq"
    (planted / "x").mkdir(parents=True)
    (planted / "x" / "services.py").write_text(
        "def f(ids):\n    Application.objects.filter(pk__in=ids).update(funded_place=True)\n"
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["SRC"]), "SRC", planted)
    assert bulk_writes() == {("x/services.py", "Application")}


@pytest.mark.django_db
def test_merge_moves_applications_onto_the_feed(api_as, make_application):
    """Applications moved by QuerySet.update in a merge reach a client syncing by cursor."""
    keep = User.objects.create_user("kept@school.example", full_name="Kept")
    retire = User.objects.create_user("retired@school.example", full_name="Retired")
    app = make_application(user=retire)
    accept_application(app, Actor.command("test"), funded_place=True)
    api = api_as()
    first = api.get("/api/v3/participants/npq", {"page[cursor]": "0"}).json()
    assert [d["id"] for d in first["data"]] == [str(retire.ecf_id)]
    merge_participants(retire.ecf_id, keep.ecf_id, Actor.command("test"))
    after = api.get("/api/v3/participants/npq", {"page[cursor]": first["meta"]["next_cursor"]}).json()
    assert [d["id"] for d in after["data"]] == [str(keep.ecf_id)]
    enrolment = after["data"][0]["attributes"]["npq_enrolments"][0]
    assert enrolment["npq_application_id"] == str(app.ecf_id)
    assert after["data"][0]["attributes"]["participant_id_changes"][0]["from_participant_id"] == str(retire.ecf_id)
    apps = api.get("/api/v3/npq-applications", {"page[cursor]": "0", "page[per_page]": "100"}).json()["data"]
    assert apps[-1]["attributes"]["participant_id"] == str(keep.ecf_id)

"""DfE search and the person page, from which a merge starts with the ids filled in."""

import pytest

from npq.declarations.services import record_declaration
from npq.people.models import Role
from tests.conftest import h1, html
from tests.declarations.conftest import frozen_clock, world  # noqa: F401 - fixtures used below

__all__ = ["frozen_clock", "world"]
pytestmark = pytest.mark.django_db


def test_dfe_searches_a_trn_opens_the_person_and_starts_a_merge(world, client_as):
    application = world.new_participant(trn="1234567")
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    world.new_participant(trn="7654321")
    client = client_as(world.admin)
    found = client.get("/participants/search", {"q": "1234567"})
    links = html(found).select("tbody a")
    assert [a.get_text(strip=True) for a in links] == [application.user.full_name]
    person = client.get(links[0]["href"])
    assert h1(person) == application.user.full_name
    text = html(person).get_text(" ")
    assert str(application.ecf_id) in text and str(declaration.ecf_id) in text
    assert "Ambition Institute, April 2026" in text  # the statement the declaration is paid on
    merge_link = html(person).find("a", string=lambda s: s and "Merge this participant into another" in s)
    merge = client.get(merge_link["href"])
    assert html(merge).select_one("#from_participant_id")["value"] == str(application.user.ecf_id)


@pytest.mark.parametrize("by", ["declaration", "email", "name"])
def test_search_finds_a_person_by_any_of_their_ids(world, client_as, by):
    application = world.new_participant()
    declaration, _ = record_declaration(world.provider, world.actor, world.declare(application))
    query = {
        "declaration": str(declaration.ecf_id),
        "email": application.user.email.upper(),
        "name": application.user.full_name[2:9],
    }[by]
    found = client_as(world.admin).get("/participants/search", {"q": query})
    assert [a.get_text(strip=True) for a in html(found).select("tbody a")] == [application.user.full_name]


def test_providers_cannot_search_people(world, client_as, make_user):
    provider = make_user(Role.LEAD_PROVIDER, provider="Ambition Institute")
    assert client_as(provider).get("/participants/search", {"q": "a"}).status_code == 403

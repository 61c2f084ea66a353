"""The workplace type-ahead's JSON search, and the early years setting chosen from Ofsted's register."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from npq.people.models import Role
from npq.registration.models import Application
from npq.registration.views.workplaces import MAX_QUERY_LENGTH, MAX_RESULTS
from tests.conftest import error_summary, h1, html
from tests.factories import make_childcare_provider, make_school
from tests.registration.test_journey import answer, finish

pytestmark = pytest.mark.django_db


def found(client, query, kind="school"):
    response = client.get("/workplaces/search", {"q": query, "kind": kind})
    assert response.status_code == 200, response.content
    return [(r["value"], r["name"]) for r in response.json()["results"]]


@pytest.fixture
def providers(reference):
    return {
        "acorns": make_childcare_provider(
            "EY900101", "Little Acorns Day Nursery", town="Tiverton", provider_type="Nursery"
        ),
        "childminder": make_childcare_provider("EY900103", "", town=""),
        "resigned": make_childcare_provider("EY900107", "Little Acorns Kids Club", is_active=False),
    }


@pytest.mark.parametrize(
    "query",
    ["St Marys", "st mary's primary", "St Marys primry", "100001", "Tiverton", "saint marys tiverton"],
)
def test_school_type_ahead_finds_by_name_urn_town_and_forgives_typos(client, schools, query):
    assert found(client, query) == [("100001", "St Mary's C of E Primary School")]


def test_each_result_says_where_the_school_is(client, schools):
    result = client.get("/workplaces/search", {"q": "St Marys"}).json()["results"][0]
    assert result == {
        "value": "100001",
        "name": "St Mary's C of E Primary School",
        "hint": "Tiverton, LS1 1AA – URN 100001",
    }


def test_closed_schools_are_not_suggested(client, schools):
    closed = make_school("100009", "St Marys Closed Infant School", town="Tiverton")
    closed.is_open = False
    closed.save()
    assert [urn for urn, _ in found(client, "St Marys")] == ["100001"]


def test_results_are_bounded(client, reference):
    for number in range(MAX_RESULTS + 5):
        make_school(f"2000{number:02d}", f"Oakwood Primary School {number}")
    assert len(found(client, "Oakwood")) == MAX_RESULTS


def test_short_queries_do_not_touch_the_database(client, schools):
    with CaptureQueriesContext(connection) as queries:
        assert found(client, "s") == [] and found(client, " ' ") == []
    assert len(queries) == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, f"at most {MAX_QUERY_LENGTH} characters"),
        ({"q": "St Marys", "kind": "hospital"}, "kind must be one of school, childcare"),
    ],
)
def test_bad_searches_are_refused(client, schools, params, message):
    response = client.get("/workplaces/search", params)
    assert response.status_code == 400
    assert message in response.json()["errors"][0]["detail"]


def test_only_get(client, schools):
    assert client.post("/workplaces/search", {"q": "St Marys"}).status_code == 405


def test_childcare_type_ahead_by_ofsted_urn_and_name_active_only(client, providers):
    assert found(client, "EY900101", "childcare") == [("EY900101", "Little Acorns Day Nursery")]
    assert found(client, "EY900103", "childcare") == [("EY900103", "Childminder in Leeds")]
    assert found(client, "little acorns", "childcare") == [("EY900101", "Little Acorns Day Nursery")]
    assert found(client, "EY900107", "childcare") == []  # no longer registered


def walk_to_ofsted_urn(client, kind_of_nursery="private_nursery"):
    client.get("/registration/")
    answer(client, "course_start", {"cohort": "2026b"})
    answer(client, "provider_check", {"provider_check": "yes"})
    answer(client, "teacher_catchment", {"teacher_catchment": "england"})
    answer(client, "work_setting", {"work_setting": "early_years_or_childcare"}, "/registration/kind_of_nursery")
    answer(client, "kind_of_nursery", {"kind_of_nursery": kind_of_nursery}, "/registration/have_ofsted_urn")
    answer(client, "have_ofsted_urn", {"have_ofsted_urn": "yes"}, "/registration/ofsted_urn")


@pytest.fixture
def participant(make_user, client_as, providers):
    user = make_user(Role.PARTICIPANT)
    return user, client_as(user)


def test_early_years_setting_is_found_by_ofsted_urn_without_javascript(participant):
    user, client = participant
    walk_to_ofsted_urn(client)
    page = client.get("/registration/ofsted_urn", {"q": "EY900101"})
    assert h1(page) == "Which early years setting do you work in?"
    radios = [
        (r["value"], r.find_parent("div").get_text(" ", strip=True)) for r in html(page).select("input[type=radio]")
    ]
    assert radios == [("EY900101", "Little Acorns Day Nursery Tiverton – Ofsted URN EY900101")]
    answer(client, "ofsted_urn", {"ofsted_urn": "EY900101"}, "/registration/course")
    answer(client, "course", {"course": "npq-early-years-leadership"}, "/registration/funding")
    answer(client, "funding", {}, "/registration/choose_provider")
    finish(client)
    check = client.get("/registration/check-answers")
    assert "Little Acorns Day Nursery (Ofsted URN EY900101)" in html(check).get_text()
    client.post("/registration/check-answers")
    app = Application.objects.get(user=user)
    assert app.private_childcare_provider.ofsted_urn == "EY900101"
    assert app.private_childcare_provider_urn == "EY900101" and app.school is None


@pytest.mark.parametrize("urn", ["EY900107", "EY999999", "", "100001"])
def test_a_setting_not_on_the_register_is_refused(participant, urn):
    user, client = participant
    walk_to_ofsted_urn(client)
    response = client.post("/registration/ofsted_urn", {"ofsted_urn": urn})
    assert response.status_code == 400
    assert error_summary(response) == ["Select your early years setting from the list, or search again"]


def test_no_setting_found_offers_the_way_back(participant):
    user, client = participant
    walk_to_ofsted_urn(client)
    page = html(client.get("/registration/ofsted_urn", {"q": "EY123999"}))
    assert "No open childcare setting matches" in page.select_one("#no-results").get_text()
    assert page.find("a", string="go back and answer ‘No’")["href"] == "/registration/have_ofsted_urn"

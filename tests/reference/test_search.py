"""Workplace search: one box over name, URN, UKPRN, postcode and town, forgiving typos."""

import pytest

from npq.reference import search
from npq.reference.models import School

pytestmark = pytest.mark.django_db


def add(urn, name, *, town="Leeds", postcode="LS1 4AB", ukprn="", is_open=True, type_code="1"):
    school = School(
        urn=urn,
        name=name,
        town=town,
        postcode=postcode,
        ukprn=ukprn,
        is_open=is_open,
        establishment_type_code=type_code,
    )
    school.search_text = search.search_text_for(school)
    school.save()
    return school


@pytest.fixture
def schools():
    return {
        "marys": add(
            "100001", "St Mary's C of E Primary School", town="Tiverton", postcode="EX16 4AA", ukprn="10012345"
        ),
        "marys_closed": add("100002", "St Mary's Church of England Infant School", town="Tiverton", is_open=False),
        "brookside": add("100003", "Brookside Primary School", town="Birmingham", postcode="B19 8JA"),
        "academy": add("100004", "Oakfield Academy", town="Sheffield", postcode="S1 2BB"),
    }


def names(query):
    return [s.name for s in search.schools(query)]


def test_apostrophes_and_church_of_england_are_normalised(schools):
    assert names("St Marys") == ["St Mary's C of E Primary School", "St Mary's Church of England Infant School"]
    assert names("saint mary's church of england primary") == ["St Mary's C of E Primary School"]


def test_open_schools_come_first(schools):
    assert names("marys")[-1] == "St Mary's Church of England Infant School"


def test_words_in_any_order_and_partial_words(schools):
    assert names("primary brook") == ["Brookside Primary School"]
    assert names("tiverton primary") == ["St Mary's C of E Primary School"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("100003", "Brookside Primary School"),
        ("10012345", "St Mary's C of E Primary School"),
        ("B19 8JA", "Brookside Primary School"),
        ("b198ja", "Brookside Primary School"),
        ("sheffield", "Oakfield Academy"),
    ],
)
def test_urn_ukprn_postcode_and_town(schools, query, expected):
    assert names(query) == [expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Brokside", "Brookside Primary School"),  # a letter missing
        ("Brookxide primary", "Brookside Primary School"),  # a wrong letter
        ("Oakfeild", "Oakfield Academy"),  # two letters swapped
        ("Oakfieldd acadmy", "Oakfield Academy"),  # one extra letter, one missing
    ],
)
def test_typos_are_forgiven(schools, query, expected):
    assert names(query) == [expected]


def test_nonsense_finds_nothing_and_empty_query_finds_nothing(schools):
    assert names("zzzqqq") == []
    assert names("   ") == []
    assert names("100999") == []


def test_index_is_rebuilt_when_schools_change(schools):
    assert names("Elmtree") == []
    assert names("Elmtre") == []
    add("100005", "Elmtree Nursery School", type_code="15")
    assert names("Elmtre primary") == []
    assert names("Elmtee") == ["Elmtree Nursery School"]

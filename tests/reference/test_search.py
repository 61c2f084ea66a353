"""Workplace search: one box over name, URN, UKPRN, postcode and town, forgiving typos."""

import pytest

from npq.reference import search
from npq.reference.models import ChildcareProvider, School
from tests.factories import make_school

pytestmark = pytest.mark.django_db


def add(urn, name, *, postcode="LS1 4AB", la_code="", **fields):
    return make_school(urn, name, postcode=postcode, la_code=la_code, **fields)


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


def add_childcare(urn, name, *, town="Leeds", postcode="LS2 7QQ", local_authority="Leeds", is_active=True):
    provider = ChildcareProvider(
        ofsted_urn=urn,
        name=name,
        town=town,
        postcode=postcode,
        local_authority=local_authority,
        provider_type="Childcare on non-domestic premises",
        is_active=is_active,
    )
    provider.search_text = search.search_text_for_childcare(provider)
    provider.save()
    return provider


@pytest.fixture
def childcare():
    return {
        "acorns": add_childcare("EY900101", "Little Acorns Day Nursery", town="Tiverton", postcode="EX16 5AB"),
        "childminder": add_childcare("EY900103", "", town="", postcode="", local_authority="Leeds"),
        "old": add_childcare("2654321", "Riverside Playgroup", town="Exeter", postcode="EX2 4AN"),
        "resigned": add_childcare("EY900107", "Little Acorns Kids Club", town="Sheffield", is_active=False),
    }


def childcare_names(query):
    return [p.display_name for p in search.childcare_providers(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("EY900101", ["Little Acorns Day Nursery"]),
        ("ey 900101", ["Little Acorns Day Nursery"]),  # lower case, a space inside
        ("2654321", ["Riverside Playgroup"]),  # an older registration: digits only
        ("EY900103", ["Childcare on non-domestic premises in Leeds"]),  # name withheld by Ofsted
        (
            "EY9001",
            ["Little Acorns Day Nursery", "Childcare on non-domestic premises in Leeds", "Little Acorns Kids Club"],
        ),
        ("EY999999", []),
    ],
)
def test_childcare_providers_by_ofsted_urn(childcare, query, expected):
    assert sorted(childcare_names(query)) == sorted(expected)


def test_childcare_providers_by_name_town_and_postcode_active_first(childcare):
    assert childcare_names("little acorns") == ["Little Acorns Day Nursery", "Little Acorns Kids Club"]
    assert childcare_names("tiverton nursery") == ["Little Acorns Day Nursery"]
    assert childcare_names("EX2 4AN") == ["Riverside Playgroup"]
    assert childcare_names("Riversdie playgroup") == ["Riverside Playgroup"]  # two letters swapped


def test_schools_and_childcare_providers_keep_separate_word_lists(schools, childcare):
    assert childcare_names("Brokside") == []  # a school word is no correction for a childcare search
    assert names("Riversdie") == []


def test_the_word_index_is_built_once_per_register_and_reused(schools, childcare):
    search._cache.clear()  # an index left by an earlier test's rows would be rebuilt on first check
    assert names("Brokside") == ["Brookside Primary School"]
    assert childcare_names("Riversdie") == ["Riverside Playgroup"]
    school_words, childcare_words = search._vocabulary(model=School), search._vocabulary(model=ChildcareProvider)
    assert "brookside" in school_words.words and "riverside" in childcare_words.words
    assert names("Oakfeild") == ["Oakfield Academy"]  # another fuzzy search, nothing changed
    assert search._vocabulary(model=School) is school_words
    assert search._vocabulary(recheck=True, model=School) is school_words

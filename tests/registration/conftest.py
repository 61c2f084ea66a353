import datetime as dt

import pytest

from npq.core import clock
from npq.reference import search
from npq.reference.models import EligibilityList, EligibilityListEntry, School


@pytest.fixture(autouse=True)
def november_2026():
    token = clock.move_to(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC))
    yield
    clock.reset(token)


def make_school(urn, name, type_code="1", *, town="Leeds", postcode="LS1 1AA", ukprn="", la_code="383"):
    school = School(
        urn=urn,
        name=name,
        establishment_type_code=type_code,
        town=town,
        postcode=postcode,
        ukprn=ukprn,
        la_code=la_code,
        is_open=True,
    )
    school.search_text = search.search_text_for(school)
    school.save()
    return school


def make_list(kind, *identifiers):
    lst = EligibilityList.objects.create(
        kind=kind, file_name=f"{kind}.csv", imported_at=clock.now(), row_count=len(identifiers)
    )
    for identifier in identifiers:
        EligibilityListEntry.objects.create(eligibility_list=lst, identifier=identifier, identifier_type="urn")
    return lst


@pytest.fixture
def schools(reference):
    return {
        "marys": make_school("100001", "St Mary's C of E Primary School", town="Tiverton"),
        "welsh": make_school("100002", "Ysgol Gymraeg", type_code="30", la_code="673"),
        "independent": make_school("100003", "Harrow Hill Independent School", type_code="11"),
    }

"""filter[updated_since]: a change to the application, to its person, or a participant-id change
brings the record back; nothing older does. Served by unions of index scans (see scoping)."""

import datetime as dt
import uuid

import pytest

from npq.people.models import ParticipantIdChange, User
from npq.registration.models import Application

pytestmark = pytest.mark.django_db
LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
SINCE = "2021-01-01T00:00:00Z"


def _age(*apps: Application) -> None:
    """Move every timestamp of these applications and their people to 2020 (no feed event needed)."""
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(updated_at=LONG_AGO)
    User.objects.filter(pk__in=[a.user_id for a in apps]).update(updated_at=LONG_AGO)


def _ids(api, path):
    return {d["id"] for d in api.get(path, {"filter[updated_since]": SINCE}).json()["data"]}


def test_applications_changed_by_themselves_or_their_person(api_as, make_application):
    api = api_as()
    untouched, own, person = make_application(), make_application(), make_application()
    other_provider = make_application(provider="Best Practice Network")
    _age(untouched, own, person, other_provider)
    assert _ids(api, "/api/v3/npq-applications") == set()
    Application.objects.filter(pk=own.pk).update(updated_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    User.objects.filter(pk__in=[person.user_id, other_provider.user_id]).update(
        updated_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    )
    assert _ids(api, "/api/v3/npq-applications") == {str(own.ecf_id), str(person.ecf_id)}


def test_participants_changed_by_person_enrolment_or_id_change(api_as, make_application):
    api = api_as()
    apps = [make_application(lead_provider_approval_status="accepted", training_status="active") for _ in range(4)]
    pending = make_application()
    untouched, person, enrolment, merged = apps
    _age(*apps, pending)
    assert _ids(api, "/api/v3/participants/npq") == set()
    recent = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    User.objects.filter(pk__in=[person.user_id, pending.user_id]).update(updated_at=recent)
    Application.objects.filter(pk=enrolment.pk).update(updated_at=recent)
    ParticipantIdChange.objects.create(
        user_id=merged.user_id,
        from_participant_id=uuid.uuid4(),
        to_participant_id=merged.user.ecf_id,
        changed_at=recent,
    )
    expected = {str(a.user.ecf_id) for a in (person, enrolment, merged)}
    assert _ids(api, "/api/v3/participants/npq") == expected  # not the pending applicant, not the untouched one


def test_changed_applications_page_in_creation_order_within_the_other_filters(api_as, make_application):
    api = api_as()
    apps = [make_application(cohort="2025a" if n % 3 else "2024a") for n in range(8)]
    _age(*apps)
    changed = [a for n, a in enumerate(apps) if n % 2]  # half by the application, half by its person
    for n, app in enumerate(changed):
        if n % 2:
            Application.objects.filter(pk=app.pk).update(updated_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
        else:
            User.objects.filter(pk=app.user_id).update(updated_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    for cohort, expected in ((None, changed), ("2025", [a for a in changed if a.cohort.start_year == 2025])):
        paged = []
        for page in (1, 2, 3):
            params = {"filter[updated_since]": SINCE, "page[per_page]": "2", "page[page]": str(page)}
            if cohort:
                params["filter[cohort]"] = cohort
            paged += [d["id"] for d in api.get("/api/v3/npq-applications", params).json()["data"]]
        assert paged == [str(a.ecf_id) for a in expected]
        assert 0 < len(expected) < len(apps)

"""Changes before acceptance, the DfE review queue and funded-place caps, on the real database."""

import datetime as dt

import pytest
from django.core import mail

from npq.core.errors import InvalidTransition, ValidationFailed
from npq.core.models import AuditEvent
from npq.people.models import Role
from npq.reference.models import Cohort, Course, LeadProvider
from npq.registration import services
from npq.registration.models import Application, ApprovalStatus, ReviewStatus, TrainingStatus
from tests.conftest import error_summary, h1, html, run_jobs
from tests.factories import make_list

pytestmark = pytest.mark.django_db

BASE = {
    "cohort": "2026b",
    "provider_check": "yes",
    "teacher_catchment": "england",
    "work_setting": "a_school",
    "school_urn": "100001",
    "course": "npq-headship",
    "funding_seen": "yes",
    "full_name": "Sam Lee",
    "trn": "7654321",
    "date_of_birth": "1980-01-02",
    "consent": "yes",
}


def submit(user, **changes):
    answers = {**BASE, "lead_provider": str(LeadProvider.objects.get(name="Ambition Institute").pk), **changes}
    return services.submit_registration(user, answers)


@pytest.fixture
def person(make_user, schools):
    return make_user(Role.PARTICIPANT)


def test_changing_provider_withdraws_the_old_application(person):
    old = submit(person)
    teach_first = LeadProvider.objects.get(name="Teach First")
    new = services.change_registration(person, old, {"lead_provider": str(teach_first.pk)})
    old.refresh_from_db()
    assert new.lead_provider == teach_first and new.lead_provider_approval_status == ApprovalStatus.PENDING
    assert old.lead_provider_approval_status == ApprovalStatus.REJECTED
    assert old.reason_for_rejection == "withdrawn_by_participant"
    assert old.withdrawn_by == person and old.withdrawn_at is not None and old.replaced_by == new
    assert AuditEvent.objects.filter(action="application.withdrawn_by_participant", object_id=str(old.pk)).exists()


def test_changing_course_in_place_reassesses_funding(person):
    app = submit(person)
    changed = services.change_registration(person, app, {"course": "npq-leading-teaching"})
    assert changed.pk == app.pk
    assert changed.funding_eligibility_status_code == "ineligible_establishment_not_a_pp50"
    make_list("pp50-school", "100001")
    changed = services.change_registration(person, app, {"course": "npq-leading-literacy"})
    assert changed.funding_eligibility_status_code == "funded"


def test_changes_are_refused_after_acceptance_and_for_unknown_urns(person):
    app = submit(person)
    with pytest.raises(ValidationFailed, match="999999"):
        services.change_registration(person, app, {"school_urn": "999999"})
    Application.objects.filter(pk=app.pk).update(
        lead_provider_approval_status="accepted", training_status=TrainingStatus.ACTIVE
    )
    with pytest.raises(InvalidTransition):
        services.change_registration(person, app, {"course": "npq-senco"})


def test_duplicate_submission_is_refused(person):
    first = submit(person)
    with pytest.raises(services.DuplicateRegistration) as raised:
        submit(person)
    assert raised.value.existing == first
    assert submit(person, course="npq-senco").course.identifier == "npq-senco"


def test_review_queue_end_to_end(person, make_user, client_as):
    app = submit(
        person, work_setting="another_setting", employment_type="hospital_school", employer_name="City Hospital School"
    )
    assert (app.funding_eligibility_status_code, app.review_status, app.eligible_for_funding) == (
        "subject_to_review",
        "needs_review",
        False,
    )
    admin = make_user(Role.DFE_ADMIN)
    client = client_as(admin)
    queue = client.get("/registration/review")
    assert person.full_name in html(queue).select_one("table").get_text()
    page = f"/registration/review/{app.ecf_id}"
    bad = client.post(page, {"kind": "decision", "text": "ok"})
    assert bad.status_code == 400 and error_summary(bad) == ["Select whether the person is eligible for funding"]
    empty = client.post(page, {})
    assert error_summary(empty) == ["Select what you are adding", "Enter the text of the note or message"]
    client.post(page, {"kind": "information_requested", "text": "Send your contract, please."})
    app.refresh_from_db()
    assert app.review_status == ReviewStatus.AWAITING_INFORMATION
    client.post(page, {"kind": "decision", "funded": "yes", "text": "Hospital school teachers qualify."})
    app.refresh_from_db()
    assert (app.review_status, app.funding_eligibility_status_code, app.eligible_for_funding) == (
        "decision_made",
        "marked_funded_by_policy",
        True,
    )
    run_jobs()
    assert [m.subject for m in mail.outbox[-2:]] == [
        "We need more information about your NPQ registration",
        "A decision on funding for your NPQ",
    ]
    assert AuditEvent.objects.filter(action="application.review.decision", actor_id=str(admin.pk)).exists()
    assert "Hospital school teachers qualify." in client.get(page).content.decode()
    assert client_as(person).get("/registration/review").status_code == 403


def test_funded_place_caps(person, make_user, client_as):
    app = submit(person)
    admin = make_user(Role.DFE_ADMIN)
    cohort, course = Cohort.objects.get(identifier="2026b"), Course.objects.get(identifier="npq-headship")
    ambition = LeadProvider.objects.get(name="Ambition Institute")
    services.check_funded_place_available(app)  # no cap set: not limited
    response = client_as(admin).post(
        "/registration/funded-places",
        {"lead_provider": ambition.pk, "course": course.pk, "cohort": cohort.pk, "places": "1"},
    )
    assert response.status_code == 302
    services.check_funded_place_available(app)
    other = submit(make_user(Role.PARTICIPANT))
    Application.objects.filter(pk=other.pk).update(
        lead_provider_approval_status="accepted", training_status="active", funded_place=True
    )
    with pytest.raises(services.FundedPlaceCapReached, match="all 1 funded places"):
        services.check_funded_place_available(app)
    with pytest.raises(ValidationFailed, match="cannot be lower"):
        services.set_funded_place_cap(admin, ambition, course, cohort, 0)
    counts = services.funded_place_counts(lead_provider=ambition)
    assert [(c.cap.places, c.used, c.remaining) for c in counts] == [(1, 1, 0)]
    provider_user = make_user(Role.LEAD_PROVIDER, provider="Teach First")
    page = client_as(provider_user).get("/registration/funded-places")
    assert "No funded-place caps" in page.content.decode()  # Teach First does not see Ambition's caps
    assert client_as(provider_user).post("/registration/funded-places", {"places": "5"}).status_code == 404
    bad = client_as(admin).post(
        "/registration/funded-places",
        {"lead_provider": ambition.pk, "course": course.pk, "cohort": cohort.pk, "places": "many"},
    )
    assert bad.status_code == 400 and "whole number" in error_summary(bad)[0]
    empty = client_as(admin).post("/registration/funded-places", {})
    assert error_summary(empty) == [
        "Select a lead provider",
        "Select a course",
        "Select a cohort",
        "Enter the number of funded places as a whole number, like 120",
    ]


def test_unfunded_cohort_has_no_funded_places(person):
    app = submit(person, cohort="2026a")
    assert app.funded_place is False and app.funding_eligibility_status_code == "unfunded_cohort"
    with pytest.raises(services.FundedPlaceCapReached):
        services.check_funded_place_available(app)


def test_status_page_and_shared_mailbox_date_of_birth(person, client_as):
    app = submit(person)
    client = client_as(person)
    response = client.get(f"/registration/applications/{app.ecf_id}")
    assert response["Location"].startswith("/registration/confirm-date-of-birth")
    wrong = client.post(
        response["Location"], {"date_of_birth-day": "2", "date_of_birth-month": "1", "date_of_birth-year": "1981"}
    )
    assert wrong.status_code == 400 and "does not match" in error_summary(wrong)[0]
    right = client.post(
        response["Location"], {"date_of_birth-day": "2", "date_of_birth-month": "1", "date_of_birth-year": "1980"}
    )
    assert right["Location"] == f"/registration/applications/{app.ecf_id}"
    page = client.get(right["Location"])
    assert h1(page) == "Headship with Ambition Institute"
    stages = [h.get_text(" ", strip=True) for h in html(page).select(".npq-stages h3")]
    assert stages[0].startswith("Registered") and "Done" in stages[0] and "Not yet" in stages[2]
    change = client.post(
        f"/registration/applications/{app.ecf_id}/change/lead_provider",
        {"lead_provider": str(LeadProvider.objects.get(name="Teach First").pk)},
    )
    assert change.status_code == 302
    assert Application.objects.filter(user=person, withdrawn_at__isnull=True).get().lead_provider.name == "Teach First"


def test_other_people_cannot_see_a_registration(person, make_user, client_as):
    app = submit(person)
    other = make_user(Role.PARTICIPANT)
    assert client_as(other).get(f"/registration/applications/{app.ecf_id}").status_code == 404
    assert dt.date(1980, 1, 2) == type(person).objects.get(pk=person.pk).date_of_birth

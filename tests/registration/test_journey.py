"""The registration journey in the test client, as a person without JavaScript would use it."""

import datetime as dt
import re

import pytest
from django.core import mail

from npq.core import clock
from npq.core.models import AuditEvent
from npq.people.models import Role
from npq.reference.models import LeadProvider
from npq.registration.models import Application, RegistrationDraft
from tests.conftest import error_summary, h1, html, run_jobs

pytestmark = pytest.mark.django_db

AMBITION = None


def answer(client, step, data, expect_next=None):
    response = client.post(f"/registration/{step}", data)
    assert response.status_code == 302, error_summary(response)
    if expect_next:
        assert response["Location"] == expect_next
    return response


def walk_to_funding(client, course="npq-headship"):
    walk_to_course(client)
    return answer(client, "course", {"course": course})


def walk_to_course(client):
    client.get("/registration/")
    answer(client, "course_start", {"cohort": "2026b"}, "/registration/provider_check")
    answer(client, "provider_check", {"provider_check": "yes"}, "/registration/teacher_catchment")
    answer(client, "teacher_catchment", {"teacher_catchment": "england"}, "/registration/work_setting")
    answer(client, "work_setting", {"work_setting": "a_school"}, "/registration/choose_school")
    page = client.get("/registration/choose_school?q=St+Marys+primry")
    assert "St Mary's C of E Primary School" in html(page).get_text()
    answer(client, "choose_school", {"school_urn": "100001"}, "/registration/course")


def finish(client):
    provider = LeadProvider.objects.get(name="Ambition Institute")
    answer(client, "choose_provider", {"lead_provider": str(provider.pk)}, "/registration/full_name")
    answer(client, "full_name", {"full_name": "Asha Patel"}, "/registration/trn")
    answer(client, "trn", {"trn": "1234567"}, "/registration/date_of_birth")
    answer(
        client, "date_of_birth", {"date_of_birth-day": "3", "date_of_birth-month": "4", "date_of_birth-year": "1985"}
    )
    answer(client, "consent", {"consent": "yes"}, "/registration/check-answers")


@pytest.fixture
def participant(make_user, client_as, schools):
    user = make_user(Role.PARTICIPANT)
    return user, client_as(user)


def test_happy_path_from_start_to_submitted_application(participant):
    user, client = participant
    walk_to_funding(client)
    funding = client.get("/registration/funding")
    assert h1(funding) == "You are likely to be eligible for funding"
    answer(client, "funding", {}, "/registration/choose_provider")
    finish(client)
    check = client.get("/registration/check-answers")
    assert h1(check) == "Check your answers before registering"
    changes = [a["href"] for a in html(check).select(".govuk-summary-list__actions a")]
    assert "/registration/choose_school?from=change" in changes and "/registration/trn?from=change" in changes
    response = client.post("/registration/check-answers")
    assert response.status_code == 302
    app = Application.objects.get(user=user)
    assert (app.course.identifier, app.cohort.identifier, app.lead_provider.name) == (
        "npq-headship",
        "2026b",
        "Ambition Institute",
    )
    assert app.eligible_for_funding and app.funding_eligibility_status_code == "funded"
    assert app.school.urn == "100001" and app.lead_provider_approval_status == "pending"
    assert app.raw_application_data["trn"] == "1234567" and app.funding_choice == ""
    user.refresh_from_db()
    assert (user.trn, user.full_name, str(user.date_of_birth)) == ("1234567", "Asha Patel", "1985-04-03")
    assert not RegistrationDraft.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="application.submitted", object_id=str(app.pk)).exists()
    run_jobs()
    assert mail.outbox[-1].subject == "Your NPQ registration"
    confirmation = client.get(response["Location"])
    assert "Registration complete" in html(confirmation).select_one(".govuk-panel__title").get_text()


def test_answers_survive_a_closed_tab(participant, client_as):
    user, client = participant
    walk_to_funding(client)
    fresh = client_as(user)  # a new browser session for the same person
    assert fresh.get("/registration/")["Location"] == "/registration/funding"


def test_not_funded_asks_who_pays_without_trust_outside_school(participant):
    user, client = participant
    walk_to_funding(client, course="npq-leading-teaching")
    funding = client.get("/registration/funding")
    assert h1(funding) == "You are not eligible for scholarship funding"
    assert "PP50" in html(funding).select_one("#funding-explanation").get_text()
    answer(client, "funding", {}, "/registration/funding_choice")
    options = [
        i["value"] for i in html(client.get("/registration/funding_choice")).select("input[name=funding_choice]")
    ]
    assert options == ["school", "trust", "self", "another"]
    answer(client, "funding_choice", {"funding_choice": "school"}, "/registration/choose_provider")
    finish(client)
    client.post("/registration/check-answers")
    app = Application.objects.get(user=user)
    assert (app.eligible_for_funding, app.funding_eligibility_status_code, app.funding_choice) == (
        False,
        "ineligible_establishment_not_a_pp50",
        "school",
    )


@pytest.mark.parametrize(
    ("trn", "message"),
    [("123456", "must be 7 digits"), ("0000000", "0000000 is not one"), ("", "Enter your teacher reference number")],
)
def test_bad_trn_is_an_error_on_the_same_page_and_nothing_stored(participant, trn, message):
    user, client = participant
    walk_to_funding(client)
    answer(client, "funding", {})
    finish_upto_trn(client)
    response = client.post("/registration/trn", {"trn": trn})
    assert response.status_code == 400
    assert message in error_summary(response)[0]
    assert html(response).title.get_text().startswith("Error: ")
    assert "trn" not in RegistrationDraft.objects.get(user=user).answers


def finish_upto_trn(client):
    provider = LeadProvider.objects.get(name="Ambition Institute")
    answer(client, "choose_provider", {"lead_provider": str(provider.pk)})
    answer(client, "full_name", {"full_name": "Asha Patel"})


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "1", "2030", "must be in the past"),
        ("31", "2", "1980", "Enter a real date"),
        ("1", "1", "1890", "must be after"),
    ],
)
def test_bad_date_of_birth(participant, day, month, year, message):
    user, client = participant
    walk_to_funding(client)
    answer(client, "funding", {})
    finish_upto_trn(client)
    answer(client, "trn", {"trn": "1234567"})
    response = client.post(
        "/registration/date_of_birth",
        {"date_of_birth-day": day, "date_of_birth-month": month, "date_of_birth-year": year},
    )
    assert response.status_code == 400 and message in error_summary(response)[0]
    assert html(response).select_one("#date_of_birth-day")["value"] == day


def test_unknown_urn_is_refused(participant):
    user, client = participant
    client.get("/registration/")
    for step, data in [
        ("course_start", {"cohort": "2026b"}),
        ("provider_check", {"provider_check": "yes"}),
        ("teacher_catchment", {"teacher_catchment": "england"}),
        ("work_setting", {"work_setting": "a_school"}),
    ]:
        answer(client, step, data)
    response = client.post("/registration/choose_school", {"school_urn": "999999"})
    assert response.status_code == 400
    assert error_summary(response) == ["Select your workplace from the list, or search again"]


def test_step_out_of_order_goes_back_to_the_question_to_answer(participant):
    user, client = participant
    client.get("/registration/")
    response = client.post("/registration/choose_provider", {"lead_provider": "1"})
    assert response["Location"] == "/registration/course_start"
    assert "lead_provider" not in RegistrationDraft.objects.get(user=user).answers
    page = client.get(response["Location"])
    assert "Answer this question first" in page.content.decode()


def test_form_without_csrf_token_is_refused(participant):
    user, client = participant
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user, backend="npq.people.backends.EmailBackend")
    response = strict.post("/registration/course_start", {"cohort": "2026b"})
    assert response.status_code == 403
    assert not RegistrationDraft.objects.filter(user=user, answers__has_key="cohort").exists()


def test_school_in_wales_is_a_dead_end(participant):
    user, client = participant
    client.get("/registration/")
    for step, data in [
        ("course_start", {"cohort": "2026b"}),
        ("provider_check", {"provider_check": "yes"}),
        ("teacher_catchment", {"teacher_catchment": "england"}),
        ("work_setting", {"work_setting": "a_school"}),
    ]:
        answer(client, step, data)
    answer(client, "choose_school", {"school_urn": "100002"}, "/registration/school_not_in_england")
    assert h1(client.get("/registration/school_not_in_england")) == "Your workplace is not in England"
    assert client.get("/registration/course")["Location"] == "/registration/school_not_in_england"


def test_second_registration_for_the_same_course_is_refused_with_a_link(participant):
    user, client = participant
    walk_to_funding(client)
    answer(client, "funding", {})
    finish(client)
    client.post("/registration/check-answers")
    first = Application.objects.get(user=user)
    walk_to_course(client)
    response = client.post("/registration/course", {"course": "npq-headship"})
    assert response.status_code == 400
    assert "already registered for Headship" in error_summary(response)[0]
    assert html(response).select_one("#duplicate a")["href"] == f"/registration/applications/{first.ecf_id}"


def test_ehco_branch_and_maths_dead_end(participant):
    user, client = participant
    walk_to_funding(client, course="npq-early-headship-coaching-offer")
    answer(client, "npqh_status", {"npqh_status": "completed"}, "/registration/ehco_headteacher")
    answer(client, "ehco_headteacher", {"ehco_headteacher": "yes"}, "/registration/ehco_new_headteacher")
    answer(client, "ehco_new_headteacher", {"ehco_new_headteacher": "no"}, "/registration/funding")
    assert "first 5 years" in html(client.get("/registration/funding")).select_one("#funding-explanation").get_text()
    answer(client, "course", {"course": "npq-leading-primary-mathematics"}, "/registration/maths_mastery")
    answer(client, "maths_mastery", {"maths_mastery": "no"}, "/registration/maths_understanding")
    answer(client, "maths_understanding", {"maths_understanding": "cannot_show"}, "/registration/maths_cannot_register")


def test_check_funding_without_signing_in(client, schools):
    assert client.get("/check-funding/")["Location"] == "/check-funding/course_start"
    for step, data in [
        ("course_start", {"cohort": "2026b"}),
        ("teacher_catchment", {"teacher_catchment": "england"}),
        ("work_setting", {"work_setting": "a_school"}),
        ("choose_school", {"school_urn": "100003"}),
    ]:
        response = client.post(f"/check-funding/{step}", data)
        assert response.status_code == 302, error_summary(response)
    response = client.post("/check-funding/course", {"course": "npq-senior-leadership"})
    assert response["Location"] == "/check-funding/funding"
    result = client.get("/check-funding/funding")
    assert h1(result) == "You are not eligible for scholarship funding"
    assert "not a type of organisation" in result.content.decode()
    assert client.get("/check-funding/choose_provider").status_code == 404
    assert not Application.objects.exists()


def test_registration_needs_sign_in_by_code(client):
    response = client.get("/registration/course")
    assert response["Location"].startswith("/sign-in/code?next=/registration/course")


def test_staff_cannot_register(make_user, client_as, reference):
    admin = make_user(Role.DFE_ADMIN)
    assert client_as(admin).get("/registration/").status_code == 403


def test_unfunded_cohort_hint_and_code(participant):
    user, client = participant
    token = clock.move_to(dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC))  # Spring 2026 still open
    try:
        page = client.get("/registration/course_start")
    finally:
        clock.reset(token)
    hints = " ".join(h.get_text() for h in html(page).select(".govuk-radios__hint"))
    assert "No scholarship funding" in hints
    assert re.search(r"Spring 2026", page.content.decode())

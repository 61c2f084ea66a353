"""What a teacher registering hit when trying the service (issue 14, items 1 to 9), one test each."""

import datetime as dt

import pytest
from django.core import mail

from npq.core import clock, labels
from npq.core.models import AuditEvent
from npq.people.models import Role
from npq.reference.models import Cohort, Course, LeadProvider, Schedule
from npq.registration import rules
from npq.registration.journey import STEPS
from npq.registration.models import Application, ReviewEntry, ReviewStatus
from npq.registration.rules import guide, progress
from npq.registration.rules.workplace import Employment, Nursery, WorkSetting
from npq.registration.views.gate import DOB_SESSION_KEY
from tests.conftest import error_summary, h1, html, run_jobs
from tests.registration.test_journey import answer, finish, walk_to_course, walk_to_funding
from tests.registration.test_services import submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def person(make_user, schools):
    return make_user(Role.PARTICIPANT)


@pytest.fixture
def in_review(person):
    return submit(
        person, work_setting="another_setting", employment_type="hospital_school", employer_name="City Hospital School"
    )


@pytest.fixture
def applicant_of(client_as):
    """A signed-in client for a person whose date of birth is stored, confirmed for the session."""

    def sign_in(user):
        client = client_as(user)
        session = client.session
        session[DOB_SESSION_KEY] = user.pk
        session.save()
        return client

    return sign_in


@pytest.fixture
def admin(make_user, client_as):
    return client_as(make_user(Role.DFE_ADMIN))


def _sent_to(address):
    run_jobs()
    return [m for m in mail.outbox if address in m.to]


# 1. The message box starts empty; an internal note is never emailed nor shown to the applicant.
def test_internal_notes_stay_inside_the_department(person, in_review, admin, applicant_of):
    page = f"/registration/review/{in_review.ecf_id}"
    form = html(admin.get(page))
    assert form.select_one("textarea#text").get_text() == ""  # already empty today: kept so
    kinds = {i["value"]: i.find_next("label").get_text(strip=True) for i in form.select("input[name=kind]")}
    assert kinds["note"] == "Internal note (never sent to the person)"
    before = len(_sent_to(person.email))
    placeholder = admin.post(page, {"kind": "message", "text": "{{ no such element: dict object['text'] }}"})
    assert placeholder.status_code == 400 and "double curly brackets" in error_summary(placeholder)[0]
    assert len(_sent_to(person.email)) == before and not in_review.review_entries.exists()
    admin.post(page, {"kind": "note", "text": "Caller sounded unsure: check the employer."})
    assert len(_sent_to(person.email)) == before
    assert AuditEvent.objects.filter(action="application.review.note", object_id=str(in_review.pk)).exists()
    admin.post(page, {"kind": "message", "text": "We are looking at your case this week."})
    assert _sent_to(person.email)[-1].subject == "A message about your NPQ registration"
    status = applicant_of(person).get(f"/registration/applications/{in_review.ecf_id}").content.decode()
    assert "We are looking at your case this week." in status
    assert "Caller sounded unsure" not in status
    assert "Caller sounded unsure" in admin.get(page).content.decode()


# 2. A request for more information has a way back: a reply with files reopens the case.
def test_applicant_replies_with_a_file_and_the_case_goes_back_to_review(person, in_review, admin, applicant_of):
    page = f"/registration/review/{in_review.ecf_id}"
    admin.post(page, {"kind": "information_requested", "text": "Send your contract, please."})
    applicant = applicant_of(person)
    status = html(applicant.get(f"/registration/applications/{in_review.ecf_id}"))
    link = status.select_one(".govuk-notification-banner a")
    assert link.get_text(strip=True) == "Reply to the Department"
    reply_page = applicant.get(link["href"])
    assert "Send your contract, please." in reply_page.content.decode()

    refused = applicant.post(link["href"], {"text": "Here it is.", "documents": _upload("contract.exe", b"MZ\x90\x00")})
    assert refused.status_code == 400 and "must be a PDF" in error_summary(refused)[0]
    sent = applicant.post(link["href"], {"text": "Here it is.", "documents": _upload("contract.pdf", PDF)})
    assert sent.status_code == 302
    in_review.refresh_from_db()
    assert in_review.review_status == ReviewStatus.NEEDS_REVIEW
    reply = in_review.review_entries.get(kind=ReviewEntry.Kind.REPLY)
    assert (reply.author, reply.text, [a.file_name for a in reply.attachments.all()]) == (
        person,
        "Here it is.",
        ["contract.pdf"],
    )
    assert AuditEvent.objects.filter(action="application.review.reply", object_id=str(in_review.pk)).exists()
    download = html(admin.get(page)).find("a", string=lambda s: s and "contract.pdf" in s)
    file = admin.get(download["href"])
    assert file.status_code == 200 and file.content == PDF and file["Content-Type"] == "application/pdf"
    assert applicant.get(download["href"]).status_code == 403  # reviewers only
    again = applicant.get(link["href"])  # nothing asked now: back to the status page
    assert again.status_code == 302


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


# 3. Every code a person sees is in words, from the one table of labels.
def test_codes_are_shown_in_words(person, in_review, admin, participant_client):
    review = html(admin.get(f"/registration/review/{in_review.ecf_id}")).select_one(".govuk-summary-list")
    text = review.get_text(" ", strip=True)
    for code in ("another_setting", "hospital_school", "subject_to_review", "(2026b)", "needs_review"):
        assert code not in text
    assert "In a hospital school, employer: City Hospital School" in text
    assert "Autumn 2026 cohort" in text
    queue = html(admin.get("/registration/review")).select_one("table").get_text(" ", strip=True)
    assert "subject_to_review" not in queue and labels.label("funding_code", "subject_to_review") in queue
    walk_to_funding(participant_client)
    funding = participant_client.get("/registration/funding").content.decode()
    assert "Reason code" not in funding and ">funded<" not in funding


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        ("funding_code", rules.Code),
        ("work_setting", WorkSetting),
        ("kind_of_nursery", Nursery),
        ("employment_type", Employment),
        ("review_entry", ReviewEntry.Kind),
        ("review_status", ReviewStatus),
        ("guide_role", guide.Role),
        ("guide_focus", guide.Focus),
    ],
)
def test_every_code_has_a_label(kind, codes):
    assert labels.choices(kind, [str(c) for c in codes])  # raises on a code without words


# 4. The status page's funding statement, as a table of cases, row by row.
@pytest.mark.parametrize(
    ("approval", "code", "funded_place", "tag", "statement"),
    [
        ("pending", "funded", None, "not_yet", "pending_eligible"),
        ("pending", "marked_funded_by_policy", None, "not_yet", "pending_eligible"),
        ("pending", "subject_to_review", None, "not_yet", "review"),
        ("pending", "unfunded_cohort", False, "not_funded", "unfunded_cohort"),
        ("pending", "ineligible_establishment_not_a_pp50", None, "not_funded", "not_eligible"),
        ("accepted", "funded", True, "funded", "funded_place"),
        ("accepted", "funded", None, "funded", "funded_place"),
        ("accepted", "marked_funded_by_policy", True, "funded", "funded_place"),
        ("accepted", "funded", False, "not_funded", "eligible_no_place"),
        ("accepted", "unfunded_cohort", False, "not_funded", "unfunded_cohort"),
        ("accepted", "not_in_england", None, "not_funded", "not_eligible"),
        ("accepted", "referred_by_return_to_teaching_adviser", None, "not_yet", "review"),
        ("rejected", "funded", None, "not_funded", "rejected"),
    ],
)
def test_funding_statement_table(approval, code, funded_place, tag, statement):
    assert progress.funding_case(approval, code, funded_place) == (tag, statement)


@pytest.mark.parametrize(
    ("approval", "moved", "withdrawn", "training", "outcome", "expected"),
    [
        ("pending", False, False, "", "", "Waiting for the provider"),
        ("accepted", False, False, "active", "", "Accepted"),
        ("accepted", False, False, "active", "passed", "Passed"),
        ("accepted", False, False, "active", "failed", "Not passed"),
        ("accepted", False, False, "deferred", "", "Deferred"),
        ("rejected", False, False, "", "", "Not accepted"),
        ("rejected", True, False, "", "", "Moved to another provider"),
        ("rejected", False, True, "", "", "Withdrawn"),
    ],
)
def test_one_word_status(approval, moved, withdrawn, training, outcome, expected):
    key = progress.registration_status(approval, moved, withdrawn, training, outcome)
    assert labels.label("registration_status", key) == expected


def test_status_page_does_not_contradict_itself(person, applicant_of):
    client = applicant_of(person)
    accepted = submit(person)
    Application.objects.filter(pk=accepted.pk).update(
        lead_provider_approval_status="accepted", training_status="active", funded_place=True, accepted_at=clock.now()
    )
    page = html(client.get(f"/registration/applications/{accepted.ecf_id}")).get_text(" ", strip=True)
    assert "You have a funded place" in page
    assert "likely to be eligible" not in page and "confirms funding when they accept" not in page
    assert "Funding Funded" in page

    unfunded = submit(person, cohort="2026a")
    page = html(client.get(f"/registration/applications/{unfunded.ecf_id}")).get_text(" ", strip=True)
    assert "Funding Not funded" in page and "Funding Not yet" not in page

    decided = submit(person, course="npq-senco", work_setting="another_setting", employment_type="hospital_school")
    Application.objects.filter(pk=decided.pk).update(
        funding_eligibility_status_code="marked_funded_by_policy", eligible_for_funding=True
    )
    page = html(client.get(f"/registration/applications/{decided.ecf_id}")).get_text(" ", strip=True)
    assert "Your place is not funded" not in page and "You are eligible for scholarship funding" in page
    listing = html(client.get("/registration/applications")).select_one("table").get_text(" ", strip=True)
    assert "Accepted" in listing and "Waiting for the provider" in listing


# 5. Only cohorts open for registration on the day (injected clock), in date order.
def _cohort_options(client):
    page = html(client.get("/registration/course_start"))
    return [i["value"] for i in page.select("input[name=cohort]")]


@pytest.mark.parametrize(
    ("day", "offered"),
    [
        (dt.date(2026, 11, 30), ["2026b"]),  # Spring 2026 is over; Autumn 2026 takes late starters until 25 Dec
        (dt.date(2026, 3, 1), ["2025a", "2026a"]),  # both open: the earlier first
        (dt.date(2026, 12, 26), []),
    ],
)
def test_cohorts_open_on_the_day(participant_client, day, offered):
    token = clock.move_to(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC))
    try:
        assert _cohort_options(participant_client) == offered
    finally:
        clock.reset(token)


def test_a_new_cohort_comes_after_the_one_under_way(participant_client):
    later = Cohort.objects.create(
        start_year=2027,
        suffix="a",
        identifier="2027a",
        description="Spring 2027 cohort",
        funding="capped",
        registration_start=dt.date(2026, 11, 1),
    )
    Schedule.objects.create(
        identifier="npq-leadership-spring",
        name="Leadership spring",
        cohort=later,
        course_group="leadership",
        applies_from=dt.date(2027, 1, 4),
        applies_to=dt.date(2027, 4, 2),
    )
    token = clock.move_to(dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    try:
        assert _cohort_options(participant_client) == ["2026b", "2027a"]
    finally:
        clock.reset(token)


# 6. Outside England: a list of countries, and what it means for funding at once.
def test_working_outside_england_is_told_at_once_and_can_register_unfunded(participant_client):
    client = participant_client
    client.get("/registration/")
    answer(client, "course_start", {"cohort": "2026b"})
    answer(client, "provider_check", {"provider_check": "yes"})
    answer(client, "teacher_catchment", {"teacher_catchment": "another"}, "/registration/teacher_catchment_country")
    page = html(client.get("/registration/teacher_catchment_country"))
    countries = [o["value"] for o in page.select("select#teacher_catchment_country option")]
    assert countries[1:4] == ["Scotland", "Wales", "Northern Ireland"] and "France" in countries
    refused = client.post("/registration/teacher_catchment_country", {"teacher_catchment_country": "Narnia"})
    assert refused.status_code == 400
    answer(
        client, "teacher_catchment_country", {"teacher_catchment_country": "France"}, "/registration/outside_england"
    )
    notice = client.get("/registration/outside_england")
    assert h1(notice) == "You cannot get scholarship funding if you work outside England"
    answer(client, "outside_england", {}, "/registration/course")  # no English school asked for
    answer(client, "course", {"course": "npq-headship"}, "/registration/funding")
    answer(client, "funding", {}, "/registration/funding_choice")
    answer(client, "funding_choice", {"funding_choice": "self"}, "/registration/choose_provider")
    finish(client)
    assert client.post("/registration/check-answers").status_code == 302
    app = Application.objects.get(user__email=client.user_email)
    assert (app.teacher_catchment, app.teacher_catchment_country, app.funding_eligibility_status_code) == (
        "another",
        "France",
        "not_in_england",
    )


def test_a_uk_nation_is_stored_as_its_catchment(person):
    app = submit(person, teacher_catchment="another", teacher_catchment_country="Wales")
    assert (app.teacher_catchment, app.teacher_catchment_country) == ("wales", "Wales")


# 7. Workplace search to change a workplace; an empty search says what to type; TRN help; withdraw.
def test_changing_workplace_uses_the_workplace_search(person, applicant_of):
    app = submit(person)
    client = applicant_of(person)
    url = f"/registration/applications/{app.ecf_id}/change/school_urn"
    page = html(client.get(url))
    assert page.select_one("input#q") is not None and "Your workplace now: St Mary's" in page.get_text()
    empty = client.get(url, {"q": ""})
    assert error_summary(empty) == ["Enter the name, town, postcode or URN of your workplace, like St Mary's or 100001"]
    found = html(client.get(url, {"q": "Harrow Hill"}))
    assert [i["value"] for i in found.select("input[name=school_urn]")] == ["100003"]
    assert client.post(url, {"school_urn": "100003"}).status_code == 302
    app.refresh_from_db()
    assert app.school.urn == "100003" and app.funding_eligibility_status_code == "ineligible_establishment_type"


def test_empty_workplace_search_in_the_journey_says_what_to_type(participant_client):
    client = participant_client
    client.get("/registration/")
    answer(client, "course_start", {"cohort": "2026b"})
    answer(client, "provider_check", {"provider_check": "yes"})
    answer(client, "teacher_catchment", {"teacher_catchment": "england"})
    answer(client, "work_setting", {"work_setting": "a_school"})
    empty = client.get("/registration/choose_school", {"q": "  "})
    assert error_summary(empty) == ["Enter the name, town, postcode or URN of your workplace, like St Mary's or 100001"]


def test_trn_question_says_where_to_find_it(participant_client):
    client = participant_client
    walk_to_funding(client)
    answer(client, "funding", {})
    finish_until_trn(client)
    page = html(client.get("/registration/trn"))
    details = page.select_one("details")
    assert details.select_one("summary").get_text(strip=True) == "I do not know my TRN"
    assert "Access your teaching qualifications" in details.get_text()


def finish_until_trn(client):
    provider = LeadProvider.objects.get(name="Ambition Institute")
    answer(client, "choose_provider", {"lead_provider": str(provider.pk)})
    answer(client, "full_name", {"full_name": "Asha Patel"}, "/registration/trn")


def test_applicant_withdraws_before_acceptance(person, applicant_of):
    app = submit(person)
    client = applicant_of(person)
    status = html(client.get(f"/registration/applications/{app.ecf_id}"))
    link = status.find("a", string="Withdraw this registration")
    assert client.post(link["href"], {}).status_code == 400  # must confirm
    assert client.post(link["href"], {"confirm": "yes"}).status_code == 302
    app.refresh_from_db()
    assert (app.lead_provider_approval_status, app.reason_for_rejection) == ("rejected", "withdrawn_by_participant")
    assert app.withdrawn_by == person and app.replaced_by is None
    assert AuditEvent.objects.filter(action="application.withdrawn_by_participant", object_id=str(app.pk)).exists()
    assert "Withdrawn" in html(client.get("/registration/applications")).select_one("table").get_text()
    assert submit(person).pk != app.pk  # free to register again
    Application.objects.filter(pk=app.pk).update(lead_provider_approval_status="accepted", training_status="active")
    assert client.post(link["href"], {"confirm": "yes"}).status_code == 302  # refused, with a message
    app.refresh_from_db()
    assert app.lead_provider_approval_status == "accepted"


# 7b. "Which NPQ is for me?" before the course question; the suggestion taken is recorded.
@pytest.mark.parametrize(
    ("role", "focus", "courses", "overlap"),
    [
        ("senior_leader", "behaviour", ("npq-leading-behaviour-culture", "npq-senior-leadership"), True),
        ("classroom_teacher", "behaviour", ("npq-leading-behaviour-culture",), False),
        ("middle_leader", "literacy", ("npq-leading-literacy",), False),
        ("headteacher", "whole_school", ("npq-headship", "npq-early-headship-coaching-offer"), True),
        ("senco", "send", ("npq-senco",), False),
        ("early_years", "early_years", ("npq-early-years-leadership",), False),
        ("executive_leader", "several_schools", ("npq-executive-leadership",), False),
    ],
)
def test_guide_suggestions(role, focus, courses, overlap):
    suggestion = guide.suggest(role, focus)
    assert suggestion.courses == courses and bool(suggestion.overlap) is overlap
    if overlap:
        assert labels.label("guide_overlap", suggestion.overlap).startswith(("These two overlap", "The coaching"))


def test_every_course_is_explained_in_a_sentence(reference):
    for course in Course.objects.filter(display=True):
        sentence = labels.label("course_guide", course.identifier)
        assert sentence != course.identifier and "months" in sentence and "assess" in sentence


def test_guide_before_the_course_question_records_the_suggestion_taken(participant_client):
    client = participant_client
    walk_to_course(client)
    course_page = html(client.get("/registration/course"))
    link = course_page.find("a", string="Answer 2 questions about your role")
    guide_page = client.get(link["href"])
    assert h1(guide_page) == "Which NPQ is for you?"
    assert client.post(link["href"], {}).status_code == 400
    client.post(link["href"], {"role": "senior_leader", "focus": "behaviour"})
    suggested = html(client.get("/registration/course")).select_one(".govuk-inset-text").get_text(" ", strip=True)
    assert "behaviour" in suggested and "These two overlap" in suggested
    answer(client, "course", {"course": "npq-leading-behaviour-culture"})
    answer(client, "funding", {})
    answer(client, "funding_choice", {"funding_choice": "school"})
    finish(client)
    client.post("/registration/check-answers")
    app = Application.objects.get(user__email=client.user_email)
    assert app.raw_application_data["guide_suggestions"] == [
        "npq-leading-behaviour-culture",
        "npq-senior-leadership",
    ]
    assert app.raw_application_data["guide_suggestion_taken"] is True


# 9. Titles and back links.
def test_check_your_email_page_is_titled_so(client, reference):
    response = client.post("/sign-in/code", {"step": "email", "email": "new.teacher@example.org"})
    assert html(response).select_one("title").get_text().startswith("Check your email")


def test_back_links_return_to_check_answers(participant_client):
    client = participant_client
    walk_to_funding(client)
    answer(client, "funding", {})
    finish(client)
    check = html(client.get("/registration/check-answers"))
    assert check.select_one(".govuk-back-link")["href"] == "/registration/consent"
    change = check.find("a", href=lambda h: h and h.startswith("/registration/full_name"))
    page = html(client.get(change["href"]))
    assert page.select_one(".govuk-back-link")["href"] == "/registration/check-answers"
    response = client.post(change["href"], {"full_name": "Asha Patel-Jones"})
    assert response["Location"] == "/registration/check-answers"
    # A change that opens a new question keeps the way back through it.
    setting = check.find("a", href=lambda h: h and h.startswith("/registration/work_setting"))
    response = client.post(setting["href"], {"work_setting": "an_academy_trust"})
    assert response["Location"] == "/registration/funding?from=change"
    assert STEPS["funding"].kind == "funding"


@pytest.fixture
def participant_client(make_user, client_as, schools):
    user = make_user(Role.PARTICIPANT)
    client = client_as(user)
    client.user_email = user.email
    return client

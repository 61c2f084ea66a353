"""PUT /participants/npq/{id}/change-schedule against every check of DfE rules §3.6, as a table."""

import datetime as dt

import pytest

from npq.core.audit import Actor
from npq.declarations.models import Declaration
from npq.finance.models import Contract
from npq.finance.services import create_contract
from npq.reference.models import Cohort, Course, LeadProvider
from npq.registration.models import Application
from npq.training.services import accept_application

pytestmark = pytest.mark.django_db
ACTOR = Actor.command("test")


def _contracts(*cohorts):
    provider, course = (
        LeadProvider.objects.get(name="Ambition Institute"),
        Course.objects.get(identifier="npq-headship"),
    )
    for identifier in cohorts:
        create_contract(ACTOR, provider, Cohort.objects.get(identifier=identifier), course, 150_000, 100, 6)


def _declare(app, on):
    moment = dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)
    Declaration.objects.create(
        application=app,
        participant=app.user,
        lead_provider=app.lead_provider,
        cohort=app.cohort,
        course=app.course,
        declaration_type="started",
        declaration_date=moment,
        state="eligible",
        created_at=moment,
        updated_at=moment,
    )


# (case, starting cohort, schedule asked for, cohort asked for, setup, status, error title or expected enrolment)
CASES = [
    ("moves cohort", "2024a", "npq-leadership-spring", "2025", None, 200, ("npq-leadership-spring", "2025", True)),
    ("already on it", "2024a", "npq-leadership-autumn", None, None, 422, "schedule_identifier"),
    ("not in that year", "2024a", "npq-leadership-spring", None, None, 422, "schedule_identifier"),
    ("no such cohort", "2024a", "npq-leadership-spring", "2019", None, 422, "schedule_identifier"),
    ("other course group", "2024a", "npq-specialist-spring", "2025", None, 422, "schedule_identifier"),
    ("withdrawn", "2024a", "npq-leadership-spring", "2025", "withdrawn", 422, "base"),
    ("no contract in new cohort", "2024a", "npq-leadership-spring", "2025", "no_contract", 422, "cohort"),
    ("declarations fix the cohort", "2024a", "npq-leadership-spring", "2025", "declared", 422, "cohort"),
    ("capped to fully funded", "2024a", "npq-leadership-autumn", "2023", None, 422, "cohort"),
    (
        "to an unfunded cohort",
        "2025a",
        "npq-leadership-spring",
        "2026",
        None,
        200,
        ("npq-leadership-spring", "2026", False),
    ),
    ("unfunded to funded", "2026a", "npq-leadership-autumn", "2026", None, 422, "cohort"),
    ("bad cohort value", "2024a", "npq-leadership-spring", "next", None, 422, "cohort"),
]


@pytest.mark.parametrize(
    ("case", "start", "schedule", "cohort", "setup", "status", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_change_schedule_checks(case, start, schedule, cohort, setup, status, expected, api_as, make_application):
    _contracts("2023a", "2024a", "2025a", "2026a", "2026b")
    app = make_application(cohort=start)
    accept_application(app, ACTOR, funded_place=Cohort.objects.get(identifier=start).funding != "zero")
    app.refresh_from_db()
    if setup == "withdrawn":
        Application.objects.filter(pk=app.pk).update(training_status="withdrawn")
    elif setup == "no_contract":
        Contract.objects.filter(cohort__identifier="2025a").delete()
    elif setup == "declared":
        _declare(app, app.schedule.applies_from + dt.timedelta(days=30))
    before = Application.objects.values_list("cohort_id", "schedule_id", "funded_place").get(pk=app.pk)
    attributes = {"course_identifier": "npq-headship", "schedule_identifier": schedule}
    if cohort:
        attributes["cohort"] = cohort
    response = api_as().put(
        f"/api/v3/participants/npq/{app.user.ecf_id}/change-schedule",
        {"data": {"type": "participant-change-schedule", "attributes": attributes}},
    )
    assert response.status_code == status, response.content
    if status == 200:
        enrolment = response.json()["data"]["attributes"]["npq_enrolments"][0]
        assert (enrolment["schedule_identifier"], enrolment["cohort"], enrolment["funded_place"]) == expected
    else:
        assert response.json()["errors"][0]["title"] == expected
        assert Application.objects.values_list("cohort_id", "schedule_id", "funded_place").get(pk=app.pk) == before

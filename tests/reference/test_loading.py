import pytest

from npq.core.audit import Actor
from npq.core.models import AuditEvent
from npq.reference.loading import load_reference
from npq.reference.models import (
    Cohort,
    Course,
    CourseOffering,
    DeliveryPartner,
    DeliveryPartnership,
    LeadProvider,
    Milestone,
    Schedule,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_reference_tables() -> None:
    """These tests load into empty tables, as on a new database: the session's copy of the reference data
    is deleted inside the test's transaction (children first) and comes back when it rolls back."""
    for model in (
        CourseOffering,
        DeliveryPartnership,
        Milestone,
        Schedule,
        Course,
        Cohort,
        LeadProvider,
        DeliveryPartner,
    ):
        model.objects.all().delete()


def test_reference_data_has_the_twelve_courses_and_their_groups():
    load_reference(Actor.command("test"))
    assert Course.objects.count() == 12
    groups = dict(Course.objects.values_list("identifier", "group"))
    assert groups["npq-headship"] == "leadership"
    assert groups["npq-leading-literacy"] == "specialist"
    assert groups["npq-early-headship-coaching-offer"] == "ehco"
    assert groups["npq-additional-support-offer"] == "support"


def test_cohort_funding_modes_and_schedules():
    load_reference(Actor.command("test"))
    funding = dict(Cohort.objects.values_list("identifier", "funding"))
    assert funding == {
        "2021a": "full",
        "2022a": "full",
        "2023a": "full",
        "2024a": "capped",
        "2025a": "capped",
        "2026a": "zero",
        "2026b": "capped",
    }
    specialist = Schedule.objects.get(cohort__identifier="2024a", identifier="npq-specialist-autumn")
    assert specialist.allowed_declaration_types == ["started", "retained-1", "completed"]
    milestone = Schedule.objects.get(cohort__identifier="2023a", identifier="npq-leadership-autumn").milestones.get(
        declaration_type="retained-1"
    )
    assert (str(milestone.deadline), str(milestone.payment_date)) == ("2024-03-11", "2024-03-18")


def test_loading_twice_changes_and_audits_nothing_the_second_time():
    first = load_reference(Actor.command("test"))
    events = AuditEvent.objects.count()
    second = load_reference(Actor.command("test"))
    assert first.added["Course"] == 12 and second.added == {} and second.updated == {}
    assert AuditEvent.objects.count() == events


def test_a_changed_value_is_updated_and_audited():
    load_reference(Actor.command("test"))
    Course.objects.filter(identifier="npq-headship").update(name="Old name")
    summary = load_reference(Actor.command("test"))
    assert summary.updated == {"Course": 1}
    event = AuditEvent.objects.filter(action="reference.updated").get()
    assert event.before == {"name": "Old name"} and event.after == {"name": "Headship"}


def test_offerings_follow_the_default_course_providers():
    load_reference(Actor.command("test"))
    literacy = CourseOffering.objects.filter(course__identifier="npq-leading-literacy", cohort__identifier="2026b")
    assert sorted(literacy.values_list("lead_provider__name", flat=True)) == [
        "Ambition Institute",
        "National Institute of Teaching",
        "Teach First",
        "UCL Institute of Education",
    ]
    assert LeadProvider.objects.get(name="Teacher Development Trust").status == "exited"

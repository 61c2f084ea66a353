"""An inspection from notification to a published report and tracked actions, through the pages
and services; facilitator observations and coverage."""

import datetime as dt
import uuid

import pytest
from django.test import Client

from npq.core import clock
from npq.core.errors import ValidationFailed
from npq.quality import rules
from npq.quality.models import EvidenceNote, Inspection
from npq.quality.services import improvement, inspections, reports
from tests.conftest import error_summary, html
from tests.modulewide import module_fixtures
from tests.quality import world

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user, backend="npq.people.backends.EmailBackend")
    return client


built, w = module_fixtures(world.build, "w")


def _notify(w, kind=rules.Kind.FULL) -> Inspection:
    now = clock.now()
    return inspections.create_inspection(
        w.users["inspector"],
        w.provider,
        kind,
        now,
        now.date(),
        now.date() + dt.timedelta(days=2),
        team=[w.users["second"]],
    )


def test_an_inspector_notifies_draws_a_sample_logs_evidence_and_drafts_grades_through_the_pages(w):
    inspector = _as(w.users["inspector"])
    response = inspector.post(
        "/quality/inspections/new",
        {
            "lead_provider": w.provider.pk,
            "kind": "full",
            "programme": "npq",
            "starts_on": "8/12/2026",
            "ends_on": "7/12/2026",
        },
    )
    assert error_summary(response) == ["The visit cannot end before it starts"]
    response = inspector.post(
        "/quality/inspections/new",
        {
            "lead_provider": w.provider.pk,
            "kind": "full",
            "programme": "npq",
            "starts_on": "8/12/2026",
            "ends_on": "10/12/2026",
        },
    )
    found = Inspection.objects.get()
    assert response.status_code == 302 and found.evidence_as_of == found.notified_at
    assert inspector.get(f"/quality/inspections/{found.pk}/pack").status_code == 200

    assert (
        inspector.post(f"/quality/inspections/{found.pk}/sample", {"per_stratum": "2", "seed": "7"}).status_code == 302
    )
    items = list(found.samples.get().items.values_list("kind", "stratum", "object_id"))
    inspections.draw_sample(w.users["inspector"], found, 2, seed=7)
    assert list(found.samples.order_by("id").last().items.values_list("kind", "stratum", "object_id")) == items
    assert {k for k, _, _ in items} == {"delivery_partner", "participant", "facilitator", "recorded_session"}

    key = str(uuid.uuid4())
    note = {"area": "quality", "source": "participants", "text": "Participants praise the seminars", "client_key": key}
    assert inspector.post(f"/quality/inspections/{found.pk}/evidence", note).status_code == 302
    assert inspector.post(f"/quality/inspections/{found.pk}/evidence", note).status_code == 302  # sent again
    assert EvidenceNote.objects.count() == 1
    assert error_summary(inspector.post(f"/quality/inspections/{found.pk}/grades", {"area": "quality"})) == [
        "Choose a grade"
    ]
    inspector.post(f"/quality/inspections/{found.pk}/grades", {"area": "quality", "grade": "good"})
    page = html(inspector.get(f"/quality/inspections/{found.pk}")).get_text(" ", strip=True)
    assert "Participants praise the seminars" in page and "Good" in page
    provider_page = html(_as(w.users["quality_lead"]).get(f"/quality/inspections/{found.pk}"))
    assert "Participants praise the seminars" in provider_page.get_text(" ") and "Read only" in provider_page.get_text(
        " "
    )
    assert not provider_page.select("a[href$='/evidence']")  # the provider cannot write to the log
    assert "Draw a sample" in provider_page.get_text(" ")  # ... but sees what the inspector read
    assert _as(w.users["other_provider_user"]).get(f"/quality/inspections/{found.pk}").status_code == 404


def test_a_report_needs_complete_grades_and_a_second_inspector_then_publishing_ends_access(w):
    found = _notify(w)
    lead, second = w.users["inspector"], w.users["second"]
    inspections.draft_grade(lead, found, rules.Area.QUALITY, rules.Grade.GOOD)
    inspections.draft_grade(lead, found, rules.Area.LEADERSHIP, rules.Grade.REQUIRES_IMPROVEMENT)
    inspections.draft_grade(lead, found, rules.Area.OVERALL, rules.Grade.GOOD)
    with pytest.raises(ValidationFailed, match="cannot be better"):
        reports.draft_report(lead, found, "Text", [], None)
    inspections.draft_grade(lead, found, rules.Area.OVERALL, rules.Grade.REQUIRES_IMPROVEMENT)
    reports.draft_report(lead, found, "Leaders plan the curriculum meticulously.", ["Embed formative assessment"], None)
    with pytest.raises(ValidationFailed, match="second inspector"):
        reports.check_report(lead, found)
    assert _as(second).post(f"/quality/inspections/{found.pk}/check", {"confirm": "yes"}).status_code == 302
    assert _as(lead).post(f"/quality/inspections/{found.pk}/publish", {"confirm": "yes"}).status_code == 302
    found.refresh_from_db()
    assert found.stage == "published" and found.next_due_on == rules.next_inspection_due(
        rules.Kind.FULL, clock.today(), None, rules.Grade.REQUIRES_IMPROVEMENT
    )
    assert not found.grants.filter(ends_at__isnull=True).exists()
    assert _as(lead).get(f"/quality/inspections/{found.pk}/pack").status_code == 403

    provider = _as(w.users["quality_lead"])
    assert error_summary(provider.post(f"/quality/inspections/{found.pk}/response", {"response": ""})) == [
        "Enter your response"
    ]
    provider.post(f"/quality/inspections/{found.pk}/response", {"response": "We welcome the report."})
    report = html(_as(w.users["other_provider_user"]).get(f"/quality/reports/{found.pk}")).get_text(" ", strip=True)
    assert (
        "Requires improvement" in report
        and "We welcome the report." in report
        and "Embed formative assessment" in report
    )
    pdf = provider.get(f"/quality/reports/{found.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf.content == provider.get(f"/quality/reports/{found.pk}/report.pdf").content  # the same bytes each time


def test_a_monitoring_visit_becomes_tracked_actions_the_department_sees_overdue(w):
    found = _notify(w, rules.Kind.MONITORING)
    lead = w.users["inspector"]
    with pytest.raises(ValidationFailed, match="effective action"):
        reports.draft_report(lead, found, "Text", ["Check quality everywhere"], None)
    reports.draft_report(
        lead, found, "Text", ["Check quality everywhere", "Fix access to materials"], rules.Action.NOT_EFFECTIVE
    )
    reports.check_report(w.users["second"], found)
    reports.publish_report(lead, found)
    found.refresh_from_db()
    assert found.next_due_on == rules.next_inspection_due(
        rules.Kind.MONITORING, clock.today(), rules.Action.NOT_EFFECTIVE, None
    )
    owner = w.users["quality_lead"]
    page = _as(owner)
    data = {
        "area": "Check quality everywhere",
        "action": "Observe every partner each term",
        "owner": owner.pk,
        "due_on": "1/1/2020",
    }
    assert page.post(f"/quality/inspections/{found.pk}/actions", data).status_code == 302
    with pytest.raises(ValidationFailed, match="work for the provider"):
        improvement.add_action(
            owner, found, "Fix access to materials", "x", w.users["other_provider_user"], clock.today()
        )
    department = html(_as(w.users["admin"]).get("/quality/department")).get_text(" ", strip=True)
    assert "Observe every partner each term" in department and "Not taking effective action" in department
    assert "Overdue" in html(page.get("/quality/provider")).get_text(" ")
    action = found.actions.get()
    assert error_summary(page.post(f"/quality/actions/{action.pk}/done", {"evidence": ""})) == [
        "Enter the evidence that the action is done"
    ]
    assert (
        _as(w.users["other_provider_user"]).post(f"/quality/actions/{action.pk}/done", {"evidence": "x"}).status_code
        == 404
    )
    page.post(f"/quality/actions/{action.pk}/done", {"evidence": "Schedule of observations"})
    action.refresh_from_db()
    assert action.status == "done"
    revisit = _as(lead).get(f"/quality/inspections/new?follows={found.pk}")
    assert "improvement actions are shown on the new inspection" in revisit.content.decode()


def test_the_quality_lead_observes_facilitators_and_sees_coverage(w):
    lead = w.users["quality_lead"]
    page = _as(lead)
    assert page.get("/quality/observations/new").status_code == 302  # a template first
    page.post(
        "/quality/templates/new", {"name": "Session observation", "criteria": "Models practice\nChecks understanding"}
    )
    facilitator = w.users["facilitator"]
    assert (
        page.post("/quality/facilitators/approve", {"person": facilitator.pk, "trained_on": "1/9/2026"}).status_code
        == 302
    )
    form = html(page.get("/quality/observations/new"))
    assert form.select_one("#rating_1")
    response = page.post(
        "/quality/observations/new",
        {"facilitator": facilitator.facilitator_records.get().pk, "observed_on": clock.today().strftime("%d/%m/%Y")},
    )
    assert "Choose the session observed, or enter the link to its recording" in error_summary(response)
    data = {
        "facilitator": facilitator.facilitator_records.get().pk,
        "recording_url": "https://video.example/1",
        "observed_on": clock.today().strftime("%d/%m/%Y"),
        "rating_0": "strength",
        "rating_1": "develop",
        "strengths": "Clear modelling",
        "areas_to_develop": "Check understanding",
        "agreed_actions": "Hinge questions",
    }
    assert page.post("/quality/observations/new", data).status_code == 302
    overview = html(page.get("/quality/provider")).get_text(" ", strip=True)
    assert f"Observed this term: {facilitator.full_name}" in overview and "Checks understanding" in overview
    mine = _as(facilitator).get("/quality/observations/mine")
    link = html(mine).select_one("main a[href^='/quality/observations/']")["href"]
    assert "Hinge questions" in _as(facilitator).get(link).content.decode()
    assert _as(w.users["other_provider_user"]).get(link).status_code == 404

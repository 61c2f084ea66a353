"""The evidence pack's figures equal an independent count in SQL, as of the stored moment, and do
not move when data arrives after it."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from npq.core import clock
from npq.core.models import AuditEvent
from npq.quality import evidence, rules
from npq.quality.services import inspections
from npq.registration.models import Application
from tests.conftest import html
from tests.modulewide import module_fixtures
from tests.quality import world
from tests.quality.world import DAY, T

pytestmark = pytest.mark.django_db


def sql(query: str, *params: object) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return {str(name): int(n) for name, n in cursor.fetchall()}


def _state_at(state: str, provider: int) -> dict[str, int]:
    """Applications whose latest training state by T is ``state``, per course."""
    return sql(
        """
        SELECT c.name, COUNT(*) FROM training_applicationstate s
        JOIN registration_application a ON a.id = s.application_id
        JOIN reference_course c ON c.id = a.course_id
        WHERE a.lead_provider_id = %s AND a.accepted_at <= %s AND s.state = %s AND s.created_at <= %s
          AND NOT EXISTS (
            SELECT 1 FROM training_applicationstate later
            WHERE later.application_id = s.application_id AND later.created_at <= %s
              AND (later.created_at > s.created_at OR (later.created_at = s.created_at AND later.id > s.id)))
        GROUP BY c.name
        """,
        provider,
        T,
        state,
        T,
        T,
    )


def independent(provider: int) -> dict[str, dict[str, int]]:
    return {
        "accepted": sql(
            "SELECT c.name, COUNT(*) FROM registration_application a JOIN reference_course c ON c.id = a.course_id "
            "WHERE a.lead_provider_id = %s AND a.accepted_at <= %s GROUP BY c.name",
            provider,
            T,
        ),
        **{state: _state_at(state, provider) for state in ("active", "deferred", "withdrawn")},
        "completed": sql(
            "SELECT c.name, COUNT(DISTINCT d.application_id) FROM declarations_declaration d "
            "JOIN reference_course c ON c.id = d.course_id "
            "WHERE d.lead_provider_id = %s AND d.declaration_type = 'completed' AND d.declaration_date <= %s "
            "AND NOT EXISTS (SELECT 1 FROM declarations_declarationstatechange v WHERE v.declaration_id = d.id "
            "AND v.to_state = 'voided' AND v.changed_at <= %s) GROUP BY c.name",
            provider,
            T,
            T,
        ),
        "participants": sql(
            "SELECT p.name, COUNT(*) FROM delivery_membership m "
            "JOIN delivery_deliverycohort g ON g.id = m.delivery_cohort_id "
            "JOIN reference_deliverypartner p ON p.id = g.delivery_partner_id "
            "WHERE g.lead_provider_id = %s AND m.joined_at <= %s AND g.created_at <= %s GROUP BY p.name",
            provider,
            T,
            T,
        ),
        "attended": sql(
            "SELECT p.name, COUNT(*) FROM delivery_attendance t JOIN delivery_session s ON s.id = t.session_id "
            "JOIN delivery_deliverycohort g ON g.id = s.delivery_cohort_id "
            "JOIN reference_deliverypartner p ON p.id = g.delivery_partner_id "
            "WHERE g.lead_provider_id = %s AND s.starts_at <= %s AND t.recorded_at <= %s "
            "AND t.status IN ('attended', 'partial') GROUP BY p.name",
            provider,
            T,
            T,
        ),
    }


def figures(pack: evidence.Pack) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for row in pack.courses:
        for key in ("accepted", "active", "deferred", "withdrawn", "completed"):
            if row.cells[key].value:
                out.setdefault(key, {})[row.name] = row.cells[key].value
    for row in pack.partners:
        out.setdefault("participants", {})[row.name] = row.cells["participants"].value
        out.setdefault("attended", {})[row.name] = row.cells["attendance"].part.value
    out["attended"] = {k: v for k, v in out["attended"].items() if v}
    return out


def _build():
    w = world.build()
    made = inspections.create_inspection(
        w.users["inspector"], w.provider, rules.Kind.FULL, T, T.date(), (T + dt.timedelta(days=2)).date()
    )
    return w, made


built, visit = module_fixtures(_build, "visit")


def test_the_pack_equals_an_independent_sql_count(visit):
    w, made = visit
    pack = evidence.build(made)
    expected = independent(w.provider.pk)
    assert figures(pack) == expected
    # The world was made so that each rule of the count is exercised: a withdrawal, a deferral and
    # a resumption before T, one completion voided before T and one voided after it.
    assert expected["withdrawn"] == {"Test headship": 1}
    assert expected["deferred"] == {"Test headship": 1}
    assert expected["completed"] == {"Test headship": 7}
    assert expected["participants"] == {"North hub": 12, "South hub": 7}


def test_the_pack_is_reproducible_as_of_its_moment(visit):
    w, made = visit
    before = figures(evidence.build(made))
    world.later_changes(w)
    assert figures(evidence.build(made)) == before
    made.evidence_as_of = T + dt.timedelta(days=3)
    after = figures(evidence.build(made))
    assert after["accepted"]["Test headship"] == before["accepted"]["Test headship"] + 6


def test_small_numbers_are_hidden_with_a_second_cell(visit):
    _, made = visit
    pack = evidence.build(made)
    headship = next(r for r in pack.courses if r.name == "Test headship")
    senior = next(r for r in pack.courses if r.name == "Test senior leadership")
    assert headship.cells["withdrawn"].hidden and str(headship.cells["withdrawn"]) == "Hidden: small numbers"
    assert str(headship.cells["retention"]) == "Hidden: small numbers"  # it would give the withdrawn count back
    assert not senior.cells["accepted"].hidden and str(senior.cells["accepted"]) == "7"


def test_the_other_providers_data_is_never_in_the_pack(visit):
    w, made = visit
    pack = evidence.build(made)
    assert sum(r.cells["accepted"].value for r in pack.courses) == 19  # not the other provider's 9


def _stored_pack(made) -> evidence.Pack:
    counted = evidence.stored(made)
    assert counted is not None
    return evidence.from_stored(made, counted)


def test_the_figures_stored_at_notification_equal_the_independent_count_and_do_not_move(visit):
    w, made = visit
    assert figures(_stored_pack(made)) == independent(w.provider.pk)
    fresh = evidence.build(made)
    stored = _stored_pack(made)
    assert [getattr(stored, name) for name in evidence.COUNTED] == [getattr(fresh, name) for name in evidence.COUNTED]
    world.later_changes(w)
    # A completion declared afterwards with a date before the moment: a new count would take it in,
    # the stored figures are those of the moment they were counted.
    late = Application.objects.filter(lead_provider=w.provider, accepted_at__lte=T).order_by("id")[11]
    world.complete(late, T - DAY, w.partners[0])
    assert figures(evidence.build(made))["completed"] != figures(fresh)["completed"]
    assert figures(_stored_pack(made)) == figures(fresh)


def test_a_recount_stores_figures_for_its_moment_and_keeps_the_earlier(visit):
    w, made = visit
    world.later_changes(w)
    token = clock.move_to(T + 3 * DAY)
    try:
        inspections.recount_evidence(w.users["inspector"], made)
    finally:
        clock.reset(token)
    assert sorted(made.evidence_figures.values_list("as_of", flat=True)) == [T, T + 3 * DAY]
    headship = next(r for r in _stored_pack(made).courses if r.name == "Test headship")
    assert headship.cells["accepted"].value == 12 + 6


def _as(user) -> Client:
    client = Client()
    client.force_login(user, backend="npq.people.backends.EmailBackend")
    return client


def test_the_pack_page_reads_the_stored_figures_in_a_fixed_number_of_queries(visit, django_assert_max_num_queries):
    """Session, user, inspection, grant, the read logged, the stored figures, the timetable."""
    w, made = visit
    inspector = _as(w.users["inspector"])
    with django_assert_max_num_queries(7):
        page = inspector.get(f"/quality/inspections/{made.pk}/pack")
    assert page.status_code == 200
    cells = [td.get_text(strip=True) for td in html(page).select("td")]
    assert "North hub" in cells and "Hidden: small numbers" in cells and "Beta Provider" not in page.content.decode()


def test_a_pack_without_stored_figures_is_counted_once_at_its_first_reading(visit):
    w, made = visit
    made.evidence_figures.all().delete()
    inspector = _as(w.users["inspector"])
    assert inspector.get(f"/quality/inspections/{made.pk}/pack").status_code == 200
    assert inspector.get(f"/quality/inspections/{made.pk}/pack").status_code == 200
    assert made.evidence_figures.count() == 1
    assert figures(_stored_pack(made)) == independent(w.provider.pk)
    counted = AuditEvent.objects.filter(action="inspection.evidence_counted", object_id=str(made.pk))
    assert counted.count() == 2  # at notification, and again at the first reading after they were removed

import pytest

from npq.core.audit import Actor
from npq.core.errors import InvalidTransition
from npq.core.models import AuditEvent
from npq.frameworks import queries, services
from npq.frameworks.models import Curriculum, Framework
from npq.frameworks.services import FileRejected
from npq.reference.models import LeadProvider
from tests.frameworks.conftest import DATA
from tests.modulewide import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(shipped_once, reference):
    """The shipped frameworks, loaded once for this module: every test here starts from them."""
    return fresh(shipped_once)


CURRICULUM = """\
framework: npq-reformed
version: 1
qualification: NPQH
name: Test NPQH
modules:
  - title: One
    sessions:
      - title: Culture
        mode: face_to_face
        teaches: [npqh-school-culture-that, npqh-school-culture-how, npqh-school-culture-that]
      - title: Check
        mode: coaching
        assesses: [npqh-teaching-how]
  - title: Two
    sessions:
      - title: Teaching
        mode: live_video
        teaches: [npqh-teaching-that, npqh-teaching-how]
"""


def upload(provider_name, text, name="c.yaml"):
    provider = LeadProvider.objects.get(name=provider_name)
    return services.upload_curriculum(provider, text, name, Actor.command("test"), via="cli")


def test_upload_and_coverage(shipped):
    cur = upload("Ambition Institute", CURRICULUM)
    report = queries.coverage_of(cur)
    assert (report.covered, report.total, report.percent) == (4, 20, 20)
    culture = next(a for a in report.areas if a.name == "School culture")
    assert (culture.covered, culture.total) == (2, 2)
    assert [p.describe() for p in report.sequencing] == [
        "npqh-teaching-how is assessed in session 2 (Check) before it is taught in session 3"
    ]
    assert AuditEvent.objects.filter(action="curriculum.uploaded", object_id=str(cur.pk)).exists()
    csv_text = queries.coverage_csv(cur, report)
    lines = csv_text.splitlines()
    assert lines[0].startswith("content_area,statement_id")
    assert len(lines) == 21
    assert any("npqh-teaching-how" in line and ",yes," in line and "3. Two / Teaching" in line for line in lines)


def test_new_upload_is_a_new_revision_and_keeps_the_old(shipped):
    first = upload("Ambition Institute", CURRICULUM)
    second = upload("Ambition Institute", CURRICULUM.replace("Test NPQH", "Test NPQH v2"))
    assert (first.revision, second.revision) == (1, 2)
    assert Curriculum.objects.count() == 2
    other = upload("Teach First", CURRICULUM)
    assert other.revision == 1


def test_unknown_and_foreign_ids_are_rejected_with_lines(shipped):
    text = (
        CURRICULUM.replace("npqh-school-culture-how,", "npqh-made-up,")
        .replace("[npqh-teaching-how]", "[npqsl-teaching-how]")
        .replace("mode: live_video", "mode: podcast")
    )
    with pytest.raises(FileRejected) as exc:
        upload("Ambition Institute", text, "bad.yaml")
    got = [(p.line, p.field, p.message) for p in exc.value.problems]
    assert got == [
        (
            10,
            "modules[0].sessions[0].teaches[1]",
            "'npqh-made-up' is not a statement id, not npq-reformed version 1 NPQH",
        ),
        (
            13,
            "modules[0].sessions[1].assesses[0]",
            "'npqsl-teaching-how' belongs to another qualification of npq-reformed version 1, "
            "not npq-reformed version 1 NPQH",
        ),
        (
            17,
            "modules[1].sessions[0].mode",
            "must be one of self_study, face_to_face, live_video, coaching, not 'podcast'",
        ),
    ]
    assert not Curriculum.objects.exists()


def test_id_only_in_another_version_says_so(shipped):
    text = CURRICULUM.replace("[npqh-teaching-that, npqh-teaching-how]", "[npqh-review-send]")
    with pytest.raises(FileRejected) as exc:
        upload("Ambition Institute", text)
    assert exc.value.problems[0].message.startswith("'npqh-review-send' belongs to npq-reformed version 2")


def test_unknown_framework_version(shipped):
    with pytest.raises(FileRejected) as exc:
        upload("Ambition Institute", CURRICULUM.replace("version: 1", "version: 9"))
    assert [(p.line, p.field) for p in exc.value.problems] == [(1, "framework")]


def test_json_style_upload_without_lines(shipped):
    data = {"framework": "npq-reformed", "version": 1, "qualification": "NPQH", "name": "API", "modules": []}
    with pytest.raises(FileRejected) as exc:
        services.upload_curriculum(LeadProvider.objects.get(name="Teach First"), data, "api", Actor.command("t"))
    assert [p.field for p in exc.value.problems] == ["modules"]


def test_diff_and_impact_of_the_review_draft(shipped):
    v1, v2 = shipped["npq-reformed-v1.yaml"], shipped["npq-reformed-v2-draft.yaml"]
    result = queries.diff_of(v1, v2)
    assert [c.kind.value for c in result.statements].count("added") == 12
    assert [c.key for c in result.statements if c.kind.value == "changed"] == ["npqh-organisational-management-how"]
    upload("Ambition Institute", (DATA / "demo" / "ambition-npqh.yaml").read_text())
    upload("Teach First", (DATA / "demo" / "teachfirst-npqsl.yaml").read_text())
    rows = {r.curriculum.lead_provider.name: r.impact for r in queries.impact_of(v2)}
    assert {s.sid for s in rows["Ambition Institute"].newly_uncovered} == {
        "npqh-review-send",
        "npqh-review-progression",
        "npqh-review-workload",
        "npqh-review-operations",
    }
    assert len(rows["Ambition Institute"].uncovered) == 6  # 4 new + 2 existing gaps
    assert len(rows["Teach First"].uncovered) == 9  # 4 new + 5 existing gaps


def test_publish_retires_the_old_version_without_changing_its_content(shipped):
    v1, v2 = shipped["npq-reformed-v1.yaml"], shipped["npq-reformed-v2-draft.yaml"]
    before = list(v1.statements.values_list("sid", "text"))
    services.publish_framework(v2.pk, Actor.command("test"))
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == ("retired", "published")
    assert list(v1.statements.values_list("sid", "text")) == before
    with pytest.raises(InvalidTransition):
        services.publish_framework(v2.pk, Actor.command("test"))
    assert AuditEvent.objects.filter(action="framework.published").count() == 1
    assert Framework.objects.get(pk=v1.pk).effective_to is not None

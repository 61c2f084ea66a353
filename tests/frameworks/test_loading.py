import pytest

from npq.core.errors import Conflict
from npq.core.models import AuditEvent
from npq.frameworks.models import AssessmentTask, Criterion, Framework, Statement
from npq.frameworks.services import FileRejected
from tests.frameworks.conftest import SMALL

pytestmark = pytest.mark.django_db


def test_small_file_loads_every_part(load):
    fw = load(SMALL)
    assert (fw.key, fw.version, fw.status) == ("tiny", 1, "published")
    assert fw.published_at is not None
    npqsl = Statement.objects.filter(framework=fw, qualifications__code="NPQSL")
    assert list(npqsl.values_list("sid", flat=True)) == ["c-1", "k-1"]  # c-2 is NPQH only
    assert set(Statement.objects.get(sid="c-1").qualifications.values_list("code", flat=True)) == {"NPQH", "NPQSL"}
    assert Statement.objects.get(sid="k-1").official is False
    task = AssessmentTask.objects.get(key="h-task")
    assert (task.word_limit, task.conditions, task.part_keys()) == (2500, ["Present to the governing board"], ["A"])
    assert Criterion.objects.get(code="2.1.1").tested_in == "Headship task, part A"
    assert AuditEvent.objects.filter(action="framework.loaded", object_id=str(fw.pk)).count() == 1


def test_same_version_twice_is_refused(load):
    load(SMALL)
    with pytest.raises(Conflict, match="already loaded"):
        load(SMALL)
    assert Framework.objects.count() == 1


BAD = [
    (
        "duplicate statement id",
        SMALL.replace("id: c-2,", "id: c-1,"),
        [
            (14, "statements[0].id", "duplicate statement id 'c-1'"),
            (15, "statements[1].id", "duplicate statement id 'c-1'"),
        ],
    ),
    (
        "criterion to a missing content area",
        SMALL.replace("content_area: capability, text: Does", "content_area: nowhere, text: Does"),
        [(27, "criteria[0].content_area", "unknown content area 'nowhere'")],
    ),
    (
        "criterion to a missing task",
        SMALL.replace("task: h-task, part: A", "task: no-task, part: A"),
        [(27, "criteria[0].task", "unknown task 'no-task'")],
    ),
    (
        "criterion to a missing part",
        SMALL.replace("task: h-task, part: A", "task: h-task, part: Z"),
        [(27, "criteria[0].part", "task 'h-task' has no part 'Z'")],
    ),
    (
        "word limit not a whole number",
        SMALL.replace("word_limit: 2500", "word_limit: 2500.5"),
        [(24, "tasks[0].word_limit", "must be a positive whole number, not '2500.5'")],
    ),
    (
        "word limit zero",
        SMALL.replace("word_limit: 2500", "word_limit: 0"),
        [(24, "tasks[0].word_limit", "must be a positive whole number, not '0'")],
    ),
    (
        "word limit text",
        SMALL.replace("word_limit: 2500", "word_limit: many"),
        [(24, "tasks[0].word_limit", "must be a positive whole number, not 'many'")],
    ),
    (
        "unknown kind and qualification",
        SMALL.replace("kind: learn_that", "kind: learn_why").replace(
            "qualifications: [NPQH]}", "qualifications: [NPQX]}"
        ),
        [
            (14, "statements[0].kind", "must be one of learn_that, learn_how_to, learn_about, not 'learn_why'"),
            (15, "statements[1].qualifications", "unknown qualification for this content area 'NPQX'"),
        ],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_lists_every_problem_and_stores_nothing(load, case, text, expected):
    with pytest.raises(FileRejected) as exc:
        load(text, "bad.yaml")
    assert [(p.line, p.field, p.message) for p in exc.value.problems] == expected
    assert {p.file for p in exc.value.problems} == {"bad.yaml"}
    assert not Framework.objects.exists()
    assert not AuditEvent.objects.filter(action="framework.loaded").exists()


def test_several_problems_at_once(load):
    text = (
        SMALL.replace("id: c-2,", "id: c-1,")
        .replace("word_limit: 2500", "word_limit: -3")
        .replace("task: h-task, part: A", "task: gone")
    )
    with pytest.raises(FileRejected) as exc:
        load(text)
    assert [p.field for p in exc.value.problems] == [
        "statements[0].id",
        "statements[1].id",
        "tasks[0].word_limit",
        "criteria[0].task",
    ]


def test_not_yaml_names_the_line(load):
    with pytest.raises(FileRejected) as exc:
        load("framework:\n  key: [unclosed\n  version: 1\n")
    assert exc.value.problems[0].field == "(file)"
    assert exc.value.problems[0].line >= 2


def test_unknown_course_identifier_is_rejected(reference, load):
    text = SMALL.replace("{code: NPQH, name: Headship}", "{code: NPQH, name: Headship, course: npq-nothing}")
    with pytest.raises(FileRejected) as exc:
        load(text)
    assert [(p.line, p.field) for p in exc.value.problems] == [(8, "qualifications[0].course")]


def test_shipped_2017_framework(shipped):
    fw = shipped["npq-2017-v1.yaml"]
    assert fw.status == "retired"
    assert list(fw.qualifications.values_list("code", flat=True)) == ["NPQML", "NPQSL", "NPQH", "NPQEL"]
    assert fw.content_areas.count() == 6
    assert fw.behaviours.count() == 7 and not fw.behaviours.filter(assessed=True).exists()
    limits = {t.key: t.word_limit for t in fw.tasks.all()}
    assert limits == {
        "npqml-project": 4500,
        "npqsl-project": 5000,
        "npqh-project-1": 4000,
        "npqh-project-2": 2500,
        "npqel-project-1": 4000,
        "npqel-project-2": 4000,
    }
    placement = fw.tasks.get(key="npqh-project-2")
    assert any("at least 9 days" in c for c in placement.conditions)
    assert any("governing board" in c for c in fw.tasks.get(key="npqh-project-1").conditions)
    criterion = fw.criteria.get(code="6.3.1")
    assert criterion.official and criterion.task.key == "npqh-project-2"
    assert fw.criteria.get(code="1.2.1").official is False  # wording not in our material
    assert fw.statements.filter(official=True).count() == 19  # the seed's example statements


def test_shipped_reformed_framework_links_courses(shipped):
    fw = shipped["npq-reformed-v1.yaml"]
    assert fw.qualifications.count() == 10
    assert fw.qualifications.get(code="NPQH").course.identifier == "npq-headship"
    assert not fw.statements.filter(official=True).exists()
    assert set(fw.statements.values_list("kind", flat=True)) == {"learn_that", "learn_how_to"}


def test_missing_sections_are_each_reported_once(load):
    with pytest.raises(FileRejected) as exc:
        load("framework: {key: x, version: 0}\nqualifications: []\n")
    assert [(p.field, p.message) for p in exc.value.problems] == [
        ("framework.version", "must be a positive whole number, not '0'"),
        ("framework.name", "is missing"),
        ("framework.status", "is missing"),
        ("content_areas", "is missing (a list)"),
        ("statements", "is missing (a list)"),
    ]

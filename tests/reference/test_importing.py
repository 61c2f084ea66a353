from pathlib import Path

import pytest

from npq.core.audit import Actor
from npq.core.models import AuditEvent
from npq.reference.csvfiles import ImportFileError
from npq.reference.importing import import_eligibility_list, import_schools
from npq.reference.models import EligibilityList, ImportRun, School

pytestmark = pytest.mark.django_db
ACTOR = Actor.command("test")
SAMPLE = Path(__file__).resolve().parents[2] / "src/npq/reference/data/gias-sample.csv"
HEADER = (
    "URN,EstablishmentName,EstablishmentStatus (code),TypeOfEstablishment (code),NumberOfPupils,Postcode,Town,UKPRN\r\n"
)


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "edubase.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_sample_gias_export_imports_with_real_columns_and_windows_1252():
    summary = import_schools(SAMPLE, ACTOR, execute=True)
    assert summary.encoding == "windows-1252"
    assert (summary.rows, summary.added, len(summary.rejected)) == (220, 220, 0)
    school = School.objects.filter(name__startswith="St ", name__contains="’s Catholic").first()
    assert school is not None and school.establishment_type_code == "2"
    assert School.objects.filter(is_open=False).count() == 6
    assert AuditEvent.objects.filter(action="school.added").exclude(object_id="").count() == 220


def test_second_run_changes_nothing():
    import_schools(SAMPLE, ACTOR, execute=True)
    summary = import_schools(SAMPLE, ACTOR, execute=True)
    assert (summary.added, summary.updated, summary.unchanged, summary.closed) == (0, 0, 220, 0)


def test_dry_run_saves_nothing_but_reports_what_would_happen():
    summary = import_schools(SAMPLE, ACTOR)
    assert summary.added == 220 and not summary.executed
    assert School.objects.count() == 0 and ImportRun.objects.count() == 0


def test_utf8_with_bom_is_read(tmp_path):
    path = write(tmp_path, "\ufeff" + HEADER + "123456,St Mary’s C of E Primary School,1,3,210,LN1 1AA,Lincoln,\r\n")
    summary = import_schools(path, ACTOR, execute=True)
    assert summary.encoding == "utf-8-sig"
    assert School.objects.get(urn="123456").name == "St Mary’s C of E Primary School"


def test_bad_rows_are_rejected_with_line_and_column_and_the_rest_kept(tmp_path):
    text = HEADER + (
        "100001,Good School,1,1,100,,,\r\n"
        "ABC,Bad Urn School,1,1,100,,,\r\n"
        "100001,Duplicate School,1,1,100,,,\r\n"
        "100002,Odd Pupils School,1,1,lots,,,\r\n"
        "100003,,1,1,100,,,\r\n"
        "100004,Short Row School,1\r\n"
    )
    summary = import_schools(write(tmp_path, text), ACTOR, execute=True)
    reasons = {(r.line, r.column) for r in summary.rejected}
    assert reasons == {(3, "URN"), (4, "URN"), (5, "NumberOfPupils"), (6, "EstablishmentName")}
    assert "first on line 2" in next(r.reason for r in summary.rejected if r.line == 4)
    assert set(School.objects.values_list("urn", flat=True)) == {"100001", "100004"}
    run = ImportRun.objects.get()
    assert len(run.rejected) == 4 and run.added == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("URN,EstablishmentName\r\n1,A\r\n", "missing required column EstablishmentStatus (code)"),
        (HEADER, "has a header but no rows"),
        ("URN,URN,EstablishmentName,EstablishmentStatus (code)\r\n1,1,A,1\r\n", "column URN appears more than once"),
    ],
)
def test_whole_file_problems_name_the_file_and_store_nothing(tmp_path, text, message):
    with pytest.raises(ImportFileError) as error:
        import_schools(write(tmp_path, text), ACTOR, execute=True)
    assert "edubase.csv" in error.value.message and message in error.value.message
    assert School.objects.count() == 0


def test_undecodable_file_is_refused(tmp_path):
    path = tmp_path / "edubase.csv"
    path.write_bytes(HEADER.encode() + b"1,\x81\x8d\x8f,1,1,1,,,\r\n")
    with pytest.raises(ImportFileError, match="cannot read the file as UTF-8 or Windows-1252"):
        import_schools(path, ACTOR, execute=True)


def test_schools_missing_from_the_export_are_closed(tmp_path):
    rows = "".join(f"{100000 + i},School {i},1,1,100,,,\r\n" for i in range(20))
    import_schools(write(tmp_path, HEADER + rows), ACTOR, execute=True)
    summary = import_schools(write(tmp_path, HEADER + rows.split("\r\n", 1)[1]), ACTOR, execute=True)
    assert summary.closed == 1
    gone = School.objects.get(urn="100000")
    assert not gone.is_open and gone.closed_at is not None
    assert AuditEvent.objects.filter(action="school.closed", object_id=str(gone.pk)).exists()


def test_a_partial_file_does_not_close_most_schools(tmp_path):
    rows = "".join(f"{100000 + i},School {i},1,1,100,,,\r\n" for i in range(20))
    import_schools(write(tmp_path, HEADER + rows), ACTOR, execute=True)
    summary = import_schools(write(tmp_path, HEADER + "100000,School 0,1,1,100,,,\r\n"), ACTOR, execute=True)
    assert summary.closed == 0 and "NOT closed" in summary.notes[0]
    assert School.objects.filter(is_open=True).count() == 20


def test_eligibility_list_keeps_provenance_and_replaces_the_previous_one(tmp_path):
    first = import_eligibility_list(
        "pp50-school", write(tmp_path, "URN,Name\n100001,A\n100002,B\n", name="pp50-2025.csv"), ACTOR, execute=True
    )
    assert first.added == 2
    second = import_eligibility_list(
        "pp50-school", write(tmp_path, "URN\n100002\n100003\nx9\n100003\n", name="pp50-2026.csv"), ACTOR, execute=True
    )
    assert (second.added, second.unchanged, second.closed) == (1, 1, 1)
    assert [(r.line, r.column) for r in second.rejected] == [(4, "URN"), (5, "URN")]
    current = EligibilityList.objects.get(kind="pp50-school", is_current=True)
    assert (current.file_name, current.row_count) == ("pp50-2026.csv", 2)
    assert set(current.entries.values_list("identifier", flat=True)) == {"100002", "100003"}
    assert EligibilityList.objects.filter(kind="pp50-school").count() == 2
    assert AuditEvent.objects.filter(action="eligibility_list.imported").count() == 2


def test_further_education_list_uses_ukprn(tmp_path):
    import_eligibility_list("pp50-further-education", write(tmp_path, "UKPRN\n10000001\n"), ACTOR, execute=True)
    assert EligibilityList.objects.get().entries.get().identifier_type == "ukprn"


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("no-such-list", "URN\n1\n", "Unknown eligibility list 'no-such-list'"),
        ("rise-school", "School name\nA\n", "no identifier column"),
        ("rise-school", "URN\nabc\n", "no row has a valid URN"),
    ],
)
def test_eligibility_list_problems(tmp_path, kind, text, message):
    with pytest.raises(ImportFileError, match=message):
        import_eligibility_list(kind, write(tmp_path, text), ACTOR, execute=True)
    assert EligibilityList.objects.count() == 0


def test_each_sample_school_keeps_its_gias_region():
    import_schools(SAMPLE, ACTOR, execute=True)
    regions = set(School.objects.values_list("region", flat=True))
    assert len(regions) == 9 and "" not in regions
    assert set(School.objects.filter(la_name="Leeds").values_list("region", flat=True)) == {"yorkshire-and-the-humber"}


def test_the_region_is_read_from_the_gor_code_when_the_file_has_one(tmp_path):
    text = "URN,EstablishmentName,EstablishmentStatus (code),GOR (code),GOR (name)\r\n"
    text += "100001,Thames School,1,H,London\r\n100002,Welsh School,1,W,Wales (pseudo)\r\n"
    import_schools(write(tmp_path, text), ACTOR, execute=True)
    assert dict(School.objects.values_list("urn", "region")) == {"100001": "london", "100002": ""}

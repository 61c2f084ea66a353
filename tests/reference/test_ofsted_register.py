"""Importing Ofsted's register of childcare providers: the sample file, bad rows, stale providers."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from npq.core.audit import Actor
from npq.core.models import AuditEvent
from npq.reference import search
from npq.reference.csvfiles import ImportFileError
from npq.reference.importing import import_eligibility_list
from npq.reference.models import ChildcareProvider, EligibilityListEntry, ImportRun
from npq.reference.ofsted_register import import_childcare_providers, registers_from

pytestmark = pytest.mark.django_db
ACTOR = Actor.command("test")
SAMPLE = Path(__file__).resolve().parents[2] / "src/npq/reference/data/ofsted-childcare-sample.csv"
HEADER = (
    '"Provider URN","Registration date","Provider type","Provider status","Individual Register combinations",'
    '"Provider name","Provider town","Postcode","Local authority","Places"\r\n'
)


def write(tmp_path, rows, header=HEADER):
    path = tmp_path / "childcare.csv"
    path.write_text(header + "".join(row + "\r\n" for row in rows), encoding="cp1252")
    return path


def test_the_sample_register_imports_with_redacted_childminders():
    summary = import_childcare_providers(SAMPLE, ACTOR, execute=True)
    assert (summary.rows, summary.added, summary.rejected) == (10, 10, [])
    assert "Most recent full: Overall effectiveness" in summary.ignored_columns
    nursery = ChildcareProvider.objects.get(ofsted_urn="EY900101")
    assert (nursery.name, nursery.town, nursery.postcode, nursery.places) == (
        "Little Acorns Day Nursery",
        "Tiverton",
        "EX16 5AB",
        62,
    )
    assert nursery.registers == "EYR CCR VCR" and nursery.registration_date == dt.date(2012, 3, 14)
    childminder = ChildcareProvider.objects.get(ofsted_urn="EY900103")
    assert (childminder.name, childminder.town, childminder.street) == ("", "", "")
    assert childminder.display_name == "Childminder in Leeds"
    assert not ChildcareProvider.objects.get(ofsted_urn="EY900107").is_active  # resigned
    assert [p.ofsted_urn for p in search.childcare_providers("EY900103")] == ["EY900103"]
    assert AuditEvent.objects.filter(action="childcare_provider.added").count() == 10
    assert ImportRun.objects.get(kind="childcare-providers").added == 10


def test_a_second_run_changes_nothing_and_a_dry_run_saves_nothing():
    dry = import_childcare_providers(SAMPLE, ACTOR)
    assert dry.added == 10 and not ChildcareProvider.objects.exists()
    import_childcare_providers(SAMPLE, ACTOR, execute=True)
    again = import_childcare_providers(SAMPLE, ACTOR, execute=True)
    assert (again.added, again.updated, again.unchanged, again.closed) == (0, 0, 10, 0)


def test_bad_rows_are_rejected_with_line_and_column_and_the_rest_kept(tmp_path):
    path = write(
        tmp_path,
        [
            '"EY100001",01/02/2010,"Childminder","Active","ALL","REDACTED","REDACTED","REDACTED","Leeds",6',
            '"XY12",01/02/2010,"Childminder","Active","ALL","A","B","C","Leeds",6',
            '"EY100001",01/02/2010,"Childminder","Active","ALL","A","B","C","Leeds",6',
            '"EY100002",31/02/2010,"Childminder","Active","ALL","A","B","C","Leeds",6',
            '"EY100003",01/02/2010,"Childminder","Active","EYR only","A","B","C","Leeds",many',
            '"EY100004",01/02/2010,"Childminder","Active","XYZ","A","B","C","Leeds",6',
        ],
    )
    summary = import_childcare_providers(path, ACTOR, execute=True)
    assert summary.added == 1
    assert [(r.line, r.column) for r in summary.rejected] == [
        (3, "Provider URN"),
        (4, "Provider URN"),
        (5, "Registration date"),
        (6, "Places"),
        (7, "Individual Register combinations"),
    ]
    assert "appears again (first on line 2)" in summary.rejected[1].reason


def test_a_file_without_the_urn_column_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="missing required column Provider URN"):
        import_childcare_providers(write(tmp_path, ['"Leeds"'], header='"Provider type","Provider status"\r\n'), ACTOR)


def test_providers_missing_from_a_complete_file_become_inactive(tmp_path):
    rows = [f'"EY2000{n:02d}",01/02/2010,"Childminder","Active","ALL","","","","Leeds",6' for n in range(20)]
    import_childcare_providers(write(tmp_path, rows), ACTOR, execute=True)
    summary = import_childcare_providers(write(tmp_path, rows[1:]), ACTOR, execute=True)
    assert summary.closed == 1
    gone = ChildcareProvider.objects.get(ofsted_urn="EY200000")
    assert not gone.is_active and gone.closed_at is not None
    assert AuditEvent.objects.filter(action="childcare_provider.closed", object_id=str(gone.pk)).exists()


def test_a_partial_file_does_not_close_most_providers(tmp_path):
    rows = [f'"EY3000{n:02d}",01/02/2010,"Childminder","Active","ALL","","","","Leeds",6' for n in range(20)]
    import_childcare_providers(write(tmp_path, rows), ACTOR, execute=True)
    summary = import_childcare_providers(write(tmp_path, rows[:5]), ACTOR, execute=True)
    assert summary.closed == 0 and "NOT made inactive" in summary.notes[0]
    assert ChildcareProvider.objects.filter(is_active=True).count() == 20


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ALL", "EYR CCR VCR"), ("EYR only", "EYR"), ("EYR-CCR", "EYR CCR"), ("EYR, CCR, VCR", "EYR CCR VCR")],
)
def test_register_combinations(value, expected):
    assert registers_from(value) == expected


def test_the_command_is_a_dry_run_unless_executed(capsys):
    call_command("import_data", "childcare-providers", str(SAMPLE), verbosity=0)
    assert "Dry run" in capsys.readouterr().out and not ChildcareProvider.objects.exists()
    call_command("import_data", "childcare-providers", str(SAMPLE), "--execute", verbosity=0)
    assert ChildcareProvider.objects.count() == 10


@pytest.mark.parametrize("kind", ["childminder", "disadvantaged-early-years"])
def test_early_years_eligibility_lists_take_ofsted_urns(tmp_path, kind):
    path = tmp_path / "list.csv"
    path.write_text("Ofsted URN\r\nEY900103\r\ney 900104\r\n2654321\r\nEYX1\r\n", encoding="utf-8")
    summary = import_eligibility_list(kind, path, ACTOR, execute=True)
    assert summary.added == 3 and [r.line for r in summary.rejected] == [5]
    listed = set(EligibilityListEntry.objects.filter(eligibility_list__kind=kind).values_list("identifier", flat=True))
    assert listed == {"EY900103", "EY900104", "2654321"}


def test_school_lists_still_take_digits_only(tmp_path):
    path = tmp_path / "pp50.csv"
    path.write_text("URN\r\n100001\r\nEY900103\r\n", encoding="utf-8")
    summary = import_eligibility_list("pp50-school", path, ACTOR, execute=True)
    assert summary.added == 1 and [r.line for r in summary.rejected] == [3]

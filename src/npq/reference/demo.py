"""Demo reference data: the sample GIAS schools, the sample Ofsted childcare register and demo
eligibility lists (marked as such)."""

from pathlib import Path
from typing import Any

from npq.core.audit import Actor
from npq.reference.importing import import_eligibility_list, import_schools
from npq.reference.models import ChildcareProvider, EligibilityList, School
from npq.reference.ofsted_register import import_childcare_providers

DATA = Path(__file__).resolve().parent / "data"
# Demo lists derived from the sample schools (not the Department's lists).
DEMO_LISTS = [
    ("pp50-school", "demo-pp50-schools.csv"),
    ("pp50-further-education", "demo-pp50-further-education.csv"),
    ("rise-school", "demo-rise-schools.csv"),
    ("local-authority-nursery", "demo-local-authority-nurseries.csv"),
]


def create_demo(out: Any) -> None:
    actor = Actor.command("demo")
    if not School.objects.exclude(region="").exists():  # none yet, or imported before regions were kept
        summary = import_schools(DATA / "gias-sample.csv", actor, execute=True)
        out.write(f"Schools: {summary.added} imported from the sample GIAS export")
    if not ChildcareProvider.objects.exists():
        summary = import_childcare_providers(DATA / "ofsted-childcare-sample.csv", actor, execute=True)
        out.write(f"Childcare providers: {summary.added} imported from the sample Ofsted register")
    for kind, file_name in DEMO_LISTS:
        if not EligibilityList.objects.filter(kind=kind).exists():
            summary = import_eligibility_list(kind, DATA / file_name, actor, execute=True)
            out.write(f"Eligibility list {kind}: {summary.added} entries from {file_name}")

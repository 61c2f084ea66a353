"""Demo frameworks and curricula: the 2017 framework, the reformed framework, a demonstration
review draft (seed 001's focus areas) and two providers' curricula with real gaps."""

from pathlib import Path
from typing import Any

from npq.core import yamlfiles
from npq.core.audit import Actor
from npq.frameworks import queries, services
from npq.frameworks.models import Curriculum, Framework
from npq.reference.models import LeadProvider

DATA = Path(__file__).resolve().parent / "data"
FRAMEWORK_FILES = ["npq-2017-v1.yaml", "npq-reformed-v1.yaml", "npq-reformed-v2-draft.yaml"]
CURRICULA = [
    ("Ambition Institute", "demo/ambition-npqh.yaml"),
    ("Teach First", "demo/teachfirst-npqsl.yaml"),
]


def load_shipped_frameworks(actor: Actor, out: Any) -> None:
    """Load each shipped framework file whose key and version is not loaded yet."""
    for name in FRAMEWORK_FILES:
        text = (DATA / name).read_text(encoding="utf-8")
        head = yamlfiles.parse(text)["framework"]
        if Framework.objects.filter(key=head["key"], version=head["version"]).exists():
            continue
        fw = services.load_framework(text, name, actor)
        out.write(f"Framework {fw.key} version {fw.version} ({fw.status}): {fw.statements.count()} statements")


def create_demo(out: Any) -> None:
    actor = Actor.command("demo")
    load_shipped_frameworks(actor, out)
    for provider_name, file_name in CURRICULA:
        provider = LeadProvider.objects.filter(name=provider_name).first()
        if (
            provider is None
            or Curriculum.objects.filter(lead_provider=provider, file_name=Path(file_name).name).exists()
        ):
            continue
        text = (DATA / file_name).read_text(encoding="utf-8")
        cur = services.upload_curriculum(provider, text, Path(file_name).name, actor, via="demo")
        report = queries.coverage_of(cur)
        out.write(
            f"Curriculum for {provider_name} ({cur.qualification.code}): {report.covered} of {report.total} "
            f"statements covered, {len(report.sequencing)} sequencing problem(s)"
        )

"""Read side: load facts from the database and ask the rules for coverage, diff and impact."""

import csv
import io
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from npq.frameworks import rules
from npq.frameworks.models import (
    Criterion,
    Curriculum,
    CurriculumSession,
    Framework,
    FrameworkStatus,
    Statement,
)


def label(fw: Framework) -> str:
    return f"{fw.key} v{fw.version}"


def statement_facts(fw: Framework, qualification_code: str | None = None) -> list[rules.StatementFact]:
    rows = Statement.objects.filter(framework=fw).select_related("content_area").prefetch_related("qualifications")
    if qualification_code:
        rows = rows.filter(qualifications__code=qualification_code)
    return [
        rules.StatementFact(
            label(fw),
            s.sid,
            s.content_area.number,
            s.content_area.name,
            s.get_kind_display(),
            s.text,
            frozenset(q.code for q in s.qualifications.all()),
        )
        for s in rows
    ]


def criterion_facts(fw: Framework) -> list[rules.CriterionFact]:
    rows = Criterion.objects.filter(framework=fw).select_related("qualification", "content_area", "task")
    return [rules.CriterionFact(c.qualification.code, c.code, c.text, c.content_area.name, c.tested_in) for c in rows]


def session_facts(curriculum: Curriculum) -> list[rules.SessionFact]:
    mapped = Statement.objects.select_related("framework")
    sessions = (
        CurriculumSession.objects.filter(module__curriculum=curriculum)
        .select_related("module")
        .prefetch_related(Prefetch("teaches", queryset=mapped), Prefetch("assesses", queryset=mapped))
    )
    return [
        rules.SessionFact(
            s.sequence,
            s.module.title,
            s.title,
            s.get_mode_display(),
            tuple((label(st.framework), st.sid) for st in s.teaches.all()),
            tuple((label(st.framework), st.sid) for st in s.assesses.all()),
        )
        for s in sessions
    ]


def coverage_of(curriculum: Curriculum) -> rules.Coverage:
    fw = curriculum.framework
    return rules.coverage(label(fw), statement_facts(fw, curriculum.qualification.code), session_facts(curriculum))


def coverage_csv(curriculum: Curriculum, report: rules.Coverage) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["content_area", "statement_id", "kind", "statement", "covered", "taught_in", "modes"])
    for area in report.areas:
        for row in area.statements:
            where = "; ".join(f"{p.sequence}. {p.module} / {p.session}" for p in row.taught_in)
            modes = "; ".join(sorted({p.mode for p in row.taught_in}))
            writer.writerow(
                [
                    f"{area.number}. {area.name}",
                    row.statement.sid,
                    row.statement.kind,
                    _safe(row.statement.text),
                    "yes" if row.covered else "no",
                    _safe(where),
                    modes,
                ]
            )
    return out.getvalue()


def _safe(text: str) -> str:
    """Stop a spreadsheet reading a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def latest_curricula(queryset: QuerySet[Curriculum]) -> list[Curriculum]:
    """The newest revision of each (provider, framework, qualification)."""
    seen: set[tuple[int, int, int]] = set()
    out = []
    for cur in queryset.select_related("lead_provider", "framework", "qualification").order_by(
        "lead_provider__name", "framework__key", "framework__version", "qualification__position", "-revision"
    ):
        key = (cur.lead_provider_id, cur.framework_id, cur.qualification_id)
        if key not in seen:
            seen.add(key)
            out.append(cur)
    return out


def previous_version(fw: Framework) -> Framework | None:
    return Framework.objects.filter(key=fw.key, version__lt=fw.version).order_by("-version").first()


def diff_of(old: Framework, new: Framework) -> rules.Diff:
    return rules.diff(statement_facts(old), statement_facts(new), criterion_facts(old), criterion_facts(new))


@dataclass(frozen=True)
class ImpactRow:
    curriculum: Curriculum
    impact: rules.Impact


def impact_of(draft: Framework) -> list[ImpactRow]:
    """For each provider's latest curriculum on an earlier version of the same framework, what the
    draft would leave uncovered."""
    new = statement_facts(draft)
    rows = []
    earlier = Curriculum.objects.filter(framework__key=draft.key, framework__version__lt=draft.version).exclude(
        framework__status=FrameworkStatus.DRAFT
    )
    for cur in latest_curricula(earlier):
        taught = frozenset(Statement.objects.filter(taught_in__module__curriculum=cur).values_list("sid", flat=True))
        required = frozenset(
            Statement.objects.filter(framework=cur.framework, qualifications=cur.qualification).values_list(
                "sid", flat=True
            )
        )
        impact = rules.review_impact(str(cur), cur.qualification.code, taught, required, new)
        rows.append(ImpactRow(cur, impact))
    return rows

"""Read side: load facts from the database and ask the rules for coverage, diff and impact."""

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from npq.frameworks import rules
from npq.frameworks.models import (
    ContentArea,
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
    """The framework's own criteria (a provider's criteria for its own tasks are not the framework's)."""
    rows = Criterion.objects.filter(framework=fw, task__lead_provider__isnull=True).select_related(
        "qualification", "content_area", "task"
    )
    return [rules.CriterionFact(c.qualification.code, c.code, c.text, c.content_area.name, c.tested_in) for c in rows]


def session_facts(curriculum: Curriculum) -> list[rules.SessionFact]:
    return _session_facts_by_curriculum([curriculum.pk]).get(curriculum.pk, [])


def coverage_of(curriculum: Curriculum) -> rules.Coverage:
    """One curriculum's coverage; raises :class:`rules.ForeignStatement` if it maps elsewhere."""
    report = coverages_of([curriculum])[curriculum.pk]
    if isinstance(report, rules.ForeignStatement):
        raise report
    return report


def coverages_of(curricula: Sequence[Curriculum]) -> dict[int, rules.Coverage | rules.ForeignStatement]:
    """Coverage of many curricula in a fixed number of queries (five), however many there are.

    Each curriculum needs ``framework`` and ``qualification`` loaded (``select_related``). A
    curriculum mapping a statement of another version gets its :class:`rules.ForeignStatement`
    instead of a report, so one bad row does not hide the others.
    """
    if not curricula:
        return {}
    framework_ids = {c.framework_id for c in curricula}
    curriculum_ids = [c.pk for c in curricula]
    codes: dict[int, set[str]] = defaultdict(set)
    for statement_id, code in Statement.qualifications.through.objects.filter(
        statement__framework_id__in=framework_ids
    ).values_list("statement_id", "qualification__code"):
        codes[statement_id].add(code)
    facts: dict[int, list[rules.StatementFact]] = defaultdict(list)
    for s in Statement.objects.filter(framework_id__in=framework_ids).select_related("framework", "content_area"):
        facts[s.framework_id].append(
            rules.StatementFact(
                label(s.framework),
                s.sid,
                s.content_area.number,
                s.content_area.name,
                s.get_kind_display(),
                s.text,
                frozenset(codes[s.pk]),
            )
        )
    sessions = _session_facts_by_curriculum(curriculum_ids)
    out: dict[int, rules.Coverage | rules.ForeignStatement] = {}
    for cur in curricula:
        code = cur.qualification.code
        required = [f for f in facts[cur.framework_id] if code in f.qualifications]
        try:
            out[cur.pk] = rules.coverage(label(cur.framework), required, sessions.get(cur.pk, []))
        except rules.ForeignStatement as exc:
            out[cur.pk] = exc
    return out


def _session_facts_by_curriculum(curriculum_ids: list[int]) -> dict[int, list[rules.SessionFact]]:
    """Session facts of many curricula: three queries (sessions, what they teach, what they assess)."""
    order = ("statement__framework", "statement__content_area__number", "statement__position", "id")

    def mapped(through: Any) -> dict[int, list[tuple[str, str]]]:
        refs: dict[int, list[tuple[str, str]]] = defaultdict(list)
        rows = (
            through.objects.filter(curriculumsession__module__curriculum_id__in=curriculum_ids)
            .order_by(*order)
            .values_list(
                "curriculumsession_id", "statement__framework__key", "statement__framework__version", "statement__sid"
            )
        )
        for session_id, key, version, sid in rows:
            refs[session_id].append((f"{key} v{version}", sid))
        return refs

    teaches = mapped(CurriculumSession.teaches.through)
    assesses = mapped(CurriculumSession.assesses.through)
    out: dict[int, list[rules.SessionFact]] = defaultdict(list)
    for s in CurriculumSession.objects.filter(module__curriculum_id__in=curriculum_ids).select_related("module"):
        out[s.module.curriculum_id].append(
            rules.SessionFact(
                s.sequence,
                s.module.title,
                s.title,
                s.get_mode_display(),
                tuple(teaches.get(s.pk, ())),
                tuple(assesses.get(s.pk, ())),
            )
        )
    return out


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
    earlier = Curriculum.objects.filter(framework__key=draft.key, framework__version__lt=draft.version).exclude(
        framework__status=FrameworkStatus.DRAFT
    )
    return _impacts(latest_curricula(earlier), draft)


def _impacts(curricula: list[Curriculum], new_version: Framework) -> list[ImpactRow]:
    new = statement_facts(new_version)
    rows = []
    # Two queries for all the curricula, not two per curriculum.
    taught: dict[int, set[str]] = defaultdict(set)
    for curriculum_id, sid in CurriculumSession.teaches.through.objects.filter(
        curriculumsession__module__curriculum_id__in=[c.pk for c in curricula]
    ).values_list("curriculumsession__module__curriculum_id", "statement__sid"):
        taught[curriculum_id].add(sid)
    required: dict[int, set[str]] = defaultdict(set)
    for qualification_id, sid in Statement.qualifications.through.objects.filter(
        qualification_id__in={c.qualification_id for c in curricula},
        statement__framework_id=F("qualification__framework_id"),
    ).values_list("qualification_id", "statement__sid"):
        required[qualification_id].add(sid)
    for cur in curricula:
        impact = rules.review_impact(
            str(cur),
            cur.qualification.code,
            frozenset(taught[cur.pk]),
            frozenset(required[cur.qualification_id]),
            new,
        )
        rows.append(ImpactRow(cur, impact))
    return rows


@dataclass(frozen=True)
class Review:
    """A curriculum that needs review: the version now published and its coverage against it."""

    published: Framework
    impact: rules.Impact


def reviews_for(curricula: Sequence[Curriculum]) -> dict[int, Review]:
    """The curricula mapped to a retired framework version once a later one is published, with
    their coverage against the published version; a fixed number of queries per framework."""
    keys = {c.framework.key for c in curricula if c.framework.status == FrameworkStatus.RETIRED}
    published = {fw.key: fw for fw in Framework.objects.filter(key__in=keys, status=FrameworkStatus.PUBLISHED)}
    out: dict[int, Review] = {}
    for key, fw in published.items():
        due = [
            c
            for c in curricula
            if c.framework.key == key
            and rules.needs_review(c.framework.status, [fw.version], c.framework.version) is not None
        ]
        for row in _impacts(due, fw) if due else []:
            out[row.curriculum.pk] = Review(fw, row.impact)
    return out


def numbers_per_qualification(fw: Framework) -> bool:
    """Whether the framework's content areas differ by qualification (so each course's document
    numbers its own areas)."""
    all_codes = set(fw.qualifications.values_list("code", flat=True))
    for area in ContentArea.objects.filter(framework=fw).prefetch_related("qualifications"):
        codes = {q.code for q in area.qualifications.all()}
        if codes and codes != all_codes:
            return True
    return False

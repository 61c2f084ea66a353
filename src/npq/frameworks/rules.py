"""Curriculum coverage, version diff and review impact, as pure functions.

No Django, no clock, no I/O: callers pass plain facts (frozen dataclasses) and get plain results.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

Keyed = dict[str, tuple[str, dict[str, object]]]


class ChangeKind(Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class StatementFact:
    framework: str  # which framework version, e.g. "npq-reformed v2"
    sid: str
    area_number: int
    area_name: str
    kind: str
    text: str
    qualifications: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CriterionFact:
    qualification: str
    code: str
    text: str
    area: str
    tested_in: str


@dataclass(frozen=True)
class SessionFact:
    sequence: int
    module: str
    title: str
    mode: str
    teaches: tuple[tuple[str, str], ...]  # (framework, sid)
    assesses: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Place:
    sequence: int
    module: str
    session: str
    mode: str


@dataclass(frozen=True)
class StatementCoverage:
    statement: StatementFact
    taught_in: tuple[Place, ...]

    @property
    def covered(self) -> bool:
        return bool(self.taught_in)


@dataclass(frozen=True)
class AreaCoverage:
    number: int
    name: str
    statements: tuple[StatementCoverage, ...]

    @property
    def covered(self) -> int:
        return sum(1 for s in self.statements if s.covered)

    @property
    def total(self) -> int:
        return len(self.statements)

    @property
    def percent(self) -> Decimal:
        return percent(self.covered, self.total)


@dataclass(frozen=True)
class SequencingProblem:
    sid: str
    assessed_at: Place
    first_taught_at: Place | None

    def describe(self) -> str:
        where = f"session {self.assessed_at.sequence} ({self.assessed_at.session})"
        if self.first_taught_at is None:
            return f"{self.sid} is assessed in {where} but never taught"
        return f"{self.sid} is assessed in {where} before it is taught in session {self.first_taught_at.sequence}"


@dataclass(frozen=True)
class Coverage:
    areas: tuple[AreaCoverage, ...]
    sequencing: tuple[SequencingProblem, ...]

    @property
    def covered(self) -> int:
        return sum(a.covered for a in self.areas)

    @property
    def total(self) -> int:
        return sum(a.total for a in self.areas)

    @property
    def percent(self) -> Decimal:
        return percent(self.covered, self.total)

    def uncovered(self) -> list[StatementFact]:
        return [s.statement for a in self.areas for s in a.statements if not s.covered]


class ForeignStatement(ValueError):
    """A session maps to a statement that is not in the framework version being measured."""

    def __init__(self, refs: list[tuple[int, str, str]]) -> None:
        self.refs = refs
        text = "; ".join(f"session {seq} maps to {sid} of {fw}" for seq, fw, sid in refs)
        super().__init__(f"statements of another framework version or unknown: {text}")


def percent(part: int, whole: int) -> Decimal:
    """Whole-number percentage rounded half-up once; 100 when there is nothing to cover."""
    if whole == 0:
        return Decimal(100)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def coverage(framework: str, statements: list[StatementFact], sessions: list[SessionFact]) -> Coverage:
    """Which of ``statements`` (those the course must cover) the sessions teach, and where.

    A statement mapped more than once counts once; a mapping to a statement of another framework
    version (or an id not among ``statements``) raises :class:`ForeignStatement`.
    """
    known = {s.sid for s in statements}
    foreign = [
        (sess.sequence, fw, sid)
        for sess in sessions
        for fw, sid in (*sess.teaches, *sess.assesses)
        if fw != framework or sid not in known
    ]
    if foreign:
        raise ForeignStatement(foreign)
    ordered = sorted(sessions, key=lambda s: s.sequence)
    places: dict[str, list[Place]] = {}
    for sess in ordered:
        place = Place(sess.sequence, sess.module, sess.title, sess.mode)
        for sid in dict.fromkeys(sid for _, sid in sess.teaches):
            places.setdefault(sid, []).append(place)
    areas: dict[tuple[int, str], list[StatementCoverage]] = {}
    for st in statements:
        areas.setdefault((st.area_number, st.area_name), []).append(
            StatementCoverage(st, tuple(places.get(st.sid, ())))
        )
    sequencing = []
    for sess in ordered:
        for sid in dict.fromkeys(sid for _, sid in sess.assesses):
            first = places.get(sid, [None])[0]
            if first is None or first.sequence > sess.sequence:
                here = Place(sess.sequence, sess.module, sess.title, sess.mode)
                sequencing.append(SequencingProblem(sid, here, first))
    return Coverage(
        tuple(AreaCoverage(n, name, tuple(rows)) for (n, name), rows in sorted(areas.items())),
        tuple(sequencing),
    )


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    key: str
    old: str
    new: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Diff:
    statements: tuple[Change, ...]
    criteria: tuple[Change, ...]

    def count(self, what: str, kind: ChangeKind) -> int:
        return sum(1 for c in getattr(self, what) if c.kind == kind)

    @property
    def empty(self) -> bool:
        return not self.statements and not self.criteria


def _compare(old: Keyed, new: Keyed) -> list[Change]:
    changes = [Change(ChangeKind.REMOVED, k, old[k][0], "") for k in old if k not in new]
    changes += [Change(ChangeKind.ADDED, k, "", new[k][0]) for k in new if k not in old]
    for k in old.keys() & new.keys():
        fields = tuple(f for f in new[k][1] if old[k][1].get(f) != new[k][1][f])
        if fields:
            changes.append(Change(ChangeKind.CHANGED, k, old[k][0], new[k][0], fields))
    return sorted(changes, key=lambda c: (_natural(c.key), c.kind.value))


def _natural(key: str) -> tuple[object, ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in key.replace("-", ".").split("."))


def diff(
    old_statements: list[StatementFact],
    new_statements: list[StatementFact],
    old_criteria: list[CriterionFact],
    new_criteria: list[CriterionFact],
) -> Diff:
    """Statements (by stable id) and criteria (by qualification and code) added, removed, changed."""

    def st(rows: list[StatementFact]) -> Keyed:
        return {
            s.sid: (
                s.text,
                {
                    "text": s.text,
                    "kind": s.kind,
                    "content area": s.area_name,
                    "qualifications": sorted(s.qualifications),
                },
            )
            for s in rows
        }

    def cr(rows: list[CriterionFact]) -> Keyed:
        return {
            f"{c.qualification} {c.code}": (
                c.text,
                {"text": c.text, "content area": c.area, "tested in": c.tested_in},
            )
            for c in rows
        }

    return Diff(
        tuple(_compare(st(old_statements), st(new_statements))),
        tuple(_compare(cr(old_criteria), cr(new_criteria))),
    )


@dataclass(frozen=True)
class Impact:
    curriculum: str
    qualification: str
    uncovered: tuple[StatementFact, ...]
    newly_uncovered: tuple[StatementFact, ...]
    no_longer_in_framework: tuple[str, ...]
    applicable: int = 0  # statements of the new version the course must cover

    @property
    def covered(self) -> int:
        return self.applicable - len(self.uncovered)

    @property
    def percent(self) -> Decimal:
        return percent(self.covered, self.applicable)


def review_impact(
    curriculum: str,
    qualification: str,
    taught_sids: frozenset[str],
    required_before: frozenset[str],
    new_statements: list[StatementFact],
) -> Impact:
    """What a curriculum (mapped to an older version) would leave uncovered under a new version.

    Statements are matched by stable id; ``required_before`` are the ids the course had to cover
    under the old version, so ``newly_uncovered`` are the gaps the review itself creates (new
    statements), as against gaps the curriculum already had.
    """
    applicable = [s for s in new_statements if qualification in s.qualifications]
    uncovered = tuple(s for s in applicable if s.sid not in taught_sids)
    newly = tuple(s for s in uncovered if s.sid not in required_before)
    new_ids = {s.sid for s in applicable}
    gone = tuple(sorted(sid for sid in taught_sids if sid not in new_ids))
    return Impact(curriculum, qualification, uncovered, newly, gone, len(applicable))


def display_numbers(area_numbers: Iterable[int], per_qualification: bool) -> dict[int, int]:
    """How the framework itself numbers the content areas shown for one qualification. Where
    every qualification shares the areas (2017) each keeps its number; where the areas differ by
    qualification (the reformed frameworks, one document per course) each course's areas are
    numbered from 1 in order."""
    ordered = sorted(set(area_numbers))
    return {n: (i if per_qualification else n) for i, n in enumerate(ordered, start=1)}


def needs_review(status: str, published_versions: Iterable[int], version: int) -> int | None:
    """The newer published version a curriculum should be reviewed against, or None: a
    curriculum mapped to a retired version once a later version of that framework is published."""
    later = [v for v in published_versions if v > version]
    return max(later) if later and status == "retired" else None


def statements_are_placeholders(total: int, official: int) -> bool:
    """A framework version holding statements but none of the Department's wording: each row
    stands for a section of the framework, so pages say so rather than show it as the text."""
    return total > 0 and official == 0


# Which framework version a training cohort follows ---------------------------------------------

EVER_PUBLISHED = frozenset({"published", "retired"})  # a retired version was in force in its time


@dataclass(frozen=True)
class VersionFact:
    """One framework version as the choice needs it: its dates and the courses it covers."""

    label: str  # what a person reads, e.g. "Reformed NPQ frameworks, version 1"
    status: str  # draft, published or retired
    effective_from: dt.date | None
    effective_to: dt.date | None
    courses: frozenset[str] = frozenset()
    id: int = 0


@dataclass(frozen=True)
class VersionChoice:
    """The version a cohort follows, or None with the reason a person reads."""

    version: VersionFact | None
    reason: str


def assess_framework_version(
    cohort_start: dt.date | None, course: str, versions: Iterable[VersionFact], cohort: str = "The cohort"
) -> VersionChoice:
    """The framework version a cohort starting on ``cohort_start`` follows for ``course``: the
    published version (or one since retired) in effect that day. Drafts and versions without a
    start date are never chosen. Where two overlap (the day a new version replaces the old), the
    one that took effect later is followed."""
    if cohort_start is None:
        return VersionChoice(None, f"{cohort} has no schedule yet, so the framework version it follows is not known")
    in_effect = [
        v
        for v in versions
        if v.status in EVER_PUBLISHED
        and course in v.courses
        and v.effective_from is not None
        and v.effective_from <= cohort_start
        and (v.effective_to is None or cohort_start <= v.effective_to)
    ]
    if not in_effect:
        return VersionChoice(
            None, f"No published framework version for this course was in effect on {cohort_start:%-d %B %Y}"
        )
    chosen = max(in_effect, key=lambda v: (v.effective_from or dt.date.min, v.id))
    return VersionChoice(chosen, f"{cohort} started on {cohort_start:%-d %B %Y}, when {chosen.label} was in effect")


# A task a lead provider designs where the framework sets none ------------------------------------

WORD_LIMITS = (100, 20_000)
CRITERIA_ROWS = 8  # the design page offers this many criterion rows; blank rows are left out


@dataclass(frozen=True)
class CriterionDraft:
    """One row of the design form: the content area's number (as the framework numbers it for the
    qualification; None when none is chosen) and the criterion's wording."""

    area: int | None
    text: str


def task_design_problems(
    title: str, aim: str, word_limit: int | None, rows: list[CriterionDraft]
) -> list[tuple[str, str]]:
    """Every problem with a designed task at once, as (field, message); row ``i`` (from 1) of the
    criteria answers to ``area-i`` and ``criterion-i``."""
    problems = []
    if not title.strip():
        problems.append(("title", "Enter the task's title"))
    if not aim.strip():
        problems.append(("aim", "Enter what the task asks participants to do"))
    low, high = WORD_LIMITS
    if word_limit is None or not low <= word_limit <= high:
        problems.append(("word_limit", f"Enter a word limit between {low:,} and {high:,}, as a whole number"))
    for i, row in enumerate(rows, start=1):
        if row.area is not None and not row.text.strip():
            problems.append((f"criterion-{i}", f"Enter criterion {i}, or clear its content area"))
        if row.area is None and row.text.strip():
            problems.append((f"area-{i}", f"Select the content area criterion {i} is written against"))
    if not any(row.area is not None or row.text.strip() for row in rows):
        problems.append(("criterion-1", "Write at least one criterion, against a content area"))
    return problems


def criterion_codes(areas: list[int]) -> list[str]:
    """Codes for criteria written against ``areas`` (in order): the area's number, then a count
    within that area, so criteria against area 3 read 3.1, 3.2 wherever they sit in the task."""
    seen: dict[int, int] = {}
    codes = []
    for area in areas:
        seen[area] = seen.get(area, 0) + 1
        codes.append(f"{area}.{seen[area]}")
    return codes

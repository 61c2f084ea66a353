"""The framework file format (docs/frameworks.md): check a parsed file and list every problem.

Nothing here touches the database: :func:`check_framework` turns the parsed YAML into a
:class:`FrameworkSpec` or a list of :class:`Problem` (file, line, field, message).
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from npq.frameworks.yamllines import Lines, Problem

STATUSES = ("draft", "published", "retired")
KINDS = ("learn_that", "learn_how_to", "learn_about")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
SID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
CODE_RE = re.compile(r"^\d+(\.\d+)*$")


@dataclass(frozen=True)
class QualificationSpec:
    code: str
    name: str
    audience: str
    course: str


@dataclass(frozen=True)
class AreaSpec:
    key: str
    number: int
    name: str
    qualifications: tuple[str, ...]


@dataclass(frozen=True)
class StatementSpec:
    sid: str
    content_area: str
    kind: str
    text: str
    official: bool
    qualifications: tuple[str, ...]


@dataclass(frozen=True)
class BehaviourSpec:
    key: str
    name: str
    description: str
    official: bool
    assessed: bool


@dataclass(frozen=True)
class TaskSpec:
    key: str
    qualification: str
    title: str
    aim: str
    parts: tuple[tuple[str, str], ...]
    word_limit: int
    word_limit_excludes: str
    word_limit_scope: str
    minimum_duration: str
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    qualification: str
    content_area: str
    task: str
    part: str
    text: str
    official: bool


@dataclass(frozen=True)
class FrameworkSpec:
    key: str
    version: int
    name: str
    status: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    source: str
    documents: tuple[str, ...]
    qualifications: tuple[QualificationSpec, ...]
    content_areas: tuple[AreaSpec, ...]
    statements: tuple[StatementSpec, ...]
    behaviours: tuple[BehaviourSpec, ...]
    tasks: tuple[TaskSpec, ...]
    criteria: tuple[CriterionSpec, ...]


class _Checker:
    def __init__(self, file: str, lines: Lines) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []
        self._rows: dict[tuple[int, str], list[tuple[str, dict[str, Any]]]] = {}

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.lines.of(path), path, message))

    def text(self, row: dict[str, Any], path: str, name: str, required: bool = True) -> str:
        value = row.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(f"{path}.{name}", "is missing")
            return ""
        if not isinstance(value, str | int | float):
            self.add(f"{path}.{name}", "must be text")
            return ""
        return str(value).strip()

    def key(self, row: dict[str, Any], path: str, name: str, pattern: re.Pattern[str] = KEY_RE) -> str:
        value = self.text(row, path, name)
        if value and not pattern.match(value):
            self.add(f"{path}.{name}", f"'{value}' must be letters, digits, '-', '_' (and '.' for ids)")
        return value

    def flag(self, row: dict[str, Any], path: str, name: str, default: bool) -> bool:
        value = row.get(name, default)
        if not isinstance(value, bool):
            self.add(f"{path}.{name}", "must be true or false")
            return default
        return value

    def positive_int(self, row: dict[str, Any], path: str, name: str) -> int:
        value = row.get(name)
        if value is None:
            self.add(f"{path}.{name}", "is missing")
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.add(f"{path}.{name}", f"must be a positive whole number, not '{value}'")
            return 0
        return value

    def date(self, row: dict[str, Any], path: str, name: str) -> dt.date | None:
        value = row.get(name)
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.add(f"{path}.{name}", f"must be a date like 2021-09-01, not '{value}'")
        return None

    def strings(self, row: dict[str, Any], path: str, name: str) -> tuple[str, ...]:
        value = row.get(name, [])
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.add(f"{path}.{name}", "must be a list of text")
            return ()
        return tuple(str(v).strip() for v in value)

    def rows(self, data: dict[str, Any], name: str, required: bool = True) -> list[tuple[str, dict[str, Any]]]:
        """The mappings of a list field with their paths; checked (and any problem reported) once."""
        key = (id(data), name)
        if key not in self._rows:
            self._rows[key] = self._read_rows(data, name, required)
        return self._rows[key]

    def _read_rows(self, data: dict[str, Any], name: str, required: bool) -> list[tuple[str, dict[str, Any]]]:
        value = data.get(name)
        if value is None:
            if required:
                self.add(name, "is missing (a list)")
            return []
        if not isinstance(value, list):
            self.add(name, "must be a list")
            return []
        out = []
        for i, row in enumerate(value):
            if isinstance(row, dict):
                out.append((f"{name}[{i}]", row))
            else:
                self.add(f"{name}[{i}]", "must be a mapping of fields")
        return out

    def unique(self, values: list[tuple[str, str]], what: str) -> None:
        counts = Counter(v for _, v in values if v)
        for path, value in values:
            if value and counts[value] > 1:
                self.add(path, f"duplicate {what} '{value}'")

    def refs(self, path: str, values: tuple[str, ...], known: set[str], what: str) -> None:
        for value in values:
            if value not in known:
                self.add(path, f"unknown {what} '{value}'")


def check_framework(data: Any, lines: Lines, file: str) -> tuple[FrameworkSpec | None, list[Problem]]:
    c = _Checker(file, lines)
    if not isinstance(data, dict):
        c.add("(file)", "must be a mapping with framework, qualifications, content_areas, statements, ...")
        return None, c.problems
    head = data.get("framework")
    if not isinstance(head, dict):
        c.add("framework", "is missing (a mapping with key, version, name, status)")
        head = {}
    key = c.key(head, "framework", "key")
    version = c.positive_int(head, "framework", "version")
    name = c.text(head, "framework", "name")
    status = c.text(head, "framework", "status")
    if status and status not in STATUSES:
        c.add("framework.status", f"must be one of {', '.join(STATUSES)}, not '{status}'")
    start, end = c.date(head, "framework", "effective_from"), c.date(head, "framework", "effective_to")
    if start and end and end < start:
        c.add("framework.effective_to", "must not be before effective_from")

    quals = [
        QualificationSpec(
            c.key(r, p, "code", SID_RE),
            c.text(r, p, "name"),
            c.text(r, p, "audience", False),
            c.text(r, p, "course", False),
        )
        for p, r in c.rows(data, "qualifications")
    ]
    qual_paths = [p for p, _ in c.rows(data, "qualifications")]
    c.unique(list(zip([f"{p}.code" for p in qual_paths], [q.code for q in quals], strict=True)), "qualification code")
    all_quals = tuple(q.code for q in quals)
    qual_codes = set(all_quals)

    areas = []
    for p, r in c.rows(data, "content_areas"):
        scope = c.strings(r, p, "qualifications") or all_quals
        c.refs(f"{p}.qualifications", scope, qual_codes, "qualification")
        areas.append(AreaSpec(c.key(r, p, "key"), c.positive_int(r, p, "number"), c.text(r, p, "name"), scope))
    area_paths = [p for p, _ in c.rows(data, "content_areas")]
    c.unique([(f"{p}.key", a.key) for p, a in zip(area_paths, areas, strict=True)], "content area key")
    c.unique([(f"{p}.number", str(a.number)) for p, a in zip(area_paths, areas, strict=True) if a.number], "number")
    area_scope = {a.key: set(a.qualifications) for a in areas}

    statements = []
    for p, r in c.rows(data, "statements"):
        area, kind = c.text(r, p, "content_area"), c.text(r, p, "kind")
        if area and area not in area_scope:
            c.add(f"{p}.content_area", f"unknown content area '{area}'")
        if kind and kind not in KINDS:
            c.add(f"{p}.kind", f"must be one of {', '.join(KINDS)}, not '{kind}'")
        scope = c.strings(r, p, "qualifications") or tuple(sorted(area_scope.get(area, set())))
        c.refs(f"{p}.qualifications", scope, area_scope.get(area, qual_codes), "qualification for this content area")
        sid = c.key(r, p, "id", SID_RE)
        statements.append(StatementSpec(sid, area, kind, c.text(r, p, "text"), c.flag(r, p, "official", True), scope))
    st_paths = [p for p, _ in c.rows(data, "statements")]
    c.unique([(f"{p}.id", s.sid) for p, s in zip(st_paths, statements, strict=True)], "statement id")

    behaviours = [
        BehaviourSpec(
            c.key(r, p, "key"),
            c.text(r, p, "name"),
            c.text(r, p, "description", False),
            c.flag(r, p, "official", True),
            c.flag(r, p, "assessed", False),
        )
        for p, r in c.rows(data, "behaviours", required=False)
    ]
    bh_paths = [p for p, _ in c.rows(data, "behaviours", required=False)]
    c.unique([(f"{p}.key", b.key) for p, b in zip(bh_paths, behaviours, strict=True)], "behaviour key")

    tasks = []
    for p, r in c.rows(data, "tasks", required=False):
        qual = c.text(r, p, "qualification")
        if qual and qual not in qual_codes:
            c.add(f"{p}.qualification", f"unknown qualification '{qual}'")
        parts = []
        for pp, part in c.rows(r, "parts", required=False):
            parts.append((c.text(part, f"{p}.{pp}", "key"), c.text(part, f"{p}.{pp}", "aim", False)))
        tasks.append(
            TaskSpec(
                c.key(r, p, "key"),
                qual,
                c.text(r, p, "title"),
                c.text(r, p, "aim", False),
                tuple(parts),
                c.positive_int(r, p, "word_limit"),
                c.text(r, p, "word_limit_excludes", False),
                c.text(r, p, "word_limit_scope", False),
                c.text(r, p, "minimum_duration", False),
                c.strings(r, p, "conditions"),
            )
        )
    task_paths = [p for p, _ in c.rows(data, "tasks", required=False)]
    c.unique([(f"{p}.key", t.key) for p, t in zip(task_paths, tasks, strict=True)], "task key")
    task_by_key = {t.key: t for t in tasks}

    criteria = []
    for p, r in c.rows(data, "criteria", required=False):
        code = c.key(r, p, "code", CODE_RE)
        area, task_key, part_key = c.text(r, p, "content_area"), c.text(r, p, "task"), c.text(r, p, "part", False)
        task = task_by_key.get(task_key)
        if area and area not in area_scope:
            c.add(f"{p}.content_area", f"unknown content area '{area}'")
        if task_key and task is None:
            c.add(f"{p}.task", f"unknown task '{task_key}'")
        if task is not None and part_key and part_key not in {k for k, _ in task.parts}:
            c.add(f"{p}.part", f"task '{task_key}' has no part '{part_key}'")
        qual = task.qualification if task else ""
        criteria.append(
            CriterionSpec(code, qual, area, task_key, part_key, c.text(r, p, "text"), c.flag(r, p, "official", True))
        )
    cr_paths = [p for p, _ in c.rows(data, "criteria", required=False)]
    c.unique(
        [(f"{p}.code", f"{cr.qualification} {cr.code}") for p, cr in zip(cr_paths, criteria, strict=True) if cr.code],
        "criterion code for the qualification",
    )
    if c.problems:
        return None, sorted(c.problems, key=lambda pr: pr.line)
    spec = FrameworkSpec(
        key=key,
        version=version,
        name=name,
        status=status,
        effective_from=start,
        effective_to=end,
        source=c.text(head, "framework", "source", False),
        documents=c.strings(head, "framework", "documents"),
        qualifications=tuple(quals),
        content_areas=tuple(areas),
        statements=tuple(statements),
        behaviours=tuple(behaviours),
        tasks=tuple(tasks),
        criteria=tuple(criteria),
    )
    return spec, []

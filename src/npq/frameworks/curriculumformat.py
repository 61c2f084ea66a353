"""The curriculum file format (docs/frameworks.md): modules and sessions in order, each mapped
to the statement ids it teaches (and assesses). Checked against the framework version's ids."""

from dataclasses import dataclass
from typing import Any

from npq.frameworks.yamllines import Lines, Problem

MODES = ("self_study", "face_to_face", "live_video", "coaching")


@dataclass(frozen=True)
class SessionSpec:
    title: str
    mode: str
    teaches: tuple[str, ...]
    assesses: tuple[str, ...]


@dataclass(frozen=True)
class ModuleSpec:
    title: str
    sessions: tuple[SessionSpec, ...]


@dataclass(frozen=True)
class CurriculumHead:
    framework: str
    version: int
    qualification: str
    name: str


@dataclass(frozen=True)
class CurriculumSpec:
    head: CurriculumHead
    modules: tuple[ModuleSpec, ...]


def read_head(data: Any, lines: Lines, file: str) -> tuple[CurriculumHead | None, list[Problem]]:
    """The framework, version and qualification a curriculum names (needed to check its ids)."""
    problems: list[Problem] = []

    def add(path: str, message: str) -> None:
        problems.append(Problem(file, lines.of(path), path, message))

    if not isinstance(data, dict):
        add("(file)", "must be a mapping with framework, version, qualification, name and modules")
        return None, problems
    values = {}
    for name in ("framework", "qualification", "name"):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            add(name, "is missing")
        values[name] = str(value or "").strip()
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        add("version", f"must be a positive whole number, not '{version}'")
        version = 0
    if problems:
        return None, problems
    return CurriculumHead(values["framework"], version, values["qualification"], values["name"]), []


def check_curriculum(
    data: dict[str, Any],
    lines: Lines,
    file: str,
    head: CurriculumHead,
    required: set[str],
    elsewhere: dict[str, str],
) -> tuple[CurriculumSpec | None, list[Problem]]:
    """``required``: statement ids of the framework version for the qualification;
    ``elsewhere``: ids known in other versions or other qualifications, with where they belong."""
    problems: list[Problem] = []

    def add(path: str, message: str) -> None:
        problems.append(Problem(file, lines.of(path), path, message))

    def ids(row: dict[str, Any], path: str, name: str) -> tuple[str, ...]:
        value = row.get(name, [])
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            add(f"{path}.{name}", "must be a list of statement ids")
            return ()
        for i, sid in enumerate(value):
            if sid not in required:
                where = elsewhere.get(sid)
                reason = f"belongs to {where}" if where else "is not a statement id"
                add(
                    f"{path}.{name}[{i}]",
                    f"'{sid}' {reason}, not {head.framework} version {head.version} {head.qualification}",
                )
        return tuple(value)

    modules = []
    raw_modules = data.get("modules")
    if not isinstance(raw_modules, list) or not raw_modules:
        add("modules", "must be a list of at least one module")
        raw_modules = []
    for m, module in enumerate(raw_modules):
        mpath = f"modules[{m}]"
        if not isinstance(module, dict):
            add(mpath, "must be a mapping with title and sessions")
            continue
        title = str(module.get("title") or "").strip()
        if not title:
            add(f"{mpath}.title", "is missing")
        raw_sessions = module.get("sessions")
        if not isinstance(raw_sessions, list) or not raw_sessions:
            add(f"{mpath}.sessions", "must be a list of at least one session")
            raw_sessions = []
        sessions = []
        for s, session in enumerate(raw_sessions):
            spath = f"{mpath}.sessions[{s}]"
            if not isinstance(session, dict):
                add(spath, "must be a mapping with title, mode and teaches")
                continue
            stitle = str(session.get("title") or "").strip()
            if not stitle:
                add(f"{spath}.title", "is missing")
            mode = str(session.get("mode") or "")
            if mode not in MODES:
                add(f"{spath}.mode", f"must be one of {', '.join(MODES)}, not '{mode}'")
            sessions.append(SessionSpec(stitle, mode, ids(session, spath, "teaches"), ids(session, spath, "assesses")))
        modules.append(ModuleSpec(title, tuple(sessions)))
    if problems:
        return None, sorted(problems, key=lambda p: p.line)
    return CurriculumSpec(head, tuple(modules)), []

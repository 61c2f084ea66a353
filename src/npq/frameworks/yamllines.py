"""Read YAML keeping the line of every value, so a problem can name its file, line and field."""

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, {self.field}: {self.message}"


@dataclass
class Lines:
    """Line numbers by field path (``statements[3].id``); a missing path falls back to its parent."""

    by_path: dict[str, int] = field(default_factory=dict)

    def of(self, path: str) -> int:
        while path:
            if path in self.by_path:
                return self.by_path[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.by_path.get("", 1)


class FileUnreadable(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load_with_lines(text: str, file: str) -> tuple[Any, Lines]:
    """Parse one YAML document; return the plain value and the line of each path."""
    lines = Lines()
    try:
        loader = yaml.SafeLoader(text)  # refuses control characters here, before any parsing
    except yaml.YAMLError as exc:
        raise FileUnreadable(Problem(file, 1, "(file)", f"not valid YAML: {exc}")) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines
        value = _walk(loader, node, "", lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise FileUnreadable(Problem(file, line, "(file)", f"not valid YAML: {exc.problem}")) from exc
    except yaml.YAMLError as exc:
        raise FileUnreadable(Problem(file, 1, "(file)", f"not valid YAML: {exc}")) from exc
    finally:
        loader.dispose()
    return value, lines


def _walk(loader: yaml.SafeLoader, node: yaml.Node, path: str, lines: Lines) -> Any:
    lines.by_path[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            child = f"{path}.{key}" if path else key
            out[key] = _walk(loader, value_node, child, lines)
            lines.by_path[child] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, f"{path}[{i}]", lines) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)

"""Read YAML keeping the line of every value, so a problem can name its file, line and field."""

from dataclasses import dataclass, field
from typing import Any

import yaml

from npq.core import yamlfiles


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


# Limits of what an upload may make a reader build. A framework of 500 statements is some 5,000
# values a few levels deep; an alias may stand for a whole list, so a short file whose aliases nest
# could otherwise stand for billions of values ("billion laughs").
MAX_VALUES = 200_000
MAX_DEPTH = 40


def load_with_lines(text: str, file: str) -> tuple[Any, Lines]:
    """Parse one YAML document; return the plain value and the line of each path.

    Read with libyaml's safe loader where PyYAML has it (``core.yamlfiles``), about ten times faster
    than the pure-Python one, with the same nodes and marks.
    """
    lines = Lines()
    try:
        loader = yamlfiles.LOADER(text)  # the pure-Python reader refuses control characters here
    except yaml.YAMLError as exc:
        raise FileUnreadable(Problem(file, 1, "(file)", f"not valid YAML: {exc}")) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines
        value = _Walk(loader, lines, file).value(node, "", 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise FileUnreadable(Problem(file, line, "(file)", f"not valid YAML: {exc.problem}")) from exc
    except (yaml.YAMLError, UnicodeError) as exc:  # libyaml's reader: control characters, lone surrogates
        raise FileUnreadable(Problem(file, 1, "(file)", f"not valid YAML: {exc}")) from exc
    finally:
        loader.dispose()
    return value, lines


class _Walk:
    """The plain value of a node tree, each path's line noted; refuses a tree past the limits above."""

    def __init__(self, loader: yaml.SafeLoader, lines: Lines, file: str) -> None:
        self.loader = loader
        self.lines = lines
        self.file = file
        self.values = 0

    def value(self, node: yaml.Node, path: str, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.lines.by_path[path] = line
        self.values += 1
        if self.values > MAX_VALUES:
            raise FileUnreadable(
                Problem(self.file, line, path or "(file)", f"too large: more than {MAX_VALUES:,} values")
            )
        if depth > MAX_DEPTH:
            raise FileUnreadable(
                Problem(self.file, line, path or "(file)", f"nested more than {MAX_DEPTH} levels deep")
            )
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):  # a list or mapping as a key: no field has one
                    raise FileUnreadable(
                        Problem(self.file, key_node.start_mark.line + 1, path or "(file)", "a key must be a word")
                    )
                key = str(self.loader.construct_object(key_node, deep=True))
                child = f"{path}.{key}" if path else key
                out[key] = self.value(value_node, child, depth + 1)
                self.lines.by_path[child] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

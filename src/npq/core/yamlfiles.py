"""YAML files kept in the repository (reference data, questionnaires, targets, demo curricula, the
Department's contract the tests check against), read with libyaml's safe loader where PyYAML has it:
the same documents at about a tenth of the pure-Python parser's time. Files people upload are read
with the same loader by ``npq.frameworks.yamllines``, which keeps lines and bounds their size."""

from pathlib import Path
from typing import Any

import yaml

LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(path: Path) -> Any:
    return parse(path.read_text(encoding="utf-8"))


def parse(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader (libyaml's or PyYAML's)

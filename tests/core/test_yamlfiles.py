"""The shipped YAML files read the same with libyaml's loader as with PyYAML's own safe loader."""

from pathlib import Path

import pytest
import yaml

from npq.core import yamlfiles

SRC = Path(__file__).resolve().parents[2] / "src" / "npq"
SHIPPED = sorted(SRC.glob("*/data/**/*.yaml"))


def test_the_shipped_files_are_found() -> None:
    assert {"reference.yaml", "targets.yaml", "after-session.yaml"} <= {p.name for p in SHIPPED}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(SRC)))
def test_a_shipped_file_reads_as_the_safe_loader_reads_it(path: Path) -> None:
    assert yamlfiles.read(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_loader_stays_safe() -> None:
    with pytest.raises(yaml.YAMLError):
        yamlfiles.parse("!!python/object/apply:os.system ['true']")

"""The seed 003 generator (benchmarks/national_uptake.py) at a small scale, built once per module."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def uptake_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("national_uptake", BENCHMARKS / "national_uptake.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("national_uptake", module)
    spec.loader.exec_module(module)
    return module

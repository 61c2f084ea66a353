"""Benchmarks are not timed here: each must run to the end on a small size and print its figures."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize(("script", "args"), [("schools_import.py", ["--rows", "300"])])
def test_benchmark_runs_and_prints_figures(script, args, tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/bench.sqlite3"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "rows/s" in result.stdout

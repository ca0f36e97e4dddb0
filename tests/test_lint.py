"""The repository passes ruff: lossutils, the tests, the benchmarks, book/_ext and the notebooks.

The rules are in pyproject.toml ([tool.ruff]); ruff is pinned in requirements.txt
and run from the Python that runs the tests. To see or fix what it finds:

    ruff check .            # every violation, with its rule
    ruff check --fix .      # the safe fixes (import order, unused imports)
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "full", "."],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert "No module named ruff" not in proc.stderr, "ruff is missing: pip install -r requirements.txt"
    assert proc.returncode == 0, f"ruff check found problems:\n{proc.stdout}{proc.stderr}"

"""Building the website once per test session, for the site and browser tests."""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re
import shutil
import subprocess
import sysconfig
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD_TIMEOUT = 600  # seconds; the target is <= 60 s (BOOK.md)
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclasses.dataclass
class Site:
    returncode: int
    log: str
    build_dir: pathlib.Path  # <tmp>/_build
    seconds: float

    @property
    def html(self) -> pathlib.Path:
        return self.build_dir / "html"


def jupyter_book() -> str:
    """The jupyter-book script of the Python running the tests (not another one on PATH)."""
    found = shutil.which("jupyter-book", path=sysconfig.get_path("scripts")) or shutil.which("jupyter-book")
    if found is None:
        raise RuntimeError("jupyter-book is not installed: pip install -r requirements.txt")
    return found


def build_site(out: pathlib.Path) -> Site:
    """Builds the book from its committed outputs into ``out``, warnings as errors."""
    cmd = [jupyter_book(), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=ROOT, env={**os.environ, "NO_COLOR": "1"}, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=BUILD_TIMEOUT,
    )
    seconds = time.perf_counter() - start
    return Site(proc.returncode, ANSI_ESCAPE.sub("", proc.stdout), out / "_build", seconds)

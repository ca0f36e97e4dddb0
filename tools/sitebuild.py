"""Building the website once per test run, for the site and browser tests.

The tests run in two processes (pytest-xdist), and the site and browser tests
may land in different ones; :func:`build_site_once` lets the first process that
asks build the site and the other wait for it, so it is built only once.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import re
import shutil
import subprocess
import sysconfig
import time
import traceback

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


#: How often a waiting process looks for the other process's finished build, in seconds.
POLL_SECONDS = 0.5


def build_site_once(shared: pathlib.Path) -> Site:
    """The site built into ``shared``, by this process or by the first one of the run that asked.

    The first caller claims the folder (an exclusive create, atomic on every OS), builds,
    and writes ``site.json``; later callers wait for that file. A build that raises is
    recorded as a failed build with its traceback, so no one waits for ever.
    """
    shared.mkdir(parents=True, exist_ok=True)
    record = shared / "site.json"
    try:
        os.close(os.open(shared / "claimed", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return _wait_for(record)
    try:
        site = build_site(shared)
    except BaseException:
        site = Site(-1, traceback.format_exc(), shared / "_build", 0.0)
        _write(record, site)
        raise
    _write(record, site)
    return site


def _write(record: pathlib.Path, site: Site) -> None:
    partial = record.with_suffix(".partial")
    fields = {**dataclasses.asdict(site), "build_dir": str(site.build_dir)}
    partial.write_text(json.dumps(fields), encoding="utf-8")
    partial.replace(record)  # atomic: a reader sees the whole record or none


def _wait_for(record: pathlib.Path) -> Site:
    deadline = time.monotonic() + BUILD_TIMEOUT + 60
    while not record.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no site build finished in {record.parent} within {BUILD_TIMEOUT + 60} s")
        time.sleep(POLL_SECONDS)
    fields = json.loads(record.read_text(encoding="utf-8"))
    return Site(**{**fields, "build_dir": pathlib.Path(fields["build_dir"])})

"""Lighthouse on the built site: performance, accessibility and total blocking time per page.

    python -m benchmarks.lighthouse                      # build the site, measure every chapter page
    python -m benchmarks.lighthouse --html _build/html book/entropy.html

Serves the site from 127.0.0.1 gzipped (level 6, as static hosts compress text types),
then runs Lighthouse 12.2.3 (``node_modules/.bin/lighthouse``, installed by ``npm ci``
from package.json) in Debian's Chromium (``CHROME_PATH``) on each page, with its
desktop preset and with its default mobile one (a mid-range phone on a slow 4G
network, both simulated). ``python -m benchmarks.run`` reports the same as rows of its table.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import io
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading

from benchmarks.page_weight import (
    GZIP_LEVEL,
    ROOT,
    _QuietHandler,
    _QuietServer,
    chapter_pages,
    chromium,
    is_text,
)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PRESETS = ("desktop", "mobile")
RUN_TIMEOUT = 240  # s, for one page and preset
DESKTOP_PERFORMANCE_TARGET = 90
DESKTOP_TBT_TARGET_MS = 200
# Only the loopback: Lighthouse's own requests to the internet (none is needed) are refused.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu "
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")


@dataclasses.dataclass
class Score:
    page: str
    preset: str
    performance: int  # 0-100
    accessibility: int  # 0-100
    total_blocking_ms: float
    largest_paint_ms: float


class _GzipHandler(_QuietHandler):
    """Serves text types gzipped when the browser accepts it, as a static host does."""

    def send_head(self):
        path = pathlib.Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if (not path.is_file() or not is_text(str(path), ctype)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class serve_gzipped:
    """The folder on http://127.0.0.1:<free port>, text gzipped, for a ``with`` block."""

    def __init__(self, html_dir: pathlib.Path):
        handler = functools.partial(_GzipHandler, directory=str(html_dir))
        self.server = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return self.url

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def score_of(report: dict, page: str, preset: str) -> Score:
    """The numbers of one Lighthouse JSON report."""
    categories, audits = report["categories"], report["audits"]
    return Score(page, preset,
                 round(100 * categories["performance"]["score"]),
                 round(100 * categories["accessibility"]["score"]),
                 audits["total-blocking-time"]["numericValue"],
                 audits["largest-contentful-paint"]["numericValue"])


def run_lighthouse(url: str, preset: str) -> dict:
    """Lighthouse's JSON report of ``url`` with ``preset`` ('desktop' or 'mobile')."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"no Lighthouse at {LIGHTHOUSE}: run `npm ci` in {ROOT}")
    with tempfile.TemporaryDirectory() as tmp:
        output = pathlib.Path(tmp) / "report.json"
        command = [str(LIGHTHOUSE), url, "--only-categories=performance,accessibility",
                   "--output=json", f"--output-path={output}", f"--chrome-flags={CHROME_FLAGS}",
                   "--quiet"]
        if preset == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": chromium()}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        if done.returncode != 0 or not output.exists():
            raise RuntimeError(f"lighthouse {preset} {url} failed ({done.returncode}): {done.stderr[-1500:]}")
        return json.loads(output.read_text(encoding="utf-8"))


def measure(html_dir: pathlib.Path, pages: list[str]) -> list[Score]:
    """Every page with every preset, one after another, on the gzipped site."""
    with serve_gzipped(html_dir) as base:
        return [score_of(run_lighthouse(f"{base}/{page}", preset), page, preset)
                for page in pages for preset in PRESETS]


def lighthouse_version() -> str:
    done = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, timeout=60)
    return f"Lighthouse {done.stdout.strip()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="page paths (default: the intro and every chapter)")
    parser.add_argument("--html", type=pathlib.Path, help="a site already built (default: build one)")
    args = parser.parse_args(argv)
    pages = args.pages or chapter_pages()
    if args.html:
        scores = measure(args.html, pages)
    else:
        from tools.sitebuild import build_site

        with tempfile.TemporaryDirectory() as tmp:
            site = build_site(pathlib.Path(tmp))
            if site.returncode:
                print(site.log[-3000:])
                return 1
            scores = measure(site.html, pages)
    print(lighthouse_version())
    for s in scores:
        print(f"{s.page} {s.preset}: performance {s.performance}, accessibility {s.accessibility}, "
              f"total blocking {s.total_blocking_ms:.0f} ms, largest paint {s.largest_paint_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a browser downloads when it opens a chapter page of the website.

    python -m benchmarks.page_weight                    # builds the site into a temp folder
    python -m benchmarks.page_weight --html _build/html # or measures an existing build

Serves the built site on 127.0.0.1, opens every chapter page (the intro and every
notebook page of ``_toc.yml``) in headless Chromium with a cold cache and every request
that would leave the machine blocked, and records every response (URL, resource type,
body size). What a static host would transfer is the gzip size (level 6) of the text
types (html, js, css, json, svg, map, txt, xml) and the size as is of everything else
(png, jpg, woff, woff2 are already compressed).

Two moments per page, in a 1280 x 720 viewport: **at open** (after the load event and
network idle, no scrolling), and **scrolled** (after scrolling to the end of the page
one screen at a time, so that lazily loaded images are fetched too). Prints a table
per page with its biggest downloads and exits with 1 if a page is heavier at open than
``OPEN_TARGET_BYTES`` (gzip). ``python -m benchmarks.run`` reports the same numbers as rows of
its table (``--pages-only`` measures them alone).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import http.server
import os
import pathlib
import shutil
import sys
import tempfile
import threading
from urllib.parse import urlparse

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent

OPEN_TARGET_BYTES = 3_000_000  # gzip, per chapter page at open: 3 MB
GZIP_LEVEL = 6  # what nginx, Apache and most static hosts use
# Types a static host compresses; everything else (png, jpg, woff, woff2) goes as is.
TEXT_SUFFIXES = {".html", ".htm", ".js", ".mjs", ".css", ".json", ".svg", ".map", ".txt", ".xml"}
TEXT_MIME_PREFIXES = ("text/", "application/javascript", "application/json", "image/svg+xml",
                      "application/xml")
VIEWPORT = {"width": 1280, "height": 720}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [  # as tests/browser_pages.py: quiet, sandbox-free headless start
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
NETWORK_IDLE_MS = 30_000  # longest wait for network idle


#: Where each edition's pages are in the built site: the English at the root, the Chinese beside it.
EDITIONS = ("", "zh_CN/")


def chapter_pages() -> list[str]:
    """The intro and every notebook page of _toc.yml in each edition, as page paths
    ('book/entropy.html', 'zh_CN/book/entropy.html'); the English intro comes first."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    toc = parse_toc_yaml(ROOT / "_toc.yml")
    names = [toc.root.docname] + [name for name in toc if (ROOT / f"{name}.ipynb").is_file()]
    return [f"{edition}{name}.html" for edition in EDITIONS for name in dict.fromkeys(names)]


@dataclasses.dataclass
class Download:
    url: str
    resource_type: str  # as Chromium names it: document, script, stylesheet, image, font, ...
    raw: int  # body bytes
    gzip: int  # bytes on the wire from a host that gzips text types


@dataclasses.dataclass
class PageWeight:
    page: str
    at_open: list[Download]
    scrolled: list[Download]  # everything, at open included
    blocked: list[str]  # requests that would have left the machine

    @staticmethod
    def total(downloads: list[Download], field: str = "gzip") -> int:
        return sum(getattr(d, field) for d in downloads)

    @property
    def open_gzip(self) -> int:
        return self.total(self.at_open)

    @property
    def passed(self) -> bool:
        return self.open_gzip <= OPEN_TARGET_BYTES

    def biggest(self, n: int = 4, scrolled: bool = False) -> list[Download]:
        return sorted(self.scrolled if scrolled else self.at_open, key=lambda d: -d.gzip)[:n]


def is_text(url: str, content_type: str) -> bool:
    suffix = pathlib.PurePosixPath(urlparse(url).path).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return True
    return not suffix and content_type.startswith(TEXT_MIME_PREFIXES)


def transferred(url: str, content_type: str, body: bytes) -> int:
    """Bytes on the wire: gzipped for a text type, as is for the rest."""
    if is_text(url, content_type):
        return len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))
    return len(body)


def size(n: int) -> str:
    """Bytes in decimal units, as the target is written: 2.91 MB, 457 kB."""
    if n >= 1_000_000:
        return f"{n / 1e6:.2f} MB"
    return f"{n / 1e3:.0f} kB" if n >= 1000 else f"{n} B"


def short_name(url: str) -> str:
    path = urlparse(url).path
    return path.rsplit("/", 1)[-1] or path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class serve:
    """The folder on http://127.0.0.1:<free port>, for a ``with`` block."""

    def __init__(self, html_dir: pathlib.Path):
        handler = functools.partial(_QuietHandler, directory=str(html_dir))
        self.server = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def chromium() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        raise SystemExit(f"no Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM=")
    return path


def _scroll_to_the_end(page) -> None:
    """One screen at a time (a jump to the bottom would skip the images in between),
    until the bottom stays put (widgets may grow the page while it scrolls)."""
    for _ in range(500):
        at_end = page.evaluate(
            """() => { window.scrollBy(0, window.innerHeight);
                       const bottom = window.scrollY + window.innerHeight;
                       return bottom >= document.documentElement.scrollHeight - 2; }""")
        page.wait_for_timeout(150)
        if at_end:
            break
    page.wait_for_load_state("networkidle", timeout=NETWORK_IDLE_MS)
    page.wait_for_timeout(300)


def weigh_page(browser, base_url: str, path: str) -> PageWeight:
    context = browser.new_context(viewport=VIEWPORT)  # a fresh context: a cold cache
    responses, blocked = [], []

    def only_local(route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith("data:"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    def downloads() -> list[Download]:
        """Every response so far; bodies are read once, while the page is open."""
        for response in responses[len(found):]:
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted request has no body
                body = b""
            found.append(Download(response.url, response.request.resource_type, len(body),
                                  transferred(response.url, response.headers.get("content-type", ""), body)))
        return list(found)

    found: list[Download] = []
    try:
        context.route("**/*", only_local)
        page = context.new_page()
        # data: URLs are part of the page already: not downloads
        page.on("response", lambda r: None if r.url.startswith("data:") else responses.append(r))
        page.goto(f"{base_url}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle", timeout=NETWORK_IDLE_MS)
        page.wait_for_timeout(300)  # late fetches of fonts
        at_open = downloads()
        _scroll_to_the_end(page)
        scrolled = downloads()
    finally:
        context.close()
    return PageWeight(path, at_open, scrolled, blocked)


def weigh_site(html_dir: pathlib.Path, pages: list[str] | None = None) -> list[PageWeight]:
    from playwright.sync_api import sync_playwright

    pages = pages or chapter_pages()
    with serve(html_dir) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            return [weigh_page(browser, base_url, path) for path in pages]
        finally:
            browser.close()


def build_and_weigh(pages: list[str] | None = None) -> list[PageWeight]:
    """Builds the site as the tests do (tools/sitebuild.py) into a temporary folder, and weighs it."""
    from tools.sitebuild import build_site

    with tempfile.TemporaryDirectory() as out:
        site = build_site(pathlib.Path(out))
        pages = pages or chapter_pages()
        missing = [page for page in pages if not (site.html / page).is_file()]
        if missing:
            raise RuntimeError(f"the site build (exit {site.returncode}) wrote no {missing}: "
                               + site.log[-1500:])
        if site.returncode != 0:  # warnings as errors: the pages are there all the same
            print(f"page_weight: the site build exited with {site.returncode} (see tests/test_site.py); "
                  "measuring the pages it wrote", file=sys.stderr)
        return weigh_site(site.html, pages)


def summary(weight: PageWeight) -> str:
    """One line: at open and scrolled, gzip (raw), the biggest downloads at open."""
    t = PageWeight.total
    text = (f"at open {size(t(weight.at_open))} gzip ({size(t(weight.at_open, 'raw'))} raw, "
            f"{len(weight.at_open)} files); scrolled to the end {size(t(weight.scrolled))} gzip "
            f"({size(t(weight.scrolled, 'raw'))} raw, {len(weight.scrolled)} files); biggest at open: "
            + ", ".join(f"{short_name(d.url)} {size(d.gzip)}" for d in weight.biggest(4)))
    if weight.blocked:
        text += f"; {len(weight.blocked)} requests off the machine blocked"
    return text


def print_report(weights: list[PageWeight], top: int = 8, out=sys.stdout) -> None:
    t = PageWeight.total
    print("| Page | At open, gzip | At open, raw | Scrolled, gzip | Scrolled, raw "
          f"| ≤ {size(OPEN_TARGET_BYTES)} at open |", file=out)
    print("|---|---:|---:|---:|---:|---|", file=out)
    for w in weights:
        print(f"| {w.page} | {size(t(w.at_open))} | {size(t(w.at_open, 'raw'))} | {size(t(w.scrolled))} "
              f"| {size(t(w.scrolled, 'raw'))} | {'pass' if w.passed else 'FAIL'} |", file=out)
    for w in weights:
        opened = {d.url for d in w.at_open}
        print(f"\n{w.page}: biggest downloads (gzip; * = only once scrolled)", file=out)
        for d in w.biggest(top, scrolled=True):
            mark = " " if d.url in opened else "*"
            print(f"  {mark} {size(d.gzip):>9} gzip {size(d.raw):>9} raw  {d.resource_type:<10} "
                  f"{urlparse(d.url).path}", file=out)
        for url in w.blocked:
            print(f"  blocked (off the machine): {url}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=pathlib.Path,
                        help="an existing build (its html folder); default: build the site "
                             "into a temporary folder")
    parser.add_argument("--page", action="append", help="only this page (e.g. book/entropy.html); repeatable")
    parser.add_argument("--top", type=int, default=8, help="downloads listed per page (default 8)")
    args = parser.parse_args(argv)
    weights = weigh_site(args.html, args.page) if args.html else build_and_weigh(args.page)
    print_report(weights, args.top)
    return 0 if all(w.passed for w in weights) else 1


if __name__ == "__main__":
    sys.exit(main())

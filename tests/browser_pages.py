"""Opening the built website in headless Chromium, for the browser tests.

The site is served on 127.0.0.1 and a page visit blocks every request that would
leave the machine, as in a classroom whose network blocks public CDNs. The fixtures
that use these (``browser``, ``served_site``) are in conftest.py.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
from urllib.parse import urljoin, urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [  # quiet, sandbox-free headless start (the tests may run as root)
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_or_skip() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if path:
        return path
    hint = "install Debian's Chromium: apt-get install chromium (or set CHROMIUM=/path/to/chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"no Chromium at {CHROMIUM}: {hint}")
    pytest.skip(hint)


def site_pages(html_dir: pathlib.Path) -> list[str]:
    """Every HTML page of the site, as paths relative to its root."""
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts)


REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.IGNORECASE)


def redirect_target(page_file: pathlib.Path) -> str | None:
    """Where a redirect stub (such as the site's index.html) sends the reader, else None."""
    match = REFRESH.search(page_file.read_text(encoding="utf-8"))
    return match.group(1) if match else None


# Records every layout shift from the start of the page (a PerformanceObserver of
# "layout-shift" entries): how far visible content moved without the reader doing anything.
RECORD_LAYOUT_SHIFTS = """window.__layoutShifts = [];
new PerformanceObserver(list => window.__layoutShifts.push(
    ...list.getEntries().filter(e => !e.hadRecentInput).map(e => e.value)))
  .observe({type: 'layout-shift', buffered: true});"""


def reader_window(browser, color_scheme: str = "light", viewport: dict | None = None):
    """A browser window (a Playwright context) of a reader whose system is in ``color_scheme``:
    the site follows the reader's light or dark preference (default_mode: auto). Pages opened
    one after another in one window share its cache, as a reader's pages do."""
    return browser.new_context(color_scheme=color_scheme, **({"viewport": viewport} if viewport else {}))


class PageVisit:
    """Opens one page with the network cut off and records everything that went wrong.

    A redirect stub is followed to the page it names, and that page is checked:
    inspecting the stub while the browser leaves it would race the navigation.
    """

    def __init__(self, browser, base_url: str, path: str, redirect_to: str | None = None,
                 color_scheme: str = "light", viewport: dict | None = None, window=None):
        """Opens ``path`` in a new window of its own, or in a new tab of ``window`` (a browser
        context of :func:`reader_window`), which has its own colour scheme and size."""
        self.problems: list[str] = []
        self.statuses: dict[str, int] = {}  # every response, by URL
        self._own_window = window is None
        self.context = reader_window(browser, color_scheme, viewport) if window is None else window
        self.page = self.context.new_page()
        self.page.route("**/*", self._only_local)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda err: self.problems.append(f"page error: {err}"))
        self.page.on("response", self._response)
        self.page.add_init_script(RECORD_LAYOUT_SHIFTS)
        url = f"{base_url}/{path}"
        self.page.goto(url, wait_until="load")
        if redirect_to is not None:
            self.page.wait_for_url(urljoin(url, redirect_to), wait_until="load")

    def _only_local(self, route):
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith("data:"):
            route.continue_()
        else:
            self.problems.append(f"request to the internet (blocked): {url}")
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _response(self, response):
        self.statuses[response.url] = response.status
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status} for {response.url}")

    def layout_shift(self) -> float:
        """The sum of every layout shift so far (at least the page's Cumulative Layout Shift)."""
        return self.page.evaluate("() => window.__layoutShifts.reduce((a, b) => a + b, 0)")

    def close(self):
        if self._own_window:
            self.context.close()
        else:
            self.page.close()

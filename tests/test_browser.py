"""Every page of the website, opened in headless Chromium with the network cut off.

The site is served on 127.0.0.1 and every request that would leave the machine
is blocked, as in a classroom whose network blocks public CDNs. Each page must
then show no console or page error, request no missing local file, typeset its
math with MathJax, render every saved widget, and load every image (each scrolled
into view first, as figures load lazily) with an alt text that says what the
figure shows.

Needs Debian's ``chromium`` package (``apt-get install chromium``); where it is
missing the test is skipped with that hint, except under ``CI=true``, where it
must run.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import pathlib
import re
import shutil
import sys
import threading
from urllib.parse import urljoin, urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [  # quiet, sandbox-free headless start (the tests may run as root)
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MIN_ALT_WORDS = 4  # for figures in the text: "figure" or a file name says nothing; a sentence does


def _chromium_or_skip() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if path:
        return path
    hint = "install Debian's Chromium: apt-get install chromium (or set CHROMIUM=/path/to/chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"no Chromium at {CHROMIUM}: {hint}")
    pytest.skip(hint)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output to results
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that leaves a page may drop a download half-way; that is not a
        # server fault, and its traceback would bury the real report.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def served_site(site):
    assert site.returncode == 0, "the site did not build; see test_site.py"
    handler = functools.partial(_QuietHandler, directory=str(site.html))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site.html, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def site_pages(html_dir: pathlib.Path) -> list[str]:
    """Every HTML page of the site, as paths relative to its root."""
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts)


REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.IGNORECASE)


def redirect_target(page_file: pathlib.Path) -> str | None:
    """Where a redirect stub (such as the site's index.html) sends the reader, else None."""
    match = REFRESH.search(page_file.read_text(encoding="utf-8"))
    return match.group(1) if match else None


class PageVisit:
    """Opens one page with the network cut off and records everything that went wrong.

    A redirect stub is followed to the page it names, and that page is checked:
    inspecting the stub while the browser leaves it would race the navigation.
    """

    def __init__(self, browser, base_url: str, path: str, redirect_to: str | None = None):
        self.problems: list[str] = []
        self.statuses: dict[str, int] = {}  # every response, by URL
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.page.route("**/*", self._only_local)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda err: self.problems.append(f"page error: {err}"))
        self.page.on("response", self._response)
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

    def close(self):
        self.context.close()


def _typeset_math(page) -> tuple[int, int]:
    """(math elements on the page, math elements MathJax has typeset)."""
    total = page.locator("span.math, div.math").count()
    if total:
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
    typeset = page.locator("span.math:has(mjx-container), div.math:has(mjx-container)").count()
    return total, typeset


def _rendered_widgets(page) -> tuple[int, int]:
    """(saved widget views on the page, views the widget manager has rendered)."""
    views = page.locator(f'script[type="{WIDGET_VIEW}"]').count()
    if views:
        page.wait_for_function(
            """mime => [...document.querySelectorAll(`script[type="${mime}"]`)]
                .every(s => s.parentElement.querySelector('.jupyter-widgets'))""",
            arg=WIDGET_VIEW, timeout=20_000,
        )
    rendered = page.evaluate(
        """mime => [...document.querySelectorAll(`script[type="${mime}"]`)]
            .filter(s => s.parentElement.querySelector('.jupyter-widgets')).length""",
        WIDGET_VIEW,
    )
    return views, rendered


def _bring_images_in(page) -> None:
    """Scrolls each image into view, as a reader would, and waits for it to load or fail:
    figures load lazily (book/_ext/lazy_images.py), only as they near the screen. An
    image with no box (in a collapsed solution) never nears it, so it is asked for eagerly."""
    page.evaluate(
        """async () => {
            for (const img of document.querySelectorAll('img')) {
                if (img.getClientRects().length) img.scrollIntoView({block: 'center'});
                else img.loading = 'eager';
                if (!img.complete) {
                    await new Promise(done => {
                        img.addEventListener('load', done, {once: true});
                        img.addEventListener('error', done, {once: true});
                        setTimeout(done, 10000);
                    });
                }
            }
            window.scrollTo(0, 0);
        }"""
    )


def _image_problems(page) -> list[str]:
    """Images that did not load, figures without a descriptive alt text, icons without any."""
    _bring_images_in(page)
    images = page.evaluate(
        """() => [...document.querySelectorAll('img')].map(img => ({
            src: img.currentSrc.slice(0, 80), loaded: img.complete && img.naturalWidth > 0,
            alt: (img.getAttribute('alt') || '').trim(), figure: !!img.closest('article')}))"""
    )
    problems = []
    for img in images:
        if not img["loaded"]:
            problems.append(f"image did not load: {img['src']}")
        if img["figure"] and len(img["alt"].split()) < MIN_ALT_WORDS:
            problems.append(f"figure without an alt text saying what it shows ({img['alt']!r}): {img['src']}")
        elif not img["alt"]:
            problems.append(f"image without alt text: {img['src']}")
    return problems


def test_every_page_works_offline(browser, served_site):
    html_dir, base_url = served_site
    pages = site_pages(html_dir)
    assert pages, "the site has no pages"
    report = {}
    for path in pages:
        visit = PageVisit(browser, base_url, path, redirect_to=redirect_target(html_dir / path))
        try:
            checks = []
            math_total, math_typeset = _typeset_math(visit.page)
            if math_typeset < math_total:
                checks.append(f"MathJax typeset {math_typeset} of {math_total} formulas")
            views, rendered = _rendered_widgets(visit.page)
            if rendered < views:
                checks.append(f"{rendered} of {views} saved widgets rendered")
            checks += _image_problems(visit.page)
            visit.page.wait_for_timeout(300)  # let late console errors arrive
            problems = visit.problems + checks
        finally:
            visit.close()
        if problems:
            report[path] = problems
    assert not report, "\n".join(f"{page}:\n  " + "\n  ".join(p) for page, p in report.items())


def test_the_favicon_loads(browser, served_site):
    """The browser shows the icon a page links, and /favicon.ico (asked for by browsers
    on their own, whatever the page says) is served too."""
    html_dir, base_url = served_site
    visit = PageVisit(browser, base_url, "index.html", redirect_to=redirect_target(html_dir / "index.html"))
    try:
        icons = visit.page.evaluate(
            "() => [...document.querySelectorAll('link[rel~=icon]')].map(link => link.href)")
        assert len(icons) == 1, f"the page links {len(icons)} icons: {icons}"
        for _ in range(50):  # the browser fetches the icon after the page has loaded
            if icons[0] in visit.statuses:
                break
            visit.page.wait_for_timeout(100)
        assert visit.statuses.get(icons[0]) == 200, f"the browser did not load the icon {icons[0]}"
        root_icon = visit.page.request.get(f"{base_url}/favicon.ico")
        assert root_icon.status == 200 and root_icon.body()[:4] == b"\x00\x00\x01\x00", (
            f"/favicon.ico: HTTP {root_icon.status}, not an icon"
        )
        assert not visit.problems, "\n".join(visit.problems)
    finally:
        visit.close()


# ------------------------------------------------------------------ explorers offline

#: The keys pressed on each web slider: its last stop, its first, one step on.
EXPLORER_KEYS = ("End", "Home", "ArrowRight")


def explorer_cells() -> dict[str, int]:
    """How many explorers each chapter shows: cells that call an explorer's ``widget()``."""
    import nbformat

    counts = {}
    for path in sorted((pathlib.Path(__file__).resolve().parent.parent / "book").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        found = sum(1 for c in cells
                    if c.cell_type == "code" and re.search(r"Explorer\(.*\)\.widget\(", c.source, re.S))
        if found:
            counts[f"book/{path.stem}.html"] = found
    return counts


def _explorer_state(box) -> dict:
    """What an explorer on the page shows: each web slider's label and readout, and the
    setting, alt text and visible caption of the picture in view."""
    return box.evaluate(
        """box => {
            const shown = [...box.querySelectorAll('img[data-setting]')]
                .filter(i => i.getClientRects().length);
            return {
                sliders: [...box.querySelectorAll('.widget-slider')].map(s => [
                    s.querySelector('.widget-label').textContent.trim(),
                    s.querySelector('.widget-readout').textContent.trim()]),
                shown: shown.map(i => {
                    const caption = i.nextElementSibling;
                    const visible = caption && caption.matches('.lossutils-caption')
                        && caption.getClientRects().length > 0;
                    return {setting: i.dataset.setting, alt: i.alt,
                            caption: visible ? caption.textContent : null};
                }),
            };
        }"""
    )


def _explorer_problems(page, box) -> list[str]:
    """Moves each web slider of one explorer with the keyboard and checks every picture it shows
    against what the explorer's own ``compute()`` and ``describe()`` give for that setting."""
    import ipywidgets

    import lossutils.explorers
    from lossutils.explorers import web_frames

    code = box.locator(".lossutils-web-note").get_attribute("data-explorer")
    explorer = eval(code, vars(lossutils.explorers))  # the call the chapter made, e.g. EntropyExplorer(...)
    controls = {c.description: (name, c) for name, c in explorer._controls(ipywidgets).items()}
    problems, seen = [], set()

    def check(after: str) -> None:
        state = _explorer_state(box)
        if len(state["shown"]) != 1:
            problems.append(f"{code}, after {after}: {len(state['shown'])} pictures in view, not 1")
            return
        # Parsed here, not in the browser, where 1.0 would become 1.
        setting, alt = json.loads(state["shown"][0]["setting"]), state["shown"][0]["alt"]
        for label, readout in state["sliders"]:
            name, control = controls[label]
            if web_frames._shown(control, setting[name]) != readout:
                problems.append(f"{code}, after {after}: slider {label!r} reads {readout}, "
                                f"the picture is for {setting[name]!r}")
        params = {**explorer.params, **explorer._params_from_controls(setting)}
        expected = explorer.describe(explorer.compute(**params))
        if alt != expected:
            problems.append(f"{code}, after {after}: the picture shows {alt!r}; "
                            f"describe() gives {expected!r}")
        if state["shown"][0]["caption"] != expected:
            problems.append(f"{code}, after {after}: the caption in view reads "
                            f"{state['shown'][0]['caption']!r}; describe() gives {expected!r}")
        seen.add(json.dumps(setting, sort_keys=True))

    check("loading")
    handles = box.locator(".widget-slider [role=slider], .widget-slider .noUi-handle")
    for i in range(handles.count()):
        for key in EXPLORER_KEYS:
            handles.nth(i).focus()
            page.keyboard.press(key)
            page.wait_for_timeout(150)
            check(f"{key} on slider {i + 1}")
    expected_settings = 1 + 2 * handles.count()  # the start, and at least two new stops per slider
    if len(seen) < expected_settings:
        problems.append(f"{code}: the keyboard reached {len(seen)} settings, "
                        f"expected {expected_settings} or more")
    return problems


def test_every_explorer_answers_offline(browser, served_site):
    """On every page, with the network cut off, each explorer's web sliders move with the
    keyboard and each picture shown is the one compute()/describe() give for the setting."""
    html_dir, base_url = served_site
    expected = explorer_cells()
    assert expected, "no chapter shows an explorer"
    report, found = {}, {}
    for path in expected:
        visit = PageVisit(browser, base_url, path)
        try:
            _rendered_widgets(visit.page)
            boxes = visit.page.locator("div.widget-vbox:has(> .widget-html .lossutils-web-note)")
            found[path] = boxes.count()
            problems = [p for i in range(boxes.count()) for p in _explorer_problems(visit.page, boxes.nth(i))]
            visit.page.wait_for_timeout(300)  # let late console errors arrive
            problems += visit.problems
        finally:
            visit.close()
        if problems:
            report[path] = problems
    assert found == expected, (
        f"explorers with a website version, by page: {found}; in the notebooks: {expected}")
    assert not report, "\n".join(f"{page}:\n  " + "\n  ".join(p) for page, p in report.items())

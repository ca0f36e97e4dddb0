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
    """(math elements a reader can see on the page, those MathJax has typeset once in view).

    MathJax typesets a formula as it nears the screen (its ui/lazy extension), so each one is
    brought into view, as a reader scrolling down would, and given up to 2 s. Formulas in a
    collapsed block (a solution not opened) have no box to see; they wait for the reader."""
    if not page.locator("span.math, div.math").count():
        return 0, 0
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")
    return tuple(page.evaluate(
        """async () => {
            const visible = [...document.querySelectorAll('span.math, div.math')]
                .filter(el => el.getClientRects().length);
            let typeset = 0;
            for (const el of visible) {
                if (!el.querySelector('mjx-container')) {
                    el.scrollIntoView({block: 'center'});
                    for (let i = 0; i < 80 && !el.querySelector('mjx-container'); i++) {
                        await new Promise(done => setTimeout(done, 25));
                    }
                }
                if (el.querySelector('mjx-container')) typeset++;
            }
            window.scrollTo(0, 0);
            return [visible.length, typeset];
        }"""
    ))


def _bring_images_in(page) -> None:
    """Scrolls each image into view, as a reader would, and waits for it to load or fail:
    figures load lazily (book/_ext/lazy_images.py), only as they near the screen. An
    image with no box (in a collapsed solution) never nears it, so it is asked for eagerly."""
    page.evaluate(
        """async () => {
            for (const img of document.querySelectorAll('img:not([data-src])')) {
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
    """Images that did not load, figures without a descriptive alt text, icons without any.
    An explorer's pictures not yet shown (``data-src``) are asked for only when shown: the
    explorer test checks them as it moves the controls, and test_site.py that each is a file."""
    _bring_images_in(page)
    images = page.evaluate(
        """() => [...document.querySelectorAll('img:not([data-src])')].map(img => ({
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
            views = visit.page.locator(f'script[type="{WIDGET_VIEW}"]').count()
            if views:  # the site has no widget manager (see _config.yml)
                checks.append(f"{views} saved widget views that nothing renders")
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
    """What an explorer on the page shows: each web control's label, readout and spoken value,
    and the setting, alt text, visible caption and loading of the picture in view."""
    return box.evaluate(
        """box => {
            const shown = [...box.querySelectorAll('.lossutils-frame')]
                .filter(f => !f.hidden && f.getClientRects().length);
            return {
                sliders: [...box.querySelectorAll('.lossutils-web-control')].map(c => [
                    c.querySelector('label').textContent.trim(),
                    c.querySelector('output').textContent.trim(),
                    c.querySelector('input').getAttribute('aria-valuetext')]),
                shown: shown.map(f => {
                    const img = f.querySelector('img');
                    const caption = f.querySelector('.lossutils-caption');
                    return {setting: f.querySelector('[data-setting]').dataset.setting,
                            alt: img ? img.alt : null,
                            loaded: img ? img.complete && img.naturalWidth > 0 : true,
                            caption: caption && caption.getClientRects().length ? caption.textContent : null};
                }),
            };
        }"""
    )


def _wait_for_shown_picture(box) -> None:
    """Waits (at most 5 s) until the picture in view has loaded: it is fetched when first shown."""
    box.evaluate(
        """async box => {
            for (let i = 0; i < 100; i++) {
                const img = [...box.querySelectorAll('.lossutils-frame:not([hidden]) img')][0];
                if (!img || (img.complete && img.naturalWidth > 0)) return;
                await new Promise(done => setTimeout(done, 50));
            }
        }"""
    )


def _explorer_problems(page, box) -> list[str]:
    """Moves each web control of one explorer with the keyboard and checks every picture it shows
    against what the explorer's own ``compute()`` and ``describe()`` give for that setting."""
    import ipywidgets

    import lossutils.explorers
    from lossutils.explorers import web_frames

    code = box.locator(".lossutils-web-note").get_attribute("data-explorer")
    explorer = eval(code, vars(lossutils.explorers))  # the call the chapter made, e.g. EntropyExplorer(...)
    controls = {c.description: (name, c) for name, c in explorer._controls(ipywidgets).items()}
    problems, seen = [], set()

    def check(after: str) -> None:
        _wait_for_shown_picture(box)
        state = _explorer_state(box)
        if len(state["shown"]) != 1:
            problems.append(f"{code}, after {after}: {len(state['shown'])} pictures in view, not 1")
            return
        shown = state["shown"][0]
        # Parsed here, not in the browser, where 1.0 would become 1.
        setting = json.loads(shown["setting"])
        for label, readout, spoken in state["sliders"]:
            name, control = controls[label]
            if not web_frames._shown(control, setting[name]) == readout == spoken:
                problems.append(f"{code}, after {after}: control {label!r} reads {readout} (says {spoken}), "
                                f"the picture is for {setting[name]!r}")
        params = {**explorer.params, **explorer._params_from_controls(setting)}
        expected = explorer.describe(explorer.compute(**params))
        if not shown["loaded"]:
            problems.append(f"{code}, after {after}: the picture in view did not load")
        if shown["alt"] != expected:
            problems.append(f"{code}, after {after}: the picture shows {shown['alt']!r}; "
                            f"describe() gives {expected!r}")
        if shown["caption"] != expected:
            problems.append(f"{code}, after {after}: the caption in view reads "
                            f"{shown['caption']!r}; describe() gives {expected!r}")
        seen.add(json.dumps(setting, sort_keys=True))

    box.scroll_into_view_if_needed()  # the picture it starts at is fetched as it nears the screen
    check("loading")
    inputs = box.locator(".lossutils-web-control input[type=range]")
    for i in range(inputs.count()):
        label = box.locator(".lossutils-web-control label").nth(i).text_content().strip()
        named = box.get_by_role("slider", name=label, exact=True)
        if named.count() != 1:
            problems.append(f"{code}: {named.count()} sliders named {label!r} for screen readers, not 1")
        for key in EXPLORER_KEYS:
            inputs.nth(i).focus()
            page.keyboard.press(key)
            check(f"{key} on control {i + 1}")
    expected_settings = 1 + 2 * inputs.count()  # the start, and at least two new stops per control
    if len(seen) < expected_settings:
        problems.append(f"{code}: the keyboard reached {len(seen)} settings, "
                        f"expected {expected_settings} or more")
    return problems


def test_every_explorer_answers_offline(browser, served_site):
    """On every page, with the network cut off, each explorer's web controls, named for screen
    readers by their labels, move with the keyboard, and each picture shown is the one
    compute()/describe() give for the setting."""
    html_dir, base_url = served_site
    expected = explorer_cells()
    assert expected, "no chapter shows an explorer"
    report, found = {}, {}
    for path in expected:
        visit = PageVisit(browser, base_url, path)
        try:
            boxes = visit.page.locator(".lossutils-web-explorer")
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

"""The website's icon and its explorers, in headless Chromium with the network cut off.

The site is served on 127.0.0.1 and every request that would leave the machine is blocked,
as in a classroom whose network blocks public CDNs. The browser must show the icon the
pages link, and each explorer must move with the keyboard and show the picture its
Python code gives for every setting. What every page must do (no error, formulas drawn,
images with alt texts, no WCAG violation) is checked in test_pages.py.

Needs Debian's ``chromium`` package (``apt-get install chromium``); where it is
missing the test is skipped with that hint, except under ``CI=true``, where it
must run.
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from tests.browser_pages import PageVisit, redirect_target


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


def _explorer_problems(page, box, keys: tuple[str, ...] = EXPLORER_KEYS) -> list[str]:
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
        for key in keys:
            inputs.nth(i).focus()
            page.keyboard.press(key)
            check(f"{key} on control {i + 1}")
    # The start, and per control a new stop for each key but one (End or Home may be where it is).
    expected_settings = 1 + (len(keys) - 1) * inputs.count()
    if len(seen) < expected_settings:
        problems.append(f"{code}: the keyboard reached {len(seen)} settings, "
                        f"expected {expected_settings} or more")
    return problems


# The Chinese pages show the same explorers (the same cell outputs), from their own copy of
# the site's files: every control there is moved to both ends.
@pytest.mark.parametrize(("edition", "keys"), [("", EXPLORER_KEYS), ("zh_CN/", ("End", "Home"))],
                         ids=["English", "Chinese"])
def test_every_explorer_answers_offline(browser, served_site, edition, keys):
    """On every page of both editions, with the network cut off, each explorer's web controls,
    named for screen readers by their labels, move with the keyboard, and each picture shown
    is the one compute()/describe() give for the setting."""
    html_dir, base_url = served_site
    expected = {edition + path: count for path, count in explorer_cells().items()}
    assert expected, "no chapter shows an explorer"
    report, found = {}, {}
    for path in expected:
        visit = PageVisit(browser, base_url, path)
        try:
            boxes = visit.page.locator(".lossutils-web-explorer")
            found[path] = boxes.count()
            problems = [p for i in range(boxes.count())
                        for p in _explorer_problems(visit.page, boxes.nth(i), keys)]
            visit.page.wait_for_timeout(300)  # let late console errors arrive
            problems += visit.problems
        finally:
            visit.close()
        if problems:
            report[path] = problems
    assert found == expected, (
        f"explorers with a website version, by page: {found}; in the notebooks: {expected}")
    assert not report, "\n".join(f"{page}:\n  " + "\n  ".join(p) for page, p in report.items())


# ------------------------------------------------------------------ the two editions


def test_language_link_leads_to_the_same_page_and_back(browser, served_site):
    """From a chapter's section in English, the top bar's link opens the same chapter in
    Chinese, and its link leads back to the English page."""
    _, base_url = served_site
    visit = PageVisit(browser, base_url, "book/hinge.html")
    try:
        page = visit.page
        page.get_by_role("link", name="中文").click()
        page.wait_for_url(f"{base_url}/zh_CN/book/hinge.html")
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        assert "铰链损失" in page.get_by_role("heading", level=1).inner_text()
        page.get_by_role("link", name="English").click()
        page.wait_for_url(f"{base_url}/book/hinge.html")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert not visit.problems, "\n".join(visit.problems)
    finally:
        visit.close()


@pytest.mark.parametrize(("query", "page"), [("交叉熵", "book/cross_entropy"), ("铰链损失", "book/hinge"),
                                             ("huber", "book/regression_losses")])
def test_chinese_search_finds_the_chapter(browser, served_site, query, page):
    """The Chinese site's search page, offline, lists the chapter for a Chinese term or a code name."""
    _, base_url = served_site
    visit = PageVisit(browser, base_url, f"zh_CN/search.html?q={query}")
    try:
        # Sphinx lists the results one by one, then writes its summary under the title.
        visit.page.wait_for_function(
            "() => document.querySelector('#search-results .search-summary')?.textContent.trim()",
            timeout=10_000)
        results = visit.page.locator("#search-results ul.search li a")
        hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any(href.split("#")[0].split("?")[0].endswith(f"{page}.html") for href in hrefs), hrefs
        assert not visit.problems, "\n".join(visit.problems)
    finally:
        visit.close()

"""Every page of the website, opened in headless Chromium with the network cut off.

Each page of both editions, the English at the root and the Chinese in zh_CN/, is
visited once (page_tour.py) and must work offline (no console error, no
missing file, formulas drawn, images loaded with their alt texts) and pass axe-core's
WCAG 2.0/2.1 A and AA audit with the reader's system in light mode and then in dark mode
(the Chinese pages: see CHINESE below). In the same visit, every explorer on a chapter's
page is moved with the keyboard and must show the picture its Python code gives for each
setting (explorer_moves.py).

The pages are grouped as the reader meets them: each page of the table of contents on
its own, then the pages Sphinx makes (index, search, the API's source code). A page the
groups miss fails test_every_page_is_visited, so a new kind of page cannot go unchecked.

Needs Debian's ``chromium`` package and ``npm ci``; where either is missing the tests are
skipped with a hint, except under ``CI=true``, where they must run.
"""

from __future__ import annotations

import fnmatch
import pathlib

import pytest
from sphinx_external_toc.parsing import parse_toc_yaml

from tests.browser_pages import site_pages
from tests.explorer_moves import EXPLORER_KEYS, explorer_cells
from tests.page_tour import tour_page, tour_window

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK_PAGES = [f"{docname}.html" for docname in parse_toc_yaml(ROOT / "_toc.yml")]
MADE_BY_SPHINX = [
    "index.html",  # sends the reader on to the introduction
    "genindex.html",
    "search.html",
    "_modules/index.html",
    "_modules/lossutils/*.html",
    "_modules/lossutils/articles/*.html",
    "_modules/lossutils/explorers/*.html",
    "_modules/lossutils/losses/*.html",
]
ENGLISH = BOOK_PAGES + MADE_BY_SPHINX
# The Chinese edition (zh_CN/) has the same pages. Each is checked offline and audited by
# axe-core in light mode. It is not audited again in dark mode: its colours are the
# English edition's, from the same stylesheets, and only colours change with the mode.
# Its source-code pages are not opened here: they are the English pages' code in the
# Chinese page frame, which test_editions.py checks, and which every other Chinese page
# shows in the browser.
CHINESE = ["zh_CN/" + page for page in BOOK_PAGES + MADE_BY_SPHINX if not page.startswith("_modules/")]
CHINESE_SOURCE_CODE = "zh_CN/_modules/"
GROUPS = ENGLISH + CHINESE


def audited_modes(path: str) -> tuple[str, ...]:
    """The modes in which axe-core audits the page (see CHINESE)."""
    return ("light",) if path.startswith("zh_CN/") else ("light", "dark")


# The chapters that show explorers, by page, with how many: in both editions (the Chinese
# pages show the same cell outputs, from their own copy of the site's files). Each web
# control is moved to its last stop, its first and one step on; on the Chinese pages to
# both ends.
EXPLORERS = explorer_cells()
EXPLORER_PAGES = list(EXPLORERS) + [f"zh_CN/{path}" for path in EXPLORERS]


def explorer_keys(path: str) -> tuple[str, ...]:
    """The keys pressed on each web control of the page's explorers (none: not a chapter with one)."""
    if path.removeprefix("zh_CN/") not in EXPLORERS:
        return ()
    return ("End", "Home") if path.startswith("zh_CN/") else EXPLORER_KEYS


@pytest.fixture(scope="module")
def tour(browser, served_site):
    """``tour(path)``: what the one visit to that page found (visited at the first ask)."""
    html_dir, base_url = served_site
    tours, window = {}, tour_window(browser)

    def visited(path: str):
        if path not in tours:
            tours[path] = tour_page(window, html_dir, base_url, path, audited_modes(path),
                                    explorer_keys(path))
        return tours[path]

    yield visited
    window.close()


def in_group(path: str, group: str) -> bool:
    """Whether the page is ``group``, a path whose parts may hold wildcards (``*`` stops at ``/``)."""
    parts, patterns = path.split("/"), group.split("/")
    return len(parts) == len(patterns) and all(map(fnmatch.fnmatchcase, parts, patterns))


def _report(served_site, tour, group: str, check: str) -> None:
    """Fails with what ``check`` found on each page of ``group``."""
    html_dir, _ = served_site
    pages = [path for path in site_pages(html_dir) if in_group(path, group)]
    assert pages, f"no page of the site is {group}"
    results = {path: getattr(tour(path), check) for path in pages}
    assert None not in results.values(), f"{check} was not checked on some pages of {group}"
    report = {path: found for path, found in results.items() if found}
    assert not report, "\n".join(f"{page}:\n  " + "\n  ".join(lines) for page, lines in report.items())


def test_every_page_is_visited(served_site):
    html_dir, _ = served_site
    missed = [p for p in site_pages(html_dir) if not any(in_group(p, g) for g in GROUPS)
              and not p.startswith(CHINESE_SOURCE_CODE)]
    assert not missed, f"pages in none of the groups of test_pages.py, so never checked: {missed}"


@pytest.mark.parametrize("group", GROUPS)
def test_works_offline(served_site, tour, group):
    _report(served_site, tour, group, "offline")


@pytest.mark.parametrize("group", GROUPS)
def test_no_wcag_violation_in_light_mode(served_site, tour, group):
    _report(served_site, tour, group, "light")


@pytest.mark.parametrize("group", ENGLISH)
def test_no_wcag_violation_in_dark_mode(served_site, tour, group):
    _report(served_site, tour, group, "dark")


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_every_explorer_answers_offline(tour, path):
    """With the network cut off, each explorer's web controls, named for screen readers by
    their labels, move with the keyboard, and each picture shown is the one
    compute()/describe() give for the setting."""
    visited = tour(path)
    expected = EXPLORERS[path.removeprefix("zh_CN/")]
    assert visited.explorers_found == expected, (
        f"{path} shows {visited.explorers_found} explorers with a website version; its notebook {expected}")
    assert visited.explorers == [], "\n".join(visited.explorers)

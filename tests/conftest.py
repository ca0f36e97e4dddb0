"""Shared test settings: hypothesis profiles, the website built once, Chromium, the order of the files.

The environment every test and chapter runs in is set in ../conftest.py, for any pytest run
from the repository's root.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

from benchmarks.page_weight import serve
from tests.browser_pages import CHROMIUM_ARGS, chromium_or_skip
from tools.sitebuild import Site, build_site_once

# Keras calls are eager TensorFlow ops (about a millisecond each), so the default
# deadline would flake; the example budget keeps the whole suite within minutes.
settings.register_profile(
    "book",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile("thorough", parent=settings.get_profile("book"), max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "book"))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The website, built once per test run into a temporary folder.

    Under pytest-xdist every worker's temporary folder lies in the run's own, so the
    workers share one build there (see sitebuild.build_site_once).
    """
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent
    built = build_site_once(run_folder / "site")
    print(f"site build: {built.seconds:.1f} s")
    return built


@pytest.fixture(scope="module")
def served_site(site):
    """(the built site's folder, its URL on 127.0.0.1), served for one test module."""
    assert site.returncode == 0, "the site did not build; see test_site.py"
    with serve(site.html) as url:  # the server the page-weight benchmark uses
        yield site.html, url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (skipped with a hint where missing)."""
    executable = chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# The files that take longest, in the order they start. pytest-xdist hands whole files to
# its two processes in the order collected (--no-loadscope-reorder in pyproject.toml), so
# these start at once and neither process is left running a long one alone at the end.
LONGEST_FIRST = [
    "tests/test_pages.py",  # every page in Chromium, audited in light and dark mode, explorers moved
    "book/choosing_a_loss.ipynb",  # trains the nine experiments
    "tests/test_coursework.py",  # grades every assignment
    "tests/test_explorer_contract.py",
    "tests/test_editions.py",
    "tests/test_experiments.py",
]


def pytest_collection_modifyitems(config, items):
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}
    # Stable: every file keeps its tests (a notebook its cells) in their order.
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


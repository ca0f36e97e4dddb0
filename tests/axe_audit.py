"""axe-core's audit of every page of the website: WCAG 2.0 and 2.1, levels A and AA.

Each page is opened in headless Chromium (network cut off, see browser_pages.py) twice,
once with the reader's system in light mode and once in dark mode, which the site
follows. axe-core (``node_modules/axe-core``, pinned in package-lock.json and installed
by ``npm ci``; never from a CDN) then checks it with the rules of those levels: every
control has a name a screen reader reads, every text enough contrast against what is
behind it, every picture its alt text. Any violation fails the test.

The two modes are two test files (test_accessibility_light.py, _dark.py), so that the
two pytest-xdist workers, which take whole files, share the audit.
"""

from __future__ import annotations

import os
import pathlib

import pytest

from tests.browser_pages import PageVisit, redirect_target, site_pages

AXE = pathlib.Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOWN_NODES = 4  # per violation in the report; the count says how many there are

RUN_AXE = """async tags => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                            resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, help: v.help, count: v.nodes.length,
        nodes: v.nodes.map(n => `${n.target.join(' ')}: ${(n.failureSummary || '').slice(0, 240)}`),
    }));
}"""


def axe_script() -> pathlib.Path:
    """axe-core's script; a skip with the hint where npm ci has not run (a failure in CI)."""
    if AXE.is_file():
        return AXE
    hint = f"no axe-core at {AXE}: run `npm ci` in the repository's root"
    if os.environ.get("CI") == "true":
        pytest.fail(hint)
    pytest.skip(hint)


def axe_violations(page, script: pathlib.Path) -> list[str]:
    """One line per violated rule of the page, with the first elements that violate it."""
    page.add_script_tag(path=str(script))
    lines = []
    for violation in page.evaluate(RUN_AXE, WCAG_TAGS):
        lines.append(f"{violation['id']} ({violation['count']} elements): {violation['help']}")
        lines += [f"    {node}" for node in violation["nodes"][:SHOWN_NODES]]
    return lines


def audit_every_page(browser, served_site, scheme: str) -> None:
    """Fails with every violation axe-core finds on any page in ``scheme`` ('light' or 'dark')."""
    script = axe_script()
    html_dir, base_url = served_site
    pages = site_pages(html_dir)
    assert pages, "the site has no pages"
    report = {}
    for path in pages:
        visit = PageVisit(browser, base_url, path, redirect_to=redirect_target(html_dir / path),
                          color_scheme=scheme)
        try:
            theme = visit.page.evaluate("() => document.documentElement.dataset.theme")
            assert theme == scheme, f"{path}: the page shows the {theme} theme, not the {scheme} one"
            # The theme fades some colours in as the page opens (CSS transitions of 0.15 s):
            # contrast is checked on the colours a reader then sees.
            visit.page.wait_for_function(
                "() => document.getAnimations().every(a => a.playState !== 'running')")
            problems = axe_violations(visit.page, script)
        finally:
            visit.close()
        if problems:
            report[path] = problems
    assert not report, f"{len(report)} of {len(pages)} pages in {scheme} mode:\n" + "\n".join(
        f"{page}:\n  " + "\n  ".join(lines) for page, lines in report.items())

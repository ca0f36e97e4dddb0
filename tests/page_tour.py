"""One visit to a page of the website, checking what a reader's browser should find there.

The page is opened in headless Chromium with the network cut off (browser_pages.py), with
the reader's system in light mode, and checked three ways in that one visit (opening a
large page costs more than any check but one):

- **offline**: no console or page error and no request for a missing local file; the
  content does not move as the page opens (layout shift at most 0.1); every
  formula arrives drawn (SVG made when the site is built) with its MathML; no saved widget
  is left for a widget manager the site does not load; every image loads (each scrolled
  into view first, as figures load lazily) with an alt text that says what it shows;
- **light**: axe-core finds no violation of WCAG 2.0 or 2.1, levels A and AA: every control
  has a name a screen reader reads, every text enough contrast against what is behind it,
  every picture its alt text;
- **dark**: the reader's system then switches to dark mode, which the site follows, and
  axe-core checks the colour rules again (the rest of the page is the same);
- **explorers**, on a chapter's page: each explorer is moved with the keyboard before the
  audit, and shows the picture its Python code gives for every setting (explorer_moves.py);
  anything the moves write to the console counts as offline.

axe-core is ``node_modules/axe-core`` (pinned in package-lock.json, installed by ``npm ci``;
never from a CDN). test_pages.py runs a visit for every page of the site.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib

import pytest

from tests.browser_pages import PageVisit, reader_window, redirect_target
from tests.explorer_moves import move_every_explorer

AXE = pathlib.Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The WCAG rules that depend on colours: all that can change between light and dark mode.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SHOWN_NODES = 4  # per violation in the report; the count says how many there are
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
DESKTOP = {"width": 1350, "height": 940}  # the window of Lighthouse's desktop preset
# Web Vitals' bound for a "good" Cumulative Layout Shift, here for the whole visit so far.
MAX_LAYOUT_SHIFT = 0.1
MIN_ALT_WORDS = 4  # for figures in the text: "figure" or a file name says nothing; a sentence does

RUN_AXE = """async ([tags, rules]) => {
    const only = rules ? {type: 'rule', values: rules} : {type: 'tag', values: tags};
    const result = await axe.run(document, {runOnly: only, resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, help: v.help, count: v.nodes.length,
        nodes: v.nodes.map(n => `${n.target.join(' ')}: ${(n.failureSummary || '').slice(0, 240)}`),
    }));
}"""

# The theme fades some colours in as the page opens or changes mode (CSS transitions of
# 0.15 s): contrast is checked on the colours a reader then sees.
NOTHING_MOVING = "() => document.getAnimations().every(a => a.playState !== 'running')"


@dataclasses.dataclass
class Tour:
    """What one visit found wrong with a page, by check; empty lists mean nothing, None
    that the check was not run on this page."""

    offline: list[str]
    light: list[str] | None
    dark: list[str] | None
    explorers: list[str] | None = None
    explorers_found: int = 0  # explorers on the page with a website version


def axe_script() -> pathlib.Path:
    """axe-core's script; a skip with the hint where npm ci has not run (a failure in CI)."""
    if AXE.is_file():
        return AXE
    hint = f"no axe-core at {AXE}: run `npm ci` in the repository's root"
    if os.environ.get("CI") == "true":
        pytest.fail(hint)
    pytest.skip(hint)


def tour_window(browser):
    """The window the tours open their pages in, one after another: a desktop's, light mode."""
    return reader_window(browser, color_scheme="light", viewport=DESKTOP)


def tour_page(window, html_dir: pathlib.Path, base_url: str, path: str,
              modes: tuple[str, ...] = ("light", "dark"), explorer_keys: tuple[str, ...] = ()) -> Tour:
    """Opens ``path`` once in a new tab of ``window`` (:func:`tour_window`) and runs the offline
    checks on it, moves its explorers with ``explorer_keys`` (none: not moved), and runs
    axe-core in ``modes``."""
    axe = axe_script()
    visit = PageVisit(window.browser, base_url, path, redirect_to=redirect_target(html_dir / path),
                      window=window)
    try:
        page = visit.page
        offline = _math_problems(page) + _widget_problems(page) + _image_problems(page)
        page.wait_for_timeout(300)  # let late console errors arrive
        shift = visit.layout_shift()  # before the explorers move: the page as it opened
        found, explorers = 0, None
        if explorer_keys:
            found, explorers = move_every_explorer(page, explorer_keys)
            page.wait_for_timeout(300)  # and those of the moves
        # Taken before axe-core runs: it fetches the stylesheets a stylesheet imports, and
        # resolves theme.css's "../basic.css" from the page, not from the stylesheet (a 404
        # no reader's browser asks for).
        offline = visit.problems + offline
        if shift > MAX_LAYOUT_SHIFT:
            offline.append(f"content moved as the page opened: layout shift {shift:.3f}, "
                           f"more than {MAX_LAYOUT_SHIFT}")
        page.add_script_tag(path=str(axe))
        light = _axe_in_mode(page, "light", rules=None) if "light" in modes else None
        dark = None
        if "dark" in modes:
            page.emulate_media(color_scheme="dark")
            dark = _axe_in_mode(page, "dark", rules=COLOUR_RULES)
        return Tour(offline=offline, light=light, dark=dark, explorers=explorers, explorers_found=found)
    finally:
        visit.close()


# ------------------------------------------------------------------ offline


def _math_problems(page) -> list[str]:
    """Formulas that do not show as drawn: each arrives as SVG (book/_ext/svg_math.py), with
    a size once shown, every glyph it uses found on the page, and its MathML for screen
    readers. Formulas in a collapsed block (a solution not opened) have no box yet."""
    return page.evaluate(
        """() => {
            const problems = [];
            for (const el of document.querySelectorAll('span.math, div.math')) {
                const svg = el.querySelector('mjx-container > svg');
                const text = el.textContent.trim().slice(0, 60);
                if (!svg || !el.querySelector('mjx-assistive-mml > math')) {
                    problems.push(`formula not drawn: ${text}`);
                    continue;
                }
                const box = svg.getBoundingClientRect();
                if (el.getClientRects().length && (box.width < 1 || box.height < 1)) {
                    problems.push(`formula drawn with no size: ${text}`);
                }
                for (const use of svg.querySelectorAll('use')) {
                    const id = (use.getAttribute('xlink:href') || use.getAttribute('href')).slice(1);
                    if (!document.getElementById(id)) problems.push(`glyph ${id} missing: ${text}`);
                }
            }
            return problems;
        }"""
    )


def _widget_problems(page) -> list[str]:
    """Saved widget views: the site has no widget manager (see _config.yml) to show them."""
    views = page.locator(f'script[type="{WIDGET_VIEW}"]').count()
    return [f"{views} saved widget views that nothing renders"] if views else []


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


# ------------------------------------------------------------------ axe-core


def _axe_in_mode(page, scheme: str, rules: list[str] | None) -> list[str]:
    """axe-core's violations once the page shows ``scheme``: every WCAG A/AA rule, or ``rules``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"() => document.documentElement.dataset.theme === '{scheme}'",
                               timeout=5000)
    except PlaywrightTimeout:
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        return [f"the page shows the {theme} theme with the reader's system in {scheme} mode"]
    page.wait_for_function(NOTHING_MOVING)
    lines = []
    for violation in page.evaluate(RUN_AXE, [WCAG_TAGS, rules]):
        lines.append(f"{violation['id']} ({violation['count']} elements): {violation['help']}")
        lines += [f"    {node}" for node in violation["nodes"][:SHOWN_NODES]]
    return lines

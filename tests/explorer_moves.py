"""Moving every explorer on a page of the website with the keyboard, as a reader would.

Each web control of an explorer (a range input per slider, lossutils/explorers/web_frames.py)
is focused and moved with keys; every picture then in view must be the one the explorer's own
``compute()`` and ``describe()`` give for the setting it claims: its alt text and caption,
each control's readout and spoken value. page_tour.py does this on the pages test_pages.py
visits, in the same visit as the page's other checks.
"""

from __future__ import annotations

import functools
import json
import pathlib
import re

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


@functools.cache
def _explorer_made_by(code: str):
    """The explorer that ``code``, the call a chapter made (``EntropyExplorer(...)``), makes;
    made once for both editions, as making one draws its first picture."""
    import lossutils.explorers

    return eval(code, vars(lossutils.explorers))


def explorer_problems(page, box, keys: tuple[str, ...] = EXPLORER_KEYS) -> list[str]:
    """Moves each web control of one explorer with the keyboard and checks every picture it shows
    against what the explorer's own ``compute()`` and ``describe()`` give for that setting."""
    import ipywidgets

    from lossutils.explorers import web_frames

    code = box.locator(".lossutils-web-note").get_attribute("data-explorer")
    explorer = _explorer_made_by(code)
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


def move_every_explorer(page, keys: tuple[str, ...]) -> tuple[int, list[str]]:
    """Moves each explorer on ``page`` with ``keys``: (how many explorers, what went wrong)."""
    boxes = page.locator(".lossutils-web-explorer")
    count = boxes.count()
    return count, [problem for i in range(count) for problem in explorer_problems(page, boxes.nth(i), keys)]

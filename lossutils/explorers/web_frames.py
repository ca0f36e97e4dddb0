"""The website's version of an explorer: pictures drawn in advance, switched in the browser.

A page of the static website has no Python behind it, so a slider there cannot
ask for a new picture. So when a chapter is refreshed for the website
(``tools/refresh_notebooks.py`` sets ``LOSSUTILS_WEB_FRAMES=1``), each explorer
draws its figure at every stop of a few *web controls*, with the same
``update()`` and ``describe()`` that Jupyter uses, and its cell shows one HTML
fragment (:class:`~lossutils.explorers.web_frames.WebExplorer`):

- each web control is a range input, labelled like the live slider, whose
  positions are the stops of one of the explorer's sliders (the others stay
  where they are);
- each picture, with its caption, carries the positions it belongs to
  (``data-stops``); the one the explorer starts at is shown, the others hidden.

The website's ``explorers.js`` (book/_static) shows the picture of the positions
the inputs are at; its pictures are served as files (book/_ext/explorer_frames.py).
No loss is written again in JavaScript: the browser only chooses among pictures
that the tested Python code drew. The page says which controls it offers and
with how many stops; Jupyter keeps the full explorer. Where no such script runs
(a notebook opened without running it), the controls stay hidden and the
picture the explorer starts at shows.
"""

from __future__ import annotations

import contextlib
import html
import io
import itertools
import json
import math
import os
from collections.abc import Sequence
from typing import Any

from ..plotting import RC_PARAMS
from .picture import picture_html

__all__ = [
    "WEB_FRAMES_VARIABLE",
    "web_frames_requested",
    "evenly_spaced_stops",
    "stops_including",
    "web_explorer",
    "WebExplorer",
]

#: The environment variable that asks ``widget()`` for the website's version
#: (``tools/refresh_notebooks.py`` sets it to ``"1"``).
WEB_FRAMES_VARIABLE = "LOSSUTILS_WEB_FRAMES"
#: Colours of a web picture: plots are flat colours and anti-aliased edges, which
#: 64 colours keep sharp at a third of the size of a full-colour PNG.
WEB_COLORS = 64


def web_frames_requested() -> bool:
    """Whether this process renders the website's version of the explorers.
    """
    return os.environ.get(WEB_FRAMES_VARIABLE) == "1"


def evenly_spaced_stops(control, count: int) -> list:
    """About ``count`` values of a slider, evenly spaced from its min to its max, plus its value.

    A menu (Dropdown, ToggleButtons) offers each of its options.
    """
    options = getattr(control, "options", None)
    if options is not None:
        return [option[1] if isinstance(option, tuple) else option for option in options]
    low, high, step = control.min, control.max, control.step
    steps = round((high - low) / step)
    stride = max(1, math.ceil(steps / (count - 1)))
    grid = [low + i * step for i in range(0, steps + 1, stride)]
    if grid[-1] != high:
        grid.append(high)
    values = sorted({_round_to_step(v, step) for v in [*grid, control.value]})
    return [int(v) if isinstance(control.value, int) else v for v in values]


def stops_including(stops: Sequence, value) -> list:
    """``stops`` and ``value``, sorted: a web control always offers the setting it starts at.
    """
    return sorted({*stops, value})


def stops_by_name(controls: dict[str, Any], stops_by_label: dict[str, Sequence]) -> dict[str, list]:
    """Stops given by slider label (as a chapter writes them), keyed by control name.

    Each control's current value is added to its stops.
    """
    names = {control.description: name for name, control in controls.items()}
    unknown = sorted(set(stops_by_label) - set(names))
    if unknown:
        raise ValueError(f"`web_stops` names {unknown}, which are not sliders here; "
                         f"expected some of {sorted(names)}.")
    return {names[label]: stops_including(stops, controls[names[label]].value)
            for label, stops in stops_by_label.items()}


def _round_to_step(value: float, step: float) -> float:
    """``value`` with the decimals of ``step`` (0.1 * 3 is 0.30000000000000004, not 0.3)."""
    return round(value, _decimals(step))


def _decimals(step: float) -> int:
    text = f"{step:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _label(value, step) -> str:
    """A stop as the live slider's readout writes it."""
    if isinstance(value, int) or step is None:
        return str(value)
    return f"{value:.{_decimals(step)}f}"


def web_png(fig) -> bytes:
    """What the canvas holds now, as a compact PNG with a palette of :data:`WEB_COLORS` colours."""
    from PIL import Image  # a dependency of matplotlib

    rgba = Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba())
    compact = io.BytesIO()
    rgba.convert("RGB").quantize(colors=WEB_COLORS, method=Image.Quantize.FASTOCTREE).save(
        compact, format="png", optimize=True)
    return compact.getvalue()


@contextlib.contextmanager
def _drawn_sharp(fig):
    """Draws ``fig`` at ``savefig.dpi`` meanwhile (sharp on high-density screens), then as before.

    Rendering the canvas at that resolution and encoding its pixels costs a
    fraction of a ``savefig`` per picture; the layout, frozen in figure
    fractions, scales with it.
    """
    screen_dpi = fig.dpi
    fig.set_dpi(RC_PARAMS["savefig.dpi"])
    fig.canvas.draw()
    try:
        yield
    finally:
        fig.set_dpi(screen_dpi)
        fig.canvas.draw()


class WebExplorer:
    """An explorer's website version: displays as its HTML, and in plain text as the call
    that made it (e.g. ``EntropyExplorer(weights=(26, 4)).widget()``).

    Attributes:
        html: the fragment (web controls, note, pictures).
        stops: the stops of each web control, by control name, in the order of the controls.
    """

    def __init__(self, html_text: str, text: str, stops: dict[str, list]) -> None:
        self.html, self._text, self.stops = html_text, text, stops

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self._text


def web_explorer(explorer, controls: dict[str, Any], web_stops: dict[str, Sequence]) -> WebExplorer:
    """The website's version of ``explorer``: web controls, a note, and the pictures.

    Args:
        explorer: the explorer, at the setting its live controls show.
        controls: the live controls by name, as ``explorer._controls`` made them.
        web_stops: for each control the website offers, the values of its stops
            (each includes the control's current value).

    Returns:
        A :class:`WebExplorer`; the explorer is left at the setting it started at.
    """
    start = {name: control.value for name, control in controls.items()}
    unknown = sorted(set(web_stops) - set(controls))
    if unknown:
        raise ValueError(f"web stops for {unknown}, which are not controls of {type(explorer).__name__}.")
    levels = [(name, list(web_stops[name])) for name in controls if name in web_stops]  # live order
    for name, stops in levels:
        if start[name] not in stops:
            raise ValueError(f"the web stops of `{name}` must include its value {start[name]!r}.")
    first = tuple(stops.index(start[name]) for name, stops in levels)

    def setting(at: tuple) -> dict:  # the control values at these positions of the web controls
        return {**start, **{name: stops[i] for (name, stops), i in zip(levels, at, strict=True)}}

    with _drawn_sharp(explorer.fig):
        frames = [_frame(explorer, setting(at), at, shown=at == first)
                  for at in itertools.product(*(range(len(stops)) for _, stops in levels))]
    explorer.update(**explorer._params_from_controls(start))  # back to where Jupyter starts
    inputs = "".join(_web_control(controls[name], stops, i)
                     for (name, stops), i in zip(levels, first, strict=True))
    fragment = (f'<div class="lossutils-web-explorer">'
                f'<div class="lossutils-web-controls" hidden>{inputs}</div>'
                f'{_note(explorer, controls, web_stops, start)}'
                f'<div class="lossutils-web-frames">{"".join(frames)}</div></div>')
    return WebExplorer(fragment, f"{explorer!r}.widget()", dict(levels))


def _web_control(live, stops: list, position: int) -> str:
    """A range input over the positions of ``stops``, named by the live control's label, its
    readout (and what a screen reader says) the stop's value as the live control writes it."""
    labels = _stop_labels(live, stops)
    escaped = html.escape(json.dumps(labels), quote=True)
    label = html.escape(live.description)
    return (f'<div class="lossutils-web-control"><label>{label} '
            f'<input type="range" min="0" max="{len(stops) - 1}" step="1" value="{position}" '
            f'data-labels="{escaped}" aria-valuetext="{html.escape(labels[position], quote=True)}">'
            f'</label><output aria-hidden="true">{html.escape(labels[position])}</output></div>')


def _stop_labels(live, stops: list) -> list[str]:
    step = getattr(live, "step", None)
    return [_label(v, step) for v in stops] if step is not None else _menu_labels(live, stops)


def _menu_labels(control, stops) -> list[str]:
    names = {option[1]: option[0] for option in control.options if isinstance(option, tuple)}
    return [str(names.get(v, v)) for v in stops]


def _frame(explorer, values: dict, at: tuple, shown: bool) -> str:
    """One picture: the explorer redrawn for ``values`` (of its controls), with its caption.

    ``data-stops`` holds the positions of the web controls it belongs to; ``data-setting``
    records the control values, so a test can check the picture a page shows against
    ``describe()`` for the setting its controls show.
    """
    setting = html.escape(json.dumps(values, sort_keys=True), quote=True)
    try:
        reading = explorer.update(**explorer._params_from_controls(values))
    except ValueError as err:  # e.g. every count at 0: the same message as in Jupyter
        content = f'<p data-setting="{setting}">{html.escape(str(err))}</p>'
    else:
        content = picture_html(explorer.fig, explorer.describe(reading), web_png(explorer.fig),
                               f' data-setting="{setting}"')
    hidden = "" if shown else " hidden"
    return f'<div class="lossutils-frame" data-stops="{",".join(map(str, at))}"{hidden}>{content}</div>'


def _note(explorer, controls, web_stops, start) -> str:
    """What the website's version offers, compared with the notebook's."""
    frames = math.prod(len(stops) for stops in web_stops.values())
    moving = [f"{controls[name].description} ({len(stops)} stops)" for name, stops in web_stops.items()]
    fixed = [f"{control.description} stays at {_shown(control, start[name])}"
             for name, control in controls.items() if name not in web_stops]
    parts = [f"On this page the explorer shows {frames} pictures drawn in advance:",
             f"you can move {_and(moving)}"]
    if fixed:
        parts[-1] += f", while {_and(fixed)}"
    text = (" ".join(parts) + ". Open the chapter as a notebook (the launch button at the top) "
            "to move every control freely.")
    # Where explorers.js runs (the website), it shows the first note and hides the second.
    return (f'<p class="lossutils-web-note" data-explorer="{html.escape(repr(explorer), quote=True)}" '
            f"hidden><small>{html.escape(text)}</small></p>"
            f'<p class="lossutils-notebook-note"><small>The explorer as it starts. Run this cell to '
            f"move its sliders.</small></p>")


def _shown(control, value) -> str:
    if getattr(control, "options", None) is not None:
        return _menu_labels(control, [value])[0]
    return _label(value, getattr(control, "step", None))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def product_size(web_stops: dict[str, Sequence]) -> int:
    """How many pictures ``web_stops`` asks for."""
    return math.prod(len(stops) for stops in web_stops.values())

"""The baseline of the explorer benchmarks: a new figure per slider change, as most notebooks draw.

A notebook without explorers redraws with ``ipywidgets.interactive`` (or ``interact``):
a function builds a new figure for the slider's value and renders it to PNG, as the
inline backend does. Here that function builds a new explorer of the same class (its
figure built and laid out) with the parameters the explorer's own widget gives for
that value, and renders it with ``savefig`` at the figure's dpi, as the inline backend
renders a figure a cell shows.

Which parameters a slider value gives is learnt the way a reader would find out:
moving the slider of a template explorer's ``widget()`` and reading its ``params``.
That is done before the timing (``learn``), so only the new figure is timed.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from benchmarks.explorer_cases import ExplorerCase, slider_named, sliders


def explorer_class(name: str) -> type:
    """The explorer class ``lossutils.explorers`` exports under ``name``."""
    import lossutils.explorers

    return getattr(lossutils.explorers, name)


def step_index(slider, value: float) -> int:
    """How many steps ``value`` lies above the slider's minimum (the front end sends values
    on that grid, give or take a rounding error)."""
    return round((value - slider.min) / slider.step)


def slider_like(slider):
    """A new slider of the same kind, range, step, value and label, observed by nothing."""
    return type(slider)(value=slider.value, min=slider.min, max=slider.max, step=slider.step,
                        description=slider.description, continuous_update=slider.continuous_update)


class NewFigures:
    """New explorers of one class for values of one slider of ``widget()`` (the case's)."""

    def __init__(self, cls: type, case: ExplorerCase):
        self.cls, self.case = cls, case
        self._template = cls(**case.init)
        self.slider = slider_named(sliders(self._template.widget(web=False)), case)
        self.start = self.slider.value
        self._params: dict[int, dict[str, Any]] = {}

    def learn(self, values: Iterable[float]) -> None:
        """Moves the template's slider to each value and keeps the parameters it gives."""
        for value in values:
            self.params_for(value)
        self.slider.value = self.start

    def params_for(self, value: float) -> dict[str, Any]:
        """The parameters the explorer's widget gives for the slider at ``value``."""
        key = step_index(self.slider, value)
        if key not in self._params:
            self.slider.value = value
            self._params[key] = dict(self._template.params)
        return self._params[key]

    def values_near_start(self, steps: int) -> list[float]:
        """The slider's values within ``steps`` steps of where it starts, in its range."""
        first = step_index(self.slider, self.start)
        last = step_index(self.slider, self.slider.max)
        kind = type(self.slider.value)
        return [kind(self.slider.min + k * self.slider.step)
                for k in range(max(0, first - steps), min(last, first + steps) + 1)]

    def png(self, value: float) -> bytes:
        """A new explorer for the slider at ``value``, its figure rendered to PNG."""
        fig = self.cls(**{**self.case.init, **self.params_for(value)}).fig
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=fig.dpi)
        return buffer.getvalue()

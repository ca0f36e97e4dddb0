"""Pieces of figures shared by the explorers and their static figures.

A second y-axis in nats beside one in bits, bars of a probability vector with their values
printed on top, and a marker that stays inside its axes when its value runs off the top.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["add_nats_axis", "probability_bars", "set_probability_bars", "set_clamped_marker"]


def add_nats_axis(ax, quantity: str) -> None:
    """A second y-axis on the right reading the same heights (in bits) in nats."""
    secondary = ax.secondary_yaxis(
        "right", functions=(lambda b: b * math.log(2), lambda n: n / math.log(2))
    )
    secondary.set_ylabel(f"{quantity} (nats)")


def probability_bars(ax, labels: Sequence[str], colors: Sequence[str], fontsize: float = 9,
                     boxed: bool = True):
    """Empty bars, one per label, with a value label over each; returns ``(bars, texts)``.

    The y-axis runs from 0 to 1.15, leaving room for the values over a bar of 1.
    ``boxed`` puts each value on a white box, which keeps it readable where it
    crosses a reference line (and costs a little time per redraw).
    Fill them with :func:`set_probability_bars`.
    """
    positions = np.arange(len(labels))
    bars = ax.bar(positions, np.zeros(len(labels)), color=colors, width=0.62)
    box = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"} if boxed else None
    texts = [ax.text(i, 0.0, "", ha="center", va="bottom", fontsize=fontsize, bbox=box)
             for i in positions]
    ax.set_xticks(positions, labels)
    ax.set_ylim(0, 1.15)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.grid(axis="x", visible=False)
    return list(bars), texts


def set_probability_bars(bars, texts, probabilities, digits: int = 3) -> None:
    """Sets each bar's height to its probability and prints it on top.

    A value stands on the height it prints (``digits`` decimals), less than a
    pixel from the bar's exact top, so that a value that does not change does
    not move either, and an explorer's fast redraw reuses it instead of
    drawing its text again (only a changed text is marked stale).
    """
    for bar, text, p in zip(bars, texts, probabilities, strict=True):
        bar.set_height(p)
        shown = f"{p:.{digits}f}"
        y = float(shown) + 0.015
        if text.get_position()[1] != y:
            text.set_y(y)
        text.set_text(shown)


def set_clamped_marker(marker, x: float, y: float, top: float) -> None:
    """Puts ``marker`` at ``(x, y)``, or at the top edge as a "^" when ``y > top``.

    A value off the chart stays visible (and inside the axes, as blitting needs),
    pointing up to say "more than this".
    """
    off_chart = y > top
    marker.set_data([x], [top if off_chart else y])
    marker.set_marker("^" if off_chart else "o")

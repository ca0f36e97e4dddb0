"""Pieces of figures shared by the explorers and their static figures.

A second y-axis in nats beside one in bits, bars of a probability vector (with their values
printed on top in a static figure; an explorer's caption says them), and a marker that stays
inside its axes when its value runs off the top.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["add_nats_axis", "probability_bars", "print_bar_values", "set_clamped_marker"]


def add_nats_axis(ax, quantity: str) -> None:
    """A second y-axis on the right reading the same heights (in bits) in nats."""
    secondary = ax.secondary_yaxis(
        "right", functions=(lambda b: b * math.log(2), lambda n: n / math.log(2))
    )
    secondary.set_ylabel(f"{quantity} (nats)")


def probability_bars(ax, labels: Sequence[str], colors: Sequence[str], probabilities=None):
    """Bars of a probability vector, one per label; returns their ``BarContainer``.

    Without ``probabilities`` the bars start at height 0, for an explorer to set.
    The y-axis runs from 0 to 1.15, which leaves room for a value over a bar of 1
    (see :func:`print_bar_values`).
    """
    positions = np.arange(len(labels))
    heights = np.zeros(len(labels)) if probabilities is None else probabilities
    bars = ax.bar(positions, heights, color=colors, width=0.62)
    ax.set_xticks(positions, labels)
    ax.set_ylim(0, 1.15)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.grid(axis="x", visible=False)
    return bars


def print_bar_values(ax, bars, digits: int = 3, fontsize: float = 9, boxed: bool = True) -> None:
    """Prints each bar's height over it, with ``digits`` decimals (for a static figure).

    ``boxed`` puts each value on a white box, which keeps it readable where it
    crosses a reference line.
    """
    box = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"} if boxed else None
    ax.bar_label(bars, fmt=f"{{:.{digits}f}}", padding=2, fontsize=fontsize, bbox=box)


def set_clamped_marker(marker, x: float, y: float, top: float) -> None:
    """Puts ``marker`` at ``(x, y)``, or at the top edge as a "^" when ``y > top``.

    A value off the chart stays visible (and inside the axes, as blitting needs),
    pointing up to say "more than this".
    """
    off_chart = y > top
    marker.set_data([x], [top if off_chart else y])
    marker.set_marker("^" if off_chart else "o")

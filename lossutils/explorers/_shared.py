"""Small helpers shared by the explorers and their static figures (private).

Reading the vectors of a small-multiples figure, the "same heights in nats" axis, bars of a probability vector
with their values printed on top, a grid of small multiples, and a marker
that stays inside its axes when its value runs off the top.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .._validation import check_nonempty_sequence
from ..plotting import new_figure

__all__ = [
    "read_sets",
    "two_columns",
    "add_nats_axis",
    "probability_bars",
    "set_probability_bars",
    "panel_grid",
    "set_clamped_marker",
]


def read_sets(sets, name: str, read, names, default_name: str) -> tuple[list, list[str]]:
    """The readings of a small-multiples figure's vectors, and a name for each.

    Args:
        sets: a non-empty sequence of vectors, all of the same length.
        name: the argument's name, for error messages.
        read: turns one vector into a reading with an ``n_classes``.
        names: one name per vector, or None for ``"<default_name> 1"``, ...
        default_name: what one vector is called by default, e.g. ``"container"``.

    Returns:
        ``(readings, names)``.
    """
    check_nonempty_sequence(sets, name, "vectors")
    readings = [read(vector) for vector in sets]
    sizes = [r.n_classes for r in readings]
    if len(set(sizes)) > 1:
        raise ValueError(
            f"`{name}` must all have the same number of outcomes; received lengths {sizes}."
        )
    if names is None:
        return readings, [f"{default_name} {i + 1}" for i in range(len(readings))]
    if len(names) != len(readings):
        raise ValueError(
            f"`names` must have one entry per vector of `{name}` ({len(readings)}); "
            f"received {len(names)}."
        )
    return readings, list(names)


def two_columns(widgets, controls: list):
    """Up to two controls in a column; more in two columns, which keep the figure in view."""
    if len(controls) <= 2:
        return widgets.VBox(controls)
    half = (len(controls) + 1) // 2
    return widgets.HBox([widgets.VBox(controls[:half]), widgets.VBox(controls[half:])])


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


def panel_grid(n_panels: int, title: str | None):
    """A figure of ``n_panels`` small multiples (2 or 3 columns); returns ``(fig, axes)``.

    Cells of the grid beyond ``n_panels`` are hidden and left out of ``axes``.
    """
    ncols = 2 if n_panels <= 4 else 3
    nrows = -(-n_panels // ncols)
    fig, axes = new_figure(nrows, ncols, height=2.8 * nrows, title=title)
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    return fig, axes[:n_panels]


def set_clamped_marker(marker, x: float, y: float, top: float) -> None:
    """Puts ``marker`` at ``(x, y)``, or at the top edge as a "^" when ``y > top``.

    A value off the chart stays visible (and inside the axes, as blitting needs),
    pointing up to say "more than this".
    """
    off_chart = y > top
    marker.set_data([x], [top if off_chart else y])
    marker.set_marker("^" if off_chart else "o")


def check_pairs(values, name: str, what: str) -> list[tuple]:
    """The items of ``values``, a non-empty sequence of pairs (``what`` says of what), as tuples.

    Raises a ``TypeError`` naming ``name`` if it is not a non-empty sequence, and a
    ``ValueError`` if an item is not a pair. The pairs' values are checked by the caller.
    """
    check_nonempty_sequence(values, name, what)
    pairs = []
    for value in values:
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
            raise ValueError(f"`{name}` must hold {what}; received {value!r}.")
        pairs.append((value[0], value[1]))
    return pairs


def legend_below(fig, *axes, ncols: int = 4, fontsize: float = 8) -> None:
    """One figure legend below the panels, of the labelled artists of ``axes`` in order.

    Outside the axes, no moving line passes under it, so an explorer's fast redraw
    (which draws only the changing artists over a cached picture) stays exact.
    """
    handles, labels = [], []
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        handles, labels = handles + h, labels + lab
    fig.legend(handles, labels, loc="outside lower center", ncols=ncols, fontsize=fontsize)

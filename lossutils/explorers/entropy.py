"""The entropy explorer: a container of shapes, its distribution and its entropy.

The learner sets how many shapes of each kind are in a container (any
non-negative numbers work; they are normalised to probabilities). The figure
shows the probabilities as bars and the entropy on axes in bits and nats:

- with two kinds of shape, on the binary entropy curve, where a marker shows
  the current container;
- with three or more kinds, as a stacked bar (each shape's share
  ``p * log2(1/p)`` of the average surprise) under the maximum ``log2 K``.

The caption under the figure gives the probabilities and the entropy in numbers.

Example:

>>> reading = entropy_reading([26, 4])
>>> round(reading.bits, 4), round(reading.nats, 4)
(0.5665, 0.3927)
>>> explorer = EntropyExplorer(weights=[26, 4])
>>> round(explorer.update(weights=[14, 16]).bits, 4)
0.9968
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import information
from .._validation import as_numeric_array, check_fixed_size, check_labels, check_scalar
from ..plotting import BLACK, HIGHLIGHT, REFERENCE, class_colors, label, new_figure
from .base import Explorer, two_columns
from .figure_parts import add_nats_axis, print_bar_values, probability_bars
from .small_multiples import panel_grid, read_sets

__all__ = ["EntropyReading", "entropy_reading", "EntropyExplorer", "entropy_small_multiples"]

#: Default names of the kinds of shape, in order.
SHAPES = ("triangles", "circles", "squares", "stars", "hexagons", "diamonds", "crosses", "hearts")
#: The explorer colours each kind of shape; the palette has this many colours.
MAX_CLASSES = len(SHAPES)


@dataclass(frozen=True)
class EntropyReading:
    """Everything the entropy explorer shows for one distribution.

    Attributes:
        probabilities: ``p``, the weights divided by their sum.
        surprise_bits: ``-log2 p`` for each outcome (``inf`` where ``p = 0``).
        contributions_bits: ``p * -log2 p`` for each outcome (0 where ``p = 0``);
            they add up to ``bits``.
        bits: the entropy in bits (log base 2).
        nats: the entropy in nats (natural log), the unit Keras uses.
        max_bits: ``log2 K``, the entropy of the uniform distribution.
    """

    probabilities: np.ndarray
    surprise_bits: np.ndarray
    contributions_bits: np.ndarray
    bits: float
    nats: float
    max_bits: float

    @property
    def n_classes(self) -> int:
        """The number of outcomes ``K``."""
        return int(self.probabilities.size)


def _weights_array(weights) -> np.ndarray:
    arr = as_numeric_array(weights, "weights")
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(
            "`weights` must be a flat sequence of at least 2 non-negative numbers "
            f"(one per outcome); received shape {arr.shape}."
        )
    arr = arr.astype(np.float64)
    if arr.min() < 0:
        raise ValueError(
            f"`weights` must be non-negative (they are counts or unnormalised "
            f"probabilities); received {arr.min():g} at index {int(arr.argmin())}."
        )
    if arr.sum() <= 0:
        raise ValueError(
            "`weights` must contain at least one positive value; an empty "
            "container has no distribution."
        )
    return arr


def entropy_reading(weights) -> EntropyReading:
    """Normalises ``weights`` to a distribution and measures its entropy.

    Pure NumPy: no figure is involved, so this is what the tests and the
    benchmarks call.

    Args:
        weights: ``K >= 2`` non-negative numbers proportional to the
            probabilities, for example counts of shapes in a container.

    Returns:
        An :class:`EntropyReading`.

    Raises:
        TypeError: ``weights`` is not numeric.
        ValueError: ``weights`` is not a flat sequence of at least two
            non-negative numbers with a positive sum.

    Example:

    >>> r = entropy_reading([1, 1, 1, 1])
    >>> r.probabilities.tolist(), float(r.bits), float(r.max_bits)
    ([0.25, 0.25, 0.25, 0.25], 2.0, 2.0)
    """
    w = _weights_array(weights)
    p = w / w.sum()
    surprise = information.information_content(p, base=2)
    # 0 * inf would be NaN; the limit of p log(1/p) as p -> 0 is 0.
    contributions = p * np.where(p > 0, surprise, 0.0)
    return EntropyReading(
        probabilities=p,
        surprise_bits=surprise,
        contributions_bits=contributions,
        bits=float(information.entropy(p, base=2)),
        nats=float(information.entropy(p)),
        max_bits=math.log2(p.size),
    )


def _entropy_text(reading: EntropyReading) -> str:
    return f"H = {reading.bits:.3f} bits = {reading.nats:.3f} nats"


def _draw_bars(ax, labels, colors, probabilities=None):
    """Bars of the probabilities and a dashed line at the uniform ``1/K``, explained below the axis.

    Returns ``(bars, uniform_line)``; the line is drawn over the bars.
    """
    k = len(labels)
    bars = probability_bars(ax, labels, colors, probabilities)
    uniform_line = ax.axhline(1 / k, color=REFERENCE, linestyle="--", linewidth=1)
    # Below the axis, where no bar can hide it.
    ax.set_xlabel(f"dashed line: uniform, 1/{k} each", color=REFERENCE, fontsize=8)
    return bars, uniform_line


def _binary_curve(ax, first_label: str) -> None:
    grid = np.linspace(0.0, 1.0, 201)
    ax.plot(grid, information.binary_entropy(grid, base=2), color=BLACK, linewidth=1.5)
    ax.axhline(1.0, color=REFERENCE, linestyle="--", linewidth=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.15)
    label(ax, x=f"p = P({first_label})", y="entropy", unit="bits")


class EntropyExplorer(Explorer):
    """Sliders for the contents of a container; bars and entropy update live.

    Args:
        weights: initial non-negative weights, one per kind of shape (2 to 8);
            counts such as ``(26, 4)`` read naturally. Default: container 1 of
            the chapter, 26 triangles and 4 circles.
        labels: names of the kinds of shape (plural nouns read best on the
            sliders). Default: ``"triangles", "circles", ...``.
        max_weight: the largest value a slider offers (at least
            ``max(weights)``).

    ``update(weights=...)`` accepts new weights of the same length.
    ``widget()`` gives one slider per kind of shape.

    Example:

    >>> explorer = EntropyExplorer(weights=(1, 1, 1, 1))
    >>> reading = explorer.update(weights=(8, 4, 2, 2))
    >>> float(reading.bits)
    1.75
    >>> "H = 1.750 bits = 1.213 nats" in explorer.describe(reading)  # the caption under the picture
    True

    Taught in: Entropy (book/entropy.ipynb).
    """

    def __init__(self, weights=(26, 4), *, labels: Sequence[str] | None = None,
                 max_weight: float = 30) -> None:
        w = _weights_array(weights)
        if w.size > MAX_CLASSES:
            raise ValueError(
                f"`weights` may have at most {MAX_CLASSES} entries (one colour per "
                f"shape); received {w.size}."
            )
        check_scalar(max_weight, "max_weight", low=float(w.max()), high=math.inf, include_boundaries="left",
                     expected=f"a finite number of at least max(weights) = {w.max():g}")
        self.labels = check_labels(labels, w.size, SHAPES)
        self.max_weight = max_weight
        self.n_classes = int(w.size)
        super().__init__(weights=tuple(w.tolist()))

    compute = staticmethod(entropy_reading)  # the pure computation behind the figure

    def describe(self, reading: EntropyReading) -> str:
        """The caption and alt text: the probabilities, the shares and the entropy in bits and nats."""
        k = self.n_classes
        shares = ", ".join(f"{name} {p:.3f}"
                           for name, p in zip(self.labels, reading.probabilities, strict=True))
        h = _entropy_text(reading)
        if k == 2:
            right = f"this container on the binary entropy curve, which peaks at 1 bit: {h}"
        else:
            parts = " + ".join(f"{share:.3f}" for share in reading.contributions_bits)
            right = (f"each shape's share p·log2(1/p), {parts} bits, stacked up to {h}; the "
                     f"dashed line is the maximum, log2 {k} = {reading.max_bits:.3g} bits")
        return (f"Left, the probabilities as bars: {shares}; the dashed line is the uniform "
                f"1/{k}. Right, {right}.")

    def _check_params(self, params) -> None:
        k = _weights_array(params["weights"]).size  # TypeError/ValueError name `weights`
        check_fixed_size(k, self.n_classes, "weights", "EntropyExplorer")

    def _build(self, reading: EntropyReading):
        fig, (ax_p, ax_h) = new_figure(
            1, 2, title="Entropy is largest when every shape is equally likely"
        )
        colors = class_colors(self.n_classes)
        self.bars, uniform_line = _draw_bars(ax_p, self.labels, colors)
        label(ax_p, y="probability", title="What is in the container")
        if self.n_classes == 2:
            _binary_curve(ax_h, self.labels[0])
            ax_h.text(0.02, 1.02, "maximum: 1 bit", color=REFERENCE, ha="left",
                      va="bottom", fontsize=8)
            (self.guide,) = ax_h.plot([], [], linestyle=":", color=HIGHLIGHT, linewidth=1.5)
            (self.marker,) = ax_h.plot([], [], "o", color=HIGHLIGHT, zorder=3)
            self.stack = []
            overlays = [self.guide, self.marker]
            ax_h.set_title("Its entropy, on the binary entropy curve")
        else:
            top = reading.max_bits
            self.stack = [
                ax_h.bar(0, 0.0, bottom=0.0, width=0.5, color=color)[0] for color in colors
            ]
            max_line = ax_h.axhline(top, color=REFERENCE, linestyle="--", linewidth=1)
            ax_h.text(0, top * 1.02, f"maximum: log2 {self.n_classes} = {top:.3g} bits",
                      color=REFERENCE, ha="center", va="bottom", fontsize=8)
            ax_h.set_xlim(-0.7, 0.7)
            ax_h.set_ylim(0, top * 1.15)
            ax_h.set_xticks([0], ["H(p)"])
            ax_h.grid(axis="x", visible=False)
            label(ax_h, x="each shape's share: p·log2(1/p)", y="entropy", unit="bits",
                  title="Its entropy, shape by shape")
            self.guide = self.marker = None
            overlays = [*self.stack, max_line]  # the maximum's line drawn over the stack
        add_nats_axis(ax_h, "entropy")
        self.axes = (ax_p, ax_h)
        self.animate(*self.bars, uniform_line, *overlays)  # the uniform line is drawn over the bars
        return fig

    def _show(self, reading: EntropyReading) -> None:
        for bar, p in zip(self.bars, reading.probabilities, strict=True):
            bar.set_height(p)
        if self.marker is not None:
            p = reading.probabilities[0]
            self.marker.set_data([p], [reading.bits])
            self.guide.set_data([p, p], [0.0, reading.bits])
        bottom = 0.0
        for rect, share in zip(self.stack, reading.contributions_bits, strict=False):  # no stack for 2
            rect.set_y(bottom)
            rect.set_height(share)
            bottom += share

    def _controls(self, widgets):
        integral = all(float(w).is_integer() for w in self.params["weights"]) and float(
            self.max_weight
        ).is_integer()
        slider = widgets.IntSlider if integral else widgets.FloatSlider
        step = 1 if integral else self.max_weight / 100
        return {
            f"w{i}": slider(
                value=w, min=0, max=self.max_weight, step=step, description=name,
                continuous_update=True, style={"description_width": "5.5em"},
            )
            for i, (name, w) in enumerate(zip(self.labels, self.params["weights"], strict=True))
        }

    def _params_from_controls(self, values):
        return {"weights": tuple(values[f"w{i}"] for i in range(self.n_classes))}

    def _layout_controls(self, widgets, controls):
        return two_columns(widgets, controls)


def entropy_small_multiples(weight_sets, *, names: Sequence[str] | None = None,
                            labels: Sequence[str] | None = None, title: str | None = None):
    """A static figure of several containers, for readers without a kernel.

    One panel per container (the bars of its distribution, its entropy in the
    title) and a last panel comparing them: on the binary entropy curve when
    there are two kinds of shape, against the maximum ``log2 K`` otherwise.

    Args:
        weight_sets: a sequence of weight vectors, all of the same length K.
        names: a short name per container (default "container 1", ...).
        labels: names of the kinds of shape (default "triangles", ...).
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Example:

    >>> fig = entropy_small_multiples([[26, 4], [14, 16]])
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['container 1\\nH = 0.567 bits = 0.393 nats', 'container 2\\nH = 0.997 bits = 0.691 nats']

    Taught in: Entropy (book/entropy.ipynb).
    """
    readings, names = read_sets(weight_sets, "weight_sets", entropy_reading, names, "container")
    k = readings[0].n_classes
    labels = check_labels(labels, k, SHAPES)
    colors = class_colors(k)

    fig, axes = panel_grid(len(readings) + 1, title)
    for ax, reading, name in zip(axes, readings, names, strict=False):  # the last axes: the summary
        bars, _ = _draw_bars(ax, labels, colors, reading.probabilities)
        print_bar_values(ax, bars)  # no caption says them here
        label(ax, y="probability", title=f"{name}\n{_entropy_text(reading)}")

    summary = axes[len(readings)]
    if k == 2:
        _binary_curve(summary, labels[0])
        for reading, name in zip(readings, names, strict=True):
            p = reading.probabilities[0]
            summary.plot([p], [reading.bits], "o", color=HIGHLIGHT, zorder=3)
            # Below the curve, on the side of the point facing the middle.
            left = p <= 0.5
            summary.annotate(name, (p, reading.bits), textcoords="offset points",
                             xytext=(7 if left else -7, -12), ha="left" if left else "right",
                             fontsize=8)
        summary.set_title("All of them on the binary entropy curve")
    else:
        positions = np.arange(len(readings))
        # Each bar stacks the shapes' shares p*log2(1/p), as in the explorer.
        bottoms = np.zeros(len(readings))
        for i, color in enumerate(colors):
            shares = [r.contributions_bits[i] for r in readings]
            summary.bar(positions, shares, bottom=bottoms, color=color, width=0.55)
            bottoms += shares
        summary.axhline(readings[0].max_bits, color=REFERENCE, linestyle="--", linewidth=1)
        summary.text(-0.4, readings[0].max_bits * 1.02,
                     f"maximum: log2 {k} = {readings[0].max_bits:.3g} bits", color=REFERENCE,
                     ha="left", va="bottom", fontsize=8)
        summary.set_xticks(positions, names)
        summary.set_ylim(0, readings[0].max_bits * 1.15)
        summary.grid(axis="x", visible=False)
        label(summary, y="entropy", unit="bits", title="Their entropies side by side")
    add_nats_axis(summary, "entropy")
    return fig

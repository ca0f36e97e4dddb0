"""The softmax explorer: the logits of K classes and the categorical cross-entropy.

:class:`SoftmaxExplorer`: the learner sets the logits of K classes and picks
the true class. Left, the softmax probabilities as bars (the true class
hatched); right, the loss ``-log p[target]`` on its curve, in bits with nats
on a second axis; the caption under them gives the numbers. Only the true
class's probability matters to the loss.

It has a pure reading function (:func:`softmax_reading`) and a static figure
for readers of the website (:func:`softmax_small_multiples`).

Example (worked example E2, the image classifier):

>>> reading = softmax_reading([3.2, 1.3, 0.2, 0.8], target=0)
>>> reading.probabilities.round(5).tolist()
[0.77515, 0.11594, 0.03859, 0.07032]
>>> round(reading.loss_bits, 4), round(reading.loss_nats, 4)
(0.3675, 0.2547)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import information
from .._validation import as_numeric_array, check_fixed_size, check_labels, check_scalar
from ..plotting import BLACK, HIGHLIGHT, PREDICTION, REFERENCE, TARGET, label, new_figure
from . import web_frames
from .base import Explorer, two_columns
from .figure_parts import add_nats_axis, print_bar_values, probability_bars, set_clamped_marker
from .small_multiples import panel_grid, read_sets

__all__ = [
    "SoftmaxReading",
    "softmax_reading",
    "SoftmaxExplorer",
    "softmax_small_multiples",
]

#: The classes of worked example E2, the image classifier.
ANIMALS = ("dog", "cat", "horse", "cheetah")
#: The fewest and the most classes the softmax explorer draws (one colour each).
MIN_CLASSES, MAX_CLASSES = 2, 8
#: The loss axis of the softmax curve stops here (p = 2**-8); larger losses are
#: shown by a marker at the top edge pointing up.
SOFTMAX_TOP_BITS = 8.0


@dataclass(frozen=True)
class SoftmaxReading:
    """Everything the softmax explorer shows for one set of logits and a true class.

    Attributes:
        logits: the raw scores ``z`` (float64).
        probabilities: ``softmax(z)``; they sum to 1.
        target: the index of the true class.
        loss_nats: ``-log p[target]``, computed from ``log_softmax(z)`` (stable
            for large logits); what Keras's categorical cross-entropy returns.
        loss_bits: the same loss in bits, ``loss_nats / ln 2``.
        gradient: ``p - one_hot(target)``, the gradient of ``loss_nats`` with
            respect to the logits: it raises the true class's logit and lowers
            the others in proportion to their probability. It sums to 0.
    """

    logits: np.ndarray
    probabilities: np.ndarray
    target: int
    loss_nats: float
    loss_bits: float
    gradient: np.ndarray

    @property
    def n_classes(self) -> int:
        """The number of classes ``K``."""
        return int(self.logits.size)

    @property
    def target_probability(self) -> float:
        """``p[target]``, the only probability the loss looks at."""
        return float(self.probabilities[self.target])


def _logits_array(logits) -> np.ndarray:
    arr = as_numeric_array(logits, "logits")  # TypeError/ValueError name `logits`
    if arr.ndim != 1 or not MIN_CLASSES <= arr.size <= MAX_CLASSES:
        raise ValueError(
            f"`logits` must be a flat sequence of {MIN_CLASSES} to {MAX_CLASSES} finite "
            f"numbers (one raw score per class); received shape {arr.shape}."
        )
    return arr.astype(np.float64)


def _target_index(target, n_classes: int) -> int:
    return check_scalar(target, "target", "int", low=0, high=n_classes - 1,
                        expected=f"the int index of the true class, in [0, {n_classes - 1}]")


def softmax_reading(logits, target) -> SoftmaxReading:
    """Softmax probabilities of ``logits`` and the cross-entropy for class ``target``.

    Pure NumPy in float64: no figure is involved.

    Args:
        logits: 2 to 8 finite raw scores, one per class.
        target: the int index of the true class, in ``[0, K - 1]``.

    Returns:
        A :class:`SoftmaxReading`.

    Raises:
        TypeError: ``logits`` is not numeric, or ``target`` is not an int.
        ValueError: ``logits`` is not a flat sequence of 2 to 8 finite numbers,
            or ``target`` is not a class index.

    Example:

    >>> r = softmax_reading([0.0, 0.0], target=1)
    >>> r.probabilities.tolist(), float(r.loss_bits), r.gradient.tolist()
    ([0.5, 0.5], 1.0, [0.5, -0.5])
    """
    z = _logits_array(logits)
    target = _target_index(target, z.size)
    log_p = information.log_softmax(z)
    p = np.exp(log_p)
    loss_nats = float(-log_p[target]) + 0.0  # + 0.0 turns -0. into 0.
    gradient = p.copy()
    gradient[target] -= 1.0
    return SoftmaxReading(
        logits=z,
        probabilities=p,
        target=target,
        loss_nats=loss_nats,
        loss_bits=loss_nats / math.log(2),
        gradient=gradient,
    )


def _loss_text(reading: SoftmaxReading) -> str:
    return f"{reading.loss_bits:.3f} bits = {reading.loss_nats:.3f} nats"


def _mark_true_class(bars, target: int) -> None:
    """Hatches and outlines the true class's bar (the axis label says what the hatching means)."""
    for i, bar in enumerate(bars):
        is_true = i == target
        bar.set_hatch("//" if is_true else None)
        bar.set_edgecolor(TARGET if is_true else "none")
        bar.set_linewidth(2.0 if is_true else 0.0)


def _default_labels(n_classes: int) -> Sequence[str]:
    return ANIMALS if n_classes == len(ANIMALS) else [str(i) for i in range(n_classes)]


def _digits(n_classes: int) -> int:
    """Decimals of the probabilities: two when many bars share the panel."""
    return 3 if n_classes <= 5 else 2


def _probability_text(p: float, digits: int) -> str:
    """``p`` with ``digits`` decimals, or two significant digits when those would print 0.

    A loss of 11 bits beside "p = 0.000" would puzzle a reader; "p = 0.00035" explains it.
    """
    if 0 < p < 0.5 * 10.0 ** -digits:
        return f"{p:.2g}"
    return f"{p:.{digits}f}"


def _softmax_bars(ax, labels: Sequence[str], probabilities=None):
    """The bar panel of the softmax figures; returns the bars.

    Every bar has the colour of predictions: together they are one predicted
    distribution.
    """
    bars = probability_bars(ax, labels, [PREDICTION] * len(labels), probabilities)
    label(ax, x="class (hatched: the true one)", y="probability")
    return bars


def _surprise_curve(ax, n_classes: int) -> None:
    """The loss ``-log2 p`` against ``p``, with the cost of a uniform guess."""
    grid = np.linspace(2.0 ** -SOFTMAX_TOP_BITS, 1.0, 300)
    ax.plot(grid, -np.log2(grid), color=BLACK, linewidth=1.5)
    uniform = math.log2(n_classes)
    ax.axhline(uniform, color=REFERENCE, linestyle="--", linewidth=1)
    # Over the line on the right, where the curve (p <= 1/K there) never passes.
    ax.text(0.98, uniform + 0.12, f"guessing 1/{n_classes}: {uniform:.3g} bits",
            color=REFERENCE, ha="right", va="bottom", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, SOFTMAX_TOP_BITS + 0.5)
    label(ax, x="p = probability of the true class", y="loss  -log2 p", unit="bits")
    add_nats_axis(ax, "loss")


class SoftmaxExplorer(Explorer):
    """Sliders for the logits of K classes; the softmax bars and the loss update live.

    Args:
        logits: the initial raw scores, one per class (2 to 8), each inside
            ``logit_range``. Default: worked example E2, ``(3.2, 1.3, 0.2, 0.8)``.
        labels: the class names, one per logit. Default: ``dog, cat, horse,
            cheetah`` for four classes, ``0, 1, ...`` otherwise.
        target: the int index of the true class. Default: 0.
        logit_range: ``(low, high)``, the range of the logit sliders.

    ``update(logits=..., target=...)`` accepts logits of the same length and
    any class index. ``widget()`` gives one slider per logit and a menu for
    the true class.

    Example:

    >>> explorer = SoftmaxExplorer()
    >>> "0.367 bits = 0.255 nats" in explorer.describe(explorer.reading)  # the caption's loss
    True
    >>> reading = explorer.update(target=1)  # same logits, the true class is "cat"
    >>> round(reading.loss_bits, 3), explorer.bars[1].get_hatch()
    (3.109, '//')

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """

    def __init__(self, logits=(3.2, 1.3, 0.2, 0.8), *, labels: Sequence[str] | None = None,
                 target: int = 0, logit_range=(-6.0, 6.0)) -> None:
        z = _logits_array(logits)
        self.logit_range = _check_range(logit_range)
        low, high = self.logit_range
        if z.min() < low or z.max() > high:
            raise ValueError(
                f"`logits` must lie inside `logit_range` {self.logit_range}, where the "
                f"sliders can show them; received {z.tolist()}. Widen `logit_range`."
            )
        self.labels = check_labels(labels, z.size, _default_labels(z.size))
        self.n_classes = int(z.size)
        super().__init__(logits=tuple(z.tolist()), target=target)

    compute = staticmethod(softmax_reading)  # the pure computation behind the figure

    def describe(self, reading: SoftmaxReading) -> str:
        """The caption and alt text: the probabilities, the true class and the loss."""
        digits = _digits(self.n_classes)
        shares = ", ".join(f"P({name}) = {_probability_text(p, digits)}"
                           for name, p in zip(self.labels, reading.probabilities, strict=True))
        off_chart = (" (off the top of the chart: the triangle at the top points up)"
                     if reading.loss_bits > SOFTMAX_TOP_BITS else "")
        return (
            f"Left, the softmax of the logits as bars: {shares}; the true class, "
            f"{self.labels[reading.target]}, is hatched. Right, the loss curve -log2 p, marked at "
            f"the true class's probability p = {_probability_text(reading.target_probability, digits)}: "
            f"{_loss_text(reading)}{off_chart}."
        )

    def _check_params(self, params) -> None:
        k = _logits_array(params["logits"]).size  # TypeError/ValueError name `logits`
        check_fixed_size(k, self.n_classes, "logits", "SoftmaxExplorer")

    def _build(self, reading: SoftmaxReading):
        fig, (ax_p, ax_l) = new_figure(
            1, 2, title="The loss looks only at the probability of the true class"
        )
        self.bars = _softmax_bars(ax_p, self.labels)
        ax_p.set_title("Softmax of the logits")
        _surprise_curve(ax_l, self.n_classes)
        ax_l.set_title("The loss of the true class")
        # zorder 3: over the static text of the uniform guess, in a full draw as in a fast one.
        (self.guide,) = ax_l.plot([], [], linestyle=":", color=HIGHLIGHT, linewidth=1.5, zorder=3)
        (self.marker,) = ax_l.plot([], [], "o", color=HIGHLIGHT, zorder=3)
        self.axes = (ax_p, ax_l)
        self.animate(*self.bars, self.guide, self.marker)
        return fig

    def _show(self, reading: SoftmaxReading) -> None:
        for bar, p in zip(self.bars, reading.probabilities, strict=True):
            bar.set_height(p)
        _mark_true_class(self.bars, reading.target)
        p = reading.target_probability
        set_clamped_marker(self.marker, p, reading.loss_bits, SOFTMAX_TOP_BITS)
        self.guide.set_data([p, p], [0.0, min(reading.loss_bits, SOFTMAX_TOP_BITS)])

    def _controls(self, widgets):
        low, high = self.logit_range
        controls = {
            f"z{i}": widgets.FloatSlider(
                value=z, min=low, max=high, step=0.1, description=name,
                continuous_update=True, style={"description_width": "5.5em"},
            )
            for i, (name, z) in enumerate(zip(self.labels, self.params["logits"], strict=True))
        }
        controls["target"] = widgets.Dropdown(
            options=[(name, i) for i, name in enumerate(self.labels)],
            value=self.params["target"], description="true class",
            style={"description_width": "5.5em"},
        )
        return controls

    def _params_from_controls(self, values):
        return {"logits": tuple(values[f"z{i}"] for i in range(self.n_classes)),
                "target": values["target"]}

    def _web_stops(self, controls):
        # The true class's logit, in steps of 1: its probability and the loss move together.
        name = f"z{self.params['target']}"
        return {name: web_frames.evenly_spaced_stops(controls[name], 13)}

    def _layout_controls(self, widgets, controls):
        *sliders, menu = controls
        if len(sliders) <= 2:
            return widgets.VBox([*sliders, menu])
        return widgets.VBox([two_columns(widgets, sliders), menu])


def _check_range(logit_range) -> tuple[float, float]:
    if (isinstance(logit_range, (str, bytes)) or not isinstance(logit_range, Sequence)
            or len(logit_range) != 2):
        raise TypeError(f"`logit_range` must be a pair (low, high); received {logit_range!r}.")
    low, high = (check_scalar(value, f"logit_range[{i}]", low=-math.inf, high=math.inf,
                              include_boundaries="neither", expected="a finite number")
                 for i, value in enumerate(logit_range))
    if not low < high:
        raise ValueError(f"`logit_range` must have low < high; received {logit_range!r}.")
    return low, high


#: Marker shapes of the summary panel, one per set of logits, so each stays recognisable.
SUMMARY_MARKERS = ("o", "s", "D", "v", "P", "X")


def softmax_small_multiples(logit_sets, *, names: Sequence[str] | None = None,
                            labels: Sequence[str] | None = None, target: int = 0,
                            title: str | None = None):
    """A static figure of several sets of logits, for readers without a kernel.

    One panel per set of logits (the softmax probabilities as bars, the true
    class hatched, the loss in bits and nats in the title) and a last panel
    with all of them marked on the loss curve ``-log2 p``.

    Args:
        logit_sets: a sequence of logit vectors, all of the same length K.
        names: a short name per set (default "logits 1", ...).
        labels: the class names (default as in :class:`SoftmaxExplorer`).
        target: the int index of the true class, the same for every set.
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Example:

    >>> fig = softmax_small_multiples([[3.2, 1.3, 0.2, 0.8], [0.0, 0.0, 0.0, 0.0]])
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['logits 1\\nloss = 0.367 bits = 0.255 nats', 'logits 2\\nloss = 2.000 bits = 1.386 nats']

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """
    readings, names = read_sets(logit_sets, "logit_sets", lambda z: softmax_reading(z, target),
                                names, "logits")
    k = readings[0].n_classes
    labels = check_labels(labels, k, _default_labels(k))

    fig, axes = panel_grid(len(readings) + 1, title)
    for ax, reading, name in zip(axes, readings, names, strict=False):  # the last axes: the summary
        bars = _softmax_bars(ax, labels, reading.probabilities)
        # No reference line crosses the values, so they need no box.
        print_bar_values(ax, bars, _digits(k), fontsize=9 if k <= 5 else 7.5, boxed=False)
        _mark_true_class(bars, reading.target)
        ax.set_title(f"{name}\nloss = {_loss_text(reading)}")

    summary = axes[-1]
    _surprise_curve(summary, k)
    # A legend rather than labels beside the points: nearby points would collide.
    for reading, name, shape in zip(readings, names, itertools.cycle(SUMMARY_MARKERS)):
        marker = summary.plot([], [], color=HIGHLIGHT, linestyle="none", zorder=3, label=name)[0]
        set_clamped_marker(marker, reading.target_probability, reading.loss_bits, SOFTMAX_TOP_BITS)
        if reading.loss_bits <= SOFTMAX_TOP_BITS:  # off the chart it stays the "^" of "more"
            marker.set_marker(shape)
    summary.legend(loc="upper right", fontsize=8)
    summary.set_title(f"All of them on the loss curve of {labels[target]}")
    return fig

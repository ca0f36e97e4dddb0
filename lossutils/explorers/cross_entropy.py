"""The cross-entropy explorers: softmax over logits, and binary cross-entropy.

Two explorers for the cross-entropy chapter:

- :class:`SoftmaxExplorer`: the learner sets the logits of K classes and picks
  the true class. Left, the softmax probabilities as bars (the true class
  hatched); right, the loss ``-log p[target]`` on its curve, in bits with nats
  on a second axis. Only the true class's probability matters to the loss.
- :class:`BinaryCrossEntropyExplorer`: the learner sets a target in [0, 1], the
  label smoothing and the prediction ``p``. The figure shows the loss curve over
  ``p`` for the smoothed target (and, faint, without smoothing), the current
  prediction, the best prediction ``p = t'`` and the lowest reachable loss.

Each has a pure reading function (:func:`softmax_reading`,
:func:`binary_crossentropy_reading`) and a static figure for readers of the
website (:func:`softmax_small_multiples`, :func:`binary_crossentropy_curves`).

Example (worked example E2, the image classifier):

>>> reading = softmax_reading([3.2, 1.3, 0.2, 0.8], target=0)
>>> reading.probabilities.round(5).tolist()
[0.77515, 0.11594, 0.03859, 0.07032]
>>> round(reading.loss_bits, 4), round(reading.loss_nats, 4)
(0.3675, 0.2547)
>>> bce = binary_crossentropy_reading(target=1.0, label_smoothing=0.1, prediction=0.8)
>>> round(bce.smoothed_target, 2), round(bce.loss, 4), round(bce.lowest_loss, 4)
(0.95, 0.2925, 0.1985)
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import information, losses
from .._validation import as_numeric_array, check_real_in_range
from ..losses._common import EPSILON
from ..plotting import BLACK, HIGHLIGHT, PREDICTION, REFERENCE, TARGET, class_colors, label, new_figure
from ._shared import (
    add_nats_axis,
    check_fixed_size,
    check_labels,
    check_nonempty_sequence,
    panel_grid,
    probability_bars,
    read_sets,
    set_clamped_marker,
    set_probability_bars,
    two_columns,
)
from .base import Explorer

__all__ = [
    "SoftmaxReading",
    "softmax_reading",
    "SoftmaxExplorer",
    "softmax_small_multiples",
    "BinaryCrossEntropyReading",
    "binary_crossentropy_reading",
    "BinaryCrossEntropyExplorer",
    "binary_crossentropy_curves",
]

#: The classes of worked example E2, the image classifier.
ANIMALS = ("dog", "cat", "horse", "cheetah")
#: The fewest and the most classes the softmax explorer draws (one colour each).
MIN_CLASSES, MAX_CLASSES = 2, 8
#: The loss axis of the softmax curve stops here (p = 2**-8); larger losses are
#: shown by a marker at the top edge pointing up.
SOFTMAX_TOP_BITS = 8.0
#: The loss axis of the binary cross-entropy figures stops a little above this;
#: larger losses are shown by a marker here pointing up.
BCE_TOP_NATS = 5.0
#: The predictions p at which a binary cross-entropy reading evaluates its curve.
BCE_GRID = np.linspace(0.001, 0.999, 400)
BCE_GRID.flags.writeable = False


# --- softmax and the categorical cross-entropy --------------------------------------

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
    if isinstance(target, bool) or not isinstance(target, numbers.Integral):
        raise TypeError(
            f"`target` must be the int index of the true class; received {target!r}."
        )
    if not 0 <= target < n_classes:
        raise ValueError(
            f"`target` must be a class index in [0, {n_classes - 1}]; received {target!r}."
        )
    return int(target)


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


def _softmax_title(reading: SoftmaxReading) -> str:
    return f"loss = {reading.loss_bits:.3f} bits = {reading.loss_nats:.3f} nats"


def _tick_labels(labels: Sequence[str], target: int) -> list[str]:
    return [f"{name}\n(true)" if i == target else name for i, name in enumerate(labels)]


def _mark_true_class(bars, ax, labels: Sequence[str], target: int) -> None:
    """Hatches and outlines the true class's bar and says "(true)" under it."""
    for i, bar in enumerate(bars):
        is_true = i == target
        bar.set_hatch("//" if is_true else None)
        bar.set_edgecolor(TARGET if is_true else "none")
        bar.set_linewidth(2.0 if is_true else 0.0)
    ax.set_xticks(range(len(labels)), _tick_labels(labels, target))


def _default_labels(n_classes: int) -> Sequence[str]:
    return ANIMALS if n_classes == len(ANIMALS) else [str(i) for i in range(n_classes)]


def _digits(n_classes: int) -> int:
    """Decimals of the values over the bars: two when many bars share the panel."""
    return 3 if n_classes <= 5 else 2


def _softmax_bars(ax, labels: Sequence[str]):
    """The bar panel of the softmax figures; returns ``(bars, texts)``.

    Every bar has the colour of predictions: together they are one predicted
    distribution. No reference line crosses the values, so they need no box.
    """
    k = len(labels)
    bars, texts = probability_bars(ax, labels, [PREDICTION] * k, fontsize=9 if k <= 5 else 7.5,
                                   boxed=False)
    for bar in bars:
        # An explicit hatch colour fades with the bar's alpha; matplotlib 3.11's default
        # ("edge") stays opaque on a transparent bar, which would spoil the cached
        # picture of the fast redraw. (Before 3.11 the hatch takes the edge colour,
        # alpha included, and there is no set_hatchcolor.)
        if hasattr(bar, "set_hatchcolor"):
            bar.set_hatchcolor(TARGET)
    label(ax, x="class", y="probability")
    return bars, texts


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
    >>> explorer.title.get_text()
    'loss = 0.367 bits = 0.255 nats'
    >>> reading = explorer.update(target=1)  # same logits, the true class is "cat"
    >>> round(reading.loss_bits, 3), explorer.axes[0].get_xticklabels()[1].get_text()
    (3.109, 'cat\\n(true)')
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
        self._marked_target = None  # the class whose bar is marked as the true one
        super().__init__(logits=tuple(z.tolist()), target=target)

    @staticmethod
    def compute(logits, target) -> SoftmaxReading:
        """The pure computation behind the figure: see :func:`softmax_reading`."""
        return softmax_reading(logits, target)

    def describe(self, reading: SoftmaxReading) -> str:
        """Alt text: the probabilities, the true class and the loss, in words."""
        shares = ", ".join(f"{name} {p:.3f}" for name, p in zip(self.labels, reading.probabilities))
        true = self.labels[reading.target]
        return (
            f"Left: bar chart of the softmax probabilities ({shares}); the true class, {true}, "
            f"is hatched. Right: the loss -log2 p against the true class's probability p, "
            f"marked at p = {reading.target_probability:.3f}, where the loss is "
            f"{reading.loss_bits:.3f} bits ({reading.loss_nats:.3f} nats)."
        )

    def _check_params(self, params) -> None:
        k = _logits_array(params["logits"]).size  # TypeError/ValueError name `logits`
        check_fixed_size(k, self.n_classes, "logits", "SoftmaxExplorer")

    def _build(self, reading: SoftmaxReading):
        fig, (ax_p, ax_l) = new_figure(
            1, 2, title="The loss looks only at the probability of the true class"
        )
        self.bars, self.bar_texts = _softmax_bars(ax_p, self.labels)
        ax_p.set_title("Softmax of the logits")
        _surprise_curve(ax_l, self.n_classes)
        # zorder 3: over the static text of the uniform guess, in a full draw as in a fast one.
        (self.guide,) = ax_l.plot([], [], linestyle=":", color=HIGHLIGHT, linewidth=1.5, zorder=3)
        (self.marker,) = ax_l.plot([], [], "o", color=HIGHLIGHT, zorder=3)
        self.title = ax_l.set_title("")
        self.axes = (ax_p, ax_l)
        spines = [ax.spines[side] for ax in self.axes for side in ("left", "bottom")]
        self._changing = [*self.bars, *self.bar_texts, self.guide, self.marker, *spines, self.title]
        return fig

    def _redraw_artists(self):
        return self._changing

    def _show(self, reading: SoftmaxReading) -> None:
        set_probability_bars(self.bars, self.bar_texts, reading.probabilities, _digits(self.n_classes))
        if reading.target != self._marked_target:
            # The tick labels are outside the cached picture's changing part:
            # a new true class means a new cached picture (one full redraw).
            _mark_true_class(self.bars, self.axes[0], self.labels, reading.target)
            self._marked_target = reading.target
            self._background = None
        p = reading.target_probability
        set_clamped_marker(self.marker, p, reading.loss_bits, SOFTMAX_TOP_BITS)
        self.guide.set_data([p, p], [0.0, min(reading.loss_bits, SOFTMAX_TOP_BITS)])
        self.title.set_text(_softmax_title(reading))

    def _controls(self, widgets):
        low, high = self.logit_range
        controls = {
            f"z{i}": widgets.FloatSlider(
                value=z, min=low, max=high, step=0.1, description=name,
                continuous_update=True, style={"description_width": "5.5em"},
            )
            for i, (name, z) in enumerate(zip(self.labels, self.params["logits"]))
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

    def _layout_controls(self, widgets, controls):
        *sliders, menu = controls
        if len(sliders) <= 2:
            return widgets.VBox([*sliders, menu])
        return widgets.VBox([two_columns(widgets, sliders), menu])


def _check_range(logit_range) -> tuple[float, float]:
    if (isinstance(logit_range, (str, bytes)) or not isinstance(logit_range, Sequence)
            or len(logit_range) != 2):
        raise TypeError(f"`logit_range` must be a pair (low, high); received {logit_range!r}.")
    low, high = logit_range
    for value in (low, high):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"`logit_range` must hold two numbers; received {logit_range!r}.")
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(
            f"`logit_range` must be finite with low < high; received {logit_range!r}."
        )
    return float(low), float(high)


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
    """
    readings, names = read_sets(logit_sets, "logit_sets", lambda z: softmax_reading(z, target),
                                names, "logits")
    k = readings[0].n_classes
    labels = check_labels(labels, k, _default_labels(k))

    fig, axes = panel_grid(len(readings) + 1, title)
    for ax, reading, name in zip(axes, readings, names):
        bars, texts = _softmax_bars(ax, labels)
        set_probability_bars(bars, texts, reading.probabilities, _digits(k))
        _mark_true_class(bars, ax, labels, reading.target)
        ax.set_title(f"{name}\n{_softmax_title(reading)}")

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


# --- binary cross-entropy with label smoothing --------------------------------------

@dataclass(frozen=True)
class BinaryCrossEntropyReading:
    """Everything the binary cross-entropy explorer shows for one setting.

    Attributes:
        target: the target ``t`` in [0, 1] as given (a 0/1 label or a soft label).
        label_smoothing: the smoothing ``ls`` in [0, 1].
        smoothed_target: ``t' = t * (1 - ls) + ls / 2``, Keras's rule.
        prediction: the predicted probability ``p`` as given.
        loss: ``-(t' ln p + (1 - t') ln(1 - p))`` in nats, with ``p`` clipped to
            ``[1e-7, 1 - 1e-7]`` as Keras does; equal to
            ``lossutils.losses.binary_crossentropy`` in float64.
        lowest_loss: the floor, the loss at the best prediction ``p = t'``:
            the binary entropy ``H2(t')`` in nats (0 for a hard target without
            smoothing). No prediction gets below it.
        grid: predictions ``p`` from 0.001 to 0.999 (the same array every time).
        curve: the loss at each ``p`` of ``grid``, in nats.
        gradient: ``dL/dp = (p - t') / (p (1 - p))`` at the clipped ``p``
            (finite at 0 and 1): negative pushes ``p`` up, positive pushes it down.
    """

    target: float
    label_smoothing: float
    smoothed_target: float
    prediction: float
    loss: float
    lowest_loss: float
    grid: np.ndarray
    curve: np.ndarray
    gradient: float

    @property
    def best_prediction(self) -> float:
        """The prediction with the lowest loss: ``p = t'``."""
        return self.smoothed_target


def _bce(t: float, p):
    """Keras's binary cross-entropy for a target ``t`` (already smoothed) at each ``p``, in float64."""
    p = np.atleast_1d(np.asarray(p, dtype=np.float64))[:, np.newaxis]  # one sample per prediction
    return losses.binary_crossentropy(np.full_like(p, t), p)


def binary_crossentropy_reading(target, label_smoothing, prediction) -> BinaryCrossEntropyReading:
    """The binary cross-entropy of one prediction, with label smoothing, and its curve.

    Pure NumPy in float64: no figure is involved.

    Args:
        target: the target ``t`` in [0, 1].
        label_smoothing: ``ls`` in [0, 1]; the target becomes
            ``t * (1 - ls) + ls / 2`` (pulled towards 1/2).
        prediction: the predicted probability ``p`` in [0, 1].

    Returns:
        A :class:`BinaryCrossEntropyReading`.

    Raises:
        TypeError: an argument is not a real number.
        ValueError: an argument is outside [0, 1].

    Example:

    >>> r = binary_crossentropy_reading(target=1.0, label_smoothing=0.0, prediction=0.5)
    >>> round(r.loss, 4), r.lowest_loss, round(r.gradient, 4)
    (0.6931, 0.0, -2.0)
    """
    t = check_real_in_range(target, "target", 0.0, 1.0)
    ls = check_real_in_range(label_smoothing, "label_smoothing", 0.0, 1.0)
    p = check_real_in_range(prediction, "prediction", 0.0, 1.0)
    smoothed = t * (1.0 - ls) + 0.5 * ls if ls else t
    clipped = min(max(p, EPSILON), 1.0 - EPSILON)
    return BinaryCrossEntropyReading(
        target=t,
        label_smoothing=ls,
        smoothed_target=smoothed,
        prediction=p,
        loss=float(_bce(smoothed, p)[0]),
        lowest_loss=float(information.binary_entropy(smoothed)),
        grid=BCE_GRID,
        curve=_bce(smoothed, BCE_GRID),
        gradient=(clipped - smoothed) / (clipped * (1.0 - clipped)),
    )


def _bce_title(reading: BinaryCrossEntropyReading) -> str:
    return (f"loss = {reading.loss:.3f} nats at p = {reading.prediction:.2f}\n"
            f"t' = {reading.smoothed_target:.3f}, floor = {reading.lowest_loss:.3f} nats")


def _bce_axes(ax) -> None:
    ax.set_xlim(0, 1)
    ax.set_ylim(0, BCE_TOP_NATS + 0.25)  # room for a marker at the top
    label(ax, x="prediction p", y="loss", unit="nats")


class BinaryCrossEntropyExplorer(Explorer):
    """Sliders for the target, the label smoothing and the prediction of a binary classifier.

    The figure shows the loss over every prediction ``p`` for the smoothed
    target (solid) and without smoothing (faint, dashed), the current
    prediction, the best prediction ``p = t'`` (dotted, vertical) and the
    lowest reachable loss (dotted, horizontal). Smoothing a hard target moves
    the best prediction inside (0, 1) and lifts the floor above 0.

    Args:
        target: the target ``t`` in [0, 1]. Default: 1.
        label_smoothing: ``ls`` in [0, 1]; the slider offers 0 to 0.5. Default: 0.
        prediction: the predicted probability ``p`` in [0, 1]. Default: 0.8.

    Example:

    >>> explorer = BinaryCrossEntropyExplorer()
    >>> reading = explorer.update(label_smoothing=0.2)
    >>> round(reading.smoothed_target, 2), round(reading.lowest_loss, 3)
    (0.9, 0.325)
    >>> float(explorer.best_line.get_xdata()[0])
    0.9
    """

    def __init__(self, target: float = 1.0, label_smoothing: float = 0.0,
                 prediction: float = 0.8) -> None:
        super().__init__(target=target, label_smoothing=label_smoothing, prediction=prediction)

    @staticmethod
    def compute(target, label_smoothing, prediction) -> BinaryCrossEntropyReading:
        """The pure computation behind the figure: see :func:`binary_crossentropy_reading`."""
        return binary_crossentropy_reading(target, label_smoothing, prediction)

    def describe(self, reading: BinaryCrossEntropyReading) -> str:
        """Alt text: the target, its smoothing, the loss and the floor, in words."""
        return (
            f"The binary cross-entropy against the prediction p for target {reading.target:.2f} "
            f"with label smoothing {reading.label_smoothing:.2f}, which makes the target "
            f"{reading.smoothed_target:.3f} (solid curve; dashed: without smoothing). "
            f"At p = {reading.prediction:.2f} the loss is {reading.loss:.3f} nats. "
            f"The lowest reachable loss is {reading.lowest_loss:.3f} nats, "
            f"at p = {reading.smoothed_target:.3f}."
        )

    def _build(self, reading: BinaryCrossEntropyReading):
        fig, (ax,) = new_figure(
            1, 1, height=3.4,
            title="Label smoothing moves the best prediction inside (0, 1) and lifts the floor",
        )
        _bce_axes(ax)
        (self.plain_curve,) = ax.plot(reading.grid, reading.curve, color=REFERENCE,
                                      linestyle="--", linewidth=1.2, label="without smoothing")
        (self.curve,) = ax.plot(reading.grid, reading.curve, color=PREDICTION,
                                label="with smoothing (target t')")
        self.best_line = ax.axvline(0.0, color=TARGET, linestyle=":", linewidth=1.2,
                                    label="best prediction p = t'")
        self.floor_line = ax.axhline(0.0, color=REFERENCE, linestyle=":", linewidth=1.2,
                                     label="lowest reachable loss H2(t')")
        (self.marker,) = ax.plot([], [], "o", color=HIGHLIGHT, zorder=3,
                                 label="current prediction")
        # Outside the axes, where no changing line passes under it.
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8)
        self.title = ax.set_title("", fontsize=9.5)
        self.axes = (ax,)
        spines = [ax.spines[side] for side in ("left", "bottom")]
        self._changing = [self.plain_curve, self.curve, self.best_line, self.floor_line,
                          self.marker, *spines, self.title]
        return fig

    def _redraw_artists(self):
        return self._changing

    def _show(self, reading: BinaryCrossEntropyReading) -> None:
        if reading.label_smoothing:
            self.plain_curve.set_ydata(_bce(reading.target, reading.grid))
        else:
            self.plain_curve.set_ydata(reading.curve)
        self.curve.set_ydata(reading.curve)
        best = reading.smoothed_target
        self.best_line.set_xdata([best, best])
        self.floor_line.set_ydata([reading.lowest_loss] * 2)
        set_clamped_marker(self.marker, reading.prediction, reading.loss, BCE_TOP_NATS)
        self.title.set_text(_bce_title(reading))

    def _controls(self, widgets):
        style = {"description_width": "8em"}
        return {
            "target": widgets.FloatSlider(
                value=self.params["target"], min=0.0, max=1.0, step=0.05,
                description="target", style=style),
            "label_smoothing": widgets.FloatSlider(
                value=self.params["label_smoothing"], min=0.0, max=0.5, step=0.01,
                description="label smoothing", style=style),
            "prediction": widgets.FloatSlider(
                value=self.params["prediction"], min=0.01, max=0.99, step=0.01,
                description="prediction p", style=style),
        }


def _unit_values(values, name: str) -> list[float]:
    check_nonempty_sequence(values, name, "numbers")
    return [check_real_in_range(v, name, 0.0, 1.0) for v in values]


def binary_crossentropy_curves(targets=(0.0, 1.0), smoothings=(0.0, 0.1, 0.2), *,
                               title: str | None = None):
    """A static figure of binary cross-entropy curves, for readers without a kernel.

    One panel per target, with one curve per label smoothing and the floor of
    each (its lowest point, at ``p = t'``) marked. The curves of targets 0 and 1
    mirror each other and rise without bound at the wrong end; smoothing lifts
    the floor above 0 and moves the minimum inside (0, 1).

    Args:
        targets: the targets, each in [0, 1], one panel each.
        smoothings: the label smoothings, each in [0, 1], one curve each.
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Example:

    >>> fig = binary_crossentropy_curves()
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['target 0', 'target 1']
    >>> fig.axes[1].get_legend().get_texts()[1].get_text()
    'smoothing 0.1: floor 0.199 nats at p = 0.95'
    """
    targets = _unit_values(targets, "targets")
    smoothings = _unit_values(smoothings, "smoothings")
    if title is None:
        title = "Smoothing lifts the floor above 0 and moves the best prediction inside (0, 1)"
    ncols = min(len(targets), 3)
    nrows = -(-len(targets) // ncols)
    fig, axes = new_figure(nrows, ncols, height=3.2 * nrows, sharey=True, title=title)
    colors = class_colors(len(smoothings))
    for ax, t in zip(axes, targets):
        _bce_axes(ax)
        for ls, color in zip(smoothings, colors):
            r = binary_crossentropy_reading(t, ls, 0.5)
            floor = f"floor {r.lowest_loss:.3f} nats at p = {r.best_prediction:.3g}"
            ax.plot(r.grid, r.curve, color=color, label=f"smoothing {ls:g}: {floor}")
            ax.plot([r.best_prediction], [r.lowest_loss], "o", color=color, zorder=3,
                    clip_on=False)
        ax.legend(loc="upper center", fontsize=7.5)
        ax.set_title(f"target {t:g}")
    for ax in axes[len(targets):]:
        ax.set_visible(False)
    return fig

"""The binary cross-entropy explorer: a target, its label smoothing and a prediction.

:class:`BinaryCrossentropyExplorer`: the learner sets a target in [0, 1], the
label smoothing and the prediction ``p``. The figure shows the loss curve over
``p`` for the smoothed target (and, faint, without smoothing), the current
prediction, the best prediction ``p = t'`` and the lowest reachable loss.

It has a pure reading function (:func:`binary_crossentropy_reading`) and a
static figure for readers of the website (:func:`binary_crossentropy_curves`).

Example:

>>> bce = binary_crossentropy_reading(target=1.0, label_smoothing=0.1, prediction=0.8)
>>> round(bce.smoothed_target, 2), round(bce.loss, 4), round(bce.lowest_loss, 4)
(0.95, 0.2925, 0.1985)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import information, losses
from .._validation import check_nonempty_sequence, check_scalar
from ..losses import EPSILON
from ..plotting import HIGHLIGHT, PREDICTION, REFERENCE, TARGET, class_colors, label, new_figure
from .base import Explorer
from .figure_parts import set_clamped_marker

__all__ = [
    "BinaryCrossentropyReading",
    "binary_crossentropy_reading",
    "BinaryCrossentropyExplorer",
    "binary_crossentropy_curves",
]

#: The loss axis of the binary cross-entropy figures stops a little above this;
#: larger losses are shown by a marker here pointing up.
BCE_TOP_NATS = 5.0
#: The predictions p at which a binary cross-entropy reading evaluates its curve.
BCE_GRID = np.linspace(0.001, 0.999, 400)
BCE_GRID.flags.writeable = False


@dataclass(frozen=True)
class BinaryCrossentropyReading:
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
        """The prediction with the lowest loss, ``p = t'``."""
        return self.smoothed_target


def _bce(t: float, p):
    """Keras's binary cross-entropy for a target ``t`` (already smoothed) at each ``p``, in float64."""
    p = np.atleast_1d(np.asarray(p, dtype=np.float64))[:, np.newaxis]  # one sample per prediction
    return losses.binary_crossentropy(np.full_like(p, t), p)


def binary_crossentropy_reading(target, label_smoothing, prediction) -> BinaryCrossentropyReading:
    """The binary cross-entropy of one prediction, with label smoothing, and its curve.

    Pure NumPy in float64: no figure is involved.

    Args:
        target: the target ``t`` in [0, 1].
        label_smoothing: ``ls`` in [0, 1]; the target becomes
            ``t * (1 - ls) + ls / 2`` (pulled towards 1/2).
        prediction: the predicted probability ``p`` in [0, 1].

    Returns:
        A :class:`BinaryCrossentropyReading`.

    Raises:
        TypeError: an argument is not a real number.
        ValueError: an argument is outside [0, 1].

    Example:

    >>> r = binary_crossentropy_reading(target=1.0, label_smoothing=0.0, prediction=0.5)
    >>> round(r.loss, 4), r.lowest_loss, round(r.gradient, 4)
    (0.6931, 0.0, -2.0)
    """
    t = check_scalar(target, "target", low=0.0, high=1.0)
    ls = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    p = check_scalar(prediction, "prediction", low=0.0, high=1.0)
    smoothed = t * (1.0 - ls) + 0.5 * ls if ls else t
    clipped = min(max(p, EPSILON), 1.0 - EPSILON)
    return BinaryCrossentropyReading(
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


def _bce_axes(ax) -> None:
    ax.set_xlim(0, 1)
    ax.set_ylim(0, BCE_TOP_NATS + 0.25)  # room for a marker at the top
    label(ax, x="prediction p", y="loss", unit="nats")


class BinaryCrossentropyExplorer(Explorer):
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

    >>> explorer = BinaryCrossentropyExplorer()
    >>> reading = explorer.update(label_smoothing=0.2)
    >>> round(reading.smoothed_target, 2), round(reading.lowest_loss, 3)
    (0.9, 0.325)
    >>> float(explorer.best_line.get_xdata()[0])
    0.9

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """

    def __init__(self, target: float = 1.0, label_smoothing: float = 0.0,
                 prediction: float = 0.8) -> None:
        super().__init__(target=target, label_smoothing=label_smoothing, prediction=prediction)

    compute = staticmethod(binary_crossentropy_reading)  # the pure computation behind the figure

    def describe(self, reading: BinaryCrossentropyReading) -> str:
        """The caption and alt text: the smoothed target, the loss and the floor."""
        t_smooth = f"{reading.smoothed_target:.3f}"
        curves = ("Solid curve: the loss against t'; dashed: without smoothing"
                  if reading.label_smoothing
                  else "Without smoothing the dashed curve lies under the solid one")
        return (
            f"Target {reading.target:.2f} with label smoothing {reading.label_smoothing:.2f}, so the "
            f"smoothed target t' = {t_smooth}. "
            f"At p = {reading.prediction:.2f} the loss is {reading.loss:.3f} nats; "
            f"the lowest reachable loss, H2(t') = {reading.lowest_loss:.3f} nats, is at "
            f"p = t' = {t_smooth}. {curves}."
        )

    def _build(self, reading: BinaryCrossentropyReading):
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
        self.axes = (ax,)
        self.animate(self.plain_curve, self.curve, self.best_line, self.floor_line, self.marker)
        return fig

    def _show(self, reading: BinaryCrossentropyReading) -> None:
        if reading.label_smoothing:
            self.plain_curve.set_ydata(_bce(reading.target, reading.grid))
        else:
            self.plain_curve.set_ydata(reading.curve)
        self.curve.set_ydata(reading.curve)
        best = reading.smoothed_target
        self.best_line.set_xdata([best, best])
        self.floor_line.set_ydata([reading.lowest_loss] * 2)
        set_clamped_marker(self.marker, reading.prediction, reading.loss, BCE_TOP_NATS)

    def _web_stops(self, controls):
        # The chapter's question: how does smoothing change the loss of each prediction?
        return {
            "prediction": self._stops_with_current("prediction", (0.01, 0.2, 0.5, 0.8, 0.95, 0.99)),
            "label_smoothing": self._stops_with_current("label_smoothing", (0.0, 0.1, 0.2, 0.4)),
        }

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
    return [check_scalar(v, name, low=0.0, high=1.0) for v in values]


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

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """
    targets = _unit_values(targets, "targets")
    smoothings = _unit_values(smoothings, "smoothings")
    if title is None:
        title = "Smoothing lifts the floor above 0 and moves the best prediction inside (0, 1)"
    ncols = min(len(targets), 3)
    nrows = -(-len(targets) // ncols)
    fig, axes = new_figure(nrows, ncols, height=3.2 * nrows, sharey=True, title=title)
    colors = class_colors(len(smoothings))
    for ax, t in zip(axes, targets, strict=False):  # hidden axes fill the last row
        _bce_axes(ax)
        for ls, color in zip(smoothings, colors, strict=True):
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

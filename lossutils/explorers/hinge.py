"""The margin explorer: one example's raw score and label, against the hinge losses and the logistic loss.

:class:`MarginExplorer`: the learner sets the label ``y`` (-1 or +1) and the raw
score ``s`` that a classifier gives the example. Left, the hinge, squared hinge,
categorical hinge (two classes whose scores differ by ``s``) and logistic losses against the
score; right, their slopes, with the current score marked. The
hinges are flat, with zero slope, once the margin ``y * s`` reaches 1; the logistic
loss never is.

It has a pure reading function (:func:`margin_reading`) and a static figure for
readers of the website (:func:`margin_curves`).

Example (the first term of worked example E7: label 0, converted to -1, score 0.6):

>>> round(margin_reading(score=0.6, label=-1).losses["hinge"], 4)
1.6
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import losses
from .._validation import check_nonempty_sequence, check_scalar
from ..plotting import (
    BLUE,
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    REFERENCE,
    VERMILLION,
    label,
    legend_below,
    new_figure,
)
from .base import Explorer
from .figure_parts import set_clamped_marker

__all__ = ["MarginReading", "margin_reading", "MarginExplorer", "margin_curves"]

#: The scores at which the curves are drawn.
SCORES = np.linspace(-3.0, 3.0, 601)
SCORES.flags.writeable = False
#: Colour and line style of each loss, the same in every figure of the hinge chapter.
MARGIN_STYLES = {"hinge": (BLUE, "-"), "squared hinge": (ORANGE, "-"),
                 "categorical hinge": (REDDISH_PURPLE, ":"), "logistic": (BLUISH_GREEN, "--")}
#: Both scores of the two-class categorical hinge are shifted up by this (see :func:`_losses_at`).
TWO_CLASS_OFFSET = 3.0
#: The loss and slope axes stop here (a little beyond, so that a marker at the edge shows whole); a
#: curve that runs further leaves the frame, and a marker of a value beyond it sits at the edge.
LOSS_TOP, SLOPE_TOP = 5.0, 3.0


@dataclass(frozen=True)
class MarginReading:
    """Everything the margin explorer shows for one setting.

    Attributes:
        score: the raw score ``s`` of the example (the output of a linear last layer).
        label: its label ``y``, -1 or +1.
        margin: ``y * s``; positive means the score has the right sign, and the hinges
            stop charging at 1.
        losses: ``{name: loss}`` at ``score``: ``hinge`` ``max(0, 1 - y s)``,
            ``squared hinge`` its square, ``categorical hinge`` of two classes, +1
            scored ``3 + s`` and -1 scored 3 (so ``s`` is their difference), which is the hinge again,
            and ``logistic`` ``ln(1 + exp(-y s))``, the binary cross-entropy of the
            score as a logit, in nats.
        slopes: ``{name: dL/ds}`` at ``score``.
        curves, slope_curves: ``{name: values}`` at every score of ``scores``.
        scores: the scores of the curves (the same array every time).
    """

    score: float
    label: int
    margin: float
    losses: dict[str, float]
    slopes: dict[str, float]
    scores: np.ndarray
    curves: dict[str, np.ndarray]
    slope_curves: dict[str, np.ndarray]


def _losses_at(scores: np.ndarray, label: int) -> dict[str, np.ndarray]:
    """The four losses of one label at each score, from the ``lossutils`` twins in float64."""
    column = scores[:, np.newaxis]
    labels = np.full_like(column, float(label))
    # Two classes, +1 scored 3 + s and -1 scored 3: s is their difference, and neither score is
    # negative on the grid (Keras takes the best other score as max((1 - t) * s), which is 0, not
    # the other score, when that is negative). The one-hot row says which class is true.
    one_hot = np.repeat([[1.0, 0.0]] if label == 1 else [[0.0, 1.0]], scores.size, axis=0)
    two_scores = np.hstack([column, np.zeros_like(column)]) + TWO_CLASS_OFFSET
    return {
        "hinge": losses.hinge(labels, column),
        "squared hinge": losses.squared_hinge(labels, column),
        "categorical hinge": losses.categorical_hinge(one_hot, two_scores),
        "logistic": losses.binary_crossentropy((labels + 1) / 2, column, from_logits=True),
    }


def _slopes_at(scores: np.ndarray, label: int) -> dict[str, np.ndarray]:
    """dL/ds of the four losses. At the hinge's corner, margin exactly 1, TensorFlow's gradient is
    -y (its maximum passes the gradient to the first argument on a tie), and so is this."""
    slack = np.maximum(0.0, 1.0 - label * scores)
    hinge_slope = np.where(label * scores <= 1.0, -float(label), 0.0)
    slopes = {
        "hinge": hinge_slope,
        "squared hinge": -2.0 * label * slack,
        "categorical hinge": hinge_slope,
        "logistic": -label / (1.0 + np.exp(label * scores)),
    }
    return {name: values + 0.0 for name, values in slopes.items()}  # + 0.0: a zero slope is 0, never -0


def margin_reading(score=0.5, label=1) -> MarginReading:
    """The hinge losses and the logistic loss of one example with raw score ``score``.

    Pure NumPy in float64: no figure is involved.

    Args:
        score: the raw score ``s``, a real number.
        label: the label ``y``, -1 or +1 (convert a 0/1 label with ``2 * t - 1``).

    Returns:
        A :class:`MarginReading`.

    Raises:
        TypeError: ``score`` is not a real number, or ``label`` is not an int.
        ValueError: ``label`` is not -1 or +1.

    Example:

    >>> r = margin_reading(score=0.5, label=1)
    >>> {name: round(value, 4) for name, value in r.losses.items()}
    {'hinge': 0.5, 'squared hinge': 0.25, 'categorical hinge': 0.5, 'logistic': 0.4741}
    >>> margin_reading(score=1.5, label=1).slopes["hinge"]
    0.0

    Taught in: Hinge losses (book/hinge.ipynb).
    """
    score = check_scalar(score, "score")
    label = check_scalar(label, "label", "int")
    if label not in (-1, 1):
        raise ValueError(f"`label` must be -1 or +1 (convert 0/1 labels with 2 * t - 1); received {label!r}.")
    at_score = _losses_at(np.array([score]), label)
    slopes_at_score = _slopes_at(np.array([score]), label)
    return MarginReading(
        score=score, label=label, margin=label * score + 0.0,  # + 0.0: margin 0, never -0
        losses={name: float(v[0]) for name, v in at_score.items()},
        slopes={name: float(v[0]) for name, v in slopes_at_score.items()},
        scores=SCORES, curves=_curves(label), slope_curves=_slope_curves(label),
    )


_CURVES: dict[int, tuple[dict, dict]] = {}


def _curves(label: int) -> dict[str, np.ndarray]:
    return _curves_and_slopes(label)[0]


def _slope_curves(label: int) -> dict[str, np.ndarray]:
    return _curves_and_slopes(label)[1]


def _curves_and_slopes(label: int) -> tuple[dict, dict]:
    """The curves of one label, computed once (two labels, so two entries at most)."""
    if label not in _CURVES:
        curves, slopes = _losses_at(SCORES, label), _slopes_at(SCORES, label)
        for values in (*curves.values(), *slopes.values()):
            values.flags.writeable = False
        _CURVES[label] = (curves, slopes)
    return _CURVES[label]


def _draw_margin_panels(ax_loss, ax_slope) -> tuple[dict, list]:
    """Empty curves and markers, keyed by ``(panel, name)``, and the reference lines over them."""
    artists = {}
    for name, (color, style) in MARGIN_STYLES.items():
        width = 2.6 if name == "categorical hinge" else 1.6  # dotted over the hinge it equals
        (artists["loss", name],) = ax_loss.plot([], [], color=color, linestyle=style, linewidth=width,
                                                 label=name)
        (artists["slope", name],) = ax_slope.plot([], [], color=color, linestyle=style, linewidth=width)
    for name, (color, _) in MARGIN_STYLES.items():
        if name != "categorical hinge":  # its marker would sit on the hinge's
            (artists["loss marker", name],) = ax_loss.plot([], [], "o", color=color, zorder=3)
            (artists["slope marker", name],) = ax_slope.plot([], [], "o", color=color, zorder=3)
    artists["score line"] = ax_loss.axvline(0.0, color=VERMILLION, linestyle=":", linewidth=1.2)
    references = [ax.axvline(0.0, color=REFERENCE, linewidth=0.8) for ax in (ax_loss, ax_slope)]
    references.append(ax_slope.axhline(0.0, color=REFERENCE, linewidth=0.8))
    for ax in (ax_loss, ax_slope):
        ax.set_xlim(SCORES[0], SCORES[-1])
    ax_loss.set_ylim(0, LOSS_TOP + 0.25)
    ax_slope.set_ylim(-SLOPE_TOP - 0.25, SLOPE_TOP + 0.25)
    label(ax_loss, x="raw score s", y="loss")
    label(ax_slope, x="raw score s", y="slope dL/ds")
    return artists, references


def _show_margin_panels(artists: dict, reading: MarginReading) -> None:
    # The curves are drawn as they are: where one runs above an axis (the squared hinge does), it
    # leaves the frame. Clipped to a value at the frame's edge, it would run along the edge and look
    # as if it levelled off there.
    for name in MARGIN_STYLES:
        artists["loss", name].set_data(reading.scores, reading.curves[name])
        artists["slope", name].set_data(reading.scores, reading.slope_curves[name])
        if ("loss marker", name) in artists:
            set_clamped_marker(artists["loss marker", name], reading.score, reading.losses[name], LOSS_TOP)
            _set_slope_marker(artists["slope marker", name], reading.score, reading.slopes[name])
    artists["score line"].set_xdata([reading.score] * 2)


def _set_slope_marker(marker, x: float, y: float) -> None:
    """Puts ``marker`` at ``(x, y)``, or at the slope axis's edge as a "^" or "v" pointing past it
    when ``|y| > SLOPE_TOP`` (the squared hinge's slope can be -6)."""
    off_chart = abs(y) > SLOPE_TOP
    marker.set_data([x], [float(np.clip(y, -SLOPE_TOP, SLOPE_TOP))])
    marker.set_marker(("^" if y > 0 else "v") if off_chart else "o")


class MarginExplorer(Explorer):
    """Sliders for one example's raw score and its label; the hinge and logistic losses follow.

    Left: the hinge, squared hinge, categorical hinge (two classes) and logistic
    losses against the score, for the chosen label, with the current score marked.
    Right: their slopes ``dL/ds``. Once the margin ``y * s`` reaches 1 the
    hinges charge nothing and push no more; the logistic loss keeps a small pull.

    Args:
        score: the raw score ``s``; the slider offers -3 to 3. Default: 0.5.
        label: the label, -1 or +1. Default: +1.

    Example:

    >>> explorer = MarginExplorer()
    >>> reading = explorer.update(score=-1.0)
    >>> reading.margin, round(reading.losses["hinge"], 3), round(reading.losses["logistic"], 3)
    (-1.0, 2.0, 1.313)
    >>> "hinge 2.000 with slope -1.000" in explorer.describe(reading)
    True

    Taught in: Hinge losses (book/hinge.ipynb).
    """

    def __init__(self, score: float = 0.5, label: int = 1) -> None:
        super().__init__(score=score, label=label)

    compute = staticmethod(margin_reading)  # the pure computation behind the figure

    def describe(self, reading: MarginReading) -> str:
        """The caption and alt text: the setting and the four losses and slopes."""
        # On the margin the hinges have a corner and no derivative: say which slope is given.
        corner = ""
        if reading.margin == 1:
            corner = (" On margin 1 the hinge and categorical hinge have a corner; their slope is the one "
                      "TensorFlow returns there, that of the side below the margin.")
        values = "; ".join(f"{name} {reading.losses[name]:.3f} with slope {reading.slopes[name]:+.3f}"
                           for name in MARGIN_STYLES)
        return (
            f"The hinge, squared hinge, categorical hinge and logistic losses against the raw score "
            f"from -3 to 3 for label {reading.label:+d}, and their slopes. At score "
            f"{reading.score:+.2f} (margin {reading.margin:+.2f}): {values}.{corner}"
        )

    def _build(self, reading: MarginReading):
        title = "The hinges stop pushing at margin 1; the logistic loss never does"
        fig, (ax_loss, ax_slope) = new_figure(1, 2, height=3.5, title=title)
        self.artists, references = _draw_margin_panels(ax_loss, ax_slope)
        legend_below(fig, ax_loss)
        ax_loss.set_title("Losses against the score", fontsize=9)
        ax_slope.set_title("Slopes: a gradient step moves s the other way", fontsize=9)
        self.axes = (ax_loss, ax_slope)
        # The curves change only with the label: they belong to the kept picture (see
        # _background_key); a score moves the markers and the score line, which the reference
        # lines cross over.
        curves = {("loss", name) for name in MARGIN_STYLES} | {("slope", name) for name in MARGIN_STYLES}
        self.animate(*(artist for key, artist in self.artists.items() if key not in curves), *references)
        return fig

    def _background_key(self):
        return self.params["label"]

    def _show(self, reading: MarginReading) -> None:
        _show_margin_panels(self.artists, reading)

    def _web_stops(self, controls):
        return {
            "score": self._stops_with_current("score", (-2.0, -1.0, 0.0, 0.5, 1.0, 1.5, 2.5)),
            "label": [-1, 1],
        }

    def _controls(self, widgets):
        style = {"description_width": "5em"}
        return {
            "score": widgets.FloatSlider(value=self.params["score"], min=-3.0, max=3.0, step=0.05,
                                         description="score s", style=style),
            "label": widgets.ToggleButtons(options=[("y = −1", -1), ("y = +1", 1)],
                                           value=self.params["label"], description="label", style=style),
        }


def margin_curves(scores=(-1.0, 0.5, 2.0), *, title: str | None = None):
    """A static figure of the margin explorer for both labels, for readers without a kernel.

    Top row: the losses for label +1 and for label -1 (mirror images), with the given
    scores marked on the hinge and logistic curves; bottom row: their slopes.

    Args:
        scores: the raw scores to mark, a non-empty sequence of numbers.
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Example:

    >>> fig = margin_curves()
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['label y = +1', 'label y = −1']

    Taught in: Hinge losses (book/hinge.ipynb).
    """
    check_nonempty_sequence(scores, "scores", "numbers")
    scores = [check_scalar(s, "scores") for s in scores]
    fig, axes = new_figure(2, 2, height=5.6, title=title)
    for column, label_value in enumerate((1, -1)):
        ax_loss, ax_slope = axes[column], axes[2 + column]
        artists, _ = _draw_margin_panels(ax_loss, ax_slope)
        _show_margin_panels(artists, margin_reading(scores[0], label_value))
        artists["score line"].set_visible(False)
        for s in scores:
            reading = margin_reading(s, label_value)
            for name in ("hinge", "logistic"):
                color = MARGIN_STYLES[name][0]
                ax_loss.plot([s], [min(reading.losses[name], LOSS_TOP)], "o", color=color, zorder=3)
                ax_slope.plot([s], [reading.slopes[name]], "o", color=color, zorder=3)
        for name in MARGIN_STYLES:  # the explorer's single markers are replaced by the ones above
            if ("loss marker", name) in artists:
                artists["loss marker", name].set_visible(False)
                artists["slope marker", name].set_visible(False)
        ax_loss.set_title(f"label y = {'+1' if label_value == 1 else '−1'}", fontsize=9)
    legend_below(fig, axes[0])
    return fig

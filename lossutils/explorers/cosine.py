"""The cosine explorer: the angle and length of a prediction vector against a target vector.

:class:`CosineExplorer`: a target vector ``a`` of length 1 points along the x-axis;
the learner turns the prediction ``b`` by an angle and stretches it. Left, the two
vectors in the plane with ``b``'s unit vector on the unit circle and the push of a
gradient step (minus the gradient of the Keras loss), which is always at a right
angle to ``b``; right, the cosine and the loss ``-cos`` against the angle, with the
current angle marked. Stretching ``b`` moves nothing on the right: the loss ignores
lengths.

It has a pure reading function (:func:`cosine_reading`) and a static figure for
readers of the website (:func:`cosine_small_multiples`).

Example:

>>> r = cosine_reading(angle=60.0, length=2.0)
>>> round(r.cosine, 4), round(r.loss, 4), round(float(r.gradient @ r.prediction), 12)
(0.5, -0.5, 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .. import losses
from .._validation import check_nonempty_sequence, check_scalar
from ..plotting import (
    BLUE,
    BLUISH_GREEN,
    FIGURE_WIDTH,
    RC_PARAMS,
    REFERENCE,
    TARGET,
    VERMILLION,
    BookFigure,
    label,
    legend_below,
    new_figure,
    style,
)
from .base import Explorer

__all__ = ["CosineReading", "cosine_reading", "CosineExplorer", "cosine_small_multiples"]

#: The angles (degrees) of the right panel's curves.
ANGLES = np.linspace(0.0, 180.0, 361)
ANGLES.flags.writeable = False
#: The longest prediction the slider offers; the plane shows a little more.
MAX_LENGTH = 2.0
_PLANE = 2.3


@dataclass(frozen=True)
class CosineReading:
    """Everything the cosine explorer shows for one setting.

    Attributes:
        angle: the angle between target and prediction, in degrees, in [0, 180].
        length: the length of the prediction vector.
        target: the target vector ``a = (1, 0)``.
        prediction: the prediction vector ``b``, of length ``length`` at ``angle``.
        cosine: ``cos(angle)``, the cosine similarity of ``a`` and ``b``.
        loss: Keras's loss, ``-cosine`` (from ``lossutils.losses.cosine_similarity``).
        gradient: ``dloss/db = -(a/|a| - cosine * b/|b|) / |b|``; it is orthogonal to ``b``,
            and its size ``sin(angle) / |b|`` shrinks as ``b`` grows.
        unit_distance: ``|a/|a| - b/|b||**2 = 2 - 2 cosine``.
    """

    angle: float
    length: float
    target: np.ndarray
    prediction: np.ndarray
    cosine: float
    loss: float
    gradient: np.ndarray
    unit_distance: float

    @property
    def push(self) -> np.ndarray:
        """The direction in which a gradient step moves the prediction, minus the gradient."""
        return -self.gradient


def cosine_reading(angle=60.0, length=1.0) -> CosineReading:
    """The cosine similarity loss of a 2-D prediction at ``angle`` degrees from the target (1, 0).

    Pure NumPy in float64: no figure is involved.

    Args:
        angle: the angle between the vectors in degrees, in [0, 180].
        length: the prediction's length, positive.

    Returns:
        A :class:`CosineReading`.

    Raises:
        TypeError: an argument is not a real number.
        ValueError: ``angle`` is outside [0, 180], or ``length`` is not positive.

    Example:

    >>> r = cosine_reading(angle=90.0)
    >>> round(r.cosine, 12) + 0.0, round(r.unit_distance, 12), (r.push.round(12) + 0.0).tolist()
    (0.0, 2.0, [1.0, 0.0])

    Taught in: Cosine similarity (book/cosine_similarity.ipynb).
    """
    angle = check_scalar(angle, "angle", low=0.0, high=180.0)
    length = check_scalar(length, "length", low=0.0, include_boundaries="neither",
                          expected="a positive number (a zero vector has no direction)")
    theta = math.radians(angle)
    target = np.array([1.0, 0.0])
    prediction = length * np.array([math.cos(theta), math.sin(theta)])
    loss = float(losses.cosine_similarity(target[np.newaxis], prediction[np.newaxis])[0])
    cosine = -loss
    unit_b = prediction / length
    gradient = -(target - cosine * unit_b) / length
    for array in (target, prediction, gradient):
        array.flags.writeable = False
    return CosineReading(angle=angle, length=length, target=target, prediction=prediction,
                         cosine=cosine, loss=loss, gradient=gradient,
                         unit_distance=float(np.sum((target - unit_b) ** 2)))


def _draw_plane(ax) -> dict:
    """The unit circle, the target arrow and its label, and empty artists for the prediction (by name)."""
    t = np.linspace(0, 2 * np.pi, 200)
    ax.plot(np.cos(t), np.sin(t), color=REFERENCE, linewidth=0.8)
    # Lines drawn before the prediction's, so under them in every draw.
    ax.plot([0.0, 1.0], [0.0, 0.0], color=TARGET, linewidth=2)
    ax.plot([1.0], [0.0], ">", color=TARGET, markersize=6)
    # Below the axis, so a prediction along the target (0 degrees) does not cover the words; under
    # the lines (zorder 2), so that a long push drawn across them covers them in every draw.
    ax.text(1.02, -0.5, "target a", color=TARGET, fontsize=8, zorder=1.9)
    artists = {
        "prediction": ax.plot([], [], color=BLUE, linewidth=2, label="prediction b")[0],
        "tip": ax.plot([], [], "o", color=BLUE, markersize=5)[0],
        "unit": ax.plot([], [], "o", color=BLUE, markersize=5, markerfacecolor="white",
                        label="b / |b| on the unit circle")[0],
        "push": ax.plot([], [], color=VERMILLION, linewidth=2, label="push of a step, −∂L/∂b")[0],
        "push tip": ax.plot([], [], ">", color=VERMILLION, markersize=6)[0],
    }
    ax.set_xlim(-_PLANE, _PLANE)
    ax.set_ylim(-0.6, _PLANE)
    ax.set_aspect("equal")
    label(ax, x="x₁", y="x₂")
    return artists


def _show_plane(artists: dict, reading: CosineReading) -> None:
    b, push = reading.prediction, reading.push
    artists["prediction"].set_data([0.0, b[0]], [0.0, b[1]])
    artists["tip"].set_data([b[0]], [b[1]])
    unit = b / reading.length
    artists["unit"].set_data([unit[0]], [unit[1]])
    artists["push"].set_data([b[0], b[0] + push[0]], [b[1], b[1] + push[1]])
    if np.hypot(*push) < 1e-9:  # at 0 and 180 degrees there is no push: no arrowhead either
        artists["push tip"].set_data([], [])
        return
    end = b + push
    artists["push tip"].set_data([end[0]], [end[1]])
    # A triangle marker points up; turn it to point along the push.
    artists["push tip"].set_marker((3, 0, math.degrees(math.atan2(push[1], push[0])) - 90))


def _rounded(value: float) -> float:
    """``value`` to three decimals, without the sign of a negative zero ("-0.000")."""
    return round(value, 3) + 0.0


class CosineExplorer(Explorer):
    """Sliders for the angle and length of a prediction vector; the cosine loss and its push follow.

    Left: the target ``a`` (black), the prediction ``b`` (blue) and its unit
    vector on the unit circle, and the push of a gradient step on ``b`` (vermillion),
    always at a right angle to ``b``. Right: the cosine and Keras's loss ``-cos``
    against the angle, with the current angle marked; the length changes nothing there.

    Args:
        angle: the angle in degrees, in [0, 180]. Default: 60.
        length: the prediction's length; the slider offers 0.2 to 2. Default: 1.

    Example:

    >>> explorer = CosineExplorer()
    >>> reading = explorer.update(angle=180.0)
    >>> explorer.describe(reading).split(". ")[0]  # the caption under the picture
    "At 180° and |b| = 1.0, the cosine is -1.000 and Keras's loss (minus the cosine) is +1.000"

    Taught in: Cosine similarity (book/cosine_similarity.ipynb).
    """

    def __init__(self, angle: float = 60.0, length: float = 1.0) -> None:
        super().__init__(angle=angle, length=length)

    compute = staticmethod(cosine_reading)  # the pure computation behind the figure

    def describe(self, reading: CosineReading) -> str:
        """The caption and alt text: the angle, the length, the two numbers and the push."""
        push, size = reading.push, float(np.hypot(*reading.push))
        if size < 5e-4:  # at 0 and 180 degrees
            pushed = "no push: at this angle the gradient is zero"
        else:
            pushed = (f"the push of a gradient step on b, ({_rounded(push[0]):+.3f}, "
                      f"{_rounded(push[1]):+.3f}), of length sin θ / |b| = {size:.3f}, at a right angle to b")
        return (
            f"At {reading.angle:.0f}° and |b| = {reading.length:.1f}, the cosine is "
            f"{_rounded(reading.cosine):+.3f} and Keras's loss (minus the cosine) is "
            f"{_rounded(reading.loss):+.3f}. Left: the target a = (1, 0), the prediction b with its "
            f"unit vector on the unit circle, and {pushed}. Right: the cosine and the loss against "
            f"the angle from 0° to 180°, marked at {reading.angle:.0f}°."
        )

    def _build(self, reading: CosineReading):
        title = "The loss sees the angle only; its push turns b, at a right angle"
        fig, (ax_plane, ax_curve) = new_figure(1, 2, height=3.6, title=title)
        self.plane = _draw_plane(ax_plane)
        radians = np.radians(ANGLES)
        curves = {"cosine": np.cos(radians), "loss −cos": -np.cos(radians)}
        for (name, values), (color, linestyle) in zip(curves.items(), ((BLUISH_GREEN, "-"), (BLUE, "--")),
                                                       strict=True):
            ax_curve.plot(ANGLES, values, color=color, linestyle=linestyle, label=name)
        self.curve_markers = [ax_curve.plot([], [], "o", color=color, zorder=3)[0]
                              for color in (BLUISH_GREEN, BLUE)]
        self.angle_line = ax_curve.axvline(0.0, color=VERMILLION, linestyle=":", linewidth=1.2)
        zero_line = ax_curve.axhline(0.0, color=REFERENCE, linewidth=0.8)
        ax_curve.set_xlim(0, 180)
        ax_curve.set_ylim(-1.1, 1.1)
        ax_curve.set_xticks([0, 45, 90, 135, 180])
        legend_below(fig, ax_plane, ax_curve, ncols=3)
        label(ax_curve, x="angle between a and b (degrees)", y="value")
        ax_curve.set_title("Keras's loss is minus the cosine", fontsize=9)
        ax_plane.set_title("The prediction b and the push of a step", fontsize=9)
        self.axes = (ax_plane, ax_curve)
        # What update() changes, and the zero line, which a full draw puts over the angle's line.
        self.animate(*self.plane.values(), *self.curve_markers, self.angle_line, zero_line)
        return fig

    def _show(self, reading: CosineReading) -> None:
        _show_plane(self.plane, reading)
        for marker, value in zip(self.curve_markers, (reading.cosine, reading.loss), strict=True):
            marker.set_data([reading.angle], [value])
        self.angle_line.set_xdata([reading.angle] * 2)

    def _web_stops(self, controls):
        return {
            "angle": self._stops_with_current("angle", (0.0, 30.0, 60.0, 90.0, 120.0, 150.0, 180.0)),
            "length": self._stops_with_current("length", (0.5, 1.0, 2.0)),
        }

    def _controls(self, widgets):
        style = {"description_width": "6em"}
        return {
            "angle": widgets.FloatSlider(value=self.params["angle"], min=0.0, max=180.0, step=5.0,
                                         description="angle (°)", style=style),
            "length": widgets.FloatSlider(value=self.params["length"], min=0.2, max=MAX_LENGTH, step=0.1,
                                          description="length |b|", style=style),
        }


def cosine_small_multiples(angles=(0.0, 60.0, 90.0, 150.0), length=2.0, *, title: str | None = None):
    """A static figure of what the explorer shows, at several angles and two lengths, for the website.

    Top left, the explorer's right panel: the cosine and the loss ``-cos`` against the
    angle, the same at every length, with the chosen angles marked. Top right, the
    length of the push, ``sin(angle) / |b|``, against the angle for ``|b| = 1`` and
    ``|b| = length``. Below, the explorer's left panel at each angle: a row at
    ``|b| = 1`` and, when ``length`` is not 1, a row at ``|b| = length``, drawn to the
    same scale, so a longer prediction shows a shorter push at the same angle.

    Args:
        angles: the angles in degrees, a non-empty sequence, one column of panels each.
        length: the prediction's length in the second row of panels (the first row is at 1).
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Raises:
        TypeError: ``angles`` is not a non-empty sequence, or an angle or ``length`` is not a real number.
        ValueError: an angle is outside [0, 180], or ``length`` is not positive.

    Example:

    >>> fig = cosine_small_multiples([0.0, 90.0], length=2.0)
    >>> [ax.get_title().splitlines()[1] for ax in fig.axes[2:]]  # |b| = 1, then |b| = 2
    ['cos +1.000, push 0.000', 'cos +0.000, push 1.000', 'cos +1.000, push 0.000', 'cos +0.000, push 0.500']

    Taught in: Cosine similarity (book/cosine_similarity.ipynb).
    """
    check_nonempty_sequence(angles, "angles", "numbers")
    length = check_scalar(length, "length", low=0.0, include_boundaries="neither",
                          expected="a positive number (a zero vector has no direction)")
    lengths = [1.0] if length == 1.0 else [1.0, length]
    rows = [[cosine_reading(angle, row_length) for angle in angles] for row_length in lengths]
    n = len(rows[0])
    # A row of planes: the plane's height over its width, times a column's width, plus titles and ticks.
    plane_height = (_PLANE + 0.6) / (2 * _PLANE) * FIGURE_WIDTH / max(n, 3) + 0.6
    heights = (2.7, plane_height * len(lengths) + 0.4)  # the curves; the planes and their legend
    with style():
        fig = BookFigure(figsize=(FIGURE_WIDTH, sum(heights)), layout="constrained")
        FigureCanvasAgg(fig)  # a real renderer, as new_figure gives every figure
        top, bottom = fig.subfigures(2, 1, height_ratios=heights)
        ax_curve, ax_push = top.subplots(1, 2)
        planes = bottom.subplots(len(lengths), n, squeeze=False)
        if title:
            fig.suptitle(title, fontsize=RC_PARAMS["axes.titlesize"] + 1, fontweight="bold")
        _draw_curves(ax_curve, ax_push, rows, lengths)
        for row_axes, readings in zip(planes, rows, strict=True):
            for ax, reading in zip(row_axes, readings, strict=True):
                _show_plane(_draw_plane(ax), reading)
                ax.set_title(_panel_title(reading), fontsize=8.5)
        legend_below(bottom, planes[0][0], ncols=3)
    return fig


def _panel_title(reading: CosineReading) -> str:
    return (f"{reading.angle:.0f}°, |b| = {reading.length:.1f}\n"
            f"cos {_rounded(reading.cosine):+.3f}, push {np.hypot(*reading.push):.3f}")


def _draw_curves(ax_curve, ax_push, rows: list, lengths: list) -> None:
    """The static figure's top row: cosine and loss against the angle, and the push's length."""
    radians = np.radians(ANGLES)
    marked = [reading.angle for reading in rows[0]]
    for values, color, style_, name in ((np.cos(radians), BLUISH_GREEN, "-", "cosine"),
                                        (-np.cos(radians), BLUE, "--", "loss −cos")):
        ax_curve.plot(ANGLES, values, color=color, linestyle=style_, label=name)
        ax_curve.plot(marked, np.interp(marked, ANGLES, values), "o", color=color, markersize=5)
    ax_curve.axhline(0.0, color=REFERENCE, linewidth=0.8)
    ax_curve.set_ylim(-1.1, 1.1)
    ax_curve.legend(loc="center left", fontsize=8)
    ax_curve.set_title("Cosine and loss: the same at every |b|", fontsize=9)
    label(ax_curve, x="angle between a and b (degrees)", y="value")
    for readings, row_length, style_ in zip(rows, lengths, ("-", "--"), strict=False):
        ax_push.plot(ANGLES, np.sin(radians) / row_length, color=VERMILLION, linestyle=style_,
                     label=f"|b| = {row_length:.1f}")
        ax_push.plot(marked, [np.hypot(*reading.push) for reading in readings], "o",
                     color=VERMILLION, markersize=5)
    ax_push.set_ylim(0.0, 1.1)
    ax_push.legend(loc="lower center", fontsize=8)
    ax_push.set_title("Length of the push, sin θ / |b|", fontsize=9)
    label(ax_push, x="angle between a and b (degrees)", y="push length")
    for ax in (ax_curve, ax_push):
        ax.set_xlim(0, 180)
        ax.set_xticks([0, 45, 90, 135, 180])

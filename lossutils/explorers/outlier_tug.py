"""The outlier tug explorer: one point dragged away from a line, and the best line under three losses.

:class:`OutlierTugExplorer`: ten points near a line, one of which the learner
drags up or down. Left, the best straight line under MSE, MAE and Huber
(:mod:`lossutils.explorers.line_fits`); right, each line's slope against the dragged
point's height, with the current one marked.

It has a pure reading function (:func:`outlier_tug_reading`) and a static figure for
readers of the website (:func:`outlier_tug_small_multiples`).

Example:

>>> tug = outlier_tug_reading(outlier=30.0, delta=1.0)
>>> {name: round(fit.slope, 2) for name, fit in tug.fits.items()}
{'MSE': 1.57, 'MAE': 0.5, 'Huber': 0.57}
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .._validation import check_nonempty_sequence, check_scalar
from ..plotting import BLUE, BLUISH_GREEN, ORANGE, REFERENCE, TARGET, VERMILLION, label, new_figure
from .base import Explorer
from .line_fits import LineFit, huber_lines, least_absolute_lines, least_squares_lines

__all__ = ["OutlierTugReading", "outlier_tug_reading", "OutlierTugExplorer", "outlier_tug_small_multiples"]

#: The ten points of the tug-of-war: x = 0..9, y near 1 + x / 2 (fixed, made-up noise).
TUG_X = np.arange(10.0)
TUG_Y = 1.0 + 0.5 * TUG_X + np.array([0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.3, -0.3, 0.1])
for _array in (TUG_X, TUG_Y):
    _array.flags.writeable = False
#: The point the learner drags (x = 8; on the trend its y is 4.7).
OUTLIER_INDEX = 8
#: The heights the outlier's slider offers, and the slopes panel's x-axis.
OUTLIER_RANGE = (-10.0, 30.0)
OUTLIER_GRID = np.arange(OUTLIER_RANGE[0], OUTLIER_RANGE[1] + 0.25, 0.5)
OUTLIER_GRID.flags.writeable = False



def _heights(outliers) -> np.ndarray:
    """The ten heights for each outlier height: shape ``(len(outliers), 10)``."""
    y = np.tile(TUG_Y, (len(outliers), 1))
    y[:, OUTLIER_INDEX] = outliers
    return y


def _fits(y, delta: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {"MSE": least_squares_lines(TUG_X, y), "MAE": least_absolute_lines(TUG_X, y),
            "Huber": huber_lines(TUG_X, y, delta)}


@functools.lru_cache(maxsize=64)
def _slope_profiles(delta: float) -> dict[str, np.ndarray]:
    """Each fit's slope at every outlier height of ``OUTLIER_GRID`` (pure, so cached)."""
    profiles = {name: slopes for name, (_, slopes) in _fits(_heights(OUTLIER_GRID), delta).items()}
    for profile in profiles.values():
        profile.flags.writeable = False
    return profiles


@dataclass(frozen=True)
class OutlierTugReading:
    """Everything the outlier tug-of-war shows for one setting.

    Attributes:
        outlier: the dragged point's height (its x is ``TUG_X[OUTLIER_INDEX]``, 8).
        delta: Huber's ``delta``, in the units of y.
        x, y: the ten points, the dragged one included.
        fits: ``{"MSE": LineFit, "MAE": LineFit, "Huber": LineFit}``, the line
            each loss finds best.
        outlier_grid: heights of the dragged point for the slopes panel.
        slope_profiles: ``{name: slopes}``, each fit's slope at each height of
            ``outlier_grid``: MSE's moves with the point for ever, MAE's stops
            moving once the point is far away, Huber's nearly so.
    """

    outlier: float
    delta: float
    x: np.ndarray
    y: np.ndarray
    fits: dict[str, LineFit]
    outlier_grid: np.ndarray
    slope_profiles: dict[str, np.ndarray]


def outlier_tug_reading(outlier=20.0, delta=1.0) -> OutlierTugReading:
    """The best lines under MSE, MAE and Huber through ten points, one of them dragged.

    Pure NumPy in float64: no figure is involved.

    Args:
        outlier: the height of the point at x = 8 (4.7 would put it on the trend).
        delta: Huber's ``delta``, a positive number.

    Returns:
        An :class:`OutlierTugReading`.

    Raises:
        TypeError: an argument is not a real number.
        ValueError: ``delta`` is not positive.

    Example:

    >>> on_trend = outlier_tug_reading(outlier=4.7)
    >>> {name: round(fit.slope, 3) for name, fit in on_trend.fits.items()}
    {'MSE': 0.495, 'MAE': 0.467, 'Huber': 0.495}

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    outlier = check_scalar(outlier, "outlier")
    delta = check_scalar(delta, "delta", low=0.0, include_boundaries="neither",
                         expected="a positive number (Huber's delta)")
    y = _heights([outlier])
    fits = {name: LineFit(float(a[0]), float(b[0])) for name, (a, b) in _fits(y, delta).items()}
    y = y[0]
    y.flags.writeable = False
    return OutlierTugReading(outlier=outlier, delta=delta, x=TUG_X, y=y, fits=fits,
                             outlier_grid=OUTLIER_GRID, slope_profiles=_slope_profiles(delta))


FIT_COLORS = {"MSE": BLUE, "MAE": ORANGE, "Huber": BLUISH_GREEN}
FIT_STYLES = {"MSE": "-", "MAE": "--", "Huber": "-."}
_LINE_ENDS = np.array([-0.5, 9.5])
_TUG_YLIM = (-12.0, 32.0)


def _draw_tug(ax) -> dict:
    """The nine fixed points, an empty dragged point and empty lines, keyed by name."""
    keep = np.arange(TUG_X.size) != OUTLIER_INDEX
    ax.plot(TUG_X[keep], TUG_Y[keep], "o", color=TARGET, markersize=5, label="data")
    artists = {"outlier": ax.plot([], [], "o", color=VERMILLION, markersize=8, zorder=4,
                                  label="the dragged point")[0]}
    for name, color in FIT_COLORS.items():
        artists[name] = ax.plot([], [], color=color, linestyle=FIT_STYLES[name],
                                label=f"best line: {name}")[0]
    ax.set_xlim(*_LINE_ENDS)
    ax.set_ylim(*_TUG_YLIM)
    label(ax, x="x", y="y")
    return artists


def _show_tug(artists: dict, reading: OutlierTugReading) -> None:
    artists["outlier"].set_data([TUG_X[OUTLIER_INDEX]], [reading.outlier])
    for name, fit in reading.fits.items():
        artists[name].set_data(_LINE_ENDS, fit(_LINE_ENDS))


class OutlierTugExplorer(Explorer):
    """A slider drags one of ten points; the best lines under MSE, MAE and Huber follow, or not.

    Left: the points and the three best lines. Right: each line's slope against
    the dragged point's height (the same curves until ``delta`` changes), with
    the current height marked. Squared errors let one point pull the line as
    far as it likes; absolute errors let it go once it is far away; Huber
    behaves like MSE near the line and like MAE far from it.

    Args:
        outlier: the dragged point's height; the slider offers -10 to 30. Default: 20
            (on the trend it would be 4.7).
        delta: Huber's ``delta``; the slider offers 0.2 to 5. Default: 1.

    Example:

    >>> explorer = OutlierTugExplorer()
    >>> reading = explorer.update(outlier=30.0)
    >>> [round(float(marker.get_ydata()[0]), 2) for marker in explorer.markers.values()]
    [1.57, 0.5, 0.57]

    Taught in: Regression losses (book/regression_losses.ipynb).
    """

    def __init__(self, outlier: float = 20.0, delta: float = 1.0) -> None:
        super().__init__(outlier=outlier, delta=delta)

    compute = staticmethod(outlier_tug_reading)  # the pure computation behind the figure

    def describe(self, reading: OutlierTugReading) -> str:
        """The caption and alt text: the dragged point and each best line."""
        lines = "; ".join(f"{name}: intercept {fit.intercept:.2f}, slope {fit.slope:.2f}"
                          for name, fit in reading.fits.items())
        return (
            f"Ten points near the line y = 1 + x/2; the one at x = 8 is dragged to y = "
            f"{reading.outlier:.1f}. The best lines, with Huber delta {reading.delta:.1f}: {lines}. "
            f"Right: each line's slope against the dragged point's height from -10 to 30 (dotted "
            f"line: its height now; grey line: its undisturbed height, {TUG_Y[OUTLIER_INDEX]:.1f})."
        )

    def _build(self, reading: OutlierTugReading):
        fig, (ax_data, ax_slopes) = new_figure(1, 2, height=3.4, title="One point's tug on three best lines")
        self.tug = _draw_tug(ax_data)
        ax_data.legend(loc="upper left", fontsize=7.5)
        ax_data.set_title("The points and the best line under each loss", fontsize=9)
        self.profiles = {name: ax_slopes.plot([], [], color=color, linestyle=FIT_STYLES[name])[0]
                         for name, color in FIT_COLORS.items()}
        self.markers = {name: ax_slopes.plot([], [], "o", color=color, zorder=3)[0]
                        for name, color in FIT_COLORS.items()}
        self.height_line = ax_slopes.axvline(0.0, color=VERMILLION, linestyle=":", linewidth=1.2)
        on_trend = ax_slopes.axvline(TUG_Y[OUTLIER_INDEX], color=REFERENCE, linewidth=0.8)
        ax_slopes.set_xlim(*OUTLIER_RANGE)
        ax_slopes.set_ylim(-0.6, 2.0)
        label(ax_slopes, x="height of the dragged point", y="slope of the best line")
        ax_slopes.set_title("Each line's slope against the point's height", fontsize=9)
        self.axes = (ax_data, ax_slopes)
        # What update() changes, then what a full draw puts over it: the line of the undisturbed
        # height. The legend, top left, stays clear of every line that moves.
        self.animate(*self.tug.values(), *self.profiles.values(), *self.markers.values(),
                     self.height_line, on_trend)
        return fig

    def _show(self, reading: OutlierTugReading) -> None:
        _show_tug(self.tug, reading)
        for name, line in self.profiles.items():
            line.set_data(reading.outlier_grid, reading.slope_profiles[name])
            self.markers[name].set_data([reading.outlier], [reading.fits[name].slope])
        self.height_line.set_xdata([reading.outlier] * 2)

    def _web_stops(self, controls):
        return {
            "outlier": self._stops_with_current("outlier", (-10.0, -5.0, 0.0, 5.0, 10.0, 15.0, 20.0, 30.0)),
            "delta": self._stops_with_current("delta", (0.5, 1.0, 3.0)),
        }

    def _controls(self, widgets):
        style = {"description_width": "8em"}
        return {
            "outlier": widgets.FloatSlider(value=self.params["outlier"], min=OUTLIER_RANGE[0],
                                           max=OUTLIER_RANGE[1], step=0.5,
                                           description="dragged point y", style=style),
            "delta": widgets.FloatSlider(value=self.params["delta"], min=0.2, max=5.0, step=0.1,
                                         description="Huber δ", style=style),
        }


def outlier_tug_small_multiples(outliers=(4.7, 12.0, 30.0), delta=1.0, *, title: str | None = None):
    """A static figure of the tug-of-war at several heights of the dragged point.

    One panel per height, drawn as the explorer's left panel, with the three
    slopes written in its lower right corner.

    Args:
        outliers: the dragged point's heights, one panel each.
        delta: Huber's ``delta``.
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Example:

    >>> fig = outlier_tug_small_multiples([4.7, 30.0])
    >>> fig.axes[1].get_title(), fig.axes[1].texts[0].get_text()
    ('dragged point at y = 30.0', 'slopes\\nMSE 1.57\\nMAE 0.50\\nHuber 0.57')

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    check_nonempty_sequence(outliers, "outliers", "numbers")
    readings = [outlier_tug_reading(value, delta) for value in outliers]
    ncols = min(len(readings), 3)
    fig, axes = new_figure(-(-len(readings) // ncols), ncols, height=3.0 * -(-len(readings) // ncols),
                           sharey=True, title=title)
    for ax, reading in zip(axes, readings, strict=False):
        _show_tug(_draw_tug(ax), reading)
        ax.set_title(f"dragged point at y = {reading.outlier:.1f}", fontsize=9)
        # Bottom right, below the points: the panels are too narrow for the slopes in the title.
        slopes = "\n".join(f"{name} {fit.slope:.2f}" for name, fit in reading.fits.items())
        ax.text(0.97, 0.04, f"slopes\n{slopes}", transform=ax.transAxes, ha="right", va="bottom",
                fontsize=7.5)
    for ax in axes[len(readings):]:
        ax.set_visible(False)
    axes[0].legend(loc="upper left", fontsize=7)
    return fig

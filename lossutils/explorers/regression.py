"""The regression explorers: seven losses against the error, and one outlier's tug on three lines.

:class:`RegressionLossExplorer`: the learner sets Huber's ``delta`` and a target.
Left, the four losses that depend only on the error ``e = y_pred - y_true``
(MSE, MAE, Huber, log-cosh); middle, their slopes ``dL/dy_pred``; right, the
three that also depend on the target (MAPE, MSLE, Poisson) against the
prediction. Every curve is computed by the ``lossutils.losses`` twin of the
Keras loss, in float64.

:class:`OutlierTugExplorer`: ten points near a line, one of which the learner
drags up or down. Left, the best straight line under MSE, MAE and Huber; right,
each line's slope against the dragged point's height, with the current one marked.

Each has a pure reading function (:func:`regression_loss_reading`,
:func:`outlier_tug_reading`) and a static figure for readers of the website
(:func:`regression_loss_small_multiples`, :func:`outlier_tug_small_multiples`).

Example:

>>> tug = outlier_tug_reading(outlier=30.0, delta=1.0)
>>> {name: round(fit.slope, 2) for name, fit in tug.fits.items()}
{'MSE': 1.57, 'MAE': 0.5, 'Huber': 0.57}
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np

from .. import losses
from .._validation import check_nonempty_sequence, check_scalar
from ..plotting import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    REFERENCE,
    SKY_BLUE,
    TARGET,
    VERMILLION,
    label,
    new_figure,
)
from . import web
from ._shared import check_pairs, legend_below
from .base import Explorer

__all__ = [
    "RegressionLossReading",
    "regression_loss_reading",
    "RegressionLossExplorer",
    "regression_loss_small_multiples",
    "LineFit",
    "OutlierTugReading",
    "outlier_tug_reading",
    "OutlierTugExplorer",
    "outlier_tug_small_multiples",
]

#: The colour and line style of each loss, the same in every regression figure.
LOSS_STYLES = {"MSE": (BLUE, "-"), "MAE": (ORANGE, "-"), "Huber": (BLUISH_GREEN, "-"),
               "log-cosh": (REDDISH_PURPLE, "--"), "MAPE / 100": (VERMILLION, "-"),
               "MSLE": (SKY_BLUE, "--"), "Poisson − its minimum": (BLACK, "-.")}
RESIDUAL_LOSSES = ("MSE", "MAE", "Huber", "log-cosh")
#: The errors ``e = y_pred - y_true`` at which the residual losses are drawn.
ERRORS = np.linspace(-4.0, 4.0, 401)
ERRORS.flags.writeable = False
#: The predictions at which the target-dependent losses are drawn (all positive: Poisson
#: and MSLE need it, MAPE does not care).
PREDICTIONS = np.linspace(0.0, 10.0, 401)
PREDICTIONS.flags.writeable = False
#: The loss and slope axes stop here; the curves run on beyond the panel.
LOSS_TOP, SLOPE_TOP, TARGET_LOSS_TOP = 4.0, 3.0, 2.5


def _per_sample(loss, y_true, y_pred, **kwargs) -> np.ndarray:
    """``loss`` (a ``lossutils.losses`` function) of each pair, one sample each, in float64."""
    y_true = np.broadcast_to(np.asarray(y_true, np.float64), np.shape(y_pred))
    return loss(y_true[:, np.newaxis], np.asarray(y_pred, np.float64)[:, np.newaxis], **kwargs)


@dataclass(frozen=True)
class RegressionLossReading:
    """Everything the regression-loss explorer shows for one setting.

    Attributes:
        delta: Huber's ``delta``, where its curve turns from quadratic to straight.
        target: the target ``y_true`` of the right panel.
        errors: the errors ``e = y_pred - y_true`` of the left and middle panels.
        residual_losses: ``{name: curve}`` for MSE, MAE, Huber and log-cosh, each
            at every error of ``errors`` (Keras's MSE is ``e**2``, without a half).
        slopes: ``{name: dL/dy_pred}`` for the same four: ``2e``, ``sign(e)``,
            ``clip(e, -delta, delta)`` and ``tanh(e)``.
        predictions: the predictions ``y_pred`` of the right panel.
        target_losses: ``{name: curve}`` for MAPE divided by 100 (so 1 is 100 %),
            MSLE, and the Poisson loss minus its value at ``y_pred = target``
            (its minimum), each at every prediction of ``predictions``.
        under, over: ``{name: loss}`` of the same three at ``y_pred = target / 2``
            and ``y_pred = 3 target / 2``, an under- and an over-forecast by the same amount.

    Taught in: Regression losses (book/regression_losses.ipynb).
    """

    delta: float
    target: float
    errors: np.ndarray
    residual_losses: dict[str, np.ndarray]
    slopes: dict[str, np.ndarray]
    predictions: np.ndarray
    target_losses: dict[str, np.ndarray]
    under: dict[str, float]
    over: dict[str, float]


def _target_losses(target: float, predictions) -> dict[str, np.ndarray]:
    poisson_floor = _per_sample(losses.poisson, target, np.array([target]))[0]
    return {
        "MAPE / 100": _per_sample(losses.mean_absolute_percentage_error, target, predictions) / 100,
        "MSLE": _per_sample(losses.mean_squared_logarithmic_error, target, predictions),
        "Poisson − its minimum": _per_sample(losses.poisson, target, predictions) - poisson_floor,
    }


def regression_loss_reading(delta=1.0, target=3.0) -> RegressionLossReading:
    """The seven regression losses of Keras as curves, for one Huber ``delta`` and one target.

    Pure NumPy in float64: no figure is involved.

    Args:
        delta: Huber's ``delta``, a positive number.
        target: the target of MAPE, MSLE and Poisson, a positive number.

    Returns:
        A :class:`RegressionLossReading`.

    Raises:
        TypeError: an argument is not a real number.
        ValueError: an argument is not positive.

    Example:

    >>> r = regression_loss_reading(delta=1.0, target=2.0)
    >>> i = int(np.searchsorted(r.errors, 3.0))  # an error of 3
    >>> {name: round(float(curve[i]), 3) for name, curve in r.residual_losses.items()}
    {'MSE': 9.0, 'MAE': 3.0, 'Huber': 2.5, 'log-cosh': 2.309}
    >>> {name: round(value, 3) for name, value in r.under.items()}
    {'MAPE / 100': 0.5, 'MSLE': 0.164, 'Poisson − its minimum': 0.386}

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    delta = check_scalar(delta, "delta", low=0.0, include_boundaries="neither",
                         expected="a positive number (Huber's delta)")
    target = check_scalar(target, "target", low=0.0, include_boundaries="neither",
                          expected="a positive number (MSLE and Poisson need y_true > 0)")
    zero = np.float64(0.0)
    residual_losses = {
        "MSE": _per_sample(losses.mean_squared_error, zero, ERRORS),
        "MAE": _per_sample(losses.mean_absolute_error, zero, ERRORS),
        "Huber": _per_sample(losses.huber, zero, ERRORS, delta=delta),
        "log-cosh": _per_sample(losses.log_cosh, zero, ERRORS),
    }
    slopes = {"MSE": 2 * ERRORS, "MAE": np.sign(ERRORS),
              "Huber": np.clip(ERRORS, -delta, delta), "log-cosh": np.tanh(ERRORS)}
    off_by_half = _target_losses(target, np.array([target / 2, 3 * target / 2]))
    return RegressionLossReading(
        delta=delta, target=target, errors=ERRORS, residual_losses=residual_losses,
        slopes=slopes, predictions=PREDICTIONS,
        target_losses=_target_losses(target, PREDICTIONS),
        under={name: float(v[0]) for name, v in off_by_half.items()},
        over={name: float(v[1]) for name, v in off_by_half.items()},
    )


def _draw_loss_panels(ax_loss, ax_slope, ax_target) -> tuple[dict, list]:
    """Empty curves in the three panels, keyed by ``(panel, loss name)``, and the target line;
    and the reference lines drawn over them (after them, so a full draw puts them on top)."""
    lines = {}
    for name, (color, style) in LOSS_STYLES.items():
        if name in RESIDUAL_LOSSES:
            (lines["loss", name],) = ax_loss.plot([], [], color=color, linestyle=style, label=name)
            (lines["slope", name],) = ax_slope.plot([], [], color=color, linestyle=style)
        else:
            (lines["target", name],) = ax_target.plot([], [], color=color, linestyle=style, label=name)
    lines["target line"] = ax_target.axvline(0.0, color=REFERENCE, linestyle=":", linewidth=1.2)
    references = [ax.axvline(0.0, color=REFERENCE, linewidth=0.8) for ax in (ax_loss, ax_slope)]
    references.append(ax_slope.axhline(0.0, color=REFERENCE, linewidth=0.8))
    for ax in (ax_loss, ax_slope):
        ax.set_xlim(ERRORS[0], ERRORS[-1])
    ax_loss.set_ylim(0, LOSS_TOP)
    ax_slope.set_ylim(-SLOPE_TOP, SLOPE_TOP)
    ax_target.set_xlim(PREDICTIONS[0], PREDICTIONS[-1])
    ax_target.set_ylim(0, TARGET_LOSS_TOP)
    label(ax_loss, x="error e = y_pred − y_true", y="loss")
    label(ax_slope, x="error e = y_pred − y_true", y="slope dL/dy_pred")
    label(ax_target, x="prediction y_pred", y="loss")
    return lines, references


def _show_loss_panels(lines: dict, reading: RegressionLossReading) -> None:
    # Each curve is cut just beyond its panel: a dashed line far off the chart costs dashes to draw.
    panels = {"loss": (reading.errors, reading.residual_losses, LOSS_TOP),
              "slope": (reading.errors, reading.slopes, SLOPE_TOP),
              "target": (reading.predictions, reading.target_losses, TARGET_LOSS_TOP)}
    for (panel, name), line in ((k, v) for k, v in lines.items() if isinstance(k, tuple)):
        x, curves, top = panels[panel]
        line.set_data(x, np.clip(curves[name], -1.05 * top, 1.05 * top))
    lines["target line"].set_xdata([reading.target] * 2)


def _huber_title(delta: float) -> str:
    return f"Huber δ = {delta:.1f}"


def _target_title(target: float) -> str:
    return f"target y_true = {target:.1f}"


class RegressionLossExplorer(Explorer):
    """Sliders for Huber's ``delta`` and a target; the seven regression losses redraw live.

    Left: MSE, MAE, Huber and log-cosh against the error ``e = y_pred - y_true``.
    Middle: their slopes, what a gradient step feels: MSE's grows without
    bound, MAE's is always 1 in size, Huber's is MSE's (halved) inside
    ``±delta`` and capped at ``delta`` outside it, log-cosh's is a smooth ``tanh``.
    Right: MAPE (divided by 100), MSLE and the Poisson loss (minus its minimum)
    against the prediction for the chosen target (dotted line): they are not
    symmetric in the error.

    Args:
        delta: Huber's ``delta``, positive; the slider offers 0.1 to 3. Default: 1.
        target: the target of the right panel, positive; the slider offers 0.5
            to 8. Default: 3.

    Example:

    >>> explorer = RegressionLossExplorer()
    >>> reading = explorer.update(delta=2.0)
    >>> float(reading.slopes["Huber"].max()), explorer.huber_title.get_text()
    (2.0, 'Huber δ = 2.0')

    Taught in: Regression losses (book/regression_losses.ipynb).
    """

    def __init__(self, delta: float = 1.0, target: float = 3.0) -> None:
        super().__init__(delta=delta, target=target)

    @staticmethod
    def compute(delta, target) -> RegressionLossReading:
        """The pure computation behind the figure: see :func:`regression_loss_reading`."""
        return regression_loss_reading(delta, target)

    def describe(self, reading: RegressionLossReading) -> str:
        """Alt text: the three panels and the numbers that differ between settings."""
        under, over = reading.under, reading.over
        return (
            f"Left: MSE, MAE, Huber with delta {reading.delta:.1f} and log-cosh against the error "
            f"from -4 to 4. Middle: their slopes; Huber's is capped at plus or minus "
            f"{reading.delta:.1f}. Right: for target {reading.target:.1f}, MAPE divided by 100, "
            f"MSLE and Poisson minus its minimum against the prediction from 0 to 10. "
            f"Predicting half the target costs MAPE {100 * under['MAPE / 100']:.0f} %, MSLE "
            f"{under['MSLE']:.3f}, Poisson {under['Poisson − its minimum']:.3f} above its minimum; "
            f"predicting one and a half times the target costs MAPE {100 * over['MAPE / 100']:.0f} %, "
            f"MSLE {over['MSLE']:.3f}, Poisson {over['Poisson − its minimum']:.3f}."
        )

    def _build(self, reading: RegressionLossReading):
        fig, axes = new_figure(1, 3, height=3.6, title="How hard each loss pushes, and where")
        self.lines, references = _draw_loss_panels(*axes)
        legend_below(fig, axes[0], axes[2])
        axes[1].set_title("Slopes: what a gradient step feels", fontsize=9)
        self.huber_title = axes[0].set_title("", fontsize=9)
        self.target_title = axes[2].set_title("", fontsize=9)
        self.axes = tuple(axes)
        spines = [ax.spines[side] for ax in axes for side in ("left", "bottom")]
        self._changing = [*self.lines.values(), *references, self.huber_title, self.target_title, *spines]
        return fig

    def _redraw_artists(self):
        return self._changing

    def _show(self, reading: RegressionLossReading) -> None:
        _show_loss_panels(self.lines, reading)
        self.huber_title.set_text(_huber_title(reading.delta))
        self.target_title.set_text(_target_title(reading.target))

    def _web_stops(self, controls):
        return {
            "delta": web.stops_including((0.5, 1.0, 2.0, 3.0), self.params["delta"]),
            "target": web.stops_including((1.0, 3.0, 6.0), self.params["target"]),
        }

    def _controls(self, widgets):
        style = {"description_width": "6em"}
        return {
            "delta": widgets.FloatSlider(value=self.params["delta"], min=0.1, max=3.0, step=0.1,
                                         description="Huber δ", style=style),
            "target": widgets.FloatSlider(value=self.params["target"], min=0.5, max=8.0, step=0.5,
                                          description="target", style=style),
        }


def regression_loss_small_multiples(settings=((0.5, 1.0), (1.0, 3.0), (2.0, 6.0)), *,
                                    title: str | None = None):
    """A static figure of the regression explorer at several settings, for readers without a kernel.

    One row per ``(delta, target)`` setting, drawn as the explorer's three panels.

    Args:
        settings: a non-empty sequence of ``(delta, target)`` pairs.
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Raises:
        TypeError, ValueError: ``settings`` is not a sequence of pairs, or a value
            is invalid (as in :func:`regression_loss_reading`).

    Example:

    >>> fig = regression_loss_small_multiples([(0.5, 1.0), (2.0, 6.0)])
    >>> [ax.get_title() for ax in fig.axes[::3]]
    ['Huber δ = 0.5', 'Huber δ = 2.0']

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    readings = [regression_loss_reading(d, t)
                for d, t in check_pairs(settings, "settings", "(delta, target) pairs")]
    fig, axes = new_figure(len(readings), 3, height=3.0 * len(readings) + 0.4, title=title)
    for row, reading in enumerate(readings):
        ax_loss, ax_slope, ax_target = axes[3 * row:3 * row + 3]
        _show_loss_panels(_draw_loss_panels(ax_loss, ax_slope, ax_target)[0], reading)
        ax_loss.set_title(_huber_title(reading.delta), fontsize=9)
        ax_slope.set_title(f"Slopes; Huber's capped at ±{reading.delta:.1f}", fontsize=9)
        ax_target.set_title(_target_title(reading.target), fontsize=9)
    legend_below(fig, axes[0], axes[2])
    return fig


# ---------------------------------------------------------------- the outlier's tug

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
_PAIRS = np.array(list(itertools.combinations(range(TUG_X.size), 2)))


@dataclass(frozen=True)
class LineFit:
    """A straight line ``y = intercept + slope * x`` and the loss it minimises.

    Taught in: Regression losses (book/regression_losses.ipynb).
    """

    intercept: float
    slope: float

    def __call__(self, x):
        """The line's height at ``x``."""
        return self.intercept + self.slope * np.asarray(x, dtype=np.float64)


def _heights(outliers) -> np.ndarray:
    """The ten heights for each outlier height: shape ``(len(outliers), 10)``."""
    y = np.tile(TUG_Y, (len(outliers), 1))
    y[:, OUTLIER_INDEX] = outliers
    return y


def _least_squares(y, weights=None):
    """The weighted least-squares line of each row of ``y`` over ``TUG_X``: (intercepts, slopes)."""
    w = np.ones_like(y) if weights is None else weights
    sw, sx, sy = w.sum(-1), (w * TUG_X).sum(-1), (w * y).sum(-1)
    sxx, sxy = (w * TUG_X**2).sum(-1), (w * TUG_X * y).sum(-1)
    slopes = (sw * sxy - sx * sy) / (sw * sxx - sx**2)
    return (sy - slopes * sx) / sw, slopes


def _least_absolute(y):
    """The least-absolute-deviations line of each row of ``y``: (intercepts, slopes).

    Some best line passes through two of the points (a vertex of the linear
    program), so trying every pair finds it exactly; where several lines are
    equally good, the first pair in order wins.
    """
    i, j = _PAIRS[:, 0], _PAIRS[:, 1]
    slopes = (y[:, j] - y[:, i]) / (TUG_X[j] - TUG_X[i])  # (rows, pairs)
    intercepts = y[:, i] - slopes * TUG_X[i]
    residuals = y[:, np.newaxis, :] - (intercepts[..., np.newaxis] + slopes[..., np.newaxis] * TUG_X)
    best = np.abs(residuals).sum(-1).argmin(-1)
    rows = np.arange(y.shape[0])
    return intercepts[rows, best], slopes[rows, best]


def _huber_line(y, delta: float, tolerance: float = 1e-12, max_steps: int = 500):
    """The Huber-loss line of each row of ``y``: (intercepts, slopes).

    Iteratively reweighted least squares, started from the least-absolute line:
    a point beyond ``delta`` from the line gets the weight ``delta / |residual|``,
    which turns its squared error into Huber's straight arm. Each step lowers
    the (convex) Huber objective; it stops when no parameter moves by more than
    ``tolerance``.
    """
    intercepts, slopes = _least_absolute(y)
    for _ in range(max_steps):
        residuals = np.abs(y - (intercepts[:, np.newaxis] + slopes[:, np.newaxis] * TUG_X))
        weights = np.minimum(1.0, delta / np.maximum(residuals, 1e-300))
        new_intercepts, new_slopes = _least_squares(y, weights)
        moved = max(np.abs(new_intercepts - intercepts).max(), np.abs(new_slopes - slopes).max())
        intercepts, slopes = new_intercepts, new_slopes
        if moved <= tolerance:
            break
    return intercepts, slopes


def _fits(y, delta: float) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {"MSE": _least_squares(y), "MAE": _least_absolute(y), "Huber": _huber_line(y, delta)}


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

    Taught in: Regression losses (book/regression_losses.ipynb).
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


def _slopes_text(reading: OutlierTugReading) -> str:
    return ", ".join(f"{name} {fit.slope:.2f}" for name, fit in reading.fits.items())


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
    >>> explorer.slopes_title.get_text()
    'slopes: MSE 1.57, MAE 0.50, Huber 0.57'

    Taught in: Regression losses (book/regression_losses.ipynb).
    """

    def __init__(self, outlier: float = 20.0, delta: float = 1.0) -> None:
        super().__init__(outlier=outlier, delta=delta)

    @staticmethod
    def compute(outlier, delta) -> OutlierTugReading:
        """The pure computation behind the figure: see :func:`outlier_tug_reading`."""
        return outlier_tug_reading(outlier, delta)

    def describe(self, reading: OutlierTugReading) -> str:
        """Alt text: the dragged point and each line, in words."""
        lines = "; ".join(f"{name}: intercept {fit.intercept:.2f}, slope {fit.slope:.2f}"
                          for name, fit in reading.fits.items())
        return (
            f"Ten points near the line y = 1 + x/2; the one at x = 8 is dragged to y = "
            f"{reading.outlier:.1f}. The best lines, with Huber delta {reading.delta:.1f}: {lines}. "
            f"Right: each line's slope against the dragged point's height from -10 to 30."
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
        self.slopes_title = ax_slopes.set_title("", fontsize=9)
        self.axes = (ax_data, ax_slopes)
        spines = [ax.spines[side] for ax in self.axes for side in ("left", "bottom")]
        # What update() changes, then what a full draw puts over it: the line of the undisturbed
        # height and the spines. The legend, top left, stays clear of every line that moves.
        self._changing = [*self.tug.values(), *self.profiles.values(), *self.markers.values(),
                          self.height_line, on_trend, self.slopes_title, *spines]
        return fig

    def _redraw_artists(self):
        return self._changing

    def _show(self, reading: OutlierTugReading) -> None:
        _show_tug(self.tug, reading)
        for name, line in self.profiles.items():
            line.set_data(reading.outlier_grid, reading.slope_profiles[name])
            self.markers[name].set_data([reading.outlier], [reading.fits[name].slope])
        self.height_line.set_xdata([reading.outlier] * 2)
        self.slopes_title.set_text(f"slopes: {_slopes_text(reading)}")

    def _web_stops(self, controls):
        return {
            "outlier": web.stops_including((-10.0, -5.0, 0.0, 5.0, 10.0, 15.0, 20.0, 30.0),
                                           self.params["outlier"]),
            "delta": web.stops_including((0.5, 1.0, 3.0), self.params["delta"]),
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

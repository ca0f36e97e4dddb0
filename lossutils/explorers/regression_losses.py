"""The regression loss explorer: seven losses against the error and against the prediction.

:class:`RegressionLossExplorer`: the learner sets Huber's ``delta`` and a target.
Left, the four losses that depend only on the error ``e = y_pred - y_true``
(MSE, MAE, Huber, log-cosh); middle, their slopes ``dL/dy_pred``; right, the
three that also depend on the target (MAPE, MSLE, Poisson) against the
prediction. Every curve is computed by the ``lossutils.losses`` twin of the
Keras loss, in float64.

It has a pure reading function (:func:`regression_loss_reading`) and a static figure for
readers of the website (:func:`regression_loss_small_multiples`).

Example:

>>> r = regression_loss_reading(delta=1.0, target=3.0)
>>> float(r.residual_losses["Huber"][0])  # at the error -4: the straight arm, 4 - 1/2
3.5
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import losses
from .._validation import check_pairs, check_scalar
from ..plotting import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    REFERENCE,
    SKY_BLUE,
    VERMILLION,
    label,
    legend_below,
    new_figure,
)
from .base import Explorer

__all__ = [
    "RegressionLossReading",
    "regression_loss_reading",
    "RegressionLossExplorer",
    "regression_loss_small_multiples",
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
    >>> reading = explorer.update(delta=2.0, target=6.0)
    >>> float(explorer.lines["slope", "Huber"].get_ydata().max())  # capped at delta
    2.0
    >>> float(explorer.lines["target line"].get_xdata()[0])
    6.0

    Taught in: Regression losses (book/regression_losses.ipynb).
    """

    def __init__(self, delta: float = 1.0, target: float = 3.0) -> None:
        super().__init__(delta=delta, target=target)

    compute = staticmethod(regression_loss_reading)  # the pure computation behind the figure

    def describe(self, reading: RegressionLossReading) -> str:
        """The caption and alt text: the three panels and the numbers that differ between settings."""
        under, over = reading.under, reading.over
        return (
            f"Left: MSE, MAE, Huber with delta {reading.delta:.1f} and log-cosh against the error "
            f"from -4 to 4. Middle: their slopes; Huber's is capped at plus or minus "
            f"{reading.delta:.1f}. Right: for target {reading.target:.1f} (dotted line), MAPE divided "
            f"by 100, MSLE, and Poisson minus its minimum, against the prediction from 0 to 10. "
            f"Predicting half the target costs MAPE {100 * under['MAPE / 100']:.0f} %, MSLE "
            f"{under['MSLE']:.3f}, Poisson {under['Poisson − its minimum']:.3f} above its minimum; "
            f"predicting one and a half times the target costs MAPE {100 * over['MAPE / 100']:.0f} %, "
            f"MSLE {over['MSLE']:.3f}, Poisson {over['Poisson − its minimum']:.3f}."
        )

    def _build(self, reading: RegressionLossReading):
        fig, axes = new_figure(1, 3, height=3.6, title="How hard each loss pushes, and where")
        self.lines, references = _draw_loss_panels(*axes)
        legend_below(fig, axes[0], axes[2])
        axes[0].set_title("Losses against the error", fontsize=9)
        axes[1].set_title("Slopes: what a gradient step feels", fontsize=9)
        axes[2].set_title("Losses against the prediction", fontsize=9)
        self.axes = tuple(axes)
        # Huber's curves change with delta, the right panel's with the target. MSE's and MAE's
        # never change and are drawn before Huber's, so they stay in the kept picture; log-cosh's,
        # drawn after Huber's, and the reference lines over them all are drawn again.
        fixed = {(panel, name) for panel in ("loss", "slope") for name in ("MSE", "MAE")}
        self.animate(*(line for key, line in self.lines.items() if key not in fixed), *references)
        return fig

    def _show(self, reading: RegressionLossReading) -> None:
        _show_loss_panels(self.lines, reading)

    def _web_stops(self, controls):
        return {
            "delta": self._stops_with_current("delta", (0.5, 1.0, 2.0, 3.0)),
            "target": self._stops_with_current("target", (1.0, 3.0, 6.0)),
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
        ax_loss.set_title(f"Huber δ = {reading.delta:.1f}", fontsize=9)
        ax_slope.set_title(f"Slopes; Huber's capped at ±{reading.delta:.1f}", fontsize=9)
        ax_target.set_title(f"target y_true = {reading.target:.1f}", fontsize=9)
    legend_below(fig, axes[0], axes[2])
    return fig

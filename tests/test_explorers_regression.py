"""Tests of the regression explorers (lossutils.explorers.regression_losses, .outlier_tug, .line_fits).

The curves are checked against the formulas written out here, independently of
lossutils; the three best lines against independent solvers (NumPy's polyfit,
SciPy's linear programming and a general minimiser) and against what the chapter
teaches (MSE's line follows the dragged point for ever, MAE's and Huber's stop
following it); the explorers' artists and captions against their readings. The contract
every explorer keeps is checked by test_explorer_contract.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
from explorer_checks import assert_redraws_like_full_draws
from hypothesis import given
from hypothesis import strategies as st

from lossutils.explorers import (
    OutlierTugExplorer,
    RegressionLossExplorer,
    outlier_tug,
    outlier_tug_reading,
    outlier_tug_small_multiples,
    regression_loss_reading,
    regression_loss_small_multiples,
)
from lossutils.explorers.line_fits import huber_lines, least_absolute_lines, least_squares_lines

EPS = 1e-7


def huber_by_formula(e, delta):
    return np.where(np.abs(e) <= delta, 0.5 * e**2, delta * np.abs(e) - 0.5 * delta**2)


# --- the seven curves ---------------------------------------------------------

@pytest.mark.parametrize(("delta", "target"), [(1.0, 3.0), (0.3, 0.5), (2.5, 8.0)])
def test_curves_are_the_formulas(delta, target):
    r = regression_loss_reading(delta, target)
    e, p = r.errors, r.predictions
    np.testing.assert_allclose(r.residual_losses["MSE"], e**2, rtol=1e-12)
    np.testing.assert_allclose(r.residual_losses["MAE"], np.abs(e), rtol=1e-12)
    np.testing.assert_allclose(r.residual_losses["Huber"], huber_by_formula(e, delta), rtol=1e-12)
    np.testing.assert_allclose(r.residual_losses["log-cosh"], np.log(np.cosh(e)), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(r.target_losses["MAPE / 100"], np.abs(p - target) / target, rtol=1e-12)
    np.testing.assert_allclose(r.target_losses["MSLE"],
                               (np.log1p(np.maximum(p, EPS)) - np.log1p(target)) ** 2, rtol=1e-9, atol=1e-15)
    poisson = p - target * np.log(p + EPS)
    np.testing.assert_allclose(r.target_losses["Poisson − its minimum"],
                               poisson - (target - target * np.log(target + EPS)), rtol=1e-9, atol=1e-12)


@given(st.floats(0.1, 3.0), st.floats(0.5, 8.0))
def test_slopes_are_the_derivatives_of_the_curves(delta, target):
    r = regression_loss_reading(delta, target)
    step = r.errors[1] - r.errors[0]
    inner = slice(1, -1)
    for name, curve in r.residual_losses.items():
        numeric = (curve[2:] - curve[:-2]) / (2 * step)
        kinks = np.abs(r.errors[inner]) < 1.5 * step  # MAE's corner at 0
        if name == "Huber":  # its slope is continuous; the second derivative jumps at ±delta
            kinks |= np.abs(np.abs(r.errors[inner]) - delta) < 1.5 * step
        np.testing.assert_allclose(numeric[~kinks], r.slopes[name][inner][~kinks], atol=step**2 * 2 + 1e-9)
    assert np.abs(r.slopes["Huber"]).max() == pytest.approx(min(delta, 4.0))
    # Every curve of the right panel has its minimum, 0, at the target.
    for name, curve in r.target_losses.items():
        assert curve.min() >= -1e-12
        assert abs(r.predictions[np.argmin(curve)] - target) <= r.predictions[1] - r.predictions[0], name


def test_under_and_over_forecasts():
    r = regression_loss_reading(1.0, 2.0)
    assert r.under["MAPE / 100"] == r.over["MAPE / 100"] == 0.5
    assert r.under["MSLE"] == pytest.approx((math.log1p(1.0) - math.log1p(2.0)) ** 2)
    poisson = "Poisson − its minimum"
    assert r.over[poisson] == pytest.approx(3.0 - 2 * math.log(3.0) - (2 - 2 * math.log(2)), rel=1e-6)
    assert r.under["MSLE"] > r.over["MSLE"] and r.under[poisson] > r.over[poisson]


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [({"delta": 0.0}, ValueError, "delta"), ({"delta": -1.0}, ValueError, "delta"),
     ({"delta": "1"}, TypeError, "delta"), ({"delta": True}, TypeError, "delta"),
     ({"target": 0.0}, ValueError, "target"), ({"target": float("nan")}, ValueError, "target")],
)
def test_loss_reading_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        regression_loss_reading(**kwargs)


def test_loss_explorer_draws_and_describes_the_reading():
    explorer = RegressionLossExplorer()
    lines = explorer.lines
    reading = explorer.update(delta=2.0, target=6.0)
    np.testing.assert_allclose(lines["slope", "Huber"].get_ydata(), reading.slopes["Huber"])
    np.testing.assert_allclose(lines["loss", "Huber"].get_ydata(),
                               np.minimum(huber_by_formula(reading.errors, 2.0), 1.05 * 4.0))
    assert lines["target line"].get_xdata()[0] == 6.0
    caption = explorer.describe(reading)
    assert "Huber with delta 2.0" in caption and "plus or minus 2.0" in caption
    assert "for target 6.0 (dotted line)" in caption
    msle_under = (math.log1p(3.0) - math.log1p(6.0)) ** 2
    assert f"Predicting half the target costs MAPE 50 %, MSLE {msle_under:.3f}" in caption


def test_loss_sliders_and_small_multiples():
    controls, _ = RegressionLossExplorer(delta=1.0, target=3.0).widget(web=False).children
    assert [(s.description, s.min, s.max) for s in controls.children] == [("Huber δ", 0.1, 3.0),
                                                                           ("target", 0.5, 8.0)]
    fig = regression_loss_small_multiples([(0.5, 1.0), (2.0, 6.0)], title="t")
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in fig.axes[::3]] == ["Huber δ = 0.5", "Huber δ = 2.0"]
    assert [ax.get_title() for ax in fig.axes[2::3]] == ["target y_true = 1.0", "target y_true = 6.0"]
    with pytest.raises(ValueError, match="pairs"):
        regression_loss_small_multiples([(1.0,)])
    with pytest.raises(ValueError, match="`delta`"):
        regression_loss_small_multiples([(0.0, 1.0)])


# --- the outlier's tug -----------------------------------------------------------

HEIGHTS = [-10.0, -3.0, 0.0, 4.7, 6.0, 9.5, 12.0, 20.0, 30.0]


def lad_optimum(x, y) -> float:
    """The least sum of absolute residuals of a line, by linear programming."""
    n = x.size
    rows = np.block([[-np.ones((n, 1)), -x[:, None], -np.eye(n)], [np.ones((n, 1)), x[:, None], -np.eye(n)]])
    result = scipy.optimize.linprog(np.r_[0.0, 0.0, np.ones(n)], A_ub=rows, b_ub=np.r_[-y, y],
                                    bounds=[(None, None)] * 2 + [(0, None)] * n, method="highs")
    return result.fun


def test_line_fits_of_several_rows_match_independent_solvers():
    """line_fits on its own: random rows and weights, against polyfit, linprog and a minimiser."""
    rng = np.random.default_rng(7)
    x = np.sort(rng.uniform(-3, 5, 12))
    y = 2.0 - 0.7 * x + rng.standard_t(2, size=(4, 12))  # heavy tails: some far points
    weights = rng.uniform(0.2, 3.0, size=y.shape)
    intercepts, slopes = least_squares_lines(x, y, weights)
    lad_intercepts, lad_slopes = least_absolute_lines(x, y)
    huber_intercepts, huber_slopes = huber_lines(x, y, delta=0.8)
    for row in range(y.shape[0]):
        # polyfit weighs the residuals, not their squares, hence the square root.
        np.testing.assert_allclose(np.polyfit(x, y[row], 1, w=np.sqrt(weights[row])),
                                   [slopes[row], intercepts[row]], rtol=1e-10)
        lad_total = np.abs(y[row] - lad_intercepts[row] - lad_slopes[row] * x).sum()
        assert lad_total == pytest.approx(lad_optimum(x, y[row]), rel=1e-9)
        def objective(params, row=row):
            return huber_by_formula(y[row] - params[0] - params[1] * x, 0.8).sum()
        found = scipy.optimize.minimize(objective, x0=[0.0, 0.0], method="BFGS", options={"gtol": 1e-10})
        np.testing.assert_allclose([huber_intercepts[row], huber_slopes[row]], found.x, atol=1e-6)
        assert objective([huber_intercepts[row], huber_slopes[row]]) <= found.fun + 1e-12


@pytest.mark.parametrize("height", HEIGHTS)
@pytest.mark.parametrize("delta", [0.5, 1.0, 3.0])
def test_each_line_is_the_best_under_its_loss(height, delta):
    r = outlier_tug_reading(height, delta)
    fits = r.fits
    np.testing.assert_allclose(np.polyfit(r.x, r.y, 1), [fits["MSE"].slope, fits["MSE"].intercept],
                               rtol=1e-10)
    assert np.abs(r.y - fits["MAE"](r.x)).sum() == pytest.approx(lad_optimum(r.x, r.y), rel=1e-9)
    # Huber: the optimality condition, sum of clipped residuals times (1, x), is 0...
    residuals = r.y - fits["Huber"](r.x)
    pull = np.clip(residuals, -delta, delta)
    assert abs(pull.sum()) < 1e-9 and abs((pull * r.x).sum()) < 1e-8
    # ...and no general-purpose minimiser finds a lower objective.
    def objective(params):
        return huber_by_formula(r.y - params[0] - params[1] * r.x, delta).sum()
    found = scipy.optimize.minimize(objective, x0=[0.0, 0.0], method="Nelder-Mead",
                                    options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20_000})
    assert objective([fits["Huber"].intercept, fits["Huber"].slope]) <= found.fun + 1e-9


def test_mse_follows_the_point_and_the_others_let_it_go():
    slopes = {h: {name: fit.slope for name, fit in outlier_tug_reading(h, 1.0).fits.items()} for h in HEIGHTS}
    # MSE's slope is linear in the point's height, with slope (x8 - mean x) / sum (x - mean x)^2.
    x = outlier_tug.TUG_X
    rate = (x[outlier_tug.OUTLIER_INDEX] - x.mean()) / ((x - x.mean()) ** 2).sum()
    assert slopes[30.0]["MSE"] - slopes[20.0]["MSE"] == pytest.approx(10 * rate)
    # Far away, the point's pull on MAE is its sign and on Huber delta: moving it further changes nothing.
    for name in ("MAE", "Huber"):
        assert slopes[30.0][name] == pytest.approx(slopes[20.0][name], abs=1e-9)
        assert slopes[-10.0][name] == pytest.approx(slopes[-3.0][name], abs=1e-9)
    assert slopes[30.0]["MSE"] > 3 * slopes[4.7]["MSE"] and slopes[30.0]["MSE"] > 2.5 * slopes[30.0]["Huber"]


def test_slope_profiles_are_the_fits_at_each_height():
    r = outlier_tug_reading(20.0, 1.0)
    for i in (0, 29, 60, len(r.outlier_grid) - 1):
        at = outlier_tug_reading(float(r.outlier_grid[i]), 1.0)
        for name, fit in at.fits.items():
            assert r.slope_profiles[name][i] == pytest.approx(fit.slope, abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [({"delta": 0.0}, ValueError, "delta"), ({"outlier": "high"}, TypeError, "outlier"),
     ({"outlier": float("nan")}, ValueError, "outlier"), ({"delta": None}, TypeError, "delta")],
)
def test_tug_reading_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        outlier_tug_reading(**kwargs)


def test_tug_explorer_draws_and_describes_the_reading():
    explorer = OutlierTugExplorer()
    reading = explorer.update(outlier=-10.0)
    assert tuple(explorer.tug["outlier"].get_data()[1]) == (-10.0,)
    np.testing.assert_allclose(explorer.tug["MSE"].get_ydata(), reading.fits["MSE"](outlier_tug._LINE_ENDS))
    assert explorer.height_line.get_xdata()[0] == -10.0
    caption = explorer.describe(reading)
    assert "dragged to y = -10.0" in caption and "Huber delta 1.0" in caption
    undisturbed = outlier_tug.TUG_Y[outlier_tug.OUTLIER_INDEX]
    assert f"grey line: its undisturbed height, {undisturbed:.1f})" in caption
    for name, fit in reading.fits.items():
        assert tuple(explorer.markers[name].get_data()[1]) == (fit.slope,)
        np.testing.assert_array_equal(explorer.profiles[name].get_ydata(), reading.slope_profiles[name])
        assert f"{name}: intercept {fit.intercept:.2f}, slope {fit.slope:.2f}" in caption
    controls, _ = explorer.widget(web=False).children
    assert [s.description for s in controls.children] == ["dragged point y", "Huber δ"]


def test_tug_small_multiples():
    fig = outlier_tug_small_multiples([4.7, 30.0])
    assert len(fig.axes) == 2 and fig.axes[1].get_title() == "dragged point at y = 30.0"
    assert fig.axes[1].texts[0].get_text() == "slopes\nMSE 1.57\nMAE 0.50\nHuber 0.57"
    with pytest.raises(TypeError, match="`outliers`"):
        outlier_tug_small_multiples([])


@pytest.mark.parametrize(("cls", "settings"), [
    (RegressionLossExplorer, [{"delta": 0.1, "target": 0.5}, {"delta": 3.0, "target": 8.0}]),
    (OutlierTugExplorer, [{"outlier": -10.0, "delta": 5.0}, {"outlier": 30.0, "delta": 0.2},
                          {"outlier": 30.0, "delta": 5.0}]),
], ids=["RegressionLossExplorer", "OutlierTugExplorer"])
def test_nothing_kept_in_the_picture_lies_over_a_moving_line(cls, settings):
    """The legends sit clear of every line that moves, at the ends of the sliders too."""
    explorer = cls()
    assert_redraws_like_full_draws(explorer, settings)

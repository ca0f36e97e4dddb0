"""Tests of the binary cross-entropy explorer of the cross-entropy chapter (no display needed).

The readings are checked against independent computations (SciPy, the loss
functions of lossutils.losses, numerical derivatives); the explorer's artists and
caption against the reading. What every explorer keeps (update in place, bad input,
fast redraw, widget, website) is checked by test_explorer_contract.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from explorer_checks import numerical_gradient, pyplot_figure_count
from hypothesis import given
from hypothesis import strategies as st

from lossutils import information, losses
from lossutils.explorers import (
    BinaryCrossentropyExplorer,
    BinaryCrossentropyReading,
    binary_crossentropy_curves,
    binary_crossentropy_reading,
)
from lossutils.explorers.binary_crossentropy import BCE_TOP_NATS

# --- binary_crossentropy_reading -----------------------------------------------

SETTINGS = [
    (1.0, 0.0, 0.8), (1.0, 0.1, 0.8), (0.0, 0.2, 0.3), (0.3, 0.5, 0.6), (1.0, 0.0, 1.0),
    (1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.0, 1.0, 0.5), (0.5, 0.0, 0.5), (1.0, 0.1, 0.0),
]


@pytest.mark.parametrize(("target", "smoothing", "prediction"), SETTINGS)
def test_bce_reading_matches_lossutils_losses(target, smoothing, prediction):
    reading = binary_crossentropy_reading(target, smoothing, prediction)
    assert isinstance(reading, BinaryCrossentropyReading)
    expected = losses.binary_crossentropy(np.array([[target]]), np.array([[prediction]]),
                                          label_smoothing=smoothing)
    assert expected.dtype == np.float64
    assert reading.loss == pytest.approx(float(expected[0]), rel=1e-12, abs=1e-15)
    assert reading.smoothed_target == pytest.approx(target * (1 - smoothing) + smoothing / 2)
    given = (reading.target, reading.label_smoothing, reading.prediction)
    assert given == (target, smoothing, prediction)
    # The floor is the binary entropy of the smoothed target, from SciPy.
    t = reading.smoothed_target
    assert reading.lowest_loss == pytest.approx(scipy.stats.entropy([t, 1 - t]), abs=1e-12)
    assert reading.loss >= reading.lowest_loss - 1e-12
    assert reading.best_prediction == t
    assert math.isfinite(reading.gradient)


def test_bce_curve_is_the_loss_at_every_grid_point():
    reading = binary_crossentropy_reading(1.0, 0.1, 0.5)
    assert reading.grid[0] == pytest.approx(0.001) and reading.grid[-1] == pytest.approx(0.999)
    assert np.all(np.diff(reading.grid) > 0)
    expected = losses.binary_crossentropy(np.full((reading.grid.size, 1), 1.0),
                                          reading.grid[:, None].astype(np.float64), label_smoothing=0.1)
    np.testing.assert_allclose(reading.curve, expected, rtol=1e-12)
    # Its lowest point is near p = t' = 0.95 and no lower than the floor.
    assert reading.grid[np.argmin(reading.curve)] == pytest.approx(0.95, abs=0.003)
    assert reading.curve.min() >= reading.lowest_loss
    assert reading.curve.min() == pytest.approx(reading.lowest_loss, abs=1e-4)
    # The grid is shared and cannot be changed by a caller.
    assert binary_crossentropy_reading(0.0, 0.0, 0.2).grid is reading.grid
    with pytest.raises(ValueError):
        reading.grid[0] = 0.5


@pytest.mark.parametrize(("target", "smoothing"), [(1.0, 0.0), (0.0, 0.1), (0.3, 0.2), (1.0, 0.5)])
@pytest.mark.parametrize("prediction", [0.01, 0.2, 0.5, 0.77, 0.99])
def test_bce_gradient_is_the_numerical_derivative(target, smoothing, prediction):
    reading = binary_crossentropy_reading(target, smoothing, prediction)

    def loss(p):
        return float(losses.binary_crossentropy(np.array([[target]]), np.array([[p[0]]]),
                                                label_smoothing=smoothing)[0])

    numeric = numerical_gradient(loss, np.array([prediction]), h=1e-7)[0]
    assert reading.gradient == pytest.approx(numeric, rel=1e-5, abs=1e-6)
    # The gradient points towards the best prediction p = t'.
    assert np.sign(reading.gradient) == np.sign(prediction - reading.smoothed_target)


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_bce_reading_properties(target, smoothing, prediction):
    reading = binary_crossentropy_reading(target, smoothing, prediction)
    t = reading.smoothed_target
    assert 0 <= t <= 1
    assert min(target, 0.5) - 1e-12 <= t <= max(target, 0.5) + 1e-12  # pulled towards 1/2
    assert reading.lowest_loss == pytest.approx(float(information.binary_entropy(t)), abs=1e-12)
    assert reading.loss >= reading.lowest_loss - 1e-12
    assert np.all(reading.curve >= reading.lowest_loss - 1e-12)
    # Predicting the smoothed target reaches the floor (up to Keras's clipping).
    at_best = binary_crossentropy_reading(target, smoothing, t)
    assert at_best.loss == pytest.approx(reading.lowest_loss, abs=2e-6)
    expected = losses.binary_crossentropy(np.array([[target]]), np.array([[prediction]]),
                                          label_smoothing=smoothing)
    assert reading.loss == pytest.approx(float(expected[0]), rel=1e-12, abs=1e-15)


def test_hard_target_without_smoothing_has_a_zero_floor_and_smoothing_lifts_it():
    plain = binary_crossentropy_reading(1.0, 0.0, 0.8)
    smoothed = binary_crossentropy_reading(1.0, 0.2, 0.8)
    assert plain.lowest_loss == 0.0 and plain.best_prediction == 1.0
    assert smoothed.best_prediction == pytest.approx(0.9)
    assert smoothed.lowest_loss == pytest.approx(0.325083, abs=1e-6)
    # A confident, correct prediction costs more once the target is smoothed.
    confident = 0.99
    assert (binary_crossentropy_reading(1.0, 0.2, confident).loss
            > binary_crossentropy_reading(1.0, 0.0, confident).loss)


def test_bce_clips_like_keras_at_the_extremes():
    wrong = binary_crossentropy_reading(1.0, 0.0, 0.0)
    assert wrong.loss == pytest.approx(-math.log(1e-7), rel=1e-12)  # 16.12 nats, not inf
    right = binary_crossentropy_reading(1.0, 0.0, 1.0)
    assert right.loss == pytest.approx(-math.log(1 - 1e-7), rel=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"target": 1.5}, ValueError, "target"),
        ({"target": -0.1}, ValueError, "target"),
        ({"target": True}, TypeError, "target"),
        ({"target": "1"}, TypeError, "target"),
        ({"label_smoothing": 1.2}, ValueError, "label_smoothing"),
        ({"label_smoothing": float("nan")}, ValueError, "label_smoothing"),
        ({"prediction": float("nan")}, ValueError, "prediction"),
        ({"prediction": 2}, ValueError, "prediction"),
        ({"prediction": [0.5]}, TypeError, "prediction"),
    ],
)
def test_bce_reading_rejects_bad_input(kwargs, error, name):
    arguments = {"target": 1.0, "label_smoothing": 0.1, "prediction": 0.5, **kwargs}
    with pytest.raises(error, match=f"`{name}`"):
        binary_crossentropy_reading(**arguments)


# --- BinaryCrossentropyExplorer ---------------------------------------------------

def test_bce_explorer_draws_and_describes_the_reading():
    explorer = BinaryCrossentropyExplorer()
    assert explorer.params == {"target": 1.0, "label_smoothing": 0.0, "prediction": 0.8}
    reading = explorer.update(label_smoothing=0.2, prediction=0.6)

    np.testing.assert_allclose(explorer.curve.get_ydata(), reading.curve)
    plain = binary_crossentropy_reading(1.0, 0.0, 0.6)
    np.testing.assert_allclose(explorer.plain_curve.get_ydata(), plain.curve)
    assert not np.allclose(explorer.curve.get_ydata(), explorer.plain_curve.get_ydata())
    x, y = explorer.marker.get_data()
    expected = -(0.9 * math.log(0.6) + 0.1 * math.log(0.4))
    assert (x[0], y[0]) == pytest.approx((0.6, expected))
    floor = scipy.stats.entropy([0.9, 0.1])
    assert explorer.best_line.get_xdata()[0] == pytest.approx(0.9)
    assert explorer.floor_line.get_ydata()[0] == pytest.approx(floor)
    caption = explorer.describe(reading)
    assert f"At p = 0.60 the loss is {expected:.3f} nats;" in caption
    assert "smoothed target t' = 0.900" in caption
    assert f"lowest reachable loss, H2(t') = {floor:.3f} nats, is at p = t' = 0.900" in caption
    assert "dashed: without smoothing" in caption


def test_bce_explorer_without_smoothing_draws_both_curves_alike():
    explorer = BinaryCrossentropyExplorer(target=0.0, prediction=0.3)
    np.testing.assert_array_equal(explorer.curve.get_ydata(), explorer.plain_curve.get_ydata())
    assert explorer.floor_line.get_ydata()[0] == 0.0 and explorer.best_line.get_xdata()[0] == 0.0
    caption = explorer.describe(explorer.reading)
    assert f"the loss is {-math.log(0.7):.3f} nats" in caption
    assert "0.000 nats, is at p = t' = 0.000" in caption
    assert "the dashed curve lies under the solid one" in caption


def test_bce_loss_off_the_chart_is_marked_at_the_top():
    explorer = BinaryCrossentropyExplorer()
    reading = explorer.update(prediction=0.001)
    assert reading.loss > BCE_TOP_NATS
    assert explorer.marker.get_data()[1][0] == BCE_TOP_NATS and explorer.marker.get_marker() == "^"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"target": 1.1}, ValueError), ({"label_smoothing": "0.1"}, TypeError),
     ({"prediction": -1}, ValueError)],
)
def test_bce_constructor_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        BinaryCrossentropyExplorer(**kwargs)


def test_bce_sliders():
    ipywidgets = pytest.importorskip("ipywidgets")
    controls, _ = BinaryCrossentropyExplorer().widget(web=False).children
    target, smoothing, prediction = controls.children
    assert all(isinstance(s, ipywidgets.FloatSlider) for s in controls.children)
    assert (target.min, target.max, target.step, target.value) == (0.0, 1.0, 0.05, 1.0)
    assert (smoothing.min, smoothing.max, smoothing.step, smoothing.value) == (0.0, 0.5, 0.01, 0.0)
    assert (prediction.min, prediction.max, prediction.step, prediction.value) == (0.01, 0.99, 0.01, 0.8)


# --- the static figure -----------------------------------------------------------

def test_binary_crossentropy_curves():
    fig = binary_crossentropy_curves(targets=(0.0, 1.0), smoothings=(0.0, 0.1, 0.2))
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == ["target 0", "target 1"]
    for ax, target in zip(panels, (0.0, 1.0), strict=True):
        curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
        floors = [line for line in ax.get_lines() if len(line.get_xdata()) == 1]
        assert len(curves) == len(floors) == 3
        for curve, floor, smoothing in zip(curves, floors, (0.0, 0.1, 0.2), strict=True):
            t = target * (1 - smoothing) + smoothing / 2
            expected = losses.binary_crossentropy(np.full((400, 1), target),
                                                  curve.get_xdata()[:, None].astype(np.float64),
                                                  label_smoothing=smoothing)
            np.testing.assert_allclose(curve.get_ydata(), expected, rtol=1e-12)
            assert floor.get_xdata()[0] == pytest.approx(t)
            assert floor.get_ydata()[0] == pytest.approx(scipy.stats.entropy([t, 1 - t]), abs=1e-12)
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts[0].startswith("smoothing 0: floor 0.000 nats")
    # The two targets mirror each other: loss(p | t) = loss(1 - p | 1 - t).
    left, right = ([line for line in ax.get_lines() if len(line.get_xdata()) > 1][1] for ax in panels)
    np.testing.assert_allclose(left.get_ydata(), right.get_ydata()[::-1], rtol=1e-9)
    assert pyplot_figure_count() == 0


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"targets": ()}, TypeError, "targets"),
        ({"targets": (0.0, 1.5)}, ValueError, "targets"),
        ({"smoothings": "0.1"}, TypeError, "smoothings"),
        ({"smoothings": (0.1, -0.2)}, ValueError, "smoothings"),
    ],
)
def test_binary_crossentropy_curves_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=name):
        binary_crossentropy_curves(**kwargs)

"""``lossutils.metrics`` agrees with Keras: ``Mean`` call by call, ``accuracy_for`` with ``compile``."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

keras = pytest.importorskip("keras")

from lossutils import metrics  # noqa: E402

VALUES = st.floats(-1e3, 1e3, width=32)
WEIGHTS = st.floats(0.0, 10.0, width=32).filter(lambda w: w == 0 or w > 1e-30)  # no subnormals


@st.composite
def calls(draw):
    """A few calls of one metric: values of one shape, with or without weights of a matching shape."""
    shape = draw(st.sampled_from([(), (4,), (3, 2), (2, 3, 2)]))
    weight_shape = draw(st.sampled_from([None, ()] + [shape[:k] for k in range(1, len(shape) + 1)]))
    return [(draw(hnp.arrays(np.float32, shape, elements=VALUES)),
             None if weight_shape is None else draw(hnp.arrays(np.float32, weight_shape, elements=WEIGHTS)))
            for _ in range(draw(st.integers(1, 3)))]


@settings(max_examples=60, deadline=None)
@given(calls())
def test_mean_agrees_with_keras_after_every_call(sequence):
    ours, theirs = metrics.Mean(), keras.metrics.Mean()
    for values, weights in sequence:
        ours_now, theirs_now = ours(values, weights), float(theirs(values, weights))
        np.testing.assert_allclose(ours_now, theirs_now, rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(ours.count, float(theirs.count.numpy()), rtol=1e-5)


def test_the_four_calls_give_40_over_14_and_reset_forgets_them():
    mean = metrics.Mean()
    for values in ([1, 3, 5, 7], [1, 3, 5, 7], [1, 1, 1, 1], [2, 2]):
        result = mean(values)
    assert (float(mean.total), float(mean.count)) == (40.0, 14.0)
    np.testing.assert_allclose(result, 40 / 14, rtol=1e-7)
    mean.reset_state()
    assert mean.result() == 0 and mean.count == 0


def test_mean_refuses_a_value_as_its_name():
    with pytest.raises(TypeError, match=r"`name` must be a string; received 1 .*Mean\(\)\(1\)"):
        metrics.Mean(1)


@pytest.mark.parametrize(("values", "weights", "message"), [
    ([1.0, np.nan], None, "`values` contains NaN"),
    (["a"], None, "`values` must be numeric"),
    ([1.0, 2.0, 3.0], [1.0, 2.0], r"`sample_weight` of shape \(2,\) does not match the values"),
    ([1.0], "heavy", "`sample_weight` must be numeric"),
])
def test_mean_names_the_bad_argument(values, weights, message):
    with pytest.raises((TypeError, ValueError), match=message):
        metrics.Mean().update_state(values, weights)


def built_accuracy(y_true: np.ndarray, units: int) -> str:
    """The class of the metric Keras compiles for ``metrics=['accuracy']``."""
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, kernel_initializer="zeros")])
    model.compile(loss="mse" if y_true.shape[-1:] == (units,) else "sparse_categorical_crossentropy",
                  metrics=["accuracy"], run_eagerly=True)
    model.evaluate(np.ones((len(y_true), 2)), y_true, verbose=0)
    loss_tracker, compiled = model.metrics  # the loss's mean, then the metrics compile made
    return type(compiled.metrics[0]).__name__


@pytest.mark.parametrize(("y_true", "units"), [
    (np.zeros((4, 1)), 1), (np.zeros(4), 1), (np.zeros(4, int), 3), (np.zeros((4, 1), int), 3),
    (np.eye(3)[[0, 1, 2, 0]], 3), (np.ones((4, 3)), 3), (np.zeros((4, 1)), 2),
])
def test_accuracy_for_names_the_metric_keras_compiles(y_true, units):
    expected = metrics.accuracy_for(y_true.shape, (len(y_true), units))
    assert built_accuracy(y_true, units).lower() == expected.replace("_", "")


@pytest.mark.parametrize(("args", "error", "message"), [
    ((5, (4, 1)), TypeError, r"`y_true_shape` must be a shape, a tuple of ints; received 5"),
    (((4,), ()), ValueError, r"`y_pred_shape` must have at least one axis"),
    (((4,), ("a", 1)), TypeError, r"`y_pred_shape` must be a shape, a tuple of ints; received \('a', 1\)"),
])
def test_accuracy_for_refuses_what_is_not_a_shape(args, error, message):
    with pytest.raises(error, match=message):
        metrics.accuracy_for(*args)

"""Every lossutils loss agrees with ``keras.losses.<same name>`` to rtol = atol = 1e-5.

Property tests over the registry: for every loss in
``lossutils.losses.registry.FUNCTIONS``, hypothesis draws inputs from its
recipe (tests/loss_recipes.py): batch shapes, dtypes (float32 and float64),
keyword arguments and values that include the extremes (probabilities of
exactly 0 and 1, logits of +-100, zero vectors, targets in the thousands).
Both sides receive the same NumPy arrays; the results must also agree in
shape and dtype. A loss registered without a recipe fails here. Then the
worked examples of the book and a few behaviours worth a test of their own.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

keras = pytest.importorskip("keras")

from loss_recipes import recipe_for  # noqa: E402
from strategies import DTYPES, assert_agrees, floats_for, keras_value  # noqa: E402

from lossutils import losses  # noqa: E402
from lossutils.losses.registry import FUNCTIONS  # noqa: E402


# ------------------------------------------------------------ every registered loss
@pytest.mark.filterwarnings("ignore:You are using a softmax over axis")  # Keras, on an axis of size 1
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@given(data=st.data())
def test_every_registered_loss_agrees_with_keras(name, data):
    recipe = recipe_for(name)
    y_true, y_pred, kwargs = data.draw(recipe.inputs)
    assert_agrees(np.asarray(FUNCTIONS[name](y_true, y_pred, **kwargs)),
                  keras_value(recipe.keras, y_true, y_pred, **kwargs))


# ------------------------------------------------------------ regression losses
@given(n=st.integers(1, 5), dtype=DTYPES, data=st.data())
def test_regression_squeezes_a_trailing_axis_like_keras(n, dtype, data):
    y_true = data.draw(hnp.arrays(dtype, (n,), elements=floats_for(dtype, -10, 10)))
    y_pred = data.draw(hnp.arrays(dtype, (n, 1), elements=floats_for(dtype, -10, 10)))
    for name in ("mean_squared_error", "huber", "log_cosh"):
        assert_agrees(getattr(losses, name)(y_true, y_pred), keras_value(name, y_true, y_pred))


def test_integer_and_list_inputs_are_float32_as_in_keras():
    # Worked example E9: integer tensors give a float32 mean in Keras 3.
    for a, b in (([1, 1, 1, 1], [2, 2, 2, 2]), ([1, 1, 1, 1], [2, 2, 2, 3])):
        ours = losses.mean_squared_error(np.array(a), np.array(b))
        assert_agrees(ours, keras_value("mean_squared_error", np.array(a), np.array(b)))
    assert losses.mean_squared_error([[0.5]], [[1.0]]).dtype == np.float32


# ------------------------------------------------------ the seeds' worked examples
def test_worked_examples_match_keras():
    # E5 / E6: categorical and sparse categorical cross-entropy (seed 001).
    y_true = np.array([[0, 1, 0], [0, 0, 1]], np.float32)
    y_pred = np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]], np.float32)
    assert_agrees(losses.categorical_crossentropy(y_true, y_pred),
                  keras_value("categorical_crossentropy", y_true, y_pred))
    assert_agrees(losses.sparse_categorical_crossentropy(np.array([1, 2]), y_pred),
                  keras_value("sparse_categorical_crossentropy", np.array([1, 2]), y_pred))
    # E7: hinge with 0/1 labels; E8: cosine similarity along axis 1.
    a, b = np.array([[0, 1], [0, 0]], np.float32), np.array([[0.6, 0.4], [0.4, 0.6]], np.float32)
    assert_agrees(losses.hinge(a, b), keras_value("hinge", a, b))
    t = np.array([[0, 1], [1, 1], [1, 1]], np.float32)
    p = np.array([[1, 0], [1, 1], [-1, -1]], np.float32)
    ours = losses.cosine_similarity(t, p, axis=1)
    np.testing.assert_array_equal(ours, keras_value("cosine_similarity", t, p, axis=1))
    assert np.signbit(ours[0]), "orthogonal vectors give -0. in Keras"


def test_float32_clipping_asymmetry():
    # In float32, 1 - 1e-7 rounds to 0.99999988, so the two confidently wrong
    # predictions do not cost the same; in float64 they do.
    for dtype, (wrong_for_0, wrong_for_1) in ((np.float32, (15.94, 16.12)), (np.float64, (16.12, 16.12))):
        y_true = np.array([[0.0], [1.0]], dtype)
        y_pred = np.array([[1.0], [0.0]], dtype)
        ours = losses.binary_crossentropy(y_true, y_pred)
        assert_agrees(ours, keras_value("binary_crossentropy", y_true, y_pred))
        np.testing.assert_allclose(ours, [wrong_for_0, wrong_for_1], atol=0.005)

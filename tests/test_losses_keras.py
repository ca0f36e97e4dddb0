"""Every lossutils loss agrees with ``keras.losses.<same name>`` to rtol = atol = 1e-5.

Property tests: hypothesis draws batch shapes, dtypes (float32 and float64),
keyword arguments and values that include the extremes (probabilities of
exactly 0 and 1, logits of +-100, zero vectors, targets in the thousands).
Both sides receive the same NumPy arrays; the results must also agree in
shape and dtype.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

keras = pytest.importorskip("keras")

from strategies import DTYPES, assert_agrees, floats_for, keras_value, pair, zero_rows  # noqa: E402

from lossutils import losses  # noqa: E402


# ------------------------------------------------------------ regression losses
@pytest.mark.parametrize(
    "name",
    [
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "log_cosh",
    ],
)
@given(data=pair("real"))
def test_regression_losses_agree(name, data):
    y_true, y_pred = data
    assert_agrees(getattr(losses, name)(y_true, y_pred), keras_value(name, y_true, y_pred))


@given(data=pair("real"), delta=st.floats(0.01, 100))
def test_huber_agrees(data, delta):
    y_true, y_pred = data
    assert_agrees(losses.huber(y_true, y_pred, delta=delta),
                  keras_value("huber", y_true, y_pred, delta=delta))


@given(data=st.data())
def test_cosine_similarity_agrees_on_any_axis(data):
    y_true, y_pred = data.draw(pair("real"))
    y_true, y_pred = zero_rows(data.draw, y_true), zero_rows(data.draw, y_pred)
    axis = data.draw(st.integers(-y_true.ndim, y_true.ndim - 1))
    assert_agrees(losses.cosine_similarity(y_true, y_pred, axis=axis),
                  keras_value("cosine_similarity", y_true, y_pred, axis=axis))


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


# ---------------------------------------------------------- probabilistic losses
@given(data=st.data(), from_logits=st.booleans(), smoothing=st.sampled_from([0.0, 0.1, 0.5, 1.0]))
def test_binary_crossentropy_agrees(data, from_logits, smoothing):
    y_true, y_pred = data.draw(pair("logits" if from_logits else "probability"))
    axis = data.draw(st.integers(-y_true.ndim, y_true.ndim - 1))
    kwargs = dict(from_logits=from_logits, label_smoothing=smoothing, axis=axis)
    assert_agrees(losses.binary_crossentropy(y_true, y_pred, **kwargs),
                  keras_value("binary_crossentropy", y_true, y_pred, **kwargs))


@given(data=st.data(), from_logits=st.booleans(), smoothing=st.sampled_from([0.0, 0.1, 0.5]))
def test_categorical_crossentropy_agrees(data, from_logits, smoothing):
    y_true, y_pred = data.draw(pair("logits" if from_logits else "probability", min_last=2))
    # TensorFlow's softmax_cross_entropy_with_logits fails on negative axes other
    # than -1 (lossutils does not), so only the axes Keras handles are compared.
    axis = data.draw(st.sampled_from([-1, *range(y_true.ndim)]))
    if not from_logits:
        assume(np.all(y_pred.sum(axis=axis) > 0))  # an all-zero slice is no distribution
    kwargs = dict(from_logits=from_logits, label_smoothing=smoothing, axis=axis)
    assert_agrees(losses.categorical_crossentropy(y_true, y_pred, **kwargs),
                  keras_value("categorical_crossentropy", y_true, y_pred, **kwargs))


@given(data=st.data(), from_logits=st.booleans(),
       ignore=st.sampled_from([None, -1, 0, 255]), trailing_one=st.booleans())
def test_sparse_categorical_crossentropy_agrees(data, from_logits, ignore, trailing_one):
    _, y_pred = data.draw(pair("logits" if from_logits else "probability", min_last=2))
    n_classes = y_pred.shape[-1]
    labels = st.integers(0, n_classes - 1)
    if ignore is not None:
        labels = st.one_of(labels, st.just(ignore))
    y_true = data.draw(hnp.arrays(np.int64, y_pred.shape[:-1], elements=labels))
    if trailing_one:
        y_true = y_true[..., np.newaxis]
    kwargs = dict(from_logits=from_logits, ignore_class=ignore)
    assert_agrees(losses.sparse_categorical_crossentropy(y_true, y_pred, **kwargs),
                  keras_value("sparse_categorical_crossentropy", y_true, y_pred, **kwargs))


@given(data=pair("probability"))
def test_kl_divergence_agrees(data):
    y_true, y_pred = data
    assert_agrees(losses.kl_divergence(y_true, y_pred), keras_value("kl_divergence", y_true, y_pred))


@given(data=pair("counts"))
def test_poisson_agrees(data):
    y_true, y_pred = data
    assert_agrees(losses.poisson(y_true, y_pred), keras_value("poisson", y_true, y_pred))


# ------------------------------------------------------------------ hinge losses
@pytest.mark.parametrize("name", ["hinge", "squared_hinge"])
@given(data=st.data(), zero_one=st.booleans())
def test_hinge_losses_agree(name, data, zero_one):
    _, y_pred = data.draw(pair("real"))
    labels = (0.0, 1.0) if zero_one else (-1.0, 1.0)
    y_true = data.draw(hnp.arrays(y_pred.dtype, y_pred.shape, elements=st.sampled_from(labels)))
    assert_agrees(getattr(losses, name)(y_true, y_pred), keras_value(name, y_true, y_pred))


@given(data=st.data())
def test_categorical_hinge_agrees(data):
    _, y_pred = data.draw(pair("real", min_last=2))
    classes = data.draw(hnp.arrays(np.int64, y_pred.shape[:-1], elements=st.integers(0, y_pred.shape[-1] - 1)))
    y_true = np.eye(y_pred.shape[-1], dtype=y_pred.dtype)[classes]
    assert_agrees(losses.categorical_hinge(y_true, y_pred), keras_value("categorical_hinge", y_true, y_pred))


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

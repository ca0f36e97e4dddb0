"""``get`` resolves what Keras 3 resolves; ``reduce``/``Loss`` reduce as Keras's loss classes do."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

keras = pytest.importorskip("keras")

from keras.src.losses import ALL_OBJECTS_DICT  # noqa: E402  (the table behind keras.losses.get)

from lossutils import losses  # noqa: E402
from lossutils.losses.registry import CLASSES, REMOVED_IN_KERAS_3  # noqa: E402

BASE_CLASSES = {"Loss", "LossFunctionWrapper"}  # abstract in Keras: no loss to compute


def sample_inputs(name):
    """A small valid batch for the loss behind ``name``."""
    name = name.lower()
    if "sparse" in name or "generalized" in name:
        return np.array([1, 2]), np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]], np.float32)
    if name == "ctc":  # label sequences padded with 0 (the blank); logits (batch, frames, classes)
        logits = np.array([[[2.0, 0.5, -1.0], [0.1, 1.5, 0.3], [-0.5, 0.2, 2.0], [1.0, 0.0, 0.0]],
                           [[0.3, -0.2, 0.9], [1.1, 0.4, -0.7], [0.0, 2.2, 0.5], [0.6, 0.6, 0.6]]],
                          np.float32)
        return np.array([[1, 2], [2, 0]]), logits
    if name == "circle":  # integer labels and unit-length embeddings
        angles = np.array([0.0, 0.4, 1.7, 2.0])
        return np.array([0, 0, 1, 1]), np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)
    y_true = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], np.float32)
    return y_true, np.array([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2]], np.float32)


@pytest.mark.parametrize("identifier", sorted(set(ALL_OBJECTS_DICT) - BASE_CLASSES))
def test_get_resolves_every_keras_string(identifier):
    ours, theirs = losses.get(identifier), keras.losses.get(identifier)
    y_true, y_pred = sample_inputs(identifier)
    np.testing.assert_allclose(np.asarray(ours(y_true, y_pred)), np.asarray(theirs(y_true, y_pred)),
                               rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("removed", sorted(REMOVED_IN_KERAS_3))
def test_removed_names_raise_naming_the_replacement(removed):
    with pytest.raises(ValueError):
        keras.losses.get(removed)  # Keras 3 rejects it too
    with pytest.raises(ValueError, match=f"'{removed}' was removed in Keras 3; use "):
        losses.get(removed)


def test_get_accepts_a_config_dict_and_rejects_nonsense():
    cce = losses.get({"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}})
    keras_cce = keras.losses.get({"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}})
    y_true, logits = np.eye(3, dtype=np.float32), np.array([[2.0, 1.0, 0.1]] * 3, np.float32)
    np.testing.assert_allclose(cce(y_true, logits), keras_cce(y_true, logits), rtol=1e-6)
    assert losses.get(None) is None and losses.get(losses.hinge) is losses.hinge
    with pytest.raises(ValueError, match="Unknown loss identifier 'nope'"):
        losses.get("nope")
    with pytest.raises(TypeError, match="identifier"):
        losses.get(3)


def test_every_class_name_maps_to_the_function_keras_uses():
    # The class itself rather than keras.losses.get(class_name): Keras 3.15's get
    # does not know CategoricalGeneralizedCrossEntropy (missing from ALL_OBJECTS_DICT).
    for class_name, fn_name in CLASSES.items():
        assert getattr(keras.losses, class_name)().fn.__name__ == fn_name


@pytest.mark.parametrize("reduction",
                         ["sum_over_batch_size", "sum", "none", None, "mean", "mean_with_sample_weight"])
@given(data=st.data(), weights=st.sampled_from(["none", "scalar", "per_sample", "column"]),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_loss_class_reduces_like_keras(reduction, data, weights, dtype):
    batch, width = data.draw(st.integers(1, 5)), data.draw(st.integers(1, 4))
    values = st.floats(-50, 50, width=32)
    y_true = data.draw(hnp.arrays(dtype, (batch, width), elements=values))
    y_pred = data.draw(hnp.arrays(dtype, (batch, width), elements=values))
    # No subnormal weights: TensorFlow's CPU kernels flush them to zero, so a weight of 1e-45
    # is 0 to Keras (a 0/0 mean, reported as 0) and 1e-45 to NumPy (a mean of 1).
    weight = st.floats(0, 3, width=32, allow_subnormal=False)
    sample_weight = {
        "none": None,
        "scalar": data.draw(weight),
        "per_sample": data.draw(hnp.arrays(np.float32, (batch,), elements=weight)),
        "column": data.draw(hnp.arrays(np.float32, (batch, 1), elements=weight)),
    }[weights]
    ours = losses.Loss(losses.mean_squared_error, reduction=reduction)(y_true, y_pred, sample_weight)
    theirs = keras.losses.MeanSquaredError(reduction=reduction)(y_true, y_pred, sample_weight=sample_weight)
    theirs = np.asarray(theirs)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight"])
def test_ignore_class_masks_the_reduction_like_keras(reduction):
    y_true = np.array([0, 255, 2, 1])
    y_pred = np.array([[0.7, 0.2, 0.1], [0.3, 0.3, 0.4], [0.1, 0.1, 0.8], [0.2, 0.5, 0.3]], np.float32)
    ours = losses.Loss(losses.sparse_categorical_crossentropy, reduction=reduction, ignore_class=255)
    theirs = keras.losses.SparseCategoricalCrossentropy(reduction=reduction, ignore_class=255)
    np.testing.assert_allclose(ours(y_true, y_pred), theirs(y_true, y_pred), rtol=1e-6)


def test_worked_example_e5_class_mean():
    cce = losses.get("CategoricalCrossentropy")
    y_true, y_pred = [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]
    np.testing.assert_allclose(cce(y_true, y_pred), keras.losses.CategoricalCrossentropy()(y_true, y_pred))


def test_reduce_rejects_bad_arguments():
    with pytest.raises(ValueError, match="`reduction` must be one of"):
        losses.reduce([1.0], reduction="average")
    with pytest.raises(ValueError,
                       match=r"`sample_weight` of shape \(3,\) does not match the losses of shape \(2,\)"):
        losses.reduce([1.0, 2.0], sample_weight=[1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="sample_weight.*NaN"):
        losses.reduce([1.0, 2.0], sample_weight=[1.0, np.nan])

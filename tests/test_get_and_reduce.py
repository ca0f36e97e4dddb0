"""``get`` resolves what Keras 3 resolves; ``reduce``/``Loss`` reduce as Keras's loss classes do."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

from lossutils import losses  # noqa: E402
from lossutils.losses.registry import ALIASES, CLASSES, REMOVED_IN_KERAS_3  # noqa: E402

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


def keras_identifiers() -> set[str]:
    """Every string ``keras.losses.get`` resolves: the public names of ``keras.losses`` (its
    functions and classes) and the short aliases ("mse", "BCE", ...), which are not attributes."""
    found = set()
    for name in [*dir(keras.losses), *ALIASES]:
        if name.startswith("_") or name in BASE_CLASSES or not callable(getattr(keras.losses, name, len)):
            continue
        try:
            keras.losses.get(name)
        except ValueError:  # a helper such as serialize, not a loss
            continue
        found.add(name)
    return found


def test_the_aliases_keras_resolves_are_all_known():
    assert {"mse", "MSE", "mae", "bce", "kld"} <= keras_identifiers()


@pytest.mark.parametrize("identifier", sorted(keras_identifiers()))
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
    # TensorFlow's CPU kernels flush subnormal numbers to zero. With a weight near the smallest
    # float32 (1e-38) the product loss * weight is subnormal: 0 to Keras (a 0/0 mean, reported
    # as 0) and a mean equal to the loss to NumPy. So a weight is 0, or large enough (1e-6)
    # that only products of losses below 1e-32, which do not move the mean, can flush.
    weight = st.one_of(st.just(0.0), st.floats(float(np.float32(1e-6)), 3, width=32))
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


# --- Configs written by keras.losses.serialize -------------------------------------------------

#: Non-default arguments for every class lossutils twins, chosen to suit ``sample_inputs``.
NON_DEFAULT_ARGUMENTS = {
    "BinaryCrossentropy": {"from_logits": True, "label_smoothing": 0.2},
    "BinaryFocalCrossentropy": {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5,
                                "label_smoothing": 0.1},
    "CategoricalCrossentropy": {"from_logits": True, "label_smoothing": 0.1},
    "CategoricalFocalCrossentropy": {"alpha": 0.4, "gamma": 1.5, "label_smoothing": 0.1},
    "CategoricalGeneralizedCrossEntropy": {"q": 0.3},
    "Circle": {"gamma": 64.0, "margin": 0.25, "remove_diagonal": False},
    "CosineSimilarity": {"axis": 0},
    "Dice": {"axis": (1,)},
    "Huber": {"delta": 0.5},
    "SparseCategoricalCrossentropy": {"from_logits": True, "ignore_class": 2},
    "Tversky": {"alpha": 0.3, "beta": 0.7, "axis": (1,)},
}

#: A reduction other than the default for each class (cycled through the non-default ones).
OTHER_REDUCTIONS = ["sum", None, "mean_with_sample_weight", "none", "mean"]


def keras_deserialize(config):
    """``keras.losses.deserialize``; for the one class Keras 3.15's table lacks, its ``from_config``.

    ``keras.losses.deserialize`` looks the class up in the table behind ``keras.losses.get``,
    which in Keras 3.15 has no CategoricalGeneralizedCrossEntropy; ``from_config`` is the
    step ``deserialize`` would take once it has found the class.
    """
    if config["class_name"] == "CategoricalGeneralizedCrossEntropy":
        return keras.losses.CategoricalGeneralizedCrossEntropy.from_config(config["config"])
    return keras.losses.deserialize(config)


def same_reduction(ours, theirs):
    return ours == ("none" if theirs is None else theirs)


def assert_twin_of(ours, theirs, class_name):
    """Same name, reduction and dtype, and the same values with and without sample weights."""
    assert ours.name == theirs.name
    assert same_reduction(ours.reduction, theirs.reduction), (ours.reduction, theirs.reduction)
    assert np.dtype(ours.dtype) == np.dtype(theirs.dtype)
    y_true, y_pred = sample_inputs(class_name)
    y_pred = y_pred.astype(ours.dtype)
    shape = np.shape(ours.fn(y_true, y_pred, **ours.kwargs))  # one weight per loss value
    weights = np.linspace(0.5, 1.5, np.prod(shape, dtype=int)).reshape(shape).astype(np.float32)
    for sample_weight in (None, weights):
        expected = np.asarray(theirs(y_true, y_pred, sample_weight=sample_weight))
        got = np.asarray(ours(y_true, y_pred, sample_weight))
        assert got.shape == expected.shape and got.dtype == expected.dtype
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("class_name", sorted(CLASSES))
@pytest.mark.parametrize("json_round_trip", [False, True])
def test_get_accepts_what_keras_serialize_writes(class_name, json_round_trip):
    reduction = OTHER_REDUCTIONS[sorted(CLASSES).index(class_name) % len(OTHER_REDUCTIONS)]
    keras_loss = getattr(keras.losses, class_name)(
        name=f"my_{class_name.lower()}", reduction=reduction, **NON_DEFAULT_ARGUMENTS.get(class_name, {}))
    config = keras.losses.serialize(keras_loss)
    assert set(config["config"]) >= {"name", "reduction"}
    if json_round_trip:  # as a saved model stores it: tuples come back as lists
        config = json.loads(json.dumps(config))
    assert_twin_of(losses.get(config), keras_deserialize(config), class_name)


@pytest.mark.parametrize("class_name", sorted(CLASSES))
def test_get_accepts_every_argument_the_keras_class_takes(class_name):
    # Keras 3.15's get_config leaves some arguments out (Huber's delta, the axis of
    # CosineSimilarity and SparseCategoricalCrossentropy, every dtype), so a saved model
    # reloads them at their defaults; a config written by hand may still carry them, and
    # Keras's from_config honours them.
    arguments = {**NON_DEFAULT_ARGUMENTS.get(class_name, {}), "dtype": "float64"}
    config = {"class_name": class_name, "config": {"name": "mine", "reduction": "sum", **arguments}}
    assert_twin_of(losses.get(config), keras_deserialize(config), class_name)


def test_get_reads_a_dtype_policy_config():
    policy = keras.dtype_policies.serialize(keras.DTypePolicy("float64"))
    config = {"class_name": "MeanSquaredError", "config": {"name": "m", "reduction": "sum", "dtype": policy}}
    assert_twin_of(losses.get(config), keras_deserialize(config), "MeanSquaredError")


def test_get_refuses_unknown_config_keys_naming_them():
    config = {"class_name": "Huber", "config": {"name": "h", "reduction": "sum", "delt": 2.0}}
    with pytest.raises(TypeError, match="delt"):
        keras_deserialize(config)  # Keras refuses it too
    with pytest.raises(ValueError, match=r"unknown key\(s\) \['delt'\]; keras.losses.Huber takes"):
        losses.get(config)
    with pytest.raises(ValueError, match="`dtype`"):
        losses.get({"class_name": "Huber", "config": {"dtype": "float3"}})


# --- Masks: Keras's rank adjustment -------------------------------------------------------------
# Keras attaches a mask to a tensor privately (a `_keras_mask` attribute), so these tests let a
# public layer do it: `keras.layers.Masking()` marks the time steps whose features all equal 0,
# and every Keras loss reads that mask off `y_pred` and leaves the masked values out of its
# reduction. A small `keras.losses.Loss` subclass returns losses of a chosen rank, so that the
# mask has a trailing axis of 1 more or less than the losses.


class Squares(keras.losses.Loss):
    """Per-entry squared errors, summed over ``axes`` (none: every entry is one loss value)."""

    def __init__(self, axes=None, **kwargs):
        super().__init__(**kwargs)
        self.axes = axes

    def call(self, y_true, y_pred):
        squares = keras.ops.square(y_true - y_pred)
        return squares if self.axes is None else keras.ops.sum(squares, axis=self.axes)


def masked_case(shape, axes, zero_steps):
    """Predictions with some all-zero time steps, their Keras mask, and the losses in NumPy."""
    y_pred = np.arange(1, np.prod(shape) + 1, dtype=np.float32).reshape(shape) / 4
    for step in zero_steps:
        y_pred[step] = 0.0
    y_true = np.full(shape, 1.5, np.float32)
    mask = np.any(y_pred != 0.0, axis=-1)  # what keras.layers.Masking() computes
    values = np.square(y_true - y_pred)
    return y_true, y_pred, mask, values if axes is None else values.sum(axis=axes)


#: (input shape, axes summed by the loss, all-zero time steps): the losses' shape vs the mask's.
MASK_CASES = {
    "losses have a trailing 1 more": ((2, 3, 1), None, [(0, 1), (1, 2)]),  # (2, 3, 1) vs (2, 3)
    "mask has a trailing 1 more, rank 1": ((3, 1, 2), (1, 2), [(1, 0)]),  # (3,) vs (3, 1)
    "mask has a trailing 1 more, rank 2": ((2, 3, 1, 2), (2, 3), [(0, 2, 0)]),  # (2, 3) vs (2, 3, 1)
    "same shape": ((2, 3, 2), 2, [(1, 1)]),  # (2, 3) vs (2, 3)
    "every value masked": ((2, 1, 2), (1, 2), [(0, 0), (1, 0)]),  # (2,) vs (2, 1)
}


@pytest.mark.parametrize("case", sorted(MASK_CASES))
@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"])
@pytest.mark.parametrize("weighted", [False, True])
def test_mask_is_lined_up_with_the_losses_as_keras_does(case, reduction, weighted):
    shape, axes, zero_steps = MASK_CASES[case]
    y_true, y_pred, mask, values = masked_case(shape, axes, zero_steps)
    # A weight per mask entry: Keras lines the mask and the weights up first.
    sample_weight = None
    if weighted:
        sample_weight = np.linspace(0.5, 2.0, mask.size).reshape(mask.shape).astype(np.float32)
    masked_y_pred = keras.layers.Masking(mask_value=0.0)(y_pred)
    keras_loss = Squares(axes, reduction=reduction)
    expected = np.asarray(keras_loss(y_true, masked_y_pred, sample_weight=sample_weight))
    got = losses.reduce(values, reduction, sample_weight=sample_weight, mask=mask)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


def test_a_mask_that_cannot_be_lined_up_is_refused_naming_it():
    y_true, y_pred, mask, values = masked_case((2, 3, 2), (1, 2), [(0, 1)])  # losses (2,), mask (2, 3)
    with pytest.raises(tf.errors.InvalidArgumentError):  # Keras fails to broadcast them
        Squares((1, 2))(y_true, keras.layers.Masking(mask_value=0.0)(y_pred))
    message = r"`mask` of shape \(2, 3\) does not match the losses of shape \(2,\)"
    with pytest.raises(ValueError, match=message):
        losses.reduce(values, mask=mask)

"""Bad input gets a ValueError/TypeError that names the argument and what was expected.

Never a raw NumPy broadcasting error, never a silent NaN.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from loss_recipes import RECIPES, recipe_for

from lossutils import information, losses
from lossutils.losses.registry import FUNCTIONS

#: Every bad array each registered loss must refuse, named, given its recipe's valid example.
ARRAY_CASES = ["non-numeric", "ragged", "nan", "inf", "empty", "scalar", "fewer samples", "rank"]


def bad_arrays(case: str, recipe):
    """``(y_true, y_pred, error, message regex)``: the recipe's example spoiled as ``case`` says."""
    y_true, y_pred, _ = recipe.example
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if case == "non-numeric":
        return y_true, y_pred.astype(str), TypeError, r"`y_pred` must be numeric"
    if case == "ragged":
        return y_true, [[0.1, 0.2], [0.3]], ValueError, r"`y_pred` must be a rectangular array"
    if case == "nan":
        spoiled = y_pred.astype(np.float64)
        spoiled.flat[0] = np.nan
        first = (0,) * y_pred.ndim
        return y_true, spoiled, ValueError, re.escape(f"`y_pred` contains NaN (first at index {first})")
    if case == "inf":
        spoiled = y_true.astype(np.float64)
        spoiled.flat[-1] = np.inf
        return spoiled, y_pred, ValueError, r"`y_true` contains infinity"
    if case == "empty":
        return (y_true[:0], y_pred[:0], ValueError,
                re.escape(f"`y_pred` is empty (shape {(0, *y_pred.shape[1:])})"))
    if case == "scalar":
        return y_true, 0.5, ValueError, r"`y_pred` must .*; received shape \(\)"
    if case == "fewer samples":
        return y_true, y_pred[:-1], ValueError, recipe.mismatch_message(y_true, y_pred[:-1])
    assert case == "rank"
    return (y_true, y_pred[np.newaxis], ValueError,
            re.escape(f"must have the same rank (number of dimensions); received y_true.shape={y_true.shape} "
                      f"and y_pred.shape={(1, *y_pred.shape)}"))


def array_cases():
    """(loss, case) for every registered loss; "rank" only where y_true is shaped like y_pred."""
    for name in sorted(FUNCTIONS):
        recipe = RECIPES.get(name)
        for case in ARRAY_CASES:
            if case != "rank" or recipe is None or recipe.same_shape:
                yield name, case


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_valid_example_gives_finite_values_of_the_expected_shape(name):
    recipe = recipe_for(name)
    y_true, y_pred, kwargs = recipe.example
    out = np.asarray(FUNCTIONS[name](y_true, y_pred, **kwargs))
    assert out.shape == recipe.example_shape and np.all(np.isfinite(out))
    assert out.dtype == np.float32  # float32 inputs: Keras's default dtype


@pytest.mark.parametrize(("name", "case"), list(array_cases()))
def test_bad_arrays_are_named(name, case):
    recipe = recipe_for(name)
    y_true, y_pred, error, message = bad_arrays(case, recipe)
    with pytest.raises(error, match=message):
        FUNCTIONS[name](y_true, y_pred, **recipe.example[2])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: losses.binary_crossentropy([[1.0]], [[2.5]]), ValueError,
         r"`y_pred` must hold values in \[0, 1\]; received 2.5. "
         r"If these are raw scores \(logits\), pass `from_logits=True`"),
        (lambda: losses.binary_crossentropy([[2.0]], [[0.5]]), ValueError,
         r"`y_true` must hold values in \[0, 1\]"),
        (lambda: losses.binary_crossentropy([[1.0]], [[0.5]], label_smoothing=1.5), ValueError,
         r"`label_smoothing` must be in \[0.0, 1.0\]; received 1.5"),
        (lambda: losses.binary_crossentropy([[1.0]], [[0.5]], from_logits="yes"), TypeError,
         r"`from_logits` must be True or False"),
        (lambda: losses.binary_crossentropy([[1.0]], [[0.5]], axis=2), ValueError,
         r"`axis` must be an int in \[-2, 1\] for an input of rank 2; received 2\."),
        (lambda: losses.categorical_crossentropy([[1.0, 0.0]], [[0.0, 0.0]]), ValueError,
         r"`y_pred` has a slice of all zeros"),
        (lambda: losses.categorical_crossentropy([[1.0, 0.0]], [[0.5, 0.5]], axis=True), TypeError,
         r"`axis` must be an int"),
        (lambda: losses.categorical_crossentropy([[1.0, 0.0]], [[-1.0, 2.0]]), ValueError,
         r"from_logits=True"),
        (lambda: losses.sparse_categorical_crossentropy([3], [[0.2, 0.3, 0.5]]), ValueError,
         r"`y_true` holds the label 3, but `y_pred` has 3 classes: "
         r"labels are 0-based and must lie in \[0, 2\]"),
        (lambda: losses.sparse_categorical_crossentropy([-1], [[0.2, 0.3, 0.5]]), ValueError,
         r"`y_true` holds the label -1"),
        (lambda: losses.sparse_categorical_crossentropy([1.5], [[0.2, 0.3, 0.5]]), ValueError,
         r"`y_true` must hold integer class labels.*1.5"),
        (lambda: losses.sparse_categorical_crossentropy([1, 0], [[0.2, 0.3, 0.5]]), ValueError,
         r"`y_true` must have the shape of `y_pred` without its class axis; received y_true.shape=\(2,\)"),
        (lambda: losses.sparse_categorical_crossentropy([1], [[0.2, 0.3, 0.5]], axis=0), ValueError,
         r"Only the last axis"),
        (lambda: losses.sparse_categorical_crossentropy([1], [[0.2, 0.3, 0.5]], ignore_class=1.0), TypeError,
         r"`ignore_class` must be an int"),
        (lambda: losses.sparse_categorical_crossentropy([], np.zeros((0, 3))), ValueError,
         r"`y_pred` is empty"),
        (lambda: losses.hinge([[2.0, -1.0]], [[0.3, 0.1]]), ValueError,
         r"`y_true` must hold labels -1 and \+1 \(or 0 and 1"),
        (lambda: losses.poisson([[1.0]], [[-0.5]]), ValueError,
         r"`y_pred` must be non-negative for the Poisson loss"),
        (lambda: losses.kl_divergence([[0.5, 0.5]], [[1.5, -0.5]]), ValueError,
         r"`y_pred` must hold values in \[0, 1\]"),
        (lambda: losses.huber([[1.0]], [[0.5]], delta=-1.0), ValueError,
         r"`delta` must be a positive number \(at 0 the loss would be 0 everywhere\); received -1.0"),
        (lambda: losses.huber([[1.0]], [[0.5]], delta=0), ValueError,
         r"`delta` must be a positive number .*; received 0\."),
        (lambda: losses.cosine_similarity([[1.0]], [[0.5]], axis=1.0), TypeError, r"`axis` must be an int"),
    ],
    ids=lambda v: "" if callable(v) or isinstance(v, type) else None,
)
def test_argument_errors_name_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_single_class_categorical_crossentropy_warns():
    with pytest.warns(UserWarning, match="always 0"):
        losses.categorical_crossentropy([[1.0]], [[1.0]])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: information.entropy([0.5, 0.6]),
         r"`pk` must be a probability distribution summing to 1 along axis -1; a slice sums to 1.1"),
        (lambda: information.entropy([1.5, -0.5]),
         r"`pk` must be a probability distribution, but it has a negative entry"),
        (lambda: information.entropy([0.5, 0.5], base=1), r"`base` must be a positive number other than 1"),
        (lambda: information.entropy([0.5, 0.5], base=0), r"`base` must be a positive number other than 1"),
        (lambda: information.entropy([0.5, 0.5], base=-2),
         r"`base` must be a positive number other than 1 \(2 gives bits, e or None gives nats\); "
         r"received -2\."),
        (lambda: information.entropy([]), r"`pk` is empty"),
        (lambda: information.entropy([0.5, np.nan]), r"`pk` contains NaN"),
        (lambda: information.cross_entropy([0.5, 0.5], [0.2, 0.3, 0.5]),
         r"`p` and `q` must have the same shape"),
        (lambda: information.kl_divergence([0.5, 0.5], [0.7, 0.7]),
         r"`q` must be a probability distribution"),
        (lambda: information.information_content(1.2),
         r"`p` must hold probabilities in \[0, 1\]; received 1.2\.$"),
        (lambda: information.binary_entropy(-0.1), r"`p` must hold probabilities in \[0, 1\]"),
        (lambda: information.softmax([[1.0, 2.0]], axis=2),
         r"`axis` must be an int in \[-2, 1\] for an input of rank 2; received 2\."),
    ],
)
def test_information_errors_name_the_argument(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_information_type_errors():
    with pytest.raises(TypeError, match="`base` must be a positive number other than 1"):
        information.entropy([0.5, 0.5], base="2")
    with pytest.raises(TypeError, match="`logits` must be numeric; received the string"):
        information.softmax("1, 2, 3")

"""Bad input gets a ValueError/TypeError that names the argument and what was expected.

Never a raw NumPy broadcasting error, never a silent NaN.
"""

from __future__ import annotations

import numpy as np
import pytest

from lossutils import information, losses

ALL_LOSSES = [
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "poisson",
    "binary_crossentropy", "categorical_crossentropy", "kl_divergence",
    "hinge", "squared_hinge", "categorical_hinge", "cosine_similarity",
]
GOOD_TRUE = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
GOOD_PRED = np.array([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2]])


@pytest.mark.parametrize("name", ALL_LOSSES)
def test_good_input_gives_finite_per_sample_values(name):
    out = getattr(losses, name)(GOOD_TRUE, GOOD_PRED)
    assert out.shape == (2,) and np.all(np.isfinite(out))


@pytest.mark.parametrize("name", ALL_LOSSES)
@pytest.mark.parametrize(
    "y_true, y_pred, error, message",
    [
        (GOOD_TRUE, GOOD_PRED[:, :2], ValueError, r"must have the same shape; received y_true.shape=\(2, 3\) and y_pred.shape=\(2, 2\)"),
        (GOOD_TRUE, GOOD_PRED[np.newaxis], ValueError, r"same rank.*y_true.shape=\(2, 3\).*y_pred.shape=\(1, 2, 3\)"),
        (np.zeros((0, 3)), np.zeros((0, 3)), ValueError, r"`y_pred` is empty \(shape \(0, 3\)\)"),
        (GOOD_TRUE, [["a", "b", "c"], ["d", "e", "f"]], TypeError, r"`y_pred` must be numeric"),
        (GOOD_TRUE, [[0.1, 0.2], [0.3]], ValueError, r"`y_pred` must be a rectangular array"),
        (GOOD_TRUE, np.where(GOOD_PRED > 0.6, np.nan, GOOD_PRED), ValueError, r"`y_pred` contains NaN \(first at index \(0, 1\)\)"),
        (np.where(GOOD_TRUE > 0.5, np.inf, GOOD_TRUE), GOOD_PRED, ValueError, r"`y_true` contains infinity"),
        (GOOD_TRUE, 0.5, ValueError, r"`y_pred` must have rank >= 1"),
    ],
    ids=["shape", "rank", "empty", "non-numeric", "ragged", "nan", "inf", "scalar"],
)
def test_bad_arrays_are_named(name, y_true, y_pred, error, message):
    with pytest.raises(error, match=message):
        getattr(losses, name)(y_true, y_pred)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: losses.binary_crossentropy([[1.0]], [[2.5]]), ValueError, r"`y_pred` must hold values in \[0, 1\]; received 2.5. If these are raw scores \(logits\), pass `from_logits=True`"),
        (lambda: losses.binary_crossentropy([[2.0]], [[0.5]]), ValueError, r"`y_true` must hold values in \[0, 1\]"),
        (lambda: losses.binary_crossentropy([[1.0]], [[0.5]], label_smoothing=1.5), ValueError, r"`label_smoothing` must be in \[0.0, 1.0\]; received 1.5"),
        (lambda: losses.binary_crossentropy([[1.0]], [[0.5]], from_logits="yes"), TypeError, r"`from_logits` must be True or False"),
        (lambda: losses.binary_crossentropy([[1.0]], [[0.5]], axis=2), ValueError, r"`axis`=2 is out of range for an input of rank 2"),
        (lambda: losses.categorical_crossentropy([[1.0, 0.0]], [[0.0, 0.0]]), ValueError, r"`y_pred` has a slice of all zeros"),
        (lambda: losses.categorical_crossentropy([[1.0, 0.0]], [[0.5, 0.5]], axis=True), TypeError, r"`axis` must be an int"),
        (lambda: losses.categorical_crossentropy([[1.0, 0.0]], [[-1.0, 2.0]]), ValueError, r"from_logits=True"),
        (lambda: losses.sparse_categorical_crossentropy([3], [[0.2, 0.3, 0.5]]), ValueError, r"`y_true` holds the label 3, but `y_pred` has 3 classes: labels are 0-based and must lie in \[0, 2\]"),
        (lambda: losses.sparse_categorical_crossentropy([-1], [[0.2, 0.3, 0.5]]), ValueError, r"`y_true` holds the label -1"),
        (lambda: losses.sparse_categorical_crossentropy([1.5], [[0.2, 0.3, 0.5]]), ValueError, r"`y_true` must hold integer class labels.*1.5"),
        (lambda: losses.sparse_categorical_crossentropy([1, 0], [[0.2, 0.3, 0.5]]), ValueError, r"`y_true` must have the shape of `y_pred` without its class axis; received y_true.shape=\(2,\)"),
        (lambda: losses.sparse_categorical_crossentropy([1], [[0.2, 0.3, 0.5]], axis=0), ValueError, r"Only the last axis"),
        (lambda: losses.sparse_categorical_crossentropy([1], [[0.2, 0.3, 0.5]], ignore_class=1.0), TypeError, r"`ignore_class` must be an int"),
        (lambda: losses.sparse_categorical_crossentropy([], np.zeros((0, 3))), ValueError, r"`y_pred` is empty"),
        (lambda: losses.hinge([[2.0, -1.0]], [[0.3, 0.1]]), ValueError, r"`y_true` must hold labels -1 and \+1 \(or 0 and 1"),
        (lambda: losses.poisson([[1.0]], [[-0.5]]), ValueError, r"`y_pred` must be non-negative for the Poisson loss"),
        (lambda: losses.kl_divergence([[0.5, 0.5]], [[1.5, -0.5]]), ValueError, r"`y_pred` must hold values in \[0, 1\]"),
        (lambda: losses.huber([[1.0]], [[0.5]], delta=-1.0), ValueError, r"`delta` must be in \[0.0, inf\]; received -1.0"),
        (lambda: losses.huber([[1.0]], [[0.5]], delta=0), ValueError, r"`delta` must be positive"),
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
        (lambda: information.entropy([0.5, 0.6]), r"`pk` must be a probability distribution summing to 1 along axis -1; a slice sums to 1.1"),
        (lambda: information.entropy([1.5, -0.5]), r"`pk` must be a probability distribution, but it has a negative entry"),
        (lambda: information.entropy([0.5, 0.5], base=1), r"`base` must be a positive number other than 1"),
        (lambda: information.entropy([0.5, 0.5], base=0), r"`base` must be a positive number other than 1"),
        (lambda: information.entropy([0.5, 0.5], base=-2), r"received base=-2"),
        (lambda: information.entropy([]), r"`pk` is empty"),
        (lambda: information.entropy([0.5, np.nan]), r"`pk` contains NaN"),
        (lambda: information.cross_entropy([0.5, 0.5], [0.2, 0.3, 0.5]), r"`p` and `q` must have the same shape"),
        (lambda: information.kl_divergence([0.5, 0.5], [0.7, 0.7]), r"`q` must be a probability distribution"),
        (lambda: information.information_content(1.2), r"`p` must hold probabilities in \[0, 1\]"),
        (lambda: information.binary_entropy(-0.1), r"`p` must hold probabilities in \[0, 1\]"),
        (lambda: information.softmax([[1.0, 2.0]], axis=2), r"`axis`=2 is out of range"),
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

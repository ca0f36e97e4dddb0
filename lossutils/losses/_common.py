"""What every loss does first: turn inputs into arrays of Keras's dtype and check shapes."""

from __future__ import annotations

import warnings

import numpy as np

from .._validation import (
    as_numeric_array,
    check_axis,
    check_in_unit_interval,
    check_min_rank,
    check_same_shape,
    check_scalar,
    keras_compute_dtype,
)

#: ``keras.backend.epsilon()``: the fuzz factor Keras clips probabilities with.
EPSILON = 1e-7


def as_pair(y_true, y_pred, squeeze: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Validates ``y_true``/``y_pred`` and returns them as arrays of one float dtype.

    The dtype is Keras's: float64 if ``y_pred`` is a float64 array, float32
    otherwise. With ``squeeze=True`` a trailing axis of length 1 on one side
    is squeezed (or the other side expanded) as Keras's regression losses do,
    so ``y_true`` of shape (n,) works with ``y_pred`` of shape (n, 1).
    """
    dtype = keras_compute_dtype(y_pred)
    y_pred = as_numeric_array(y_pred, "y_pred", dtype)
    y_true = as_numeric_array(y_true, "y_true", dtype)
    check_min_rank(y_pred, "y_pred")
    check_min_rank(y_true, "y_true")
    if squeeze:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_same_shape(y_true, y_pred)
    return y_true, y_pred


def squeeze_or_expand_to_same_rank(x1: np.ndarray, x2: np.ndarray):
    """Mirrors Keras: if ranks differ by one and the longer ends in 1, line them up."""
    if x1.ndim == x2.ndim + 1 and x1.shape[-1] == 1:
        if x2.ndim == 1:
            x2 = x2[..., np.newaxis]
        else:
            x1 = x1[..., 0]
    elif x2.ndim == x1.ndim + 1 and x2.shape[-1] == 1:
        if x1.ndim == 1:
            x1 = x1[..., np.newaxis]
        else:
            x2 = x2[..., 0]
    return x1, x2


#: The hint of every "[0, 1]" error about a ``y_pred`` that may hold logits.
LOGITS_HINT = " If these are raw scores (logits), pass `from_logits=True`."


def clip_probabilities(p: np.ndarray) -> np.ndarray:
    """Clips to ``[1e-7, 1 - 1e-7]`` as Keras does before taking a logarithm."""
    # The bounds take p's dtype: in float32, 1 - 1e-7 becomes 0.99999988.
    return np.clip(p, EPSILON, 1.0 - EPSILON)


def logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    """``log(sum(exp(x), axis))``, stable, and -inf (not NaN) where every term is -inf."""
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0)  # -inf - -inf would be NaN
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer here
        return np.log(np.sum(np.exp(x - top), axis=axis)) + np.squeeze(top, axis)


def categorical_pair(y_true, y_pred, from_logits, label_smoothing, axis, loss_name: str):
    """Validates the arguments of a categorical cross-entropy and smooths the labels.

    Returns ``(y_true, y_pred, from_logits, axis)`` with ``y_true`` smoothed
    towards ``label_smoothing / num_classes`` where, as in Keras, ``num_classes``
    is the size of the LAST axis whatever ``axis`` is.
    """
    from_logits = check_scalar(from_logits, "from_logits", "bool")
    label_smoothing = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    y_true, y_pred = as_pair(y_true, y_pred)
    axis = check_axis(axis, y_pred.ndim)
    check_in_unit_interval(y_true, "y_true")
    if y_pred.shape[-1] == 1:
        binary = loss_name.replace("categorical", "binary")
        warnings.warn(
            f"{loss_name} got y_pred with a single class (last axis of size 1, shape "
            f"{y_pred.shape}): the loss is always 0. For two classes use {binary} "
            "with one probability per sample.",
            UserWarning,
            stacklevel=3,
        )
    if label_smoothing:
        num_classes = y_true.shape[-1]
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / num_classes
    return y_true, y_pred, from_logits, axis


def normalised_probabilities(y_pred: np.ndarray, axis: int) -> np.ndarray:
    """``y_pred`` divided by its sum along ``axis``, then clipped, as Keras does."""
    check_in_unit_interval(y_pred, "y_pred", LOGITS_HINT)
    totals = np.sum(y_pred, axis=axis, keepdims=True)
    if np.any(totals == 0):
        raise ValueError(
            "`y_pred` has a slice of all zeros along the class axis; probabilities "
            "must have a positive sum (Keras would return NaN here)."
        )
    return clip_probabilities(y_pred / totals)

"""What every loss does first: turn inputs into arrays of Keras's dtype and check shapes."""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_numeric_array,
    check_min_rank,
    check_same_shape,
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


def check_in_unit_interval(x: np.ndarray, name: str, hint: str = "") -> None:
    """Raises ``ValueError`` unless every entry of ``x`` lies in [0, 1]."""
    low, high = x.min(), x.max()
    if low < 0 or high > 1:
        bad = low if low < 0 else high
        raise ValueError(
            f"`{name}` must hold values in [0, 1]; received {float(bad)!r}.{hint}"
        )


LOGITS_HINT = " If these are raw scores (logits), pass `from_logits=True`."

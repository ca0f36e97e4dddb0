"""Regression losses: NumPy twins of the Keras 3 functions of the same names.

Each returns one value per sample, reducing the last axis, in Keras's dtype
(float64 for float64 ``y_pred``, float32 otherwise).
"""

from __future__ import annotations

import numpy as np

from .._validation import check_axis, check_scalar
from ._common import EPSILON, as_pair

__all__ = [
    "mean_squared_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
    "huber",
    "log_cosh",
    "cosine_similarity",
]


def mean_squared_error(y_true, y_pred):
    """Mean squared error over the last axis.

    Formula: ``loss = mean(square(y_true - y_pred), axis=-1)``

    Args:
        y_true: ground truth values, shape ``[batch_size, d0, .. dN]``.
        y_pred: predicted values, same shape (a trailing axis of 1 is squeezed).

    Returns:
        Per-sample losses of shape ``[batch_size, d0, .. dN-1]``.

    Example:

    >>> mean_squared_error([[0., 1.], [0., 0.]], [[1., 1.], [1., 0.]])
    array([0.5, 0.5], dtype=float32)
    >>> mean_squared_error(np.array([[1, 1, 1, 1]]), np.array([[2, 2, 2, 3]]))  # ints: float32
    array([1.75], dtype=float32)

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    y_true, y_pred = as_pair(y_true, y_pred, squeeze=True)
    return np.mean(np.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """Mean absolute error over the last axis.

    Formula: ``loss = mean(abs(y_true - y_pred), axis=-1)``

    Args:
        y_true: ground truth values, shape ``[batch_size, d0, .. dN]``.
        y_pred: predicted values, same shape.

    Returns:
        Per-sample losses of shape ``[batch_size, d0, .. dN-1]``.

    Example:

    >>> mean_absolute_error([[0., 1.], [0., 0.]], [[1., 1.], [1., 0.]])
    array([0.5, 0.5], dtype=float32)

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    y_true, y_pred = as_pair(y_true, y_pred, squeeze=True)
    return np.mean(np.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """Mean absolute percentage error over the last axis.

    Formula: ``loss = 100 * mean(abs((y_true - y_pred) / max(abs(y_true), 1e-7)), axis=-1)``

    The denominator is floored at ``1e-7`` (Keras's epsilon), so a target of
    exactly 0 gives a huge but finite percentage.

    Args:
        y_true: ground truth values, shape ``[batch_size, d0, .. dN]``.
        y_pred: predicted values, same shape.

    Returns:
        Per-sample losses (in percent) of shape ``[batch_size, d0, .. dN-1]``.

    Example:

    >>> mean_absolute_percentage_error([[100., 200.]], [[110., 150.]])
    array([17.5], dtype=float32)

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    y_true, y_pred = as_pair(y_true, y_pred, squeeze=True)
    diff = np.abs((y_true - y_pred) / np.maximum(np.abs(y_true), EPSILON))
    return 100.0 * np.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """Mean squared logarithmic error over the last axis.

    Formula:
    ``loss = mean(square(log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)), axis=-1)``

    Values below ``eps = 1e-7`` (so every negative value) are replaced by
    ``eps`` before the logarithm, as Keras does: a model cannot learn negative
    targets with this loss.

    Args:
        y_true: ground truth values, shape ``[batch_size, d0, .. dN]``.
        y_pred: predicted values, same shape.

    Returns:
        Per-sample losses of shape ``[batch_size, d0, .. dN-1]``.

    Example:

    >>> mean_squared_logarithmic_error([[0., 1.]], [[np.e - 1, 1.]]).round(4)
    array([0.5], dtype=float32)

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    y_true, y_pred = as_pair(y_true, y_pred, squeeze=True)
    first_log = np.log(np.maximum(y_pred, EPSILON) + 1.0)
    second_log = np.log(np.maximum(y_true, EPSILON) + 1.0)
    return np.mean(np.square(first_log - second_log), axis=-1)


def huber(y_true, y_pred, delta=1.0):
    """Huber loss: quadratic for small errors, linear for large ones.

    Formula, for each error ``x = y_pred - y_true``:
    ``0.5 * x**2`` if ``abs(x) <= delta`` else ``delta * abs(x) - 0.5 * delta**2``,
    then the mean over the last axis.

    Args:
        y_true: ground truth values, shape ``[batch_size, d0, .. dN]``.
        y_pred: predicted values, same shape.
        delta: positive float, where the loss turns from quadratic to linear.

    Returns:
        Per-sample losses of shape ``[batch_size, d0, .. dN-1]``.

    Example:

    >>> huber([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).round(3)
    array([0.18, 0.13], dtype=float32)

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    delta = check_scalar(delta, "delta", low=0.0, include_boundaries="neither",
                         expected="a positive number (at 0 the loss would be 0 everywhere)")
    y_true, y_pred = as_pair(y_true, y_pred, squeeze=True)
    delta = y_pred.dtype.type(delta)
    error = y_pred - y_true
    abs_error = np.abs(error)
    quadratic = 0.5 * np.square(error)
    linear = delta * abs_error - 0.5 * np.square(delta)
    return np.mean(np.where(abs_error <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """Logarithm of the hyperbolic cosine of the error, averaged over the last axis.

    Formula: ``loss = mean(log(cosh(y_pred - y_true)), axis=-1)``, computed in
    the overflow-free form ``x + softplus(-2x) - log(2)``. It behaves like
    ``x**2 / 2`` for small errors and like ``abs(x) - log(2)`` for large ones.

    Args:
        y_true: ground truth values, shape ``[batch_size, d0, .. dN]``.
        y_pred: predicted values, same shape.

    Returns:
        Per-sample losses of shape ``[batch_size, d0, .. dN-1]``.

    Example:

    >>> log_cosh([[0., 1.], [0., 0.]], [[1., 1.], [0., 0.]]).round(3)
    array([0.217, 0.   ], dtype=float32)

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    y_true, y_pred = as_pair(y_true, y_pred, squeeze=True)
    x = y_pred - y_true
    return np.mean(x + np.logaddexp(0.0, -2.0 * x) - np.log(2.0).astype(x.dtype), axis=-1)


def _l2_normalize(x: np.ndarray, axis: int) -> np.ndarray:
    """``x / norm(x)``, with the norm floored at 1e-7 so a zero vector stays zero."""
    square_sum = np.sum(np.square(x), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):
        inv_norm = 1.0 / np.sqrt(square_sum)
    return x * np.minimum(inv_norm, 1.0 / EPSILON)


def cosine_similarity(y_true, y_pred, axis=-1):
    """Negative cosine similarity between targets and predictions.

    Formula: ``loss = -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis=axis)``

    The result lies in [-1, 1]: -1 when the vectors point the same way, 0 when
    they are orthogonal (or either is a zero vector), 1 when they are opposite.
    Minimising it therefore maximises the similarity.

    Args:
        y_true: target vectors.
        y_pred: predicted vectors, same shape.
        axis: the axis along which the similarity is computed. Defaults to -1.

    Returns:
        The negative cosine similarity, with ``axis`` removed.

    Example:

    >>> cosine_similarity([[0., 1.], [1., 1.], [1., 1.]],
    ...                   [[1., 0.], [1., 1.], [-1., -1.]], axis=1)
    array([-0.        , -0.99999994,  0.99999994], dtype=float32)

    Taught in: Cosine similarity (book/cosine_similarity.ipynb).
    """
    y_true, y_pred = as_pair(y_true, y_pred, squeeze=True)
    axis = check_axis(axis, y_pred.ndim)
    return -np.sum(_l2_normalize(y_true, axis) * _l2_normalize(y_pred, axis), axis=axis)

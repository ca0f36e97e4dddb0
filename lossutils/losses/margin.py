"""Hinge (maximum-margin) losses, as in Keras 3.

``y_pred`` holds raw scores (for example a ``tanh`` output in [-1, 1]), not
probabilities; targets are -1 or +1. If every target of the batch is 0 or 1,
Keras (and so this module) converts them to -1/+1 first.
"""

from __future__ import annotations

import numpy as np

from ._common import as_pair

__all__ = ["hinge", "squared_hinge", "categorical_hinge"]


def _signed_labels(y_true: np.ndarray) -> np.ndarray:
    """Maps a batch of 0/1 labels to -1/+1; leaves -1/+1 labels alone."""
    values = np.unique(y_true)
    if np.all(np.isin(values, (0, 1))):
        return 2.0 * y_true - 1.0
    if np.all(np.isin(values, (-1, 1))):
        return y_true
    raise ValueError(
        "`y_true` must hold labels -1 and +1 (or 0 and 1, which are converted); "
        f"received the values {values[:6].tolist()}."
    )


def _margins(y_true, y_pred) -> np.ndarray:
    y_true, y_pred = as_pair(y_true, y_pred)
    y_true = _signed_labels(y_true).astype(y_pred.dtype)
    return np.maximum(1.0 - y_true * y_pred, 0.0)


def hinge(y_true, y_pred):
    """Hinge loss ``mean(maximum(1 - y_true * y_pred, 0), axis=-1)``.

    A score on the right side of the margin (``y_true * y_pred >= 1``) costs
    nothing; anything else costs linearly.

    Args:
        y_true: labels -1/+1 (0/1 labels are converted), shape ``[batch, d0, .. dN]``.
        y_pred: raw scores, same shape.

    Returns:
        Per-sample losses of shape ``[batch, d0, .. dN-1]``.

    Example:

    >>> hinge([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).round(3)
    array([1.1, 1.5], dtype=float32)

    Taught in: Hinge losses (book/hinge.ipynb).
    """
    return np.mean(_margins(y_true, y_pred), axis=-1)


def squared_hinge(y_true, y_pred):
    """Squared hinge loss ``mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)``.

    Args:
        y_true: labels -1/+1 (0/1 labels are converted), shape ``[batch, d0, .. dN]``.
        y_pred: raw scores, same shape.

    Returns:
        Per-sample losses of shape ``[batch, d0, .. dN-1]``.

    Example:

    >>> squared_hinge([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).round(3)
    array([1.46, 2.26], dtype=float32)

    Taught in: Hinge losses (book/hinge.ipynb).
    """
    return np.mean(np.square(_margins(y_true, y_pred)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """Categorical hinge loss ``maximum(neg - pos + 1, 0)``.

    ``pos = sum(y_true * y_pred)`` is the score of the true class and
    ``neg = max((1 - y_true) * y_pred)`` the best score among the others: the
    loss is zero once the true class wins by a margin of 1.

    Args:
        y_true: one-hot targets, shape ``[batch, num_classes]``.
        y_pred: raw scores, same shape.

    Returns:
        One loss per sample.

    Example:

    >>> categorical_hinge([[0, 1, 0]], [[0.2, 0.9, 0.4]]).round(3)
    array([0.5], dtype=float32)

    Taught in: Hinge losses (book/hinge.ipynb).
    """
    y_true, y_pred = as_pair(y_true, y_pred)
    pos = np.sum(y_true * y_pred, axis=-1)
    neg = np.max((1.0 - y_true) * y_pred, axis=-1)
    return np.maximum(neg - pos + 1.0, 0.0).astype(y_pred.dtype)

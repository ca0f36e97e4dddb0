"""Overlap losses for segmentation masks: Dice and Tversky, as in Keras 3.

They compare a predicted mask with the true one by how much they overlap,
``sum(y_true * y_pred)``, relative to their sizes, so a small object counts as
much as a large background. Unlike the other losses, they sum over EVERY axis
by default (``axis=None``): the whole batch gives one number. Pass
``axis=(1, 2, ...)`` for one value per sample.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_axis, check_in_unit_interval, check_scalar
from ._common import EPSILON, as_pair

__all__ = ["dice", "tversky"]

_MASK_HINT = (" Dice and Tversky expect masks or probabilities; "
              "apply a sigmoid or softmax to raw scores first.")


def _check_axes(axis, ndim: int):
    """``axis`` as None, an int or a tuple of distinct ints, each valid for rank ``ndim``."""
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        axes = tuple(check_axis(a, ndim) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(
                f"`axis` names an axis twice; received axis={axis!r} for an input of rank {ndim}."
            )
        return axes
    check_scalar(axis, "axis", "int", expected="None, an int or a tuple of ints")  # the type only
    return check_axis(axis, ndim)


def _masks(y_true, y_pred, axis):
    y_true, y_pred = as_pair(y_true, y_pred)
    check_in_unit_interval(y_true, "y_true", _MASK_HINT)
    check_in_unit_interval(y_pred, "y_pred", _MASK_HINT)
    return y_true, y_pred, _check_axes(axis, y_pred.ndim)


def dice(y_true, y_pred, axis=None):
    """Dice loss: one minus the overlap of two masks relative to their total size.

    Formula: ``loss = 1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + 1e-7)``,
    the sums taken over ``axis``. 0 for a perfect match, 1 for no overlap;
    two empty masks also give 1 (the ``1e-7`` only avoids 0 / 0).

    Args:
        y_true: true masks, values in [0, 1].
        y_pred: predicted masks or probabilities in [0, 1], same shape.
        axis: the axes summed over: None (Keras's default: all of them, one
            number for the whole batch), an int or a tuple of ints.

    Returns:
        The loss with ``axis`` removed: a scalar for ``axis=None``.

    Example:

    >>> y_true = [[[1.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]]
    >>> y_pred = [[[0.0, 1.0], [0.0, 1.0]], [[0.4, 0.0], [0.0, 0.9]]]
    >>> dice(y_true, y_pred, axis=(1, 2))
    array([0.5       , 0.75757575], dtype=float32)
    >>> dice(y_true, y_pred)
    np.float32(0.6164384)

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    y_true, y_pred, axis = _masks(y_true, y_pred, axis)
    eps = y_pred.dtype.type(EPSILON)  # keeps a 0-d result in float32
    intersection = np.sum(y_true * y_pred, axis=axis)
    return 1 - 2.0 * intersection / (np.sum(y_true, axis=axis) + np.sum(y_pred, axis=axis) + eps)


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """Tversky loss: Dice with separate weights for the two kinds of error.

    Formula, the sums taken over ``axis``:
    ``loss = 1 - tp / (tp + alpha * missed + beta * extra + 1e-7)``, where
    ``tp = sum(y_true * y_pred)``, ``missed = sum(y_true * (1 - y_pred))``
    and ``extra = sum((1 - y_true) * y_pred)``. With ``alpha = beta = 0.5``
    it equals :func:`dice`.

    Note which weight is which: Keras's docstring says ``alpha`` controls false
    positives, but its code (reproduced here) multiplies ``alpha`` with the
    MISSED true pixels, ``sum(y_true * (1 - y_pred))``, i.e. false negatives,
    and ``beta`` with the false positives. Raise ``alpha`` to punish misses.

    Args:
        y_true: true masks, values in [0, 1].
        y_pred: predicted masks or probabilities in [0, 1], same shape.
        alpha: weight (>= 0) of the missed true pixels. Defaults to 0.5.
        beta: weight (>= 0) of the extra predicted pixels. Defaults to 0.5.
        axis: the axes summed over: None (Keras's default: all of them, one
            number for the whole batch), an int or a tuple of ints.

    Returns:
        The loss with ``axis`` removed: a scalar for ``axis=None``.

    Example:

    >>> y_true, y_pred = [[1.0, 1.0, 0.0, 0.0]], [[1.0, 0.0, 1.0, 1.0]]
    >>> # One missed pixel and two extra ones: alpha weighs the miss, beta the extras.
    >>> tversky(y_true, y_pred, alpha=0.9, beta=0.1, axis=1).round(4)
    array([0.5238], dtype=float32)
    >>> tversky(y_true, y_pred, alpha=0.1, beta=0.9, axis=1).round(4)
    array([0.6552], dtype=float32)

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    alpha = check_scalar(alpha, "alpha", low=0.0)
    beta = check_scalar(beta, "beta", low=0.0)
    y_true, y_pred, axis = _masks(y_true, y_pred, axis)
    eps = y_pred.dtype.type(EPSILON)
    true_positive = np.sum(y_true * y_pred, axis=axis)
    missed = np.sum((1 - y_pred) * y_true, axis=axis)
    extra = np.sum(y_pred * (1 - y_true), axis=axis)
    return 1 - true_positive / (true_positive + missed * alpha + extra * beta + eps)

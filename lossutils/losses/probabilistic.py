"""Probabilistic losses: cross-entropies, KL divergence and Poisson, as in Keras 3.

Probabilities are clipped to ``[1e-7, 1 - 1e-7]`` exactly where Keras clips
them, in the same dtype, so the NumPy and Keras values agree even at the
extremes (a predicted probability of exactly 0 or 1). With
``from_logits=True`` the stable log-sum-exp forms are used instead, as in
TensorFlow's ``*_cross_entropy_with_logits`` kernels.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from .._validation import (
    as_numeric_array,
    check_axis,
    check_min_rank,
    check_real_in_range,
    keras_compute_dtype,
)
from ._common import EPSILON, LOGITS_HINT, as_pair, check_in_unit_interval

__all__ = [
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "kl_divergence",
    "poisson",
]


def _clip_probabilities(p: np.ndarray) -> np.ndarray:
    # The bounds take p's dtype: in float32, 1 - 1e-7 becomes 0.99999988.
    return np.clip(p, EPSILON, 1.0 - EPSILON)


def _log_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _check_flag(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be True or False; received {value!r}.")
    return bool(value)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary cross-entropy, averaged over ``axis``.

    Formula, per element, with ``p`` clipped to ``[1e-7, 1 - 1e-7]``:
    ``-(y_true * log(p) + (1 - y_true) * log(1 - p))``. With
    ``from_logits=True`` and logit ``z``:
    ``max(z, 0) - z * y_true + log(1 + exp(-abs(z)))``.

    Args:
        y_true: targets in [0, 1] (0/1 labels or soft labels).
        y_pred: predicted probabilities in [0, 1], or logits if ``from_logits``.
        from_logits: whether ``y_pred`` holds logits (raw scores).
        label_smoothing: float in [0, 1]; targets become
            ``y_true * (1 - label_smoothing) + 0.5 * label_smoothing``.
        axis: the axis the mean is taken over. Defaults to -1.

    Returns:
        The loss with ``axis`` removed, e.g. one value per sample.

    Example:

    >>> binary_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]).round(3)
    array([0.916, 0.714], dtype=float32)
    >>> binary_crossentropy([[1.0], [0.0]], [[100.0], [100.0]], from_logits=True).round(3)
    array([  0., 100.], dtype=float32)
    """
    from_logits = _check_flag(from_logits, "from_logits")
    label_smoothing = check_real_in_range(label_smoothing, "label_smoothing", 0.0, 1.0)
    y_true, y_pred = as_pair(y_true, y_pred)
    axis = check_axis(axis, y_pred.ndim)
    check_in_unit_interval(y_true, "y_true")
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        z = y_pred
        per_element = np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))
    else:
        check_in_unit_interval(y_pred, "y_pred", LOGITS_HINT)
        p = _clip_probabilities(y_pred)
        per_element = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    return np.mean(per_element, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Categorical cross-entropy between one-hot (or soft) targets and predictions.

    Formula: ``loss = -sum(y_true * log(p), axis)``, where ``p`` is ``y_pred``
    divided by its sum along ``axis`` and clipped to ``[1e-7, 1 - 1e-7]``, or
    ``softmax(y_pred)`` computed as a stable log-softmax when ``from_logits``.

    Args:
        y_true: targets in [0, 1], one-hot or soft, same shape as ``y_pred``.
        y_pred: predicted probabilities (rescaled to sum to 1), or logits.
        from_logits: whether ``y_pred`` holds logits (raw scores).
        label_smoothing: float in [0, 1]; targets become
            ``y_true * (1 - label_smoothing) + label_smoothing / num_classes``,
            where, as in Keras, ``num_classes`` is the size of the LAST axis.
        axis: the class axis. Defaults to -1.

    Returns:
        The loss with ``axis`` removed, e.g. one value per sample.

    Example:

    >>> y_true = [[0, 1, 0], [0, 0, 1]]
    >>> y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]
    >>> categorical_crossentropy(y_true, y_pred)
    array([0.05129331, 2.3025851 ], dtype=float32)
    """
    if isinstance(axis, bool):
        raise TypeError(f"`axis` must be an int; received axis={axis!r}.")
    from_logits = _check_flag(from_logits, "from_logits")
    label_smoothing = check_real_in_range(label_smoothing, "label_smoothing", 0.0, 1.0)
    y_true, y_pred = as_pair(y_true, y_pred)
    axis = check_axis(axis, y_pred.ndim)
    check_in_unit_interval(y_true, "y_true")
    if y_pred.shape[-1] == 1:
        warnings.warn(
            "categorical_crossentropy got y_pred with a single class (last axis of "
            f"size 1, shape {y_pred.shape}): the loss is always 0. For two classes "
            "use binary_crossentropy with one probability per sample.",
            UserWarning,
            stacklevel=2,
        )
    if label_smoothing:
        num_classes = y_true.shape[-1]
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / num_classes
    if from_logits:
        return -np.sum(y_true * _log_softmax(y_pred, axis), axis=axis)
    check_in_unit_interval(y_pred, "y_pred", LOGITS_HINT)
    totals = np.sum(y_pred, axis=axis, keepdims=True)
    if np.any(totals == 0):
        raise ValueError(
            "`y_pred` has a slice of all zeros along the class axis; probabilities "
            "must have a positive sum (Keras would return NaN here)."
        )
    p = _clip_probabilities(y_pred / totals)
    return -np.sum(y_true * np.log(p), axis=axis)


def _sparse_labels(y_true, n_classes: int, ignore_class) -> np.ndarray:
    """Validates integer class labels (0-based) and returns them as int64."""
    labels = as_numeric_array(y_true, "y_true")
    if not np.all(np.mod(labels, 1) == 0):
        raise ValueError(
            "`y_true` must hold integer class labels (0, 1, ..., num_classes - 1); "
            f"received a non-integer value {labels[np.mod(labels, 1) != 0].flat[0]!r}."
        )
    labels = labels.astype(np.int64)
    valid = labels if ignore_class is None else labels[labels != ignore_class]
    if valid.size and (valid.min() < 0 or valid.max() >= n_classes):
        bad = valid.min() if valid.min() < 0 else valid.max()
        raise ValueError(
            f"`y_true` holds the label {int(bad)}, but `y_pred` has {n_classes} "
            f"classes: labels are 0-based and must lie in [0, {n_classes - 1}]."
        )
    return labels


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Categorical cross-entropy with integer class labels instead of one-hot rows.

    Formula: ``loss = -log(p[y_true])``. Probabilities are clipped to
    ``[1e-7, 1 - 1e-7]`` and renormalised (Keras feeds their logarithms to a
    softmax); logits go through a stable log-softmax.

    Args:
        y_true: integer labels 0, 1, ..., num_classes - 1, of shape
            ``y_pred.shape[:-1]`` (or with a trailing axis of 1).
        y_pred: predicted probabilities or logits, classes on the last axis.
        from_logits: whether ``y_pred`` holds logits (raw scores).
        ignore_class: optional integer label (e.g. -1 or 255 for "void") whose
            positions get loss 0.
        axis: the class axis; only -1 (the last axis) is supported, as in Keras
            on TensorFlow.

    Returns:
        One loss per label, shape ``y_true.shape``.

    Example:

    >>> sparse_categorical_crossentropy([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    array([0.05129344, 2.3025851 ], dtype=float32)
    """
    from_logits = _check_flag(from_logits, "from_logits")
    if ignore_class is not None and (
        isinstance(ignore_class, bool) or not isinstance(ignore_class, numbers.Integral)
    ):
        raise TypeError(f"`ignore_class` must be an int or None; received {ignore_class!r}.")
    dtype = keras_compute_dtype(y_pred)
    y_pred = as_numeric_array(y_pred, "y_pred", dtype)
    check_min_rank(y_pred, "y_pred")
    axis = check_axis(axis, y_pred.ndim)
    if axis != y_pred.ndim - 1:
        raise ValueError(f"Only the last axis can hold the classes; received axis={axis}.")
    labels = _sparse_labels(y_true, y_pred.shape[-1], ignore_class)
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if labels.shape != y_pred.shape[:-1]:
        raise ValueError(
            "`y_true` must have the shape of `y_pred` without its class axis; received "
            f"y_true.shape={labels.shape} and y_pred.shape={y_pred.shape} "
            f"(expected y_true.shape={y_pred.shape[:-1]})."
        )
    valid = np.ones(labels.shape, bool) if ignore_class is None else labels != ignore_class
    labels = np.where(valid, labels, 0)
    y_pred = np.where(valid[..., np.newaxis], y_pred, 0)
    if from_logits:
        logits = y_pred
    else:
        check_in_unit_interval(y_pred, "y_pred", LOGITS_HINT)
        logits = np.log(_clip_probabilities(y_pred))
    log_p = np.take_along_axis(_log_softmax(logits, -1), labels[..., np.newaxis], axis=-1)[..., 0]
    return np.where(valid, -log_p, 0).astype(dtype)


def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence ``sum(y_true * log(y_true / y_pred))`` in nats.

    Both arguments are clipped to ``[1e-7, 1]`` first, as in Keras, so a zero
    in either contributes a tiny finite term instead of 0 or infinity (see
    ``lossutils.information.kl_divergence`` for the exact, unclipped value).

    Args:
        y_true: target distributions, values in [0, 1].
        y_pred: predicted distributions, values in [0, 1], same shape.

    Returns:
        The divergence summed over the last axis, one value per sample.

    Example:

    >>> kl_divergence([[0.5, 0.5]], [[0.9, 0.1]]).round(4)
    array([0.5108], dtype=float32)
    """
    y_true, y_pred = as_pair(y_true, y_pred)
    check_in_unit_interval(y_true, "y_true")
    check_in_unit_interval(y_pred, "y_pred", LOGITS_HINT)
    y_true = np.clip(y_true, EPSILON, 1)
    y_pred = np.clip(y_pred, EPSILON, 1)
    return np.sum(y_true * np.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    """Poisson loss ``mean(y_pred - y_true * log(y_pred + 1e-7))`` over the last axis.

    It is the negative log-likelihood of counts ``y_true`` under Poisson rates
    ``y_pred``, up to a term that does not depend on the prediction.

    Args:
        y_true: observed counts (non-negative).
        y_pred: predicted rates (non-negative), same shape.

    Returns:
        Per-sample losses of shape ``[batch_size, d0, .. dN-1]``.

    Example:

    >>> poisson([[2.0, 0.0]], [[2.0, 1.0]]).round(4)
    array([0.8069], dtype=float32)
    """
    y_true, y_pred = as_pair(y_true, y_pred)
    for name, value in (("y_true", y_true), ("y_pred", y_pred)):
        if value.min() < 0:
            raise ValueError(
                f"`{name}` must be non-negative for the Poisson loss (counts and "
                f"rates); received {float(value.min())!r}."
            )
    return np.mean(y_pred - y_true * np.log(y_pred + EPSILON), axis=-1)

"""Probabilistic losses: cross-entropies, KL divergence and Poisson, as in Keras 3.

The focal variants of the cross-entropies live in :mod:`.focal`.

Probabilities are clipped to ``[1e-7, 1 - 1e-7]`` exactly where Keras clips
them (and only there: the generalized cross-entropy is not clipped), in the
same dtype, so the NumPy and Keras values agree even at the extremes (a
predicted probability of exactly 0 or 1). With ``from_logits=True`` the
stable log-sum-exp forms are used instead, as in TensorFlow's
``*_cross_entropy_with_logits`` kernels.
"""

from __future__ import annotations

import numpy as np

from .._numerics import log_softmax
from .._validation import (
    as_numeric_array,
    check_axis,
    check_in_unit_interval,
    check_min_rank,
    check_scalar,
    keras_compute_dtype,
)
from ._common import (
    EPSILON,
    LOGITS_HINT,
    as_pair,
    categorical_pair,
    clip_probabilities,
    normalised_probabilities,
)

__all__ = [
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "categorical_generalized_cross_entropy",
    "kl_divergence",
    "poisson",
]


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

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """
    from_logits = check_scalar(from_logits, "from_logits", "bool")
    label_smoothing = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
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
        p = clip_probabilities(y_pred)
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

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """
    y_true, y_pred, from_logits, axis = categorical_pair(
        y_true, y_pred, from_logits, label_smoothing, axis, "categorical_crossentropy")
    if from_logits:
        return -np.sum(y_true * log_softmax(y_pred, axis), axis=axis)
    return -np.sum(y_true * np.log(normalised_probabilities(y_pred, axis)), axis=axis)


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


def _labels_like(labels: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Checks that there is one label per row of ``y_pred``; drops a trailing axis of 1."""
    if labels.ndim == y_pred.ndim and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if labels.shape != y_pred.shape[:-1]:
        raise ValueError(
            "`y_true` must have the shape of `y_pred` without its class axis; received "
            f"y_true.shape={labels.shape} and y_pred.shape={y_pred.shape} "
            f"(expected y_true.shape={y_pred.shape[:-1]})."
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

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """
    from_logits = check_scalar(from_logits, "from_logits", "bool")
    ignore_class = check_scalar(ignore_class, "ignore_class", "int", allow_none=True)
    dtype = keras_compute_dtype(y_pred)
    y_pred = as_numeric_array(y_pred, "y_pred", dtype)
    check_min_rank(y_pred, "y_pred")
    axis = check_axis(axis, y_pred.ndim)
    if axis != y_pred.ndim - 1:
        raise ValueError(f"Only the last axis can hold the classes; received axis={axis}.")
    labels = _labels_like(_sparse_labels(y_true, y_pred.shape[-1], ignore_class), y_pred)
    valid = np.ones(labels.shape, bool) if ignore_class is None else labels != ignore_class
    labels = np.where(valid, labels, 0)
    y_pred = np.where(valid[..., np.newaxis], y_pred, 0)
    if from_logits:
        logits = y_pred
    else:
        check_in_unit_interval(y_pred, "y_pred", LOGITS_HINT)
        logits = np.log(clip_probabilities(y_pred))
    log_p = np.take_along_axis(log_softmax(logits, -1), labels[..., np.newaxis], axis=-1)[..., 0]
    return np.where(valid, -log_p, 0).astype(dtype)


def _check_q(q, dtype) -> float:
    q = check_scalar(q, "q", low=0, high=1, include_boundaries="neither",
                     expected="a number in the open interval (0, 1), as in Keras's "
                              "CategoricalGeneralizedCrossEntropy")
    if dtype.type(q) == 0:  # then (1 - p**q) / q would be 0 / 0
        raise ValueError(f"`q`={q!r} rounds to 0 in {dtype}; use a q of 0.01 or more.")
    return q


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """Generalized cross-entropy of the true class's probability, robust to wrong labels.

    Formula: ``loss = (1 - p**q) / q``, where ``p = y_pred[y_true]`` is the
    probability given to the true class. As ``q -> 0`` this tends to the
    cross-entropy ``-log(p)``; at ``q = 1`` it is ``1 - p``, a mean absolute
    error. In between, a confidently "wrong" sample (``p`` near 0) costs at
    most ``1 / q`` instead of an unbounded ``-log(p)``, so a few mislabelled
    examples pull less on the model. As in Keras, ``p`` is not clipped, and
    the formula is taken literally: in float32, ``1 - p**q`` cancels for
    small ``q`` (below about 0.01 the loss keeps only a few correct digits).

    Args:
        y_true: integer class labels 0, 1, ..., num_classes - 1, of shape
            ``y_pred.shape[:-1]`` (or with a trailing axis of 1).
        y_pred: predicted probabilities in [0, 1], classes on the last axis.
        q: the noise parameter, a float in (0, 1). Required, as in Keras
            (the class ``CategoricalGeneralizedCrossEntropy`` defaults to 0.5).

    Returns:
        One loss per label, shape ``y_pred.shape[:-1]``.

    Example:

    >>> y_pred = [[0.7, 0.3], [0.2, 0.8], [0.6, 0.4]]
    >>> categorical_generalized_cross_entropy([0, 1, 1], y_pred, q=0.5).round(4)
    array([0.3267, 0.2111, 0.7351], dtype=float32)
    >>> categorical_generalized_cross_entropy([1], [[1.0, 0.0]], q=0.5)  # capped at 1 / q
    array([2.], dtype=float32)

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    dtype = keras_compute_dtype(y_pred)
    q = _check_q(q, dtype)
    y_pred = as_numeric_array(y_pred, "y_pred", dtype)
    check_min_rank(y_pred, "y_pred")
    labels = _labels_like(_sparse_labels(y_true, y_pred.shape[-1], None), y_pred)
    check_in_unit_interval(y_pred, "y_pred", " Apply a softmax to raw scores (logits) first.")
    p = np.take_along_axis(y_pred, labels[..., np.newaxis], axis=-1)[..., 0]
    return ((1 - p**q) / q).astype(dtype)


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

    Taught in: KL divergence (book/kl_divergence.ipynb).
    """
    y_true, y_pred = as_pair(y_true, y_pred)
    check_in_unit_interval(y_true, "y_true")
    # Keras's kl_divergence has no from_logits, so LOGITS_HINT would mislead here.
    check_in_unit_interval(y_pred, "y_pred", " `kl_divergence` takes probabilities and has no "
                           "`from_logits`: apply a softmax to raw scores (logits) first.")
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

    Taught in: Regression losses (book/regression_losses.ipynb).
    """
    y_true, y_pred = as_pair(y_true, y_pred)
    for name, value in (("y_true", y_true), ("y_pred", y_pred)):
        if value.min() < 0:
            raise ValueError(
                f"`{name}` must be non-negative for the Poisson loss (counts and "
                f"rates); received {float(value.min())!r}."
            )
    return np.mean(y_pred - y_true * np.log(y_pred + EPSILON), axis=-1)

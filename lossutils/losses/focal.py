"""Focal cross-entropies (Lin et al., 2017), as in Keras 3.

A focal loss multiplies each element's cross-entropy by ``(1 - p_t) ** gamma``,
where ``p_t`` is the probability given to what actually happened: examples the
model already gets right (``p_t`` near 1) are down-weighted, so training
concentrates on the hard ones. ``gamma = 0`` gives back the plain
cross-entropy. ``alpha`` re-weights the classes.

Clipping follows Keras operation by operation: the binary loss with
``from_logits=True`` takes its cross-entropy straight from the logits (Keras
keeps the logits attached to the sigmoid's output), while the categorical
loss clips the softmax's output to ``[1e-7, 1 - 1e-7]`` even with logits.
"""

from __future__ import annotations

import numpy as np

from .._numerics import sigmoid, softmax
from .._validation import as_numeric_array, check_axis, check_in_unit_interval, check_scalar
from ._common import (
    LOGITS_HINT,
    as_pair,
    categorical_pair,
    clip_probabilities,
    normalised_probabilities,
)

__all__ = ["binary_focal_crossentropy", "categorical_focal_crossentropy"]


def _check_gamma(gamma) -> float:
    # A negative gamma would raise 0 (a perfect prediction) to a negative power: infinity.
    return check_scalar(gamma, "gamma", low=0.0)


def _binary_crossentropy(y_true, y_pred, from_logits):
    """Element-wise binary cross-entropy; probabilities clipped, logits exact."""
    if from_logits:
        z = y_pred
        return np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))
    p = clip_probabilities(y_pred)
    return -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))


def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Binary cross-entropy scaled down where the prediction is already right.

    Formula, per element, with ``p`` the predicted probability (``sigmoid`` of
    the logit if ``from_logits``) and ``bce`` the binary cross-entropy:
    ``(1 - p_t) ** gamma * bce``, where ``p_t = y_true * p + (1 - y_true) * (1 - p)``.
    With ``apply_class_balancing`` it is further multiplied by ``alpha`` for
    class 1 and ``1 - alpha`` for class 0. The mean is taken over ``axis``.

    Args:
        y_true: targets in [0, 1] (0/1 labels or soft labels).
        y_pred: predicted probabilities in [0, 1], or logits if ``from_logits``.
        apply_class_balancing: whether to weight class 1 by ``alpha`` and
            class 0 by ``1 - alpha``.
        alpha: float in [0, 1], the weight of class 1. Defaults to 0.25.
        gamma: focusing parameter, a float >= 0; 0 gives the binary
            cross-entropy. Defaults to 2.0.
        from_logits: whether ``y_pred`` holds logits (raw scores).
        label_smoothing: float in [0, 1]; targets become
            ``y_true * (1 - label_smoothing) + 0.5 * label_smoothing``.
        axis: the axis the mean is taken over. Defaults to -1.

    Returns:
        The loss with ``axis`` removed, e.g. one value per sample.

    Example:

    >>> y_true, y_pred = [[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]
    >>> binary_focal_crossentropy(y_true, y_pred, gamma=2).round(3)
    array([0.33 , 0.206], dtype=float32)
    >>> binary_focal_crossentropy(y_true, y_pred, gamma=0).round(3)  # binary cross-entropy
    array([0.916, 0.714], dtype=float32)

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    apply_class_balancing = check_scalar(apply_class_balancing, "apply_class_balancing", "bool")
    alpha = check_scalar(alpha, "alpha", low=0.0, high=1.0)
    gamma = _check_gamma(gamma)
    from_logits = check_scalar(from_logits, "from_logits", "bool")
    label_smoothing = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    y_true, y_pred = as_pair(y_true, y_pred)
    axis = check_axis(axis, y_pred.ndim)
    check_in_unit_interval(y_true, "y_true")
    if not from_logits:
        check_in_unit_interval(y_pred, "y_pred", LOGITS_HINT)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    bce = _binary_crossentropy(y_true, y_pred, from_logits)
    p = sigmoid(y_pred) if from_logits else y_pred
    # p_t uses the unclipped probability, as Keras does; only the log is clipped.
    p_t = y_true * p + (1 - y_true) * (1 - p)
    focal_bce = np.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal_bce = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal_bce
    return np.mean(focal_bce, axis=axis)


def _check_class_weights(alpha, n_classes: int, dtype) -> np.ndarray:
    """``alpha`` as a scalar or one non-negative weight per class (last axis)."""
    if np.ndim(alpha) == 0 and not isinstance(alpha, np.ndarray):  # a number (or a bool, a string...)
        expected = "a number >= 0, or a list of one weight per class"
        return np.asarray(check_scalar(alpha, "alpha", low=0.0, expected=expected), dtype)
    weights = as_numeric_array(alpha, "alpha", dtype)
    if weights.ndim > 1 or (weights.ndim == 1 and weights.size not in (1, n_classes)):
        raise ValueError(
            f"`alpha` must be a float or one weight per class ({n_classes} classes "
            f"on the last axis of `y_pred`); received an array of shape {weights.shape}."
        )
    if weights.min() < 0:
        raise ValueError(f"`alpha` must be non-negative; received {float(weights.min())!r}.")
    return weights


def categorical_focal_crossentropy(
    y_true,
    y_pred,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Categorical cross-entropy scaled down for classes predicted with confidence.

    Formula: ``loss = sum(alpha * (1 - p) ** gamma * -y_true * log(p), axis)``,
    where ``p`` is ``y_pred`` (``softmax(y_pred)`` if ``from_logits``) divided
    by its sum along ``axis`` and clipped to ``[1e-7, 1 - 1e-7]``.

    Args:
        y_true: targets in [0, 1], one-hot or soft, same shape as ``y_pred``.
        y_pred: predicted probabilities (rescaled to sum to 1), or logits.
        alpha: a float >= 0, or one weight per class (the LAST axis), as
            Keras broadcasts it. Defaults to 0.25.
        gamma: focusing parameter, a float >= 0; 0 gives ``alpha`` times the
            categorical cross-entropy. Defaults to 2.0.
        from_logits: whether ``y_pred`` holds logits (raw scores).
        label_smoothing: float in [0, 1]; targets become
            ``y_true * (1 - label_smoothing) + label_smoothing / num_classes``,
            where, as in Keras, ``num_classes`` is the size of the LAST axis.
        axis: the class axis. Defaults to -1.

    Returns:
        The loss with ``axis`` removed, e.g. one value per sample.

    Example:

    >>> y_true = [[0, 1, 0], [0, 0, 1]]
    >>> y_pred = [[0.05, 0.9, 0.05], [0.1, 0.85, 0.05]]
    >>> categorical_focal_crossentropy(y_true, y_pred)
    array([2.6340148e-04, 6.7591208e-01], dtype=float32)

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    gamma = _check_gamma(gamma)
    y_true, y_pred, from_logits, axis = categorical_pair(
        y_true, y_pred, from_logits, label_smoothing, axis, "categorical_focal_crossentropy")
    alpha = _check_class_weights(alpha, y_pred.shape[-1], y_pred.dtype)
    if from_logits:  # Keras takes the softmax, then clips like probabilities
        y_pred = softmax(y_pred, axis)
    p = normalised_probabilities(y_pred, axis)
    focal_cce = alpha * np.power(1.0 - p, gamma) * (-y_true * np.log(p))
    return np.sum(focal_cce, axis=axis)

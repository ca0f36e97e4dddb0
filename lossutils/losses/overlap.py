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

__all__ = ["dice", "tversky", "keras_tversky_alpha_weighs"]

#: The pixels Tversky's ``alpha`` may weigh: "extra" (false positives, as in
#: Salehi et al. 2017 and Keras's docstring) or "missed" (false negatives, as
#: the code of Keras 3.15 and earlier does).
_ALPHA_WEIGHS = ("extra", "missed")
#: The answer of each ``keras.losses.tversky`` asked so far, so that Keras is asked once.
_ANSWERS: dict = {}

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


def keras_tversky_alpha_weighs():
    """Which pixels ``alpha`` weighs in the installed Keras's Tversky loss: "missed" or "extra".

    Salehi et al. (2017), and Keras's own docstring, give ``alpha`` to the
    extra pixels (false positives: predicted, not true) and ``beta`` to the
    missed ones (false negatives). The code of Keras 3.15 and earlier does
    the reverse; the fix (keras-team/keras pull request 23333) is merged for
    a later release. This function asks the installed Keras instead of
    trusting a version number: it computes ``keras.losses.tversky`` with
    ``alpha=1, beta=0`` for a prediction that finds one of two true pixels
    and adds none. The loss is 0.5 if ``alpha`` weighs the missed pixel, 0 if
    it weighs extra ones. Keras is imported here, not when lossutils is,
    and asked once per session.

    Returns:
        ``"missed"`` or ``"extra"``.

    Raises:
        ImportError: Keras is not installed.
        RuntimeError: Keras's value fits neither reading.

    Example:

    >>> keras_tversky_alpha_weighs() in ("missed", "extra")
    True

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    import keras  # here, not at the top: lossutils stays NumPy-only on import

    keras_tversky = keras.losses.tversky
    if keras_tversky not in _ANSWERS:
        y_true = np.array([[1.0, 1.0, 0.0]], dtype="float32")  # two true pixels
        y_pred = np.array([[1.0, 0.0, 0.0]], dtype="float32")  # one found, one missed, none extra
        value = float(keras.ops.convert_to_numpy(keras_tversky(y_true, y_pred, alpha=1.0, beta=0.0)))
        if abs(value - 0.5) < 1e-3:
            _ANSWERS[keras_tversky] = "missed"
        elif abs(value) < 1e-3:
            _ANSWERS[keras_tversky] = "extra"
        else:
            raise RuntimeError(
                f"keras.losses.tversky gave {value!r} for one pixel found and one missed with alpha=1, "
                "beta=0: expected 0.5 (alpha weighs missed pixels) or 0 (alpha weighs extra pixels)."
            )
    return _ANSWERS[keras_tversky]


def _check_alpha_weighs(alpha_weighs):
    if alpha_weighs is not None and not isinstance(alpha_weighs, str):
        raise TypeError(
            f"`alpha_weighs` must be 'extra', 'missed' or None; received {alpha_weighs!r} "
            f"of type {type(alpha_weighs).__name__}."
        )
    if alpha_weighs is not None and alpha_weighs not in _ALPHA_WEIGHS:
        raise ValueError(
            "`alpha_weighs` must be 'extra' (false positives, as in the paper), 'missed' "
            "(false negatives, as Keras 3.15's code) or None (as the installed Keras); "
            f"received {alpha_weighs!r}."
        )
    return alpha_weighs


def _installed_convention() -> str:
    """What the installed Keras does, or the paper's reading when Keras is not installed."""
    try:
        return keras_tversky_alpha_weighs()
    except ImportError:
        return "extra"


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None, alpha_weighs=None):
    """Tversky loss: Dice with separate weights for the two kinds of error.

    Formula, the sums taken over ``axis``:
    ``loss = 1 - tp / (tp + alpha * extra + beta * missed + 1e-7)`` in the
    paper's reading, where ``tp = sum(y_true * y_pred)``,
    ``extra = sum((1 - y_true) * y_pred)`` (false positives) and
    ``missed = sum(y_true * (1 - y_pred))`` (false negatives). With
    ``alpha = beta = 0.5`` it equals :func:`dice`.

    Which error ``alpha`` weighs depends on the Keras version: Keras's
    docstring follows the paper, but the code of Keras 3.15 and earlier
    multiplies ``alpha`` with the MISSED pixels and ``beta`` with the extra
    ones; a fix is merged upstream for a later release. By default the twin
    does what the installed Keras does (see
    :func:`~lossutils.losses.overlap.keras_tversky_alpha_weighs`), so it agrees with
    ``keras.losses.tversky`` on either; without Keras it follows the paper.
    Pass ``alpha_weighs`` to fix the reading whatever Keras does.

    Args:
        y_true: true masks, values in [0, 1].
        y_pred: predicted masks or probabilities in [0, 1], same shape.
        alpha: weight (>= 0) of the pixels named by ``alpha_weighs``. Defaults to 0.5.
        beta: weight (>= 0) of the other kind of error. Defaults to 0.5.
        axis: the axes summed over: None (Keras's default: all of them, one
            number for the whole batch), an int or a tuple of ints.
        alpha_weighs: ``"extra"`` (``alpha`` weighs false positives, as in the
            paper), ``"missed"`` (false negatives, as Keras 3.15's code) or
            None (the default: as the installed Keras, or ``"extra"`` if
            Keras is not installed; when ``alpha == beta`` the two agree and
            Keras is not consulted).

    Returns:
        The loss with ``axis`` removed: a scalar for ``axis=None``.

    Example:

    >>> y_true, y_pred = [[1.0, 1.0, 0.0, 0.0]], [[1.0, 0.0, 1.0, 1.0]]
    >>> # One missed pixel and two extra ones.
    >>> tversky(y_true, y_pred, alpha=0.9, beta=0.1, axis=1, alpha_weighs="missed").round(4)
    array([0.5238], dtype=float32)
    >>> tversky(y_true, y_pred, alpha=0.9, beta=0.1, axis=1, alpha_weighs="extra").round(4)
    array([0.6552], dtype=float32)

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    alpha = check_scalar(alpha, "alpha", low=0.0)
    beta = check_scalar(beta, "beta", low=0.0)
    alpha_weighs = _check_alpha_weighs(alpha_weighs)
    y_true, y_pred, axis = _masks(y_true, y_pred, axis)
    eps = y_pred.dtype.type(EPSILON)
    true_positive = np.sum(y_true * y_pred, axis=axis)
    missed = np.sum((1 - y_pred) * y_true, axis=axis)
    extra = np.sum(y_pred * (1 - y_true), axis=axis)
    if alpha_weighs is None:
        alpha_weighs = _installed_convention() if alpha != beta else "extra"
    alpha_pixels, beta_pixels = (extra, missed) if alpha_weighs == "extra" else (missed, extra)
    return 1 - true_positive / (true_positive + alpha_pixels * alpha + beta_pixels * beta + eps)

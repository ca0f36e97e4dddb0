"""From per-sample losses to the one number a model minimises, as Keras does it.

:func:`reduce` mirrors ``keras.losses.Loss``'s reduction step (with
``sample_weight`` and the mask that ``ignore_class`` creates), and
:class:`Loss` mirrors the Keras loss classes (``keras.losses.MeanSquaredError()``
and friends): a loss function, its keyword arguments and a reduction.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_numeric_array, keras_compute_dtype
from ._common import squeeze_or_expand_to_same_rank

__all__ = ["REDUCTIONS", "reduce", "Loss"]

#: Every reduction Keras 3 accepts (``None`` means ``"none"``).
REDUCTIONS = ("sum_over_batch_size", "sum", "none", None, "mean", "mean_with_sample_weight")


def _check_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"`reduction` must be one of {REDUCTIONS}; received reduction={reduction!r}."
        )
    return "none" if reduction is None else reduction


def _weights(values: np.ndarray, sample_weight, mask, reduction: str):
    """Merges ``sample_weight`` and ``mask`` into one weight array (or None)."""
    weight = None
    if mask is not None:
        mask = np.asarray(mask, bool)
        # As in Keras, a trailing axis of length 1 on either side is squeezed (or
        # added); the mask keeps its own shape here, and `reduce` lines the merged
        # weights up with the losses exactly as Keras does.
        lined_up, matched = squeeze_or_expand_to_same_rank(values, mask)
        if lined_up.shape != matched.shape:
            raise ValueError(
                f"`mask` of shape {mask.shape} does not match the losses of shape "
                f"{values.shape}; expected one entry per loss value (a trailing axis "
                "of length 1 may be added or left out)."
            )
        if reduction in ("mean", "sum_over_batch_size"):
            # Valid entries weigh total/valid, so dividing by the batch size later
            # averages over the valid entries only.
            valid = mask.sum()
            weight = np.where(mask, mask.size / valid if valid else 0.0, 0.0)
        else:
            weight = mask.astype(values.dtype)
    if sample_weight is not None:
        sw = as_numeric_array(sample_weight, "sample_weight", values.dtype)
        if weight is not None:
            weight, sw = squeeze_or_expand_to_same_rank(weight.astype(values.dtype), sw)
            sw = sw * weight
        weight = sw
    elif weight is not None:
        weight = weight.astype(values.dtype)
    return weight


def reduce(values, reduction="sum_over_batch_size", sample_weight=None, mask=None):
    """Reduces per-sample losses to a scalar the way ``keras.losses.Loss`` does.

    Args:
        values: per-sample losses, e.g. the output of ``mean_squared_error``.
        reduction: ``"sum_over_batch_size"`` (Keras's default: the weighted sum
            divided by the NUMBER OF LOSS VALUES, not by the sum of weights),
            ``"sum"``, ``"none"``/``None`` (weighted values returned as they
            are), ``"mean"`` (same as the default) or
            ``"mean_with_sample_weight"`` (divided by the sum of the weights).
        sample_weight: optional weights, a scalar or an array matching
            ``values`` (a trailing axis of 1 is squeezed).
        mask: optional boolean array, ``False`` where a value must not count
            (``ignore_class`` in sparse cross-entropy creates one), one entry
            per loss value; as for ``sample_weight``, a trailing axis of 1 is
            squeezed or added.

    Returns:
        A scalar of ``values``'s dtype (or the weighted array for ``"none"``).

    Example:

    >>> reduce([1.0, 3.0])
    np.float32(2.0)
    >>> reduce([1.0, 3.0], sample_weight=[1.0, 0.0])  # divides by 2, not by 1
    np.float32(0.5)
    >>> reduce([1.0, 3.0], "mean_with_sample_weight", sample_weight=[1.0, 0.0])
    np.float32(1.0)

    Taught in: Keras losses in practice (book/keras_in_practice.ipynb).
    """
    reduction = _check_reduction(reduction)
    values = as_numeric_array(values, "values", keras_compute_dtype(values), allow_empty=True)
    weight = _weights(values, sample_weight, mask, reduction)
    if weight is not None:
        values, weight = squeeze_or_expand_to_same_rank(values, weight)
        try:
            np.broadcast_shapes(weight.shape, values.shape)
        except ValueError:
            raise ValueError(
                f"`sample_weight` of shape {weight.shape} does not match the losses of "
                f"shape {values.shape}; expected a scalar or one weight per loss value."
            ) from None
        values = values * weight
    if reduction == "none" or values.shape in ((), (0,)):
        return values
    total = np.sum(values, dtype=values.dtype)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and weight is not None:
        divisor = np.sum(weight, dtype=values.dtype)
    else:
        divisor = values.dtype.type(values.size)
    return total / divisor if divisor != 0 else values.dtype.type(0)


class Loss:
    """A loss function bundled with its arguments and a reduction, like a Keras loss class.

    ``Loss(categorical_crossentropy, from_logits=True)`` behaves like
    ``keras.losses.CategoricalCrossentropy(from_logits=True)``: calling it
    returns the reduced loss. As in Keras, inputs are converted to ``dtype``
    (float32 by default) first, whatever their own dtype.

    Args:
        fn: a per-sample loss function such as ``mean_squared_error``.
        reduction: see :func:`reduce`. Defaults to ``"sum_over_batch_size"``.
        name: a display name; defaults to the function's name.
        dtype: the dtype inputs are converted to. Defaults to ``"float32"``.
        **kwargs: keyword arguments passed on to ``fn`` (``from_logits``, ...).

    As in Keras, some losses leave entries out of the reduction: the labels
    equal to ``ignore_class``, and whatever the function's ``keras_mask``
    attribute rejects (``circle`` leaves out the anchors whose loss is 0).

    Example:

    >>> from lossutils.losses import categorical_crossentropy
    >>> cce = Loss(categorical_crossentropy)
    >>> cce([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    np.float32(1.1769392)

    Taught in: KL divergence (book/kl_divergence.ipynb); Keras losses in practice
    (book/keras_in_practice.ipynb).
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype="float32", **kwargs):
        if not callable(fn):
            raise TypeError(f"`fn` must be a loss function; received {fn!r}.")
        self.fn = fn
        self.reduction = _check_reduction(reduction)
        self.name = name or fn.__name__
        self.dtype = np.dtype(dtype)
        self.kwargs = kwargs

    def __call__(self, y_true, y_pred, sample_weight=None):
        y_true = as_numeric_array(y_true, "y_true", self.dtype)
        y_pred = as_numeric_array(y_pred, "y_pred", self.dtype)
        values = self.fn(y_true, y_pred, **self.kwargs)
        return reduce(values, self.reduction, sample_weight, self._mask(y_true, y_pred, values))

    def _mask(self, y_true, y_pred, values):
        """The mask Keras attaches to the losses, which its reduction honours (or None)."""
        mask = None
        ignore_class = self.kwargs.get("ignore_class")
        if ignore_class is not None:
            labels = y_true[..., 0] if y_true.ndim == y_pred.ndim else y_true
            mask = labels != ignore_class
        keras_mask = getattr(self.fn, "keras_mask", None)
        if keras_mask is not None:
            mask = keras_mask(values) if mask is None else mask & keras_mask(values)
        return mask

    def __repr__(self):
        args = "".join(f", {k}={v!r}" for k, v in self.kwargs.items())
        return f"Loss({self.name}{args}, reduction={self.reduction!r})"

"""Metrics as Keras keeps them: a running mean, and the accuracy ``'accuracy'`` stands for.

A loss is recomputed from scratch for every batch; a metric *accumulates*.
:class:`~lossutils.metrics.Mean` is the NumPy twin of ``keras.metrics.Mean``, the object behind
every number ``fit`` prints (the epoch's ``loss`` is a ``Mean`` of the batch
losses, weighted by batch size). :func:`~lossutils.metrics.accuracy_for` names the accuracy that
``compile(metrics=["accuracy"])`` picks, from the shapes alone.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_numeric_array
from .losses._common import squeeze_or_expand_to_same_rank

__all__ = ["Mean", "accuracy_for"]


def _mean_over_trailing_axes(x: np.ndarray, first: int) -> np.ndarray:
    """Averages ``x`` over every axis from ``first`` on (nothing if there are none)."""
    return x.mean(axis=tuple(range(first, x.ndim))) if x.ndim > first else x


class Mean:
    """A running (weighted) mean of every value it is given, like ``keras.metrics.Mean``.

    Each call adds to two totals, the sum of the values and their count, and
    returns their ratio so far; :meth:`reset_state` sets both back to zero.
    Rows of a 2-D input are first averaged, so each row counts once, as in
    Keras.

    Args:
        name: a display name (Keras's first argument too: ``Mean(1)`` is a
            metric named 1, not a mean of 1).
        dtype: the dtype values are converted to. Defaults to ``"float32"``.

    Example:

    >>> mean = Mean()
    >>> for values in ([1, 3, 5, 7], [1, 3, 5, 7], [1, 1, 1, 1], [2, 2]):
    ...     running = mean(values)
    >>> running  # 40 / 14, the mean of all 14 values, not the mean of the four means
    np.float32(2.857143)
    >>> mean.reset_state()
    >>> mean.result()
    np.float32(0.0)

    Taught in: Keras losses in practice (book/keras_in_practice.ipynb).
    """

    def __init__(self, name="mean", dtype="float32"):
        if not isinstance(name, str):
            raise TypeError(
                f"`name` must be a string; received {name!r} of type {type(name).__name__}. "
                "The values go to the call, not to the constructor: Mean()(1), not Mean(1)."
            )
        self.name = name
        self.dtype = np.dtype(dtype)
        self.total = self.dtype.type(0)
        self.count = self.dtype.type(0)

    def update_state(self, values, sample_weight=None):
        """Adds ``values`` (optionally weighted) to the running totals."""
        values = as_numeric_array(values, "values", self.dtype)
        if sample_weight is None:
            count = values.shape[0] if values.ndim else 1
        else:
            weight = as_numeric_array(sample_weight, "sample_weight", self.dtype)
            values, weight = squeeze_or_expand_to_same_rank(values, weight)
            values = _mean_over_trailing_axes(values, weight.ndim)
            try:
                weight = np.broadcast_to(weight, values.shape)
            except ValueError:
                raise ValueError(
                    f"`sample_weight` of shape {weight.shape} does not match the values of shape "
                    f"{values.shape}; expected a scalar or one weight per value."
                ) from None
            values = values * weight
            count = np.sum(_mean_over_trailing_axes(weight, 1), dtype=self.dtype)
        self.total = self.dtype.type(self.total + np.sum(_mean_over_trailing_axes(values, 1)))
        self.count = self.dtype.type(self.count + count)

    def result(self):
        """The mean so far: total / count, or 0 before any value (as Keras's ``divide_no_nan``)."""
        return self.dtype.type(self.total / self.count) if self.count else self.dtype.type(0)

    def reset_state(self):
        """Forgets every value so far (Keras 2 called this ``reset_states``)."""
        self.total = self.dtype.type(0)
        self.count = self.dtype.type(0)

    def __call__(self, values, sample_weight=None):
        self.update_state(values, sample_weight)
        return self.result()

    def __repr__(self):
        return f"Mean(name={self.name!r}, total={self.total}, count={self.count})"


def _shape(shape, name: str) -> tuple[int, ...]:
    try:
        shape = tuple(int(n) for n in shape)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must be a shape, a tuple of ints; received {shape!r}.") from None
    if not shape:
        raise ValueError(f"`{name}` must have at least one axis; received the shape {shape}.")
    return shape


def accuracy_for(y_true_shape, y_pred_shape) -> str:
    """The accuracy Keras 3 compiles for ``metrics=["accuracy"]``, decided by shapes only.

    One output unit means a yes/no question: ``"binary_accuracy"``. Labels
    with one axis fewer than the predictions (or a last axis of 1 against
    several units) are class numbers: ``"sparse_categorical_accuracy"``.
    Anything else is compared row by row with ``argmax``:
    ``"categorical_accuracy"``. The loss plays no part, unlike in Keras 2.

    Args:
        y_true_shape: the shape of the labels, e.g. ``(32,)`` or ``(32, 3)``.
        y_pred_shape: the shape of the model's output, e.g. ``(32, 3)``.

    Returns:
        The name of the function in ``keras.metrics`` that the metric calls.

    Example:

    >>> accuracy_for((32, 1), (32, 1))
    'binary_accuracy'
    >>> accuracy_for((32,), (32, 3))
    'sparse_categorical_accuracy'
    >>> accuracy_for((32, 3), (32, 3))  # even for a multi-label model trained with binary CE
    'categorical_accuracy'

    Taught in: Keras losses in practice (book/keras_in_practice.ipynb).
    """
    y_true_shape, y_pred_shape = _shape(y_true_shape, "y_true_shape"), _shape(y_pred_shape, "y_pred_shape")
    if y_pred_shape[-1] == 1:
        return "binary_accuracy"
    if len(y_true_shape) < len(y_pred_shape) or y_true_shape[-1] == 1:
        return "sparse_categorical_accuracy"
    return "categorical_accuracy"

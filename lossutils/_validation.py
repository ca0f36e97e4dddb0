"""Input checks shared by every public function of lossutils.

Each check raises a ``ValueError`` or ``TypeError`` whose message names the
argument, says what was received and what was expected, so that a reader never
has to decode a NumPy broadcasting error or chase a silent NaN.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_numeric_array",
    "keras_compute_dtype",
    "check_min_rank",
    "check_same_shape",
    "check_axis",
    "check_probabilities",
    "check_distribution",
    "check_log_base",
    "check_real_in_range",
]


def _describe(x) -> str:
    """A short description of ``x`` for error messages."""
    shape = getattr(x, "shape", None)
    if shape is not None:
        return f"an array of shape {tuple(shape)} and dtype {getattr(x, 'dtype', '?')}"
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def as_numeric_array(x, name: str, dtype=None, allow_empty: bool = False) -> np.ndarray:
    """Converts ``x`` to a NumPy array of real numbers, or explains why it cannot.

    Args:
        x: array-like input (list, tuple, NumPy array, scalar, tensor).
        name: the argument's name, used in error messages.
        dtype: if given, the result is cast to this dtype.
        allow_empty: whether an array with no elements is acceptable.

    Returns:
        A NumPy array (cast to ``dtype`` if given).

    Raises:
        TypeError: ``x`` is not numeric (strings, objects, complex numbers).
        ValueError: ``x`` is ragged, empty, or holds NaN or infinity.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"`{name}` must be numeric; received the string {x!r}.")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise ValueError(
            f"`{name}` must be a rectangular array of numbers; received "
            f"{_describe(x)}, which NumPy cannot turn into one ({err})."
        ) from None
    if arr.dtype == object:
        raise TypeError(
            f"`{name}` must hold numbers only; received {_describe(x)} with "
            "mixed or non-numeric entries (or ragged rows)."
        )
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise TypeError(
            f"`{name}` must be numeric; received an array of dtype {arr.dtype}."
        )
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"`{name}` must be real; received complex dtype {arr.dtype}.")
    if arr.size == 0 and not allow_empty:
        raise ValueError(
            f"`{name}` is empty (shape {arr.shape}); expected at least one value."
        )
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        bad = "NaN" if np.isnan(arr).any() else "infinity"
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise ValueError(
            f"`{name}` contains {bad} (first at index {where}); expected finite numbers."
        )
    return arr if dtype is None else arr.astype(dtype, copy=False)


def keras_compute_dtype(y_pred) -> np.dtype:
    """The dtype Keras 3 computes a loss in: float64 stays float64, all else float32.

    Keras converts ``y_pred`` to a tensor (Python lists, integers and float16
    become float32, its default float type) and casts ``y_true`` to that dtype.
    """
    dtype = getattr(y_pred, "dtype", None)  # None for lists and Python scalars
    dtype = getattr(dtype, "as_numpy_dtype", dtype)  # a TensorFlow dtype
    try:
        is_float64 = dtype is not None and np.dtype(dtype) == np.float64
    except TypeError:
        is_float64 = False
    return np.dtype(np.float64 if is_float64 else np.float32)


def check_min_rank(x: np.ndarray, name: str, min_rank: int = 1) -> None:
    """Raises ``ValueError`` unless ``x`` has at least ``min_rank`` dimensions."""
    if x.ndim < min_rank:
        raise ValueError(
            f"`{name}` must have rank >= {min_rank} (a batch of values, e.g. shape "
            f"(batch_size, ...)); received shape {x.shape}."
        )


def check_same_shape(y_true: np.ndarray, y_pred: np.ndarray, what: str = "") -> None:
    """Raises ``ValueError`` unless ``y_true`` and ``y_pred`` have equal shapes."""
    if y_true.shape == y_pred.shape:
        return
    if y_true.ndim != y_pred.ndim:
        problem = f"the same rank (number of dimensions){what}"
    else:
        problem = f"the same shape{what}"
    raise ValueError(
        f"`y_true` and `y_pred` must have {problem}; received "
        f"y_true.shape={y_true.shape} and y_pred.shape={y_pred.shape}."
    )


def check_axis(axis, ndim: int, name: str = "axis") -> int:
    """Returns ``axis`` as a non-negative int, or raises naming it."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"`{name}` must be an int; received {axis!r} of type {type(axis).__name__}.")
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"`{name}`={axis} is out of range for an input of rank {ndim}; "
            f"expected an int in [{-ndim}, {ndim - 1}]."
        )
    return int(axis) % ndim


def check_real_in_range(value, name: str, low: float, high: float) -> float:
    """Returns ``value`` as a float if ``low <= value <= high``, or raises naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a real number; received {value!r}.")
    if not low <= value <= high:
        raise ValueError(f"`{name}` must be in [{low}, {high}]; received {value!r}.")
    return float(value)


def check_probabilities(p: np.ndarray, name: str) -> None:
    """Raises ``ValueError`` unless every entry of ``p`` lies in [0, 1]."""
    if p.size and (p.min() < 0 or p.max() > 1):
        bad = p.min() if p.min() < 0 else p.max()
        raise ValueError(
            f"`{name}` must hold probabilities in [0, 1]; received a value of {bad!r}. "
            "If these are raw scores (logits), pass `from_logits=True`."
        )


def check_distribution(p: np.ndarray, name: str, axis: int = -1, atol: float = 1e-5) -> None:
    """Raises ``ValueError`` unless ``p`` is non-negative and sums to 1 along ``axis``."""
    if p.min() < 0:
        raise ValueError(
            f"`{name}` must be a probability distribution, but it has a negative "
            f"entry ({p.min()!r}); expected non-negative values that sum to 1."
        )
    totals = p.sum(axis=axis)
    off = np.abs(totals - 1.0)
    if np.any(off > atol):
        worst = float(np.ravel(totals)[np.argmax(np.ravel(off))])
        raise ValueError(
            f"`{name}` must be a probability distribution summing to 1 along "
            f"axis {axis}; a slice sums to {worst:.6g}. Normalise it first "
            f"(p / p.sum(axis={axis}, keepdims=True)) or apply softmax to scores."
        )


def check_log_base(base) -> float | None:
    """Returns ``base`` (None means e), or raises unless it is a positive number other than 1."""
    if base is None:
        return None
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"`base` must be a positive number other than 1, or None; received {base!r}.")
    if not base > 0 or base == 1 or not np.isfinite(base):
        raise ValueError(
            f"`base` must be a positive number other than 1 (2 gives bits, e or "
            f"None gives nats); received base={base!r}."
        )
    return float(base)

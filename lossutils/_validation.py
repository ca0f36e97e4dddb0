"""Input checks shared by every public function of lossutils.

Each check raises a ``ValueError`` or ``TypeError`` whose message names the
argument, says what was received and what was expected, so that a reader never
has to decode a NumPy broadcasting error or chase a silent NaN.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

__all__ = [
    "check_scalar",
    "as_numeric_array",
    "keras_compute_dtype",
    "check_min_rank",
    "check_same_shape",
    "check_axis",
    "check_in_unit_interval",
    "check_distribution",
    "check_log_base",
    "check_nonempty_sequence",
    "check_labels",
    "check_fixed_size",
    "check_pairs",
]

#: What each ``kind`` of :func:`check_scalar` accepts, in words.
_KINDS = {"real": "a real number", "int": "an int", "bool": "True or False"}
#: Which ends of the interval :func:`check_scalar`'s ``include_boundaries`` includes.
_BOUNDARIES = {"both": (True, True), "left": (True, False), "right": (False, True), "neither": (False, False)}


def _describe(x) -> str:
    """A short description of ``x`` for error messages."""
    shape = getattr(x, "shape", None)
    if shape is not None:
        return f"an array of shape {tuple(shape)} and dtype {getattr(x, 'dtype', '?')}"
    text = repr(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _shown(value):
    """``value`` for a message: NumPy scalars as the Python numbers they hold (2.5, not np.float64(2.5))."""
    return value.item() if isinstance(value, np.generic) else value


def _interval(low, high, include_boundaries: str) -> str:
    """``"in [0.0, 1.0]"``, ``"in (0, 1)"``, ``">= 0.0"``, ``"< 5"``...: the range in words."""
    left, right = _BOUNDARIES[include_boundaries]
    if low is not None and high is not None:
        return f"in {'[' if left else '('}{low}, {high}{']' if right else ')'}"
    if low is not None:
        return f"{'>=' if left else '>'} {low}"
    return f"{'<=' if right else '<'} {high}"


def check_scalar(value, name: str, kind: str = "real", *, low=None, high=None,
                 include_boundaries: str = "both", allow_none: bool = False,
                 expected: str | None = None):
    """Returns the scalar argument ``value`` as a Python number, or raises naming it.

    The one check of every scalar argument of lossutils (``from_logits``,
    ``label_smoothing``, ``axis``, ``delta``, ``gamma``, ...). A bool is not a
    number here, even though Python's ``True == 1``: ``delta=True`` is a
    mistake, not a delta of 1. NumPy scalars (``np.float32``, ``np.int64``,
    ``np.bool_``) count as their Python kinds. NaN is never accepted.

    Args:
        value: the argument as received.
        name: its name, used in error messages.
        kind: ``"real"`` (any real number, ints included), ``"int"`` or
            ``"bool"`` (True or False only).
        low: the lower bound, or None for none.
        high: the upper bound, or None for none.
        include_boundaries: which bounds are allowed values: ``"both"``,
            ``"left"`` (``low``), ``"right"`` (``high``) or ``"neither"``.
        allow_none: whether None is accepted (and returned as is).
        expected: what the argument must be, in words, replacing the
            description made from ``kind`` and the bounds (for example
            ``"a positive number of inches"``).

    Returns:
        ``value`` as a ``float``, ``int`` or ``bool`` (or None).

    Raises:
        TypeError: ``value`` is not of ``kind`` (a bool for a number, a string, ...).
        ValueError: ``value`` is NaN or outside the bounds.

    Example:

    >>> check_scalar(0.1, "label_smoothing", low=0.0, high=1.0)
    0.1
    >>> check_scalar(True, "delta", low=0.0, include_boundaries="neither")
    Traceback (most recent call last):
    ...
    TypeError: `delta` must be a real number > 0.0; received True of type bool.
    >>> check_scalar(2, "q", low=0, high=1, include_boundaries="neither")
    Traceback (most recent call last):
    ...
    ValueError: `q` must be in (0, 1); received 2.
    """
    if kind not in _KINDS:
        raise ValueError(f"`kind` must be one of {sorted(_KINDS)}; received {kind!r}.")
    if include_boundaries not in _BOUNDARIES:
        raise ValueError(
            f"`include_boundaries` must be one of {sorted(_BOUNDARIES)}; received {include_boundaries!r}."
        )
    interval = _interval(low, high, include_boundaries) if (low, high) != (None, None) else ""
    described = expected or (
        _KINDS[kind] + (f" {interval}" if interval else "") + (" or None" if allow_none else "")
    )
    if value is None and allow_none:
        return None
    is_bool = isinstance(value, (bool, np.bool_))
    if kind == "bool":
        right_type = is_bool
    elif kind == "int":
        right_type = not is_bool and isinstance(value, numbers.Integral)
    else:
        right_type = not is_bool and isinstance(value, numbers.Real)
    if not right_type:
        raise TypeError(
            f"`{name}` must be {described}; received "
            f"{repr(_shown(value)) if isinstance(value, np.generic) else _describe(value)} "
            f"of type {type(value).__name__}."
        )
    if kind == "bool":
        return bool(value)
    value_out = int(value) if kind == "int" else float(value)
    left, right = _BOUNDARIES[include_boundaries]
    too_low = low is not None and not (value_out >= low if left else value_out > low)
    too_high = high is not None and not (value_out <= high if right else value_out < high)
    if too_low or too_high or math.isnan(value_out):
        # The type is right, so the range is what the reader needs to hear.
        requirement = expected or interval or "a number, not NaN"
        raise ValueError(f"`{name}` must be {requirement}; received {_shown(value)!r}.")
    return value_out


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
    """Returns ``axis`` as a non-negative int, or raises naming it.

    Example:

    >>> check_axis(-1, 2)
    1
    >>> check_axis(2, 2)
    Traceback (most recent call last):
    ...
    ValueError: `axis` must be an int in [-2, 1] for an input of rank 2; received 2.
    """
    expected = f"an int in [{-ndim}, {ndim - 1}] for an input of rank {ndim}"
    return check_scalar(axis, name, "int", low=-ndim, high=ndim - 1, expected=expected) % ndim


def check_in_unit_interval(x: np.ndarray, name: str, hint: str = "", *, what: str = "values") -> None:
    """Raises ``ValueError`` unless every entry of ``x`` lies in [0, 1].

    Args:
        x: a validated numeric array.
        name: its name, used in the message.
        hint: a sentence appended to the message (starting with a space), e.g.
            what to do with logits.
        what: what its entries are, e.g. ``"probabilities"``.
    """
    if not x.size:
        return
    low, high = x.min(), x.max()
    if low < 0 or high > 1:
        bad = low if low < 0 else high
        raise ValueError(f"`{name}` must hold {what} in [0, 1]; received {float(bad)!r}.{hint}")


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
    expected = "a positive number other than 1 (2 gives bits, e or None gives nats)"
    checked = check_scalar(base, "base", low=0.0, high=math.inf, include_boundaries="neither",
                           allow_none=True, expected=expected)
    if checked == 1:
        raise ValueError(f"`base` must be {expected}; received {_shown(base)!r}.")
    return checked


def check_labels(labels, n: int, defaults: Sequence[str]) -> tuple[str, ...]:
    """``labels`` as a tuple of ``n`` strings, or the first ``n`` of ``defaults`` if None."""
    if labels is None:
        return tuple(defaults[:n])
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise TypeError(f"`labels` must be a sequence of {n} strings; received {labels!r}.")
    if len(labels) != n or not all(isinstance(text, str) for text in labels):
        raise ValueError(
            f"`labels` must hold one string per outcome ({n}); received {list(labels)!r}."
        )
    return tuple(labels)


def check_nonempty_sequence(value, name: str, what: str) -> None:
    """Rejects ``value`` unless it is a non-empty sequence (not a string) of ``what``."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
        raise TypeError(f"`{name}` must be a non-empty sequence of {what}; received {value!r}.")


def check_fixed_size(size: int, expected: int, name: str, explorer: str) -> None:
    """Rejects a vector ``name`` whose length differs from the explorer's at creation."""
    if size != expected:
        raise ValueError(
            f"`{name}` must have {expected} entries, as when this explorer was created; "
            f"received {size}. Create a new {explorer} instead."
        )


def check_pairs(values, name: str, what: str) -> list[tuple]:
    """The items of ``values``, a non-empty sequence of pairs (``what`` says of what), as tuples.

    Raises a ``TypeError`` naming ``name`` if it is not a non-empty sequence, and a
    ``ValueError`` if an item is not a pair. The pairs' values are checked by the caller.
    """
    check_nonempty_sequence(values, name, what)
    pairs = []
    for value in values:
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
            raise ValueError(f"`{name}` must hold {what}; received {value!r}.")
        pairs.append((value[0], value[1]))
    return pairs

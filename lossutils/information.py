"""Information theory in NumPy: surprise, entropy, cross-entropy, KL divergence.

The conventions follow ``scipy.stats.entropy``: natural logarithms (nats) by
default, ``base=2`` for bits, and the sum runs over the last axis. Unlike SciPy,
nothing is normalised silently: a "distribution" that is negative or does not
sum to 1 is rejected with a ``ValueError`` that says which argument is wrong.

Computation is in float64 unless the input is already float32 (kept as is),
so that the textbook numbers print without float32 noise.

The activation helpers ``softmax``, ``log_softmax`` and ``sigmoid`` are the
numerically stable forms used throughout the book.
"""

from __future__ import annotations

import numpy as np

from . import _numerics
from ._validation import (
    as_numeric_array,
    check_axis,
    check_distribution,
    check_in_unit_interval,
    check_log_base,
)

__all__ = [
    "information_content",
    "entropy",
    "binary_entropy",
    "cross_entropy",
    "kl_divergence",
    "softmax",
    "log_softmax",
    "sigmoid",
]


def _float_array(x, name: str) -> np.ndarray:
    """Float32 input stays float32; everything else becomes float64."""
    arr = as_numeric_array(x, name)
    dtype = np.float32 if arr.dtype in (np.float32, np.float16) else np.float64
    return arr.astype(dtype, copy=False)


def _in_base(nats, base):
    """Converts a value in nats to the unit of ``base`` (None means nats)."""
    base = check_log_base(base)
    return nats if base is None else nats / np.log(base)


def _distribution(p, name: str, axis: int) -> tuple[np.ndarray, int]:
    arr = np.atleast_1d(_float_array(p, name))
    check_axis(axis, arr.ndim)
    check_distribution(arr, name, axis=axis)
    return arr, axis


def _scalar_or_array(x):
    """Returns a NumPy scalar for 0-d results and an array otherwise."""
    return x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x


def _xlogy(x, y):
    """x * log(y), with 0 * log(0) taken as 0 (its limit)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x * np.log(y)
    return np.where(x == 0, 0.0, out).astype(out.dtype)


def information_content(p, base=None):
    """Surprise of an event of probability ``p``: ``-log(p)``.

    A certain event (p = 1) carries no information; rare events carry a lot.
    An impossible event (p = 0) has infinite surprise.

    Args:
        p: probability or array of probabilities, each in [0, 1].
        base: logarithm base; ``None`` (natural log, nats) or ``2`` (bits).

    Returns:
        ``-log(p)`` in the requested unit, with the shape of ``p``.

    Example:

    >>> float(information_content(0.5, base=2))
    1.0
    >>> information_content([1.0, 0.25, 0.125], base=2)
    array([0., 2., 3.])

    Taught in: Entropy (book/entropy.ipynb).
    """
    arr = _float_array(p, "p")
    check_in_unit_interval(arr, "p", what="probabilities")
    with np.errstate(divide="ignore"):
        nats = -np.log(arr)
    return _scalar_or_array(_in_base(nats + 0.0, base))  # + 0.0 turns -0. into 0.


def entropy(pk, base=None, axis=-1):
    """Shannon entropy ``H(p) = -sum(p * log(p))`` of a distribution.

    Terms with ``p = 0`` contribute 0 (the limit of ``p log p``).

    Args:
        pk: probabilities along ``axis``, non-negative and summing to 1.
        base: logarithm base; ``None`` (nats, as SciPy) or ``2`` (bits).
        axis: the axis holding the outcomes. Defaults to the last.

    Returns:
        The entropy; a scalar for a single distribution, an array otherwise.

    Example:

    >>> round(float(entropy([0.5, 0.5], base=2)), 4)
    1.0
    >>> round(float(entropy([26 / 30, 4 / 30], base=2)), 4)
    0.5665
    >>> entropy([[1.0, 0.0], [0.5, 0.5]], base=2)
    array([0., 1.])

    Taught in: Entropy (book/entropy.ipynb).
    """
    p, axis = _distribution(pk, "pk", axis)
    nats = -np.sum(_xlogy(p, p), axis=axis)
    return _scalar_or_array(_in_base(nats + 0.0, base))


def binary_entropy(p, base=None):
    """Entropy of a coin that lands heads with probability ``p``, elementwise.

    ``H(p) = -p log p - (1 - p) log(1 - p)``; it peaks at p = 0.5.

    Args:
        p: probability or array of probabilities in [0, 1].
        base: logarithm base; ``None`` (nats) or ``2`` (bits).

    Returns:
        The entropy of each coin, with the shape of ``p``.

    Example:

    >>> binary_entropy([0.0, 0.5, 1.0], base=2)
    array([0., 1., 0.])

    Taught in: Entropy (book/entropy.ipynb).
    """
    arr = _float_array(p, "p")
    check_in_unit_interval(arr, "p", what="probabilities")
    q = 1.0 - arr
    nats = -(_xlogy(arr, arr) + _xlogy(q, q))
    return _scalar_or_array(_in_base(nats + 0.0, base))


def _pair(p, q, axis):
    p, axis = _distribution(p, "p", axis)
    q, _ = _distribution(q, "q", axis)
    if p.shape != q.shape:
        raise ValueError(
            f"`p` and `q` must have the same shape; received p.shape={p.shape} "
            f"and q.shape={q.shape}."
        )
    dtype = np.promote_types(p.dtype, q.dtype)
    return p.astype(dtype, copy=False), q.astype(dtype, copy=False), axis


def cross_entropy(p, q, base=None, axis=-1):
    """Cross-entropy ``H(p, q) = -sum(p * log(q))``.

    The average cost of coding events drawn from ``p`` with a code built for
    ``q``. It is infinite where ``q`` gives probability 0 to an event that ``p``
    allows, and equals ``entropy(p) + kl_divergence(p, q)``.

    Args:
        p: the true distribution along ``axis``.
        q: the model's distribution, same shape as ``p``.
        base: logarithm base; ``None`` (nats, as Keras) or ``2`` (bits).
        axis: the axis holding the outcomes. Defaults to the last.

    Returns:
        The cross-entropy; a scalar for one pair, an array otherwise.

    Example:

    >>> round(float(cross_entropy([1, 0, 0, 0], [0.775, 0.116, 0.039, 0.070], base=2)), 4)
    0.3677

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """
    p, q, axis = _pair(p, q, axis)
    nats = -np.sum(_xlogy(p, q), axis=axis)
    return _scalar_or_array(_in_base(nats + 0.0, base))


def kl_divergence(p, q, base=None, axis=-1):
    """Kullback-Leibler divergence ``KL(p || q) = sum(p * log(p / q))``.

    Non-negative, zero only when ``p == q``, and not symmetric. Unlike
    ``keras.losses.kl_divergence`` nothing is clipped: the exact value is
    returned, infinite where ``q`` is 0 and ``p`` is not.

    Args:
        p: the reference distribution along ``axis``.
        q: the approximating distribution, same shape as ``p``.
        base: logarithm base; ``None`` (nats, as Keras) or ``2`` (bits).
        axis: the axis holding the outcomes. Defaults to the last.

    Returns:
        The divergence; a scalar for one pair, an array otherwise.

    Example:

    >>> round(float(kl_divergence([0.5, 0.5], [0.9, 0.1], base=2)), 4)
    0.737
    >>> float(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0

    Taught in: KL divergence (book/kl_divergence.ipynb).
    """
    p, q, axis = _pair(p, q, axis)
    with np.errstate(divide="ignore", invalid="ignore"):  # p = q = 0 terms are dropped below
        log_ratio = np.log(p) - np.log(q)
    terms = np.where(p == 0, 0.0, p * np.where(p == 0, 0.0, log_ratio))
    nats = np.sum(terms, axis=axis)
    return _scalar_or_array(_in_base(nats + 0.0, base))


def log_softmax(logits, axis=-1):
    """Log of the softmax, computed stably as ``z - logsumexp(z)``.

    Args:
        logits: raw scores; any real numbers.
        axis: the axis holding the classes. Defaults to the last.

    Returns:
        Log-probabilities with the shape of ``logits``.

    Example:

    >>> np.round(log_softmax([0.0, 0.0]), 4)
    array([-0.6931, -0.6931])
    >>> np.round(log_softmax([1000.0, 0.0]), 4)  # no overflow
    array([    0., -1000.])

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """
    z = np.atleast_1d(_float_array(logits, "logits"))
    return _numerics.log_softmax(z, check_axis(axis, z.ndim))


def softmax(logits, axis=-1):
    """Turns raw scores into probabilities: ``exp(z) / sum(exp(z))``.

    Subtracting the largest score first keeps ``exp`` from overflowing; the
    result is unchanged because softmax ignores a constant shift.

    Args:
        logits: raw scores; any real numbers.
        axis: the axis holding the classes. Defaults to the last.

    Returns:
        Probabilities with the shape of ``logits``, summing to 1 along ``axis``.

    Example:

    >>> np.round(softmax([3.2, 1.3, 0.2, 0.8]), 3)
    array([0.775, 0.116, 0.039, 0.07 ])

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """
    z = np.atleast_1d(_float_array(logits, "logits"))
    return _numerics.softmax(z, check_axis(axis, z.ndim))


def sigmoid(x):
    """The logistic function ``1 / (1 + exp(-x))``, stable for large ``|x|``.

    Args:
        x: raw score(s); any real numbers.

    Returns:
        Probabilities in (0, 1) with the shape of ``x`` (saturating to exactly
        0 or 1 only where the float type runs out of digits).

    Example:

    >>> sigmoid([0.0, 100.0, -100.0]).round(4)
    array([0.5, 1. , 0. ])

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    """
    return _scalar_or_array(_numerics.sigmoid(_float_array(x, "x")))

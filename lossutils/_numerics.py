"""Numerically stable kernels on arrays that are already validated.

The public functions (``lossutils.information.softmax``, the losses'
``from_logits`` paths) check their input, then call these. Every kernel keeps
its input's dtype.
"""

from __future__ import annotations

import numpy as np


def log_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    """``log(softmax(z))`` along ``axis``, shifted by the maximum so exp cannot overflow."""
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(z: np.ndarray, axis: int) -> np.ndarray:
    """``exp(z) / sum(exp(z))`` along ``axis``, shifted by the maximum (softmax ignores shifts)."""
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))``; exp only ever sees -|z|, so nothing overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype)

"""The best straight line through points under three losses: MSE, MAE and Huber.

Each function fits every row of ``y`` at once over the same ``x`` (one row per setting
of a slider, so a whole curve of settings is one call) and returns ``(intercepts, slopes)``.

Example:

>>> import numpy as np
>>> x = np.arange(5.0)
>>> y = np.array([[0.0, 1.0, 2.0, 3.0, 40.0]])  # on y = x, but for one far point
>>> [round(float(s[0]), 3) for s in (least_squares_lines(x, y)[1], least_absolute_lines(x, y)[1])]
[8.2, 1.0]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

__all__ = ["LineFit", "least_squares_lines", "least_absolute_lines", "huber_lines"]


@dataclass(frozen=True)
class LineFit:
    """A straight line ``y = intercept + slope * x``."""

    intercept: float
    slope: float

    def __call__(self, x):
        """The line's height at ``x``."""
        return self.intercept + self.slope * np.asarray(x, dtype=np.float64)


def least_squares_lines(x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None):
    """The (weighted) least-squares line of each row of ``y`` over ``x``: (intercepts, slopes)."""
    w = np.ones_like(y) if weights is None else weights
    sw, sx, sy = w.sum(-1), (w * x).sum(-1), (w * y).sum(-1)
    sxx, sxy = (w * x**2).sum(-1), (w * x * y).sum(-1)
    slopes = (sw * sxy - sx * sy) / (sw * sxx - sx**2)
    return (sy - slopes * sx) / sw, slopes


def least_absolute_lines(x: np.ndarray, y: np.ndarray):
    """The least-absolute-deviations line of each row of ``y`` over ``x``: (intercepts, slopes).

    Some best line passes through two of the points (a vertex of the linear
    program), so trying every pair finds it exactly; where several lines are
    equally good, the first pair in order wins.
    """
    pairs = np.array(list(itertools.combinations(range(x.size), 2)))
    i, j = pairs[:, 0], pairs[:, 1]
    slopes = (y[:, j] - y[:, i]) / (x[j] - x[i])  # (rows, pairs)
    intercepts = y[:, i] - slopes * x[i]
    residuals = y[:, np.newaxis, :] - (intercepts[..., np.newaxis] + slopes[..., np.newaxis] * x)
    best = np.abs(residuals).sum(-1).argmin(-1)
    rows = np.arange(y.shape[0])
    return intercepts[rows, best], slopes[rows, best]


def huber_lines(x: np.ndarray, y: np.ndarray, delta: float, tolerance: float = 1e-12, max_steps: int = 500):
    """The Huber-loss line of each row of ``y`` over ``x``: (intercepts, slopes).

    Iteratively reweighted least squares, started from the least-absolute line:
    a point beyond ``delta`` from the line gets the weight ``delta / |residual|``,
    which turns its squared error into Huber's straight arm. Each step lowers
    the (convex) Huber objective; it stops when no parameter moves by more than
    ``tolerance``.
    """
    intercepts, slopes = least_absolute_lines(x, y)
    for _ in range(max_steps):
        residuals = np.abs(y - (intercepts[:, np.newaxis] + slopes[:, np.newaxis] * x))
        weights = np.minimum(1.0, delta / np.maximum(residuals, 1e-300))
        new_intercepts, new_slopes = least_squares_lines(x, y, weights)
        moved = max(np.abs(new_intercepts - intercepts).max(), np.abs(new_slopes - slopes).max())
        intercepts, slopes = new_intercepts, new_slopes
        if moved <= tolerance:
            break
    return intercepts, slopes

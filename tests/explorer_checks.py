"""What every explorer test needs: pyplot's figures, pixels, the widget's picture, numerical derivatives."""

from __future__ import annotations

import base64
import html
import re

import numpy as np
from matplotlib import _pylab_helpers


def pyplot_figure_count() -> int:
    """Figures managed by pyplot, counted without importing pyplot."""
    return len(_pylab_helpers.Gcf.get_all_fig_managers())


def pixels(fig) -> np.ndarray:
    """A copy of what the figure's canvas holds now."""
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def shown_image(value: str) -> tuple[bytes, str]:
    """The PNG bytes and the alt text of the one <img> in an HTML widget's value."""
    match = re.fullmatch(r'<img src="data:image/png;base64,([^"]+)" width="\d+" alt="([^"]*)">', value)
    assert match, value[:200]
    return base64.b64decode(match.group(1)), html.unescape(match.group(2))


def numerical_gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function ``f`` at ``x``."""
    grad = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad

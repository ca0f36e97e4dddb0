"""What every explorer test needs: pyplot's figures, pixels, the widget's picture, numerical derivatives."""

from __future__ import annotations

import base64
import html
import re

import numpy as np


def pyplot_figure_count() -> int:
    """Figures managed by pyplot (an explorer must make none)."""
    import matplotlib.pyplot as plt

    return len(plt.get_fignums())


def pixels(fig) -> np.ndarray:
    """A copy of what the figure's canvas holds now."""
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def full_draw(explorer) -> np.ndarray:
    """The canvas as a draw of the whole figure from scratch leaves it (no artist animated)."""
    with explorer.drawn_whole():
        explorer.fig.canvas.draw()
    return pixels(explorer.fig)


def assert_redraws_like_full_draws(explorer, settings) -> None:
    """For each setting (a dict of ``update`` parameters), the fast redraw that ``update``
    leaves on the canvas is, pixel for pixel, the picture a full draw gives."""
    for params in settings:
        explorer.update(**params)
        fast = pixels(explorer.fig)
        np.testing.assert_array_equal(fast, full_draw(explorer), err_msg=str(params))


def shown_image(value: str) -> tuple[bytes, str]:
    """The PNG bytes and the caption of an explorer's picture (an HTML widget's value).

    The caption is both the ``<img>``'s alt text and the text under it: they must agree.
    """
    match = re.fullmatch(r'<img src="data:image/png;base64,([^"]+)" width="\d+" height="\d+" alt="([^"]*)">'
                         r'<p class="lossutils-caption" aria-hidden="true" style="[^"]*">([^<]*)</p>',
                         value)
    assert match, value[:200]
    assert match.group(2) == match.group(3), "the alt text and the caption differ"
    return base64.b64decode(match.group(1)), html.unescape(match.group(2))


def numerical_gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function ``f`` at ``x``."""
    grad = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad

"""A text that did not change since the last slider move gets its pixels back, undrawn.

Part of an explorer's fast redraw (``Explorer._redraw``): text is most of its
time, and a slider often leaves some texts as they were.
"""

from __future__ import annotations

__all__ = ["draw_artist_reusing_text"]


def _text_region(text, renderer, shape: tuple[int, ...], pad: int = 2) -> tuple[slice, slice]:
    """The rows and columns of a canvas of ``shape`` that drawing ``text`` can change.

    Its extent and its background box's, widened by ``pad`` pixels: antialiased
    glyphs reach at most one pixel beyond the extent matplotlib computes.
    """
    import math

    from matplotlib.transforms import Bbox

    box = text.get_window_extent(renderer)
    if text.get_bbox_patch() is not None:
        text.update_bbox_position_size(renderer)  # what Text.draw does first
        box = Bbox.union([box, text.get_bbox_patch().get_window_extent(renderer)])
    height, width = shape[:2]  # rows run downwards, display coordinates upwards
    rows = slice(max(math.floor(height - box.y1) - pad, 0), min(math.ceil(height - box.y0) + pad, height))
    cols = slice(max(math.floor(box.x0) - pad, 0), min(math.ceil(box.x1) + pad, width))
    return rows, cols


def draw_artist_reusing_text(fig, artist, last_draws: dict) -> None:
    """Draws ``artist`` on ``fig``'s canvas; a text that has not changed gets the
    pixels of its last draw back instead of being drawn again.

    Text is most of the time of a fast redraw (matplotlib 3.11 lays out and
    renders every glyph on its own, about 0.1 ms each), and a slider often
    leaves some texts as they were, e.g. the fit that did not move. A text
    that matplotlib has not marked stale (changed) since its last draw, with
    the same string, place, colour and font as then (in case a full draw
    elsewhere cleared the mark), drawn over the same pixels as then, gives
    the same pixels as then, so pasting them is exact. ``last_draws`` maps
    such a text to what it was, its region, the pixels under it and the
    pixels it drew. A changed text is only drawn: finding its region costs as
    much as a short text's draw, and what changed at this slider move will
    likely change at the next.
    """
    from matplotlib.text import Text

    # An annotation's arrow reaches beyond the text's region: always draw it.
    if not isinstance(artist, Text) or artist.stale or getattr(artist, "arrow_patch", None) is not None:
        last_draws.pop(artist, None)  # a changed text's last draw is of no use any more
        fig.draw_artist(artist)
        return
    import numpy as np

    pixels = np.asarray(fig.canvas.buffer_rgba())  # a view: what is pasted into it is on the canvas
    state = (artist.get_text(), artist.get_position(), artist.get_color(), artist.get_alpha(),
             hash(artist.get_fontproperties()))
    if artist in last_draws:
        last_state, region, under, drawn = last_draws[artist]
        if last_state == state and np.array_equal(pixels[region], under):
            pixels[region] = drawn
            return
    region = _text_region(artist, fig.canvas.get_renderer(), pixels.shape)
    under = pixels[region].copy()
    fig.draw_artist(artist)
    last_draws[artist] = (state, region, under, pixels[region].copy())

"""Text drawn from remembered glyph bitmaps: the same pixels as matplotlib's, in less time.

Matplotlib 3.11's Agg renderer asks FreeType to render every glyph of every
text anew, at its exact place (in 1/64 pixel), about 0.06 ms a glyph; a slider
move that rewrites a title of 40 characters spends a quarter of its time there.
A glyph's bitmap depends on where it lands only through the fraction of a
pixel: moving the outline by whole pixels (multiples of 64 in FreeType's
26.6 fixed point) moves the rendered bitmap by whole pixels and changes
nothing else. So a bitmap rendered once for (font, size, glyph, transform,
fraction of a pixel) serves every later draw of that glyph at that fraction,
shifted to its place. A slider's numbers reuse ten digits, so after a few
moves nearly every glyph is remembered.

:func:`remember_glyphs` installs this on one renderer (an explorer's canvas),
and only on the matplotlib version whose drawing loop it mirrors; elsewhere
it leaves the renderer as it is. ``tests/test_faster_text.py`` compares the
pixels with matplotlib's own for many strings, sizes, angles and places.
"""

from __future__ import annotations

import functools
import math

import numpy as np

__all__ = ["remember_glyphs"]

#: The matplotlib release series whose ``RendererAgg._draw_text_glyphs_and_boxes`` is mirrored.
MIRRORED_SERIES = "3.11."

#: At most this many bitmaps are kept (a few hundred kB); beyond it the cache starts afresh.
MAX_GLYPHS = 4096

_bitmaps: dict[tuple, tuple[np.ndarray, int, int]] = {}
_fonts: dict[int, object] = {}  # keeps every font of a key alive, so that its id stays unique


def remember_glyphs(renderer) -> None:
    """Makes ``renderer`` (a ``RendererAgg``) draw glyphs from remembered bitmaps.

    Does nothing when it is already installed or matplotlib is not the mirrored series.
    """
    import matplotlib

    if not matplotlib.__version__.startswith(MIRRORED_SERIES):
        return
    if "_draw_text_glyphs_and_boxes" in vars(renderer):
        return
    original = renderer._draw_text_glyphs_and_boxes
    renderer._draw_text_glyphs_and_boxes = functools.partial(_draw_glyphs, renderer, original)


def _glyph_bitmap(font, size, dpi, glyph_index, load_flags, antialiased, matrix, fraction):
    """The bitmap of one glyph rendered at ``fraction`` (26.6 units, each in [0, 64)),
    with its left and top in whole pixels, from the cache or FreeType."""
    key = (id(font), size, dpi, glyph_index, load_flags, antialiased, matrix, fraction)
    found = _bitmaps.get(key)
    if found is None:
        if len(_bitmaps) >= MAX_GLYPHS:
            _bitmaps.clear()
            _fonts.clear()
        font.set_size(size, dpi)
        font._set_transform(np.array(matrix).reshape(2, 2), list(fraction))
        from matplotlib.ft2font import RenderMode

        bitmap = font._render_glyph(glyph_index, load_flags,
                                    RenderMode.NORMAL if antialiased else RenderMode.MONO)
        # A copy: the next render may reuse FreeType's memory. Monochrome as matplotlib scales it.
        buffer = np.array(bitmap.buffer) * (1 if antialiased else 0xFF)
        found = _bitmaps[key] = (buffer, bitmap.left, bitmap.top)
        _fonts[id(font)] = font
    return found


def _draw_glyphs(renderer, original, gc, x, y, angle, glyphs, boxes):
    """``RendererAgg._draw_text_glyphs_and_boxes`` of matplotlib 3.11, with remembered bitmaps.

    The glyphs are drawn here; the boxes (only mathtext has them) by the original.
    """
    from matplotlib.backends.backend_agg import get_hinting_flag

    cos = math.cos(math.radians(angle))
    sin = math.sin(math.radians(angle))
    load_flags = get_hinting_flag()
    antialiased = bool(gc.get_antialiased())
    height = renderer.height
    matrices = {}
    last = None
    for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
        matrix = matrices.get((slant, extend))
        if matrix is None:
            matrix = matrices[slant, extend] = tuple(
                (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]])
                .round().astype(int).ravel().tolist())
        # Where FreeType puts the glyph, in 1/64 pixel (its y is upwards), as matplotlib computes it.
        origin_x = round(0x40 * (x + dx * cos - dy * sin))
        origin_y = round(0x40 * (height - y + dx * sin + dy * cos))
        whole_x, fraction_x = divmod(origin_x, 0x40)
        whole_y, fraction_y = divmod(origin_y, 0x40)
        buffer, left, top = _glyph_bitmap(font, size, renderer.dpi, glyph_index, load_flags, antialiased,
                                          matrix, (fraction_x, fraction_y))
        # draw_text_image's y is downwards and the bitmap's bottom side.
        renderer._renderer.draw_text_image(
            buffer, left + whole_x, int(height) - (top + whole_y) + buffer.shape[0], 0, gc)
        last = (font, size, matrix, origin_x, origin_y)
    if last is not None:
        # Leave the font as matplotlib's loop leaves it: last glyph's size and transform.
        font, size, matrix, origin_x, origin_y = last
        font.set_size(size, renderer.dpi)
        font._set_transform(np.array(matrix).reshape(2, 2), [origin_x, origin_y])
    if boxes:
        original(gc, x, y, angle, (), boxes)


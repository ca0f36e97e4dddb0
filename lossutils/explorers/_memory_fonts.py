"""Fonts read from memory: the same text, laid out and measured in less than half the time.

Matplotlib opens a font file as a Python file object, and FreeType reads it
through that object: laying out one title of 30 characters calls its ``seek``
and ``read`` about 400 times, and those calls, not the typesetting, are most of
the cost of every changed text (about 1.2 ms for such a title, twice: once to
measure it, once to draw it). The same font opened on the file's bytes in an
``io.BytesIO`` gives FreeType the same data, so the same glyphs, positions and
pixels, with reads that cost a fraction as much.

:func:`read_fonts_from_memory` installs this on one renderer (an explorer's
canvas), and only on the matplotlib version whose font lookup it mirrors;
elsewhere it leaves the renderer as it is. ``tests/test_faster_text.py``
compares the pixels with matplotlib's own.
"""

from __future__ import annotations

import functools
import io
import os
import threading

__all__ = ["read_fonts_from_memory"]

#: The matplotlib release series whose ``RendererAgg._prepare_font`` and
#: ``font_manager.get_font`` are mirrored.
MIRRORED_SERIES = "3.11."


def read_fonts_from_memory(renderer) -> None:
    """Makes ``renderer`` (a ``RendererAgg``) use fonts opened on their files' bytes.

    Does nothing when it is already installed or matplotlib is not the mirrored series.
    """
    import matplotlib

    if not matplotlib.__version__.startswith(MIRRORED_SERIES) or "_prepare_font" in vars(renderer):
        return
    renderer._prepare_font = functools.partial(_prepare_font, renderer)


def _prepare_font(renderer, font_prop):
    """``RendererAgg._prepare_font`` of matplotlib 3.11, with the font from :func:`_memory_font`."""
    import matplotlib as mpl
    from matplotlib.font_manager import fontManager

    font = _memory_font(
        _face_keys(fontManager._find_fonts_by_props(font_prop)),
        kerning_factor=mpl.rcParams["text.kerning_factor"],
        thread_id=threading.get_ident(),  # as matplotlib: a font is never shared by two threads
        enable_last_resort=mpl.rcParams["font.enable_last_resort"],
    )
    font._set_transform([[0x10000, 0], [0, 0x10000]], [0, 0])  # as get_font leaves it
    font.clear()
    font.set_size(font_prop.get_size_in_points(), renderer.dpi)
    return font


def _face_keys(font_paths) -> tuple[tuple[str, int], ...]:
    """(real path, face index) of each font file, as ``font_manager.get_font`` keys them."""
    from matplotlib.font_manager import FontPath

    return tuple((_real_path(path.path), path.face_index) if isinstance(path, FontPath)
                 else (_real_path(path), 0) for path in font_paths)


@functools.lru_cache(64)
def _real_path(path: str) -> str:
    return os.path.realpath(path)  # asks the file system: once per font, as matplotlib does


@functools.cache
def _file_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _opened(path: str, **kwargs):
    from matplotlib import ft2font

    return ft2font.FT2Font(io.BytesIO(_file_bytes(path)), **kwargs)


@functools.lru_cache(64)
def _memory_font(faces, *, kerning_factor, thread_id, enable_last_resort):
    """``font_manager._get_font`` of matplotlib 3.11, each file opened from memory:
    the first face with the others, then the Last Resort font, as fallbacks."""
    from matplotlib import cbook

    (first_path, first_index), *rest = faces
    fallbacks = [_opened(path, face_index=index, _kerning_factor=kerning_factor) for path, index in rest]
    last_resort = _real_path(cbook._get_data_path("fonts", "ttf", "LastResortHE-Regular.ttf"))
    last_resort_at = faces.index((last_resort, 0)) if (last_resort, 0) in faces else -1
    if last_resort_at == -1 and enable_last_resort:
        fallbacks.append(_opened(last_resort, _kerning_factor=kerning_factor, _warn_if_used=True))
        last_resort_at = len(fallbacks)
    font = _opened(first_path, face_index=first_index, _fallback_list=fallbacks,
                   _kerning_factor=kerning_factor)
    # The Last Resort font's Unicode charmap is empty; matplotlib selects its first one.
    if last_resort_at == 0:
        font.set_charmap(0)
    elif last_resort_at > 0:
        fallbacks[last_resort_at - 1].set_charmap(0)
    return font


# A font references its process's FreeType library: a forked child opens its own, as
# matplotlib's own cache of fonts does.
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_memory_font.cache_clear)

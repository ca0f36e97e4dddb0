"""The PNG a live explorer shows after a slider move, written fast from the canvas's pixels.

Matplotlib's ``savefig`` draws the figure again and Pillow tries several
filters on every row; after ``Explorer.update`` the Agg canvas already holds
the new picture, so :func:`canvas_png` only encodes it (see :func:`png_of_pixels`).
"""

from __future__ import annotations

import functools
import io

__all__ = ["canvas_png", "png_of_pixels"]


def canvas_png(fig) -> bytes:
    """PNG of what the canvas holds now, without drawing again.

    After ``update()`` the Agg canvas already holds the new picture; encoding
    it (see :func:`png_of_pixels`) costs a fraction of a full ``savefig``,
    which keeps a slider move responsive.
    """
    import numpy as np

    return png_of_pixels(np.asarray(fig.canvas.buffer_rgba()), _last_png_bands().setdefault(fig, {}))


@functools.cache
def _png_helper(pid: int):
    """A thread that deflates half of the bands of each PNG while the caller deflates the rest.

    zlib lets go of the GIL while it compresses, so on two cores a picture is
    encoded in about half the time. One per process (``pid``): a forked child
    gets its own, not a copy of its parent's, whose thread it does not have.
    """
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"lossutils-png-{pid}")


@functools.cache
def _last_png_bands():
    """For each figure, the bands of the last PNG of its canvas (see :func:`png_of_pixels`),
    kept as long as the figure is."""
    import weakref

    return weakref.WeakKeyDictionary()


def _deflate_bands(bands: list[bytes]) -> list[tuple[bytes, int]]:
    """Each band deflated at level 1 on its own (raw, ending at a byte boundary so that the
    next can follow it in one stream), with its Adler-32 checksum."""
    import zlib

    deflated = []
    for band in bands:
        compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
        deflated.append((compressor.compress(band) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(band)))
    return deflated


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 checksum of two pieces of data one after the other, from theirs
    (zlib's ``adler32_combine``)."""
    base = 65521
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % base
    high = ((first >> 16) + (second >> 16) + second_length * ((first & 0xFFFF) - 1)) % base
    return high << 16 | low


def png_of_pixels(rgba, last_bands: dict | None = None, band_rows: int = 16) -> bytes:
    """A PNG of an ``(height, width, 4)`` uint8 RGBA array, such as the Agg canvas's buffer.

    Written here rather than by Pillow, because Pillow spends most of its time
    choosing a filter for every row (it tries several), and needs a copy to
    drop the alpha channel. Every row here is left unfiltered and deflated at
    level 1 (the pictures are mostly flat colour, the file is about 10 % larger
    than Pillow's), in bands of ``band_rows`` rows deflated on their own, half
    of them on a second thread. ``last_bands`` holds each band of the last PNG of
    the same canvas with its deflated bytes, and is updated: a slider move
    changes only some rows of the picture, and an unchanged band is not
    deflated again. The pixels stay RGBA, as matplotlib's own PNG writer keeps
    them.
    """
    import os
    import struct
    import zlib

    import numpy as np

    last_bands = {} if last_bands is None else last_bands
    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 4 * width), np.uint8)
    rows[:, 0] = 0  # each row starts with its filter type: 0, none
    rows[:, 1:] = rgba.reshape(height, -1)
    bands = [rows[top:top + band_rows].tobytes() for top in range(0, height, band_rows)]
    changed = [i for i, band in enumerate(bands) if last_bands.get(i, (None,))[0] != band]
    half = len(changed) // 2
    try:
        helped = _png_helper(os.getpid()).submit(_deflate_bands, [bands[i] for i in changed[half:]])
    except RuntimeError:  # no threads here (e.g. in Pyodide): all on this one
        helped, half = None, len(changed)
    deflated = _deflate_bands([bands[i] for i in changed[:half]]) + (helped.result() if helped else [])
    for i, (data, checksum) in zip(changed, deflated, strict=True):
        last_bands[i] = (bands[i], data, checksum)
    checksum = 1  # the Adler-32 of nothing
    for i, band in enumerate(bands):
        checksum = _adler32_combine(checksum, last_bands[i][2], len(band))
    # The zlib stream: header (deflate, fastest), the bands, an empty last block, checksum.
    idat = b"".join([b"\x78\x01", *(last_bands[i][1] for i in range(len(bands))),
                     zlib.compressobj(1, zlib.DEFLATED, -15).flush(), struct.pack(">I", checksum)])

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits per channel, RGBA
    png = io.BytesIO()
    png.write(b"\x89PNG\r\n\x1a\n")
    for kind, data in ((b"IHDR", header), (b"IDAT", idat), (b"IEND", b"")):
        png.write(struct.pack(">I", len(data)) + kind)
        png.write(data)
        png.write(struct.pack(">I", zlib.crc32(data, zlib.crc32(kind))))
    return png.getvalue()



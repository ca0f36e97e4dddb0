"""One look for every figure of the book: palette, style and figure factory.

Every chapter builds its figures through :func:`new_figure`, which returns a
``matplotlib.figure.Figure`` (never a pyplot figure) already attached to
the Agg canvas. Two consequences matter in notebooks:

- nothing is shown twice: pyplot's automatic "show at the end of the cell"
  does not know about these figures, so a figure appears exactly where the
  chapter displays it (as the last expression of a cell, or with ``display``);
- explorers can redraw their figure from a slider callback without touching
  pyplot's global state.

The palette is Okabe and Ito's, chosen to stay distinguishable for the common
forms of colour blindness. Roles (``TARGET``, ``PREDICTION``, ``REFERENCE``,
``HIGHLIGHT``) give later chapters a shared meaning for colours.

Figures use the default DejaVu Sans font, which has no CJK glyphs: keep
Chinese terms in the prose, not inside figures.

Example:

>>> fig, (ax,) = new_figure(1, 1)
>>> label(ax, x="probability p", y="entropy", unit="bits")
>>> ax.get_ylabel()
'entropy (bits)'
>>> type(fig).__name__, type(fig.canvas).__name__
('BookFigure', 'FigureCanvasAgg')
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Sequence

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ._validation import check_scalar

__all__ = [
    "BLACK",
    "ORANGE",
    "SKY_BLUE",
    "BLUISH_GREEN",
    "YELLOW",
    "BLUE",
    "VERMILLION",
    "REDDISH_PURPLE",
    "GREY",
    "PALETTE",
    "TARGET",
    "PREDICTION",
    "REFERENCE",
    "HIGHLIGHT",
    "RC_PARAMS",
    "style",
    "BookFigure",
    "new_figure",
    "label",
    "png_bytes",
    "canvas_png",
    "class_colors",
    "legend_below",
]

# --- the Okabe-Ito palette -------------------------------------------------
BLACK = "#000000"  #: Okabe-Ito black.
ORANGE = "#E69F00"  #: Okabe-Ito orange.
SKY_BLUE = "#56B4E9"  #: Okabe-Ito sky blue.
BLUISH_GREEN = "#009E73"  #: Okabe-Ito bluish green.
YELLOW = "#F0E442"  #: Okabe-Ito yellow (hard to see on white).
BLUE = "#0072B2"  #: Okabe-Ito blue.
VERMILLION = "#D55E00"  #: Okabe-Ito vermillion.
REDDISH_PURPLE = "#CC79A7"  #: Okabe-Ito reddish purple.
GREY = "#7F7F7F"  #: Not part of Okabe-Ito; used only for reference lines.

#: Colours in the order series are drawn. Yellow comes last because it is
#: hard to see on white.
PALETTE = (BLUE, ORANGE, BLUISH_GREEN, VERMILLION, REDDISH_PURPLE, SKY_BLUE, YELLOW, BLACK)

# --- colour roles shared by all chapters ----------------------------------
TARGET = BLACK  #: The colour of the true distribution, ``y_true``.
PREDICTION = BLUE  #: The colour of the model's output, ``y_pred``.
REFERENCE = GREY  #: The colour of bounds, maxima and "uniform" lines.
HIGHLIGHT = VERMILLION  #: The colour of the current point of an explorer.

#: The book's matplotlib settings. Applied by :func:`style`.
RC_PARAMS = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "lines.linewidth": 2.0,
    "lines.markersize": 7,
    "image.cmap": "cividis",  # perceptually uniform and colour-blind safe
}

#: Default width of a figure in inches: about the width of the text column.
FIGURE_WIDTH = 7.2
#: Default height of one row of panels, in inches.
ROW_HEIGHT = 3.0


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Applies the book's matplotlib settings inside a ``with`` block.

    Artists take most of their look when they are created, so build the
    figure inside the block; it keeps that look when drawn later.

    Example:

    >>> import matplotlib as mpl
    >>> with style():
    ...     mpl.rcParams["axes.spines.top"]
    False

    :func:`new_figure` applies it to every figure of the book.
    """
    with mpl.rc_context(RC_PARAMS):
        yield


class BookFigure(Figure):
    """A matplotlib ``Figure`` that knows how to show itself in Jupyter.

    IPython displays an object as PNG when it has ``_repr_png_``. Plain
    ``Figure`` objects rely on pyplot's inline backend for that, which is not
    loaded when pyplot is never imported; this subclass needs nothing.
    The image is rendered at ``savefig.dpi`` for sharp text on high-density
    screens, and its displayed width is set back to the figure's width. Every figure of the
    book is one.
    """

    def _repr_png_(self):
        png = png_bytes(self)
        width_px = round(self.get_figwidth() * self.dpi)
        return png, {"width": width_px}


def png_bytes(fig: Figure, dpi: float | None = None) -> bytes:
    """Renders ``fig`` to PNG bytes (at ``RC_PARAMS['savefig.dpi']`` by default).

    Example:

    >>> fig, _ = new_figure()
    >>> png_bytes(fig)[:4]
    b'\\x89PNG'
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"`fig` must be a matplotlib Figure; received {type(fig).__name__}.")
    dpi = check_scalar(dpi, "dpi", low=0, include_boundaries="neither", allow_none=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi or RC_PARAMS["savefig.dpi"])
    return buffer.getvalue()


def canvas_png(fig: Figure) -> bytes:
    """What ``fig``'s Agg canvas holds now, as a PNG, without drawing it again.

    After an explorer's ``update`` the canvas already holds the new picture, so a slider
    change only needs it encoded, and fast: this runs at every slider change. The PNG is
    8-bit RGBA (alpha 255 everywhere, the book's figures being opaque): keeping the alpha
    channel makes the one copy into the PNG's rows, each behind its filter byte, a
    contiguous one (without alpha it would be strided, and slower than the compression).
    The rows are unfiltered (plots are mostly flat colour, which deflate compresses well as
    it is), and the array itself goes to the compressor, with no ``tobytes()`` copy. The
    deflate is that of ISA-L (Intel's Intelligent Storage Acceleration Library, the
    ``isal`` package, in the book's requirements) where it is installed, at level 1 five to
    eight times faster than zlib at level 1, and zlib's otherwise; either gives a standard
    PNG. Pillow's encoder, which tries several row filters, takes several times as long as
    this function.

    Example:

    >>> fig, _ = new_figure(1, 1, width=2, height=1)
    >>> fig.canvas.draw()
    >>> canvas_png(fig)[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    import struct
    import zlib

    import numpy as np

    try:
        from isal.isal_zlib import compress
    except ImportError:
        from zlib import compress

    rgba = np.asarray(fig.canvas.buffer_rgba())
    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 4 * width), dtype=np.uint8)
    rows[:, 0] = 0  # each row: filter 0 (none), then its pixels
    rows[:, 1:] = rgba.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", compress(rows, 1)) + chunk(b"IEND", b""))


def _positive_int(value, name: str) -> int:
    return check_scalar(value, name, "int", low=1, expected="a positive int")


def new_figure(
    nrows: int = 1,
    ncols: int = 1,
    *,
    width: float | None = None,
    height: float | None = None,
    sharex: bool = False,
    sharey: bool = False,
    title: str | None = None,
    **subplot_kw,
) -> tuple[BookFigure, list]:
    """Creates a styled figure and its grid of axes, without pyplot.

    Args:
        nrows: rows of panels.
        ncols: columns of panels.
        width: figure width in inches; defaults to the text-column width.
        height: figure height in inches; defaults to ``ROW_HEIGHT`` per row.
        sharex: whether the panels share their x-axis.
        sharey: whether the panels share their y-axis.
        title: an optional figure title; say what the reader should notice.
        **subplot_kw: passed to ``Figure.subplots`` as ``subplot_kw``
            (e.g. ``projection="polar"``).

    Returns:
        ``(fig, axes)`` where ``axes`` is a flat list in reading order
        (left to right, then top to bottom).

    Example:

    >>> fig, axes = new_figure(2, 3)
    >>> len(axes), fig.get_size_inches().round(1).tolist()
    (6, [7.2, 6.0])

    Taught in: Entropy (book/entropy.ipynb), the first chapter with figures; every chapter draws
    with it.
    """
    nrows = _positive_int(nrows, "nrows")
    ncols = _positive_int(ncols, "ncols")
    width = FIGURE_WIDTH if width is None else width
    height = ROW_HEIGHT * nrows if height is None else height
    for name, value in (("width", width), ("height", height)):
        check_scalar(value, name, low=0, include_boundaries="neither", expected="a positive number of inches")
    with style():
        fig = BookFigure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)  # a real renderer, so explorers can draw without pyplot
        grid = fig.subplots(nrows, ncols, sharex=sharex, sharey=sharey,
                            squeeze=False, subplot_kw=subplot_kw or None)
        if title:
            fig.suptitle(title, fontsize=RC_PARAMS["axes.titlesize"] + 1, fontweight="bold")
    return fig, [ax for row in grid for ax in row]


def label(ax, *, x: str | None = None, y: str | None = None, unit: str | None = None,
          x_unit: str | None = None, title: str | None = None) -> None:
    """Labels an axes, putting units in parentheses: ``"entropy (bits)"``.

    Args:
        ax: the matplotlib ``Axes``.
        x: what the x-axis shows.
        y: what the y-axis shows.
        unit: the unit of the y quantity (e.g. ``"bits"``, ``"nats"``).
        x_unit: the unit of the x quantity, if it has one.
        title: the panel title; say what to notice, not what is plotted.

    Taught in: Entropy (book/entropy.ipynb), the first chapter with figures; every chapter
    labels its axes with it.
    """
    def with_unit(text, u):
        return text if not u else f"{text} ({u})"

    if x is not None:
        ax.set_xlabel(with_unit(x, x_unit))
    if y is not None:
        ax.set_ylabel(with_unit(y, unit))
    if title is not None:
        ax.set_title(title)


def class_colors(n: int) -> Sequence[str]:
    """The first ``n`` palette colours (cycling if ``n`` exceeds the palette).

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb); Specialised losses
    (book/specialised_losses.ipynb).
    """
    n = _positive_int(n, "n")
    return [PALETTE[i % len(PALETTE)] for i in range(n)]


def legend_below(fig, *axes, ncols: int = 4, fontsize: float = 8) -> None:
    """One figure legend below the panels, of the labelled artists of ``axes`` in order.

    Outside the axes, no moving line passes under it, so an explorer's fast redraw
    (which draws only the changing artists over a cached picture) stays exact.

    Example:

    >>> fig, (ax,) = new_figure(1, 1)
    >>> _ = ax.plot([0, 1], [0, 1], label="a line")
    >>> legend_below(fig, ax)
    >>> [t.get_text() for t in fig.legends[0].get_texts()]
    ['a line']
    """
    ncols = _positive_int(ncols, "ncols")
    fontsize = check_scalar(fontsize, "fontsize", low=0, include_boundaries="neither")
    handles, labels = [], []
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        handles, labels = handles + h, labels + lab
    fig.legend(handles, labels, loc="outside lower center", ncols=ncols, fontsize=fontsize)

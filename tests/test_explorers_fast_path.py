"""Tests of what makes a slider change fast, for every explorer (no display needed).

A slider change redraws only the changing artists over a cached picture, pastes
back the pixels of the texts that did not change (lossutils.explorers._text_reuse),
draws glyphs from remembered bitmaps (_glyph_cache) with fonts read from memory
(_memory_fonts; both tested against matplotlib in test_faster_text.py), and encodes the
canvas as a PNG of its own (_png). None of it
may change the picture: each step is compared pixel by pixel with a full draw, and
the PNG with the canvas it encodes.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from explorer_checks import pixels, shown_image
from matplotlib.text import Text
from PIL import Image

import lossutils.explorers
from lossutils import plotting
from lossutils.explorers import EntropyExplorer, Explorer, KLFitExplorer, SoftmaxExplorer, _png
from lossutils.explorers._png import canvas_png, png_of_pixels

EXPLORERS = sorted(
    (obj for obj in vars(lossutils.explorers).values()
     if isinstance(obj, type) and issubclass(obj, Explorer) and obj is not Explorer),
    key=lambda cls: cls.__name__,
)


def decoded(png: bytes) -> np.ndarray:
    """The pixels of ``png``, after checking every chunk's CRC and the zlib stream's checksum."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(png):
        (length,) = struct.unpack(">I", png[position:position + 4])
        kind, data = png[position + 4:position + 8], png[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        chunks[kind] = data
        position += 12 + length
    assert list(chunks) == [b"IHDR", b"IDAT", b"IEND"]
    zlib.decompress(chunks[b"IDAT"])  # raises if the Adler-32 checksum is wrong
    return np.asarray(Image.open(io.BytesIO(png)))


def texts_drawn(explorer) -> list:
    """A list that every text the explorer's figure draws on its own is appended to."""
    drawn = []
    draw_artist = explorer.fig.draw_artist

    def spy(artist):
        if isinstance(artist, Text):
            drawn.append(artist)
        draw_artist(artist)

    explorer.fig.draw_artist = spy
    return drawn


# --- the PNG of the canvas ---------------------------------------------------------

@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (7, 5), (300, 720), (341, 720)])
@pytest.mark.parametrize("content", ["random", "white"])
def test_png_of_pixels_decodes_to_the_same_pixels(shape, content):
    rng = np.random.default_rng(0)
    rgba = (rng.integers(0, 256, (*shape, 4), dtype=np.uint8) if content == "random"
            else np.full((*shape, 4), 255, np.uint8))
    np.testing.assert_array_equal(decoded(png_of_pixels(rgba)), rgba)


def test_png_of_pixels_without_threads_is_the_same(monkeypatch):
    class NoThreads:  # as where no thread can start, e.g. in Pyodide
        def submit(self, *args):
            raise RuntimeError("can't start new thread")

    rgba = np.random.default_rng(2).integers(0, 256, (50, 20, 4), dtype=np.uint8)
    with_threads = png_of_pixels(rgba)
    monkeypatch.setattr(_png, "_png_helper", lambda pid: NoThreads())
    assert png_of_pixels(rgba) == with_threads


def test_png_of_pixels_deflates_only_the_bands_that_changed():
    rng = np.random.default_rng(1)
    rgba, last_bands = np.full((100, 30, 4), 255, np.uint8), {}
    for step in range(12):
        if step == 8:  # another size: nothing to reuse
            rgba = np.full((37, 30, 4), 255, np.uint8)
        before = {i: band[1] for i, band in last_bands.items()}
        row = int(rng.integers(0, rgba.shape[0]))
        rgba[row, rng.integers(0, 30)] = rng.integers(0, 256, 4, dtype=np.uint8)
        np.testing.assert_array_equal(decoded(png_of_pixels(rgba, last_bands, band_rows=16)), rgba)
        if step and step != 8:  # the band of the changed row is deflated again, no other
            again = [i for i in before if last_bands[i][1] is not before[i]]
            assert again == [row // 16] or (again == [] and last_bands[row // 16][1] == before[row // 16])


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda cls: cls.__name__)
def test_canvas_png_is_the_canvas_and_smaller_than_it(cls):
    explorer = cls()
    explorer.update(**explorer.params)
    png = canvas_png(explorer.fig)
    np.testing.assert_array_equal(decoded(png), pixels(explorer.fig))
    assert len(png) < pixels(explorer.fig).nbytes / 8  # deflated, not stored


def first_slider(widget):
    """The first slider inside a widget box."""
    if hasattr(widget, "min") and hasattr(widget, "max"):
        return widget
    return next(filter(None, (first_slider(child) for child in getattr(widget, "children", ()))), None)


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda cls: cls.__name__)
def test_widget_shows_the_first_picture_sharp_then_the_canvas_itself(cls):
    pytest.importorskip("ipywidgets")
    explorer = cls()
    controls, picture = explorer.widget().children
    first, alt = shown_image(picture.value)
    width = int.from_bytes(first[16:20], "big")  # the PNG header stores the size
    assert width == round(explorer.fig.get_figwidth() * plotting.RC_PARAMS["savefig.dpi"])
    assert alt == explorer.describe(explorer.reading)

    slider = first_slider(controls)
    for value in (slider.min, slider.max):
        slider.value = value
        png, alt = shown_image(picture.value)
        np.testing.assert_array_equal(decoded(png), pixels(explorer.fig))
        assert alt == explorer.describe(explorer.reading)
        explorer.fig.canvas.draw()  # ... which is the figure as a full draw shows it
        np.testing.assert_array_equal(decoded(png), pixels(explorer.fig))


# --- texts reused between redraws -----------------------------------------------------

@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda cls: cls.__name__)
def test_unchanged_texts_are_pasted_back_and_give_the_same_picture(cls):
    explorer = cls()
    explorer.update(**explorer.params)  # caches the static picture, draws every text
    explorer.update(**explorer.params)  # draws the unchanged texts once more, remembering them
    drawn = texts_drawn(explorer)
    explorer.update(**explorer.params)
    assert [t for t in drawn if t.get_text()] == []  # none drawn again: all pasted back
    fast = pixels(explorer.fig)
    explorer.fig.canvas.draw()
    np.testing.assert_array_equal(fast, pixels(explorer.fig))


class MovingLine(Explorer):
    """A thick line that moves under a text that never changes."""

    @staticmethod
    def compute(y):
        return y

    def describe(self, reading):
        return f"a line at height {reading}"

    def _build(self, reading):
        fig, (ax,) = plotting.new_figure(1, 1)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        # Clear of the spines, which are not redrawn over it.
        (self.line,) = ax.plot([0.1, 0.9], [reading, reading], linewidth=12, zorder=1)
        self.text = ax.text(0.5, 0.5, "over the line", fontsize=16, ha="center", va="center",
                            bbox={"facecolor": "white", "alpha": 0.5})
        return fig

    def _show(self, reading):
        self.line.set_ydata([reading, reading])

    def _redraw_artists(self):
        return [self.line, self.text]

    def _controls(self, widgets):
        return {"y": widgets.FloatSlider(value=self.params["y"], min=0.0, max=1.0)}


def test_an_unchanged_text_is_drawn_again_when_what_is_under_it_changed():
    explorer = MovingLine(y=0.1)
    explorer.update(y=0.1)
    drawn = texts_drawn(explorer)
    # The line away from the text, passing under it, moving under it, leaving it.
    for y, draws_the_text in [(0.1, True), (0.1, False), (0.2, False), (0.5, True), (0.5, False),
                              (0.52, True), (0.9, True), (0.95, False)]:
        drawn.clear()
        explorer.update(y=y)
        assert (drawn == [explorer.text]) is draws_the_text, y
        fast = pixels(explorer.fig)
        explorer.fig.canvas.draw()
        np.testing.assert_array_equal(fast, pixels(explorer.fig))


def test_a_text_changed_outside_update_is_drawn_again_after_a_full_draw():
    explorer = KLFitExplorer()
    for _ in range(2):
        explorer.update(**explorer.params)  # every text remembered
    explorer.title.set_color("red")
    explorer.fit_artists[3].set_fontsize(12)
    explorer.fig.canvas.draw()  # draws them and clears matplotlib's "stale" marks
    explorer.update(**explorer.params)
    fast = pixels(explorer.fig)
    explorer.fig.canvas.draw()
    np.testing.assert_array_equal(fast, pixels(explorer.fig))


def test_a_changed_text_is_drawn_again():
    explorer = KLFitExplorer(separation=5.0, weight=0.9)
    for weight in (0.9, 0.9, 0.8):  # the reverse fit stays on the left bump, the forward one moves
        explorer.update(weight=weight)
    forward_text, reverse_text = explorer.fit_artists[3:]
    drawn = texts_drawn(explorer)
    explorer.update(weight=0.7)
    assert forward_text in drawn and reverse_text not in drawn and explorer.title in drawn
    fast = pixels(explorer.fig)
    explorer.fig.canvas.draw()
    np.testing.assert_array_equal(fast, pixels(explorer.fig))


def test_a_value_label_that_keeps_its_value_keeps_its_place():
    explorer = SoftmaxExplorer(logits=(1.0, -1.0, 0.5, 2.0, 0.0, 0.0, 1.0, 3.0), target=7)
    before = [(t.get_text(), t.get_position()) for t in explorer.bar_texts]
    explorer.update(logits=(1.0, -1.0, 0.5, 2.0, 0.0, 0.0, 1.0, 3.02))
    after = [(t.get_text(), t.get_position()) for t in explorer.bar_texts]
    kept = [b == a for b, a in zip(before, after, strict=True)]
    assert any(kept) and not all(kept)
    for text, bar in zip(explorer.bar_texts, explorer.bars, strict=True):
        assert text.get_position()[1] == pytest.approx(float(text.get_text()) + 0.015)
        assert abs(text.get_position()[1] - 0.015 - bar.get_height()) <= 0.005  # 2 decimals


def test_entropy_value_labels_stand_on_the_values_they_print():
    explorer = EntropyExplorer(weights=(26, 4))
    explorer.update(weights=(14, 16))
    assert [t.get_text() for t in explorer.bar_texts] == ["0.467", "0.533"]
    assert [t.get_position()[1] for t in explorer.bar_texts] == pytest.approx([0.482, 0.548])

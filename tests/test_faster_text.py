"""The explorers' faster text has exactly matplotlib's own pixels.

Two techniques, each installed on an explorer's renderer only: glyphs drawn from
remembered bitmaps (lossutils.explorers._glyph_cache) and fonts read from memory
(_memory_fonts). Each is compared with matplotlib alone, and so are both together.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lossutils.explorers import _glyph_cache, _memory_fonts

pytestmark = [
    pytest.mark.filterwarnings("ignore:Glyph .* missing from font"),  # the CJK glyph, on purpose
    pytest.mark.skipif(not matplotlib.__version__.startswith(_glyph_cache.MIRRORED_SERIES)
                       or not matplotlib.__version__.startswith(_memory_fonts.MIRRORED_SERIES),
                       reason="faster text is only installed on the matplotlib series it mirrors"),
]

STRINGS = ["min KL(p‖q) = 0.000, min KL(q‖p) = 1.234", "forward N(+1.2, 0.85²)",
           "H = 0.469 bits", "pÿ 猫", r"$\alpha^2 + \frac{1}{2}\log q$"]


def _texts(fig, rng):
    """Many texts at awkward places: sizes, angles, weights, antialiasing, fractional positions."""
    for i, string in enumerate(STRINGS * 4):
        fig.text(rng.uniform(0.02, 0.6), rng.uniform(0.05, 0.95), string,
                 fontsize=rng.choice([7.5, 9, 10.3, 14]), rotation=(0, 0, 30, 90)[i % 4],
                 fontweight=("normal", "bold")[i % 2], antialiased=i % 5 != 0,
                 color=("black", "#1f77b4", (1, 0, 0, 0.5))[i % 3])


def _pixels(remember: bool, seed: int, draws: int = 1, from_memory: bool = False) -> np.ndarray:
    fig = Figure(figsize=(6, 4), dpi=100)
    FigureCanvasAgg(fig)
    _texts(fig, np.random.default_rng(seed))
    if remember:
        _glyph_cache.remember_glyphs(fig.canvas.get_renderer())
    if from_memory:
        _memory_fonts.read_fonts_from_memory(fig.canvas.get_renderer())
    for _ in range(draws):
        fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("seed", range(4))
def test_remembered_glyphs_draw_matplotlibs_pixels(seed):
    _glyph_cache._bitmaps.clear()
    expected = _pixels(remember=False, seed=seed)
    assert expected[..., :3].min() < 128, "the texts drew nothing: the comparison would be empty"
    first = _pixels(remember=True, seed=seed)  # bitmaps rendered by FreeType and remembered
    assert len(_glyph_cache._bitmaps) > 0
    again = _pixels(remember=True, seed=seed, draws=2)  # every glyph from the cache
    np.testing.assert_array_equal(first, expected)
    np.testing.assert_array_equal(again, expected)


def test_a_remembered_glyph_serves_other_places():
    """The cache is keyed by the fraction of a pixel, so other places reuse bitmaps."""
    _glyph_cache._bitmaps.clear()
    _pixels(remember=True, seed=0)
    remembered = len(_glyph_cache._bitmaps)
    np.testing.assert_array_equal(_pixels(remember=True, seed=1), _pixels(remember=False, seed=1))
    glyphs_drawn = sum(len(s) for s in STRINGS) * 4
    assert len(_glyph_cache._bitmaps) - remembered < glyphs_drawn


def test_the_cache_starts_afresh_when_full(monkeypatch):
    monkeypatch.setattr(_glyph_cache, "MAX_GLYPHS", 10)
    _glyph_cache._bitmaps.clear()
    np.testing.assert_array_equal(_pixels(remember=True, seed=2), _pixels(remember=False, seed=2))
    assert len(_glyph_cache._bitmaps) <= 10


@pytest.mark.parametrize(("install", "method"), [
    (_glyph_cache.remember_glyphs, "_draw_text_glyphs_and_boxes"),
    (_memory_fonts.read_fonts_from_memory, "_prepare_font"),
])
def test_installing_twice_wraps_once(install, method):
    renderer = FigureCanvasAgg(Figure()).get_renderer()
    install(renderer)
    installed = getattr(renderer, method)
    install(renderer)
    assert getattr(renderer, method) is installed


@pytest.mark.parametrize("remember", [False, True])
@pytest.mark.parametrize("seed", range(2))
def test_fonts_read_from_memory_draw_matplotlibs_pixels(seed, remember):
    expected = _pixels(remember=False, seed=seed)
    np.testing.assert_array_equal(_pixels(remember=remember, seed=seed, from_memory=True, draws=2), expected)


def test_fonts_read_from_memory_are_the_same_faces_with_the_same_fallbacks():
    """Bold and regular, the CJK fallback to the Last Resort font: what matplotlib picks."""
    from matplotlib.font_manager import FontProperties

    renderer = FigureCanvasAgg(Figure()).get_renderer()
    for weight in ("normal", "bold"):
        prop = FontProperties(weight=weight, size=9)
        stock = renderer._prepare_font(prop)
        _memory_fonts.read_fonts_from_memory(renderer)
        ours = renderer._prepare_font(prop)
        del renderer._prepare_font  # back to matplotlib's for the next weight
        assert ours is not stock and ours.family_name == stock.family_name
        assert ours.style_name == stock.style_name and ours.num_glyphs == stock.num_glyphs
        for string in STRINGS[:4]:
            assert _layout(ours, string) == _layout(stock, string)
    # Every other renderer keeps matplotlib's fonts, opened on their files.
    other = FigureCanvasAgg(Figure()).get_renderer()._prepare_font(FontProperties(size=9))
    assert isinstance(other.fname, str) and other.fname.endswith(".ttf")


def _layout(font, string: str) -> list[tuple]:
    from matplotlib.backends.backend_agg import get_hinting_flag

    return [(item.glyph_index, item.x, item.y, item.ft_object.family_name)
            for item in font._layout(string, get_hinting_flag())]

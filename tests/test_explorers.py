"""Tests of lossutils.plotting and lossutils.explorers (no display needed).

The pure computation is checked against SciPy and lossutils.information; the
explorer's bars, marker, stack and caption against the numbers they stand for (what
every explorer keeps is checked in test_explorer_contract.py).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from explorer_checks import assert_redraws_like_full_draws, pyplot_figure_count
from hypothesis import given
from hypothesis import strategies as st

from lossutils import information, plotting
from lossutils.explorers import (
    EntropyExplorer,
    entropy_reading,
    entropy_small_multiples,
)

CONTAINERS = [(26, 4), (14, 16), (1, 29)]  # worked example E1


# --- the pure computation ---------------------------------------------------

@pytest.mark.parametrize("weights", CONTAINERS + [(1, 1, 1, 1), (8, 4, 2, 2), (3, 0, 1)])
def test_reading_matches_scipy_and_lossutils(weights):
    reading = entropy_reading(weights)
    p = np.asarray(weights, dtype=float) / sum(weights)
    np.testing.assert_allclose(reading.probabilities, p, rtol=1e-12)
    # SciPy normalises the weights itself: an independent computation.
    assert reading.bits == pytest.approx(scipy.stats.entropy(weights, base=2), rel=1e-12)
    assert reading.nats == pytest.approx(scipy.stats.entropy(weights), rel=1e-12)
    assert reading.nats == pytest.approx(float(information.entropy(p)), rel=1e-12)
    assert reading.bits == pytest.approx(reading.nats / math.log(2), rel=1e-12)
    assert reading.max_bits == pytest.approx(math.log2(len(weights)))
    assert reading.n_classes == len(weights)


def test_reading_parts_add_up():
    reading = entropy_reading((3, 0, 1))
    # 0 log 0 = 0: the empty class has infinite surprise but contributes nothing.
    assert reading.surprise_bits[1] == np.inf
    assert reading.contributions_bits[1] == 0.0
    np.testing.assert_allclose(
        reading.contributions_bits,
        reading.probabilities * np.where(reading.probabilities > 0, reading.surprise_bits, 0),
    )
    assert reading.contributions_bits.sum() == pytest.approx(reading.bits, rel=1e-12)
    assert np.all(np.isfinite(reading.contributions_bits))



@given(
    st.lists(st.floats(0, 1e3, allow_nan=False), min_size=2, max_size=8).filter(
        lambda w: sum(w) > 1e-6
    ),
    st.floats(1e-3, 1e3),
)
def test_reading_properties(weights, scale):
    reading = entropy_reading(weights)
    assert -1e-12 <= reading.bits <= reading.max_bits + 1e-9  # 0 <= H <= log2 K
    assert reading.probabilities.sum() == pytest.approx(1.0)
    scaled = entropy_reading([w * scale for w in weights])  # only proportions matter
    assert scaled.bits == pytest.approx(reading.bits, abs=1e-9)


@pytest.mark.parametrize(
    ("weights", "error", "fragment"),
    [
        ([1, -2], ValueError, "non-negative"),
        ([0, 0, 0], ValueError, "at least one positive"),
        ([5], ValueError, "at least 2"),
        ([[1, 2], [3, 4]], ValueError, "flat sequence"),
        ([1, float("nan")], ValueError, "NaN"),
        ("12", TypeError, "numeric"),
        ([1, "a"], TypeError, "weights"),
    ],
)
def test_reading_rejects_bad_weights(weights, error, fragment):
    with pytest.raises(error, match="weights") as info:
        entropy_reading(weights)
    assert fragment in str(info.value)


def test_compute_is_the_pure_function_and_needs_no_figure():
    before = pyplot_figure_count()
    reading = EntropyExplorer.compute(weights=(14, 16))
    assert reading.bits == pytest.approx(entropy_reading((14, 16)).bits)
    assert pyplot_figure_count() == before


# --- the explorer: its artists and its caption ------------------------------------

def test_two_kinds_of_shape_on_the_binary_entropy_curve():
    explorer = EntropyExplorer(weights=(26, 4))
    assert explorer.params == {"weights": (26.0, 4.0)} and explorer.stack == []
    reading = explorer.update(weights=(14, 16))
    bits = scipy.stats.entropy([14, 16], base=2)
    np.testing.assert_allclose([b.get_height() for b in explorer.bars], [14 / 30, 16 / 30])
    np.testing.assert_allclose(explorer.marker.get_data(), [[14 / 30], [bits]])
    np.testing.assert_allclose(explorer.guide.get_data(), [[14 / 30, 14 / 30], [0.0, bits]])
    caption = explorer.describe(reading)
    assert "triangles 0.467, circles 0.533; the dashed line is the uniform 1/2" in caption
    assert f"which peaks at 1 bit: H = {bits:.3f} bits = {scipy.stats.entropy([14, 16]):.3f} nats." in caption


def test_four_kinds_of_shape_stack_their_shares_up_to_the_entropy():
    explorer = EntropyExplorer(weights=(1, 1, 1, 1), labels=["a", "b", "c", "d"])
    assert explorer.marker is None
    reading = explorer.update(weights=(8, 4, 2, 2))
    heights = [r.get_height() for r in explorer.stack]
    np.testing.assert_allclose(heights, [0.5, 0.5, 0.375, 0.375])  # p log2(1/p) by hand
    np.testing.assert_allclose([r.get_y() for r in explorer.stack], np.cumsum([0, *heights[:-1]]))
    top = explorer.stack[-1].get_y() + explorer.stack[-1].get_height()
    assert top == pytest.approx(float(information.entropy([0.5, 0.25, 0.125, 0.125], base=2)))
    caption = explorer.describe(reading)
    assert "a 0.500, b 0.250, c 0.125, d 0.125" in caption
    # Each share of the stack, by hand, then the entropy they add up to.
    assert ("p·log2(1/p), 0.500 + 0.500 + 0.375 + 0.375 bits, stacked up to "
            "H = 1.750 bits = 1.213 nats") in caption
    assert "the dashed line is the maximum, log2 4 = 2 bits." in caption


def test_the_stack_of_four_gives_the_picture_a_full_draw_gives():
    """The contract test draws two kinds of shape; the stacked bar of four is drawn here."""
    explorer = EntropyExplorer(weights=(1, 2, 3, 4))
    assert_redraws_like_full_draws(explorer, [{"weights": (30, 1, 1, 1)}, {"weights": (0, 0, 0, 5)},
                                              {"weights": (7, 7, 7, 7)}])


def test_a_container_of_another_size_is_refused():
    explorer = EntropyExplorer(weights=(26, 4))
    with pytest.raises(ValueError, match="`weights` .*2 entries"):
        explorer.update(weights=(1, 2, 3))
    assert explorer.params == {"weights": (26.0, 4.0)}


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"weights": (1,) * 9}, ValueError, "weights"),
        ({"labels": ["only one"]}, ValueError, "labels"),
        ({"labels": "ab"}, TypeError, "labels"),
        ({"max_weight": 10}, ValueError, "max_weight"),
        ({"max_weight": "30"}, TypeError, "max_weight"),
    ],
)
def test_constructor_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=name):
        EntropyExplorer(**kwargs)


# --- widget() -----------------------------------------------------------------

def test_widget_has_a_slider_per_shape_and_explains_an_empty_container():
    explorer = EntropyExplorer(weights=(26, 4))
    controls, picture = explorer.widget(web=False).children
    sliders = controls.children
    assert [s.description for s in sliders] == ["triangles", "circles"]
    assert [(s.value, s.min, s.max, s.step) for s in sliders] == [(26, 0, 30, 1), (4, 0, 30, 1)]
    sliders[0].value = 0
    sliders[1].value = 0  # an empty container: a message, not a traceback
    assert picture.value.startswith("<p>") and "at least one positive" in picture.value
    assert explorer.params["weights"] == (0, 4)


def test_widget_of_four_classes_uses_two_columns():
    ipywidgets = pytest.importorskip("ipywidgets")
    box = EntropyExplorer(weights=(1, 2, 3, 4), max_weight=10).widget(web=False)
    columns = box.children[0].children
    assert len(columns) == 2 and all(isinstance(c, ipywidgets.VBox) for c in columns)
    assert sum(len(c.children) for c in columns) == 4


def test_float_weights_get_float_sliders():
    ipywidgets = pytest.importorskip("ipywidgets")
    box = EntropyExplorer(weights=(0.3, 0.7), max_weight=1.0).widget(web=False)
    assert all(isinstance(s, ipywidgets.FloatSlider) for s in box.children[0].children)


# --- the static figure and the plotting helpers ------------------------------------

def test_small_multiples_print_the_probabilities_and_entropies():
    fig = entropy_small_multiples(CONTAINERS, names=["c1", "c2", "c3"])
    for ax, weights in zip(fig.axes[:3], CONTAINERS, strict=True):
        bits = scipy.stats.entropy(weights, base=2)
        assert f"H = {bits:.3f} bits" in ax.get_title()
        assert [t.get_text() for t in ax.texts] == [f"{w / sum(weights):.3f}" for w in weights]
    assert pyplot_figure_count() == 0


def test_small_multiples_rejects_mixed_sizes():
    with pytest.raises(ValueError, match="weight_sets"):
        entropy_small_multiples([(1, 2), (1, 2, 3)])
    with pytest.raises(ValueError, match="names"):
        entropy_small_multiples([(1, 2)], names=["a", "b"])
    with pytest.raises(TypeError, match="weight_sets"):
        entropy_small_multiples([])


def test_new_figure_is_not_pyplot_and_displays_as_png():
    fig, axes = plotting.new_figure(2, 2, title="What to notice")
    assert len(axes) == 4 and pyplot_figure_count() == 0
    png, metadata = fig._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert metadata["width"] == round(fig.get_figwidth() * fig.dpi)
    width_px = int.from_bytes(png[16:20], "big")  # the PNG header stores the size
    assert width_px == round(fig.get_figwidth() * plotting.RC_PARAMS["savefig.dpi"])


def test_style_is_scoped():
    import matplotlib as mpl

    before = mpl.rcParams["axes.spines.top"]
    with plotting.style():
        assert mpl.rcParams["axes.spines.top"] is False
    assert mpl.rcParams["axes.spines.top"] == before


def test_palette_is_valid_and_distinct():
    from matplotlib.colors import to_rgb

    assert len(set(plotting.PALETTE)) == len(plotting.PALETTE) == 8
    for color in plotting.PALETTE:
        to_rgb(color)  # raises on an invalid colour
    assert plotting.class_colors(10)[8] == plotting.PALETTE[0]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"nrows": 0}, ValueError), ({"ncols": 1.5}, TypeError), ({"width": -1}, ValueError)],
)
def test_new_figure_rejects_bad_sizes(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        plotting.new_figure(**kwargs)

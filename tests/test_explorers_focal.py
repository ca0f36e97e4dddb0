"""Tests of the focal loss explorer of the specialised losses chapter (no display needed).

The readings are checked against the focal formula written out here, with
Keras's clipping, and against the batch arithmetic done by hand; the explorer
is checked to redraw the *same* figure and artists in place, never to create
pyplot figures, and to leave everything unchanged on bad input.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from explorer_checks import pixels, pyplot_figure_count, shown_image
from hypothesis import given
from hypothesis import strategies as st

from lossutils.explorers import FocalExplorer, FocalReading, focal_curves, focal_reading
from lossutils.explorers.focal import FOCAL_TOP_NATS, IMBALANCED_BATCH


def focal_by_hand(gamma: float, p_t: float) -> float:
    """(1 - p_t)^gamma * -ln(p_t), the log clipped to [1e-7, 1 - 1e-7] as Keras does."""
    clipped = min(max(p_t, 1e-7), 1 - 1e-7)
    return (1 - p_t) ** gamma * -math.log(clipped)


# --- focal_reading -------------------------------------------------------------------

@pytest.mark.parametrize("gamma", [0.0, 0.5, 1.0, 2.0, 5.0])
@pytest.mark.parametrize("p_t", [0.0, 0.01, 0.2, 0.5, 0.9, 1.0])
def test_focal_reading_is_the_formula(gamma, p_t):
    reading = focal_reading(gamma, p_t)
    assert isinstance(reading, FocalReading)
    assert (reading.gamma, reading.p_t) == (gamma, p_t)
    assert reading.loss == pytest.approx(focal_by_hand(gamma, p_t), rel=1e-12, abs=1e-300)
    assert reading.cross_entropy == pytest.approx(focal_by_hand(0.0, p_t), rel=1e-12)
    assert reading.factor == pytest.approx((1 - p_t) ** gamma, rel=1e-12, abs=1e-300)
    assert reading.loss == pytest.approx(reading.factor * reading.cross_entropy, rel=1e-12, abs=1e-300)


def test_focal_curves_are_the_loss_at_every_grid_point():
    reading = focal_reading(2.0, 0.5)
    assert reading.grid[0] == pytest.approx(0.001) and reading.grid[-1] == pytest.approx(0.999)
    expected = [focal_by_hand(2.0, p) for p in reading.grid]
    np.testing.assert_allclose(reading.curve, expected, rtol=1e-12)
    np.testing.assert_allclose(reading.ce_curve, [-math.log(p) for p in reading.grid], rtol=1e-12)
    # Shared arrays that a caller cannot change.
    assert focal_reading(1.0, 0.3).grid is reading.grid
    assert focal_reading(1.0, 0.3).ce_curve is reading.ce_curve
    with pytest.raises(ValueError):
        reading.ce_curve[0] = 0.0


def test_the_batch_split_is_the_arithmetic_of_the_two_groups():
    (n_easy, p_easy), (n_hard, p_hard) = IMBALANCED_BATCH["easy"], IMBALANCED_BATCH["hard"]
    for gamma in (0.0, 2.0, 5.0):
        reading = focal_reading(gamma, 0.5)
        easy, hard = n_easy * focal_by_hand(gamma, p_easy), n_hard * focal_by_hand(gamma, p_hard)
        assert reading.group_losses == pytest.approx({"easy": easy, "hard": hard}, rel=1e-12)
        assert reading.easy_share == pytest.approx(easy / (easy + hard), rel=1e-12)
    # With the cross-entropy the 990 easy examples carry most of the loss; at gamma 2, under 10 %.
    assert focal_reading(0.0, 0.5).easy_share == pytest.approx(0.866, abs=5e-4)
    assert focal_reading(2.0, 0.5).easy_share == pytest.approx(0.092, abs=5e-4)


@given(st.floats(0, 10), st.floats(0, 10), st.floats(0, 1))
def test_more_focus_never_raises_the_loss_or_the_easy_share(gamma, more, p_t):
    low, high = sorted((gamma, more))
    assert focal_reading(high, p_t).loss <= focal_reading(low, p_t).loss * (1 + 1e-12)
    assert focal_reading(high, p_t).easy_share <= focal_reading(low, p_t).easy_share * (1 + 1e-12)
    assert focal_reading(high, p_t).loss <= focal_reading(high, p_t).cross_entropy * (1 + 1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"gamma": -0.5}, ValueError, "gamma"),
        ({"gamma": float("nan")}, ValueError, "gamma"),
        ({"gamma": "2"}, TypeError, "gamma"),
        ({"p_t": 1.5}, ValueError, "p_t"),
        ({"p_t": -0.1}, ValueError, "p_t"),
        ({"p_t": [0.5]}, TypeError, "p_t"),
        ({"p_t": True}, TypeError, "p_t"),
    ],
)
def test_focal_reading_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        focal_reading(**{"gamma": 2.0, "p_t": 0.9, **kwargs})


# --- FocalExplorer ---------------------------------------------------------------------

def test_focal_explorer_update_in_place():
    explorer = FocalExplorer()
    assert explorer.params == {"gamma": 2.0, "p_t": 0.9}
    fig = explorer.fig
    artists = [explorer.curve, explorer.ce_curve, explorer.marker, *explorer.bars,
               *explorer.share_texts, explorer.title]
    before = pixels(fig)

    reading = explorer.update(gamma=0.0, p_t=0.2)

    assert explorer.fig is fig and pyplot_figure_count() == 0
    assert [explorer.curve, explorer.ce_curve, explorer.marker, *explorer.bars,
            *explorer.share_texts, explorer.title] == artists
    shown = np.minimum(reading.ce_curve, 1.05 * FOCAL_TOP_NATS)  # gamma 0: the cross-entropy
    np.testing.assert_allclose(explorer.curve.get_ydata(), shown)
    x, y = explorer.marker.get_data()
    assert (x[0], y[0]) == pytest.approx((0.2, -math.log(0.2)))
    widths = [bar.get_width() for bar in explorer.bars]
    assert widths == pytest.approx([100 * reading.easy_share, 100 * (1 - reading.easy_share)])
    assert [text.get_text() for text in explorer.share_texts] == ["87%", "13%"]
    assert "γ = 0, p_t = 0.20: focal 1.6094 nats" in explorer.title.get_text()
    assert not np.array_equal(pixels(fig), before)


def test_a_tiny_share_keeps_two_digits():
    explorer = FocalExplorer(gamma=5.0)
    assert explorer.share_texts[0].get_text() == f"{100 * explorer.reading.easy_share:.2g}%"
    assert explorer.share_texts[1].get_text() == "100%"


def test_focal_loss_off_the_chart_is_marked_at_the_top():
    explorer = FocalExplorer()
    reading = explorer.update(gamma=0.0, p_t=0.01)
    assert reading.loss > FOCAL_TOP_NATS
    assert explorer.marker.get_data()[1][0] == FOCAL_TOP_NATS and explorer.marker.get_marker() == "^"


def test_focal_fast_redraw_gives_the_same_picture_as_a_full_draw():
    explorer = FocalExplorer()
    rng = np.random.default_rng(3)
    for _ in range(5):
        explorer.update(gamma=float(rng.uniform(0, 5)), p_t=float(rng.uniform(0.01, 0.99)))
        fast = pixels(explorer.fig)
        explorer.fig.canvas.draw()
        np.testing.assert_array_equal(fast, pixels(explorer.fig))


def test_focal_bad_update_leaves_everything_unchanged():
    explorer = FocalExplorer()
    params, reading = dict(explorer.params), explorer.reading
    curve = explorer.curve.get_ydata().copy()
    title = explorer.title.get_text()
    for bad in ({"gamma": -1.0}, {"p_t": 1.2}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            explorer.update(**bad)
    with pytest.raises(TypeError, match="unknown parameter"):
        explorer.update(alpha=0.25)
    assert explorer.params == params and explorer.reading is reading
    np.testing.assert_array_equal(explorer.curve.get_ydata(), curve)
    assert explorer.title.get_text() == title


def test_focal_widget_drives_the_same_figure():
    ipywidgets = pytest.importorskip("ipywidgets")
    explorer = FocalExplorer()
    controls, picture = explorer.widget().children
    gamma, p_t = controls.children
    assert all(isinstance(s, ipywidgets.FloatSlider) for s in controls.children)
    assert (gamma.min, gamma.max, gamma.value) == (0.0, 5.0, 2.0)
    assert (p_t.min, p_t.max, p_t.value) == (0.01, 0.99, 0.9)
    first_png, alt = shown_image(picture.value)
    assert "the easy ones give 9.2% of the total loss" in alt
    gamma.value = 0.0
    png, alt = shown_image(picture.value)
    assert png != first_png and "the easy ones give 86.6% of the total loss" in alt
    assert pyplot_figure_count() == 0


# --- the static figure -------------------------------------------------------------------

def test_focal_curves():
    fig = focal_curves(gammas=(0.0, 2.0))
    ax_loss, ax_share = fig.axes
    curves = ax_loss.get_lines()
    assert [line.get_label() for line in curves] == ["γ = 0", "γ = 2"]
    p = curves[1].get_xdata()
    np.testing.assert_allclose(curves[1].get_ydata(),
                               np.minimum([focal_by_hand(2.0, v) for v in p], 1.05 * FOCAL_TOP_NATS))
    sweep, *points = ax_share.get_lines()
    assert [pt.get_ydata()[0] for pt in points] == pytest.approx(
        [100 * focal_reading(g, 0.5).easy_share for g in (0.0, 2.0)])
    assert np.all(np.diff(sweep.get_ydata()) <= 0)  # the share only falls as gamma grows
    with pytest.raises(ValueError, match="gammas"):
        focal_curves(gammas=(-1.0,))

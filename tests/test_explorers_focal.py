"""Tests of the focal loss explorer of the specialised losses chapter (no display needed).

The readings are checked against the focal formula written out here, with
Keras's clipping, and against the batch arithmetic done by hand; the explorer's
curve, marker, bars and caption against the reading (its contract is checked for
every explorer in test_explorer_contract.py).
"""

from __future__ import annotations

import math

import ipywidgets
import numpy as np
import pytest
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

def test_the_curve_marker_and_bars_are_the_reading():
    explorer = FocalExplorer()
    assert explorer.params == {"gamma": 2.0, "p_t": 0.9}
    reading = explorer.update(gamma=0.0, p_t=0.2)
    shown = np.minimum(reading.ce_curve, 1.05 * FOCAL_TOP_NATS)  # gamma 0: the cross-entropy
    np.testing.assert_allclose(explorer.curve.get_ydata(), shown)
    x, y = explorer.marker.get_data()
    assert (x[0], y[0]) == pytest.approx((0.2, -math.log(0.2)))
    widths = [bar.get_width() for bar in explorer.bars]
    assert widths == pytest.approx([100 * reading.easy_share, 100 * (1 - reading.easy_share)])


def test_focal_loss_off_the_chart_is_marked_at_the_top():
    explorer = FocalExplorer()
    reading = explorer.update(gamma=0.0, p_t=0.01)
    assert reading.loss > FOCAL_TOP_NATS
    assert explorer.marker.get_data()[1][0] == FOCAL_TOP_NATS and explorer.marker.get_marker() == "^"


def test_the_caption_gives_the_losses_and_the_shares():
    explorer = FocalExplorer()
    assert "the easy ones give 9.2% of it and the hard ones 90.8%." in explorer.describe(explorer.reading)
    caption = explorer.describe(explorer.update(gamma=0.0, p_t=0.2))
    assert "At p_t = 0.20 the focal loss is 1.6094 nats, 1.0000 times the cross-entropy of 1.6094." in caption
    easy, hard = (n * -math.log(p) for n, p in IMBALANCED_BATCH.values())
    assert f"with a total loss of {easy + hard:.1f} nats, the easy ones give 86.6% of it" in caption
    # Tiny values keep two significant digits, and the two shares visibly add up to 100.
    caption = explorer.describe(explorer.update(gamma=5.0, p_t=0.95))
    assert "the focal loss is 1.6e-08 nats, 3.1e-07 times the cross-entropy" in caption
    assert "the easy ones give 0.020% of it and the hard ones 99.980%." in caption
    assert "the focal loss is 1.3e-04 nats, 0.0025 times" in explorer.describe(explorer.update(gamma=2.0))
    assert "0.0010 times" in explorer.describe(explorer.update(gamma=3.0, p_t=0.9))  # 0.1 ** 3, not 1.0e-03


def test_the_sliders():
    gamma, p_t = FocalExplorer()._controls(ipywidgets).values()
    assert all(isinstance(s, ipywidgets.FloatSlider) for s in (gamma, p_t))
    assert (gamma.min, gamma.max, gamma.value) == (0.0, 5.0, 2.0)
    assert (p_t.min, p_t.max, p_t.value) == (0.01, 0.99, 0.9)


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

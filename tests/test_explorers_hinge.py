"""Tests of the margin explorer (lossutils.explorers.hinge), no display needed.

The losses are checked against their formulas written out here and the slopes against
numerical derivatives; the explorer's artists and caption against the reading, and the
picture kept for a label against a full draw. The contract every explorer keeps is
checked by test_explorer_contract.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from explorer_checks import assert_redraws_like_full_draws, pixels, pyplot_figure_count, shown_image
from hypothesis import given
from hypothesis import strategies as st

from lossutils.explorers import MarginExplorer, hinge, margin_curves, margin_reading


@given(st.floats(-3, 3), st.sampled_from([-1, 1]))
def test_reading_is_the_formulas(score, label):
    r = margin_reading(score, label)
    slack = max(0.0, 1.0 - label * score)
    assert r.margin == label * score
    assert r.losses["hinge"] == pytest.approx(slack, abs=1e-12)
    assert r.losses["squared hinge"] == pytest.approx(slack**2, abs=1e-12)
    assert r.losses["categorical hinge"] == pytest.approx(slack, abs=1e-12)
    assert r.losses["logistic"] == pytest.approx(np.logaddexp(0.0, -label * score), rel=1e-9, abs=1e-12)
    assert r.slopes["logistic"] == pytest.approx(-label / (1 + np.exp(label * score)), rel=1e-9, abs=1e-15)
    assert r.slopes["squared hinge"] == pytest.approx(-2 * label * slack, abs=1e-12)


@pytest.mark.parametrize("label", [-1, 1])
def test_slope_curves_are_the_derivatives_of_the_curves(label):
    r = margin_reading(0.0, label)
    step = r.scores[1] - r.scores[0]
    kink = np.abs(label * r.scores[1:-1] - 1) < 1.5 * step  # the hinges' corner at margin 1
    for name, curve in r.curves.items():
        numeric = (curve[2:] - curve[:-2]) / (2 * step)
        np.testing.assert_allclose(numeric[~kink], r.slope_curves[name][1:-1][~kink], atol=1e-4)
    np.testing.assert_array_equal(r.curves["categorical hinge"], r.curves["hinge"])


def test_beyond_the_margin_the_hinges_stop_and_the_logistic_loss_does_not():
    r = margin_reading(2.0, 1)
    assert r.losses["hinge"] == r.losses["squared hinge"] == r.slopes["hinge"] == 0.0
    assert r.losses["logistic"] > 0 and r.slopes["logistic"] < 0
    assert margin_reading(-2.0, -1).losses == r.losses  # the labels mirror each other


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [({"label": 0}, ValueError, "label"), ({"label": 1.0}, TypeError, "label"),
     ({"label": True}, TypeError, "label"), ({"score": "high"}, TypeError, "score"),
     ({"score": float("nan")}, ValueError, "score")],
)
def test_reading_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        margin_reading(**kwargs)


def test_the_explorer_draws_and_describes_the_reading():
    explorer = MarginExplorer()
    reading = explorer.update(score=-1.0, label=-1)
    artists = explorer.artists
    for name in hinge.MARGIN_STYLES:
        np.testing.assert_array_equal(artists["loss", name].get_ydata(), reading.curves[name])
        np.testing.assert_array_equal(artists["slope", name].get_ydata(), reading.slope_curves[name])
    logistic = np.log1p(np.exp(-1.0))
    x, y = artists["loss marker", "logistic"].get_data()
    assert (x[0], y[0]) == (-1.0, pytest.approx(logistic))
    assert artists["score line"].get_xdata()[0] == -1.0
    caption = explorer.describe(reading)
    assert "for label -1" in caption and "At score -1.00 (margin +1.00)" in caption
    # On the margin: the hinge's slope is TensorFlow's, from below the margin, and the caption says so.
    assert "(margin +1.00): hinge 0.000 with slope +1.000; squared hinge 0.000 with slope +0.000;" in caption
    assert "have a corner" in caption
    assert "have a corner" not in explorer.describe(explorer.update(score=0.5, label=-1))
    assert f"logistic {logistic:.3f} with slope {1 / (1 + np.e):+.3f}" in caption


def test_a_label_change_redraws_the_kept_picture():
    """The curves belong to the kept picture, drawn again when the label changes."""
    explorer = MarginExplorer()
    assert_redraws_like_full_draws(explorer, [{"label": label, "score": 0.95} for label in (-1, 1, -1)])


def test_the_label_buttons_and_the_static_figure():
    explorer = MarginExplorer(score=0.5, label=1)
    controls, picture = explorer.widget(web=False).children
    score, label = controls.children
    assert (score.description, label.description) == ("score s", "label")
    assert (score.min, score.max, label.options) == (-3.0, 3.0, (("y = −1", -1), ("y = +1", 1)))
    label.value = -1
    assert explorer.params["label"] == -1 and "label -1" in shown_image(picture.value)[1]

    fig = margin_curves([-1.0, 2.0])
    assert [ax.get_title() for ax in fig.axes[:2]] == ["label y = +1", "label y = −1"]
    assert len(fig.legends) == 1 and pyplot_figure_count() == 0
    with pytest.raises(TypeError, match="`scores`"):
        margin_curves([])


def _squared_hinge_lines():
    """(figure, loss axes, drawn squared-hinge line, its curve): the explorer at each label, then
    the static figure's two loss panels."""
    explorer = MarginExplorer(score=0.5, label=1)
    for label in (1, -1):
        explorer.update(label=label)  # leaves the whole picture on the canvas
        yield (explorer.fig, explorer.axes[0], explorer.artists["loss", "squared hinge"],
               explorer.reading.curves["squared hinge"])
    fig = margin_curves()
    fig.canvas.draw()
    color = hinge.MARGIN_STYLES["squared hinge"][0]
    for ax, label in zip(fig.axes[:2], (1, -1), strict=True):
        (line,) = [line for line in ax.get_lines() if line.get_color() == color and len(line.get_xdata()) > 1]
        yield fig, ax, line, margin_reading(0.0, label).curves["squared hinge"]


def test_the_squared_hinge_leaves_the_frame_instead_of_running_along_its_top():
    for fig, ax, line, curve in _squared_hinge_lines():
        top = ax.get_ylim()[1]
        assert curve.max() > top  # the case at issue: the curve runs off the top
        np.testing.assert_array_equal(line.get_ydata(), curve)  # drawn as it is, not clipped
        # In the picture: along the panel's top edge, the squared hinge's orange (even blended
        # with the white by antialiasing) shows where the curve crosses the edge, a few pixels,
        # not along a stretch of it.
        x0, _, x1, y1 = ax.get_window_extent().extents
        rows = pixels(fig)[::-1][int(y1) - 3:int(y1) + 1, int(x0) + 2:int(x1) - 2, :3].astype(float)
        red, green, blue = rows[..., 0], rows[..., 1], rows[..., 2]
        orange = ((red - blue > 60) & (green > 0.55 * red)).any(axis=0)
        assert 0 < orange.sum() < 0.03 * orange.size, orange.sum()


def test_no_negative_zero_in_the_words():
    """A margin or a slope of 0 is written 0, not -0, in the caption."""
    explorer = MarginExplorer(score=0.0, label=-1)
    assert "margin +0.00" in explorer.describe(explorer.reading)
    reading = explorer.update(score=1.5, label=1)
    assert "-0.000" not in explorer.describe(reading)
    assert all(np.copysign(1.0, slope) == 1.0 for slope in reading.slopes.values() if slope == 0.0)


def test_a_slope_beyond_the_axis_is_marked_at_its_edge():
    """At score -2 the squared hinge's slope is -6: its marker points down from the bottom edge."""
    explorer = MarginExplorer(score=-2.0, label=1)
    marker = explorer.artists["slope marker", "squared hinge"]
    assert explorer.reading.slopes["squared hinge"] == -6.0
    assert (marker.get_ydata()[0], marker.get_marker()) == (-hinge.SLOPE_TOP, "v")
    assert explorer.axes[1].get_ylim()[0] < -hinge.SLOPE_TOP  # the marker shows whole
    explorer.update(score=0.5)
    assert (marker.get_ydata()[0], marker.get_marker()) == (-1.0, "o")

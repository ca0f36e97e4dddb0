"""Tests of the cosine explorer (lossutils.explorers.cosine), no display needed.

The reading is checked against the geometry written out here and against a numerical
gradient of the loss; the explorer's arrows and caption against the reading (its contract is
checked for every explorer in test_explorer_contract.py).
"""

from __future__ import annotations

import math

import ipywidgets
import numpy as np
import pytest
from explorer_checks import assert_redraws_like_full_draws, numerical_gradient
from hypothesis import given
from hypothesis import strategies as st

from lossutils import losses
from lossutils.explorers import CosineExplorer, cosine_reading, cosine_small_multiples


@given(st.floats(0, 180), st.floats(0.2, 2.0))
def test_reading_is_the_geometry(angle, length):
    r = cosine_reading(angle, length)
    theta = math.radians(angle)
    assert r.prediction == pytest.approx([length * math.cos(theta), length * math.sin(theta)])
    assert r.cosine == pytest.approx(math.cos(theta), abs=1e-12)
    assert r.loss == -r.cosine
    assert r.unit_distance == pytest.approx(2 - 2 * r.cosine, abs=1e-12)
    assert abs(float(r.gradient @ r.prediction)) < 1e-12  # orthogonal to the prediction
    assert np.hypot(*r.gradient) == pytest.approx(math.sin(theta) / length, abs=1e-12)


@pytest.mark.parametrize(("angle", "length"), [(30.0, 1.0), (100.0, 0.5), (170.0, 2.0)])
def test_gradient_is_the_numerical_gradient_of_the_loss(angle, length):
    r = cosine_reading(angle, length)

    def loss(b):
        return float(losses.cosine_similarity(r.target[np.newaxis], b[np.newaxis])[0])
    np.testing.assert_allclose(numerical_gradient(loss, np.array(r.prediction)), r.gradient, atol=1e-8)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [({"angle": -1.0}, ValueError, "angle"), ({"angle": 181.0}, ValueError, "angle"),
     ({"length": 0.0}, ValueError, "length"), ({"length": "1"}, TypeError, "length")],
)
def test_reading_rejects_bad_arguments(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        cosine_reading(**kwargs)


def test_the_arrows_are_the_reading():
    explorer = CosineExplorer()
    reading = explorer.update(angle=120.0, length=2.0)
    np.testing.assert_allclose(explorer.plane["prediction"].get_xydata(), [[0.0, 0.0], reading.prediction])
    np.testing.assert_allclose(explorer.plane["unit"].get_xydata(), [reading.prediction / 2.0])
    np.testing.assert_allclose(explorer.plane["push"].get_xydata(),
                               [reading.prediction, reading.prediction + reading.push])
    assert [marker.get_ydata()[0] for marker in explorer.curve_markers] == [reading.cosine, reading.loss]
    assert len(explorer.plane["push tip"].get_xdata()) == 1
    explorer.update(angle=0.0)
    assert len(explorer.plane["push tip"].get_xdata()) == 0  # no push, no arrowhead


def test_nothing_static_lies_over_the_sweeping_arrows():
    """The arrows sweep the upper half-plane and, short and turned a little, a long push crosses the
    target's label: the quick redraw draws them over everything, and so must a full draw."""
    explorer = CosineExplorer()
    assert_redraws_like_full_draws(explorer, [{"angle": 60.0, "length": 0.3}, {"angle": 180.0, "length": 2.0},
                                              {"angle": 90.0}])


def test_the_caption_gives_the_numbers():
    explorer = CosineExplorer()
    caption = explorer.describe(explorer.update(angle=120.0, length=2.0))
    assert caption.startswith("At 120° and |b| = 2.0, the cosine is -0.500 and Keras's loss (minus "
                              "the cosine) is +0.500.")
    assert f"of length sin θ / |b| = {math.sin(math.radians(120.0)) / 2:.3f}" in caption
    assert "the cosine is +0.000 and Keras's loss (minus the cosine) is +0.000." in explorer.describe(
        explorer.update(angle=90.0, length=1.0))  # no "-0.000"
    assert "no push: at this angle the gradient is zero" in explorer.describe(explorer.update(angle=180.0))


def test_the_sliders():
    controls = CosineExplorer()._controls(ipywidgets)
    assert [(c.description, c.min, c.max) for c in controls.values()] == [("angle (°)", 0.0, 180.0),
                                                                         ("length |b|", 0.2, 2.0)]


def test_small_multiples_show_the_curves_and_both_lengths():
    """The static figure keeps what the explorer's text promises: the cosine and the loss against
    the angle, and a second row of planes at another length, whose pushes are shorter."""
    fig = cosine_small_multiples([0.0, 90.0, 150.0], length=2.0)
    ax_curve, ax_push, *planes = fig.axes
    assert len(planes) == 6  # two rows of three
    assert [ax.get_title()[:10] for ax in planes[:3]] == ["0°, |b| = ", "90°, |b| =", "150°, |b| "]
    assert [ax.get_title().split("\n")[0][-3:] for ax in planes] == ["1.0"] * 3 + ["2.0"] * 3

    curves = {line.get_label(): line.get_ydata() for line in ax_curve.get_lines()
              if not line.get_label().startswith("_")}
    angles = np.radians(ax_curve.get_lines()[0].get_xdata())
    np.testing.assert_allclose(curves["cosine"], np.cos(angles), atol=1e-12)
    np.testing.assert_allclose(curves["loss −cos"], -np.cos(angles), atol=1e-12)
    pushes = {line.get_label(): line.get_ydata() for line in ax_push.get_lines()
              if not line.get_label().startswith("_")}
    np.testing.assert_allclose(pushes["|b| = 1.0"], np.sin(angles), atol=1e-12)
    np.testing.assert_allclose(pushes["|b| = 2.0"], np.sin(angles) / 2, atol=1e-12)

    def push_length(ax):
        line = next(line for line in ax.get_lines() if line.get_label() == "push of a step, −∂L/∂b")
        return float(np.hypot(*np.diff(line.get_xydata(), axis=0)[0]))
    for angle, short, long_ in zip((0.0, 90.0, 150.0), planes[:3], planes[3:], strict=True):
        assert push_length(short) == pytest.approx(math.sin(math.radians(angle)), abs=1e-12)
        assert push_length(long_) == pytest.approx(push_length(short) / 2, abs=1e-12)
    assert len(fig.legends) + len(fig.subfigs[1].legends) == 1

    one_row = cosine_small_multiples([30.0], length=1.0, title="one length")
    assert len(one_row.axes) == 3 and one_row.get_suptitle() == "one length"
    with pytest.raises(TypeError, match="`angles`"):
        cosine_small_multiples([])
    with pytest.raises(ValueError, match="`length`"):
        cosine_small_multiples([30.0], length=0.0)
    with pytest.raises(ValueError, match="`angle`"):
        cosine_small_multiples([190.0])

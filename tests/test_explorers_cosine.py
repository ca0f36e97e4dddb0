"""Tests of the cosine explorer (lossutils.explorers.cosine), no display needed.

The reading is checked against the geometry written out here and against a numerical
gradient of the loss; the explorer against its contract.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from explorer_checks import numerical_gradient, pixels, pyplot_figure_count, shown_image
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


def test_update_in_place_and_fast_redraw():
    explorer = CosineExplorer()
    fig = explorer.fig
    before = pixels(fig)
    reading = explorer.update(angle=120.0, length=2.0)
    assert explorer.fig is fig and pyplot_figure_count() == 0
    np.testing.assert_allclose(explorer.plane["prediction"].get_xydata()[1], reading.prediction)
    assert explorer.title.get_text() == "angle 120°, |b| = 2.0: cos -0.500, loss +0.500"
    assert not np.array_equal(pixels(fig), before)
    # The arrows sweep the whole upper half-plane: nothing static may lie over them.
    settings = ({"angle": 0.0}, {"angle": 180.0, "length": 2.0}, {"angle": 135.0},
                {"angle": 90.0, "length": 0.2})
    for params in settings:
        explorer.update(**params)
        fast = pixels(fig)
        fig.canvas.draw()
        np.testing.assert_array_equal(fast, pixels(fig))
    assert len(explorer.plane["push tip"].get_xdata()) == 1
    explorer.update(angle=0.0)
    assert len(explorer.plane["push tip"].get_xdata()) == 0  # no push, no arrowhead


def test_widget_and_small_multiples():
    explorer = CosineExplorer(angle=60.0, length=1.0)
    controls, picture = explorer.widget(web=False).children
    assert [c.description for c in controls.children] == ["angle (°)", "length |b|"]
    controls.children[0].value = 90.0
    assert "the cosine is +0.000" in shown_image(picture.value)[1]

    fig = cosine_small_multiples([0.0, 90.0, 150.0])
    assert [ax.get_title()[:10] for ax in fig.axes[:3]] == ["angle 0°, ", "angle 90°,", "angle 150°"]
    assert len(fig.legends) == 1
    with pytest.raises(TypeError, match="`angles`"):
        cosine_small_multiples([])

"""Tests of the margin explorer (lossutils.explorers.hinge), no display needed.

The losses are checked against their formulas written out here and the slopes against
numerical derivatives; the explorer against its contract.
"""

from __future__ import annotations

import numpy as np
import pytest
from explorer_checks import pixels, pyplot_figure_count, shown_image
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


def test_update_in_place_and_fast_redraw():
    explorer = MarginExplorer()
    fig, artists = explorer.fig, dict(explorer.artists)
    before = pixels(fig)
    reading = explorer.update(score=-1.0, label=-1)
    assert explorer.fig is fig and explorer.artists == artists and pyplot_figure_count() == 0
    np.testing.assert_array_equal(artists["loss", "hinge"].get_ydata(), np.minimum(reading.curves["hinge"],
                                                                                 1.05 * hinge.LOSS_TOP))
    assert explorer.title.get_text() == "y = -1, s = -1.00, margin y·s = +1.00\nhinge 0.000, logistic 0.313"
    assert not np.array_equal(pixels(fig), before)
    for params in ({"score": 3.0, "label": -1}, {"score": -3.0, "label": 1}, {"score": 0.95}):
        explorer.update(**params)
        fast = pixels(fig)
        fig.canvas.draw()
        np.testing.assert_array_equal(fast, pixels(fig))
    with pytest.raises(ValueError, match="label"):
        explorer.update(label=2)
    assert explorer.params == {"score": 0.95, "label": 1}


def test_widget_and_static_figure():
    explorer = MarginExplorer(score=0.5, label=1)
    controls, picture = explorer.widget(web=False).children
    score, label = controls.children
    assert (score.description, label.description) == ("score s", "label")
    assert "label +1" in shown_image(picture.value)[1]
    label.value = -1
    assert explorer.params["label"] == -1 and "label -1" in shown_image(picture.value)[1]

    fig = margin_curves([-1.0, 2.0])
    assert [ax.get_title() for ax in fig.axes[:2]] == ["label y = +1", "label y = −1"]
    assert len(fig.legends) == 1
    with pytest.raises(TypeError, match="`scores`"):
        margin_curves([])

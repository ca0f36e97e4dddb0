"""Tests of the softmax explorer of the cross-entropy chapter (no display needed).

The readings are checked against independent computations (SciPy, the loss
functions of lossutils.losses, numerical derivatives); the explorer's bars, marker,
hatching and caption against the numbers they stand for (what every explorer keeps
is checked in test_explorer_contract.py).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special
from explorer_checks import (
    assert_redraws_like_full_draws,
    numerical_gradient,
    pyplot_figure_count,
    shown_image,
)
from hypothesis import given
from hypothesis import strategies as st

from lossutils import information, losses
from lossutils.explorers import (
    SoftmaxExplorer,
    SoftmaxReading,
    softmax_reading,
    softmax_small_multiples,
)
from lossutils.explorers.softmax import SOFTMAX_TOP_BITS

E2_LOGITS = (3.2, 1.3, 0.2, 0.8)  # worked example E2: dog, cat, horse, cheetah


# --- softmax_reading -------------------------------------------------------------

def test_e2_numbers():
    reading = softmax_reading(E2_LOGITS, target=0)
    assert isinstance(reading, SoftmaxReading)
    np.testing.assert_array_equal(reading.probabilities.round(5), [0.77515, 0.11594, 0.03859, 0.07032])
    assert round(reading.loss_bits, 4) == 0.3675
    assert round(reading.loss_nats, 4) == 0.2547
    # The article's 0.3677 bits comes from the probability rounded to 0.775 first.
    rounded = information.cross_entropy([1, 0, 0, 0], [0.775, 0.116, 0.039, 0.070], base=2)
    assert round(float(rounded), 4) == 0.3677
    assert reading.target_probability == pytest.approx(0.77515, abs=5e-6)


@pytest.mark.parametrize(
    ("logits", "target"),
    [(E2_LOGITS, 0), (E2_LOGITS, 2), ((0.0, 0.0), 1), ((-6, 6, 0, 1, 2, 3, -1, 5), 0),
     ((100.0, -100.0, 0.0), 1), ((1000.0, 0.0), 1)],
)
def test_softmax_reading_matches_scipy_and_keras_twin(logits, target):
    reading = softmax_reading(logits, target)
    z = np.asarray(logits, dtype=np.float64)
    np.testing.assert_allclose(reading.probabilities, scipy.special.softmax(z), rtol=1e-12, atol=1e-300)
    expected_nats = -scipy.special.log_softmax(z)[target]
    assert reading.loss_nats == pytest.approx(expected_nats, rel=1e-12)
    assert reading.loss_bits == pytest.approx(expected_nats / math.log(2), rel=1e-12)
    assert math.isfinite(reading.loss_nats)  # stable even where p[target] underflows to 0
    # Keras's sparse categorical cross-entropy on logits computes the same loss.
    keras_twin = losses.sparse_categorical_crossentropy(np.array([target]), z[None, :], from_logits=True)
    assert reading.loss_nats == pytest.approx(float(keras_twin[0]), rel=1e-12)
    one_hot = np.eye(z.size)[target]
    np.testing.assert_allclose(reading.gradient, scipy.special.softmax(z) - one_hot, atol=1e-15)
    assert reading.target == target and reading.n_classes == z.size
    assert reading.logits.dtype == np.float64


@pytest.mark.parametrize("target", range(4))
def test_softmax_gradient_is_the_numerical_derivative(target):
    reading = softmax_reading(E2_LOGITS, target)

    def loss(z):
        return -scipy.special.log_softmax(z)[target]

    numeric = numerical_gradient(loss, np.asarray(E2_LOGITS, dtype=float))
    np.testing.assert_allclose(reading.gradient, numeric, atol=1e-8)
    # It raises the true class's logit (negative gradient) and lowers the others.
    assert reading.gradient[target] < 0
    assert np.all(np.delete(reading.gradient, target) > 0)


@given(
    st.lists(st.floats(-30, 30, allow_nan=False), min_size=2, max_size=8),
    st.data(),
    st.floats(-50, 50),
)
def test_softmax_reading_properties(logits, data, shift):
    target = data.draw(st.integers(0, len(logits) - 1))
    reading = softmax_reading(logits, target)
    assert reading.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(reading.probabilities >= 0)
    assert reading.gradient.sum() == pytest.approx(0.0, abs=1e-12)
    assert reading.loss_nats >= 0
    assert reading.loss_bits == pytest.approx(reading.loss_nats / math.log(2), rel=1e-12)
    # Softmax ignores a constant added to every logit.
    shifted = softmax_reading([z + shift for z in logits], target)
    assert shifted.loss_nats == pytest.approx(reading.loss_nats, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    ("logits", "target", "error", "fragment"),
    [
        ([1.0], 0, ValueError, "`logits`"),
        ([0.0] * 9, 0, ValueError, "2 to 8"),
        ([[1.0, 2.0], [3.0, 4.0]], 0, ValueError, "flat sequence"),
        ([1.0, float("nan")], 0, ValueError, "NaN"),
        ([1.0, float("inf")], 0, ValueError, "infinity"),
        ("12", 0, TypeError, "`logits`"),
        ([1.0, "a"], 0, TypeError, "`logits`"),
        ([1.0, 2.0], True, TypeError, "`target`"),
        ([1.0, 2.0], 1.0, TypeError, "`target`"),
        ([1.0, 2.0], 2, ValueError, "[0, 1]"),
        ([1.0, 2.0], -1, ValueError, "`target`"),
    ],
)
def test_softmax_reading_rejects_bad_input(logits, target, error, fragment):
    with pytest.raises(error) as info:
        softmax_reading(logits, target)
    assert fragment in str(info.value)


def test_numpy_integer_target_is_accepted():
    assert softmax_reading(E2_LOGITS, np.int64(1)).target == 1


# --- SoftmaxExplorer -------------------------------------------------------------

def test_softmax_explorer_bars_marker_and_caption():
    explorer = SoftmaxExplorer()
    assert explorer.params == {"logits": E2_LOGITS, "target": 0}
    logits = (0.5, 2.0, -1.0, 0.0)
    reading = explorer.update(logits=logits)
    p = scipy.special.softmax(np.array(logits))
    np.testing.assert_allclose([b.get_height() for b in explorer.bars], p, rtol=1e-12)
    np.testing.assert_allclose(explorer.marker.get_data(), [[p[0]], [-math.log2(p[0])]])
    np.testing.assert_allclose(explorer.guide.get_data(), [[p[0], p[0]], [0.0, -math.log2(p[0])]])
    caption = explorer.describe(reading)
    assert ", ".join(f"P({name}) = {v:.3f}" for name, v in zip(explorer.labels, p, strict=True)) in caption
    assert f"probability p = {p[0]:.3f}: {-math.log2(p[0]):.3f} bits = {-math.log(p[0]):.3f} nats." in caption


def test_softmax_explorer_hatches_the_true_class():
    explorer = SoftmaxExplorer()
    ticks = [t.get_text() for t in explorer.axes[0].get_xticklabels()]
    assert [bool(bar.get_hatch()) for bar in explorer.bars] == [True, False, False, False]

    reading = explorer.update(target=2)

    assert [bool(bar.get_hatch()) for bar in explorer.bars] == [False, False, True, False]
    assert explorer.bars[2].get_linewidth() == 2.0 and explorer.bars[0].get_linewidth() == 0.0
    assert [t.get_text() for t in explorer.axes[0].get_xticklabels()] == ticks  # no text changes
    assert reading.target_probability == pytest.approx(0.03859, abs=5e-6)
    assert explorer.marker.get_data()[0][0] == pytest.approx(reading.target_probability)
    assert "the true class, horse, is hatched" in explorer.describe(reading)


@pytest.mark.parametrize("n_classes", [2, 8])
def test_a_new_true_class_gives_the_picture_a_full_draw_gives(n_classes):
    """The contract test moves a logit; here the hatching moves to another bar as well."""
    rng = np.random.default_rng(n_classes)
    explorer = SoftmaxExplorer(logits=tuple(rng.uniform(-3, 3, n_classes)))
    settings = [{"logits": tuple(rng.uniform(-6, 6, n_classes)), "target": target}
                for target in (1, 0, n_classes - 1)]
    assert_redraws_like_full_draws(explorer, settings)


def test_eight_classes_are_described_with_two_decimals_or_two_significant_digits():
    explorer = SoftmaxExplorer(logits=(0, 1, 2, 3, 4, 5, 0, 1))
    p = scipy.special.softmax(np.arange(8.0) % 6)
    assert p[0] < 0.005 < p[1]  # two decimals would print P(0) as 0.00
    caption = explorer.describe(explorer.reading)
    assert caption.startswith(f"Left, the softmax of the logits as bars: P(0) = {p[0]:.2g}, P(1) = 0.01")
    assert f"probability p = {p[0]:.2g}: {-math.log2(p[0]):.3f} bits" in caption


def test_softmax_loss_off_the_chart_is_marked_at_the_top():
    explorer = SoftmaxExplorer()
    reading = explorer.update(logits=(-6.0, 6.0, 0.0, 0.0))
    assert reading.loss_bits > SOFTMAX_TOP_BITS
    x, y = explorer.marker.get_data()
    assert y[0] == SOFTMAX_TOP_BITS and explorer.marker.get_marker() == "^"
    assert x[0] == pytest.approx(reading.target_probability)
    caption = explorer.describe(reading)
    assert f"{reading.loss_bits:.3f} bits" in caption  # the true value
    assert "off the top of the chart" in caption
    assert f"p = {reading.target_probability:.2g}:" in caption  # not "p = 0.000" beside 15 bits
    reading = explorer.update(logits=E2_LOGITS)
    assert explorer.marker.get_marker() == "o" and "off the top" not in explorer.describe(reading)


def test_softmax_logits_of_another_size_or_a_missing_class_are_refused():
    explorer = SoftmaxExplorer()
    with pytest.raises(ValueError, match="4 entries"):
        explorer.update(logits=(1.0, 2.0))
    with pytest.raises(ValueError, match="target"):
        explorer.update(target=4)
    with pytest.raises(TypeError, match="target"):
        explorer.update(target=False)
    assert explorer.params == {"logits": E2_LOGITS, "target": 0}


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"logits": (0.0,) * 9}, ValueError, "logits"),
        ({"logits": (7.0, 0.0)}, ValueError, "logit_range"),
        ({"labels": ["a", "b"]}, ValueError, "labels"),
        ({"labels": "abcd"}, TypeError, "labels"),
        ({"target": 4}, ValueError, "target"),
        ({"logit_range": (6.0, -6.0)}, ValueError, "logit_range"),
        ({"logit_range": (-6.0, float("inf"))}, ValueError, "logit_range"),
        ({"logit_range": 6.0}, TypeError, "logit_range"),
        ({"logit_range": ("-6", "6")}, TypeError, "logit_range"),
    ],
)
def test_softmax_constructor_rejects_bad_arguments(kwargs, error, name):
    before = pyplot_figure_count()
    with pytest.raises(error, match=name):
        SoftmaxExplorer(**kwargs)
    assert pyplot_figure_count() == before


def test_softmax_default_labels_follow_the_number_of_classes():
    assert SoftmaxExplorer().labels == ("dog", "cat", "horse", "cheetah")
    assert SoftmaxExplorer(logits=(0.0, 1.0, 2.0)).labels == ("0", "1", "2")
    assert SoftmaxExplorer(logits=(0.0, 1.0), labels=("no", "yes")).labels == ("no", "yes")


def test_softmax_widget_has_a_slider_per_logit_and_a_menu_for_the_true_class():
    ipywidgets = pytest.importorskip("ipywidgets")
    explorer = SoftmaxExplorer()
    controls, picture = explorer.widget(web=False).children
    sliders = [slider for column in controls.children[0].children for slider in column.children]
    menu = controls.children[1]
    assert [s.description for s in sliders] == ["dog", "cat", "horse", "cheetah"]
    assert all(isinstance(s, ipywidgets.FloatSlider) for s in sliders)
    assert [s.value for s in sliders] == list(E2_LOGITS)
    assert (sliders[0].min, sliders[0].max, sliders[0].step) == (-6.0, 6.0, 0.1)
    assert isinstance(menu, ipywidgets.Dropdown) and menu.value == 0
    assert [name for name, _ in menu.options] == ["dog", "cat", "horse", "cheetah"]

    menu.value = 3
    assert explorer.reading.target == 3 and "cheetah, is hatched" in shown_image(picture.value)[1]


def test_softmax_widget_of_two_classes_is_one_column():
    ipywidgets = pytest.importorskip("ipywidgets")
    controls = SoftmaxExplorer(logits=(1.0, 0.0), labels=("yes", "no")).widget(web=False).children[0]
    assert [type(w) for w in controls.children] == [ipywidgets.FloatSlider, ipywidgets.FloatSlider,
                                                    ipywidgets.Dropdown]


# --- the static figure -----------------------------------------------------------

def test_softmax_small_multiples():
    sets = [E2_LOGITS, (0.0, 0.0, 0.0, 0.0), (-3.0, 1.0, 0.0, 5.0)]
    fig = softmax_small_multiples(sets, names=["E2", "equal", "wrong"], target=0, title="What to see")
    visible = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    assert len(visible) == 4 and pyplot_figure_count() == 0
    for ax, logits, name in zip(visible, sets, ["E2", "equal", "wrong"], strict=False):
        nats = -scipy.special.log_softmax(np.array(logits))[0]
        assert ax.get_title() == f"{name}\nloss = {nats / math.log(2):.3f} bits = {nats:.3f} nats"
        p = scipy.special.softmax(np.array(logits))
        np.testing.assert_allclose([bar.get_height() for bar in ax.patches], p, rtol=1e-12)
        assert [t.get_text() for t in ax.texts] == [f"{v:.3f}" for v in p]
        assert ax.patches[0].get_hatch() and not any(bar.get_hatch() for bar in ax.patches[1:])
    summary = visible[3]
    markers = [line for line in summary.get_lines() if line.get_label() in ("E2", "equal", "wrong")]
    assert [m.get_marker() for m in markers] == ["o", "s", "^"]  # 11.6 bits: off the chart, at the top
    assert [t.get_text() for t in summary.get_legend().get_texts()] == ["E2", "equal", "wrong"]
    assert fig._suptitle.get_text() == "What to see"


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "name"),
    [
        (([],), {}, TypeError, "logit_sets"),
        (([(1.0, 2.0), (1.0, 2.0, 3.0)],), {}, ValueError, "logit_sets"),
        (([(1.0, 2.0)],), {"names": ["a", "b"]}, ValueError, "names"),
        (([(1.0, 2.0)],), {"target": 2}, ValueError, "target"),
        (([(1.0, 2.0)],), {"labels": ["only one"]}, ValueError, "labels"),
    ],
)
def test_softmax_small_multiples_rejects_bad_input(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        softmax_small_multiples(*args, **kwargs)

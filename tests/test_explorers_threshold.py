"""The threshold explorer: its readings are Keras's metrics, and its figure and caption show them."""

from __future__ import annotations

import ipywidgets
import numpy as np
import pytest
from explorer_checks import assert_redraws_like_full_draws, pyplot_figure_count

from lossutils.articles.experiments import circles_problem
from lossutils.explorers import ThresholdExplorer, threshold_reading, threshold_readings
from lossutils.explorers.threshold import BIN_EDGES, MODELS, THRESHOLDS, test_labels, trained_outputs


def keras_binary_accuracy(labels, outputs, threshold: float) -> float:
    keras = pytest.importorskip("keras")
    metric = keras.metrics.BinaryAccuracy(threshold=threshold)
    metric.update_state(labels.reshape(-1, 1), outputs.reshape(-1, 1))
    return float(metric.result())


# --- the data -------------------------------------------------------------------------

def test_the_outputs_are_the_chapters_models_on_the_test_rows():
    labels = test_labels()
    np.testing.assert_array_equal(labels, circles_problem("-1/+1").y_test)
    for model in MODELS:
        outputs = trained_outputs(model)
        assert outputs.shape == (500,) and outputs.dtype == np.float32
        assert np.all(np.abs(outputs) <= 1.0)  # tanh
    # What the chapter prints for seed 1 (Keras 3, Keras 2.3's rounding, the sign; test rows).
    hinge, squared = threshold_reading(0.5, "hinge"), threshold_reading(0.5, "squared_hinge")
    for reading, printed in ((hinge, [0.402, 0.758, 0.852]), (squared, [0.344, 0.646, 0.844])):
        assert [round(v, 3) for v in (reading.labels_signed, reading.round_rule, reading.sign)] == printed


def test_the_data_cannot_be_changed_by_accident():
    with pytest.raises(ValueError, match="read-only"):
        trained_outputs("hinge")[0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        test_labels()[0] = 0.0


# --- the readings -----------------------------------------------------------------------

@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("threshold", [-0.75, 0.0, 0.5, 0.95])
def test_the_thresholded_readings_are_kerass_binary_accuracy(model, threshold):
    reading = threshold_reading(threshold, model)
    outputs, labels = trained_outputs(model), test_labels()
    signed = keras_binary_accuracy(labels, outputs, threshold)
    zero_one = keras_binary_accuracy((labels + 1) / 2, outputs, threshold)
    assert reading.labels_signed == pytest.approx(signed, abs=1e-6)
    assert reading.labels_zero_one == pytest.approx(zero_one, abs=1e-6)


def test_kerass_accuracy_is_the_signed_reading_at_one_half():
    keras = pytest.importorskip("keras")
    from lossutils.metrics import accuracy_for

    labels, outputs = test_labels().reshape(-1, 1), trained_outputs("hinge").reshape(-1, 1)
    assert accuracy_for(labels.shape, outputs.shape) == "binary_accuracy"
    keras_value = float(np.mean(keras.metrics.binary_accuracy(labels, outputs)))
    assert threshold_reading(0.5).labels_signed == pytest.approx(keras_value, abs=1e-6)


@pytest.mark.parametrize("model", MODELS)
def test_the_curves_are_the_readings_at_every_threshold(model):
    reading = threshold_reading(0.5, model)
    for i in (0, 57, 200, 300, 400):
        at = threshold_reading(float(THRESHOLDS[i]), model)
        assert reading.signed_curve[i] == at.labels_signed
        assert reading.zero_one_curve[i] == at.labels_zero_one
    assert np.all(reading.signed_curve <= reading.share_positive)  # a label of -1 never matches
    assert np.all(np.diff(reading.signed_curve) <= 0)
    # With 0/1 labels, threshold 0 reads the sign (no output is exactly 0).
    assert threshold_reading(0.0, model).labels_zero_one == pytest.approx(reading.sign)
    assert np.all(trained_outputs(model) != 0)


def test_the_round_rule_is_the_sign_outside_the_dead_band():
    reading = threshold_reading(0.5)
    outputs, labels = reading.outputs, reading.labels
    right = (np.sign(outputs) == labels) & (np.abs(outputs) > 0.5)
    assert reading.round_rule == pytest.approx(np.mean(right))


@pytest.mark.parametrize(("kwargs", "error", "name"), [
    ({"threshold": 1.5}, ValueError, "threshold"),
    ({"threshold": "0.5"}, TypeError, "threshold"),
    ({"threshold": float("nan")}, ValueError, "threshold"),
    ({"model": "logistic"}, ValueError, "model"),
])
def test_threshold_reading_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        threshold_reading(**{"threshold": 0.5, "model": "hinge", **kwargs})


# --- ThresholdExplorer -------------------------------------------------------------------

def test_the_threshold_line_and_markers_are_the_reading():
    explorer = ThresholdExplorer()
    assert explorer.params == {"threshold": 0.5, "model": "hinge"}
    reading = explorer.update(threshold=0.0)
    assert list(explorer.cut.get_xdata()) == list(explorer.cut_on_curves.get_xdata()) == [0.0, 0.0]
    assert explorer.markers["labels -1/+1"].get_ydata()[0] == reading.labels_signed
    assert explorer.markers["labels 0/1"].get_ydata()[0] == pytest.approx(reading.sign)


def test_changing_the_model_restacks_its_outputs_and_redraws_its_curves():
    explorer = ThresholdExplorer()
    ax_outputs, ax_curves = explorer.axes
    patches, lines = list(ax_outputs.patches), list(ax_curves.get_lines())
    hinge_heights, top = [bar.get_height() for bar in patches], ax_outputs.get_ylim()[1]
    assert max(bar.get_y() + bar.get_height() for bar in explorer.bars[1]) < top
    reading = explorer.update(model="squared_hinge")
    assert list(ax_outputs.patches) == patches and list(ax_curves.get_lines()) == lines  # the same artists
    squared_heights = [bar.get_height() for bar in patches]
    assert squared_heights != hinge_heights and sum(squared_heights[1:]) == 500  # the band, then 40 + 40 bars
    for value, bars in explorer.bars.items():
        counts, _ = np.histogram(reading.outputs[reading.labels == value], bins=BIN_EDGES)
        np.testing.assert_array_equal([bar.get_height() for bar in bars], counts)
    below = [bar.get_height() for bar in explorer.bars[-1]]
    assert [bar.get_y() for bar in explorer.bars[1]] == below  # the label +1 stacked on the label -1
    np.testing.assert_array_equal(explorer.curves["labels 0/1"].get_ydata(), reading.zero_one_curve)
    np.testing.assert_array_equal(explorer.curves["labels -1/+1"].get_ydata(), reading.signed_curve)
    assert explorer.curves["sign"].get_ydata()[0] == reading.sign
    assert explorer.curves["Keras 2.3 round"].get_ydata()[0] == reading.round_rule
    stacks = [bar.get_y() + bar.get_height() for bar in explorer.bars[1]]
    assert max(stacks) < ax_outputs.get_ylim()[1] == top  # both models on one scale


def test_a_new_model_gives_the_picture_a_full_draw_gives():
    """The model's outputs and curves are kept in the picture under the moving line; a new model
    draws that picture again (the contract test moves only the threshold)."""
    explorer = ThresholdExplorer()
    settings = [(0.25, "hinge"), (0.25, "squared_hinge"), (-0.85, "squared_hinge"), (-0.9, "hinge")]
    assert_redraws_like_full_draws(explorer, [{"threshold": t, "model": model} for t, model in settings])


def test_the_caption_gives_the_four_readings():
    explorer = ThresholdExplorer()
    caption = explorer.describe(explorer.reading)
    assert caption.startswith("Hinge model, t = +0.50:")
    assert ("BinaryAccuracy(threshold=t) reads 0.402 against the labels -1/+1 (never above 0.504, the "
            "share of +1 labels) and 0.836 against the same labels written 0/1.") in caption
    assert "Without a threshold: Keras 2.3's rounding 0.758, the sign 0.852." in caption
    caption = explorer.describe(explorer.update(model="squared_hinge"))
    assert caption.startswith("Squared hinge model") and "rounding 0.646, the sign 0.844." in caption


def test_the_controls():
    threshold, model = ThresholdExplorer()._controls(ipywidgets).values()
    assert isinstance(threshold, ipywidgets.FloatSlider) and isinstance(model, ipywidgets.ToggleButtons)
    assert (threshold.min, threshold.max, threshold.value) == (-1.0, 1.0, 0.5)
    assert model.options == (("hinge", "hinge"), ("squared hinge", "squared_hinge"))
    assert model.value == "hinge"


# --- the static figure -------------------------------------------------------------------

def test_threshold_readings_marks_each_threshold_on_both_models():
    fig = threshold_readings(thresholds=(0.0, 0.5))
    assert [ax.get_title() for ax in fig.axes[:2]] == ["hinge", "squared hinge"]
    notes = [text.get_text() for text in fig.axes[2].texts]
    assert notes == ["sign 0.852", "Keras 2.3 round 0.758", "0.442", "0.852", "0.402", "0.836"]
    assert pyplot_figure_count() == 0


@pytest.mark.parametrize(("thresholds", "error"),
                         [((), TypeError), ((2.0,), ValueError), (("0",), TypeError)])
def test_threshold_readings_rejects_bad_thresholds(thresholds, error):
    with pytest.raises(error, match="thresholds"):
        threshold_readings(thresholds=thresholds)

"""The epoch loss explorer: its NumPy epoch is Keras's, and its figure and caption show the reading."""

from __future__ import annotations

import ipywidgets
import numpy as np
import pytest

from lossutils.explorers import EpochLossExplorer, epoch_loss_lags, epoch_loss_reading
from lossutils.explorers.epoch_loss import BATCH_SIZES, LINE_X, LINE_Y, LOSS_BOTTOM
from lossutils.metrics import Mean


def keras_epoch(learning_rate: float, batch_size: int) -> tuple[list[float], float, float]:
    """What Keras reports after each batch, and the slope and intercept after one epoch."""
    keras = pytest.importorskip("keras")
    reports = []
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse", run_eagerly=True)
    recorder = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: reports.append(logs["loss"]))
    model.fit(LINE_X, LINE_Y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0, callbacks=[recorder])
    w, b = (float(np.ravel(v.numpy())[0]) for v in model.weights)
    return reports, w, b


@pytest.mark.parametrize(("learning_rate", "batch_size"), [(0.1, 32), (0.5, 8), (0.02, 160)])
def test_the_epoch_is_the_one_keras_runs(learning_rate, batch_size):
    reading = epoch_loss_reading(learning_rate, batch_size)
    reports, w, b = keras_epoch(learning_rate, batch_size)
    np.testing.assert_allclose(reading.running_mean, reports, rtol=2e-5)
    np.testing.assert_allclose([reading.weight, reading.bias], [w, b], rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("batch_size", BATCH_SIZES)
def test_the_reading_adds_up(batch_size):
    reading = epoch_loss_reading(0.2, batch_size)
    assert len(reading.batch_losses) == 320 // batch_size
    mean = Mean()
    expected = [mean(loss) for loss in reading.batch_losses]  # equal batches: weights do not matter
    np.testing.assert_allclose(reading.running_mean, expected, rtol=1e-6)
    assert reading.epoch_loss == pytest.approx(float(reading.running_mean[-1]))
    residual = LINE_X[:, 0] * reading.weight + reading.bias - LINE_Y
    assert reading.final_loss == pytest.approx(float(np.mean(residual**2)), rel=1e-5)
    assert reading.lag == pytest.approx(reading.epoch_loss / reading.final_loss)


def test_the_first_batch_is_scored_by_the_untrained_model():
    first = LINE_Y[:32]
    assert epoch_loss_reading(0.3, 32).batch_losses[0] == pytest.approx(float(np.mean(first**2)))


def test_more_steps_fit_better_and_the_noise_is_the_floor():
    finals = [epoch_loss_reading(0.1, size).final_loss for size in BATCH_SIZES]
    assert finals == sorted(finals), "fewer, larger batches take fewer steps: a worse fit after one epoch"
    best = epoch_loss_reading(0.5, 8)
    assert best.final_loss == pytest.approx(0.1**2, rel=0.2)  # the noise's variance
    assert best.weight == pytest.approx(2.0, abs=0.05) and best.bias == pytest.approx(0.5, abs=0.05)


@pytest.mark.parametrize(("kwargs", "error", "name"), [
    ({"learning_rate": 0.0}, ValueError, "learning_rate"),
    ({"learning_rate": 1.5}, ValueError, "learning_rate"),
    ({"batch_size": 10}, ValueError, "batch_size"),
    ({"batch_size": 32.0}, TypeError, "batch_size"),
])
def test_epoch_loss_reading_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=f"`{name}`"):
        epoch_loss_reading(**{"learning_rate": 0.1, "batch_size": 32, **kwargs})


def test_the_data_cannot_be_changed_by_accident():
    with pytest.raises(ValueError, match="read-only"):
        LINE_Y[0] = 0.0


# --- EpochLossExplorer ---------------------------------------------------------------

def test_the_points_and_lines_are_the_reading():
    explorer = EpochLossExplorer()
    assert explorer.params == {"learning_rate": 0.1, "batch_size": 32}
    reading = explorer.update(learning_rate=0.5, batch_size=8)
    x, y = explorer.dots.get_data()
    np.testing.assert_allclose(x, np.arange(1, 41) / 40)
    np.testing.assert_allclose(y, np.clip(reading.batch_losses, LOSS_BOTTOM, None))
    np.testing.assert_allclose(explorer.running.get_ydata()[1:], reading.running_mean)
    assert explorer.end.get_ydata()[0] == pytest.approx(reading.epoch_loss)
    assert explorer.final.get_ydata()[0] == pytest.approx(reading.final_loss)


def test_the_caption_gives_the_printed_loss_and_the_models():
    explorer = EpochLossExplorer()
    caption = explorer.describe(explorer.update(learning_rate=0.5, batch_size=8))
    assert caption.startswith("Learning rate 0.5, 40 batches of 8: Keras prints 0.0797")
    assert "a loss of 0.0111 on all the data (dashed line), so the printed loss is 7.2 times" in caption
    assert "each before its step, go from 1.915 to 0.020." in caption


def test_the_controls():
    learning_rate, batch_size = EpochLossExplorer()._controls(ipywidgets).values()
    assert isinstance(learning_rate, ipywidgets.FloatSlider)
    assert isinstance(batch_size, ipywidgets.ToggleButtons)
    assert (learning_rate.min, learning_rate.max, learning_rate.value) == (0.01, 0.5, 0.1)
    assert list(batch_size.options) == list(BATCH_SIZES) and batch_size.value == 32


# --- the static figure -------------------------------------------------------------------

def test_epoch_loss_lags_draws_the_lag_of_each_batch_size():
    fig = epoch_loss_lags(batch_sizes=(8, 160))
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines[:2]] == ["batches of 8", "batches of 160"]
    rates, lags = lines[1].get_data()
    assert lags[0] == pytest.approx(epoch_loss_reading(float(rates[0]), 160).lag)
    assert lags[-1] == pytest.approx(epoch_loss_reading(0.5, 160).lag)


@pytest.mark.parametrize(("batch_sizes", "error"),
                         [((), TypeError), ((12,), ValueError), (("8",), TypeError)])
def test_epoch_loss_lags_rejects_bad_batch_sizes(batch_sizes, error):
    with pytest.raises(error, match="batch_sizes"):
        epoch_loss_lags(batch_sizes=batch_sizes)

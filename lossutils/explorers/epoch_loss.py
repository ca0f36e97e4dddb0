"""The epoch loss explorer: why the loss ``fit`` prints lags behind the model.

:class:`~lossutils.explorers.EpochLossExplorer`: one epoch of mini-batch gradient
descent on a straight line, ``y = w x + b`` fitted with the mean squared error to the
points :data:`~lossutils.explorers.epoch_loss.LINE_X`,
:data:`~lossutils.explorers.epoch_loss.LINE_Y`, as Keras's ``fit`` runs it (``SGD``,
no momentum, batches in order). The learner sets the learning rate and the batch size.
Dots: the loss of each batch before its step. Line: what Keras reports after each
batch, the running mean of those losses (``keras.metrics.Mean``, weighted by batch
size); its last value is the epoch's ``history['loss']``. Dashed: the loss of the model
at the end of the epoch, over all the data, which ``evaluate`` would print.

It has a pure reading function (:func:`~lossutils.explorers.epoch_loss_reading`, NumPy
in float32 as Keras computes) and a static figure for readers of the website
(:func:`~lossutils.explorers.epoch_loss_lags`).

Example:

>>> r = epoch_loss_reading(learning_rate=0.1, batch_size=32)
>>> len(r.batch_losses), round(r.epoch_loss, 3), round(r.final_loss, 3)
(10, 0.885, 0.315)
>>> round(r.lag, 2)  # the printed loss over the model's loss after the epoch
2.81
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_nonempty_sequence, check_scalar
from ..plotting import HIGHLIGHT, ORANGE, PREDICTION, REFERENCE, class_colors, label, legend_below, new_figure
from .base import Explorer

__all__ = ["EpochLossReading", "epoch_loss_reading", "EpochLossExplorer", "epoch_loss_lags",
           "LINE_X", "LINE_Y", "BATCH_SIZES"]


def _line_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(320, 1)).astype("float32")
    y = (2 * x[:, 0] + 0.5 + rng.normal(0, 0.1, size=320)).astype("float32")
    x.flags.writeable = y.flags.writeable = False
    return x, y


_LINE = _line_data()
#: The 320 inputs of the line, in [-1, 1), shape (320, 1), float32 (read-only).
LINE_X = _LINE[0]
#: Their targets 2x + 0.5 plus noise of standard deviation 0.1, shape (320,), float32 (read-only).
LINE_Y = _LINE[1]
#: The batch sizes the explorer offers; each divides the 320 points evenly.
BATCH_SIZES = (8, 16, 32, 64, 160)
#: The loss axis (logarithmic) spans these; a loss outside is drawn at the edge.
LOSS_BOTTOM, LOSS_TOP = 0.002, 3.0


@dataclass(frozen=True)
class EpochLossReading:
    """Everything the epoch loss explorer shows for one setting.

    Attributes:
        learning_rate: the step size of plain gradient descent.
        batch_size: rows per batch; the epoch has ``320 // batch_size`` steps.
        batch_losses: the mean squared error of each batch, before its step.
        running_mean: what Keras reports after each batch: the running mean
            of ``batch_losses``, weighted by batch size.
        epoch_loss: the last running mean, the epoch's ``history['loss']``.
        final_loss: the mean squared error of the model after the epoch, over
            all the data (what ``evaluate`` prints).
        lag: ``epoch_loss / final_loss``.
        weight: the slope ``w`` after the epoch (the data's is 2).
        bias: the intercept ``b`` after the epoch (the data's is 0.5).
    """

    learning_rate: float
    batch_size: int
    batch_losses: np.ndarray
    running_mean: np.ndarray
    epoch_loss: float
    final_loss: float
    lag: float
    weight: float
    bias: float


def _mse(w: np.float32, b: np.float32, x: np.ndarray, y: np.ndarray) -> np.float32:
    return np.mean(np.square(x[:, 0] * w + b - y), dtype=np.float32)


def epoch_loss_reading(learning_rate=0.1, batch_size=32) -> EpochLossReading:
    """One epoch of gradient descent on the line, from ``w = b = 0``, as Keras's ``fit`` runs it.

    Pure NumPy, in float32 like Keras: no figure and no TensorFlow is involved.
    The chapter checks it against ``fit`` with ``SGD(learning_rate)`` on the same data.

    Args:
        learning_rate: the step size, a number in (0, 1]; above about 1 the
            steps overshoot and the fit diverges.
        batch_size: rows per batch, one of :data:`~lossutils.explorers.epoch_loss.BATCH_SIZES`.

    Returns:
        An :class:`~lossutils.explorers.EpochLossReading`.

    Raises:
        TypeError: an argument is not a number of the right kind.
        ValueError: ``learning_rate`` is outside (0, 1] or ``batch_size`` is not offered.

    Example:

    >>> r = epoch_loss_reading(learning_rate=0.1, batch_size=160)  # two steps only
    >>> [round(float(v), 3) for v in r.running_mean]
    [1.824, 1.646]

    Taught in: Keras losses in practice (book/keras_in_practice.ipynb).
    """
    learning_rate = np.float32(check_scalar(learning_rate, "learning_rate", low=0.0, high=1.0,
                                            include_boundaries="right"))
    batch_size = check_scalar(batch_size, "batch_size", "int")
    if batch_size not in BATCH_SIZES:
        raise ValueError(f"`batch_size` must be one of {BATCH_SIZES}; received {batch_size}.")
    w = b = np.float32(0.0)
    xs, ys = LINE_X[:, 0].reshape(-1, batch_size), LINE_Y.reshape(-1, batch_size)  # one row per batch
    batch_losses = np.empty(len(ys), dtype=np.float32)
    for step, (x, y) in enumerate(zip(xs, ys, strict=True)):
        error = x * w + b - y
        batch_losses[step] = np.mean(np.square(error), dtype=np.float32)
        pull = np.float32(2.0) * error / np.float32(batch_size)  # d(mean squared error)/d(prediction)
        w = w - learning_rate * np.sum(pull * x, dtype=np.float32)
        b = b - learning_rate * np.sum(pull, dtype=np.float32)
    running = _running_mean(batch_losses, batch_size)
    final = float(_mse(w, b, LINE_X, LINE_Y))
    return EpochLossReading(
        learning_rate=float(learning_rate), batch_size=batch_size,
        batch_losses=batch_losses, running_mean=running,
        epoch_loss=float(running[-1]), final_loss=final, lag=float(running[-1]) / final,
        weight=float(w), bias=float(b),
    )


def _running_mean(batch_losses: np.ndarray, batch_size: int) -> np.ndarray:
    """What a ``keras.metrics.Mean`` weighted by batch size returns after each batch.

    As :class:`~lossutils.metrics.Mean` does, in float32: a running total of
    ``loss * batch_size`` over a running count of rows (all at once, with ``cumsum``).
    """
    size = np.float32(batch_size)
    totals = np.cumsum(batch_losses * size, dtype=np.float32)
    counts = size * np.arange(1, len(batch_losses) + 1, dtype=np.float32)
    return totals / counts


def _epoch_axes(ax) -> None:
    ax.set_xlim(0, 1.02)
    ax.set_yscale("log")  # the losses span three decades, down to the noise's 0.01
    ax.set_ylim(LOSS_BOTTOM, LOSS_TOP)
    label(ax, x="share of the epoch done", y="mean squared error")


def _on_chart(values) -> np.ndarray:
    return np.clip(values, LOSS_BOTTOM, LOSS_TOP)


def _steps(reading: EpochLossReading) -> np.ndarray:
    """Where each batch ends, as a share of the epoch (1 for the last)."""
    return np.arange(1, len(reading.batch_losses) + 1) / len(reading.batch_losses)


class EpochLossExplorer(Explorer):
    """Sliders for the learning rate and the batch size of one epoch of ``fit``.

    Dots: the loss of each batch before its step. Orange line: the running mean
    Keras reports, ending at the epoch's ``history['loss']``. Dashed: the loss
    of the model after the epoch. The faster the model learns within the epoch
    (a larger learning rate, more batches), the further the printed loss lags
    behind the model.

    Args:
        learning_rate: the step size; the slider offers 0.01 to 0.5. Default: 0.1.
        batch_size: rows per batch, one of 8, 16, 32, 64 and 160. Default: 32 (Keras's).

    Example:

    >>> explorer = EpochLossExplorer()
    >>> reading = explorer.update(batch_size=160)
    >>> len(explorer.dots.get_xdata())
    2

    Taught in: Keras losses in practice (book/keras_in_practice.ipynb).
    """

    def __init__(self, learning_rate: float = 0.1, batch_size: int = 32) -> None:
        super().__init__(learning_rate=learning_rate, batch_size=batch_size)

    compute = staticmethod(epoch_loss_reading)  # the pure computation behind the figure

    def describe(self, reading: EpochLossReading) -> str:
        """The caption and alt text: the setting, the printed loss, the model's loss and the lag."""
        return (
            f"Learning rate {reading.learning_rate:g}, {len(reading.batch_losses)} batches of "
            f"{reading.batch_size}: Keras prints {reading.epoch_loss:.4f} (history['loss'], the end of "
            f"the orange running mean); the model after the epoch has a loss of "
            f"{reading.final_loss:.4f} on all the data (dashed line), so the printed loss is "
            f"{reading.lag:.1f} times the model's. The batch losses (dots), each before its step, go "
            f"from {reading.batch_losses[0]:.3f} to {reading.batch_losses[-1]:.3f}."
        )

    def _build(self, reading: EpochLossReading):
        fig, (ax,) = new_figure(height=3.9, title="The printed loss is the mean of the epoch, not its end")
        _epoch_axes(ax)
        (self.dots,) = ax.plot([], [], "o", color=PREDICTION, markersize=4,
                               label="loss of each batch, before its step")
        (self.running,) = ax.plot([], [], "-", color=ORANGE, label="what Keras reports (running mean)")
        (self.end,) = ax.plot([], [], "s", color=HIGHLIGHT, zorder=3, label="history['loss']")
        self.final = ax.axhline(1, color=REFERENCE, linestyle="--", label="the model after the epoch")
        legend_below(fig, ax, ncols=2)
        self.animate(self.dots, self.running, self.end, self.final)
        return fig

    def _show(self, reading: EpochLossReading) -> None:
        steps = _steps(reading)
        self.dots.set_data(steps, _on_chart(reading.batch_losses))
        self.running.set_data(np.concatenate([[0.0], steps]),
                              _on_chart(np.concatenate([[reading.batch_losses[0]], reading.running_mean])))
        self.end.set_data([1.0], _on_chart([reading.epoch_loss]))
        self.final.set_ydata(_on_chart([reading.final_loss, reading.final_loss]))

    def _web_stops(self, controls):
        # The chapter's question: how far behind is the printed loss, for which settings?
        return {
            "learning_rate": self._stops_with_current("learning_rate", (0.02, 0.05, 0.1, 0.2, 0.5)),
            "batch_size": list(BATCH_SIZES),
        }

    def _controls(self, widgets):
        style = {"description_width": "8em"}
        return {
            "learning_rate": widgets.FloatSlider(value=self.params["learning_rate"], min=0.01, max=0.5,
                                                 step=0.01, description="learning rate", style=style),
            "batch_size": widgets.ToggleButtons(options=list(BATCH_SIZES), value=self.params["batch_size"],
                                                description="batch size", style=style),
        }


def epoch_loss_lags(batch_sizes=(8, 32, 160), *, title: str | None = None):
    """A static figure of the explorer's lesson, for readers without a kernel.

    The lag, the epoch's printed loss over the model's loss after the epoch,
    against the learning rate from 0.01 to 0.5, one curve per batch size.

    Args:
        batch_sizes: the batch sizes to draw, each one of
            :data:`~lossutils.explorers.epoch_loss.BATCH_SIZES`.
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Example:

    >>> fig = epoch_loss_lags()
    >>> [line.get_label() for line in fig.axes[0].get_lines()[:3]]
    ['batches of 8', 'batches of 32', 'batches of 160']

    Taught in: Keras losses in practice (book/keras_in_practice.ipynb).
    """
    check_nonempty_sequence(batch_sizes, "batch_sizes", "batch sizes")
    batch_sizes = [check_scalar(size, "batch_sizes", "int") for size in batch_sizes]
    for size in batch_sizes:
        if size not in BATCH_SIZES:
            raise ValueError(f"`batch_sizes` must hold sizes from {BATCH_SIZES}; received {size}.")
    if title is None:
        title = "The printed loss can be many times the loss of the model after the epoch"
    fig, (ax,) = new_figure(height=3.2, title=title)
    rates = np.linspace(0.01, 0.5, 50)
    for size, color in zip(batch_sizes, class_colors(len(batch_sizes)), strict=True):
        lags = [epoch_loss_reading(float(rate), size).lag for rate in rates]
        ax.plot(rates, lags, color=color, label=f"batches of {size}")
    ax.axhline(1, color=REFERENCE, linestyle=":", linewidth=1)
    ax.set_yscale("log")
    ax.set_xlim(0, 0.5)
    label(ax, x="learning rate", y="printed loss / loss after the epoch")
    ax.legend(fontsize=8)
    return fig

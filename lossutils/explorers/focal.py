"""The focal loss explorer: how ``gamma`` turns down the examples a model already gets right.

:class:`FocalExplorer`: the learner sets the focusing parameter ``gamma`` and
the probability ``p_t`` that the model gives the true class of one example.
Left, the binary focal loss against ``p_t`` beside the cross-entropy it scales
(``gamma = 0``); right, how a batch of many easy examples and a few hard ones
splits its total loss between the two groups.

It has a pure reading function (:func:`focal_reading`) and a static figure for
readers of the website (:func:`focal_curves`).

Example:

>>> r = focal_reading(gamma=2.0, p_t=0.9)
>>> round(r.loss, 5), round(r.cross_entropy, 4), round(r.factor, 4)
(0.00105, 0.1054, 0.01)
>>> round(r.easy_share, 3)  # the easy examples' part of the batch's loss
0.092
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import losses
from .._validation import check_nonempty_sequence, check_scalar
from ..plotting import BLUE, HIGHLIGHT, ORANGE, PREDICTION, REFERENCE, class_colors, label, new_figure
from .base import Explorer
from .figure_parts import set_clamped_marker

__all__ = ["FocalReading", "focal_reading", "FocalExplorer", "focal_curves", "IMBALANCED_BATCH"]

#: The probabilities ``p_t`` of the true class at which the curves are drawn.
FOCAL_GRID = np.linspace(0.001, 0.999, 400)
FOCAL_GRID.flags.writeable = False
#: The loss axis stops a little above this; a larger loss is marked at the top.
FOCAL_TOP_NATS = 4.0
#: The batch of the right-hand panel, each group with its count and ``p_t``. Many easy
#: examples (a detector's background boxes) and a few hard ones (the objects).
IMBALANCED_BATCH = {"easy": (990, 0.9), "hard": (10, 0.2)}
_GROUP_COLORS = {"easy": BLUE, "hard": ORANGE}


@dataclass(frozen=True)
class FocalReading:
    """Everything the focal loss explorer shows for one setting.

    Attributes:
        gamma: the focusing parameter (0 gives the cross-entropy).
        p_t: the probability the model gives the true class.
        loss: the binary focal loss ``(1 - p_t) ** gamma * -ln(p_t)`` in nats, with
            Keras's clipping, from ``lossutils.losses.binary_focal_crossentropy``
            (no class balancing) in float64.
        cross_entropy: ``-ln(p_t)``, the loss at ``gamma = 0``.
        factor: ``(1 - p_t) ** gamma``, the share of the cross-entropy that is kept.
        grid: the ``p_t`` of the curves, 0.001 to 0.999 (the same array every time).
        curve: the focal loss at each ``p_t`` of ``grid``.
        ce_curve: the cross-entropy at each ``p_t`` of ``grid``.
        group_losses: ``{group: total loss}`` of the groups of
            :data:`~lossutils.explorers.focal.IMBALANCED_BATCH`.
        easy_share: the easy group's fraction of the batch's total loss.
    """

    gamma: float
    p_t: float
    loss: float
    cross_entropy: float
    factor: float
    grid: np.ndarray
    curve: np.ndarray
    ce_curve: np.ndarray
    group_losses: dict[str, float]
    easy_share: float


def _focal(gamma: float, p_t) -> np.ndarray:
    """The binary focal loss of a positive example at each ``p_t``, in float64."""
    p = np.atleast_1d(np.asarray(p_t, dtype=np.float64))[:, np.newaxis]  # one sample per value
    return losses.binary_focal_crossentropy(np.ones_like(p), p, gamma=gamma)


def focal_reading(gamma=2.0, p_t=0.9) -> FocalReading:
    """The binary focal loss of one example, its curve, and the split of an imbalanced batch.

    Pure NumPy in float64: no figure is involved.

    Args:
        gamma: the focusing parameter, a number >= 0.
        p_t: the probability the model gives the true class, in [0, 1].

    Returns:
        A :class:`FocalReading`.

    Raises:
        TypeError: an argument is not a real number.
        ValueError: ``gamma`` is negative or ``p_t`` is outside [0, 1].

    Example:

    >>> r = focal_reading(gamma=0.0, p_t=0.5)  # gamma 0: the cross-entropy itself
    >>> round(r.loss, 4), r.factor
    (0.6931, 1.0)
    """
    gamma = check_scalar(gamma, "gamma", low=0.0)
    p_t = check_scalar(p_t, "p_t", low=0.0, high=1.0)
    group_losses = {group: count * float(_focal(gamma, p)[0])
                    for group, (count, p) in IMBALANCED_BATCH.items()}
    return FocalReading(
        gamma=gamma,
        p_t=p_t,
        loss=float(_focal(gamma, p_t)[0]),
        cross_entropy=float(_focal(0.0, p_t)[0]),
        factor=(1.0 - p_t) ** gamma,
        grid=FOCAL_GRID,
        curve=_focal(gamma, FOCAL_GRID),
        ce_curve=_CE_CURVE,
        group_losses=group_losses,
        easy_share=group_losses["easy"] / sum(group_losses.values()),
    )


_CE_CURVE = _focal(0.0, FOCAL_GRID)
_CE_CURVE.flags.writeable = False


def _group_label(group: str) -> str:
    count, p_t = IMBALANCED_BATCH[group]
    return f"{count} {group}\n(p_t = {p_t:g})"


def _loss_axes(ax) -> None:
    ax.set_xlim(0, 1)
    ax.set_ylim(0, FOCAL_TOP_NATS + 0.2)  # room for a marker at the top
    label(ax, x="probability of the true class p_t", y="loss", unit="nats")


def _share_axes(ax) -> None:
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, 1.6)
    ax.set_yticks([0, 1], [_group_label(group) for group in IMBALANCED_BATCH])
    ax.invert_yaxis()  # easy on top, as listed
    label(ax, x="share of the batch's total loss", x_unit="%")


def _small(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` decimals, or as 1.3e-04 where those would show under two digits."""
    shown = round(abs(value), decimals)  # rounded first, so that 0.1**3 reads 0.0010
    return f"{value:.{decimals}f}" if value == 0 or shown >= 10 ** (1 - decimals) else f"{value:.1e}"


def _shares(easy_share: float) -> tuple[str, str]:
    """The two groups' shares in percent, with as many decimals as give the smaller one two digits.

    The same decimals for both, so that the two visibly add up to 100 (0.020% and 99.980%).
    """
    smaller = 100 * min(easy_share, 1 - easy_share)
    decimals = 1 if smaller >= 1 or smaller == 0 else 1 - math.floor(math.log10(smaller))
    return f"{100 * easy_share:.{decimals}f}", f"{100 * (1 - easy_share):.{decimals}f}"


class FocalExplorer(Explorer):
    """Sliders for the focusing parameter ``gamma`` and an example's ``p_t``.

    Left: the binary focal loss against ``p_t`` (solid) and the cross-entropy
    it scales (dashed), with the current example marked. Right: a batch of 990
    easy examples (``p_t = 0.9``) and 10 hard ones (``p_t = 0.2``); the bars say
    which share of the batch's total loss each group contributes. With the
    cross-entropy the easy ones dominate; raising ``gamma`` hands the loss,
    and so the gradient, to the hard ones.

    Args:
        gamma: the focusing parameter; the slider offers 0 to 5. Default: 2 (as in Keras).
        p_t: the probability of the true class; the slider offers 0.01 to 0.99. Default: 0.9.

    Example:

    >>> explorer = FocalExplorer()
    >>> reading = explorer.update(gamma=0.0)
    >>> round(explorer.bars[0].get_width(), 1)  # the easy examples' share, in %
    86.6

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """

    def __init__(self, gamma: float = 2.0, p_t: float = 0.9) -> None:
        super().__init__(gamma=gamma, p_t=p_t)

    compute = staticmethod(focal_reading)  # the pure computation behind the figure

    def describe(self, reading: FocalReading) -> str:
        """The caption and alt text: the setting, the two losses and the split of the batch."""
        total = sum(reading.group_losses.values())
        easy, hard = _shares(reading.easy_share)
        return (
            f"The binary focal loss with gamma {reading.gamma:g} against the probability of the "
            f"true class (solid), beside the cross-entropy (dashed). At p_t = {reading.p_t:.2f} the "
            f"focal loss is {_small(reading.loss, 4)} nats, {_small(reading.factor, 4)} times the "
            f"cross-entropy of {reading.cross_entropy:.4f}. In a batch of 990 easy examples (p_t = 0.9) "
            f"and 10 hard ones (p_t = 0.2), with a total loss of {total:.1f} nats, the easy ones give "
            f"{easy}% of it and the hard ones {hard}%."
        )

    def _build(self, reading: FocalReading):
        fig, (ax_loss, ax_share) = new_figure(
            1, 2, height=3.5, title="Raising gamma hands the loss to the hard examples")
        _loss_axes(ax_loss)
        _share_axes(ax_share)
        (self.ce_curve,) = ax_loss.plot(reading.grid, reading.ce_curve, color=REFERENCE,
                                        linestyle="--", linewidth=1.2, label="cross-entropy (γ = 0)")
        (self.curve,) = ax_loss.plot([], [], color=PREDICTION, label="focal loss")
        (self.marker,) = ax_loss.plot([], [], "o", color=HIGHLIGHT, zorder=3, label="this example")
        ax_loss.legend(loc="upper right", fontsize=8)
        self.bars = ax_share.barh([0, 1], [0, 0], height=0.6,
                                  color=[_GROUP_COLORS[group] for group in IMBALANCED_BATCH])
        ax_share.set_title(f"a batch of {sum(c for c, _ in IMBALANCED_BATCH.values())}", fontsize=9)
        self.axes = (ax_loss, ax_share)
        self.animate(self.curve, self.marker, *self.bars)
        return fig

    def _show(self, reading: FocalReading) -> None:
        self.curve.set_data(reading.grid, np.minimum(reading.curve, 1.05 * FOCAL_TOP_NATS))
        set_clamped_marker(self.marker, reading.p_t, reading.loss, FOCAL_TOP_NATS)
        total = sum(reading.group_losses.values())
        for bar, group in zip(self.bars, IMBALANCED_BATCH, strict=True):
            bar.set_width(100 * reading.group_losses[group] / total)

    def _web_stops(self, controls):
        # The chapter's question: how much does each gamma keep of an easy or a hard example?
        return {
            "gamma": self._stops_with_current("gamma", (0.0, 0.5, 1.0, 2.0, 3.0, 5.0)),
            "p_t": self._stops_with_current("p_t", (0.05, 0.2, 0.5, 0.8, 0.95)),
        }

    def _controls(self, widgets):
        style = {"description_width": "8em"}
        return {
            "gamma": widgets.FloatSlider(value=self.params["gamma"], min=0.0, max=5.0, step=0.1,
                                         description="gamma γ", style=style),
            "p_t": widgets.FloatSlider(value=self.params["p_t"], min=0.01, max=0.99, step=0.01,
                                       description="p_t (true class)", style=style),
        }


def focal_curves(gammas=(0.0, 0.5, 1.0, 2.0, 5.0), *, title: str | None = None):
    """A static figure of the focal loss for several ``gamma``, for readers without a kernel.

    Left: the loss against ``p_t``, one curve per ``gamma``. Right: the easy
    examples' share of the loss of the batch :data:`~lossutils.explorers.focal.IMBALANCED_BATCH` as
    ``gamma`` grows from 0 to 5, with the given values marked.

    Args:
        gammas: the focusing parameters, each >= 0, one curve each.
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Example:

    >>> fig = focal_curves()
    >>> fig.axes[0].get_legend().get_texts()[3].get_text()
    'γ = 2'

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    check_nonempty_sequence(gammas, "gammas", "numbers")
    gammas = [check_scalar(g, "gammas", low=0.0) for g in gammas]
    if title is None:
        title = "The larger gamma, the less an easy example counts"
    fig, (ax_loss, ax_share) = new_figure(1, 2, height=3.4, title=title)
    _loss_axes(ax_loss)
    for gamma, color in zip(gammas, class_colors(len(gammas)), strict=True):
        ax_loss.plot(FOCAL_GRID, np.minimum(_focal(gamma, FOCAL_GRID), 1.05 * FOCAL_TOP_NATS),
                     color=color, label=f"γ = {gamma:g}")
    ax_loss.legend(loc="upper right", fontsize=8)
    sweep = np.linspace(0.0, max(5.0, *gammas), 101)
    shares = [100 * focal_reading(g, 0.5).easy_share for g in sweep]
    ax_share.plot(sweep, shares, color=PREDICTION)
    for gamma, color in zip(gammas, class_colors(len(gammas)), strict=True):
        ax_share.plot([gamma], [100 * focal_reading(gamma, 0.5).easy_share], "o", color=color, zorder=3,
                      clip_on=False)
    ax_share.set_ylim(0, 100)
    ax_share.set_xlim(sweep[0], sweep[-1])
    count_easy, p_easy = IMBALANCED_BATCH["easy"]
    count_hard, p_hard = IMBALANCED_BATCH["hard"]
    label(ax_share, x="gamma γ", y="easy examples' share of the loss", unit="%")
    ax_share.set_title(f"{count_easy} easy (p_t = {p_easy:g}), {count_hard} hard (p_t = {p_hard:g})",
                       fontsize=9)
    return fig

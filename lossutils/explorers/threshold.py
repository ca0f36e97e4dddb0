"""The threshold explorer: one trained hinge model's outputs, read as an accuracy three ways.

:class:`~lossutils.explorers.ThresholdExplorer`: the hinge (or squared hinge) model of the
chapter *Choosing a loss*, trained from seed 1 on the two circles with labels -1 and +1 and a
``tanh`` output, and its 500 outputs on the test rows (:func:`trained_outputs`). The learner
moves a threshold ``t``. Left: the outputs, stacked by label. Right: the accuracy that
``keras.metrics.BinaryAccuracy(threshold=t)`` reports for every ``t``, once against the labels
-1/+1 the model was trained on (Keras 3's ``'accuracy'`` is the one at ``t = 0.5``) and once
against the same labels written 0/1; beside them the two readings that take no threshold:
Keras 2.3's ``binary_accuracy``, ``mean(y == round(output))``, which the article ran, and the
sign accuracy, what a hinge model predicts (erratum B5).

Against the labels -1/+1 no threshold helps: an output becomes 0 or 1, which a label of -1
never equals, so the reading can never pass the share of +1 labels. Against 0/1 labels the
threshold 0 gives the sign accuracy.

It has a pure reading function (:func:`threshold_reading`) and a static figure for readers
of the website (:func:`threshold_readings`).

Example:

>>> r = threshold_reading(threshold=0.5, model="hinge")
>>> round(r.labels_signed, 3), round(r.round_rule, 3), round(r.sign, 3)
(0.402, 0.758, 0.852)
>>> round(threshold_reading(threshold=0.0).labels_zero_one, 3)  # the sign accuracy again
0.852
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass

import numpy as np

from .._validation import check_nonempty_sequence, check_scalar
from ..plotting import (
    BLUE,
    BLUISH_GREEN,
    HIGHLIGHT,
    ORANGE,
    REDDISH_PURPLE,
    REFERENCE,
    label,
    legend_below,
    new_figure,
)
from .base import Explorer

__all__ = ["ThresholdReading", "threshold_reading", "ThresholdExplorer", "threshold_readings",
           "trained_outputs", "test_labels", "MODELS"]

#: The models whose outputs the explorer offers, by the name of their experiment.
MODELS = ("hinge", "squared_hinge")
#: Their names as the figures write them.
MODEL_NAMES = {"hinge": "hinge", "squared_hinge": "squared hinge"}
#: The thresholds of the curves: -1 to 1 in steps of 0.005.
THRESHOLDS = np.round(np.linspace(-1.0, 1.0, 401), 3)
THRESHOLDS.flags.writeable = False
#: The histogram's bins: 40 of width 0.05 over the range of ``tanh``.
BIN_EDGES = np.round(np.linspace(-1.0, 1.0, 41), 2)
#: Colours of the labels -1 and +1, and of the four readings, in every figure of this explorer.
LABEL_COLORS = {-1: ORANGE, 1: BLUE}
READING_STYLES = {"labels -1/+1": (REDDISH_PURPLE, "-"), "labels 0/1": (BLUISH_GREEN, "-"),
                  "Keras 2.3 round": (REFERENCE, "--"), "sign": ("0.2", ":")}

# The test outputs of the chapter's two models, trained by
# lossutils.articles.experiments.run_experiment(name, seed=1) and called on the test rows of
# circles_problem("-1/+1"): 500 float32 values each, little-endian, base64. The chapter
# trains the models again and checks that these are their outputs.
_OUTPUTS = {
    "hinge": (
        "ZsNRP4pGa7/YjuW+ePUEv4NYGz4pCVW/OfJov7XHfj/i/S0/tRt7P1bHcD9hhnq/zrhpv5r+fz9hKnQ/VPR+PzjCf7/U"
        "WXE/9m2vvpTsf7846H+/fPp/P2j8fz/gnBO9mUUZPto5eL8gz3O/owQUPxLkBj9Z83+/BYp/P20gfT+T/38/5Td/P9Gk"
        "f79I8Xw/x/9/v1YtUb/7/38/zcV+v8/rf7+sf5a9ov1/P8/9fz9Zl32/7+5/vyTnf78bAqE+mN8jPYirfT/Ib38/7/1/"
        "P3oiM72XGDo/bFL7PoH/fz9gIsO+BHliv6Hxf7+4oKI+7X9+P9Xzfz/y/3+/Zf9/v8SETj8AAIA/p5t/P/r/f78Xb2+/"
        "vqZ/P9Ppf78tEX8/WM9/vwqXfz9cu3A/Q/t/P0VvUr4Q12+/AYg3v/FJFr62138/TVh3v7Kher+bpH+/F15wv7VXdb/g"
        "TXw/YPJ7P1W4Ir9+93+/ZEV9vwBdVr8dtgw8YtF/P5V9f78W0Vs/gfV/vwNmf7+Q738/CggOvtLreb/X/3+/v8V/P1TZ"
        "fz+e8n+/E3W1vnLpZb/zCw2+Rht4P96JTj/pbXu/h/l/P9Myf7+ibHa/4K1/v6pNdb9Ws22/vvt/vwCnqj4R9n+/0vAQ"
        "vzwz8b1Z/H8/59t+P09I5b7r/38/Pv9/v/Drdr8M+X8/MP1/P3vue79Y+X8/seN/vyYpOr15UWM/Y2FfP/xkfz/o/n8/"
        "NeitPk/FaD+ankC/b+F+P+WxZz+ALn0/rNBsP3mhd7+HWny/lDxVPvhqKz+LSX6/VvR/v1zOfz9roXw/iZJ/P/b6f78e"
        "2H8/kdN/P4Wnf7/e/n+/hcl7vwTjfz82O3w/wNZ/v69CdT/V/n+//85/P3IwWT83FR4/YHleP413f7+EFSA/pdR/P3XN"
        "fz8AAIA/x0UkP870Rj/n/3+/Y95BPZYFZL/zX2Y/jP9/P4Xxtbu0EX+/Sfp9P2S+f7+xL+e+r9N/v16dfT9gTWm//9F7"
        "v5Lxf7+yb3U/zI/JPYgbdT9T/3+/C8dzP37+fz/9/3+/hC89vzPWfz/gxyu/mf1/vyy1bT/n1H8/XHN/P0jhfb9/5so+"
        "8oJ9v/DSZ78tQKS+j/9/P85qyb7JNHa/t/1YP4vw0b4L638/+/9/P8XRQj8i6gQ/+zN/Pxhjq77wR38/8Pd/P0HEfz/2"
        "pgw+ZRBWv2PZfz8xJWg/OGZ5v8RGf78e9n+/OZkoP8z4f79lVn+/TDp/vw76fz+YA30/AACAv7Ixez9kFnq/43t7P45w"
        "aL/in3S/EKJ+v55CI78k7m8/KbxbP5Pwf79Pj38/CNd/P89Qfz9dsX8/W0tvP1GSfz9Cz3+/Rwp7v1Vgf7+SkZu+qiYL"
        "P9Hyf79QTn8/kP9/vz2ffz9s/X8/1hd8P16wdL+m/38/YZ0xv23+fz86Cng/56Z+vxpecz+D6x6/fKZdv+qQfj8xT3M/"
        "ZtR/v1pjQr+TwTQ/7DyZvJj/fz95hnY/JM0evzr9QL+O/38/n/9/vzyH/D71PX8/NWrKPkr8fj+yxH+/dP9/v+f6fz8R"
        "KX6/F5RCv39M6b1LwH+/4HJ8vwb3fz9uZn8/Rvt/P9H0fz8Utnw/2UR8P4nAGj9l3X8/O/t/PyfYfz+R0Xo/tnBjP/f8"
        "f7/KC30/M1QMv+u0Nz9zblS/JP99P83unD7MpnQ/sv5/P8YUkL6w0d4+M/J/v2WeHD4rSVA/tWv8vqR6f78qXH8/t7Jv"
        "PwTCOr/atXq/Ev9/P2sAI7+iE3m/ss2OPnX+fz+mQmG/0tp4P7nsfz9Tdra+rfh+v461fr9KGq68d6l5v+b/f7+XxgU+"
        "aP9/v7dYI7+dJX6/Hcd6P8DmR7/2138/qUSVvvb/fz8l+X8/+eBxPzfXej+hz3y/+w5/Py+efz8x/n8/K/1/Pyeyfz83"
        "qhg/xuJ/P4Hror7n/38/gvR+P4MkVL/Q/3+/BQqQvZ3deL/5b2K/wP9/Pw6VJ79FRX8/6wyWvlDAfD/QXHK/qUd5P0qt"
        "fT+9b6K+JDhgv3XLWT9Vd3E/+/9/v4Ksf7/n/38/J7t/v5l6ej9yt1A/gdZ/v3OdcT8IPWu/6r/Ivpqrfz8GFXu/QsQE"
        "PLH+fz/M838/YkVTP6//f7+dR3q/xlJ7P/z/f7+9+38/EcLOPuEcfb9OV3q/tf9fv/v1P782w3+/Gfx/P5drfT+FHHU/"
        "vxszP8PCfD86zV2/zfx/P8DSHTwMFXs/gP9/v81HRr+jWS8/AACAvxzAf78td6m+gfZxv0K7Zj89Vn8/LLtzP4KQcj8p"
        "W3q/bH1qv9OCf7/13Di/4+V/Pxr9fz+l+n8/VDVzP2ZuMj4X2H+/5k2/PuyWR75CGHU/TTV5v96/VT/Q/H+/CKgyP7X/"
        "fz/+/n4/RK5bv3G+bL9N8H+/lO1/P2f+fz9pmn0/AACAP3FAsD74yHy//KFGPnZFfr9pJnm/gt9/v5L+fz9UJla/q/B/"
        "P0zHfT/Ctn+/ecp9P7OfdL9P83u/F2mCvloqfT/z88y+6aF3v4IkYD+88n+/UmlGPl/3f79IcBE/rgzuvd2pRD4Tpn+/"
        "Jxh/vw7Sfz+PYEc/CZ9+PzlMUj+LoGG/y0Bav4qoED7dzXk/FI9avyGqTz1ncAM/N+J/P9Hzf7+i+X8/agMVv6r8f78="
    ),
    "squared_hinge": (
        "2ibVPlRxXr+FYyu+EjFLvscIIT52eZW90/gWv3K5WD/3aEg+j7k2P2zKQT4G9j+/RDP3vjm8ez9zkCs/DpNBPzToUb/9"
        "kx4/CZy1vlzCbb9fvG6/LKV4PxKneD8K44W+PJmKPnp5S78RZSu/KHvJPru5nD6JZHm/lm9fP8LNVT/lo3w/EApZPyXV"
        "UL8AJE4/NAJ7v6QliL6oi38/7dJPvy4zZ7/f0oG++dF7P19qeT8C9xy/5/xwv8Zwbr+4woU+AG58vQblLj+GfWs/evp1"
        "P7cdkb5hBhs+61GIPh2BfT+xmCa+S6nQvriqeb+UlnI+hIFlPwvQcj/Dln2/cXJ9vxB2DD8wuX8/IbdkP/SNfr9ueji/"
        "FoRrP/mcbr91Hxg/cz1Rv/8Icz95ghk/AoV3Pz57j7wU8h+/YEGdvonrq7wFVng/pbEKvzEiM7/kA3K/dkYSvxFyyr6R"
        "OT4/4Ck1PzWUAL/EzHu/T/kMv9Y5c75qTV2+IQRqP3kWab8/TMQ+qAZ5vw+xaL+9Kmo/P9aGPcw3Mb9P7n2/J9x2P075"
        "YD+zbHW/2CK6vmdNnr5b5Zi+hmcuP/5bST4IdFW/ISR4PzP5aL+AUSS/VRhgv76z0L4zbbS+/n17v+lesD7Xv2e/4iqp"
        "vqdvozvhKH0/tcZZP4jczr5NXH8/J5R9v9vF1r5lXHw/cex6PwRoGL9rV24/eG10v73YTz5DNZM+2ymSPhANYz8+sXs/"
        "XSrMPg9Xvj61twm/xqpoP5sG5j4Rg1g/abMVP3NbKL9Svj2/4lksPupBlT6HmWK/6fR2v1zrcD8cFDQ/9gpePyWHer/I"
        "8Xg/4VpdP3dscL/iqXu/0D3zvhIdbz87bWY/pgh3v496MD94DX2/Hh9oP8jEEj+XU+A+e1HrPjxdbL+SC2s9t6BsP/lb"
        "dz/TbH8/jr7KPv5meL4HTH+/SRY7vtB6P76g86M+uKF8P3lUAz1LLVy/f/JrP+RPcL+xdcm+DNlcvz5dKz8oJBa/HNRT"
        "v+r1bL+HqTU/mx5avlAi8j4jPny/RsDSPhjSez+RPX+/2tq6vg4+bT99lZy9x+R8v4D8xD7vsV8/MPpjPxwyYL8iZ7e9"
        "g/ddv2pFML8C8Q+/qIx8P5cDO7/juBm/Ir6QPnCnyb25JXY/2Yt/PyBNpD5GruU+4Q5eP6q5Kr1o8V4/M7pmPzfMaT/U"
        "Cdo+BXw0v2kKXz9yfiI/LJNNvwGEZr/ib3m/R6xZPq3ydL/EhFi/hSFnv9ALdj8LQSY/dzF/v3VTMT8hDk2/hoIXP+kZ"
        "/r5aqB6/7HVXv0uVir6JQAQ+PlaCPu/ud7/c2Vo/No9uP+6xSD/Ls2c/4VYbP6TbUD/ROGq/z49Ov80KW7+hkQm/jjhd"
        "PheEdr+WjS8/VFd7v2D7Zj+fo30/I7JPP73M8L7+sn4/Zgz2vu7xdj+DUUA/QHRkv0t2MD9Z4Fy9zxP0vlqsaT99QEQ/"
        "rlRqvyusCL+SuMw+gEpaPZCkej/aMj8/PljcvhA2Fb8HxX4/Ky1+v60x9D4OIR8/IFQyvduGcT+2TG+/fhV9v7jyeT/n"
        "jGS/EqQCvsKKDL/qRXS/hexSv20FdT8vk0w/2zNtP2/KbD9mJiU/ZLqpPpxvez5v+Gs/h8p4P7L5aj9sQk4/hj0JP6Ou"
        "eb+WQR4/dm+9u89h9T78kx+/x79lP6I4Ej/ub+4+Jux3P/z4q77F/B4++EJ1vx52Lr6o2sQ+uyvgvlkHWr/HaV0/4EAy"
        "P22uDb+yKjG/x/p1P08OF7+N0Eu/n6LYPoYRdz/3QAG/P5kPP3kZcz/iXiC+QiJkv/AUVL8+9Zc+MEdEv1MCfL8+bna8"
        "Rs1+v7AX9b69AGe/qG8TP2+o/L6diU8/sXCrvjV3fz8iqHs/QhMJP1fFSD8Hzze/L9c1P24+Zz8EAnw/hAV4P9o6bz9y"
        "57Y+fZdyP1EoX74nZH4/cKRSP5iFX77kNHu/G8YHv4QzEb9WCtu+r/l9PwUE+b6adWA/cr1MvpSrNj+lkD6/fq1GP/xv"
        "TT9mf56+7nTivkhmDj8yty8/txd+v2o1ZL+h+Hw//j1xv5T6OD9r/QM/gY58v0BXDT8xD1m+pManvnEDaD+n8zG/w9z6"
        "PeSUdz89d3k/0FbtPoUKfr8oDUa/WIUaPy5of7+DRHc/KzTMvK+7Wr8Ubw6/YTOevn1zs76bDHG/VEhvP2IvTD9rVig/"
        "zf/HPfESIz9Fjg6/94h7P972ML4TKzA/vz15vwGnv75/nri+2pt/v6DPbr/8y4m+zCouv9YwJz/eP0c/x75BP1T+Oj+R"
        "iju/b2vTvg3yX7986eq+1CRzP+YEeT+RHnc/R0woP+8rFT4jenS/iN68PtMtzT3pkDI/tAU/v8XhZj4Kany/tx3oPfpx"
        "ez9edkk/ubu9vsNOXb8lAXS/O514P/woej/7dVY/eTJ/P+95qT74yEC/UxC2PA0mJr9RVEq/HlRrv9jOfT96eBC/jWty"
        "P2H8Vz8O5nW/2DdPPwzLCL9RmUG/wjypvhNWJz9o+Qu+0Qskv7LyDD/Hfni/4iE7Puj3ar9Ylr8+JeJOvRyjyb6LcWy/"
        "ZixQv/Uaaj+5Guo+fg9TPytKuT6CuiW//5sev3jyKLwZa0o/HVAkvx8ykb49TqI+LT5xPxQzab8zNnk/N9Bivv7qd78="
    ),
}


@functools.cache
def trained_outputs(model: str = "hinge") -> np.ndarray:
    """The 500 test outputs of the chapter's ``model`` trained from seed 1 (read-only float32).

    They are the outputs of ``lossutils.articles.experiments.run_experiment(model, seed=1).model`` on the
    test rows of ``circles_problem("-1/+1")``, kept here so that the explorer needs no training.

    Args:
        model: ``"hinge"`` or ``"squared_hinge"``.

    Raises:
        ValueError: ``model`` is neither ``"hinge"`` nor ``"squared_hinge"``.

    Example:

    >>> outputs = trained_outputs("hinge")
    >>> outputs.shape, outputs.dtype, float(outputs.min()), float(outputs.max())
    ((500,), dtype('float32'), -1.0, 1.0)

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    if model not in MODELS:
        raise ValueError(f"`model` must be one of {MODELS}; received {model!r}.")
    outputs = np.frombuffer(base64.b64decode("".join(_OUTPUTS[model])), dtype="<f4").astype(np.float32)
    outputs.flags.writeable = False
    return outputs


@functools.cache
def test_labels() -> np.ndarray:
    """The labels -1 and +1 of the two circles' 500 test rows (read-only float64)."""
    from ..articles.experiments import circles_problem  # scikit-learn is imported only now

    labels = np.array(circles_problem("-1/+1").y_test)
    labels.flags.writeable = False
    return labels


test_labels.__test__ = False  # a function of the module, not a test for pytest to collect


@dataclass(frozen=True)
class ThresholdReading:
    """Everything the threshold explorer shows for one setting.

    Attributes:
        model: ``"hinge"`` or ``"squared_hinge"``.
        threshold: the threshold ``t``.
        labels_signed: what ``BinaryAccuracy(threshold=t)`` reports against the labels -1/+1:
            the share of outputs whose 0/1 value ``output > t`` equals the label. Only +1
            labels can match; at ``t = 0.5`` it is Keras 3's ``'accuracy'``.
        labels_zero_one: what ``BinaryAccuracy(threshold=t)`` reports against the same labels
            written 0/1: the share of outputs on the label's side of ``t``.
        round_rule: Keras 2.3's ``binary_accuracy``, ``mean(y == round(output))``: right when
            the sign is the label's and ``|output| > 0.5``. It takes no threshold.
        sign: the sign accuracy, ``mean(sign(output) == y)``. It takes no threshold.
        share_positive: the share of +1 labels, which ``labels_signed`` cannot pass.
        outputs: the model's 500 test outputs; ``labels``: their labels.
        thresholds: the thresholds of the curves; ``signed_curve``, ``zero_one_curve``:
            ``labels_signed`` and ``labels_zero_one`` at each of them.
    """

    model: str
    threshold: float
    labels_signed: float
    labels_zero_one: float
    round_rule: float
    sign: float
    share_positive: float
    outputs: np.ndarray
    labels: np.ndarray
    thresholds: np.ndarray
    signed_curve: np.ndarray
    zero_one_curve: np.ndarray


def _readings(outputs: np.ndarray, labels: np.ndarray,
              thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both thresholded readings at every threshold, as Keras compares: ``output > t`` in float32."""
    cuts = thresholds.astype(np.float32)
    positive_outputs, negative_outputs = np.sort(outputs[labels > 0]), np.sort(outputs[labels < 0])
    # How many outputs of each label lie above each threshold.
    positives_above = len(positive_outputs) - np.searchsorted(positive_outputs, cuts, side="right")
    negatives_above = len(negative_outputs) - np.searchsorted(negative_outputs, cuts, side="right")
    n = len(outputs)
    return positives_above / n, (positives_above + len(negative_outputs) - negatives_above) / n


@functools.cache
def _curves(model: str) -> tuple[np.ndarray, np.ndarray]:
    """The two curves of one model, computed once."""
    curves = _readings(trained_outputs(model), test_labels(), THRESHOLDS)
    for values in curves:
        values.flags.writeable = False
    return curves


def threshold_reading(threshold=0.5, model="hinge") -> ThresholdReading:
    """The four accuracy readings of one model's test outputs at the threshold ``threshold``.

    Pure NumPy: no figure and no TensorFlow is involved. The chapter and the tests check each
    reading against Keras's ``BinaryAccuracy``.

    Args:
        threshold: the threshold ``t``, a number from -1 to 1 (the range of ``tanh``).
        model: ``"hinge"`` or ``"squared_hinge"``, the chapter's models of seed 1.

    Returns:
        A :class:`~lossutils.explorers.ThresholdReading`.

    Raises:
        TypeError: ``threshold`` is not a real number.
        ValueError: ``threshold`` is outside [-1, 1], or ``model`` is neither ``"hinge"`` nor
            ``"squared_hinge"``.

    Example:

    >>> r = threshold_reading(threshold=-0.5, model="squared_hinge")
    >>> round(r.labels_signed, 3), round(r.share_positive, 3)
    (0.48, 0.504)
    """
    threshold = check_scalar(threshold, "threshold", low=-1.0, high=1.0)
    outputs = trained_outputs(model)  # checks `model`
    labels = test_labels()
    signed, zero_one = _readings(outputs, labels, np.array([threshold]))
    signed_curve, zero_one_curve = _curves(model)
    return ThresholdReading(
        model=model, threshold=threshold,
        labels_signed=float(signed[0]), labels_zero_one=float(zero_one[0]),
        round_rule=float(np.mean(np.round(outputs) == labels)),
        sign=float(np.mean(np.sign(outputs) == labels)),
        share_positive=float(np.mean(labels > 0)),
        outputs=outputs, labels=labels,
        thresholds=THRESHOLDS, signed_curve=signed_curve, zero_one_curve=zero_one_curve,
    )


def _stacked_counts(reading: ThresholdReading) -> dict[int, np.ndarray]:
    """How many outputs of each label fall in each bin."""
    return {value: np.histogram(reading.outputs[reading.labels == value], bins=BIN_EDGES)[0]
            for value in (-1, 1)}


@functools.cache
def _tallest_bin() -> int:
    """The tallest stacked bin of either model, so that both histograms share one scale."""
    return max(int(sum(_stacked_counts(threshold_reading(0.0, model)).values()).max()) for model in MODELS)


def _draw_outputs(ax, reading: ThresholdReading) -> dict:
    """The outputs as a histogram stacked by label, the round rule's dead band shaded; returns
    the bars by label."""
    ax.axvspan(-0.5, 0.5, color="0.92", zorder=0, label="Keras 2.3 rounds to 0: wrong for either label")
    bars = {value: ax.bar(BIN_EDGES[:-1], np.zeros(len(BIN_EDGES) - 1), width=np.diff(BIN_EDGES),
                          align="edge", color=LABEL_COLORS[value], label=f"label {value:+d}", linewidth=0)
            for value in (-1, 1)}
    _show_outputs(bars, reading)
    ax.set_xlim(-1.0, 1.0)
    ax.set_ylim(0, 1.08 * _tallest_bin())
    label(ax, x="model output (tanh)", y="test rows")
    return bars


def _show_outputs(bars: dict, reading: ThresholdReading) -> None:
    """Stacks the bars to the counts of ``reading``'s outputs, the label -1 at the bottom."""
    bottom = np.zeros(len(BIN_EDGES) - 1)
    for value, counts in _stacked_counts(reading).items():
        for bar, base, count in zip(bars[value], bottom, counts, strict=True):
            bar.set_y(base)
            bar.set_height(count)
        bottom = bottom + counts


def _draw_curves(ax, reading: ThresholdReading) -> dict:
    """The readings against the threshold; returns the artists by reading name."""
    artists = {}
    for name in ("labels -1/+1", "labels 0/1"):
        color, style = READING_STYLES[name]
        (artists[name],) = ax.plot(reading.thresholds, np.zeros(len(reading.thresholds)), color=color,
                                   linestyle=style, label=f"BinaryAccuracy(threshold=t), {name}")
    for name in ("Keras 2.3 round", "sign"):
        color, style = READING_STYLES[name]
        artists[name] = ax.axhline(0.0, color=color, linestyle=style, linewidth=1.2,
                                   label="Keras 2.3's round rule" if name != "sign" else "sign accuracy")
    _show_curves(artists, reading)
    ax.axhline(reading.share_positive, color=REFERENCE, linestyle=(0, (1, 3)), linewidth=1,
               label="share of +1 labels")
    ax.set_xlim(-1.0, 1.0)
    ax.set_ylim(0, 1.0)
    label(ax, x="threshold t", y="accuracy on the test rows")
    return artists


def _show_curves(artists: dict, reading: ThresholdReading) -> None:
    """Sets the curves and the levels of the readings without a threshold to ``reading``'s model."""
    artists["labels -1/+1"].set_ydata(reading.signed_curve)
    artists["labels 0/1"].set_ydata(reading.zero_one_curve)
    artists["Keras 2.3 round"].set_ydata([reading.round_rule] * 2)
    artists["sign"].set_ydata([reading.sign] * 2)


def _label_lines(ax, reading: ThresholdReading) -> list:
    """The readings without a threshold, written on their horizontal lines (static figure only)."""
    return [ax.text(-0.97, value + 0.012, f"{name} {value:.3f}", fontsize=7.5, color="0.2", va="bottom")
            for name, value in (("sign", reading.sign), ("Keras 2.3 round", reading.round_rule))]


class ThresholdExplorer(Explorer):
    """A slider for the threshold of ``BinaryAccuracy`` over a trained hinge model's test outputs.

    Left: the model's 500 test outputs, stacked by label, with the threshold ``t`` drawn
    across them. Right: what ``BinaryAccuracy(threshold=t)`` reports against the labels
    -1/+1 and against the same labels written 0/1, for every ``t``, with the current one
    marked, beside Keras 2.3's round rule and the sign accuracy. Keras 3's ``'accuracy'``
    is the first curve at ``t = 0.5``.

    Args:
        threshold: the threshold ``t``; the slider offers -1 to 1. Default: 0.5, Keras's.
        model: ``"hinge"`` or ``"squared_hinge"``. Default: ``"hinge"``.

    Example:

    >>> explorer = ThresholdExplorer()
    >>> reading = explorer.update(threshold=0.0)
    >>> caption = explorer.describe(reading)  # the caption under the picture
    >>> caption.split(" (")[0]
    'Hinge model, t = +0.00: BinaryAccuracy(threshold=t) reads 0.442 against the labels -1/+1'

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """

    def __init__(self, threshold: float = 0.5, model: str = "hinge") -> None:
        super().__init__(threshold=threshold, model=model)

    compute = staticmethod(threshold_reading)  # the pure computation behind the figure

    def describe(self, reading: ThresholdReading) -> str:
        """The caption and alt text: the model, the threshold and the four readings."""
        return (
            f"{MODEL_NAMES[reading.model].capitalize()} model, t = {reading.threshold:+.2f}: "
            f"BinaryAccuracy(threshold=t) reads {reading.labels_signed:.3f} against the labels -1/+1 "
            f"(never above {reading.share_positive:.3f}, the share of +1 labels) and "
            f"{reading.labels_zero_one:.3f} against the same labels written 0/1. Without a threshold: "
            f"Keras 2.3's rounding {reading.round_rule:.3f}, the sign {reading.sign:.3f}. Left, the "
            f"500 test outputs stacked by label; right, the two BinaryAccuracy readings for every t from -1 "
            f"to 1, beside the rounding and the sign (flat lines)."
        )

    def _build(self, reading: ThresholdReading):
        title = "Against labels -1/+1 no threshold helps; against 0/1, t = 0 reads the sign"
        fig, (ax_outputs, ax_curves) = new_figure(1, 2, height=3.9, title=title)
        self.axes = (ax_outputs, ax_curves)
        # The model's outputs and curves, kept in the picture under the animated artists: that
        # picture is drawn again when the model changes (see _background_key).
        self.bars = _draw_outputs(ax_outputs, reading)
        self.curves = _draw_curves(ax_curves, reading)
        self._shown_model = reading.model
        # Above every curve (zorder 2), whichever model drew them last: blitting draws the
        # moving artists over the kept picture, and a full draw must agree.
        self.cut = ax_outputs.axvline(reading.threshold, color=HIGHLIGHT, linewidth=1.6, zorder=2.4)
        self.cut_on_curves = ax_curves.axvline(reading.threshold, color=HIGHLIGHT, linewidth=1.0, zorder=2.4)
        self.markers = {}
        for name in ("labels -1/+1", "labels 0/1"):
            (self.markers[name],) = ax_curves.plot([], [], "o", color=READING_STYLES[name][0], zorder=3)
        legend_below(fig, ax_outputs, ax_curves, ncols=3, fontsize=7.5)
        ax_outputs.set_title("The 500 test outputs, by label", fontsize=8.5)
        ax_curves.set_title("The accuracy read at every threshold", fontsize=8.5)
        self.animate(self.cut, self.cut_on_curves, *self.markers.values())
        return fig

    def _background_key(self):
        return self.params["model"]

    def _show(self, reading: ThresholdReading) -> None:
        if reading.model != self._shown_model:
            _show_outputs(self.bars, reading)
            _show_curves(self.curves, reading)
            self._shown_model = reading.model
        for artist in (self.cut, self.cut_on_curves):
            artist.set_xdata([reading.threshold] * 2)
        self.markers["labels -1/+1"].set_data([reading.threshold], [reading.labels_signed])
        self.markers["labels 0/1"].set_data([reading.threshold], [reading.labels_zero_one])

    def _web_stops(self, controls):
        return {
            "threshold": self._stops_with_current("threshold", (-0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75)),
            "model": list(MODELS),
        }

    def _controls(self, widgets):
        style = {"description_width": "6em"}
        return {
            "threshold": widgets.FloatSlider(value=self.params["threshold"], min=-1.0, max=1.0, step=0.05,
                                             description="threshold t", style=style),
            "model": widgets.ToggleButtons(options=[(MODEL_NAMES[m], m) for m in MODELS],
                                           value=self.params["model"], description="model", style=style),
        }


def threshold_readings(thresholds=(0.0, 0.5), *, title: str | None = None):
    """A static figure of the threshold explorer for both models, for readers without a kernel.

    Top row: each model's test outputs stacked by label, with the given thresholds drawn
    across them; bottom row: the readings against the threshold, marked at the given ones.

    Args:
        thresholds: the thresholds to mark, a non-empty sequence of numbers from -1 to 1.
        title: the figure title; say what to notice.

    Returns:
        The figure (a :class:`~lossutils.plotting.BookFigure`).

    Example:

    >>> fig = threshold_readings()
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['hinge', 'squared hinge']

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    check_nonempty_sequence(thresholds, "thresholds", "numbers")
    thresholds = [check_scalar(t, "thresholds", low=-1.0, high=1.0) for t in thresholds]
    fig, axes = new_figure(2, 2, height=6.0, title=title)
    for column, model in enumerate(MODELS):
        ax_outputs, ax_curves = axes[column], axes[2 + column]
        readings = [threshold_reading(t, model) for t in thresholds]
        _draw_outputs(ax_outputs, readings[0])
        _draw_curves(ax_curves, readings[0])
        _label_lines(ax_curves, readings[0])
        for reading in readings:
            ax_outputs.axvline(reading.threshold, color=HIGHLIGHT, linewidth=1.4)
            ax_curves.axvline(reading.threshold, color=HIGHLIGHT, linewidth=0.9)
            for name, value in (("labels -1/+1", reading.labels_signed),
                                ("labels 0/1", reading.labels_zero_one)):
                ax_curves.plot([reading.threshold], [value], "o", color=READING_STYLES[name][0], zorder=3)
                ax_curves.annotate(f"{value:.3f}", (reading.threshold, value), textcoords="offset points",
                                   xytext=(4, -11 if name == "labels -1/+1" else 4), fontsize=7)
        ax_outputs.set_title(MODEL_NAMES[model], fontsize=9)
    legend_below(fig, axes[0], axes[2], ncols=3, fontsize=7.5)
    return fig

"""CTC (Connectionist Temporal Classification) loss, as in Keras 3 on TensorFlow.

CTC scores an unsegmented label sequence (a word, a transcript) against a
longer sequence of per-frame class scores, without saying which frame is
which label: it sums the probabilities of every frame-by-frame alignment that
reads as the labels once repeats are merged and blanks removed. The sum runs
over a chain of states (a blank before, between and after the labels) with the
forward algorithm, in log space so that long sequences do not underflow.
"""

from __future__ import annotations

import numpy as np

from .._numerics import log_softmax
from .._validation import as_numeric_array, keras_compute_dtype
from ._common import logsumexp

__all__ = ["ctc"]

#: The blank (and padding) index Keras passes to ``tf.nn.ctc_loss`` as ``mask_index``.
BLANK = 0

#: TensorFlow's stand-in for log(0) on the end states: ``log(1e-307)`` in float32.
LOG_ZERO_END = float(np.float32(np.log(1e-307)))


def _label_sequences(y_true, y_pred: np.ndarray) -> np.ndarray:
    """Validates ``(batch_size, max_length)`` integer labels padded with 0 at the end."""
    labels = as_numeric_array(y_true, "y_true")
    if labels.ndim != 2:
        raise ValueError(
            "`y_true` must hold integer label sequences of shape (batch_size, max_length), "
            f"padded with 0; received shape {labels.shape}."
        )
    if labels.shape[0] != y_pred.shape[0]:
        raise ValueError(
            f"`y_true` and `y_pred` must have the same batch size; received "
            f"y_true.shape={labels.shape} and y_pred.shape={y_pred.shape}."
        )
    if not np.all(np.mod(labels, 1) == 0):
        raise ValueError(
            "`y_true` must hold integer labels; received the non-integer value "
            f"{float(labels[np.mod(labels, 1) != 0][0])!r}."
        )
    labels = labels.astype(np.int64)
    n_classes = y_pred.shape[-1]
    if labels.min() < 0 or labels.max() >= n_classes:
        bad = labels.min() if labels.min() < 0 else labels.max()
        raise ValueError(
            f"`y_true` holds the label {int(bad)}, but `y_pred` scores {n_classes} classes: "
            f"labels must lie in [1, {n_classes - 1}], with 0 (the blank) as padding."
        )
    # Keras takes the first count_nonzero(row) entries as the sequence, so a 0
    # inside a row would silently become a blank "label" and drop the last one.
    padding = labels == BLANK
    if np.any(padding[:, :-1] & ~padding[:, 1:]):
        row = int(np.argmax(np.any(padding[:, :-1] & ~padding[:, 1:], axis=1)))
        raise ValueError(
            f"`y_true` row {row} ({labels[row].tolist()}) has a 0 before a label; 0 is the "
            "blank and may only pad the end of a row. Classes are 1, 2, ..., num_classes - 1."
        )
    return labels


def _states(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The chain blank, l1, blank, l2, ..., blank, and where a label may skip a blank.

    Returns the class each state emits, shape ``(batch_size, 2 * max_length + 1)``,
    and a mask of the label states that may be entered straight from the
    previous label (two states back), which is forbidden for a repeated label:
    "aa" must be read as a, blank, a.
    """
    batch, length = labels.shape
    emits = np.full((batch, 2 * length + 1), BLANK, dtype=np.int64)
    emits[:, 1::2] = labels
    may_skip = np.zeros(emits.shape, dtype=bool)
    may_skip[:, 3::2] = labels[:, 1:] != labels[:, :-1]
    return emits, may_skip


def _end_weights(lengths: np.ndarray, n_states: int, dtype) -> np.ndarray:
    """Log-weights of the states a path may end in: 0 for the proper two, else ~log(0).

    A proper path ends on the last label or the blank after it. TensorFlow
    gives every other end state the weight 1e-307 rather than 0, so the loss
    is ``-log(P + 1e-307 * P_short)``, ``P`` the exact probability and
    ``P_short`` that of the paths that stop short. An impossible labelling
    (too long for the frames) then costs ``706.89 - log(P_short)`` instead of
    infinity, and a possible one with ``P`` far below ``1e-307 * P_short`` is
    capped there too. The same weights are used here so the values match Keras.
    """
    weights = np.full((lengths.size, n_states), LOG_ZERO_END, dtype=dtype)
    rows = np.arange(lengths.size)
    weights[rows, 2 * lengths] = 0
    has_labels = lengths > 0
    weights[rows[has_labels], 2 * lengths[has_labels] - 1] = 0
    return weights


def ctc(y_true, y_pred):
    """CTC loss: minus the log-probability of the label sequence over all alignments.

    Formula: ``loss = -log(sum over alignments a of prod_t softmax(y_pred)[t, a_t])``,
    the alignments being the frame-by-frame class sequences that reduce to
    the labels once repeats are merged and blanks (class 0) removed.

    Frames: every sample uses all ``max_length`` frames of ``y_pred``. Labels:
    the nonzero entries of each row of ``y_true``.

    As in TensorFlow, paths that end anywhere but on the last label (or the
    blank after it) still count, with weight ``1e-307``. So the loss is at
    most ``706.89 - log(P_short)`` (``706.89 = -log(1e-307)``), where
    ``P_short`` is the probability of the paths that stop short; it is not
    bounded by 707. A label sequence that cannot fit the frames (each
    repeated label needs a blank in between) gets that finite value instead
    of infinity; so does a possible one whose exact loss would be higher,
    and in TensorFlow its gradient then vanishes.

    Args:
        y_true: integer label sequences of shape ``(batch_size, max_label_length)``,
            classes 1 to ``num_classes - 1``, padded with 0 at the end.
        y_pred: logits (NOT softmax probabilities) of shape
            ``(batch_size, max_length, num_classes)``; class 0 is the blank.

    Returns:
        One loss per sequence, shape ``(batch_size,)``.

    Example:

    >>> logits = np.log([[[0.1, 0.8, 0.1], [0.1, 0.1, 0.8]]], dtype=np.float32)  # 2 frames, 3 classes
    >>> ctc([[1, 2]], logits).round(4)  # only "1 2" reads as [1, 2]: -log(0.8 * 0.8)
    array([0.4463], dtype=float32)
    >>> ctc([[1, 0]], logits).round(4)  # "1 1", "1 -", "- 1": -log(0.08 + 0.08 + 0.01)
    array([1.772], dtype=float32)

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    dtype = keras_compute_dtype(y_pred)
    logits = as_numeric_array(y_pred, "y_pred", dtype)
    if logits.ndim != 3:
        raise ValueError(
            "`y_pred` must hold logits of shape (batch_size, max_length, num_classes); "
            f"received shape {logits.shape}."
        )
    labels = _label_sequences(y_true, logits)
    emits, may_skip = _states(labels)
    log_probs = log_softmax(logits, axis=-1)
    # Emission log-probabilities of each state at each frame: (batch, frames, states).
    emitted = np.take_along_axis(log_probs, emits[:, np.newaxis, :], axis=-1)

    n_states = emits.shape[1]
    alpha = np.full((labels.shape[0], n_states), -np.inf, dtype=dtype)
    alpha[:, :2] = emitted[:, 0, :2]  # start on the first blank or the first label
    for t in range(1, logits.shape[1]):
        stay = alpha
        advance = np.pad(alpha[:, :-1], ((0, 0), (1, 0)), constant_values=-np.inf)
        skip = np.pad(alpha[:, :-2], ((0, 0), (2, 0)), constant_values=-np.inf)
        skip = np.where(may_skip, skip, -np.inf)
        alpha = logsumexp(np.stack([stay, advance, skip]), axis=0) + emitted[:, t]

    ends = _end_weights(np.count_nonzero(labels, axis=1), n_states, dtype)
    return (-logsumexp(alpha + ends, axis=1)).astype(dtype)

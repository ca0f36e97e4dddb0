"""Circle loss (Sun et al., 2020) for metric learning, as in Keras 3.

Here ``y_pred`` is not a prediction of ``y_true`` but a batch of embeddings,
one unit-length row per example, and ``y_true`` their integer labels. The loss
pulls embeddings with the same label together and pushes the others apart,
each pair weighted by how far it is from where it should be.
"""

from __future__ import annotations

import numpy as np

from .._validation import as_numeric_array, check_scalar, keras_compute_dtype
from ._common import logsumexp

__all__ = ["circle"]

#: How far from 1 an embedding's length may be before it counts as not normalised.
UNIT_NORM_TOLERANCE = 1e-3


def _integer_labels(labels, name: str) -> np.ndarray:
    """Validates integer labels of shape (n,) or (n, 1) and returns them as shape (n,)."""
    labels = as_numeric_array(labels, name)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1:
        raise ValueError(
            f"`{name}` must hold one integer label per embedding, shape (n,) or (n, 1); "
            f"received shape {labels.shape}."
        )
    if not np.all(np.mod(labels, 1) == 0):
        raise ValueError(
            f"`{name}` must hold integer labels; received the non-integer value "
            f"{float(labels[np.mod(labels, 1) != 0][0])!r}."
        )
    return labels.astype(np.int64)


def _unit_embeddings(x, name: str, dtype) -> np.ndarray:
    """Validates a (n, dim) batch of unit-length embeddings."""
    x = as_numeric_array(x, name, dtype)
    if x.ndim != 2:
        raise ValueError(
            f"`{name}` must be a batch of embeddings of shape (n, dim); received shape {x.shape}."
        )
    norms = np.linalg.norm(x.astype(np.float64), axis=1)
    off = np.abs(norms - 1)
    if np.any(off > UNIT_NORM_TOLERANCE):
        row = int(np.argmax(off))
        raise ValueError(
            f"`{name}` must hold L2-normalised embeddings (rows of length 1); row {row} "
            f"has length {norms[row]:.6g}. Divide by np.linalg.norm(x, axis=1, "
            "keepdims=True), or end the model with keras.layers.UnitNormalization()."
        )
    return x


def circle(
    y_true,
    y_pred,
    ref_labels=None,
    ref_embeddings=None,
    remove_diagonal=True,
    gamma=80,
    margin=0.4,
):
    """Circle loss between integer labels and L2-normalised embeddings.

    Formula, for each embedding (anchor) with cosine distances ``d`` to the
    reference embeddings:
    ``loss = softplus(logsumexp(-gamma * a_p * (margin - d_p))
    + logsumexp(gamma * a_n * (1 - margin - d_n)))``,
    where ``d_p`` runs over the references with the anchor's label
    (positives), ``d_n`` over the others (negatives), and the weights
    ``a_p = max(margin + d_p, 0)``, ``a_n = max(1 + margin - d_n, 0)`` grow the
    further a pair is from its optimum. Distances are ``max(1 - cos, 0)``.
    An anchor with no positive or no negative in the references gets loss 0.

    The values are Keras's. Their gradients are not computed here, and differ
    between implementations: Keras differentiates through the weights
    ``a_p`` and ``a_n``, while pytorch-metric-learning's ``CircleLoss``
    holds them constant (it computes them from detached similarities).

    Args:
        y_true: integer labels, shape ``(batch_size,)`` or ``(batch_size, 1)``.
        y_pred: embeddings of unit length, shape ``(batch_size, dim)``.
        ref_labels: labels of the reference embeddings; defaults to ``y_true``.
        ref_embeddings: unit-length reference embeddings, shape ``(n, dim)``;
            defaults to ``y_pred`` (every pair within the batch).
        remove_diagonal: whether pair ``(i, i)`` is left out of the positives,
            so an embedding is not its own positive. As in Keras this drops
            the pairs ``(i, i)`` even when the references are another batch.
        gamma: scale (>= 0) of the similarities. Defaults to 80.
        margin: relaxation in [0, 1]: positives should be closer than
            ``margin``, negatives further than ``1 - margin``. Defaults to 0.4.

    Returns:
        One loss per embedding, shape ``(batch_size,)``.

    Example:

    >>> y_pred = [[1.0, 0.0], [0.96, 0.28], [0.0, 1.0], [0.28, 0.96]]
    >>> circle([0, 0, 1, 1], y_pred).round(3)  # same labels close, the classes apart
    array([0.   , 0.091, 0.   , 0.091], dtype=float32)
    >>> circle([0, 1, 0, 1], y_pred).round(1)  # the same points, labels mixed up
    array([128.1,  65.2, 128.1,  65.2], dtype=float32)
    >>> circle([0, 0, 1, 2], y_pred).round(3)  # classes 1 and 2 have no positive pair
    array([0.   , 0.091, 0.   , 0.   ], dtype=float32)

    Taught in: Specialised losses (book/specialised_losses.ipynb).
    """
    remove_diagonal = check_scalar(remove_diagonal, "remove_diagonal", "bool")
    gamma = check_scalar(gamma, "gamma", low=0.0)
    margin = check_scalar(margin, "margin", low=0.0, high=1.0)
    dtype = keras_compute_dtype(y_pred)
    y_pred = _unit_embeddings(y_pred, "y_pred", dtype)
    labels = _integer_labels(y_true, "y_true")
    _check_count(labels, y_pred, "y_true", "y_pred")
    refs = y_pred if ref_embeddings is None else _unit_embeddings(ref_embeddings, "ref_embeddings", dtype)
    ref_labels = labels if ref_labels is None else _integer_labels(ref_labels, "ref_labels")
    _check_count(ref_labels, refs, "ref_labels", "ref_embeddings" if ref_embeddings is not None else "y_pred")
    if refs.shape[1] != y_pred.shape[1]:
        raise ValueError(
            f"`ref_embeddings` must have the embedding size of `y_pred` ({y_pred.shape[1]}); "
            f"received shape {refs.shape}."
        )

    distance = np.maximum(1 - y_pred @ refs.T, 0)
    positive = labels[:, np.newaxis] == ref_labels[np.newaxis, :]
    negative = ~positive
    if remove_diagonal:
        positive &= ~np.eye(*positive.shape, dtype=bool)

    # Each pair is weighted by its distance from the optimum (distance -margin for a
    # positive, 1 + margin for a negative), so the worst pairs dominate.
    pos_weight = np.maximum((margin + distance) * positive, 0)
    neg_weight = np.maximum((1 + margin - distance) * negative, 0)
    pos_logits = -1 * gamma * pos_weight * (margin - distance)
    neg_logits = gamma * neg_weight * ((1 - margin) - distance)
    # A row with no positive (or no negative) sums nothing: log(0) = -inf, loss 0.
    total = logsumexp(np.where(positive, pos_logits, -np.inf), axis=1) + logsumexp(
        np.where(negative, neg_logits, -np.inf), axis=1
    )
    return np.logaddexp(0, total).astype(dtype)  # softplus; softplus(-inf) = 0


def _losses_that_count(losses: np.ndarray) -> np.ndarray:
    # Keras attaches the mask `loss > 0` to circle's output, so the Circle class
    # averages over the anchors whose loss is above 0: at the usual settings, those
    # that had a positive and a negative pair (any such anchor costs more than 0).
    return losses > 0


#: Read by :class:`~lossutils.losses.Loss`: which losses its reduction counts.
circle.keras_mask = _losses_that_count


def _check_count(labels: np.ndarray, embeddings: np.ndarray, labels_name: str, embeddings_name: str):
    if labels.shape[0] != embeddings.shape[0]:
        raise ValueError(
            f"`{labels_name}` must hold one label per row of `{embeddings_name}`; received "
            f"{labels.shape[0]} labels for {embeddings.shape[0]} embeddings."
        )

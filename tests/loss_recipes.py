"""What the registry-wide tests need to know about each loss: valid inputs and its Keras twin.

Every loss in ``lossutils.losses.registry.FUNCTIONS`` is tested the moment it is
registered (tests/test_bad_input.py, tests/test_losses_keras.py,
tests/test_losses_keras_extra.py, tests/test_scalar_arguments.py). What those
tests cannot guess about a loss is written here, in its :class:`Recipe`:

- ``keras``: the name of its counterpart in ``keras.losses``;
- ``example``: one small valid batch ``(y_true, y_pred, kwargs)``, float32, and
  ``example_shape``, the shape of the loss it gives;
- ``inputs``: a hypothesis strategy of valid ``(y_true, y_pred, kwargs)``, with
  both dtypes and the extremes (probabilities of 0 and 1, logits of +-100...);
- ``same_shape`` and ``mismatch``: whether ``y_true`` has the shape of
  ``y_pred``, else the error (a regex) when ``y_pred`` has one sample fewer.

A loss registered without a complete recipe makes :func:`recipe_for` fail the
test, saying what to add.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import DTYPES, floats_for, pair, zero_rows


@dataclasses.dataclass(frozen=True)
class Recipe:
    keras: str | None = None
    example: tuple[Any, Any, dict] | None = None
    example_shape: tuple[int, ...] | None = None
    inputs: st.SearchStrategy | None = None
    same_shape: bool = True
    mismatch: str | None = None  # regex; None: the "same shape" message, for same_shape recipes

    def mismatch_message(self, y_true, y_pred) -> str:
        """What the loss must say when ``y_pred`` (already cut) has fewer samples than ``y_true``."""
        if self.mismatch is not None:
            return self.mismatch
        return re.escape(
            f"`y_true` and `y_pred` must have the same shape; received "
            f"y_true.shape={np.shape(y_true)} and y_pred.shape={np.shape(y_pred)}."
        )


#: What each field of a recipe holds, for the message of a test that misses it.
FIELDS = {
    "keras": "keras=<the name of its counterpart in keras.losses>",
    "example": "example=(y_true, y_pred, kwargs), a small valid float32 batch",
    "example_shape": "example_shape=<the shape of the loss of that example>",
    "inputs": "inputs=<a hypothesis strategy of valid (y_true, y_pred, kwargs)>",
    "mismatch": "mismatch=<a regex of its error when y_pred has one sample fewer than y_true>",
}


def recipe_for(name: str) -> Recipe:
    """The recipe of the registered loss ``name``, or a failed test saying what to add."""
    recipe = RECIPES.get(name)
    if recipe is None:
        pytest.fail(
            f"The loss `{name}` is registered in lossutils.losses.registry.FUNCTIONS, but "
            f"tests/loss_recipes.py has no recipe for it. Add RECIPES[{name!r}] = Recipe("
            f"{', '.join(FIELDS[f] for f in ('keras', 'example', 'example_shape', 'inputs'))}), "
            f"and same_shape=False, {FIELDS['mismatch']} if y_true is not shaped like y_pred.",
            pytrace=False,
        )
    missing = [field for field in ("keras", "example", "example_shape", "inputs")
               if getattr(recipe, field) is None]
    if not recipe.same_shape and recipe.mismatch is None:
        missing.append("mismatch")
    if missing:
        pytest.fail(
            f"The recipe of `{name}` in tests/loss_recipes.py is incomplete: add "
            f"{'; '.join(FIELDS[field] for field in missing)} to RECIPES[{name!r}].",
            pytrace=False,
        )
    return recipe


# ------------------------------------------------------------ example batches
EXAMPLE_TRUE = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], np.float32)
EXAMPLE_PRED = np.array([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2], [0.9, 0.1, 0.0]], np.float32)
SAME_SHAPE = (EXAMPLE_TRUE, EXAMPLE_PRED, {})
LABELS = np.array([1, 0, 2])
# Label 2 has no positive pair: the Circle class leaves its zero loss out of the mean.
CIRCLE_ANGLES = np.array([0.0, 0.3, 1.6, 1.9, 3.0])
CIRCLE = (np.array([0, 0, 1, 1, 2]),
          np.stack([np.cos(CIRCLE_ANGLES), np.sin(CIRCLE_ANGLES)], 1).astype(np.float32), {})
CTC = (np.array([[1, 2, 0], [2, 0, 0]]),
       np.linspace(-2, 2, 2 * 4 * 3).reshape(2, 4, 3).astype(np.float32), {})
SPARSE_MISMATCH = (r"`y_true` must have the shape of `y_pred` without its class axis; "
                   r"received y_true.shape=\(3,\)")


# ------------------------------------------------------------- input strategies
def no_kwargs(kind, **options):
    return pair(kind, **options).map(lambda yy: (*yy, {}))


def axis_for(ndim):
    return st.integers(-ndim, ndim - 1)


@st.composite
def axes(draw, ndim):
    """What dice and tversky accept: None, an int, or a tuple of distinct axes."""
    kind = draw(st.sampled_from(["none", "int", "tuple"]))
    if kind == "none":
        return None
    if kind == "int":
        return draw(axis_for(ndim))
    chosen = draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True))
    return tuple(a - ndim if draw(st.booleans()) else a for a in chosen)


@st.composite
def huber_inputs(draw):
    return (*draw(pair("real")), {"delta": draw(st.floats(0.01, 100))})


@st.composite
def cosine_inputs(draw):
    y_true, y_pred = draw(pair("real"))
    y_true, y_pred = zero_rows(draw, y_true), zero_rows(draw, y_pred)
    return y_true, y_pred, {"axis": draw(axis_for(y_true.ndim))}


@st.composite
def binary_crossentropy_inputs(draw):
    from_logits = draw(st.booleans())
    y_true, y_pred = draw(pair("logits" if from_logits else "probability"))
    return y_true, y_pred, {"from_logits": from_logits,
                            "label_smoothing": draw(st.sampled_from([0.0, 0.1, 0.5, 1.0])),
                            "axis": draw(axis_for(y_true.ndim))}


@st.composite
def categorical_crossentropy_inputs(draw):
    from_logits = draw(st.booleans())
    y_true, y_pred = draw(pair("logits" if from_logits else "probability", min_last=2))
    # TensorFlow's softmax_cross_entropy_with_logits fails on negative axes other
    # than -1 (lossutils does not), so only the axes Keras handles are compared.
    axis = draw(st.sampled_from([-1, *range(y_true.ndim)]))
    if not from_logits:
        assume(np.all(y_pred.sum(axis=axis) > 0))  # an all-zero slice is no distribution
    return y_true, y_pred, {"from_logits": from_logits,
                            "label_smoothing": draw(st.sampled_from([0.0, 0.1, 0.5])), "axis": axis}


@st.composite
def sparse_inputs(draw):
    from_logits = draw(st.booleans())
    ignore = draw(st.sampled_from([None, -1, 0, 255]))
    _, y_pred = draw(pair("logits" if from_logits else "probability", min_last=2))
    labels = st.integers(0, y_pred.shape[-1] - 1)
    if ignore is not None:
        labels = st.one_of(labels, st.just(ignore))
    y_true = draw(hnp.arrays(np.int64, y_pred.shape[:-1], elements=labels))
    if draw(st.booleans()):  # a trailing axis of 1, as Keras accepts
        y_true = y_true[..., np.newaxis]
    return y_true, y_pred, {"from_logits": from_logits, "ignore_class": ignore}


@st.composite
def hinge_inputs(draw):
    _, y_pred = draw(pair("real"))
    labels = (0.0, 1.0) if draw(st.booleans()) else (-1.0, 1.0)
    y_true = draw(hnp.arrays(y_pred.dtype, y_pred.shape, elements=st.sampled_from(labels)))
    return y_true, y_pred, {}


@st.composite
def categorical_hinge_inputs(draw):
    _, y_pred = draw(pair("real", min_last=2))
    classes = draw(hnp.arrays(np.int64, y_pred.shape[:-1], elements=st.integers(0, y_pred.shape[-1] - 1)))
    return np.eye(y_pred.shape[-1], dtype=y_pred.dtype)[classes], y_pred, {}


GAMMAS = st.one_of(st.sampled_from([0.0, 1.0, 2.0, 5.0]), st.floats(0, 5))
SMOOTHING = st.sampled_from([0.0, 0.1, 0.5, 1.0])


@st.composite
def binary_focal_inputs(draw):
    from_logits = draw(st.booleans())
    y_true, y_pred = draw(pair("logits" if from_logits else "probability"))
    return y_true, y_pred, {"apply_class_balancing": draw(st.booleans()), "alpha": draw(st.floats(0, 1)),
                            "gamma": draw(GAMMAS), "from_logits": from_logits,
                            "label_smoothing": draw(SMOOTHING), "axis": draw(axis_for(y_true.ndim))}


@st.composite
def categorical_focal_inputs(draw):
    from_logits = draw(st.booleans())
    y_true, y_pred = draw(pair("logits" if from_logits else "probability", min_last=2))
    # Unlike categorical_crossentropy, Keras handles every axis here (softmax,
    # sum and clip only), so all of them are compared.
    axis = draw(axis_for(y_true.ndim))
    if not from_logits:
        assume(np.all(y_pred.sum(axis=axis) > 0))  # an all-zero slice is no distribution
    n_classes = y_pred.shape[-1]  # Keras broadcasts a per-class alpha along the LAST axis
    alpha = (draw(st.lists(st.floats(0, 4), min_size=n_classes, max_size=n_classes))
             if draw(st.booleans()) else draw(st.floats(0, 1)))
    return y_true, y_pred, {"alpha": alpha, "gamma": draw(GAMMAS), "from_logits": from_logits,
                            "label_smoothing": draw(SMOOTHING), "axis": axis}


# Below q = 0.01, float32's 1 - p**q cancels: TensorFlow's and NumPy's powers
# differ by one ulp (6e-8), which becomes 6e-8 / q in the loss, beyond the
# tolerance (and Keras's own value is no closer to the true one).
@st.composite
def generalized_inputs(draw):
    _, y_pred = draw(pair("probability", min_last=2))
    y_true = draw(hnp.arrays(np.int64, y_pred.shape[:-1], elements=st.integers(0, y_pred.shape[-1] - 1)))
    q = draw(st.one_of(st.sampled_from([0.01, 0.5, 0.99]), st.floats(0.01, 0.99)))
    return y_true, y_pred, {"q": q}


@st.composite
def dice_inputs(draw):
    y_true, y_pred = draw(pair("probability"))
    return y_true, y_pred, {"axis": draw(axes(y_true.ndim))}


@st.composite
def tversky_inputs(draw):
    y_true, y_pred = draw(pair("probability"))
    return y_true, y_pred, {"alpha": draw(st.floats(0, 2)), "beta": draw(st.floats(0, 2)),
                            "axis": draw(axes(y_true.ndim))}


@st.composite
def unit_embeddings(draw, n, dim, dtype):
    """``n`` unit-length rows; often repeated or opposite rows (cosine 1 or -1)."""
    raw = draw(hnp.arrays(np.float64, (n, dim), elements=st.floats(-1, 1)))
    assume(np.all(np.linalg.norm(raw, axis=1) > 0.1))
    x = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    if n > 1 and draw(st.booleans()):
        x[1] = x[0] if draw(st.booleans()) else -x[0]
    return x.astype(dtype)


@st.composite
def circle_inputs(draw):
    dtype, n, dim = draw(DTYPES), draw(st.integers(1, 6)), draw(st.integers(1, 5))
    labels = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, 2)))
    embeddings = draw(unit_embeddings(n, dim, dtype))
    kwargs = {"remove_diagonal": draw(st.booleans()), "gamma": draw(st.sampled_from([0.0, 1.0, 16.0, 80])),
              "margin": draw(st.floats(0, 1))}
    if draw(st.booleans()):
        m = draw(st.integers(1, 6))
        kwargs.update(ref_labels=draw(hnp.arrays(np.int64, (m,), elements=st.integers(0, 2))),
                      ref_embeddings=draw(unit_embeddings(m, dim, dtype)))
    return labels, embeddings, kwargs


@st.composite
def ctc_inputs(draw):
    """Logits (batch, frames, classes) and label rows padded with 0 at the end."""
    dtype = draw(DTYPES)
    batch, frames, n_classes = draw(st.integers(1, 4)), draw(st.integers(1, 6)), draw(st.integers(2, 5))
    max_length = draw(st.integers(1, 4))
    rows = []
    for _ in range(batch):
        # Lengths up to max_length, so some rows cannot fit the frames (Keras
        # then returns about 707, not infinity, and so do we).
        row = draw(st.lists(st.integers(1, n_classes - 1), max_size=max_length))
        rows.append(row + [0] * (max_length - len(row)))
    logits = draw(hnp.arrays(dtype, (batch, frames, n_classes),
                             elements=floats_for(dtype, -100, 100, (-100.0, 100.0, 0.0))))
    # Keras computes float64 CTC in float32 (tf.nn.ctc_loss has no float64
    # kernel); the float64 twin stays in float64, well within the tolerance.
    return np.array(rows, np.int64), logits, {}


# --------------------------------------------------------------------- recipes
def _same_shape(keras: str, inputs, example_shape=(3,), **options) -> Recipe:
    return Recipe(keras=keras, example=SAME_SHAPE, example_shape=example_shape, inputs=inputs, **options)


RECIPES: dict[str, Recipe] = {
    **{name: _same_shape(name, no_kwargs("real")) for name in (
        "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error", "log_cosh")},
    "huber": _same_shape("huber", huber_inputs()),
    "cosine_similarity": _same_shape("cosine_similarity", cosine_inputs()),
    "poisson": _same_shape("poisson", no_kwargs("counts")),
    "kl_divergence": _same_shape("kl_divergence", no_kwargs("probability")),
    "binary_crossentropy": _same_shape("binary_crossentropy", binary_crossentropy_inputs()),
    "categorical_crossentropy": _same_shape("categorical_crossentropy", categorical_crossentropy_inputs()),
    "sparse_categorical_crossentropy": Recipe(
        keras="sparse_categorical_crossentropy", example=(LABELS, EXAMPLE_PRED, {}), example_shape=(3,),
        inputs=sparse_inputs(), same_shape=False, mismatch=SPARSE_MISMATCH),
    "binary_focal_crossentropy": _same_shape("binary_focal_crossentropy", binary_focal_inputs()),
    "categorical_focal_crossentropy": _same_shape("categorical_focal_crossentropy",
                                                  categorical_focal_inputs()),
    "categorical_generalized_cross_entropy": Recipe(
        keras="categorical_generalized_cross_entropy", example=(LABELS, EXAMPLE_PRED, {"q": 0.5}),
        example_shape=(3,), inputs=generalized_inputs(), same_shape=False, mismatch=SPARSE_MISMATCH),
    "hinge": _same_shape("hinge", hinge_inputs()),
    "squared_hinge": _same_shape("squared_hinge", hinge_inputs()),
    "categorical_hinge": _same_shape("categorical_hinge", categorical_hinge_inputs()),
    "dice": _same_shape("dice", dice_inputs(), example_shape=()),
    "tversky": _same_shape("tversky", tversky_inputs(), example_shape=()),
    "circle": Recipe(
        keras="circle", example=CIRCLE, example_shape=(5,), inputs=circle_inputs(), same_shape=False,
        mismatch=r"`y_true` must hold one label per row of `y_pred`; received 5 labels for 4 embeddings"),
    "ctc": Recipe(
        keras="ctc", example=CTC, example_shape=(2,), inputs=ctc_inputs(), same_shape=False,
        mismatch=r"`y_true` and `y_pred` must have the same batch size; received y_true.shape=\(2, 3\) "
                 r"and y_pred.shape=\(1, 4, 3\)"),
}

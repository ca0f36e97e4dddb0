"""Behaviours of the focal, generalized, overlap, circle and CTC twins worth a test of their own.

Their agreement with Keras on random and extreme inputs is tested with every
other registered loss in ``test_losses_keras.py``. Here: special cases (gamma
= 0, unclipped logits, an impossible CTC labelling...), every loss class with
its reductions against Keras's, and bad input.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import given

keras = pytest.importorskip("keras")

from loss_recipes import recipe_for  # noqa: E402
from strategies import DTYPES, TOL, assert_agrees, keras_value, shapes  # noqa: E402

from lossutils import losses  # noqa: E402
from lossutils.losses.registry import CLASSES  # noqa: E402


# ------------------------------------------------------------------ focal losses
def test_focal_losses_with_gamma_0_are_the_cross_entropies():
    y_true = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], np.float32)
    y_pred = np.array([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2]], np.float32)
    np.testing.assert_allclose(losses.binary_focal_crossentropy(y_true, y_pred, gamma=0),
                               losses.binary_crossentropy(y_true, y_pred), rtol=1e-6)
    np.testing.assert_allclose(losses.categorical_focal_crossentropy(y_true, y_pred, alpha=1, gamma=0),
                               losses.categorical_crossentropy(y_true, y_pred), rtol=1e-6)


def test_binary_focal_with_logits_is_not_clipped_like_keras():
    # Keras keeps the logits on the sigmoid's output, so the cross-entropy of a
    # logit of -100 for class 1 is 100, not the clipped -log(1e-7) = 16.1.
    y_true, logits = np.array([[1.0]], np.float32), np.array([[-100.0]], np.float32)
    ours = losses.binary_focal_crossentropy(y_true, logits, gamma=0.0, from_logits=True)
    assert_agrees(ours, keras_value("binary_focal_crossentropy", y_true, logits, gamma=0.0, from_logits=True))
    np.testing.assert_allclose(ours, [100.0])


# ------------------------------------------------------ generalized cross-entropy
def test_generalized_cross_entropy_accepts_labels_with_a_trailing_axis():
    # Keras documents y_true of shape (batch, 1) but one-hot encodes it to
    # (batch, 1, classes), which broadcasts against y_pred to a (batch, batch)
    # result; so Keras is compared on (batch,) labels only (tests/loss_recipes.py).
    y_pred = np.array([[0.7, 0.3], [0.2, 0.8], [0.6, 0.4]], np.float32)
    flat = losses.categorical_generalized_cross_entropy(np.array([0, 1, 1]), y_pred, q=0.5)
    column = losses.categorical_generalized_cross_entropy(np.array([[0], [1], [1]]), y_pred, q=0.5)
    np.testing.assert_array_equal(flat, column)
    column_labels = np.array([[0], [1], [1]])
    assert keras_value("categorical_generalized_cross_entropy", column_labels, y_pred, 0.5).shape == (3, 3)


# --------------------------------------------------------------- overlap losses
def test_tversky_with_equal_halves_is_dice():
    y_true, y_pred = np.array([[1.0, 1.0, 0.0, 0.0]]), np.array([[1.0, 0.0, 1.0, 1.0]])
    np.testing.assert_allclose(losses.tversky(y_true, y_pred), losses.dice(y_true, y_pred), rtol=1e-6)


# --------------------------------------------------------------------- CTC loss
def test_ctc_of_an_impossible_labelling_is_about_707_as_in_keras():
    labels = np.array([[1, 1, 1]])  # needs 5 frames (1 - 1 - 1)
    logits = np.zeros((1, 4, 3), np.float32)
    ours = losses.ctc(labels, logits)
    assert_agrees(ours, keras_value("ctc", labels, logits))
    assert 706 < ours[0] < 720


# ------------------------------------------------------------------ loss classes
def sample_batch(class_name):
    """The valid example batch of the loss behind ``class_name`` (tests/loss_recipes.py)."""
    y_true, y_pred, _ = recipe_for(CLASSES[class_name]).example
    return y_true, y_pred


def keras_class(class_name, **kwargs):
    # keras.losses.get does not know CategoricalGeneralizedCrossEntropy (it is
    # missing from keras.src.losses.ALL_OBJECTS_DICT), so the class is taken directly.
    return getattr(keras.losses, class_name)(**kwargs)


@pytest.mark.parametrize("class_name", sorted(CLASSES))
@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"])
@pytest.mark.parametrize("weighted", [False, True])
def test_loss_classes_reduce_like_keras(class_name, reduction, weighted):
    y_true, y_pred = sample_batch(class_name)
    sample_weight = np.linspace(0.5, 1.5, len(y_true)).astype(np.float32) if weighted else None
    ours = losses.get({"class_name": class_name, "config": {"reduction": reduction}})
    theirs = keras_class(class_name, reduction=reduction)
    assert_agrees(np.asarray(ours(y_true, y_pred, sample_weight)),
                  np.asarray(theirs(y_true, y_pred, sample_weight=sample_weight)))


@pytest.mark.parametrize("class_name", sorted(CLASSES))
def test_class_names_resolve_with_keras_defaults(class_name):
    ours, theirs = losses.get(class_name), keras_class(class_name)
    assert ours.fn.__name__ == CLASSES[class_name] == theirs.fn.__name__
    assert ours.reduction == theirs.reduction
    # What our Loss passes to its function, spelled-out defaults included,
    # must equal what the Keras class passes to its own.
    signature = inspect.signature(ours.fn).parameters.values()
    effective = {p.name: p.default for p in signature if p.default is not inspect.Parameter.empty}
    effective.update(ours.kwargs)
    assert {name: effective[name] for name in theirs._fn_kwargs} == theirs._fn_kwargs
    y_true, y_pred = sample_batch(class_name)
    np.testing.assert_allclose(ours(y_true, y_pred), theirs(y_true, y_pred), **TOL)


def test_generalized_cross_entropy_resolves_although_keras_get_does_not():
    y_true, y_pred = sample_batch("CategoricalGeneralizedCrossEntropy")
    fn = losses.get("categorical_generalized_cross_entropy")
    assert_agrees(fn(y_true, y_pred, q=0.3),
                  keras_value("categorical_generalized_cross_entropy", y_true, y_pred, q=0.3))
    with pytest.raises(ValueError):
        keras.losses.get("categorical_generalized_cross_entropy")


@given(dtype=DTYPES, shape=shapes(min_rank=2))
def test_dice_class_gives_one_number_for_the_batch(dtype, shape):
    y = np.full(shape, 0.5, dtype)
    ours, theirs = losses.get("Dice")(y, y), keras.losses.Dice()(y, y)
    assert ours.shape == () and ours.dtype == np.float32  # the class converts to float32
    np.testing.assert_allclose(ours, theirs, **TOL)


# -------------------------------------------------------------------- bad input
PROBS = [[0.2, 0.7, 0.1]]
ONE_HOT = [[0.0, 1.0, 0.0]]
UNIT = [[1.0, 0.0], [0.0, 1.0]]


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: losses.binary_focal_crossentropy(ONE_HOT, [[0.2, 1.5, 0.1]]), ValueError,
         r"`y_pred` must hold values in \[0, 1\]; received 1.5. If these are raw scores \(logits\), "
         r"pass `from_logits=True`"),
        (lambda: losses.binary_focal_crossentropy(ONE_HOT, PROBS, gamma=-1), ValueError,
         r"`gamma` must be >= 0.0; received -1\."),
        (lambda: losses.binary_focal_crossentropy(ONE_HOT, PROBS, alpha=1.5), ValueError,
         r"`alpha` must be in \[0.0, 1.0\]; received 1.5"),
        (lambda: losses.binary_focal_crossentropy(ONE_HOT, PROBS, apply_class_balancing=1), TypeError,
         r"`apply_class_balancing` must be True or False; received 1"),
        (lambda: losses.binary_focal_crossentropy(ONE_HOT, [[0.2, 0.8]]), ValueError,
         r"`y_true` and `y_pred` must have the same shape"),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, PROBS, alpha=[1.0, 2.0]), ValueError,
         r"`alpha` must be a float or one weight per class \(3 classes"),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, PROBS, alpha=[1.0, -2.0, 1.0]), ValueError,
         r"`alpha` must be non-negative"),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, PROBS, alpha="balanced"), TypeError,
         r"`alpha` must be a number >= 0, or a list of one weight per class; "
         r"received 'balanced' of type str\."),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, [[0.0, 0.0, 0.0]]), ValueError,
         r"`y_pred` has a slice of all zeros"),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, PROBS, axis=True), TypeError,
         r"`axis` must be an int"),
        (lambda: losses.categorical_generalized_cross_entropy([1], PROBS, q=1.0), ValueError,
         r"`q` must be a number in the open interval \(0, 1\), "
         r"as in Keras's CategoricalGeneralizedCrossEntropy; received 1.0\."),
        (lambda: losses.categorical_generalized_cross_entropy([1], PROBS, q="0.5"), TypeError,
         r"`q` must be a number in the open interval \(0, 1\).*; received '0.5' of type str"),
        (lambda: losses.categorical_generalized_cross_entropy([1], PROBS, q=1e-50), ValueError,
         r"`q`=1e-50 rounds to 0 in float32"),
        (lambda: losses.categorical_generalized_cross_entropy([3], PROBS, q=0.5), ValueError,
         r"`y_true` holds the label 3, but `y_pred` has 3 classes"),
        (lambda: losses.categorical_generalized_cross_entropy([0.5], PROBS, q=0.5), ValueError,
         r"`y_true` must hold integer class labels"),
        (lambda: losses.categorical_generalized_cross_entropy([1, 2], PROBS, q=0.5), ValueError,
         r"`y_true` must have the shape of `y_pred` without its class axis"),
        (lambda: losses.categorical_generalized_cross_entropy([1], [[2.0, -1.0, 0.0]], q=0.5), ValueError,
         r"`y_pred` must hold values in \[0, 1\].*softmax"),
        (lambda: losses.dice(ONE_HOT, [[0.2, 3.0, 0.1]]), ValueError,
         r"`y_pred` must hold values in \[0, 1\]; received 3.0. Dice and Tversky expect masks"),
        (lambda: losses.dice(ONE_HOT, PROBS, axis=(1, 1)), ValueError,
         r"`axis` names an axis twice; received axis=\(1, 1\)"),
        (lambda: losses.dice(ONE_HOT, PROBS, axis=(0, 2)), ValueError,
         r"`axis` must be an int in \[-2, 1\] for an input of rank 2; received 2\."),
        (lambda: losses.dice(ONE_HOT, PROBS, axis=1.0), TypeError,
         r"`axis` must be None, an int or a tuple of ints; received 1.0 of type float\."),
        (lambda: losses.tversky(ONE_HOT, PROBS, beta=-0.5), ValueError,
         r"`beta` must be >= 0.0; received -0.5\."),
        (lambda: losses.circle([0, 1], [[3.0, 4.0], [0.0, 1.0]]), ValueError,
         r"`y_pred` must hold L2-normalised embeddings \(rows of length 1\); row 0 has length 5"),
        (lambda: losses.circle([0, 1, 1], UNIT), ValueError,
         r"`y_true` must hold one label per row of `y_pred`; received 3 labels for 2 embeddings"),
        (lambda: losses.circle([[0, 1]], UNIT), ValueError,
         r"`y_true` must hold one integer label per embedding"),
        (lambda: losses.circle([0, 0.5], UNIT), ValueError,
         r"`y_true` must hold integer labels; received the non-integer value 0.5"),
        (lambda: losses.circle([0, 1], [1.0, 0.0]), ValueError,
         r"`y_pred` must be a batch of embeddings of shape \(n, dim\)"),
        (lambda: losses.circle([0, 1], UNIT, ref_labels=[0], ref_embeddings=UNIT), ValueError,
         r"`ref_labels` must hold one label per row of `ref_embeddings`; received 1 labels for 2 embeddings"),
        (lambda: losses.circle([0, 1], UNIT, ref_labels=[0], ref_embeddings=[[1.0, 0.0, 0.0]]), ValueError,
         r"`ref_embeddings` must have the embedding size of `y_pred` \(2\)"),
        (lambda: losses.circle([0, 1], UNIT, margin=2), ValueError,
         r"`margin` must be in \[0.0, 1.0\]; received 2"),
        (lambda: losses.circle([0, 1], UNIT, remove_diagonal="no"), TypeError,
         r"`remove_diagonal` must be True or False"),
        (lambda: losses.ctc([1, 2], np.zeros((1, 3, 4))), ValueError,
         r"`y_true` must hold integer label sequences of shape \(batch_size, max_length\)"),
        (lambda: losses.ctc([[1, 2]], np.zeros((3, 4))), ValueError,
         r"`y_pred` must hold logits of shape \(batch_size, max_length, num_classes\); "
         r"received shape \(3, 4\)"),
        (lambda: losses.ctc([[1, 2]], np.zeros((2, 3, 4))), ValueError,
         r"`y_true` and `y_pred` must have the same batch size"),
        (lambda: losses.ctc([[1, 4]], np.zeros((1, 3, 4))), ValueError,
         r"`y_true` holds the label 4, but `y_pred` scores 4 classes: labels must lie in \[1, 3\], "
         r"with 0 \(the blank\) as padding"),
        (lambda: losses.ctc([[1, 0, 2]], np.zeros((1, 3, 4))), ValueError,
         r"`y_true` row 0 \(\[1, 0, 2\]\) has a 0 before a label"),
        (lambda: losses.ctc([[1.5]], np.zeros((1, 3, 4))), ValueError,
         r"`y_true` must hold integer labels; received the non-integer value 1.5"),
        (lambda: losses.ctc([[1]], np.full((1, 3, 4), np.nan)), ValueError, r"`y_pred` contains NaN"),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


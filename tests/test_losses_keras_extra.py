"""Behaviours of the focal, generalized, overlap, circle and CTC twins worth a test of their own.

Their agreement with Keras on random and extreme inputs is tested with every
other registered loss in ``test_losses_keras.py``. Here: special cases (gamma
= 0, unclipped logits, an impossible CTC labelling...), every loss class with
its reductions against Keras's, and bad input.
"""

from __future__ import annotations

import inspect
import itertools
import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given

keras = pytest.importorskip("keras")

from loss_recipes import recipe_for  # noqa: E402
from strategies import DTYPES, TOL, assert_agrees, keras_value, shapes  # noqa: E402

from lossutils import losses  # noqa: E402
from lossutils.losses import overlap  # noqa: E402
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


# One missed pixel, two extra ones, one found: TP = 1, FN = 1, FP = 2.
TVERSKY_TRUE = np.array([[1.0, 1.0, 0.0, 0.0]], np.float32)
TVERSKY_PRED = np.array([[1.0, 0.0, 1.0, 1.0]], np.float32)


def paper_tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """keras.losses.tversky as the fix of keras-team/keras#23333 computes it (alpha on false positives)."""
    y_pred = keras.ops.convert_to_tensor(y_pred)
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    tp = keras.ops.sum(y_true * y_pred, axis=axis)
    fp = keras.ops.sum((1 - y_true) * y_pred, axis=axis)
    fn = keras.ops.sum(y_true * (1 - y_pred), axis=axis)
    return 1 - tp / (tp + fp * alpha + fn * beta + keras.backend.epsilon())


@pytest.mark.parametrize(("alpha_weighs", "expected"), [("missed", 1 - 1 / 2.1), ("extra", 1 - 1 / 2.9)])
def test_tversky_alpha_weighs_the_pixels_it_is_told(alpha_weighs, expected):
    ours = losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=0.9, beta=0.1, axis=1, alpha_weighs=alpha_weighs)
    np.testing.assert_allclose(ours, [expected], rtol=1e-6)


def test_the_two_readings_are_one_another_with_alpha_and_beta_swapped():
    missed = losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=0.7, beta=0.2, alpha_weighs="missed")
    extra = losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=0.2, beta=0.7, alpha_weighs="extra")
    np.testing.assert_allclose(missed, extra, rtol=1e-6)


def test_detection_reads_the_installed_keras():
    found = overlap.keras_tversky_alpha_weighs()
    value = keras.ops.convert_to_numpy(keras.losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=0.9, beta=0.1))
    expected = {"missed": 1 - 1 / 2.1, "extra": 1 - 1 / 2.9}[found]
    np.testing.assert_allclose(value, expected, rtol=1e-6)
    # The default twin follows the installed Keras, whichever reading that is.
    assert_agrees(losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=0.9, beta=0.1), value)


def test_keras_3_15_puts_alpha_on_the_missed_pixels():
    # The last release when this was written; a later one may carry the fix.
    if tuple(int(part) for part in keras.__version__.split(".")[:3]) > (3, 15, 1):
        pytest.skip(f"Keras {keras.__version__} may include keras-team/keras#23333")
    assert overlap.keras_tversky_alpha_weighs() == "missed"


def test_detection_and_twin_follow_a_fixed_keras(monkeypatch):
    monkeypatch.setattr(keras.losses, "tversky", paper_tversky)
    assert overlap.keras_tversky_alpha_weighs() == "extra"
    for alpha, beta in ((0.9, 0.1), (0.3, 0.7), (0.0, 2.0)):
        assert_agrees(losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=alpha, beta=beta, axis=1),
                      keras.ops.convert_to_numpy(keras.losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=alpha,
                                                                      beta=beta, axis=1)))


def test_without_keras_the_twin_follows_the_paper(monkeypatch):
    monkeypatch.setitem(sys.modules, "keras", None)  # `import keras` now raises ImportError
    with pytest.raises(ImportError):
        overlap.keras_tversky_alpha_weighs()
    ours = losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=0.9, beta=0.1, axis=1)
    np.testing.assert_allclose(ours, [1 - 1 / 2.9], rtol=1e-6)


def test_equal_weights_do_not_ask_keras(monkeypatch):
    def refuse():
        raise AssertionError("Keras was consulted although alpha == beta")

    monkeypatch.setattr(overlap, "_installed_convention", refuse)
    np.testing.assert_allclose(losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=0.3, beta=0.3),
                               losses.tversky(TVERSKY_TRUE, TVERSKY_PRED, alpha=0.3, beta=0.3,
                                              alpha_weighs="missed"), rtol=1e-6)


def test_a_keras_that_fits_neither_reading_is_reported(monkeypatch):
    monkeypatch.setattr(keras.losses, "tversky", lambda *args, **kwargs: np.float32(0.25))
    with pytest.raises(RuntimeError, match=r"expected 0.5 \(alpha weighs missed pixels\) or 0"):
        overlap.keras_tversky_alpha_weighs()


def test_detection_leaves_lossutils_numpy_only_on_import():
    # The probe runs only when asked: importing lossutils must not import Keras.
    code = ("import sys; import lossutils.losses.overlap; "
            "print(any(m == 'keras' or m.startswith('keras.') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False", result.stderr


# --------------------------------------------------------------------- CTC loss
LOG_1E307 = -math.log(1e-307)  # 706.89: TensorFlow's floor on the paths that stop short


def brute_force_ctc(labels, logits):
    """The exact CTC loss by listing every path, in float64 log space (inf if none reads ``labels``)."""
    logits = logits.astype(np.float64)
    log_probs = logits - np.logaddexp.reduce(logits, axis=-1, keepdims=True)
    frames, n_classes = log_probs.shape
    terms = []
    for path in itertools.product(range(n_classes), repeat=frames):
        merged = [c for i, c in enumerate(path) if i == 0 or c != path[i - 1]]
        if [c for c in merged if c != 0] == list(labels):
            terms.append(sum(log_probs[t, c] for t, c in enumerate(path)))
    return -np.logaddexp.reduce(terms) if terms else math.inf


def test_ctc_of_an_impossible_labelling_is_about_707_as_in_keras():
    labels = np.array([[1, 1, 1]])  # needs 5 frames (1 - 1 - 1)
    logits = np.zeros((1, 4, 3), np.float32)
    ours = losses.ctc(labels, logits)
    assert_agrees(ours, keras_value("ctc", labels, logits))
    assert 706 < ours[0] < 720


def test_ctc_of_an_impossible_labelling_is_not_bounded_by_707():
    # "aa" in 2 frames, b favoured by 300: the paths that stop short ('--', '-a', 'aa', 'a-')
    # have probability about e^-600, and TensorFlow returns 706.89 + 600.
    labels, logits = np.array([[1, 1]]), np.tile(np.float32([0.0, -300.0, 300.0]), (1, 2, 1))
    ours = losses.ctc(labels, logits)
    assert_agrees(ours, keras_value("ctc", labels, logits))
    assert brute_force_ctc([1, 1], logits[0]) == math.inf
    np.testing.assert_allclose(ours, [LOG_1E307 + 600.0], rtol=1e-6)


@pytest.mark.parametrize("blank_logit", [300.0, 500.0])
def test_ctc_caps_a_possible_but_unlikely_labelling_as_tensorflow_does(blank_logit):
    # "ab" in 3 frames: every reading path has two letter frames, about e^-2b each.
    labels, logits = np.array([[1, 2]]), np.tile(np.float32([blank_logit, 0.0, 0.0]), (1, 3, 1))
    exact = brute_force_ctc([1, 2], logits[0])
    np.testing.assert_allclose(exact, 2 * blank_logit - math.log(3), rtol=1e-12)
    ours = losses.ctc(labels, logits)
    assert_agrees(ours, keras_value("ctc", labels, logits))
    expected = min(exact, LOG_1E307)  # the all-blank path, which stops short, weighs 1e-307
    np.testing.assert_allclose(ours, [expected], rtol=1e-5)


def test_tensorflow_gives_a_capped_labelling_no_push_towards_its_letters():
    tf = pytest.importorskip("tensorflow")
    pushes = {}
    for blank_logit in (300.0, 500.0):
        logits = tf.Variable(np.tile(np.float32([blank_logit, 0.0, 0.0]), (1, 3, 1)))
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(keras.losses.ctc(np.array([[1, 2]]), logits))
        pushes[blank_logit] = tape.gradient(loss, logits).numpy()[0]
    assert np.abs(pushes[300.0][:, 1:]).max() > 0.3  # a normal gradient on the letters
    assert np.all(pushes[500.0][:, 1:] == 0)  # none at all once capped
    assert np.abs(pushes[500.0]).max() < 1e-5  # the blank keeps only float32 rounding


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
        (lambda: losses.tversky(ONE_HOT, PROBS, alpha_weighs="fp"), ValueError,
         r"`alpha_weighs` must be 'extra' \(false positives, as in the paper\), 'missed' "
         r"\(false negatives, as Keras 3.15's code\) or None \(as the installed Keras\); received 'fp'\."),
        (lambda: losses.tversky(ONE_HOT, PROBS, alpha_weighs=True), TypeError,
         r"`alpha_weighs` must be 'extra', 'missed' or None; received True of type bool\."),
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


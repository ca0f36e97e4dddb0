"""The focal, generalized, overlap, circle and CTC twins agree with Keras 3.

Property tests in the style of ``test_losses_keras.py``: hypothesis draws
shapes, dtypes (float32 and float64), keyword arguments and extreme values
(probabilities of exactly 0 and 1, logits of +-100, identical and opposite
embeddings), and the results must match ``keras.losses.<same name>`` in shape,
dtype and value (rtol = atol = 1e-5). Then the loss classes with their
reductions, and bad input.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

keras = pytest.importorskip("keras")

from strategies import DTYPES, TOL, assert_agrees, floats_for, keras_value, pair, shapes  # noqa: E402

from lossutils import losses  # noqa: E402
from lossutils.losses.registry import CLASSES  # noqa: E402

NEW_CLASSES = [
    "BinaryFocalCrossentropy", "CategoricalFocalCrossentropy", "CategoricalGeneralizedCrossEntropy",
    "Dice", "Tversky", "Circle", "CTC",
]
GAMMAS = st.one_of(st.sampled_from([0.0, 1.0, 2.0, 5.0]), st.floats(0, 5))
SMOOTHING = st.sampled_from([0.0, 0.1, 0.5, 1.0])


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


# ------------------------------------------------------------------ focal losses
@given(data=st.data(), from_logits=st.booleans(), balancing=st.booleans(),
       alpha=st.floats(0, 1), gamma=GAMMAS, smoothing=SMOOTHING)
def test_binary_focal_crossentropy_agrees(data, from_logits, balancing, alpha, gamma, smoothing):
    y_true, y_pred = data.draw(pair("logits" if from_logits else "probability"))
    kwargs = dict(apply_class_balancing=balancing, alpha=alpha, gamma=gamma, from_logits=from_logits,
                  label_smoothing=smoothing, axis=data.draw(axis_for(y_true.ndim)))
    assert_agrees(losses.binary_focal_crossentropy(y_true, y_pred, **kwargs),
                  keras_value("binary_focal_crossentropy", y_true, y_pred, **kwargs))


@pytest.mark.filterwarnings("ignore:You are using a softmax over axis")  # Keras, on an axis of size 1
@given(data=st.data(), from_logits=st.booleans(), gamma=GAMMAS, smoothing=SMOOTHING,
       per_class_alpha=st.booleans())
def test_categorical_focal_crossentropy_agrees(data, from_logits, gamma, smoothing, per_class_alpha):
    y_true, y_pred = data.draw(pair("logits" if from_logits else "probability", min_last=2))
    # Unlike categorical_crossentropy, Keras handles every axis here (softmax,
    # sum and clip only), so all of them are compared.
    axis = data.draw(axis_for(y_true.ndim))
    if not from_logits:
        assume(np.all(y_pred.sum(axis=axis) > 0))  # an all-zero slice is no distribution
    n_classes = y_pred.shape[-1]  # Keras broadcasts a per-class alpha along the LAST axis
    alpha = (data.draw(st.lists(st.floats(0, 4), min_size=n_classes, max_size=n_classes))
             if per_class_alpha else data.draw(st.floats(0, 1)))
    kwargs = dict(alpha=alpha, gamma=gamma, from_logits=from_logits, label_smoothing=smoothing, axis=axis)
    assert_agrees(losses.categorical_focal_crossentropy(y_true, y_pred, **kwargs),
                  keras_value("categorical_focal_crossentropy", y_true, y_pred, **kwargs))


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
# Below q = 0.01, float32's 1 - p**q cancels: TensorFlow's and NumPy's powers
# differ by one ulp (6e-8), which becomes 6e-8 / q in the loss, beyond the
# tolerance (and Keras's own value is no closer to the true one).
@given(data=st.data(), q=st.one_of(st.sampled_from([0.01, 0.5, 0.99]), st.floats(0.01, 0.99)))
def test_categorical_generalized_cross_entropy_agrees(data, q):
    _, y_pred = data.draw(pair("probability", min_last=2))
    labels = st.integers(0, y_pred.shape[-1] - 1)
    y_true = data.draw(hnp.arrays(np.int64, y_pred.shape[:-1], elements=labels))
    assert_agrees(losses.categorical_generalized_cross_entropy(y_true, y_pred, q),
                  keras_value("categorical_generalized_cross_entropy", y_true, y_pred, q))


def test_generalized_cross_entropy_accepts_labels_with_a_trailing_axis():
    # Keras documents y_true of shape (batch, 1) but one-hot encodes it to
    # (batch, 1, classes), which broadcasts against y_pred to a (batch, batch)
    # result; so Keras is compared on (batch,) labels only, above.
    y_pred = np.array([[0.7, 0.3], [0.2, 0.8], [0.6, 0.4]], np.float32)
    flat = losses.categorical_generalized_cross_entropy(np.array([0, 1, 1]), y_pred, q=0.5)
    column = losses.categorical_generalized_cross_entropy(np.array([[0], [1], [1]]), y_pred, q=0.5)
    np.testing.assert_array_equal(flat, column)
    assert keras_value("categorical_generalized_cross_entropy", np.array([[0], [1], [1]]), y_pred, 0.5).shape == (3, 3)


# --------------------------------------------------------------- overlap losses
@given(data=st.data())
def test_dice_agrees(data):
    y_true, y_pred = data.draw(pair("probability"))
    axis = data.draw(axes(y_true.ndim))
    assert_agrees(np.asarray(losses.dice(y_true, y_pred, axis=axis)),
                  keras_value("dice", y_true, y_pred, axis=axis))


@given(data=st.data(), alpha=st.floats(0, 2), beta=st.floats(0, 2))
def test_tversky_agrees(data, alpha, beta):
    y_true, y_pred = data.draw(pair("probability"))
    axis = data.draw(axes(y_true.ndim))
    assert_agrees(np.asarray(losses.tversky(y_true, y_pred, alpha=alpha, beta=beta, axis=axis)),
                  keras_value("tversky", y_true, y_pred, alpha=alpha, beta=beta, axis=axis))


def test_tversky_with_equal_halves_is_dice():
    y_true, y_pred = np.array([[1.0, 1.0, 0.0, 0.0]]), np.array([[1.0, 0.0, 1.0, 1.0]])
    np.testing.assert_allclose(losses.tversky(y_true, y_pred), losses.dice(y_true, y_pred), rtol=1e-6)


# ------------------------------------------------------------------ circle loss
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
    refs = {}
    if draw(st.booleans()):
        m = draw(st.integers(1, 6))
        refs = dict(ref_labels=draw(hnp.arrays(np.int64, (m,), elements=st.integers(0, 2))),
                    ref_embeddings=draw(unit_embeddings(m, dim, dtype)))
    return labels, embeddings, refs


@given(inputs=circle_inputs(), remove_diagonal=st.booleans(),
       gamma=st.sampled_from([0.0, 1.0, 16.0, 80]), margin=st.floats(0, 1))
def test_circle_agrees(inputs, remove_diagonal, gamma, margin):
    labels, embeddings, refs = inputs
    kwargs = dict(refs, remove_diagonal=remove_diagonal, gamma=gamma, margin=margin)
    assert_agrees(losses.circle(labels, embeddings, **kwargs),
                  keras_value("circle", labels, embeddings, **kwargs))


# --------------------------------------------------------------------- CTC loss
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
    return np.array(rows, np.int64), logits


@given(inputs=ctc_inputs())
def test_ctc_agrees(inputs):
    # Keras computes float64 CTC in float32 (tf.nn.ctc_loss has no float64
    # kernel); the float64 twin stays in float64, well within the tolerance.
    labels, logits = inputs
    assert_agrees(losses.ctc(labels, logits), keras_value("ctc", labels, logits))


def test_ctc_of_an_impossible_labelling_is_about_707_as_in_keras():
    labels = np.array([[1, 1, 1]])  # needs 5 frames (1 - 1 - 1)
    logits = np.zeros((1, 4, 3), np.float32)
    ours = losses.ctc(labels, logits)
    assert_agrees(ours, keras_value("ctc", labels, logits))
    assert 706 < ours[0] < 720


# ------------------------------------------------------------------ loss classes
def sample_batch(class_name, dtype=np.float32):
    """A small valid batch for each of the new loss classes."""
    if class_name == "CTC":
        return np.array([[1, 2, 0], [2, 0, 0]]), np.linspace(-2, 2, 2 * 4 * 3).reshape(2, 4, 3).astype(dtype)
    if class_name == "Circle":
        # Label 2 has no positive pair: Keras leaves its zero loss out of the mean.
        angles = np.array([0.0, 0.3, 1.6, 1.9, 3.0])
        return np.array([0, 0, 1, 1, 2]), np.stack([np.cos(angles), np.sin(angles)], 1).astype(dtype)
    if class_name == "CategoricalGeneralizedCrossEntropy":
        return np.array([0, 1, 2]), np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.5, 0.0]], dtype)
    y_true = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], dtype)
    return y_true, np.array([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2], [0.9, 0.1, 0.0]], dtype)


def keras_class(class_name, **kwargs):
    # keras.losses.get does not know CategoricalGeneralizedCrossEntropy (it is
    # missing from keras.src.losses.ALL_OBJECTS_DICT), so the class is taken directly.
    return getattr(keras.losses, class_name)(**kwargs)


@pytest.mark.parametrize("class_name", NEW_CLASSES)
@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "none", "mean_with_sample_weight"])
@pytest.mark.parametrize("weighted", [False, True])
def test_new_loss_classes_reduce_like_keras(class_name, reduction, weighted):
    y_true, y_pred = sample_batch(class_name)
    sample_weight = np.linspace(0.5, 1.5, len(y_true)).astype(np.float32) if weighted else None
    ours = losses.get({"class_name": class_name, "config": {"reduction": reduction}})
    theirs = keras_class(class_name, reduction=reduction)
    assert_agrees(np.asarray(ours(y_true, y_pred, sample_weight)),
                  np.asarray(theirs(y_true, y_pred, sample_weight=sample_weight)))


@pytest.mark.parametrize("class_name", NEW_CLASSES)
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
         r"`y_pred` must hold values in \[0, 1\]; received 1.5. If these are raw scores \(logits\), pass `from_logits=True`"),
        (lambda: losses.binary_focal_crossentropy(ONE_HOT, PROBS, gamma=-1), ValueError, r"`gamma` must be in \[0.0, inf\]; received -1"),
        (lambda: losses.binary_focal_crossentropy(ONE_HOT, PROBS, alpha=1.5), ValueError, r"`alpha` must be in \[0.0, 1.0\]; received 1.5"),
        (lambda: losses.binary_focal_crossentropy(ONE_HOT, PROBS, apply_class_balancing=1), TypeError,
         r"`apply_class_balancing` must be True or False; received 1"),
        (lambda: losses.binary_focal_crossentropy(ONE_HOT, [[0.2, 0.8]]), ValueError, r"`y_true` and `y_pred` must have the same shape"),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, PROBS, alpha=[1.0, 2.0]), ValueError,
         r"`alpha` must be a float or one weight per class \(3 classes"),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, PROBS, alpha=[1.0, -2.0, 1.0]), ValueError, r"`alpha` must be non-negative"),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, PROBS, alpha="balanced"), TypeError, r"`alpha` must be a float or a list"),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, [[0.0, 0.0, 0.0]]), ValueError, r"`y_pred` has a slice of all zeros"),
        (lambda: losses.categorical_focal_crossentropy(ONE_HOT, PROBS, axis=True), TypeError, r"`axis` must be an int"),
        (lambda: losses.categorical_generalized_cross_entropy([1], PROBS, q=1.0), ValueError, r"`q` must be in the open interval \(0, 1\).*received q=1.0"),
        (lambda: losses.categorical_generalized_cross_entropy([1], PROBS, q="0.5"), TypeError, r"`q` must be a float in \(0, 1\)"),
        (lambda: losses.categorical_generalized_cross_entropy([1], PROBS, q=1e-50), ValueError, r"`q`=1e-50 rounds to 0 in float32"),
        (lambda: losses.categorical_generalized_cross_entropy([3], PROBS, q=0.5), ValueError,
         r"`y_true` holds the label 3, but `y_pred` has 3 classes"),
        (lambda: losses.categorical_generalized_cross_entropy([0.5], PROBS, q=0.5), ValueError, r"`y_true` must hold integer class labels"),
        (lambda: losses.categorical_generalized_cross_entropy([1, 2], PROBS, q=0.5), ValueError,
         r"`y_true` must have the shape of `y_pred` without its class axis"),
        (lambda: losses.categorical_generalized_cross_entropy([1], [[2.0, -1.0, 0.0]], q=0.5), ValueError,
         r"`y_pred` must hold values in \[0, 1\].*softmax"),
        (lambda: losses.dice(ONE_HOT, [[0.2, 3.0, 0.1]]), ValueError, r"`y_pred` must hold values in \[0, 1\]; received 3.0. Dice and Tversky expect masks"),
        (lambda: losses.dice(ONE_HOT, PROBS, axis=(1, 1)), ValueError, r"`axis` names an axis twice; received axis=\(1, 1\)"),
        (lambda: losses.dice(ONE_HOT, PROBS, axis=(0, 2)), ValueError, r"`axis`=2 is out of range for an input of rank 2"),
        (lambda: losses.dice(ONE_HOT, PROBS, axis=1.0), TypeError, r"`axis` must be None, an int or a tuple of ints; received 1.0"),
        (lambda: losses.tversky(ONE_HOT, PROBS, beta=-0.5), ValueError, r"`beta` must be in \[0.0, inf\]; received -0.5"),
        (lambda: losses.circle([0, 1], [[3.0, 4.0], [0.0, 1.0]]), ValueError,
         r"`y_pred` must hold L2-normalised embeddings \(rows of length 1\); row 0 has length 5"),
        (lambda: losses.circle([0, 1, 1], UNIT), ValueError, r"`y_true` must hold one label per row of `y_pred`; received 3 labels for 2 embeddings"),
        (lambda: losses.circle([[0, 1]], UNIT), ValueError, r"`y_true` must hold one integer label per embedding"),
        (lambda: losses.circle([0, 0.5], UNIT), ValueError, r"`y_true` must hold integer labels; received the non-integer value 0.5"),
        (lambda: losses.circle([0, 1], [1.0, 0.0]), ValueError, r"`y_pred` must be a batch of embeddings of shape \(n, dim\)"),
        (lambda: losses.circle([0, 1], UNIT, ref_labels=[0], ref_embeddings=UNIT), ValueError,
         r"`ref_labels` must hold one label per row of `ref_embeddings`; received 1 labels for 2 embeddings"),
        (lambda: losses.circle([0, 1], UNIT, ref_labels=[0], ref_embeddings=[[1.0, 0.0, 0.0]]), ValueError,
         r"`ref_embeddings` must have the embedding size of `y_pred` \(2\)"),
        (lambda: losses.circle([0, 1], UNIT, margin=2), ValueError, r"`margin` must be in \[0.0, 1.0\]; received 2"),
        (lambda: losses.circle([0, 1], UNIT, remove_diagonal="no"), TypeError, r"`remove_diagonal` must be True or False"),
        (lambda: losses.ctc([1, 2], np.zeros((1, 3, 4))), ValueError, r"`y_true` must hold integer label sequences of shape \(batch_size, max_length\)"),
        (lambda: losses.ctc([[1, 2]], np.zeros((3, 4))), ValueError,
         r"`y_pred` must hold logits of shape \(batch_size, max_length, num_classes\); received shape \(3, 4\)"),
        (lambda: losses.ctc([[1, 2]], np.zeros((2, 3, 4))), ValueError, r"`y_true` and `y_pred` must have the same batch size"),
        (lambda: losses.ctc([[1, 4]], np.zeros((1, 3, 4))), ValueError,
         r"`y_true` holds the label 4, but `y_pred` scores 4 classes: labels must lie in \[1, 3\], with 0 \(the blank\) as padding"),
        (lambda: losses.ctc([[1, 0, 2]], np.zeros((1, 3, 4))), ValueError, r"`y_true` row 0 \(\[1, 0, 2\]\) has a 0 before a label"),
        (lambda: losses.ctc([[1.5]], np.zeros((1, 3, 4))), ValueError, r"`y_true` must hold integer labels; received the non-integer value 1.5"),
        (lambda: losses.ctc([[1]], np.full((1, 3, 4), np.nan)), ValueError, r"`y_pred` contains NaN"),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


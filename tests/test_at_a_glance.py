"""The cheat sheet (book/at_a_glance.md) states the truth about every loss.

Each row is read back and checked: it exists for every loss of lossutils.losses; its Keras
strings, class and function are Keras's and resolve to the same loss; its class defaults are
Keras's; its best and worst values are what lossutils (which agrees with Keras) computes at the
inputs below; and it links the chapter that teaches the loss and the loss's API entry.
"""

from __future__ import annotations

import inspect
import itertools
import math
import re

import numpy as np
import pytest
from packaging.version import Version

from lossutils import losses
from lossutils.losses import registry
from tools.link_glossary import ROOT

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

PAGE = ROOT / "book" / "at_a_glance.md"
COLUMNS = ("loss", "formula", "keras", "y_pred", "y_true", "best_worst", "gradient", "book", "pytorch")
F = np.float32


def rows() -> dict[str, dict[str, str]]:
    """The table's rows, by the name of their Keras function, each a dict of COLUMNS."""
    table = PAGE.read_text(encoding="utf-8").split("```{list-table}", 1)[1].split("\n```", 1)[0]
    found = {}
    for block in re.split(r"^\* - ", table, flags=re.MULTILINE)[2:]:  # [0] options, [1] header
        cells = [cell.strip() for cell in re.split(r"^  - ", block, flags=re.MULTILINE)]
        assert len(cells) == len(COLUMNS), cells
        row = dict(zip(COLUMNS, cells, strict=True))
        function = re.findall(r"`(\w+)`", row["keras"])[-1]
        found[function] = row
    return found


ROWS = rows()


def test_every_loss_has_one_row():
    assert sorted(ROWS) == sorted(registry.FUNCTIONS)


def keras_knows(string: str) -> bool:
    try:
        keras.losses.get(string)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name", sorted(registry.FUNCTIONS))
def test_keras_names_are_keras_and_lossutils_names(name):
    cell = ROWS[name]["keras"]
    strings = re.findall(r"`'(\w+)'`", cell)
    (class_name, arguments), = re.findall(r"`(\w+)\(([^)]*)\)`", cell)
    for string in strings:
        assert keras.losses.get(string) is getattr(keras.losses, name), string
        assert losses.get(string) is registry.FUNCTIONS[name], string
    # Every string Keras accepts for this loss is listed; if it accepts none, the row says so.
    candidates = {name} | {alias for alias, target in registry.ALIASES.items() if target == name}
    assert set(strings) == {string for string in candidates if keras_knows(string)}
    assert strings or "does not know" in cell
    assert registry.CLASSES[class_name] == name
    signature = inspect.signature(getattr(keras.losses, class_name))
    for argument in filter(None, (part.strip() for part in arguments.split(","))):
        key, value = argument.split("=")
        assert signature.parameters[key].default == eval(value), argument  # noqa: S307 (the page's own text)


@pytest.mark.parametrize("name", sorted(registry.FUNCTIONS))
def test_the_row_links_the_chapter_that_teaches_it_and_its_api_entry(name):
    cell = ROWS[name]["book"]
    (chapter, anchor), = re.findall(r"\]\((\w+)\.ipynb#([^)]+)\)", cell)
    docstring = registry.FUNCTIONS[name].__doc__
    assert f"(book/{chapter}.ipynb)" in docstring, "not the chapter its docstring names"
    assert f"{{py:func}}`API <lossutils.losses.{name}>`" in cell
    assert anchor  # the anchor itself is checked by the site build (-n): a missing one is a warning


def one(value) -> float:
    return float(np.asarray(value).reshape(-1)[0])


def _unit(*angles):
    return np.stack([np.cos(angles), np.sin(angles)], 1).astype(F)


# For each loss, an input where it is at its best and one where it is at its worst
# (or, for an unbounded loss, far out), as (y_true, y_pred, keyword arguments).
EXTREMES = {
    "mean_squared_error": (([[1.0, 2.0]], [[1.0, 2.0]]), ([[0.0]], [[1e4]])),
    "mean_absolute_error": (([[1.0, 2.0]], [[1.0, 2.0]]), ([[0.0]], [[1e4]])),
    "mean_absolute_percentage_error": (([[1.0]], [[1.0]]), ([[1.0]], [[1e4]])),
    "mean_squared_logarithmic_error": (([[3.0]], [[3.0]]), ([[0.0]], [[1e30]])),
    "huber": (([[1.0]], [[1.0]]), ([[0.0]], [[1e4]])),
    "log_cosh": (([[1.0]], [[1.0]]), ([[0.0]], [[1e4]])),
    "poisson": (([[2.0]], [[2.0]]), ([[1.0]], [[1e4]])),
    "binary_crossentropy": (([[1.0]], [[1.0]]), ([[1.0]], [[0.0]])),
    "categorical_crossentropy": (([[1.0, 0.0]], [[1.0, 0.0]]), ([[1.0, 0.0]], [[0.0, 1.0]])),
    "sparse_categorical_crossentropy": (([0], [[1.0, 0.0]]), ([0], [[0.0, 1.0]])),
    "kl_divergence": (([[0.5, 0.5]], [[0.5, 0.5]]), ([[1.0, 0.0]], [[0.0, 1.0]])),
    "binary_focal_crossentropy": (([[1.0]], [[1.0]]), ([[1.0]], [[0.0]])),
    "categorical_focal_crossentropy": (([[1.0, 0.0]], [[1.0, 0.0]]), ([[1.0, 0.0]], [[0.0, 1.0]])),
    "categorical_generalized_cross_entropy": (([0], [[1.0, 0.0]], {"q": 0.5}),
                                              ([0], [[0.0, 1.0]], {"q": 0.5})),
    "hinge": (([[1.0]], [[2.0]]), ([[1.0]], [[-1e4]])),
    "squared_hinge": (([[1.0]], [[2.0]]), ([[1.0]], [[-1e4]])),
    "categorical_hinge": (([[1.0, 0.0]], [[2.0, 0.0]]), ([[1.0, 0.0]], [[-1e4, 0.0]])),
    "cosine_similarity": (([[1.0, 0.0]], [[2.0, 0.0]]), ([[1.0, 0.0]], [[-1.0, 0.0]])),
    "dice": (([[1.0, 0.0]], [[1.0, 0.0]]), ([[1.0, 0.0]], [[0.0, 1.0]])),
    "tversky": (([[1.0, 0.0]], [[1.0, 0.0]]), ([[1.0, 0.0]], [[0.0, 1.0]])),
    # Labels 0, 0, 1: the positive pair together and the negative opposite, then the reverse.
    "circle": (([0, 0, 1], _unit(0.0, 0.0, math.pi)), ([0, 0, 1], _unit(0.0, math.pi, 0.0))),
    # "ab" in two frames: certain of a then b; then "aa", which two frames cannot hold, with
    # both frames sure of b: far beyond the 707.7 of uniform frames.
    "ctc": (([[1, 2]], np.where(np.eye(3)[[1, 2]] > 0, 20.0, -20.0)[None].astype(F)),
            ([[1, 1]], np.array([[[0.0, 0.0, 300.0]] * 2], F))),
}


def value(name, case) -> float:
    y_true, y_pred, *kwargs = case
    y_true = np.asarray(y_true, np.int64 if name in ("sparse_categorical_crossentropy", "ctc", "circle",
                                                     "categorical_generalized_cross_entropy") else F)
    return one(registry.FUNCTIONS[name](y_true, np.asarray(y_pred, F), **(kwargs[0] if kwargs else {})))


def stated(text: str) -> tuple[float, int] | None:
    """The first number in ``text`` and its decimals, or None if it says "unbounded"."""
    if text.startswith("unbounded"):
        return None
    number = re.search(r"[-+]?\d+(?:\.(\d+))?", text.replace("$", ""))
    assert number, text
    return float(number.group(0)), len(number.group(1) or "")


@pytest.mark.parametrize("name", sorted(registry.FUNCTIONS))
def test_best_and_worst_values_are_what_the_loss_computes(name):
    best_text, worst_text = ROWS[name]["best_worst"].removeprefix("- ").split(" / ", 1)
    best_case, worst_case = EXTREMES[name]
    for text, case in ((best_text, best_case), (worst_text, worst_case)):
        claim = stated(text)
        if claim is None:
            assert value(name, case) > 1e3, f"{name}: not unbounded at {case}"
        else:
            number, decimals = claim
            assert round(value(name, case), decimals) == pytest.approx(number), (name, text)



# --- The statements of the Gradient, Best / worst and PyTorch columns that can be computed ------


def tape(fn, x):
    """``fn(x)`` and its gradient with respect to ``x``, from TensorFlow."""
    x = tf.constant(x)
    with tf.GradientTape() as t:
        t.watch(x)
        y = fn(x)
    return np.asarray(y), t.gradient(y, x).numpy()


def test_the_reader_text_says_nothing_about_how_the_book_is_tested():
    text = PAGE.read_text(encoding="utf-8")
    for phrase in ("tests/", "test_", "by the tests", "pytest", "nbval"):
        assert phrase not in text, phrase


def test_no_paragraph_or_list_item_outside_the_table_is_over_120_words():
    before, rest = PAGE.read_text(encoding="utf-8").split("```{list-table}", 1)
    prose = before + rest.split("\n```", 1)[1]
    for block in re.split(r"\n\s*\n|\n(?=- )", prose):
        assert len(block.split()) <= 120, block[:80]


def test_dice_pushes_every_true_pixel_alike_and_every_background_pixel_alike():
    # A 4x4 mask with 5 true pixels; predictions of every kind, including a background pixel at 0.
    y_true = np.zeros((1, 4, 4), F)
    y_true[0, 1:3, 1:3] = 1.0
    y_true[0, 0, 0] = 1.0
    y_pred = np.random.default_rng(0).uniform(0.05, 0.95, (1, 4, 4)).astype(F)
    y_pred[0, 3, 3] = 0.0
    _, grad = tape(lambda p: keras.losses.dice(y_true, p), y_pred)
    intersection, total = float(np.sum(y_true * y_pred)), float(np.sum(y_true) + np.sum(y_pred))
    np.testing.assert_allclose(grad[y_true == 1], -2 * (total - intersection) / total**2, rtol=1e-5)
    np.testing.assert_allclose(grad[y_true == 0], 2 * intersection / total**2, rtol=1e-5)
    stated = "$-2(S - I)/S^2$ on every true pixel and $+2I/S^2$ on every background pixel"
    assert stated in ROWS["dice"]["gradient"]


def tversky_false_positive_weight():
    """Which argument of the installed ``keras.losses.tversky`` weighs the extra pixels."""
    y_true, y_pred = np.array([[1.0, 0.0]], F), np.array([[1.0, 1.0]], F)  # one found, one extra
    extra_costs = float(np.asarray(keras.losses.tversky(y_true, y_pred, alpha=1.0, beta=0.0)))
    return "alpha" if extra_costs > 0.25 else "beta"  # 1 - 1/2 if alpha weighs it, else 0


def test_tversky_row_names_which_argument_weighs_which_error():
    row = ROWS["tversky"]
    assert r"\alpha \mathrm{FP} + \beta \mathrm{FN}" in row["formula"]
    docstring = " ".join(keras.losses.tversky.__doc__.split())
    assert "alpha: coefficient controlling incidence of false positives" in docstring
    assert "beta: coefficient controlling incidence of false negatives" in docstring
    assert "Keras ≤ 3.15.1's code swaps" in row["formula"]
    if Version(keras.__version__) <= Version("3.15.1"):
        assert tversky_false_positive_weight() == "beta"  # the swap the row describes
    assert "`alpha` weighs false positives, `beta` false negatives" in row["pytorch"]


def test_tversky_pushes_like_dice_with_the_background_push_set_by_the_false_positive_weight():
    y_true = np.array([[1.0, 1.0, 1.0, 0.0, 0.0, 0.0]], F)
    y_pred = np.array([[0.9, 0.6, 0.2, 0.7, 0.1, 0.0]], F)
    alpha, beta = 0.3, 0.7
    weight_fp, weight_fn = (alpha, beta) if tversky_false_positive_weight() == "alpha" else (beta, alpha)
    _, grad = tape(lambda p: keras.losses.tversky(y_true, p, alpha=alpha, beta=beta), y_pred)
    tp = float(np.sum(y_true * y_pred))
    fp, fn = float(np.sum((1 - y_true) * y_pred)), float(np.sum(y_true * (1 - y_pred)))
    denominator = tp + weight_fp * fp + weight_fn * fn
    np.testing.assert_allclose(grad[y_true == 0], tp * weight_fp / denominator**2, rtol=1e-5)
    np.testing.assert_allclose(grad[y_true == 1], -(denominator - tp * (1 - weight_fn)) / denominator**2,
                               rtol=1e-5)


def circle_anchor(positives, negatives, **kwargs):
    """Loss of anchor 0 (at angle 0) with positives and negatives at the given angles (degrees)."""
    angles = np.radians([0.0, *positives, *negatives])
    labels = np.array([0] * (1 + len(positives)) + [1] * len(negatives))
    return value("circle", (labels, np.stack([np.cos(angles), np.sin(angles)], 1).astype(F), kwargs))


def test_circle_worst_value_is_gamma_times_5_minus_2_m_squared_plus_the_logs_of_the_counts():
    gamma, margin = 80.0, 0.4
    worst = gamma * (5 - 2 * margin**2)
    assert round(worst, 1) == 374.4 and ROWS["circle"]["best_worst"].startswith("0 / 374.4 at the defaults")
    assert circle_anchor([180.0], [0.0]) == pytest.approx(worst, rel=1e-5)
    # Two positives opposite the anchor and three negatives on top of it.
    assert circle_anchor([180.0] * 2, [0.0] * 3) == pytest.approx(worst + math.log(2) + math.log(3), rel=1e-5)
    # Keras agrees, and a larger gamma gives a larger worst value.
    labels, embeddings = np.array([0, 0, 1]), _unit(0.0, math.pi, 0.0)
    assert float(np.asarray(keras.losses.circle(labels, embeddings))[0]) == pytest.approx(worst, rel=1e-5)
    assert circle_anchor([180.0], [0.0], gamma=256.0) > worst


def test_keras_circle_differentiates_through_the_pair_weights():
    """Keras's gradient is that of the formula with the weights a_p, a_n as functions, not constants.

    The same formula is written here in keras.ops for one anchor with one positive and one
    negative, once as it stands and once with the weights held constant (as
    pytorch-metric-learning does it, by detaching them): Keras's gradient matches the first only.
    """
    gamma, margin = 80.0, 0.4
    labels = np.array([0, 0, 1])

    def one_anchor(theta, constant_weights):
        embeddings = keras.ops.stack([keras.ops.cos(theta), keras.ops.sin(theta)], axis=1)
        d_p = 1 - keras.ops.sum(embeddings[0] * embeddings[1])
        d_n = 1 - keras.ops.sum(embeddings[0] * embeddings[2])
        a_p, a_n = keras.ops.relu(margin + d_p), keras.ops.relu(1 + margin - d_n)
        if constant_weights:
            a_p, a_n = keras.ops.stop_gradient(a_p), keras.ops.stop_gradient(a_n)
        return keras.ops.softplus(-gamma * a_p * (margin - d_p) + gamma * a_n * (1 - margin - d_n))

    theta = np.array([0.0, 0.5, 1.7], F)  # the negative within 90°-114° of the anchor
    def keras_circle(t):
        return keras.losses.circle(labels, keras.ops.stack([keras.ops.cos(t), keras.ops.sin(t)], axis=1))[0]

    keras_loss, keras_grad = tape(keras_circle, theta)
    through, grad_through = tape(lambda t: one_anchor(t, False), theta)
    constant, grad_constant = tape(lambda t: one_anchor(t, True), theta)
    assert float(keras_loss) == pytest.approx(float(through), rel=1e-5)
    assert float(through) == pytest.approx(float(constant), rel=1e-6)  # the same value, another gradient
    np.testing.assert_allclose(keras_grad, grad_through, rtol=1e-4, atol=1e-6)
    assert np.abs(grad_constant - grad_through).max() > 0.1 * np.abs(grad_through).max()
    row = ROWS["circle"]
    assert "`CircleLoss(m=0.4, gamma=80)`" in row["pytorch"]
    assert "where Keras differentiates through them" in row["pytorch"]
    signature = inspect.signature(keras.losses.Circle).parameters
    assert (signature["margin"].default, signature["gamma"].default) == (0.4, 80.0)  # the same defaults


def ctc_brute_force(labels, logits):
    """-ln of the total probability of the frame paths reading ``labels``, in float64 logs."""
    log_probs = logits[0].astype(np.float64)
    log_probs = log_probs - np.logaddexp.reduce(log_probs, axis=1, keepdims=True)
    frames, classes = log_probs.shape
    terms = []
    for path in itertools.product(range(classes), repeat=frames):
        merged = [c for i, c in enumerate(path) if i == 0 or c != path[i - 1]]
        if tuple(c for c in merged if c != 0) == tuple(labels):
            terms.append(sum(log_probs[t, c] for t, c in enumerate(path)))
    return -np.logaddexp.reduce(terms) if terms else math.inf


def test_ctc_worst_value_is_unbounded_and_tensorflow_caps_the_unlikely():
    floor = -math.log(1e-307)  # TensorFlow's stand-in for ln 0
    row = ROWS["ctc"]["best_worst"]
    assert f"{floor:.1f}" == "706.9" and "$706.9 - \\ln P$" in row and "10^{-307}" in row
    # No path fits "aa" in two frames; both frames sure of b. The paths that stop short read
    # "", "a" (the chain blank, a, blank, a, blank cut short): 4 of the 9 two-frame paths.
    impossible = np.array([[[0.0, 0.0, 300.0]] * 2], F)
    keras_value, _ = tape(lambda z: keras.losses.ctc(np.array([[1, 1]]), z), impossible)
    short = np.logaddexp.reduce([impossible[0, 0, i].astype(np.float64) + impossible[0, 1, j]
                                 for i, j in ((0, 0), (0, 1), (1, 1), (1, 0))])
    short -= 2 * np.logaddexp.reduce(impossible[0, 0].astype(np.float64))
    assert ctc_brute_force([1, 1], impossible) == math.inf
    assert float(keras_value[0]) == pytest.approx(floor - short, rel=1e-5)
    assert float(keras_value[0]) > 1000
    np.testing.assert_allclose(losses.ctc(np.array([[1, 1]]), impossible), keras_value, rtol=1e-5)
    # "ab" in three frames is possible, but the blank's logit of 500 makes it about e^-1000 likely:
    # TensorFlow caps it at the floor, and the gradient all but vanishes; at 300 all is normal.
    for blank, capped in ((500.0, True), (300.0, False)):
        logits = np.zeros((1, 3, 3), F)
        logits[..., 0] = blank
        got, grad = tape(lambda z: keras.losses.ctc(np.array([[1, 2]]), z), logits)
        exact = ctc_brute_force([1, 2], logits)
        assert exact == pytest.approx(2 * blank - math.log(3), rel=1e-9)
        np.testing.assert_allclose(losses.ctc(np.array([[1, 2]]), logits), got, rtol=1e-5)
        if capped:
            assert exact > 998 and float(got[0]) == pytest.approx(floor, rel=1e-5)
            assert np.abs(grad).max() < 1e-5
        else:
            assert float(got[0]) == pytest.approx(exact, rel=1e-5) and np.abs(grad).max() > 0.1
    # The cap is relative to the short paths: "ab" in two frames that are both sure of b is
    # about e^-800 likely, far below 10^-307, but so are its short paths, and nothing is capped;
    # yet the gradient is gone.
    assert "less likely than $10^{-307} P$ gets the same cap" in row
    assert "far above 706.9 the loss may be exact and the push still gone" in row
    unlikely = np.array([[[0.0, 0.0, 800.0]] * 2], F)
    got, grad = tape(lambda z: keras.losses.ctc(np.array([[1, 2]]), z), unlikely)
    assert ctc_brute_force([1, 2], unlikely) == pytest.approx(800, abs=1e-3)  # only "ab" reads it
    assert float(got[0]) == pytest.approx(ctc_brute_force([1, 2], unlikely), rel=1e-5)
    assert np.abs(grad).max() < 1e-5


def test_focal_worst_values_from_logits():
    # Binary focal from logits: unbounded (on TensorFlow, which hands the logits to the cross-entropy).
    y_true, logit = np.array([[1.0]], F), np.array([[-1e4]], F)
    assert keras.backend.backend() == "tensorflow"
    assert float(np.asarray(keras.losses.binary_focal_crossentropy(y_true, logit, from_logits=True))[0]) > 1e3
    assert one(losses.binary_focal_crossentropy(y_true, logit, from_logits=True)) > 1e3
    row = ROWS["binary_focal_crossentropy"]["best_worst"]
    assert "unbounded from logits on the TensorFlow backend" in row
    # Categorical focal from logits: capped at 0.25 x 16.12 like probabilities.
    y_true, logits = np.array([[1.0, 0.0]], F), np.array([[-1e4, 0.0]], F)
    for fn in (keras.losses.categorical_focal_crossentropy, losses.categorical_focal_crossentropy):
        assert round(one(fn(y_true, logits, from_logits=True)), 2) == 4.03
    assert "from logits too" in ROWS["categorical_focal_crossentropy"]["best_worst"]

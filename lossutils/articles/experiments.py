"""The nine training experiments of Jason Brownlee's article comparing losses, on Keras 3.

Three problems with the article's own arguments and train/test split, its two small
MLPs and its optimiser, and one runner that trains an experiment and returns its
history and final metrics. Keras and scikit-learn are imported only inside the
functions that need them: ``import lossutils`` stays fast and TensorFlow-free.

The experiments (:data:`EXPERIMENTS`, by the name of their loss):

- ``mean_squared_error``, ``mean_squared_logarithmic_error``, ``mean_absolute_error``: the
  regression problem, ``Dense(1)`` output, the MSE as metric, 100 epochs;
- ``binary_crossentropy`` (labels 0/1, ``sigmoid`` output), ``hinge`` and ``squared_hinge``
  (labels -1/+1, ``tanh`` output): the two circles, accuracy, 200 epochs;
- ``categorical_crossentropy`` and ``kl_divergence`` (one-hot), ``sparse_categorical_crossentropy``
  (labels 0, 1, 2): the three blobs, ``Dense(3, 'softmax')``, accuracy, 100 epochs.

**The same ``fit``, faster.** Each of the article's scripts calls
``model.fit(trainX, trainy, validation_data=(testX, testy), epochs=100, verbose=0)`` and prints
``model.evaluate`` on both halves. Most of the time that takes is not arithmetic: every epoch,
``fit`` on arrays starts a new iterator over them, runs the 16 batches as 16 separate calls,
then calls ``evaluate`` on the test rows, which resets its metrics one small operation at a
time. :func:`run_experiment` makes the same updates with less around them, through the public
API of Keras and TensorFlow:

- *The same batches, from one dataset.* Once ``keras.utils.set_random_seed`` has run, ``fit``
  on arrays starts every epoch's seeded shuffle from the same seed, so every epoch sees the same
  order. :func:`fit_order` asks ``fit`` which order that is: two epochs of seeded ``fit`` on
  the row numbers, noted by a layer that passes its input on. :func:`article_batches` cuts the
  rows in that order into batches of 32, as one ``tf.data`` dataset that repeats, and ``fit``
  builds one iterator for the whole run instead of one per epoch. Were the two epochs ever to
  differ (another Keras), :func:`run_experiment` would give ``fit`` the arrays themselves.
- *One compiled call per epoch.* With ``steps_per_execution=16``, the epoch's 16 updates run
  in one call of the compiled training step.
- *The test rows scored by one compiled function* at the end of each epoch, instead of by a
  call of ``evaluate``. Scoring never touches the weights.

The weights and every logged training loss come out bit for bit as those of the article's
``fit`` on the arrays run after ``keras.utils.set_random_seed``, and the nine experiments take
about a sixth of the time of the nine scripts run one after another.
For a fresh order every epoch in a seeded run, give ``fit`` a ``tf.data`` pipeline that
reshuffles, as :func:`reshuffled_batches` does (``run_experiment(..., reshuffle=True)``).

The generators behind the two classification problems are known, so the best any model can do
on them is known too: :func:`true_probabilities` gives the probability of each class at an
input, and :func:`conditional_entropy` the lowest mean cross-entropy, ``H(Y | X)``.
:func:`output_gradients` says what a trained model's loss pushes on, example by example.

Example:

>>> problem = regression_problem()
>>> problem.x_train.shape, problem.y_test.shape
((500, 20), (500,))
>>> round(float((problem.y_train < 0).mean()), 3)  # clipped to eps by MSLE (erratum B4)
0.528
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable

import numpy as np

from .._validation import check_scalar
from ..metrics import accuracy_for

__all__ = [
    "Problem",
    "regression_problem",
    "circles_problem",
    "blobs_problem",
    "Experiment",
    "EXPERIMENTS",
    "sign_accuracy",
    "build_model",
    "BATCH_SIZE",
    "fit_order",
    "article_batches",
    "reshuffled_batches",
    "Result",
    "run_experiment",
    "SEEDS",
    "run_experiments",
    "TrainingProgress",
    "learning_curves",
    "true_probabilities",
    "conditional_entropy",
    "output_gradients",
]

#: The first this many rows train, the rest test (the article's split).
N_TRAIN = 500


@dataclasses.dataclass(frozen=True)
class Problem:
    """A data set split as the article splits it: the first 500 rows train, the last 500 test."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def _split(name: str, x: np.ndarray, y: np.ndarray) -> Problem:
    return Problem(name, x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:])


def regression_problem() -> Problem:
    """``make_regression(n_samples=1000, n_features=20, noise=0.1, random_state=1)``, standardised.

    The inputs and the target are standardised (``StandardScaler``) before the split, as in
    the article.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    from sklearn.datasets import make_regression
    from sklearn.preprocessing import StandardScaler

    x, y = make_regression(n_samples=1000, n_features=20, noise=0.1, random_state=1)
    x = StandardScaler().fit_transform(x)
    y = StandardScaler().fit_transform(y.reshape(-1, 1))[:, 0]
    return _split("regression", x, y)


def circles_problem(labels: str = "0/1") -> Problem:
    """``make_circles(n_samples=1000, noise=0.1, random_state=1)``.

    Args:
        labels: ``"0/1"`` as generated (for binary cross-entropy), or ``"-1/+1"`` (for the
            hinge losses, as the article converts them).

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    from sklearn.datasets import make_circles

    if labels not in ("0/1", "-1/+1"):
        raise ValueError(f'`labels` must be "0/1" or "-1/+1"; received {labels!r}.')
    x, y = make_circles(n_samples=1000, noise=0.1, random_state=1)
    y = y.astype("float64")
    if labels == "-1/+1":
        y = 2.0 * y - 1.0
    return _split(f"circles, labels {labels}", x, y)


def blobs_problem(one_hot: bool = True) -> Problem:
    """``make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2, random_state=2)``.

    Args:
        one_hot: one-hot rows (for categorical cross-entropy and KL divergence), or the
            integer labels 0, 1, 2 (for the sparse cross-entropy).

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    from sklearn.datasets import make_blobs

    one_hot = check_scalar(one_hot, "one_hot", "bool")
    x, y = make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2, random_state=2)
    targets = np.eye(3)[y] if one_hot else y
    return _split("blobs, one-hot" if one_hot else "blobs, integer labels", x, targets)


@dataclasses.dataclass(frozen=True)
class Experiment:
    """One of the article's nine experiments: its problem, model, loss, metric and epochs.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """

    name: str
    problem: Callable[[], Problem]
    hidden_units: int  # 25 for regression, 50 for classification
    outputs: int
    activation: str | None  # of the output layer
    loss: str
    metric: str  # what the article prints: 'mse' for regression, 'accuracy' otherwise
    epochs: int


def _experiments() -> dict[str, Experiment]:
    def regression(name):
        return Experiment(name, regression_problem, 25, 1, None, name, "mse", 100)

    def circles(name, labels, activation):
        return Experiment(name, lambda: circles_problem(labels), 50, 1, activation, name, "accuracy", 200)

    def blobs(name, one_hot):
        return Experiment(name, lambda: blobs_problem(one_hot), 50, 3, "softmax", name, "accuracy", 100)

    experiments = [
        regression("mean_squared_error"), regression("mean_squared_logarithmic_error"),
        regression("mean_absolute_error"),
        circles("binary_crossentropy", "0/1", "sigmoid"), circles("hinge", "-1/+1", "tanh"),
        circles("squared_hinge", "-1/+1", "tanh"),
        blobs("categorical_crossentropy", True), blobs("sparse_categorical_crossentropy", False),
        blobs("kl_divergence", True),
    ]
    return {e.name: e for e in experiments}


#: The nine experiments, by the name of their loss.
EXPERIMENTS = _experiments()


def sign_accuracy(y_true, y_pred):
    """The share of predictions whose sign is the label's: the accuracy for labels -1 and +1.

    Keras 3's ``'accuracy'`` thresholds at 0.5 and compares with 0 or 1, so a label of -1
    is never right (erratum B5). Works on NumPy arrays and on Keras tensors (as a metric).

    Example:

    >>> float(sign_accuracy(np.array([-1.0, 1.0, 1.0]), np.array([-0.2, 0.3, -0.9])))
    0.6666666865348816

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb); Keras losses in practice
    (book/keras_in_practice.ipynb).
    """
    import keras

    y_true = keras.ops.reshape(keras.ops.convert_to_tensor(y_true, "float32"), (-1,))
    y_pred = keras.ops.reshape(keras.ops.convert_to_tensor(y_pred, "float32"), (-1,))
    return keras.ops.mean(keras.ops.cast(keras.ops.sign(y_pred) == y_true, "float32"))


def build_model(experiment: Experiment, n_features: int, steps_per_execution: int = 1):
    """The article's MLP for ``experiment``, compiled with its loss, metric and optimiser.

    The optimiser is ``SGD(learning_rate=0.01, momentum=0.9)`` (the article's ``lr=`` is
    rejected by Keras 3, erratum B1); the model starts with ``keras.Input`` (``input_dim=``
    warns, erratum B9).

    Args:
        steps_per_execution: batches per compiled call; the updates stay the same.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    import keras

    model = keras.Sequential([
        keras.Input((n_features,)),
        keras.layers.Dense(experiment.hidden_units, activation="relu", kernel_initializer="he_uniform"),
        keras.layers.Dense(experiment.outputs, activation=experiment.activation),
    ])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
                  loss=experiment.loss, metrics=[experiment.metric], steps_per_execution=steps_per_execution)
    return model


#: ``model.fit``'s default batch size, which the article keeps.
BATCH_SIZE = 32


def fit_order(n_rows: int, seed: int, batch_size: int = BATCH_SIZE) -> np.ndarray | None:
    """The order in which seeded ``model.fit`` takes ``n_rows`` rows of arrays, asked of ``fit`` itself.

    After ``keras.utils.set_random_seed(seed)``, a small model trains two epochs, eagerly, on
    the row numbers 0, 1, ..., ``n_rows - 1``; its first layer passes its input on and notes
    every batch it sees. Seeded ``fit`` on arrays starts every epoch's shuffle from the same
    seed, so both epochs see the same order; if they ever did not (another Keras), there would
    be no one order to give. The answer is kept for the next call with the same arguments.

    Asking ``fit`` seeds the random generators and draws from them: set the seed again
    before training, as :func:`run_experiment` does.

    Returns:
        The row numbers in the order ``fit`` takes them (read-only), or ``None`` if the two
        epochs differ.
    """
    return _fit_order(check_scalar(n_rows, "n_rows", "int", low=1), check_scalar(seed, "seed", "int", low=0),
                      check_scalar(batch_size, "batch_size", "int", low=1))


@functools.lru_cache
def _fit_order(n_rows: int, seed: int, batch_size: int) -> np.ndarray | None:
    import keras

    class RowNumbers(keras.layers.Layer):
        """Passes its input on unchanged, and notes the row numbers of every training batch."""

        def __init__(self):
            super().__init__()
            self.seen = []

        def call(self, x, training=False):
            if training:
                self.seen.append(np.asarray(x[:, 0]).astype(int))
            return x

    keras.utils.set_random_seed(seed)
    recorder = RowNumbers()
    model = keras.Sequential([keras.Input((1,)), recorder, keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)  # eager: the layer sees real rows
    rows = np.arange(n_rows, dtype="float32")[:, np.newaxis]
    model.fit(rows, np.zeros(n_rows, "float32"), batch_size=batch_size, epochs=2, verbose=0)
    first, second = np.split(np.concatenate(recorder.seen), 2)
    if not np.array_equal(first, second):
        return None
    first.setflags(write=False)  # kept for the next call
    return first


def article_batches(x: np.ndarray, y: np.ndarray, order: np.ndarray, batch_size: int = BATCH_SIZE):
    """The rows of ``x`` and ``y`` in ``order``, cut into batches, as one ``tf.data`` dataset that repeats.

    With ``order`` from :func:`fit_order`, these are the batches seeded ``model.fit(x, y)``
    makes, the same in every epoch: ``fit`` on this dataset trains bit for bit as ``fit`` on
    the arrays, without building an iterator per epoch.
    """
    import tensorflow as tf

    order = np.asarray(order)
    if sorted(order.tolist()) != list(range(len(x))):
        raise ValueError(f"`order` must hold every row number of `x` once; received {len(order)} numbers "
                         f"for {len(x)} rows.")
    rows = tf.data.Dataset.from_tensor_slices((x[order], y[order]))
    return rows.batch(batch_size).repeat()


def reshuffled_batches(x: np.ndarray, y: np.ndarray, seed: int, batch_size: int = BATCH_SIZE):
    """Batches in a fresh order every epoch, reproducibly: a ``tf.data`` shuffle seeded with ``seed``.

    That is how ``fit`` on arrays shuffles when no seed is set, as in the article's scripts.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    import tensorflow as tf

    rows = tf.data.Dataset.from_tensor_slices((x, y))
    return rows.shuffle(len(x), seed=seed, reshuffle_each_iteration=True).batch(batch_size).repeat()


def _keras_metric(experiment: Experiment, y: np.ndarray):
    """The per-example function behind the experiment's metric, as ``compile`` resolves it
    (for ``'accuracy'``, by :func:`lossutils.metrics.accuracy_for`, from the shapes)."""
    import keras

    if experiment.metric == "mse":
        return keras.losses.mean_squared_error
    return getattr(keras.metrics, accuracy_for(y.shape, (len(y), experiment.outputs)))


def _readings_function(model, experiment: Experiment, problem: Problem):
    """A compiled function of the current weights: the loss and the metric on the test rows,
    and, for labels -1 and +1, the sign accuracy on the training and the test rows."""
    import keras
    import tensorflow as tf

    def column(y):  # a label per row, shaped as the model's output
        return tf.constant(y.reshape(-1, 1) if experiment.outputs == 1 else y, tf.float32)

    x_train, x_test = (tf.constant(x, tf.float32) for x in (problem.x_train, problem.x_test))
    y_train, y_test = column(problem.y_train), column(problem.y_test)
    loss, metric = keras.losses.get(experiment.loss), _keras_metric(experiment, problem.y_test)
    signed = bool(np.all(np.isin(problem.y_test, (-1.0, 1.0))))

    @tf.function
    def readings():
        predicted = model(x_test, training=False)
        values = {"val_loss": tf.reduce_mean(loss(y_test, predicted)),
                  f"val_{experiment.metric}": tf.reduce_mean(metric(y_test, predicted))}
        if signed:
            values["sign_accuracy"] = sign_accuracy(y_train, model(x_train, training=False))
            values["val_sign_accuracy"] = sign_accuracy(y_test, predicted)
        return values

    return readings


@dataclasses.dataclass(frozen=True)
class Result:
    """What one training run gives: the history of every epoch and the final metrics.

    Attributes:
        experiment: its name.
        seed: the seed of ``keras.utils.set_random_seed``.
        history: ``{key: [value per epoch]}``. ``loss`` and the metric (``mse`` or
            ``accuracy``) are what ``model.fit`` logs for the training rows (the mean over
            the epoch's batches, as the article plots them); ``val_loss`` and ``val_`` +
            the metric are computed on the test rows at the end of every epoch, as
            ``fit(validation_data=...)`` does. For labels -1 and +1 also ``sign_accuracy``
            and ``val_sign_accuracy``, at the end of every epoch.
        train, test: the metric on the training and the test rows after training, by
            ``model.evaluate``: the two numbers the article prints.
        extra: for labels -1 and +1, ``{"sign accuracy": (train, test), "round accuracy":
            (train, test)}``; the round accuracy is Keras 2.3's ``binary_accuracy``,
            ``mean(y == round(output))`` (erratum B5). Empty otherwise.
        seconds: the wall time of the training.
        model: the trained Keras model.
    """

    experiment: str
    seed: int
    history: dict[str, list[float]]
    train: float
    test: float
    extra: dict[str, tuple[float, float]]
    seconds: float
    model: object = dataclasses.field(repr=False, compare=False)


def _signed_readings(model, problem: Problem) -> dict[str, tuple[float, float]]:
    """Sign accuracy and Keras 2.3's round accuracy, on the training and the test rows."""
    # A direct call, not predict(): predict compiles a function per model, and TensorFlow
    # warns about retracing after a few models.
    outputs = [np.asarray(model(x, training=False))[:, 0] for x in (problem.x_train, problem.x_test)]
    labels = (problem.y_train, problem.y_test)
    def share(reading):
        return tuple(float(np.mean(reading(o) == y)) for o, y in zip(outputs, labels, strict=True))

    return {"sign accuracy": share(np.sign), "round accuracy": share(np.round)}


def run_experiment(name: str, seed: int = 1, *, epochs: int | None = None, reshuffle: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> Result:
    """Trains experiment ``name`` from seed ``seed`` as the article's script does, seeded.

    Returns its :class:`Result`.

    The updates are those of the article's ``model.fit(trainX, trainy, validation_data=
    (testX, testy), epochs=...)`` run after ``keras.utils.set_random_seed(seed)``, bit for
    bit: the same model, batches and optimiser. Faster, in three ways that change no weight:
    the batches, in the order :func:`fit_order` learns from ``fit``, come from one dataset
    (:func:`article_batches`) rather than one new iterator per epoch; each epoch's 16 updates
    run in one compiled call (``steps_per_execution``); and the test rows are scored by one
    compiled function at the end of each epoch rather than by a call of ``evaluate``.

    Args:
        name: a key of :data:`EXPERIMENTS`.
        seed: passed to ``keras.utils.set_random_seed`` (weights and batch order).
        epochs: to train fewer (or more) epochs than the article; ``None``: as the article.
        reshuffle: ``False``: the batch order of seeded ``fit``, the same in every epoch;
            ``True``: a fresh order every epoch (:func:`reshuffled_batches`), as the
            article's unseeded scripts had.
        progress: called as ``progress(epoch, epochs)`` after every epoch.

    Raises:
        ValueError: ``name`` is not an experiment.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    if name not in EXPERIMENTS:
        raise ValueError(f"`name` must be one of {sorted(EXPERIMENTS)}; received {name!r}.")
    seed = check_scalar(seed, "seed", "int", low=0)
    reshuffle = check_scalar(reshuffle, "reshuffle", "bool")
    experiment = EXPERIMENTS[name]
    epochs = experiment.epochs if epochs is None else check_scalar(epochs, "epochs", "int", low=1)
    import keras

    problem = experiment.problem()
    steps = -(-len(problem.x_train) // BATCH_SIZE)  # batches per epoch, the last one partial

    def at_epoch_end(epoch, logs):
        logged.append({key: float(value) for key, value in readings().items()})
        if progress is not None:
            progress(epoch + 1, epochs)

    start = time.perf_counter()
    order = None if reshuffle else fit_order(len(problem.x_train), seed)
    keras.utils.set_random_seed(seed)  # again: asking fit for its order drew from the seeded generators
    model = build_model(experiment, problem.x_train.shape[1], steps_per_execution=steps)
    readings, logged = _readings_function(model, experiment, problem), []
    if reshuffle or order is not None:  # a dataset, shuffled already
        batches = (reshuffled_batches(problem.x_train, problem.y_train, seed) if reshuffle
                   else article_batches(problem.x_train, problem.y_train, order))
        data = {"x": batches, "steps_per_epoch": steps, "shuffle": False}
    else:  # no one order for every epoch: fit on the arrays themselves
        data = {"x": problem.x_train, "y": problem.y_train, "batch_size": BATCH_SIZE}
    fitted = model.fit(**data, epochs=epochs, verbose=0,
                       callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=at_epoch_end)])
    seconds = time.perf_counter() - start
    _, train = model.evaluate(problem.x_train, problem.y_train, verbose=0)
    _, test = model.evaluate(problem.x_test, problem.y_test, verbose=0)
    history = {key: [float(v) for v in values] for key, values in fitted.history.items()}
    history.update({key: [epoch[key] for epoch in logged] for key in logged[0]})
    extra = _signed_readings(model, problem) if "sign_accuracy" in history else {}
    return Result(name, seed, history, float(train), float(test), extra, seconds, model)


#: The seeds of the chapter's table, three runs per experiment.
SEEDS = (1, 2, 3)


def run_experiments(names=None, seeds=SEEDS, *, reshuffle: bool = False,
                    progress: Callable[[str, int, int, int], None] | None = None
                    ) -> dict[tuple[str, int], Result]:
    """Trains every experiment of ``names`` from every seed of ``seeds``, one after another.

    Args:
        names: keys of :data:`EXPERIMENTS`; ``None``: all nine, in the article's order.
        seeds: the seeds, each passed to :func:`run_experiment`.
        reshuffle: passed to :func:`run_experiment`.
        progress: called as ``progress(name, seed, epoch, epochs)`` after every epoch.

    Returns:
        ``{(name, seed): Result}``, in the order they ran.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    names = list(EXPERIMENTS) if names is None else list(names)
    for name in names:
        if name not in EXPERIMENTS:
            raise ValueError(f"`names` must hold keys of EXPERIMENTS; received {name!r}.")
    seeds = [check_scalar(seed, "seeds", "int", low=0) for seed in seeds]
    results = {}
    for name in names:
        for seed in seeds:
            report = None if progress is None else (
                lambda epoch, epochs, name=name, seed=seed: progress(name, seed, epoch, epochs))
            results[name, seed] = run_experiment(name, seed, reshuffle=reshuffle, progress=report)
    return results


class TrainingProgress:
    """A progress bar and a line of text for :func:`run_experiments`, as an ipywidgets box.

    Shows which experiment trains, from which seed, and how far it is, instead of the
    hundreds of lines of epoch logs ``verbose=1`` would print. Pass it as ``progress``
    and show its ``widget``. In plain text (and to a test runner) the box shows as
    ``repr(progress)``, which does not change while it runs.

    Args:
        runs: how many trainings will report to it.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """

    #: The text is rewritten at most once per this many epochs, so that the front end keeps up.
    EVERY = 10

    def __init__(self, runs: int) -> None:
        import ipywidgets

        self.runs = check_scalar(runs, "runs", "int", low=1)
        self.done = 0
        self._bar = ipywidgets.IntProgress(value=0, min=0, max=self.runs, description="trainings")
        self._text = ipywidgets.Label(value=f"0 of {self.runs} trainings done")
        text = repr(self)

        class Box(ipywidgets.VBox):
            def __repr__(self) -> str:
                return text

        self.widget = Box([self._bar, self._text])

    def __repr__(self) -> str:
        return f"TrainingProgress(runs={self.runs})"

    def __call__(self, name: str, seed: int, epoch: int, epochs: int) -> None:
        if epoch == epochs:
            self.done += 1
            self._bar.value = self.done
        if epoch == epochs or epoch % self.EVERY == 0:
            now = "" if self.done == self.runs else f"; now {name}, seed {seed}, epoch {epoch} of {epochs}"
            self._text.value = f"{self.done} of {self.runs} trainings done{now}"


def learning_curves(results: dict[tuple[str, int], Result], names, seed: int = 1, *,
                    title: str | None = None):
    """Small multiples of learning curves, one column per experiment, for one seed.

    The loss above, the metric below, each on the training rows and the test rows. The MSE
    panels share one logarithmic axis, where errors of 0.003 and 0.012 stand apart.

    For labels -1 and +1 the metric panel also shows the sign accuracy on the test rows,
    the accuracy that is right for them (erratum B5).

    Args:
        results: what :func:`run_experiments` returns.
        names: the experiments to show, one column each.
        seed: which run of each.
        title: the figure title; say what to notice.

    Returns:
        The matplotlib figure.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    from ..plotting import label, legend_below, new_figure

    names = list(names)
    missing = [name for name in names if (name, seed) not in results]
    if missing:
        raise ValueError(f"`results` has no run of {missing} from seed {seed}.")
    fig, flat = new_figure(2, len(names), height=4.6, sharex=True, title=title)
    axes = np.asarray(flat, dtype=object).reshape(2, len(names))
    mse_values = []  # the MSE panels share one logarithmic scale, so that they can be compared
    for column, name in enumerate(names):
        history = results[name, seed].history
        metric = EXPERIMENTS[name].metric
        ax_loss, ax_metric = axes[:, column]
        ax_loss.plot(history["loss"], label="train")
        ax_loss.plot(history["val_loss"], label="test")
        ax_metric.plot(history[metric])
        ax_metric.plot(history[f"val_{metric}"])
        if "val_sign_accuracy" in history:
            ax_metric.plot(history["val_sign_accuracy"], color="0.35", linestyle="--",
                           label="test, sign accuracy")
        label(ax_loss, y="loss")
        ax_loss.set_title(name, fontsize=9)  # small enough for the longest Keras name
        label(ax_metric, x="epoch", y="MSE (log scale)" if metric == "mse" else "accuracy")
        if metric == "mse":
            ax_metric.set_yscale("log")
            mse_values += [*history[metric], *history[f"val_{metric}"]]
    if mse_values:
        for ax in axes[1]:
            if ax.get_yscale() == "log":
                ax.set_ylim(0.8 * min(mse_values), 1.25 * max(mse_values))
    # One legend: train and test, and the sign accuracy once if a column has it.
    signed = [ax for ax in axes[1] if ax.get_legend_handles_labels()[0]]
    legend_below(fig, axes[0, 0], *signed[:1], ncols=3)
    return fig


#: The noise of the two circles and their radii, class 0 outside (``make_circles``' defaults).
CIRCLES_NOISE, CIRCLES_RADII = 0.1, (1.0, 0.8)
#: The spread of each blob (``cluster_std``).
BLOBS_STD = 2.0


def _blobs_generator() -> tuple[np.ndarray, np.ndarray]:
    """The blobs' centres and the share of rows of each class, as ``make_blobs`` made them."""
    from sklearn.datasets import make_blobs

    _, y, centers = make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=BLOBS_STD,
                               random_state=2, return_centers=True)
    return centers, np.bincount(y) / len(y)


def _check_kind(problem: str) -> str:
    if problem not in ("circles", "blobs"):
        raise ValueError(f'`problem` must be "circles" or "blobs"; received {problem!r}.')
    return problem


def _log_likelihoods(problem: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``ln p(x | class)`` for each row and class, and ``ln p(class)``."""
    from scipy.special import i0e

    if problem == "blobs":
        centers, shares = _blobs_generator()
        squared = ((x[:, np.newaxis, :] - centers[np.newaxis]) ** 2).sum(axis=-1)
        return -squared / (2 * BLOBS_STD**2) - np.log(2 * np.pi * BLOBS_STD**2), np.log(shares)
    # A point of a circle of radius r at a uniform angle, plus Gaussian noise: averaged over
    # the angle, the density at distance rho from the centre is
    # exp(-(rho^2 + r^2) / 2 s^2) I0(rho r / s^2) / (2 pi s^2), with I0 = i0e * exp.
    rho = np.hypot(x[:, 0], x[:, 1])[:, np.newaxis]
    radii, s2 = np.array(CIRCLES_RADII)[np.newaxis], CIRCLES_NOISE**2
    log_density = -((rho - radii) ** 2) / (2 * s2) + np.log(i0e(rho * radii / s2)) - np.log(2 * np.pi * s2)
    return log_density, np.log([0.5, 0.5])


def _posterior(log_likelihood: np.ndarray, log_prior: np.ndarray) -> np.ndarray:
    joint = log_likelihood + log_prior
    joint = joint - joint.max(axis=-1, keepdims=True)
    return np.exp(joint) / np.exp(joint).sum(axis=-1, keepdims=True)


def true_probabilities(problem: str, x) -> np.ndarray:
    """The probability of each class at each input, from the generator of ``problem``'s data.

    No model can do better than these: they are what Bayes' rule gives from the way the rows
    were drawn. The two circles: a point at a uniform angle on the circle of radius 1
    (class 0) or 0.8 (class 1), one half each, plus Gaussian noise of standard deviation 0.1.
    The three blobs: Gaussians of standard deviation 2 around ``make_blobs``' centres, with its
    shares of rows (334, 333 and 333 of 1,000).

    Args:
        problem: ``"circles"`` or ``"blobs"``.
        x: inputs, shape ``(n, 2)``.

    Returns:
        Probabilities, shape ``(n, 2)`` for the circles and ``(n, 3)`` for the blobs; each
        row sums to 1.

    Raises:
        ValueError: an unknown ``problem``, or ``x`` not of shape ``(n, 2)``.

    Example:

    >>> p = true_probabilities("circles", np.array([[0.9, 0.0], [0.0, 0.0]]))
    >>> p.round(3).tolist()  # halfway between the circles: nearly even; at the centre: inner
    [[0.472, 0.528], [0.0, 1.0]]

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    problem = _check_kind(problem)
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"`x` must have shape (n, 2); received shape {x.shape}.")
    return _posterior(*_log_likelihoods(problem, x))


def _row_entropy(p: np.ndarray) -> np.ndarray:
    return -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=-1)


def conditional_entropy(problem: str) -> float:
    """``H(Y | X)`` of the generator of ``problem``, in nats: the floor of the cross-entropy.

    The mean over the inputs the generator draws of the entropy of
    :func:`true_probabilities` at each: the lowest mean cross-entropy that any model can reach
    on an unlimited sample. It is computed by quadrature: for the blobs, a Gauss-Hermite rule of
    80 x 80 points per blob; for the circles, along the distance from the centre (the angle does
    not matter), on 20,001 points from 0 to 2.5.

    Args:
        problem: ``"circles"`` or ``"blobs"``.

    Returns:
        ``H(Y | X)`` in nats.

    Example:

    >>> round(conditional_entropy("blobs"), 3), round(conditional_entropy("circles"), 3)
    (0.401, 0.358)

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    problem = _check_kind(problem)
    if problem == "blobs":
        centers, shares = _blobs_generator()
        nodes, weights = np.polynomial.hermite.hermgauss(80)
        grid = np.sqrt(2) * BLOBS_STD * np.stack(np.meshgrid(nodes, nodes), axis=-1).reshape(-1, 2)
        grid_weights = np.outer(weights, weights).ravel() / np.pi
        means = [np.sum(grid_weights * _row_entropy(true_probabilities("blobs", center + grid)))
                 for center in centers]  # the mean entropy over each blob
        return float(np.dot(shares, means))
    rho = np.linspace(0.0, 2.5, 20001)
    points = np.stack([rho, np.zeros_like(rho)], axis=1)
    log_likelihood, log_prior = _log_likelihoods("circles", points)
    # p(rho) = 2 pi rho p(x): the density of the distance, mixed over the two circles.
    density = 2 * np.pi * rho * np.exp(log_likelihood + log_prior).sum(axis=1)
    return float(np.trapezoid(density * _row_entropy(_posterior(log_likelihood, log_prior)), rho))


def output_gradients(result: Result, rows: str = "train") -> dict[str, np.ndarray]:
    """What the loss of a trained model pushes on: each example's gradient at the output layer.

    For every row, the derivative of that row's loss (the function ``compile`` resolves the
    loss's string to, by ``tf.GradientTape``) with respect to the output layer's pre-activation
    ``z``, the number (or vector) the activation turns into the prediction. ``fit`` divides
    these by the number of rows of the batch (its loss is their mean) and passes them back into
    the network.

    Args:
        result: a trained run, from :func:`run_experiment`.
        rows: ``"train"`` or ``"test"``.

    Returns:
        A dict with the keys ``"z"`` (the pre-activations), ``"prediction"`` (the model's
        outputs), ``"loss"`` (each row's loss) and ``"gradient"`` (d loss / d z); ``z``,
        ``prediction`` and ``gradient`` have shape ``(n, units)``, ``loss`` shape ``(n,)``.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb).
    """
    import keras
    import tensorflow as tf

    if rows not in ("train", "test"):
        raise ValueError(f'`rows` must be "train" or "test"; received {rows!r}.')
    experiment = EXPERIMENTS[result.experiment]
    problem = experiment.problem()
    x, y = (problem.x_train, problem.y_train) if rows == "train" else (problem.x_test, problem.y_test)
    y = y.reshape(-1, 1) if experiment.outputs == 1 else y
    hidden_layer, output_layer = result.model.layers
    activation, loss = keras.activations.get(experiment.activation), keras.losses.get(experiment.loss)

    z = keras.ops.matmul(hidden_layer(tf.constant(x, tf.float32)), output_layer.kernel) + output_layer.bias
    with tf.GradientTape() as tape:
        tape.watch(z)
        # The activation marks its output with the logits it came from, as in fit, so that
        # the cross-entropies take their stable route from the logits here too.
        prediction = activation(z)
        per_row = loss(tf.constant(y, tf.float32), prediction)
        total = tf.reduce_sum(per_row)  # each row's loss depends on its own z only
    values = (z, prediction, per_row, tape.gradient(total, z))
    return {key: np.asarray(value) for key, value in zip(("z", "prediction", "loss", "gradient"), values,
                                                          strict=True)}

"""The nine training experiments of seed 002 (Jason Brownlee's comparison of losses), on Keras 3.

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

Example:

>>> problem = regression_problem()
>>> problem.x_train.shape, problem.y_test.shape
((500, 20), (500,))
>>> round(float((problem.y_train < 0).mean()), 3)  # clipped to eps by MSLE (erratum B4)
0.528
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import numpy as np

from ._validation import check_scalar

__all__ = [
    "Problem",
    "regression_problem",
    "circles_problem",
    "blobs_problem",
    "Experiment",
    "EXPERIMENTS",
    "sign_accuracy",
    "build_model",
    "Result",
    "run_experiment",
]

#: The first this many rows train, the rest test (the article's split).
N_TRAIN = 500


@dataclasses.dataclass(frozen=True)
class Problem:
    """A data set split as the article splits it: the first 500 rows train, the last 500 test.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb, still to come).
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def _split(name: str, x: np.ndarray, y: np.ndarray) -> Problem:
    return Problem(name, x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:])


def regression_problem() -> Problem:
    """``make_regression(n_samples=1000, n_features=20, noise=0.1, random_state=1)``, with the
    inputs and the target standardised (``StandardScaler``), as in the article.

    Taught in: Regression losses (book/regression_losses.ipynb), which counts its negative
    targets; Choosing a loss (book/choosing_a_loss.ipynb, still to come).
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

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb, still to come).
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

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb, still to come).
    """
    from sklearn.datasets import make_blobs

    one_hot = check_scalar(one_hot, "one_hot", "bool")
    x, y = make_blobs(n_samples=1000, centers=3, n_features=2, cluster_std=2, random_state=2)
    targets = np.eye(3)[y] if one_hot else y
    return _split("blobs, one-hot" if one_hot else "blobs, integer labels", x, targets)


@dataclasses.dataclass(frozen=True)
class Experiment:
    """One of the article's nine experiments: its problem, model, loss, metric and epochs.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb, still to come).
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

    Taught in: Hinge losses (book/hinge.ipynb); Choosing a loss (book/choosing_a_loss.ipynb,
    still to come).
    """
    import keras

    y_true = keras.ops.reshape(keras.ops.convert_to_tensor(y_true, "float32"), (-1,))
    y_pred = keras.ops.reshape(keras.ops.convert_to_tensor(y_pred, "float32"), (-1,))
    return keras.ops.mean(keras.ops.cast(keras.ops.sign(y_pred) == y_true, "float32"))


def build_model(experiment: Experiment, n_features: int, steps_per_execution: int = 1):
    """The article's MLP for ``experiment``, compiled with its loss, metric and optimiser
    (``SGD(learning_rate=0.01, momentum=0.9)``; the article's ``lr=`` is rejected by Keras 3,
    erratum B1). Starts with ``keras.Input`` (``input_dim=`` warns, erratum B9).

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb, still to come).
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


@dataclasses.dataclass(frozen=True)
class Result:
    """What one training run gives: the history of every epoch and the final metrics.

    Attributes:
        experiment: its name.
        seed: the seed of ``keras.utils.set_random_seed``.
        history: ``{key: [value per epoch]}`` as ``model.fit`` records it (``loss``,
            ``val_loss``, the metric and ``val_`` + the metric).
        train, test: the metric on the training and the test rows after training, by
            ``model.evaluate``.
        seconds: the wall time of the training.
        model: the trained Keras model.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb, still to come).
    """

    experiment: str
    seed: int
    history: dict[str, list[float]]
    train: float
    test: float
    seconds: float
    model: object = dataclasses.field(repr=False, compare=False)


def run_experiment(name: str, seed: int = 1, *, epochs: int | None = None, steps_per_execution: int = 1,
                   progress: Callable[[int, int], None] | None = None) -> Result:
    """Trains experiment ``name`` from seed ``seed`` and returns its :class:`Result`.

    Args:
        name: a key of :data:`EXPERIMENTS`.
        seed: passed to ``keras.utils.set_random_seed`` (weights and batch order).
        epochs: to train fewer (or more) epochs than the article; ``None``: as the article.
        steps_per_execution: batches per compiled call (a speed-up; the same updates).
        progress: called as ``progress(epoch, epochs)`` after every epoch.

    Raises:
        ValueError: ``name`` is not an experiment.

    Taught in: Choosing a loss (book/choosing_a_loss.ipynb, still to come).
    """
    if name not in EXPERIMENTS:
        raise ValueError(f"`name` must be one of {sorted(EXPERIMENTS)}; received {name!r}.")
    seed = check_scalar(seed, "seed", "int", low=0)
    steps_per_execution = check_scalar(steps_per_execution, "steps_per_execution", "int", low=1)
    experiment = EXPERIMENTS[name]
    epochs = experiment.epochs if epochs is None else check_scalar(epochs, "epochs", "int", low=1)
    import keras

    problem = experiment.problem()
    keras.utils.set_random_seed(seed)
    model = build_model(experiment, problem.x_train.shape[1], steps_per_execution)
    callbacks = []
    if progress is not None:
        callbacks.append(keras.callbacks.LambdaCallback(
            on_epoch_end=lambda epoch, logs: progress(epoch + 1, epochs)))
    start = time.perf_counter()
    fitted = model.fit(problem.x_train, problem.y_train, validation_data=(problem.x_test, problem.y_test),
                       epochs=epochs, verbose=0, callbacks=callbacks)
    seconds = time.perf_counter() - start
    _, train = model.evaluate(problem.x_train, problem.y_train, verbose=0)
    _, test = model.evaluate(problem.x_test, problem.y_test, verbose=0)
    history = {key: [float(v) for v in values] for key, values in fitted.history.items()}
    return Result(name, seed, history, float(train), float(test), seconds, model)

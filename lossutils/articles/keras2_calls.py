"""The articles' Keras 2 calls and what Keras 3 does with them: the data of the errata, as code that runs.

Each :class:`~lossutils.articles.keras2_calls.Change` holds a call as an article wrote it and
its Keras 3 form, both as source text, so a chapter can print exactly the code it executes.
:func:`~lossutils.articles.keras2_calls.run` executes one and reports what happened: it raised
(and what), it warned, or it worked (and what it returned). The book runs every pair, and the
tests check that each old form still fails the way
:attr:`~lossutils.articles.keras2_calls.Change.old_does` says and that each new form works
without a warning.

Importing this module loads nothing heavy; :func:`~lossutils.articles.keras2_calls.namespace`
imports Keras.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import os
import subprocess
import sys
import warnings

import numpy as np

__all__ = ["ARTICLES", "Change", "CHANGES", "Outcome", "run", "namespace", "import_keras_in_new_process"]

#: The source articles, by the short name each Change uses.
ARTICLES = {
    "Ye": "Andre Ye, A Guide to Neural Network Loss Functions with Applications in Keras",
    "CSDN": "浅析深度学习中的几种损失函数 (a CSDN post quoting the tf.keras docstrings)",
    "Brownlee": "Jason Brownlee, How to Choose Loss Functions When Training Deep Learning Neural Networks",
    "Yisu": "Keras loss函数有什么用 (a Yisu Cloud post on compile, the Keras 2 losses and metrics)",
}


@dataclasses.dataclass(frozen=True)
class Change:
    """One call an article makes, and what Keras 3 wants instead.

    Attributes:
        erratum: its label in the errata (``"B1"``, ``"Y5"``, ...).
        article: the key of the article in :data:`~lossutils.articles.keras2_calls.ARTICLES`.
        old: the call as the article makes it (Python source).
        new: the Keras 3 form (Python source); its last line is an expression
            whose value shows that it works.
        old_does: ``"raises"``, ``"warns"``, or ``"works"`` for a call that
            still runs but now means something else.
        why: one line on what changed.
        reproduces: empty when ``old`` is the article's own call; otherwise what
            the article wrote, of which ``old`` is the book's runnable reproduction
            (a model built around the article's line, a helper that imports a backend).
    """

    erratum: str
    article: str
    old: str
    new: str
    old_does: str
    why: str
    reproduces: str = ""


# A one-layer model whose output is 0, so that its losses are known in advance.
_MODEL = "model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, kernel_initializer='zeros')])\n"


# The same for sequences of 3 steps of 2 features: one output per step, whose weights may differ.
_SEQUENCE_MODEL = ("model = keras.Sequential([keras.Input((3, 2)), "
                   "keras.layers.Dense(1, kernel_initializer='zeros')])\n")

# Brownlee's regression runs, in miniature: MSE as the loss and as the metric, one epoch.
_FIT_WITH_MSE_METRIC = (_MODEL + "model.compile(optimizer='sgd', loss='mse', metrics=['mse'])\n"
                        "history = model.fit(np.ones((4, 3)), np.ones(4), epochs=1, verbose=0)\n")

#: Every outdated Keras call of the articles, in the order of the errata.
CHANGES = (
    Change("A1", "Ye", "keras.losses.get('cosine_proximity')",
           "keras.losses.get('cosine_similarity').__name__", "raises",
           "renamed; it returns -cos, so lower still means more alike"),
    Change("A1", "Ye", "keras.losses.cosine_proximity",
           "keras.losses.CosineSimilarity().name", "raises", "the function and its class renamed"),
    Change("A2", "Ye", "keras.losses.get('huber_loss')", "keras.losses.get('huber').__name__",
           "raises", "renamed"),
    Change("A3", "Ye", "keras.losses.get('logcosh')", "keras.losses.get('log_cosh').__name__",
           "raises", "renamed"),
    Change("A8", "Ye",
           "keras.losses.categorical_crossentropy([[0.0, 1.0]], [[0.2, 0.8]], from_logits=False).numpy()",
           "import inspect\nstr(inspect.signature(keras.losses.categorical_crossentropy))", "works",
           "the call still runs; later versions only added axis=-1 (and ignore_class to the sparse loss)",
           "keras.losses.categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0)"),
    Change("C3", "CSDN",  # the old file is looked for, not imported: it is internal to TensorFlow
           "import pathlib\n"
           "pathlib.Path(tf.__file__).parent.joinpath('python', 'keras', 'losses.py').is_file()",
           "import inspect\n"
           "inspect.getsourcefile(tf.keras.losses.MeanSquaredError).split('site-packages/')[-1]", "works",
           "TensorFlow still ships the old file, but tf.keras is Keras 3, written in keras/src",
           "tensorflow/python/keras/losses.py"),
    Change("E6", "CSDN",
           "keras.losses.sparse_categorical_crossentropy([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])",
           "keras.losses.sparse_categorical_crossentropy(\n"
           "    np.array([1, 2]), np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])).numpy()", "raises",
           "the sparse loss reads the .shape of y_true and y_pred, "
           "so both must be arrays or tensors, not lists"),
    Change("B1", "Brownlee", "keras.optimizers.SGD(lr=0.01, momentum=0.9)",
           "keras.optimizers.SGD(learning_rate=0.01, momentum=0.9).learning_rate.numpy()", "raises",
           "the short name lr is gone"),
    Change("B2", "Brownlee", _FIT_WITH_MSE_METRIC + "history.history['mean_squared_error']",
           _FIT_WITH_MSE_METRIC + "sorted(history.history)", "raises",
           "a metric is logged under the name it was given", "history.history['mean_squared_error']"),
    Change("B3", "Brownlee", "keras.losses.get('kullback_leibler_divergence')",
           "keras.losses.get('kld').__name__", "raises",
           "the long name is gone; 'kld' and 'kl_divergence' remain"),
    Change("B9", "Brownlee", "keras.Sequential([keras.layers.Dense(25, input_dim=20)])",
           "keras.Sequential([keras.Input((20,)), keras.layers.Dense(25)]).output_shape", "warns",
           "a model starts from keras.Input"),
    Change("Y1", "Yisu", _MODEL + "model.compile(loss='mse', sample_weight_mode='temporal')",
           _SEQUENCE_MODEL + "model.compile(loss='mse')\n"
           "model.evaluate(np.ones((2, 3, 2)), np.ones((2, 3, 1)),\n"
           "               sample_weight=np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]), verbose=0)",
           "raises",
           "no mode to set: weights per timestep, of shape (samples, timesteps), go straight to fit",
           "compile(..., sample_weight_mode=None, ...)"),
    Change("Y1", "Yisu", _MODEL + "model.compile(loss='mse', target_tensors=None)",
           _MODEL + "model.compile(loss='mse')\nmodel.compiled", "raises",
           "targets always come with the data", "compile(..., target_tensors=None, ...)"),
    Change("Y2", "Yisu", "keras.losses.get('cosine')", "keras.losses.get('cosine_similarity').__name__",
           "raises", "the alias is gone"),
    Change("Y2", "Yisu", "keras.losses.mse", "keras.losses.get('mse').__name__", "raises",
           "short names are strings for compile and get, not attributes"),
    Change("Y4", "Yisu", "import_keras_in_new_process(backend='cntk')",
           "import_keras_in_new_process(backend='tensorflow')", "raises",
           "CNTK and Theano are gone; Keras 3 trains on TensorFlow, JAX or PyTorch "
           "(and runs trained models on NumPy or OpenVINO)", "import cntk as C"),
    Change("Y5", "Yisu", "keras.metrics.Mean().reset_states()",
           "mean = keras.metrics.Mean()\nmean.reset_state()\nmean.result().numpy()", "raises",
           "renamed"),
    Change("Y6", "Yisu",
           "keras.losses.mean_squared_error(tf.constant([1, 1, 1, 1]), tf.constant([2, 2, 2, 2]))",
           "keras.losses.mean_squared_error(np.array([1, 1, 1, 1]), np.array([2, 2, 2, 3])).numpy()",
           "works", "integers are now averaged in float32: 1.0, not the int32 1, and 1.75 where "
           "Keras 2 truncated to 1"),
)


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What running a piece of code did.

    ``str(outcome)`` is a short log line (``"raises: ValueError: ..."``);
    :meth:`~lossutils.articles.keras2_calls.Outcome.words` says the same for a reader.

    Attributes:
        kind: ``"raises"``, ``"warns"`` or ``"works"``.
        detail: the exception (``"ValueError: ..."``, first line only), the
            warning, or the ``repr`` of the last expression's value.
        value: the last expression's value itself when the code worked (else ``None``).
    """

    kind: str
    detail: str
    value: object = dataclasses.field(default=None, compare=False, repr=False)

    def __str__(self):
        return f"{self.kind}: {self.detail}"

    def words(self) -> str:
        """What the code did, as the end of a sentence whose subject is the code.

        An error or a warning is named with its message in quotation marks; a
        value is written as a reader reads it: numbers with at most four
        decimals and their NumPy dtype, strings and other Python values as code.

        >>> print(run("int('one')", {}).words())
        raises ValueError, “invalid literal for int() with base 10: 'one'”
        >>> import numpy as np
        >>> print(run("np.float32(0.01)", {"np": np}).words())
        returns 0.01 (float32)
        """
        if self.kind == "works":
            return f"returns {_readable(self.value)}"
        kind, _, message = self.detail.partition(": ")
        verb = "raises" if self.kind == "raises" else "issues a"
        return f"{verb} {kind}, “{message.strip()}”" if message.strip() else f"{verb} {kind}"


def _readable(value) -> str:
    """A value as a sentence shows it: numbers rounded to four decimals with their dtype, the rest as code."""
    if hasattr(value, "numpy") and not isinstance(value, type):
        value = value.numpy()
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "fiub":
        numbers = np.asarray(value)
        def number(x):
            return (np.format_float_positional(np.round(x, 4), trim="0") if numbers.dtype.kind == "f"
                    else str(x))
        shown = (number(numbers[()]) if numbers.ndim == 0
                 else "[" + ", ".join(number(x) for x in numbers.ravel()) + "]")
        return f"{shown} ({numbers.dtype})"
    if isinstance(value, float):
        return np.format_float_positional(round(value, 4), trim="0")
    return f"`{value!r}`"


def _first_line(text: str) -> str:
    return str(text).strip().splitlines()[0] if str(text).strip() else ""


def run(code: str, env: dict) -> Outcome:
    """Executes ``code`` in the namespace ``env`` and reports what happened.

    Args:
        code: Python source; if its last statement is an expression, its value
            is the outcome's detail.
        env: the globals to run it in (see :func:`~lossutils.articles.keras2_calls.namespace`); it is changed.

    Returns:
        An :class:`~lossutils.articles.keras2_calls.Outcome`. An exception becomes ``"raises"``; otherwise a
        warning from the code becomes ``"warns"``; otherwise ``"works"``.

    Example:

    >>> print(run("1 + 1", {}))
    works: 2
    >>> print(run("int('one')", {}))
    raises: ValueError: invalid literal for int() with base 10: 'one'

    Taught in: Keras losses in practice (book/keras_in_practice.ipynb).
    """
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(compile(tree, "<change>", "exec"), env)
            value = eval(compile(ast.Expression(last.value), "<change>", "eval"), env) if last else None
        except Exception as error:  # the point is to report it
            return Outcome("raises", f"{type(error).__name__}: {_first_line(error)}")
    if caught:
        warning = caught[0]
        return Outcome("warns", f"{warning.category.__name__}: {_first_line(warning.message)}")
    return Outcome("works", repr(value), value)


def import_keras_in_new_process(backend: str) -> str:
    """Imports Keras in a fresh Python with ``KERAS_BACKEND=backend``.

    Returns:
        The backend Keras reports, if the import works.

    Raises:
        Exception: the one the import raised in the new process, with its
            message, and its type if that is a built-in one (``RuntimeError``
            otherwise).
    """
    child = subprocess.run(
        [sys.executable, "-c", "import keras; print(keras.backend.backend())"],
        env={**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True, text=True, timeout=300, check=False,
    )
    if child.returncode:
        kind, _, message = child.stderr.strip().splitlines()[-1].partition(": ")
        error = getattr(builtins, kind, None)
        raise (error if isinstance(error, type) and issubclass(error, Exception) else RuntimeError)(message)
    return child.stdout.strip()


def namespace() -> dict:
    """The globals every :class:`~lossutils.articles.keras2_calls.Change` runs in.

    They are ``keras``, ``np``, ``tf`` and
    :func:`~lossutils.articles.keras2_calls.import_keras_in_new_process`.

    Taught in: Keras losses in practice (book/keras_in_practice.ipynb).
    """
    import keras
    import numpy as np
    import tensorflow as tf

    return {"keras": keras, "np": np, "tf": tf, "import_keras_in_new_process": import_keras_in_new_process}

"""NumPy twins of the Keras 3 functional losses.

Same names, same signatures, same return shapes (most reduce the last axis;
``dice`` and ``tversky`` reduce every axis by default, ``circle`` and ``ctc``
give one value per embedding or sequence) and the same dtypes as
``keras.losses.<name>``: float64 ``y_pred`` is computed in float64,
everything else (float32, integers, Python lists) in float32, Keras's
default. The test suite checks the agreement with Keras to
``rtol = atol = 1e-5`` on random and extreme inputs.

Unlike Keras, bad input is refused with a message naming the argument: shapes
that do not match, labels out of range, NaN, probabilities outside [0, 1].

Also here: :func:`get` (Keras's string names and aliases), :func:`reduce`
(Keras's reductions with ``sample_weight``) and :class:`Loss` (a twin of the
Keras loss classes).
"""

from ._common import EPSILON
from .focal import binary_focal_crossentropy, categorical_focal_crossentropy
from .margin import categorical_hinge, hinge, squared_hinge
from .metric_learning import circle
from .overlap import dice, tversky
from .probabilistic import (
    binary_crossentropy,
    categorical_crossentropy,
    categorical_generalized_cross_entropy,
    kl_divergence,
    poisson,
    sparse_categorical_crossentropy,
)
from .reduction import REDUCTIONS, Loss, reduce
from .registry import get
from .regression import (
    cosine_similarity,
    huber,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from .sequence import ctc

__all__ = [
    "mean_squared_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error",
    "huber",
    "log_cosh",
    "poisson",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "kl_divergence",
    "binary_focal_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_generalized_cross_entropy",
    "hinge",
    "squared_hinge",
    "categorical_hinge",
    "cosine_similarity",
    "dice",
    "tversky",
    "circle",
    "ctc",
    "get",
    "reduce",
    "Loss",
    "REDUCTIONS",
    "EPSILON",
]

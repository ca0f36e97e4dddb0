"""``get()``: resolve the strings Keras 3 accepts for a loss (``loss='mse'``) to lossutils."""

from __future__ import annotations

import inspect

import numpy as np

from . import focal, margin, metric_learning, overlap, probabilistic, regression, sequence
from .reduction import Loss

__all__ = ["get", "FUNCTIONS", "ALIASES", "CLASSES", "CLASS_DEFAULTS", "REMOVED_IN_KERAS_3"]

#: The functional losses, by their Keras 3 names: what the loss modules export that
#: takes ``(y_true, y_pred, ...)`` (a helper beside the losses is not one).
FUNCTIONS = {
    fn.__name__: fn
    for module in (regression, probabilistic, focal, margin, overlap, metric_learning, sequence)
    for fn in (getattr(module, name) for name in module.__all__)
    if callable(fn) and list(inspect.signature(fn).parameters)[:2] == ["y_true", "y_pred"]
}

#: Short names Keras 3 still accepts in ``compile(loss=...)`` and ``keras.losses.get``.
ALIASES = {
    "bce": "binary_crossentropy",
    "BCE": "binary_crossentropy",
    "kld": "kl_divergence",
    "KLD": "kl_divergence",
    "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error",
    "mse": "mean_squared_error",
    "MSE": "mean_squared_error",
    "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error",
}

#: Keras's loss classes; ``get`` returns a :class:`Loss` with their defaults.
CLASSES = {
    "MeanSquaredError": "mean_squared_error",
    "MeanAbsoluteError": "mean_absolute_error",
    "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
    "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
    "Huber": "huber",
    "LogCosh": "log_cosh",
    "CosineSimilarity": "cosine_similarity",
    "BinaryCrossentropy": "binary_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
    "KLDivergence": "kl_divergence",
    "Poisson": "poisson",
    "Hinge": "hinge",
    "SquaredHinge": "squared_hinge",
    "CategoricalHinge": "categorical_hinge",
    "BinaryFocalCrossentropy": "binary_focal_crossentropy",
    "CategoricalFocalCrossentropy": "categorical_focal_crossentropy",
    "CategoricalGeneralizedCrossEntropy": "categorical_generalized_cross_entropy",
    "Dice": "dice",
    "Tversky": "tversky",
    "Circle": "circle",
    "CTC": "ctc",
}

#: Where a class's defaults differ from its function's: ``q`` has no default in the
#: function, and Keras names its Huber instances "huber_loss".
CLASS_DEFAULTS = {
    "CategoricalGeneralizedCrossEntropy": {"q": 0.5},
    "Huber": {"name": "huber_loss"},
}

#: Function arguments a class does not take: ``keras.losses.Circle`` compares a
#: batch with itself, so it has no reference batch.
_FUNCTION_ONLY_ARGUMENTS = {"Circle": ("ref_labels", "ref_embeddings")}

#: Names from Keras 2 (and older tutorials) that Keras 3 rejects, with their replacements.
REMOVED_IN_KERAS_3 = {
    "cosine_proximity": "cosine_similarity (note: it returns -cos, so lower is more similar)",
    "cosine": "cosine_similarity (note: it returns -cos, so lower is more similar)",
    "huber_loss": "huber",
    "logcosh": "log_cosh",
    "kullback_leibler_divergence": "kl_divergence (or 'kld')",
}


def _class_arguments(class_name: str) -> list[str]:
    """What ``keras.losses.<class_name>(...)`` takes: the loss's own arguments, name, reduction, dtype."""
    fn = FUNCTIONS[CLASSES[class_name]]
    own = list(inspect.signature(fn).parameters)[2:]  # after y_true, y_pred
    excluded = _FUNCTION_ONLY_ARGUMENTS.get(class_name, ())
    return [arg for arg in own if arg not in excluded] + ["name", "reduction", "dtype"]


def _compute_dtype(dtype):
    """A Keras ``dtype`` config entry (a name or a ``DTypePolicy`` config) as a NumPy dtype name."""
    policy = dtype
    if isinstance(dtype, dict):  # {"class_name": "DTypePolicy", "config": {"name": "float64"}, ...}
        policy = (dtype.get("config") or {}).get("name")
    if isinstance(policy, str):
        name = policy.removeprefix("mixed_")  # "mixed_float16" computes in float16
        try:
            np.dtype(name)
        except TypeError:
            pass
        else:
            return name
    raise ValueError(
        "`dtype` in a loss config must be a dtype name such as 'float32' or a DTypePolicy "
        f"config; received dtype={dtype!r}."
    )


def _loss_class(class_name: str, config=None) -> Loss:
    """The twin of ``keras.losses.<class_name>(**config)``."""
    config = {**CLASS_DEFAULTS.get(class_name, {}), **(config or {})}
    allowed = _class_arguments(class_name)
    unknown = sorted(set(config) - set(allowed), key=str)
    if unknown:
        raise ValueError(
            f"The config of {class_name} has unknown key(s) {unknown}; "
            f"keras.losses.{class_name} takes {allowed}."
        )
    if config.get("dtype") is None:
        config.pop("dtype", None)  # None means Keras's float32
    else:
        config["dtype"] = _compute_dtype(config["dtype"])
    if config.get("name") is None:
        config.pop("name", None)
    return Loss(FUNCTIONS[CLASSES[class_name]], **config)


def _from_string(name: str):
    if name in FUNCTIONS:
        return FUNCTIONS[name]
    if name in ALIASES:
        return FUNCTIONS[ALIASES[name]]
    if name in CLASSES:
        return _loss_class(name)
    if name in REMOVED_IN_KERAS_3:
        raise ValueError(
            f"'{name}' was removed in Keras 3; use {REMOVED_IN_KERAS_3[name]} instead."
        )
    raise ValueError(
        f"Unknown loss identifier {name!r}; expected one of the Keras 3 names "
        f"{sorted(FUNCTIONS)}, an alias {sorted(ALIASES)} or a class name {sorted(CLASSES)}."
    )


def _from_config(config: dict):
    if set(config) - {"class_name", "config", "module", "registered_name"} or "class_name" not in config:
        raise ValueError(
            "A dict identifier must look like {'class_name': 'CategoricalCrossentropy', "
            f"'config': {{...}}}}; received {config!r}."
        )
    name = config["class_name"]
    if name not in CLASSES:
        _from_string(name)  # raises the right message for removed or unknown names
        raise ValueError(
            f"'class_name' must name a loss class such as {sorted(CLASSES)[:3]}; received {name!r}."
        )
    inner = config.get("config") or {}
    if not isinstance(inner, dict):
        raise ValueError(f"'config' must be a dict of {name}'s arguments; received {inner!r}.")
    return _loss_class(name, inner)


def get(identifier):
    """Resolves a Keras 3 loss identifier to its lossutils twin.

    Args:
        identifier: a function name (``"categorical_crossentropy"``), an alias
            (``"mse"``, ``"kld"``, ...), a class name (``"Huber"``, giving a
            :class:`~lossutils.losses.Loss` with Keras's defaults), a config dict
            ``{"class_name": ..., "config": {...}}`` such as
            ``keras.losses.serialize`` writes (its ``"name"``, ``"reduction"``,
            ``"dtype"`` and the loss's own arguments are kept), a callable
            (returned as is) or ``None`` (returned as is, like Keras).

    Returns:
        A loss function or a :class:`~lossutils.losses.Loss`.

    Raises:
        ValueError: the name is unknown, Keras 3 removed it (the message
            names the replacement), or a config holds a key the class does
            not take (the message names it).

    Example:

    >>> get("mse").__name__
    'mean_squared_error'
    >>> get("CategoricalCrossentropy")
    Loss(categorical_crossentropy, reduction='sum_over_batch_size')
    >>> get({"class_name": "Huber", "config": {"name": "h", "reduction": "sum", "delta": 2.0}})
    Loss(h, delta=2.0, reduction='sum')
    >>> get("logcosh")
    Traceback (most recent call last):
    ...
    ValueError: 'logcosh' was removed in Keras 3; use log_cosh instead.

    Taught in: KL divergence (book/kl_divergence.ipynb); Keras losses in practice
    (book/keras_in_practice.ipynb).
    """
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, str):
        return _from_string(identifier)
    if isinstance(identifier, dict):
        return _from_config(identifier)
    raise TypeError(
        f"`identifier` must be a string, a config dict, a callable or None; "
        f"received {identifier!r} of type {type(identifier).__name__}."
    )

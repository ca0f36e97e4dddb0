"""Every scalar argument of every public function refuses bad values, naming itself.

In the spirit of scikit-learn's ``test_public_functions``: the signatures of
the public functions (and explorer classes) of lossutils are introspected, and
each scalar argument (``from_logits``, ``label_smoothing``, ``axis``, ``delta``,
``gamma``, ``alpha``, ``base``, ``target``, ...) is given, in a call that is
otherwise valid, a bool where a number is expected (or a number where a bool
is), a string, NaN, a float where an int is expected, and a value out of its
range. Each must raise a ``TypeError`` or ``ValueError`` whose message names
the argument and shows the value received.

Every parameter of every covered function must be classified here, as a
scalar (with its kind and a value out of range) or as not scalar; a new one
makes :func:`test_every_parameter_is_classified` fail until it is.
"""

from __future__ import annotations

import dataclasses
import inspect
import math

import pytest
from loss_recipes import recipe_for

from lossutils import explorers, information, losses, plotting
from lossutils.explorers import Explorer
from lossutils.losses.registry import FUNCTIONS


@dataclasses.dataclass(frozen=True)
class Scalar:
    kind: str  # "real", "int" or "bool"
    out_of_range: object = None  # None: every value of the kind is valid


#: Scalar arguments by name; "function.argument" where one name means different things.
SCALARS = {
    "from_logits": Scalar("bool"),
    "apply_class_balancing": Scalar("bool"),
    "remove_diagonal": Scalar("bool"),
    "label_smoothing": Scalar("real", 1.5),
    "alpha": Scalar("real", -1.0),
    "beta": Scalar("real", -1.0),
    "gamma": Scalar("real", -1.0),
    "delta": Scalar("real", -1.0),
    "margin": Scalar("real", 2.0),
    "q": Scalar("real", 1.5),
    "axis": Scalar("int", 99),
    "ignore_class": Scalar("int"),  # any label may be the ignored one
    "base": Scalar("real", -2.0),
    "nrows": Scalar("int", 0),
    "ncols": Scalar("int", 0),
    "fontsize": Scalar("real", 0.0),
    "n": Scalar("int", 0),
    "width": Scalar("real", -1.0),
    "height": Scalar("real", -1.0),
    "dpi": Scalar("real", -1.0),
    "target": Scalar("int", 99),
    "binary_crossentropy_reading.target": Scalar("real", 1.5),
    "BinaryCrossentropyExplorer.target": Scalar("real", 1.5),
    "prediction": Scalar("real", 1.5),
    "separation": Scalar("real", -1.0),
    "weight": Scalar("real", 1.5),
    "max_weight": Scalar("real", 1.0),  # below max(weights) = 26
    "regression_loss_reading.target": Scalar("real", -1.0),
    "RegressionLossExplorer.target": Scalar("real", -1.0),
    "outlier": Scalar("real"),  # the dragged point may go anywhere
    "score": Scalar("real"),  # any raw score
    "angle": Scalar("real", 200.0),
    "length": Scalar("real", -1.0),
    "label": Scalar("int", 0),  # -1 or +1
    "p_t": Scalar("real", 1.5),
    "learning_rate": Scalar("real", 2.0),
    "batch_size": Scalar("int", 0),  # one of the offered sizes
    "threshold": Scalar("real", 2.0),  # a tanh output's threshold lies in [-1, 1]
}
#: Arguments that are not scalars: arrays, sequences, strings, figures, callables.
NOT_SCALAR = {
    "y_true", "y_pred", "ref_labels", "ref_embeddings", "identifier", "values", "reduction",
    "sample_weight", "mask", "p", "pk", "logits", "x", "ax", "y", "unit", "x_unit", "title", "fig",
    "weights", "weight_sets", "settings", "logit_sets", "names", "labels", "logit_range",
    "targets", "smoothings", "outliers", "scores", "angles", "gammas", "batch_sizes", "thresholds",
    "model", "alpha_weighs",  # a name chosen from a few
    "cross_entropy.q", "information.kl_divergence.q",  # a distribution there
}
#: Scalar-looking arguments that lossutils passes on unchecked, and why.
EXEMPT = {
    "new_figure.sharex": "passed to matplotlib, which also accepts 'row', 'col', 'all' and 'none'",
    "new_figure.sharey": "passed to matplotlib, which also accepts 'row', 'col', 'all' and 'none'",
}

#: A valid call (args, kwargs) of each covered callable that has scalar arguments; the losses'
#: calls come from their recipes.
VALID_CALLS = {
    "information.information_content": lambda: ((0.5,), {}),
    "information.entropy": lambda: (([0.5, 0.5],), {}),
    "information.binary_entropy": lambda: ((0.3,), {}),
    "information.cross_entropy": lambda: (([0.5, 0.5], [0.4, 0.6]), {}),
    "information.kl_divergence": lambda: (([0.5, 0.5], [0.4, 0.6]), {}),
    "information.softmax": lambda: (([1.0, 2.0],), {}),
    "information.log_softmax": lambda: (([1.0, 2.0],), {}),
    "plotting.new_figure": lambda: ((), {}),
    "plotting.png_bytes": lambda: ((plotting.new_figure()[0],), {}),
    "plotting.class_colors": lambda: ((3,), {}),
    "plotting.legend_below": lambda: ((plotting.new_figure()[0],), {}),
    "explorers.softmax_reading": lambda: (([1.0, 2.0], 0), {}),
    "explorers.softmax_small_multiples": lambda: (([[1.0, 2.0]],), {}),
    "explorers.binary_crossentropy_reading": lambda: ((1.0, 0.1, 0.5), {}),
    "explorers.kl_fit_reading": lambda: ((5.0, 0.6), {}),
    "explorers.EntropyExplorer": lambda: (((26, 4),), {}),
    "explorers.SoftmaxExplorer": lambda: ((), {}),
    "explorers.BinaryCrossentropyExplorer": lambda: ((), {}),
    "explorers.KLFitExplorer": lambda: ((), {}),
    "explorers.regression_loss_reading": lambda: ((), {}),
    "explorers.RegressionLossExplorer": lambda: ((), {}),
    "explorers.outlier_tug_reading": lambda: ((), {}),
    "explorers.outlier_tug_small_multiples": lambda: (([4.7],), {}),
    "explorers.OutlierTugExplorer": lambda: ((), {}),
    "explorers.margin_reading": lambda: ((), {}),
    "explorers.MarginExplorer": lambda: ((), {}),
    "explorers.margin_curves": lambda: (([0.5],), {}),
    "explorers.cosine_reading": lambda: ((), {}),
    "explorers.CosineExplorer": lambda: ((), {}),
    "explorers.cosine_small_multiples": lambda: (([30.0],), {}),
    "explorers.focal_reading": lambda: ((), {}),
    "explorers.FocalExplorer": lambda: ((), {}),
    "explorers.epoch_loss_reading": lambda: ((), {}),
    "explorers.EpochLossExplorer": lambda: ((), {}),
    "explorers.threshold_reading": lambda: ((), {}),
    "explorers.ThresholdExplorer": lambda: ((), {}),
}


def covered():
    """``{"module.name": callable}``: the public functions, and the explorer classes."""
    found = {}
    for module in (losses, information, plotting, explorers):
        short = module.__name__.split(".")[-1]
        for name in module.__all__:
            obj = getattr(module, name)
            is_explorer = inspect.isclass(obj) and issubclass(obj, Explorer) and obj is not Explorer
            if inspect.isfunction(obj) or is_explorer:
                found[f"{short}.{name}"] = obj
    return found


COVERED = covered()


def parameters(fn):
    return [p for p in inspect.signature(fn).parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def classify(qualified: str, parameter: str):
    """The :class:`Scalar` of an argument, ``"not scalar"``, ``"exempt"``, or None if unknown."""
    module, name = qualified.split(".")
    for key in (f"{module}.{name}.{parameter}", f"{name}.{parameter}", parameter):
        if key in EXEMPT:
            return "exempt"
        if key in SCALARS:
            return SCALARS[key]
        if key in NOT_SCALAR:
            return "not scalar"
    return None


def scalar_arguments():
    for qualified, fn in sorted(COVERED.items()):
        for p in parameters(fn):
            kind = classify(qualified, p.name)
            if isinstance(kind, Scalar):
                yield qualified, p.name, kind


def valid_call(qualified: str):
    module, name = qualified.split(".")
    if module == "losses" and name in FUNCTIONS:
        y_true, y_pred, kwargs = recipe_for(name).example
        return (y_true, y_pred), dict(kwargs)
    if qualified not in VALID_CALLS:
        pytest.fail(f"{qualified} has scalar arguments: add a valid call of it to VALID_CALLS in {__file__}.",
                    pytrace=False)
    args, kwargs = VALID_CALLS[qualified]()
    return args, dict(kwargs)


def bad_values(scalar: Scalar):
    """``(value, error)`` pairs that the argument must refuse."""
    if scalar.kind == "bool":
        return [(1, TypeError), ("yes", TypeError), (None, TypeError)]
    bad = [(True, TypeError), ("0.5", TypeError), (math.nan, ValueError)]
    if scalar.kind == "int":
        bad = [(True, TypeError), ("1", TypeError), (1.0, TypeError)]
    if scalar.out_of_range is not None:
        bad.append((scalar.out_of_range, ValueError))
    return bad


def test_every_parameter_is_classified():
    unknown, misfiled = [], []
    for qualified, fn in sorted(COVERED.items()):
        for p in parameters(fn):
            kind = classify(qualified, p.name)
            if kind is None:
                unknown.append(f"{qualified}({p.name}=...)")
            if kind == "not scalar" and isinstance(p.default, (bool, int, float)):
                misfiled.append(f"{qualified}({p.name}={p.default!r})")
    assert not unknown, (
        f"classify these arguments in {__file__}: add each to SCALARS (with its kind and a value "
        f"out of range) or NOT_SCALAR: {unknown}"
    )
    assert not misfiled, f"these arguments have a scalar default but are filed as NOT_SCALAR: {misfiled}"


def test_the_scalar_arguments_include_the_usual_suspects():
    names = {name for _, name, _ in scalar_arguments()}
    assert {"from_logits", "label_smoothing", "axis", "delta", "gamma", "alpha", "q", "base"} <= names


@pytest.mark.parametrize(("qualified", "argument", "scalar"), list(scalar_arguments()),
                         ids=[f"{qualified}-{argument}" for qualified, argument, _ in scalar_arguments()])
def test_scalar_argument_refuses_bad_values_naming_itself(qualified, argument, scalar):
    fn = COVERED[qualified]
    args, kwargs = valid_call(qualified)
    fn(*args, **kwargs)  # valid as it is, so each error below comes from the bad value
    for value, error in bad_values(scalar):
        call = inspect.signature(fn).bind(*args, **kwargs)
        call.arguments[argument] = value
        with pytest.raises((TypeError, ValueError)) as info:
            fn(*call.args, **call.kwargs)
        message = str(info.value)
        assert info.type is error, f"{qualified}({argument}={value!r}) raised {info.type.__name__}: {message}"
        assert f"`{argument}`" in message or f"`{argument}[" in message, message
        assert f"received {value!r}" in message, message

"""The registry holds every public loss, and every registered loss has a recipe for the tests.

The tests of bad input, of the agreement with Keras and of the scalar
arguments are parametrised over ``lossutils.losses.registry.FUNCTIONS``; these
tests make sure that nothing public escapes it and that the per-loss recipes
(tests/loss_recipes.py) follow it.
"""

from __future__ import annotations

import inspect

import pytest
from loss_recipes import RECIPES, recipe_for

from lossutils import losses
from lossutils.losses.registry import CLASSES, FUNCTIONS

#: The public functions of lossutils.losses that are not losses.
NOT_LOSSES = {"get", "reduce"}


def public_functions():
    return {name: getattr(losses, name) for name in losses.__all__
            if inspect.isfunction(getattr(losses, name))}


def test_registry_is_the_public_loss_functions():
    public = public_functions()
    loss_functions = {name for name, fn in public.items() if name not in NOT_LOSSES}
    assert set(FUNCTIONS) == loss_functions
    for name, fn in FUNCTIONS.items():
        assert fn is getattr(losses, name), f"FUNCTIONS[{name!r}] is not lossutils.losses.{name}"
        assert list(inspect.signature(fn).parameters)[:2] == ["y_true", "y_pred"], name
    # What is left out really is no loss: it does not take (y_true, y_pred).
    for name in NOT_LOSSES:
        assert list(inspect.signature(public[name]).parameters)[:2] != ["y_true", "y_pred"], name


def test_every_class_names_a_registered_function():
    assert set(CLASSES.values()) <= set(FUNCTIONS)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_registered_loss_has_a_complete_recipe(name):
    recipe = recipe_for(name)  # fails, saying what to add, if anything is missing
    keras = pytest.importorskip("keras")
    assert callable(getattr(keras.losses, recipe.keras, None)), (
        f"RECIPES[{name!r}].keras = {recipe.keras!r} is not a function of keras.losses"
    )


def test_no_recipe_for_an_unregistered_loss():
    assert set(RECIPES) <= set(FUNCTIONS), f"recipes of unregistered losses: {set(RECIPES) - set(FUNCTIONS)}"

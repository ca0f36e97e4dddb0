"""The cheat sheet (book/at_a_glance.md) states the truth about every loss.

Each row is read back and checked: it exists for every loss of lossutils.losses; its Keras
strings, class and function are Keras's and resolve to the same loss; its class defaults are
Keras's; its best and worst values are what lossutils (which agrees with Keras) computes at the
inputs below; and it links the chapter that teaches the loss and the loss's API entry.
"""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pytest
from link_glossary import ROOT

from lossutils import losses
from lossutils.losses import registry

keras = pytest.importorskip("keras")

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
    # "ab" in two frames: certain of a then b; then "aa", which two frames cannot hold.
    "ctc": (([[1, 2]], np.where(np.eye(3)[[1, 2]] > 0, 20.0, -20.0)[None].astype(F)),
            ([[1, 1]], np.zeros((1, 2, 3), F))),
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

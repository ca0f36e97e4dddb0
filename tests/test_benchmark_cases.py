"""The explorer benchmark measures what its rows say (benchmarks/explorer_cases.py)."""

from __future__ import annotations

import ipywidgets
import pytest

from benchmarks import run
from benchmarks.explorer_cases import EXPLORER_CASES

CASES = [(name, case) for name, cases in EXPLORER_CASES.items() for case in cases]


def test_every_explorer_has_a_case():
    assert {cls.__name__ for cls in run.explorer_classes()} <= set(EXPLORER_CASES)


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}-{c.name}" for n, c in CASES])
def test_the_dragged_slider_moves_what_the_updates_move(name, case):
    """Dragging the case's slider changes the parameters its updates change, and no other."""
    import lossutils.explorers

    explorer = getattr(lossutils.explorers, name)(**case.init)
    controls = explorer._controls(ipywidgets)
    slider = run.slider_named(list(controls.values()), case)
    key = next(k for k, c in controls.items() if c is slider)
    values = {k: c.value for k, c in controls.items()}
    before = explorer._params_from_controls(values)
    other_end = slider.max if slider.value != slider.max else slider.min
    after = explorer._params_from_controls({**values, key: other_end})
    moved = {p for p in before if before[p] != after[p]}
    updated = {p for update in case.updates for p in update if update[p] != case.updates[0][p]}
    assert moved and moved <= {p for update in case.updates for p in update}
    assert updated, f"the updates of {case.name!r} never change a parameter"
    if moved != updated:  # e.g. one logit of a tuple: compare which entries move
        assert len(moved) == len(updated) == 1
        (param,) = moved
        changed = [i for i, (a, b) in enumerate(zip(before[param], after[param], strict=True)) if a != b]
        varying = [i for i in range(len(before[param]))
                   if len({update[param][i] for update in case.updates}) > 1]
        assert changed == varying


def test_a_slider_that_is_not_there_is_named():
    case = EXPLORER_CASES["KLFitExplorer"][0]
    with pytest.raises(LookupError, match="'separation'.*the labels are"):
        run.slider_named([], case)

"""Refreshing a notebook is deterministic, so a notebook's diff shows only what changed.

A small notebook with an explorer of the book (whose website version is HTML) and plain
ipywidgets is refreshed by ``tools/refresh_notebooks.py`` twice: the two files must be
byte-identical. Then one cell is changed and the notebook refreshed again: only
that cell and the state of its own widgets may differ. The chapters themselves
are checked without executing them (nbval does that): their stored widget model
ids must be the ones a refresh gives, named after the cells that made them.
"""

from __future__ import annotations

import itertools
import pathlib

import nbformat
import pytest

from tools import refresh_notebooks as refresh

CELLS = [
    "import ipywidgets as widgets\nfrom lossutils.explorers import EntropyExplorer",
    "EntropyExplorer(weights=(3, 1)).widget()",
    "box = widgets.VBox([widgets.IntSlider(value=2, description='a'), widgets.Checkbox(True)])\nbox",
    # Two chunks of printed text: the kernel sends them apart (it flushes every 0.2 s).
    "import time\nprint('a cell without widgets')\ntime.sleep(0.25)\nprint('and a second line')",
    "widgets.FloatSlider(value=0.5, description='b')",
]
CHANGED_CELL = 2
CHANGED_SOURCE = CELLS[CHANGED_CELL].replace("value=2", "value=3")


def write_notebook(path: pathlib.Path, sources: list[str]) -> pathlib.Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src, id=f"cell-{i}") for i, src in enumerate(sources)]
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> dict[str, pathlib.Path]:
    """The same notebook refreshed twice, and once more after one cell changed."""
    folder = tmp_path_factory.mktemp("refresh")
    source = write_notebook(folder / "source.ipynb", CELLS)
    changed = write_notebook(folder / "changed.ipynb", [*CELLS[:CHANGED_CELL], CHANGED_SOURCE,
                                                        *CELLS[CHANGED_CELL + 1:]])
    out = {"first": folder / "first.ipynb", "second": folder / "second.ipynb",
           "changed": folder / "changed-out.ipynb"}
    refresh.execute(source, out["first"])
    refresh.execute(source, out["second"])
    refresh.execute(changed, out["changed"])
    return out


def read(path: pathlib.Path):
    return nbformat.read(path, as_version=4)


def test_refreshing_twice_gives_the_same_bytes(refreshed):
    first, second = refreshed["first"].read_bytes(), refreshed["second"].read_bytes()
    assert refresh.widget_states(read(refreshed["first"])), "the test notebook stored no widget state"
    assert first == second, "two refreshes of an unchanged notebook differ"


def test_model_ids_are_named_after_their_cells(refreshed):
    nb = read(refreshed["first"])
    assert refresh.unstable_model_ids(nb) == []
    views = {i: [out["data"][refresh.WIDGET_VIEW]["model_id"] for out in cell.outputs
                 if refresh.WIDGET_VIEW in out.get("data", {})]
             for i, cell in enumerate(nb.cells)}
    for i, shown in views.items():
        prefix = refresh.stable_model_id(nb.cells[i].id, 0)[:24]
        assert all(model_id.startswith(prefix) for model_id in shown), (i, shown)
    assert [len(v) for v in views.values()] == [0, 0, 1, 0, 1]  # the explorer's cell shows HTML
    assert "lossutils-web-explorer" in nb.cells[1].outputs[0]["data"]["text/html"]


def test_a_changed_cell_changes_only_itself_and_its_widgets(refreshed):
    before, after = read(refreshed["first"]), read(refreshed["changed"])
    changed = [i for i, (a, b) in enumerate(zip(before.cells, after.cells, strict=True)) if a != b]
    assert changed == [CHANGED_CELL]

    prefix = refresh.stable_model_id(after.cells[CHANGED_CELL].id, 0)[:24]
    old, new = refresh.widget_states(before), refresh.widget_states(after)
    assert set(old) == set(new), "a refresh added or lost widget models"
    differ = sorted(model_id for model_id in old if old[model_id] != new[model_id])
    assert differ, "changing the slider's value changed no stored state"
    assert all(model_id.startswith(prefix) for model_id in differ), (
        "widget state of cells that did not change was rewritten"
    )
    assert before.metadata == {**after.metadata, "widgets": before.metadata["widgets"]}


def test_printed_text_is_one_output_per_run_of_text(refreshed):
    cell = read(refreshed["first"]).cells[3]
    assert [out.output_type for out in cell.outputs] == ["stream"]
    assert cell.outputs[0].text == "a cell without widgets\nand a second line\n"


def test_coalescing_keeps_stdout_and_stderr_apart():
    nb = nbformat.v4.new_notebook()
    stream = nbformat.v4.new_output
    nb.cells = [nbformat.v4.new_code_cell("", outputs=[
        stream("stream", name="stdout", text="a\n"), stream("stream", name="stdout", text="b\n"),
        stream("stream", name="stderr", text="c\n"), stream("stream", name="stdout", text="d\n"),
    ])]
    refresh.coalesce_streams(nb)
    assert [(out.name, out.text) for out in nb.cells[0].outputs] == [
        ("stdout", "a\nb\n"), ("stderr", "c\n"), ("stdout", "d\n")]


def test_refresh_drops_the_python_version():
    nb = nbformat.v4.new_notebook(metadata={"language_info": {"name": "python", "version": "3.11.7"}})
    refresh.drop_machine_metadata(nb)
    assert nb.metadata.language_info == {"name": "python"}


@pytest.mark.parametrize("path", refresh.chapter_notebooks(), ids=lambda p: p.stem)
def test_chapter_was_saved_by_a_deterministic_refresh(path):
    nb = read(path)
    unstable = refresh.unstable_model_ids(nb)
    assert not unstable, (
        f"{len(unstable)} widget model ids of {path.name} are random, so the next refresh "
        f"rewrites them all; run `python tools/refresh_notebooks.py {path.relative_to(refresh.ROOT)}`"
    )
    assert "version" not in nb.metadata.get("language_info", {})
    split = [i for i, cell in enumerate(nb.cells)
             if any(a.output_type == b.output_type == "stream" and a.name == b.name
                    for a, b in itertools.pairwise(cell.get("outputs", [])))]
    assert not split, f"cells {split} store their printed text in several pieces; refresh the chapter"

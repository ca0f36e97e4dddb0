"""Re-execute chapter notebooks in place, from a fresh kernel, keeping widget state.

After editing a chapter, run

    python tools/refresh_notebooks.py book/entropy.ipynb     # one chapter
    python tools/refresh_notebooks.py                         # every chapter

and commit the notebook: its stored outputs are what nbval compares against and
what the website shows. The state of the widgets a chapter shows (its training
progress bar) is stored in the notebook metadata, so that JupyterLab shows them
as they ended when the notebook is opened without running it.

A refresh is deterministic: when no code changed, the file stays byte-identical,
so ``git diff`` shows only what a change did. Widgets get random model ids in
the kernel; here each is renamed after the cell that created it and its place
among that cell's widgets. Printed text, which the kernel sends in chunks that
depend on timing, is joined into one output per run of text; the metadata that
names this machine (the Python version) is left out; no timestamps are recorded.

The explorers are saved as the website shows them: the kernel runs with
``LOSSUTILS_WEB_FRAMES=1``, so each ``widget()`` draws its pictures in advance and
its cell shows them as HTML with a range input per web control, which the website's
explorers.js switches (lossutils/explorers/web_frames.py). Run the notebook in Jupyter
to get the live explorers.

The script refuses to save a notebook that raised an error or wrote to stderr
(a warning or a log line would make nbval's comparison flaky).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

from lossutils.explorers.web_frames import WEB_FRAMES_VARIABLE

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# What nbclient copies from the running kernel and that differs between machines.
MACHINE_METADATA = ("version",)


def chapter_notebooks() -> list[pathlib.Path]:
    """Every notebook of the book, in name order."""
    return sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def stderr_cells(nb) -> list[int]:
    """Indices of code cells that wrote to stderr."""
    return [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and any(out.get("name") == "stderr" for out in cell.get("outputs", []))
    ]


class WidgetTrackingClient(NotebookClient):
    """A notebook client that remembers which cell opened each widget model."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.opened_in: dict[str, int] = {}  # comm id -> cell index, in the order opened

    def handle_comm_msg(self, outs, msg, cell_index: int) -> None:
        if msg["msg_type"] == "comm_open":
            self.opened_in.setdefault(msg["content"]["comm_id"], cell_index)
        super().handle_comm_msg(outs, msg, cell_index)


# The environment the chapters' kernels run in, here and in every pytest run (conftest.py):
# - LOSSUTILS_WEB_FRAMES=1: each explorer's cell shows the website's version (see above);
# - one thread for each of TensorFlow's two pools. The chapters' tensors are small, so no
#   operation gains from a second thread, and idle pool threads spin: with the tests' two
#   processes on two cores they took CPU from the other process (the training chapter ran
#   20 % slower). It also keeps the stored numbers from depending on the machine's cores.
KERNEL_ENVIRONMENT = {
    WEB_FRAMES_VARIABLE: "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}


@contextlib.contextmanager
def kernel_environment():
    """Sets :data:`KERNEL_ENVIRONMENT` in this process, which the kernels it starts inherit,
    and puts back what was there before."""
    before = {name: os.environ.get(name) for name in KERNEL_ENVIRONMENT}
    os.environ.update(KERNEL_ENVIRONMENT)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def cell_key(nb, index: int) -> str:
    """What names a cell across refreshes: its id (nbformat 4.5), else its position."""
    return nb.cells[index].get("id") or f"position-{index}"


def stable_model_id(key: str, ordinal: int) -> str:
    """A 32-hex-digit model id made from a cell's key and a widget's place in that cell.

    The first 24 digits hash the cell, the last 8 count its widgets in creation order,
    so the stored state lists one cell's widgets together and in order.
    """
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + f"{ordinal:08x}"


def stable_ids(nb, opened_in: dict[str, int]) -> dict[str, str]:
    """Maps each random model id to its stable one."""
    counts: dict[int, int] = {}
    renames = {}
    for model_id, index in opened_in.items():
        ordinal = counts.get(index, 0)
        counts[index] = ordinal + 1
        renames[model_id] = stable_model_id(cell_key(nb, index), ordinal)
    return renames


def rename_widget_models(nb, renames: dict[str, str]):
    """The notebook with every model id (state keys, references, views) renamed."""
    text = nbformat.writes(nb)
    for old, new in renames.items():
        text = text.replace(old, new)  # random uuid4 hex strings: nothing else matches
    return nbformat.reads(text, as_version=4)


def coalesce_streams(nb) -> None:
    """Joins each run of consecutive stdout (or stderr) outputs of a cell into one.

    The kernel flushes printed text in chunks whose boundaries depend on timing, so
    the same text may arrive as one output or as three; joined, it is the same every time.
    """
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (out.output_type == "stream" and previous is not None
                    and previous.output_type == "stream" and previous.name == out.name):
                previous.text += out.text
            else:
                merged.append(out)
        if "outputs" in cell:
            cell.outputs = merged


def drop_machine_metadata(nb) -> None:
    """Removes metadata that changes with the machine, not with the notebook."""
    language_info = nb.metadata.get("language_info", {})
    for key in MACHINE_METADATA:
        language_info.pop(key, None)


def execute(path: pathlib.Path, out: pathlib.Path | None = None, timeout: int = 900) -> float:
    """Executes ``path`` top to bottom in a fresh kernel and saves it; returns seconds.

    Saves to ``out`` if given, else over ``path``; nothing is saved if a cell raised
    an error or wrote to stderr.
    """
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # only the widgets of this run are stored, never stale ones
    client = WidgetTrackingClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,  # no timestamps: a refresh changes only what changed
    )
    start = time.perf_counter()
    with kernel_environment():
        client.execute()  # raises CellExecutionError on the first failing cell
    elapsed = time.perf_counter() - start
    noisy = stderr_cells(nb)
    if noisy:
        raise SystemExit(
            f"{path}: cells {noisy} wrote to stderr; silence the warning at its "
            "source (or fix the bug it reports) and run again. Nothing was saved."
        )
    nb = rename_widget_models(nb, stable_ids(nb, client.opened_in))
    coalesce_streams(nb)
    drop_machine_metadata(nb)
    nbformat.write(nb, out or path)
    return elapsed


def widget_states(nb) -> dict:
    """The widget models stored in a notebook's metadata, by model id."""
    return nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def unstable_model_ids(nb) -> list[str]:
    """Stored model ids that are not named after a cell of the notebook (none after a refresh)."""
    prefixes = {stable_model_id(cell_key(nb, i), 0)[:24] for i in range(len(nb.cells))}
    return [model_id for model_id in widget_states(nb) if model_id[:24] not in prefixes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        help="notebooks to refresh (default: every notebook under book/)")
    args = parser.parse_args(argv)
    for path in args.notebooks or chapter_notebooks():
        seconds = execute(path.resolve())
        print(f"{path}: executed and saved in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

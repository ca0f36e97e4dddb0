"""Re-execute chapter notebooks in place, from a fresh kernel, keeping widget state.

After editing a chapter, run

    python tests/refresh_notebooks.py book/entropy.ipynb     # one chapter
    python tests/refresh_notebooks.py                         # every chapter

and commit the notebook: its stored outputs are what nbval compares against and
what the website shows. The widget state is stored in the notebook metadata so
that sliders render on the static site without a kernel.

The script refuses to save a notebook that raised an error or wrote to stderr
(a warning or a log line would make nbval's comparison flaky).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"


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


def execute(path: pathlib.Path, timeout: int = 900) -> float:
    """Executes ``path`` top to bottom in a fresh kernel and saves it; returns seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,  # no timestamps: a refresh changes only what changed
    )
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    elapsed = time.perf_counter() - start
    noisy = stderr_cells(nb)
    if noisy:
        raise SystemExit(
            f"{path}: cells {noisy} wrote to stderr; silence the warning at its "
            "source (or fix the bug it reports) and run again. Nothing was saved."
        )
    nbformat.write(nb, path)
    return elapsed


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

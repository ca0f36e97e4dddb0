"""Launch buttons and the set-up cell that lets a chapter run alone in Colab.

Everything derives from the one repository setting in _config.yml: the Binder
and Colab buttons of every notebook page (built by the theme) and the URL from
which each chapter's first code cell installs ``lossutils`` when it is missing.
"""

from __future__ import annotations

import pathlib
import re

import nbformat
import pytest
import yaml
from IPython.core.inputtransformer2 import TransformerManager

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"]["branch"]
OWNER_REPO = re.sub(r"^https://github\.com/", "", REPO_URL)
NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
IDS = [p.stem for p in NOTEBOOKS]


def first_code_cell(path: pathlib.Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_cell_installs_lossutils_only_when_missing(path):
    source = first_code_cell(path)
    python = TransformerManager().transform_cell(source)  # %pip becomes a function call
    compile(python, str(path), "exec")
    assert re.search(r"try:\s+import lossutils\s+except ModuleNotFoundError:\s+%pip install --quiet",
                     source), source
    expected = f'"lossutils @ git+{REPO_URL}@{BRANCH}"'
    assert expected in source, f"the set-up cell must install from {expected} (the repository in _config.yml)"


def test_binder_uses_the_pinned_requirements():
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.(1[0-3])", runtime), runtime
    assert (ROOT / "requirements.txt").read_text().rstrip().endswith("-e ."), "lossutils must be installed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_pages_have_binder_and_colab_buttons(site, path):
    page = (site.html / path.relative_to(ROOT).with_suffix(".html")).read_text(encoding="utf-8")
    notebook = path.relative_to(ROOT).as_posix()
    binder = f"https://mybinder.org/v2/gh/{OWNER_REPO}/{BRANCH}?urlpath=lab/tree/{notebook}"
    colab = f"https://colab.research.google.com/github/{OWNER_REPO}/blob/{BRANCH}/{notebook}"
    assert binder in page, f"no Binder button to {binder}"
    assert colab in page, f"no Colab button to {colab}"

"""A "Taught in:" line names the chapters that teach a function, and only those.

The last paragraph of the docstring of a public function or class that a chapter teaches
says where, in plain text for ``help()`` and Jupyter's ``?``; book/_ext/taught_in.py turns
it into a link on the API reference page::

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    Taught in: KL divergence (book/kl_divergence.ipynb); Choosing a loss (book/choosing_a_loss.ipynb).

A chapter teaches a name when a code cell of its notebook uses it by name: imports it
(``from lossutils.losses import huber``) or reaches it as an attribute of a ``lossutils``
module (``losses.huber(...)``, ``show_source(experiments.build_model)``). Both ways hold:

- every chapter a "Taught in:" line names uses the name in its code;
- a name some chapter uses has a "Taught in:" line, naming one or more of those chapters;
- a name no chapter uses (the machinery behind the website, the figures and the source
  display) has none.

Public means: in a module's ``__all__``, or, in a module without one, defined there under a
name without a leading underscore; modules whose names start with an underscore are left
out, and so are methods and constants.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pathlib
import pkgutil

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

import lossutils
from book._ext import taught_in  # the Sphinx extension

ROOT = pathlib.Path(__file__).resolve().parent.parent


def lossutils_modules() -> list:
    """Every module of lossutils whose dotted name has no part starting with an underscore."""
    modules = [lossutils]
    for info in pkgutil.walk_packages(lossutils.__path__, "lossutils."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            modules.append(importlib.import_module(info.name))
    return modules


def public_functions_and_classes() -> dict[str, object]:
    """``{where it is defined: object}`` for every public function and class, each once."""
    found = {}
    for module in lossutils_modules():
        names = getattr(module, "__all__", None)
        if names is None:
            names = [name for name, obj in vars(module).items()
                     if not name.startswith("_") and getattr(obj, "__module__", None) == module.__name__]
        for name in names:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def chapters() -> dict[str, tuple[str, pathlib.Path]]:
    """``{docname: (title, notebook)}`` for every notebook in _toc.yml; the title is its first
    heading, without the Chinese name."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    found = {}
    for docname in parse_toc_yaml(ROOT / "_toc.yml"):
        notebook = (ROOT / docname).with_suffix(".ipynb")
        if notebook.is_file():
            lines = nbformat.read(notebook, as_version=4).cells[0].source.splitlines()
            heading = next((line[2:] for line in lines if line.startswith("# ")), "")
            found[docname] = (heading.split(" (")[0].strip(), notebook)
    return found


def _dotted(node: ast.AST) -> list[str] | None:
    """``["experiments", "build_model"]`` for ``experiments.build_model``; None for other nodes."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else [*base, node.attr]
    return None


def _resolve(obj, attributes: list[str]) -> list:
    """``obj``, then each attribute of the chain in turn, as far as they exist."""
    reached = [obj]
    for attribute in attributes:
        if not hasattr(reached[-1], attribute):
            break
        reached.append(getattr(reached[-1], attribute))
    return reached


def used_objects(code: str) -> list:
    """The lossutils objects a piece of chapter code uses by name: what it imports from lossutils,
    and what it reaches as an attribute of a lossutils module it imported."""
    tree = ast.parse(TransformerManager().transform_cell(code))  # %pip and the like to Python
    bound, used = {}, []  # bound: names the code gave to lossutils modules
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "lossutils":
                    if alias.asname:
                        bound[alias.asname] = importlib.import_module(alias.name)
                    else:
                        bound["lossutils"] = lossutils
                        importlib.import_module(alias.name)  # lossutils.x.y as an attribute
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "lossutils":
            module = importlib.import_module(node.module)
            for alias in node.names:
                if hasattr(module, alias.name):
                    obj = getattr(module, alias.name)
                else:  # a submodule
                    obj = importlib.import_module(f"{node.module}.{alias.name}")
                bound[alias.asname or alias.name] = obj
                used.append(obj)
    for node in ast.walk(tree):
        chain = _dotted(node) if isinstance(node, ast.Attribute) else None
        if chain and chain[0] in bound:
            used += _resolve(bound[chain[0]], chain[1:])[1:]
    return used


PUBLIC = public_functions_and_classes()
CHAPTERS = chapters()


def chapters_using() -> dict[str, set[str]]:
    """``{where defined: the docnames of the chapters whose code cells use it}``."""
    by_id = {id(obj): key for key, obj in PUBLIC.items()}
    using = {key: set() for key in PUBLIC}
    for docname, (_, notebook) in CHAPTERS.items():
        cells = nbformat.read(notebook, as_version=4).cells
        code = "\n".join(cell.source for cell in cells if cell.cell_type == "code")
        for obj in used_objects(code):
            if id(obj) in by_id:
                using[by_id[id(obj)]].add(docname)
    return using


USING = chapters_using()


def test_the_chapters_use_lossutils():
    """The scan finds what it must: if it found nothing, every check below would pass idly."""
    assert len(PUBLIC) > 100
    assert "book/cross_entropy" in USING["lossutils.losses.probabilistic.categorical_crossentropy"]
    assert "book/choosing_a_loss" in USING["lossutils.articles.experiments.build_model"]
    assert sum(map(bool, USING.values())) > 50


@pytest.mark.parametrize("key", sorted(PUBLIC))
def test_a_taught_in_line_names_exactly_chapters_that_use_the_name(key):
    chapters_named = taught_in.parse(PUBLIC[key].__doc__)
    using = sorted(USING[key])
    if not using:
        assert not chapters_named, (
            f"no chapter's code uses {key}: drop its 'Taught in:' line "
            f"(it names {[c.docname for c in chapters_named]})")
        return
    assert chapters_named, (
        f"{key} is used by the code of {using}: end its docstring with 'Taught in: "
        f"{CHAPTERS[using[0]][0]} ({using[0]}.ipynb).'")
    for chapter in chapters_named:
        assert chapter.docname in USING[key], (
            f"{key} names {chapter.docname}, whose code does not use it; the chapters that do: {using}")
        assert chapter.title == CHAPTERS[chapter.docname][0], (
            f"{chapter.docname} is titled {CHAPTERS[chapter.docname][0]!r}, not {chapter.title!r}")
        assert not chapter.coming, f"{chapter.docname} is written: drop ', still to come'"


CODE = '''
import lossutils
from lossutils import losses
from lossutils.articles import experiments as ex
from lossutils.information import entropy
losses.huber(1, 2)
show_source(lossutils.articles.experiments.build_model, ex.fit_order)
values = {"entropy": 1}.get("entropy")
%pip install nothing
'''


def test_the_scan_reads_imports_and_attributes_and_nothing_else():
    from lossutils.articles import experiments
    from lossutils.information import entropy
    from lossutils.losses import huber

    found = {id(obj) for obj in used_objects(CODE)}
    assert {id(huber), id(experiments.build_model), id(experiments.fit_order), id(entropy)} <= found
    assert id(experiments.run_experiment) not in found and id(lossutils.losses.get) not in found


@pytest.mark.parametrize("docstring", [
    "Hinge loss.\n\nTaught in: Hinge losses.",  # no file
    "Hinge loss.\n\nTaught in: Hinge losses (hinge.ipynb).",  # not under book/
    "Hinge loss.\n\nTaught in: Hinge losses (book/hinge.ipynb); soon.",  # "; " starts a chapter
])
def test_a_malformed_line_is_rejected(docstring):
    with pytest.raises(ValueError, match="expected 'Title"):
        taught_in.parse(docstring)


def test_the_line_may_span_lines_and_name_several_chapters():
    doc = """Resolves a loss identifier.

    Taught in: KL divergence (book/kl_divergence.ipynb); Keras losses in
    practice (book/keras_in_practice.ipynb), with examples.
    """
    assert taught_in.parse(doc) == [
        taught_in.Chapter("KL divergence", "book/kl_divergence", coming=False),
        taught_in.Chapter("Keras losses in practice", "book/keras_in_practice", coming=False),
    ]
    assert taught_in.parse("No such line.") == []

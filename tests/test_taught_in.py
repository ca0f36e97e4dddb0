"""Every public function and class of lossutils names the chapter that teaches it.

The last paragraph of its docstring says so, in plain text for ``help()`` and
Jupyter's ``?``, and book/_ext/taught_in.py turns it into a link on the API
reference page::

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    Taught in: Hinge losses (book/hinge.ipynb, still to come).

A chapter named there must be a chapter of the book (in ``_toc.yml``, under
its title) or one of the planned chapters (``PLANNED_CHAPTERS`` in that
extension, marked "still to come"); once a planned chapter is written, the
docstrings that still call it "to come" fail here until they are updated.
Constants are left out: they carry no docstring of their own in ``help()``.
"""

from __future__ import annotations

import importlib
import inspect
import pathlib

import nbformat
import pytest

from book._ext import taught_in  # the Sphinx extension

ROOT = pathlib.Path(__file__).resolve().parent.parent

MODULES = [
    "lossutils.losses",
    "lossutils.information",
    "lossutils.explorers",
    "lossutils.plotting",
    "lossutils.source",
    "lossutils.articles.experiments",
    "lossutils.metrics",
    "lossutils.articles.keras2_calls",
]


def public_functions_and_classes() -> list[tuple[str, object]]:
    """(``module.name``, object) for every function and class in a module's ``__all__``."""
    found = []
    for modname in MODULES:
        module = importlib.import_module(modname)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                found.append((f"{modname}.{name}", obj))
    return found


def written_chapters() -> dict[str, str]:
    """The title (its first heading, without the Chinese name) of each page in _toc.yml."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    titles = {}
    for docname in parse_toc_yaml(ROOT / "_toc.yml"):
        notebook, page = (ROOT / docname).with_suffix(".ipynb"), (ROOT / docname).with_suffix(".md")
        if notebook.is_file():
            lines = nbformat.read(notebook, as_version=4).cells[0].source.splitlines()
        elif page.is_file():
            lines = page.read_text(encoding="utf-8").splitlines()
        else:
            continue
        heading = next((line[2:] for line in lines if line.startswith("# ")), "")
        titles[docname] = heading.split(" (")[0].strip()
    return titles


PUBLIC = public_functions_and_classes()
WRITTEN = written_chapters()


@pytest.mark.parametrize("obj", [obj for _, obj in PUBLIC], ids=[name for name, _ in PUBLIC])
def test_docstring_names_the_chapter_that_teaches_it(obj):
    chapters = taught_in.parse(obj.__doc__)
    assert chapters, (
        "the docstring has no 'Taught in:' paragraph; end it with one, e.g. "
        "'Taught in: Cross-entropy (book/cross_entropy.ipynb).' or, for a chapter not "
        "written yet, 'Taught in: Hinge losses (book/hinge.ipynb, still to come).'"
    )
    for chapter in chapters:
        if chapter.docname in WRITTEN:
            assert chapter.title == WRITTEN[chapter.docname], (
                f"{chapter.docname} is titled {WRITTEN[chapter.docname]!r}, not {chapter.title!r}"
            )
            assert not chapter.coming, (
                f"{chapter.title} ({chapter.docname}) is written now: drop ', still to come'"
            )
        else:
            assert chapter.docname in taught_in.PLANNED_CHAPTERS, (
                f"{chapter.docname} is neither a chapter in _toc.yml nor a planned one "
                f"({sorted(taught_in.PLANNED_CHAPTERS)})"
            )
            assert chapter.title == taught_in.PLANNED_CHAPTERS[chapter.docname], (
                f"the planned chapter {chapter.docname} is titled "
                f"{taught_in.PLANNED_CHAPTERS[chapter.docname]!r}, not {chapter.title!r}"
            )
            assert chapter.coming, (
                f"{chapter.title} ({chapter.docname}) is not written yet: add ', still to come'"
            )


def test_planned_chapters_are_not_written_yet():
    written = set(WRITTEN) & set(taught_in.PLANNED_CHAPTERS)
    assert not written, f"{sorted(written)} are in _toc.yml now: remove them from PLANNED_CHAPTERS"


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
    practice (book/keras_in_practice.ipynb, still to come), with examples.
    """
    assert taught_in.parse(doc) == [
        taught_in.Chapter("KL divergence", "book/kl_divergence", coming=False),
        taught_in.Chapter("Keras losses in practice", "book/keras_in_practice", coming=True),
    ]
    assert taught_in.parse("No such line.") == []

"""Sphinx extension: a constant that a package re-exports keeps its doc comment.

``lossutils.losses`` re-exports ``EPSILON`` from ``lossutils.losses._common``,
where its ``#:`` doc comment is written. autodoc looks for the comment of
``lossutils.losses.EPSILON`` in the package's ``__init__.py`` only, finds none
and shows the docstring of ``float`` instead. This takes the comment from the
module the name is imported from, and shows no text at all (rather than the
docstring of ``float``, ``str`` or ``tuple``) for a constant that has none.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect


def _imported_from(modname: str, attr: str) -> str | None:
    """The module that ``modname`` imports ``attr`` from (``from .x import attr``), or None."""
    spec = importlib.util.find_spec(modname)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    package = modname if spec.submodule_search_locations else modname.rpartition(".")[0]
    with open(spec.origin, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(
            alias.name == attr and alias.asname is None for alias in node.names
        ):
            return importlib.util.resolve_name("." * node.level + (node.module or ""), package)
    return None


def _doc_comment(modname: str, attr: str) -> list[str] | None:
    from sphinx.pycode import ModuleAnalyzer, PycodeError

    try:
        analyzer = ModuleAnalyzer.for_module(modname)
        analyzer.analyze()
    except PycodeError:
        return None
    comment = analyzer.attr_docs.get(("", attr))
    return list(comment) if comment else None


def _process_docstring(app, what, name, obj, options, lines):
    type_doc = inspect.cleandoc(type(obj).__doc__ or "")
    if what != "data" or not type_doc or "\n".join(lines).strip() != type_doc:
        return  # a doc comment of its own, or a docstring that is not its type's
    modname, _, attr = name.rpartition(".")
    source = _imported_from(modname, attr)
    lines[:] = (_doc_comment(source, attr) if source else None) or []


def setup(app):
    # After napoleon (priority 500), which would read "``x``: text" in a comment as "type: text".
    app.connect("autodoc-process-docstring", _process_docstring, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Show the source of lossutils in a chapter: the code the tests vouch for, not a copy.

A chapter that explains how a loss is computed calls :func:`show_source` on the
function itself, so the reader sees exactly what the test suite checks against
Keras. The result displays as a highlighted code block in Jupyter and on the
website, and as plain text elsewhere. Because the source is a cell's output,
the notebook tests notice when the library changes and the chapter has not been
refreshed.

Docstrings are shortened to their first line: they are long, and the whole of
each one is in ``help()`` and in the API reference.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import pathlib
import sys
import textwrap

__all__ = ["Source", "SourceBlock", "show_source"]

_PACKAGE_ROOT = pathlib.Path(__file__).resolve().parent.parent


class Source:
    """Source code of one or more lossutils objects, ready to display.

    Attributes:
        blocks: one :class:`SourceBlock` per object.
    """

    def __init__(self, blocks: list[SourceBlock]) -> None:
        self.blocks = blocks

    def _repr_markdown_(self) -> str:
        return "\n\n".join(f"{' '.join(block.caption('`'))}:\n\n```python\n{block.code}\n```"
                           for block in self.blocks)

    def __repr__(self) -> str:
        return "\n\n".join("\n".join(f"# {line}" for line in block.caption("")) + f"\n{block.code}"
                           for block in self.blocks)


@dataclasses.dataclass(frozen=True)
class SourceBlock:
    """The source of one object.

    Attributes:
        name: its public name, e.g. ``lossutils.losses.huber``.
        path: the file that defines it, relative to the repository.
        code: the source, dedented.
        shortened: whether docstrings were cut to their first line.
    """

    name: str
    path: str
    code: str
    shortened: bool

    def caption(self, quote: str) -> list[str]:
        """Where the code comes from, in lines, with names in ``quote`` (a backtick for Markdown)."""
        lines = [f"{quote}{self.name}{quote}, from {quote}{self.path}{quote}"]
        if self.shortened:
            lines.append(f"(docstrings cut to their first line; in full: {quote}help({self.name}){quote})")
        return lines


def show_source(*objects, docstrings: str = "summary") -> Source:
    """The source of lossutils functions or classes, as shown in the chapters.

    Args:
        *objects: functions or classes defined in lossutils.
        docstrings: ``"summary"`` keeps each docstring's first line (the default),
            ``"full"`` keeps every docstring whole.

    Returns:
        A :class:`Source`, displayed as highlighted code by Jupyter.

    Raises:
        TypeError: an object is not a function or class of lossutils.
        ValueError: ``docstrings`` is not ``"summary"`` or ``"full"``.

    Taught in: Entropy (book/entropy.ipynb).

    Example:

    >>> from lossutils.information import sigmoid
    >>> lines = repr(show_source(sigmoid)).splitlines()
    >>> lines[0]
    '# lossutils.information.sigmoid, from lossutils/information.py'
    >>> lines[2]
    'def sigmoid(x):'
    """
    if not objects:
        raise TypeError("show_source() needs at least one function or class of lossutils.")
    if docstrings not in ("summary", "full"):
        raise ValueError(f"`docstrings` must be 'summary' or 'full'; received {docstrings!r}.")
    return Source([_block(obj, shorten=docstrings == "summary") for obj in objects])


def _block(obj, shorten: bool) -> SourceBlock:
    module = getattr(obj, "__module__", None) or ""
    if not (inspect.isfunction(obj) or inspect.isclass(obj)) or not module.startswith("lossutils"):
        raise TypeError(
            f"show_source() shows functions and classes of lossutils; received {obj!r}."
        )
    full = textwrap.dedent(inspect.getsource(obj)).rstrip()
    code = _shorten_docstrings(full) if shorten else full
    path = pathlib.Path(inspect.getsourcefile(obj)).resolve().relative_to(_PACKAGE_ROOT).as_posix()
    return SourceBlock(f"{_public_module(obj)}.{obj.__qualname__}", path, code, code != full)


def _public_module(obj) -> str:
    """The shortest module that exports ``obj``: lossutils.losses, not lossutils.losses.margin."""
    parts = obj.__module__.split(".")
    for end in range(1, len(parts)):
        package = sys.modules.get(".".join(parts[:end]))
        if getattr(package, obj.__name__, None) is obj:
            return package.__name__
    return obj.__module__


def _shorten_docstrings(code: str) -> str:
    """Replaces every docstring of more than one line in ``code`` by its first line."""
    lines = code.splitlines()
    docstrings = [
        node.body[0]
        for node in ast.walk(ast.parse(code))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and ast.get_docstring(node, clean=False) is not None
    ]
    # From the bottom up, so that earlier line numbers stay valid.
    for doc in sorted(docstrings, key=lambda d: d.lineno, reverse=True):
        first, last = doc.lineno - 1, doc.end_lineno - 1
        if first == last:
            continue  # a one-line docstring is already short
        indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
        summary = inspect.cleandoc(doc.value.value).splitlines()[0]
        lines[first : last + 1] = [f'{indent}"""{summary}"""']
    return "\n".join(lines)

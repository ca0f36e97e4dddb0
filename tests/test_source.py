"""``show_source`` shows the real code of lossutils, docstrings shortened and nothing else changed."""

from __future__ import annotations

import ast
import inspect
import textwrap

import pytest

from lossutils import information, losses
from lossutils.explorers import Explorer
from lossutils.source import show_source


def without_docstrings(code: str) -> str:
    """``code`` with every docstring removed, as an AST dump (layout and comments ignored)."""
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node) is not None:
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree)


@pytest.mark.parametrize("obj", [information.entropy, losses.binary_crossentropy, losses.huber, Explorer],
                         ids=lambda obj: obj.__name__)
def test_shortened_source_is_the_source_but_for_docstrings(obj):
    block = show_source(obj).blocks[0]
    original = textwrap.dedent(inspect.getsource(obj)).rstrip()
    assert without_docstrings(block.code) == without_docstrings(original)
    assert block.shortened and len(block.code.splitlines()) < len(original.splitlines())
    summary = inspect.getdoc(obj).splitlines()[0]
    assert f'"""{summary}"""' in block.code


def test_full_docstrings_give_the_source_verbatim():
    block = show_source(losses.huber, docstrings="full").blocks[0]
    assert block.code == textwrap.dedent(inspect.getsource(losses.huber)).rstrip()
    assert not block.shortened


def test_names_the_public_module_and_the_file():
    block = show_source(losses.hinge).blocks[0]
    assert (block.name, block.path) == ("lossutils.losses.hinge", "lossutils/losses/margin.py")


def test_displays_as_highlighted_python_and_as_text():
    shown = show_source(information.entropy, information.cross_entropy)
    markdown, text = shown._repr_markdown_(), repr(shown)
    assert markdown.count("```python\n") == 2
    assert "`lossutils.information.entropy`, from `lossutils/information.py`" in markdown
    assert text.startswith("# lossutils.information.entropy, from lossutils/information.py\n")
    assert "def cross_entropy(" in text


@pytest.mark.parametrize("bad, error, message", [
    ((), TypeError, "needs at least one function or class"),
    ((print,), TypeError, "shows functions and classes of lossutils; received <built-in function print>"),
    ((inspect.getsource,), TypeError, "shows functions and classes of lossutils"),
])
def test_refuses_what_is_not_lossutils_code(bad, error, message):
    with pytest.raises(error, match=message):
        show_source(*bad)


def test_refuses_an_unknown_docstrings_option():
    with pytest.raises(ValueError, match=r"`docstrings` must be 'summary' or 'full'; received 'none'"):
        show_source(losses.huber, docstrings="none")

"""The Sphinx extension that draws formulas at build time (book/_ext/svg_math.py)."""

from __future__ import annotations

import re

import pytest
from docutils import nodes
from sphinx.errors import ExtensionError

from book._ext import svg_math


@pytest.fixture(scope="module")
def typesetter():
    try:
        worker = svg_math.Typesetter()
    except ExtensionError as err:
        pytest.fail(str(err))  # the site cannot be built without it either
    yield worker
    worker.close()


def block(text: str, nowrap: bool = False) -> nodes.math_block:
    return nodes.math_block(text, text, nowrap=nowrap, number=None)


def test_a_display_formula_is_drawn_with_its_mathml_and_reachable_by_keyboard(typesetter):
    html = typesetter.svg(r"H(p) = -\sum_i p_i \log p_i", True, "here")
    assert html.startswith('<mjx-container class="MathJax" jax="SVG" display="true"')
    assert 'tabindex="0"' in html.split(">", 1)[0]
    assert re.search(r"<svg [^>]*aria-hidden=\"true\"", html)
    assert "<mjx-assistive-mml" in html and "<mi>p</mi>" in html
    assert 'fill="currentColor"' in html  # follows the light and dark themes


def test_an_inline_formula_is_not_a_tab_stop(typesetter):
    html = typesetter.svg("x^2", False, "here")
    assert "display=" not in html.split(">", 1)[0] and "tabindex" not in html.split(">", 1)[0]


def test_a_page_gets_the_outlines_of_the_glyphs_its_formulas_use(typesetter):
    typesetter.ask(page_end=True)  # start a page
    html = typesetter.svg(r"\alpha", False, "here")
    used = set(re.findall(r'xlink:href="#([^"]+)"', html))
    glyphs = typesetter.ask(page_end=True)["html"]
    assert used and used <= set(re.findall(r'<path id="([^"]+)"', glyphs))
    assert 'id="MJX-SVG-global-cache"' in glyphs
    assert "<path" not in typesetter.ask(page_end=True)["html"], "the next page starts empty"


def test_a_tex_error_stops_the_build_and_says_where(typesetter):
    with pytest.raises(ExtensionError, match=r"book/entropy:12: TeX error in '\\\\frac\{1\}\{'"):
        typesetter.svg(r"\frac{1}{", False, "book/entropy:12")


def test_the_stylesheet_hides_the_mathml_from_sight():
    worker = svg_math.Typesetter()
    try:
        css = worker.ask(stylesheet=True)["css"]
    finally:
        worker.close()
    assert re.search(r"mjx-assistive-mml \{[^}]*clip: rect\(1px, 1px, 1px, 1px\)", css)


@pytest.mark.parametrize(("source", "tex"), [
    ("a = b", "a = b"),
    (r"a \\ b", r"\begin{split}a \\ b\end{split}"),
    ("a = b\n\nc = d", r"\begin{align}\begin{aligned}a = b\\c = d\end{aligned}\end{align}"),
])
def test_display_blocks_are_read_as_sphinx_mathjax_reads_them(source, tex):
    assert svg_math.display_tex(block(source)) == tex


def test_an_amsmath_environment_is_passed_as_it_is():
    source = r"\begin{align} a &= b \\ c &= d \end{align}"
    assert svg_math.display_tex(block(source, nowrap=True)) == source

"""Code blocks keep a token's span only where the token looks different (book/_ext/plain_code_tokens.py).

The spans Pygments writes for names, punctuation and whitespace are removed from each
page; their text is then drawn in the code block's own colour, which must be the colour
the theme's styles gave those spans, in light and in dark mode.
"""

from __future__ import annotations

import re

import pytest
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from pygments.styles import get_style_by_name
from pygments.token import Name, Text

from book._ext.plain_code_tokens import plain_token_classes, unwrap_plain_tokens
from tests.browser_pages import PageVisit

THEME_STYLES = ("a11y-high-contrast-light", "a11y-high-contrast-dark")  # pydata-sphinx-theme's
CODE = "loss = keras.losses.Huber(delta=1.0)  # the slope beyond delta\nprint(loss([0.0], [2.0]))\n"


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_names_punctuation_and_whitespace_look_like_plain_text_in_both_styles():
    classes = plain_token_classes(*THEME_STYLES)
    assert {"n", "p", "w"} <= classes
    assert not classes & {"o", "k", "s2", "mf", "c1", "nb"}, "a coloured token would lose its colour"
    for name in THEME_STYLES:
        style = get_style_by_name(name)
        assert style.style_for_token(Name) == style.style_for_token(Text)


def test_only_plain_spans_inside_code_blocks_are_removed():
    block = highlight(CODE, PythonLexer(), HtmlFormatter())
    assert block.startswith('<div class="highlight"><pre>')
    outside = '<p><span class="n">kept outside a code block</span></p>'
    classes = plain_token_classes(*THEME_STYLES)
    page = unwrap_plain_tokens(outside + block, classes)
    assert page.startswith(outside)
    assert _text(page) == _text(outside + block), "the text must stay the same"
    left = set(re.findall(r'<span class="([^"]*)">', page[len(outside):]))
    assert left and not left & classes, f"spans left in the block: {left}"
    assert {"o", "mf", "c1", "nb"} <= left, "the coloured tokens keep their spans"


def test_no_classes_changes_nothing():
    block = highlight(CODE, PythonLexer(), HtmlFormatter())
    assert unwrap_plain_tokens(block, frozenset()) == block


def test_the_site_writes_no_span_for_a_plain_token(site):
    page = (site.html / "book" / "regression_losses.html").read_text(encoding="utf-8")
    assert page.count('<div class="highlight"><pre>') > 20
    spans = re.findall(r'<span class="(n|p|w|nn|nx|pm)">', page)
    assert not spans, f"{len(spans)} spans of plain tokens left"
    assert re.search(r'<span class="o">', page), "operators keep their colour"


@pytest.mark.parametrize("scheme, colour", [("light", "rgb(8, 8, 8)"), ("dark", "rgb(248, 248, 242)")])
def test_plain_code_text_has_the_colour_its_spans_had(browser, served_site, scheme, colour):
    """The styles' text colour (#080808 and #f8f8f2), which pygments.css gave the spans
    removed, not the theme's colour for <pre>."""
    html_dir, base_url = served_site
    css = (html_dir / "_static" / "pygments.css").read_text(encoding="utf-8")
    hex_colour = "#{:02X}{:02X}{:02X}".format(*map(int, re.findall(r"\d+", colour)))
    assert f'html[data-theme="{scheme}"] .highlight .n {{ color: {hex_colour} }}' in css
    visit = PageVisit(browser, base_url, "book/entropy.html", color_scheme=scheme)
    try:
        colours = visit.page.evaluate(
            "() => [...new Set([...document.querySelectorAll('.highlight pre')]"
            "    .map(pre => getComputedStyle(pre).color))]")
    finally:
        visit.close()
    assert colours == [colour]

"""Sphinx extension: code blocks keep a token's span only where the token looks different.

Pygments wraps every token of a highlighted block in a ``<span>`` naming its type, names,
punctuation and whitespace included, although the theme's two styles (light and dark)
draw those exactly as the block's plain text. On a chapter page they are about 4,000 of
its 17,000 elements, and every element costs a phone time to parse, style and lay out.

This removes, from each page as it is written, the spans of the token types that both
styles draw like plain text (``plain_token_classes``), keeping their text; the rest of the
highlighting is untouched. ``code-text.css`` gives a block's plain text the style's text
colour (the theme otherwise paints ``pre`` in its body-text colour), so what a reader sees
does not change. The styles are the theme's ``pygments_light_style`` and
``pygments_dark_style``.
"""

from __future__ import annotations

import functools
import re

from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Text

BLOCK = re.compile(r'(<div class="highlight"><pre>)(.*?)(</pre></div>)', re.DOTALL)
STYLESHEET = "code-text.css"


@functools.lru_cache
def plain_token_classes(*style_names: str) -> frozenset[str]:
    """The CSS classes of the token types that every named style draws like plain text."""
    classes = None
    for name in style_names:
        style = get_style_by_name(name)
        plain = style.style_for_token(Text)
        alike = {css for token, css in STANDARD_TYPES.items()
                 if css and style.style_for_token(token) == plain}
        classes = alike if classes is None else classes & alike
    return frozenset(classes or ())


def unwrap_plain_tokens(html: str, classes: frozenset[str]) -> str:
    """``html`` with the spans of ``classes`` inside highlighted blocks replaced by their text."""
    if not classes:
        return html
    names = "|".join(map(re.escape, sorted(classes)))
    span = re.compile(rf'<span class="(?:{names})">([^<]*)</span>')

    def block(match: re.Match) -> str:
        return match.group(1) + span.sub(r"\1", match.group(2)) + match.group(3)

    return BLOCK.sub(block, html)


def _theme_styles(app) -> tuple[str, str]:
    """The Pygments styles of the theme's light and dark modes (pydata-sphinx-theme options)."""
    options = app.builder.theme.get_options(app.config.html_theme_options)
    return options["pygments_light_style"], options["pygments_dark_style"]


def _unwrap(app, pagename, templatename, context, doctree):
    if context.get("body"):
        context["body"] = unwrap_plain_tokens(context["body"], plain_token_classes(*_theme_styles(app)))


def setup(app):
    app.add_css_file(STYLESHEET)
    app.connect("html-page-context", _unwrap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

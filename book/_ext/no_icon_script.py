"""Sphinx extension: pages do without the theme's icon script.

The theme (pydata-sphinx-theme) writes ``<script defer src=".../fontawesome.js">`` into
every page: 543 kB of JavaScript that replaces each icon by an SVG drawing once the page
has loaded, busy on the main thread for a quarter of a second. The theme's stylesheet
already draws the same icons with the Font Awesome web fonts, so the pages look the same
without it. The tag comes from the theme's page template, not from a list an extension
can edit, so it is taken out of each page once the site is written.
"""

from __future__ import annotations

import pathlib
import re

ICON_SCRIPT = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?')


def without_icon_script(html: str) -> str:
    """``html`` without the theme's icon script tag."""
    return ICON_SCRIPT.sub("", html)


def _strip_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in pathlib.Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        stripped = without_icon_script(text)
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")


def setup(app):
    app.connect("build-finished", _strip_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

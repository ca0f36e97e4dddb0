"""Sphinx extension: the figures of a page are fetched when the reader gets near them.

A chapter shows a dozen figures (cell outputs and figures of the text, written by
Sphinx as ``<img src="../_images/....png">``), and a browser fetches every one of
them when the page opens, however far down the page. This marks each such image
``loading="lazy"`` (fetched as it nears the screen; one already on screen is
fetched at once) and ``decoding="async"`` (decoded off the main thread). An image
that says how to load (``loading=`` already set, e.g. by docutils' ``:loading:``
option) is left as it is; so are images that are not files of the site's
``_images/`` folder (theme logos, data URIs inside widgets).
"""

from __future__ import annotations

import re

IMG_TAG = re.compile(r"<img\b[^>]*>")  # docutils escapes '>' inside attribute values
LAZY = ' loading="lazy" decoding="async"'


def _lazy_tag(match: re.Match, images_dir: str) -> str:
    tag = match.group(0)
    src = re.search(r'\ssrc="([^"]*)"', tag)
    if src is None or f"{images_dir}/" not in src.group(1) or re.search(r"\sloading=", tag):
        return tag
    return tag[: len("<img")] + LAZY + tag[len("<img") :]


def _lazy_images(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body:
        images_dir = getattr(app.builder, "imagedir", "_images")
        context["body"] = IMG_TAG.sub(lambda m: _lazy_tag(m, images_dir), body)


def setup(app):
    app.connect("html-page-context", _lazy_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension: the figures of a page are fetched when the reader gets near them.

A chapter shows a dozen figures (cell outputs and figures of the text, written by
Sphinx as ``<img src="../_images/....png">``), and a browser fetches every one of
them when the page opens, however far down the page. This marks each such image
``loading="lazy"`` (fetched as it nears the screen; one already on screen is
fetched at once) and ``decoding="async"`` (decoded off the main thread), and gives
a PNG its pixel size (``width`` and ``height``), from which the browser keeps the
figure's room before it arrives: the text under it does not jump. An image
that says how to load (``loading=`` already set, e.g. by docutils' ``:loading:``
option) is left as it is; so are images that are not files of the site's
``_images/`` folder (theme logos, data URIs inside widgets).
"""

from __future__ import annotations

import os
import re
import struct

IMG_TAG = re.compile(r"<img\b[^>]*>")  # docutils escapes '>' inside attribute values
LAZY = ' loading="lazy" decoding="async"'


def png_size(path: str) -> tuple[int, int] | None:
    """(width, height) in pixels of a PNG file, from its header; None for another file."""
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def _lazy_tag(match: re.Match, images_dir: str, sizes: dict[str, tuple[int, int]]) -> str:
    tag = match.group(0)
    src = re.search(r'\ssrc="([^"]*)"', tag)
    if src is None or f"{images_dir}/" not in src.group(1) or re.search(r"\sloading=", tag):
        return tag
    extra = LAZY
    size = sizes.get(src.group(1).rsplit("/", 1)[-1])
    if size and not re.search(r"\s(width|height)=", tag):
        extra += f' width="{size[0]}" height="{size[1]}"'
    return tag[: len("<img")] + extra + tag[len("<img") :]


def _sizes(app) -> dict[str, tuple[int, int]]:
    """The pixel size of each PNG the builder copies to its images folder, by its name there."""
    sizes = {}
    for source, name in getattr(app.builder, "images", {}).items():
        if name.endswith(".png") and (size := png_size(os.path.join(app.srcdir, source))):
            sizes[name] = size
    return sizes


def _lazy_images(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body:
        images_dir = getattr(app.builder, "imagedir", "_images")
        sizes = _sizes(app)
        context["body"] = IMG_TAG.sub(lambda m: _lazy_tag(m, images_dir, sizes), body)


def setup(app):
    app.add_css_file("figures.css")  # the height follows the width the page gives a figure
    app.connect("html-page-context", _lazy_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

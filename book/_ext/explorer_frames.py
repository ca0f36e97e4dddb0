"""Sphinx extension: the pictures of the website's explorers are served as files, fetched when shown.

An explorer's website version (``lossutils.explorers.web_frames``) is one HTML
fragment with every picture drawn in advance inline, as a data URI: that is how
the notebook keeps it. Left so, a page would carry all of them in its HTML. This
writes each picture to the site's ``_images/`` folder under a name made from its
bytes, and points the picture at the file: the one the explorer starts at with
``src`` (fetched as it nears the screen, see lazy_images.py), the hidden ones
with ``data-src``, which ``explorers.js`` turns into ``src`` when the reader moves
a control to them. It also adds ``explorers.js`` and ``explorers.css`` to every page.
"""

from __future__ import annotations

import base64
import hashlib
import pathlib
import re

FRAME = re.compile(
    r'(<div class="lossutils-frame" data-stops="[^"]*"(?P<hidden> hidden)?>'
    r'<img\b[^>]*?) src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=]+)"'
)


def _picture_file(app, data: str) -> str:
    """Writes the picture to ``_images/`` (once) and returns its path from the site's root."""
    png = base64.b64decode(data)
    name = f"explorer-{hashlib.sha256(png).hexdigest()[:20]}.png"
    images_dir = getattr(app.builder, "imagedir", "_images")
    path = pathlib.Path(app.builder.outdir, images_dir, name)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    return f"{images_dir}/{name}"


def _frames_as_files(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body or "lossutils-web-explorer" not in body:
        return

    def as_file(match: re.Match) -> str:
        url = context["pathto"](_picture_file(app, match.group("data")), 1)
        attribute = "data-src" if match.group("hidden") else "src"
        return f'{match.group(1)} {attribute}="{url}"'

    context["body"] = FRAME.sub(as_file, body)


def setup(app):
    app.add_js_file("explorers.js", loading_method="defer")
    app.add_css_file("explorers.css")
    # Before lazy_images.py, which then marks the pictures shown at first as lazy.
    app.connect("html-page-context", _frames_as_files, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The picture an explorer shows: its figure as an inline PNG, with the caption that says its numbers.

Live in Jupyter and on the website alike, an explorer's picture is one HTML fragment, so the
picture and its caption always change together.
"""

from __future__ import annotations

import base64
import html

from ..plotting import RC_PARAMS

__all__ = ["picture_html"]


def picture_html(fig, caption: str, png: bytes, attributes: str = "") -> str:
    """The figure as an ``<img>`` (inline PNG) with ``caption`` as its alt text and, visibly, under it.

    The visible caption is hidden from screen readers, which read the same words as the alt
    text. ``attributes`` (HTML, escaped by the caller) are added to the ``<img>``.
    """
    # Its size on screen, whatever the PNG's resolution (the website's are drawn sharper).
    width = round(fig.get_figwidth() * RC_PARAMS["figure.dpi"])
    height = round(fig.get_figheight() * RC_PARAMS["figure.dpi"])  # kept before it loads: no jump
    data = base64.b64encode(png).decode("ascii")
    text = html.escape(caption)
    style = f"max-width:{width}px;font-size:0.9em;margin:0.25em 0 0"
    return (f'<img{attributes} src="data:image/png;base64,{data}" width="{width}" height="{height}" '
            f'alt="{text}">'
            f'<p class="lossutils-caption" aria-hidden="true" style="{style}">{text}</p>')

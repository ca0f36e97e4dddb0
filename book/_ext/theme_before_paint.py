"""Sphinx extension: a page is painted in the reader's light or dark theme from the start.

The site follows the reader's system (``default_mode: auto``). The theme's first script
in the head sets ``data-theme="auto"``, and only its deferred script, after the first
paint, turns that into "light" or "dark". Until then the theme's colour variables, set
for ``data-theme="light"`` and ``"dark"`` only, are undefined: a dark-mode reader sees the
page flash light, and inline code gets its 1-pixel border late, widening it enough to
rewrap a line that was nearly full (a layout shift of 0.12 on the at-a-glance page).

This script, in the head, makes the same choice as the theme's script at once; the
theme's script later finds the same value and changes nothing.
"""

from __future__ import annotations

RESOLVE_AUTO = (
    'if (document.documentElement.dataset.theme === "auto") {'
    " document.documentElement.dataset.theme ="
    ' matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"; }'
)


def setup(app):
    app.add_js_file(None, body=RESOLVE_AUTO, priority=100)  # before the other scripts
    return {"parallel_read_safe": True, "parallel_write_safe": True}

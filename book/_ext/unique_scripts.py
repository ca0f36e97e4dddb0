"""Sphinx extension: drop repeated inline scripts from every page.

sphinx-thebe adds its configuration (``const THEBE_JS_URL = ...``) as an
inline script each time Sphinx reads the sources, and Jupyter Book reads them
more than once, so pages declared the same ``const`` twice and the browser
reported a SyntaxError. Scripts with a file name are already unique (Sphinx
keys them by name); this does the same for inline ones.
"""

from __future__ import annotations


def _unique_inline_scripts(app, pagename, templatename, context, doctree):
    seen = set()
    unique = []
    for script in context.get("script_files", []):
        inline = not getattr(script, "filename", None)  # None or "" for inline scripts
        body = script.attributes.get("body") if inline else None
        if body is not None:
            if body in seen:
                continue
            seen.add(body)
        unique.append(script)
    context["script_files"] = unique


def setup(app):
    # Last, after every other extension has added its scripts to the page.
    app.connect("html-page-context", _unique_inline_scripts, priority=1000)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

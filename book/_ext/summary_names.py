"""Sphinx extension: the toggle above a hidden cell is named by the words it shows.

MyST-NB writes a hidden cell's source (``hide-input``) inside ``<details>``, whose
``<summary>`` shows "Show code cell source" (or "Hide code cell source" once open) but
carries ``aria-label="Toggle hidden content"``. A screen reader then announces words the
reader cannot see, and a reader who steers by voice cannot say the words on the screen
(WCAG 2.5.3, label in name; axe-core's ``label-content-name-mismatch``). This removes the
label from each page as it is written, so the toggle is named by its visible text.
"""

from __future__ import annotations

LABELLED_SUMMARY = '<summary aria-label="Toggle hidden content">'


def _name_by_visible_text(app, pagename, templatename, context, doctree):
    if context.get("body"):
        context["body"] = context["body"].replace(LABELLED_SUMMARY, "<summary>")


def setup(app):
    app.connect("html-page-context", _name_by_visible_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

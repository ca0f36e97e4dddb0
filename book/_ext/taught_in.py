"""Sphinx extension: each docstring's "Taught in:" line becomes a link to its chapter.

A public function or class of lossutils that a chapter teaches (the chapter's code uses it by
name: imports it, calls it, shows its source) ends its docstring with a paragraph naming
that chapter, written to read well as plain text in ``help()`` or Jupyter's ``?``::

    Taught in: Cross-entropy (book/cross_entropy.ipynb).
    Taught in: KL divergence (book/kl_divergence.ipynb); Keras losses in
    practice (book/keras_in_practice.ipynb).

That is ``Taught in:``, then chapters ``Title (book/<file>.ipynb)`` (or without the suffix:
``book/entropy``) separated by ``"; "``; anything after the last chapter (``", with
examples."``) is kept as it is. The machinery no chapter teaches (the website's pictures,
the figures' helpers, the source display's classes) has no such line.

On the API reference page (autodoc) each chapter that is part of the book becomes a
``:doc:`` link; one that is not (marked ``, still to come``, or missing from ``_toc.yml``)
stays plain text ("a chapter still to come"), so no link can break. A line that does not
follow the format is reported as a warning (an error under ``-W``).
``tests/test_taught_in.py`` checks, with :func:`parse`, both ways: every chapter a line names
uses the name in its code, and every name a chapter's code uses has a line.
"""

from __future__ import annotations

import dataclasses
import re

MARKER = "Taught in:"

_CHAPTER = re.compile(
    r"(?P<title>[^;()]+?) \((?P<docname>book/[\w-]+)(?:\.ipynb|\.md)?(?P<coming>, still to come)?\)"
)


@dataclasses.dataclass(frozen=True)
class Chapter:
    title: str
    docname: str  # "book/entropy"
    coming: bool  # the docstring says "still to come"


def _paragraphs(lines: list[str]):
    """(start, stop) line ranges of the blank-line separated paragraphs."""
    start = None
    for i, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            yield start, i
            start = None


def _find(lines: list[str]):
    """(start, stop, text) of the "Taught in:" paragraph, or None."""
    for start, stop in _paragraphs(lines):
        if lines[start].lstrip().startswith(MARKER):
            return start, stop, " ".join(line.strip() for line in lines[start:stop])
    return None


def _split(text: str) -> tuple[list[Chapter], str]:
    """The chapters of a "Taught in:" paragraph and the text after them."""
    body = text[len(MARKER):].strip()
    chapters, pos = [], 0
    while True:
        match = _CHAPTER.match(body, pos)
        if match is None:
            raise ValueError(
                f"expected 'Title (book/<file>.ipynb)' or 'Title (book/<file>.ipynb, still to "
                f"come)' at {body[pos:pos + 40]!r} in {text!r}"
            )
        chapters.append(Chapter(match["title"].strip(), match["docname"], bool(match["coming"])))
        pos = match.end()
        if not body.startswith("; ", pos):
            return chapters, body[pos:]
        pos += 2


def parse(docstring: str | None) -> list[Chapter]:
    """The chapters a docstring's "Taught in:" paragraph names ([] if it has none).

    Raises:
        ValueError: the paragraph does not follow the format.

    Example:

    >>> parse("Hinge loss.\\n\\nTaught in: Hinge losses (book/hinge.ipynb, still to come).")
    [Chapter(title='Hinge losses', docname='book/hinge', coming=True)]
    """
    found = _find((docstring or "").splitlines())
    return _split(found[2])[0] if found else []


def _link(chapter: Chapter, docnames) -> str:
    if chapter.docname in docnames:
        return f":doc:`{chapter.title} </{chapter.docname}>`"
    return f"{chapter.title} (a chapter still to come)"


def _process_docstring(app, what, name, obj, options, lines):
    found = _find(lines)
    if found is None:
        return
    start, stop, text = found
    try:
        chapters, rest = _split(text)
    except ValueError as err:
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            f"{name}: malformed '{MARKER}' paragraph: {err}", type="taught_in",
            location=app.env.docname)
        return
    links = "; ".join(_link(chapter, app.env.found_docs) for chapter in chapters)
    lines[start:stop] = [f"**{MARKER}** {links}{rest}"]


def setup(app):
    # After napoleon (priority 500), on the reST it made of the Google-style sections.
    app.connect("autodoc-process-docstring", _process_docstring, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

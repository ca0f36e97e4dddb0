"""The Chinese edition's catalogues: current with the English text, complete, and faithful.

- Current: the message templates are made again from the English pages (Sphinx's gettext
  builder), and each catalogue must hold exactly its template's messages, as
  ``sphinx-intl update`` leaves it. So an English sentence edited, added or removed without
  its Chinese fails here. (sphinx-intl itself is not called: it forks a process pool, and a
  fork of a test process that has loaded TensorFlow can crash.)
- Complete: no message is empty or fuzzy (marked for review after its English changed).
- Faithful: each translation keeps its message's code spans, math, link and role targets,
  substitutions and numbers (tests/catalogues.py).
"""

from __future__ import annotations

import subprocess

import pytest

from tests.catalogues import CATALOGUES, ROOT, catalogue_paths, messages, read_catalogue, report
from tools.sitebuild import jupyter_book

PAGES = [path.relative_to(CATALOGUES).with_suffix("").as_posix() for path in catalogue_paths()]


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """The message templates (.pot) of the English pages as they are now."""
    out = tmp_path_factory.mktemp("gettext")
    proc = subprocess.run(
        [jupyter_book(), "build", str(ROOT), "--path-output", str(out),
         "--builder", "custom", "--custom-builder", "gettext", "-W", "-q"],
        cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return out / "_build" / "gettext"


def test_catalogues_are_current_with_the_english_pages(templates):
    """Each catalogue holds exactly the messages of its page's template: what
    ``sphinx-intl update --no-obsolete`` would leave it with, with nothing to add or drop."""
    stale = {}
    for template_path in sorted(templates.rglob("*.pot")):
        page = template_path.relative_to(templates).with_suffix("").as_posix()
        catalogue_path = CATALOGUES / f"{page}.po"
        if not catalogue_path.exists():
            continue  # test_every_page_has_a_catalogue names it
        wanted = {m.id for m in read_catalogue(template_path) if m.id}
        catalogue = read_catalogue(catalogue_path)
        have = {m.id for m in catalogue if m.id}
        if wanted != have or catalogue.obsolete:
            stale[page] = (f"{len(wanted - have)} new, {len(have - wanted)} gone, "
                           f"{len(catalogue.obsolete)} obsolete")
    assert not stale, (
        f"the English text changed since the catalogues were updated: {stale}; update them "
        "(README.md, 'The Chinese edition') and translate the new and fuzzy messages"
    )


def test_every_page_has_a_catalogue(templates):
    pages = sorted(p.relative_to(templates).with_suffix("").as_posix() for p in templates.rglob("*.pot"))
    assert pages == PAGES


@pytest.mark.parametrize("page", PAGES)
def test_every_message_is_translated_and_keeps_its_markup(page):
    path = CATALOGUES / f"{page}.po"
    assert messages(path), f"{page} has no message"
    found = report([path])
    assert not found, f"{len(found)} problems (python tests/catalogues.py {page}):\n" + "\n".join(found)

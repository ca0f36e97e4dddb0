"""The Chinese edition's catalogues: current with the English text, complete, and faithful.

- Current: the message templates are made again from the English pages (Sphinx's gettext
  builder) and merged into a copy of the catalogues with sphinx-intl, as a maintainer does
  after editing a page; nothing may change. So an English sentence edited, added or removed
  without its Chinese fails here.
- Complete: no message is empty or fuzzy (marked for review after its English changed).
- Faithful: each translation keeps its message's code spans, math, link and role targets,
  substitutions and numbers (tests/catalogues.py).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from sphinx_intl.basic import update

from tests.catalogues import CATALOGUES, LANGUAGE, ROOT, catalogue_paths, messages, report
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


def test_catalogues_are_current_with_the_english_pages(templates, tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(CATALOGUES.parent.parent, locale)
    status = update(str(locale), str(templates), (LANGUAGE,), ignore_obsolete=True, jobs=1)
    changed = [
        path.relative_to(locale).as_posix()
        for path in sorted(locale.rglob("*.po"))
        if path.read_bytes() != (CATALOGUES.parent.parent / path.relative_to(locale)).read_bytes()
    ]
    assert status["create"] == 0 and not changed, (
        f"the English text changed since the catalogues were updated ({changed}); update them "
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

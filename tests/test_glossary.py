"""The glossary covers every chapter, and each chapter links each term where it first uses it.

"First use" is read the way tools/link_glossary.py reads it (prose only, longest term
first); ``python tools/link_glossary.py`` adds the missing links.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from sphinx_external_toc.parsing import parse_toc_yaml

from tools.link_glossary import CJK, ROOT, chapters, first_uses, glossary_entries, markdown_sources, uses

ENTRIES = glossary_entries()
CHAPTERS = chapters()
SOURCES = {path.stem: markdown_sources(nbformat.read(path, as_version=4)) for path in CHAPTERS}
# A key term is introduced in bold with its Chinese name: **margin (间隔)**.
KEY_TERM = re.compile(r"\*\*([^*]+?)\s*[(（]([^)）]*[\u4e00-\u9fff][^)）]*)[)）]\*\*")
LINK_TEXT = re.compile(r"\{term\}`(?:([^`<]*?)\s*<[^>]*>|([^`]*))`")


def test_the_glossary_parses_into_entries_with_both_names():
    assert len(ENTRIES) > 90
    for entry in ENTRIES:
        assert entry.english and entry.chinese, entry
    targets = [entry.target.lower() for entry in ENTRIES]
    assert len(targets) == len(set(targets)), "a term is defined twice"


@pytest.mark.parametrize("chapter", SOURCES)
def test_the_first_use_of_every_term_is_a_glossary_link(chapter):
    cells = SOURCES[chapter]
    unlinked = [(use.target, cells[use.cell][max(0, use.start - 40):use.end + 20].replace("\n", " "))
                for use in first_uses(cells, ENTRIES).values() if not use.linked]
    assert not unlinked, (f"run `python tools/link_glossary.py book/{chapter}.ipynb`; first uses "
                          f"without a link: {unlinked}")


@pytest.mark.parametrize("chapter", SOURCES)
def test_every_glossary_link_names_a_term_of_the_glossary(chapter):
    known = {name.lower() for entry in ENTRIES for name in entry.english}
    targets = {use.target for use in uses(SOURCES[chapter], ENTRIES) if use.linked}
    assert {target for target in targets if target.lower() not in known} == set()


def test_every_term_is_linked_from_a_chapter():
    linked = {use.target for cells in SOURCES.values() for use in uses(cells, ENTRIES) if use.linked}
    assert [entry.target for entry in ENTRIES if entry.target not in linked] == []


def _plain(source: str) -> str:
    return LINK_TEXT.sub(lambda match: match.group(1) or match.group(2), source)


@pytest.mark.parametrize("chapter", SOURCES)
def test_every_key_term_a_chapter_introduces_is_in_the_glossary(chapter):
    names = {" ".join(name.lower().split()) for entry in ENTRIES for name in entry.english + entry.chinese}
    titles = {title.split(" (")[0].lower() for title in page_titles().values()}
    missing = []
    for source in SOURCES[chapter]:
        for match in KEY_TERM.finditer(_plain(source)):
            english, chinese = (" ".join(group.lower().split()) for group in match.groups())
            if not ({english, english.removesuffix("s"), chinese} & names or english in titles):
                missing.append(match.group(0))
    assert missing == [], "add these to book/glossary.md"


def page_titles() -> dict[str, str]:
    """The first heading of every page of _toc.yml, Chinese name included."""
    titles = {}
    for docname in parse_toc_yaml(ROOT / "_toc.yml"):
        notebook = (ROOT / docname).with_suffix(".ipynb")
        if notebook.is_file():
            text = nbformat.read(notebook, as_version=4).cells[0].source
        else:
            text = (ROOT / docname).with_suffix(".md").read_text(encoding="utf-8")
        titles[docname] = next(line[2:] for line in text.splitlines() if line.startswith("# "))
    return titles


# The intro carries the book's name; every chapter and appendix page carries its Chinese name.
TITLED = [name for name in parse_toc_yaml(ROOT / "_toc.yml") if name != "book/intro"]


@pytest.mark.parametrize("docname", TITLED)
def test_every_page_title_carries_its_chinese_name(docname):
    title = page_titles()[docname]
    assert re.fullmatch(r"[^(]+ \([^)]+\)", title) and CJK.search(title.split(" (", 1)[1]), title

"""The errata appendix (book/errata.ipynb) covers every worked example and erratum.

Its numbers are checked by nbval like any chapter's; here: every label has one row, in
the section of its article, with a link to a section of the book that exists; and every
recorded Keras 2 call is in the closing table.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from link_glossary import ROOT
from myst_parser.mdit_to_docutils.base import default_slugify

from lossutils import keras_changes

ERRATA = ROOT / "book" / "errata.ipynb"
WORKED_EXAMPLES = ROOT.parent / "shared" / "worked-examples.md"

#: The labels of the worked examples (E) and errata of the five articles, by article.
LABELS = {
    "Koech": ["E1", "E2", "E3", "E4", "K1", "K2", "K3"],
    "CSDN": ["E5", "E6", "E7", "E8", "C1", "C2", "C3"],
    "Ye": ["E12", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"],
    "Yisu": ["E9", "E10", "E11", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6"],
    "Brownlee": ["E13", "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9"],
}
#: What each article's section heading must name: its author, or where it appeared.
HEADINGS = {"Koech": "Koech", "CSDN": "CSDN", "Ye": "Andre Ye", "Yisu": "Yisu", "Brownlee": "Brownlee"}
ROW = re.compile(r"^\| \*\*([^*]+)\*\* \|(.*)$", re.MULTILINE)
LINK = re.compile(r"\]\((\w+)\.ipynb#([^)]+)\)")


def sections() -> list[tuple[str, str]]:
    """(heading, markdown table displayed under it) for each section of the appendix."""
    notebook = nbformat.read(ERRATA, as_version=4)
    found, heading = [], None
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            heading = cell.source.splitlines()[0][3:]
        for output in cell.get("outputs", []):
            table = output.get("data", {}).get("text/markdown")
            if table and heading:
                found.append((heading, table))
    return found


SECTIONS = sections()


def heading_slugs(chapter: str) -> set[str]:
    """The anchors MyST makes for the ## and ### headings of a chapter."""
    notebook = nbformat.read(ROOT / "book" / f"{chapter}.ipynb", as_version=4)
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    lines = [line for source in markdown for line in source.splitlines()]
    return {default_slugify(line.lstrip("#").strip()) for line in lines if re.match(r"#{2,3} ", line)}


def test_the_labels_are_those_of_the_worked_examples_file():
    if not WORKED_EXAMPLES.is_file():
        pytest.skip(f"{WORKED_EXAMPLES} is not beside the repository (it is the book's design record)")
    text = WORKED_EXAMPLES.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| ([EKACYB]\d+) \|", text, re.MULTILINE))
    assert listed == {label for labels in LABELS.values() for label in labels}


@pytest.mark.parametrize("article", LABELS)
def test_each_article_has_a_section_with_one_row_per_label(article):
    (heading, table), = [(h, t) for h, t in SECTIONS if HEADINGS[article] in h]
    labelled = [label.strip() for row in ROW.findall(table) for label in row[0].split(",")]
    assert sorted(labelled) == sorted(LABELS[article]), heading


@pytest.mark.parametrize("article", LABELS)
def test_every_row_says_what_the_article_says_what_is_true_and_where(article):
    (_, table), = [(h, t) for h, t in SECTIONS if HEADINGS[article] in h]
    for label, rest in ROW.findall(table):
        says, true, where = (cell.strip() for cell in rest.rstrip(" |").split(" | "))
        assert says and true, label
        (chapter, anchor), = LINK.findall(where)
        assert anchor in heading_slugs(chapter), f"{label}: no section #{anchor} in {chapter}.ipynb"


def test_every_recorded_keras_call_is_in_the_closing_table():
    (_, table), = [(h, t) for h, t in SECTIONS if "outdated call" in h]
    labels = [label for label, _ in ROW.findall(table)]
    assert labels == [change.erratum for change in keras_changes.CHANGES]


def test_the_website_renders_the_tables_and_links_the_sections(site):
    html = (site.html / "book" / "errata.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr[ >]", html)
    assert len(rows) >= sum(map(len, LABELS.values())) + len(keras_changes.CHANGES)
    links = set(re.findall(r'href="(\w+)\.html#([^"]+)"', html))
    assert len(links) >= 20
    for page, anchor in links:
        target = (site.html / "book" / f"{page}.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target, f"errata links {page}.html#{anchor}, which does not exist"

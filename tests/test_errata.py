"""The errata appendix (book/errata.ipynb) covers every worked example and erratum.

Its numbers are checked by nbval like any chapter's; here: every label has one row, in
the section of its article, with a link to a section of the book that exists; every
recorded Keras 2 call is in the closing table, and the book's reproductions of old calls
are marked as such; the tables read as prose, not as a log of reprs; and the rows that
quote Keras (K3, E3, E4, E5 and E6) say what Keras and the arithmetic give today.
"""

from __future__ import annotations

import math
import re

import nbformat
import numpy as np
import pytest
from myst_parser.mdit_to_docutils.base import default_slugify

from lossutils.articles import keras2_calls
from tools.link_glossary import ROOT

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
    assert labels == [change.erratum for change in keras2_calls.CHANGES]


#: What a log shows and a reader should not read: reprs, outcome prefixes, "(s)" plurals, "..".
LOG_ARTEFACTS = re.compile(r"np\.float32\(|(?<![\w.])array\(|<tf\.Tensor|dtype=|\b(?:raises|works|warns):|"
                           r"\b(?:row|column)\(s\)|(?<!\.)\.\.(?!\.)")


def row(article, label):
    """The 'what is true' cell of one label's row."""
    (_, table), = [(h, t) for h, t in SECTIONS if HEADINGS[article] in h]
    (rest,) = [rest for labels, rest in ROW.findall(table) if label in labels.split(", ")]
    return rest.split(" | ")[1]


def test_the_tables_read_as_prose_not_as_a_log():
    for heading, table in SECTIONS:
        found = LOG_ARTEFACTS.findall(table)
        assert not found, f"{heading}: {found}"


def test_the_rule_catches_a_log():
    log = "raises: ValueError; np.float32(0.01); array([1]); 2 row(s); [0, 2].."
    assert len(LOG_ARTEFACTS.findall(log)) == 5
    assert not LOG_ARTEFACTS.findall("compile(..., target_tensors=None, ...); {0, 1, ..., n}; np.array([1])")


def test_no_warning_is_printed_beside_the_tables():
    notebook = nbformat.read(ERRATA, as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert "WARNING" not in output.get("text", ""), output.get("text")


def test_no_word_about_how_the_page_was_made():
    notebook = nbformat.read(ERRATA, as_version=4)
    prose = " ".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "was built" not in prose and "nbval" not in prose


def test_k3_shows_the_error_keras_itself_raises():
    keras = pytest.importorskip("keras")
    with pytest.raises(Exception) as raised:  # noqa: PT011 (TensorFlow's own error class)
        keras.losses.sparse_categorical_crossentropy(np.array([3]), np.array([[0.2, 0.3, 0.5]]))
    message = re.search(r"Received a label value of 3 which is outside the valid range of \[0, 3\)",
                        str(raised.value)).group()
    true = row("Koech", "K3")
    assert type(raised.value).__name__ in true and f"“{message}”" in true
    assert "lossutils" not in true and "`y_true` holds" not in true


def test_e3_and_e4_give_the_values_and_say_where_they_come_from():
    keras = pytest.importorskip("keras")
    logits = np.array([[3.2, 1.3, 0.2, 0.8]])
    e3 = float(keras.losses.categorical_crossentropy(np.array([[1.0, 0, 0, 0]]), logits, from_logits=True)[0])
    assert f"its categorical cross-entropy of the exact logits is {e3:.4f}" in row("Koech", "E3")
    rebuilt = np.exp([4.8, 1.3, 0.5, 1.1]) / np.exp([4.8, 1.3, 0.5, 1.1]).sum()
    e4 = row("Koech", "E4")
    # 0.095 bits, rounded, needs a dog probability in [2**-0.0955, 2**-0.0945]; 0.938 is outside it.
    low, high = 2 ** -0.0955, 2 ** -0.0945
    assert f"between {low:.4f} and {high:.4f}" in e4 and not low <= 0.938 <= high
    assert "probably a slip for 0.936" in e4 and "comes from" not in e4  # a guess, said as one
    assert f"-log2(0.936) = {-math.log2(0.936):.3f} bits" in e4
    assert "a reconstruction, not the article's" in e4
    assert f"their dog probability costs {-math.log2(rebuilt[0]):.4f} bits" in e4


def test_the_rows_where_the_article_is_right_say_so():
    right = (("Koech", "E2"), ("Koech", "E3"), ("CSDN", "E7"), ("Yisu", "E10"), ("Yisu", "E11"))
    for article, label in right:
        assert row(article, label).startswith("Right"), (label, row(article, label))


def test_e9_does_not_say_keras_squares_integers_in_float32():
    keras = pytest.importorskip("keras")
    tf = pytest.importorskip("tensorflow")
    # 50,000 squared overflows int32: Keras 3 squares integer tensors in their own dtype.
    assert float(keras.losses.mean_squared_error(tf.constant([50_000]), tf.constant([0]))) < 0
    true = row("Yisu", "E9")
    assert "computes in float32" not in true and "still squares in int32" in true


def test_e5_and_e6_show_the_same_values_to_the_same_digits():
    keras = pytest.importorskip("keras")
    y_pred = np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    values = keras.losses.sparse_categorical_crossentropy(np.array([1, 2]), y_pred).numpy()
    shown = "[" + ", ".join(f"{v:.4f}" for v in values) + "]"
    assert shown in row("CSDN", "E5") and shown in row("CSDN", "E6")


def test_y2_does_not_read_as_if_a_short_name_meant_cosine():
    true = row("Yisu", "Y2")
    assert "`keras.losses.get('mse')` returns the function `mean_squared_error`" in true
    assert "'cosine_similarity'; 'mean_squared_error'" not in true


def test_the_book_s_reproductions_of_old_calls_are_marked_in_the_closing_table():
    (_, table), = [(h, t) for h, t in SECTIONS if "outdated call" in h]
    assert "the article's call" not in table.splitlines()[0]
    rows = [rest for _, rest in ROW.findall(table)]
    for change, rest in zip(keras2_calls.CHANGES, rows, strict=True):
        marked = f"the book's reproduction of the article's `{change.reproduces}`" in rest
        assert marked == bool(change.reproduces), change


def test_the_website_renders_the_tables_and_links_the_sections(site):
    html = (site.html / "book" / "errata.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr[ >]", html)
    assert len(rows) >= sum(map(len, LABELS.values())) + len(keras2_calls.CHANGES)
    links = set(re.findall(r'href="(\w+)\.html#([^"]+)"', html))
    assert len(links) >= 20
    for page, anchor in links:
        target = (site.html / "book" / f"{page}.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target, f"errata links {page}.html#{anchor}, which does not exist"

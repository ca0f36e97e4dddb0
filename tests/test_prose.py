"""The chapters' prose: every number in it checked or quoted, and no paragraph too long to follow.

Every decimal number in a chapter's prose is either computed by the chapter or quoted.

A number the prose states must stay true when the code changes, so it must be one that
nbval checks: printed by a cell of the same chapter (or glued from one with MyST-NB's
``{glue:text}``, which leaves no literal number in the markdown), or an input the
chapter's code uses (a learning rate, a probability in a worked example). A number that
is neither is a quotation (an article's accuracy, a paper's setting): it stands inside
quotation marks or a block quote, so the reader can tell it from the book's own results.

A paragraph (or a list item) of more than 120 words is split: a reader loses the thread.
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest

BOOK = pathlib.Path(__file__).resolve().parents[1] / "book"
CHAPTERS = sorted(BOOK.glob("*.ipynb"))
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+")
# Straight, curly and corner quotation marks; a block-quote line starts with ">".
LONGEST_PARAGRAPH = 120
# A paragraph ends at a blank line; a list item starts a block of its own.
BLOCK_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)")
QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”]*”|「[^」]*」|^>.*$", re.M)


def _text(lines) -> str:
    return "".join(lines) if isinstance(lines, list) else lines


def outputs_and_inputs(notebook: dict) -> str:
    """All printed text of the code cells, and their source without comments."""
    parts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        parts += [re.sub(r"#.*", "", line) for line in _text(cell["source"]).splitlines()]
        for output in cell.get("outputs", []):
            parts.append(_text(output.get("text", "")))
            for mime in ("text/plain", "text/markdown", "text/html", "image/svg+xml"):
                parts.append(_text(output.get("data", {}).get(mime, "")))
    return "\n".join(parts)


def unchecked_numbers(notebook: dict) -> list[tuple[int, str, str]]:
    """(cell index, number, context) for each decimal in the prose that nothing checks."""
    known = outputs_and_inputs(notebook)
    found = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        prose = QUOTED.sub(" ", _text(cell["source"]))
        for match in DECIMAL.finditer(prose):
            if match.group() not in known:
                context = prose[max(0, match.start() - 50):match.end() + 20].replace("\n", " ")
                found.append((index, match.group(), context))
    return found


def test_the_rule_catches_a_number_nothing_prints():
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "The loss is 0.693, the article says \"0.836\"."},
        {"cell_type": "code", "source": "print(round(x, 2))  # 0.693", "outputs": [
            {"output_type": "stream", "name": "stdout", "text": "0.69\n"}]},
    ]}
    assert [number for _, number, _ in unchecked_numbers(notebook)] == ["0.693"]


@pytest.mark.parametrize("path", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_every_number_in_the_prose_is_printed_by_a_cell_or_quoted(path):
    unchecked = unchecked_numbers(json.loads(path.read_text(encoding="utf-8")))
    assert not unchecked, (
        "print these numbers from a cell (or glue them), or mark them as quotations: "
        + "; ".join(f"cell {index}: {number} in '...{context}...'" for index, number, context in unchecked))


def long_paragraphs(notebook: dict) -> list[tuple[int, int, str]]:
    """(cell index, word count, opening words) of each prose block over the limit."""
    found = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        for block in BLOCK_BREAK.split(_text(cell["source"])):
            if block.lstrip().startswith(("|", "```", ":::", "$$")):
                continue  # tables, code, directives and display math are not paragraphs
            words = block.split()
            if len(words) > LONGEST_PARAGRAPH:
                found.append((index, len(words), " ".join(words[:8])))
    return found


def test_a_list_item_is_a_paragraph_of_its_own():
    item = " ".join(["word"] * 70)
    notebook = {"cells": [{"cell_type": "markdown", "source": f"- {item}\n- {item}\n\n{item} {item}"}]}
    assert [words for _, words, _ in long_paragraphs(notebook)] == [140]


@pytest.mark.parametrize("path", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_no_paragraph_is_longer_than_a_reader_can_follow(path):
    long = long_paragraphs(json.loads(path.read_text(encoding="utf-8")))
    assert not long, (f"split these paragraphs (at most {LONGEST_PARAGRAPH} words): "
                      + "; ".join(f"cell {index}: {words} words, '{start} ...'"
                                  for index, words, start in long))

"""The book's PDF, one per edition (tools/build_pdfs.py): built, then read back as a reader would.

Building both takes about three minutes, so ``pytest`` leaves these tests out (they are
marked ``pdf``); CI runs them on every submission, after the rest, with
``pytest -m pdf tests/test_pdfs.py`` (``.ci/run``). They need TeX Live with XeLaTeX, the
fonts and poppler-utils (README, "The book as a PDF").

Checked for each edition: it builds within its budget with no LaTeX error, no undefined
reference and no missing glyph, and no line runs far into the margin; its outline holds the
introduction, then every chapter and appendix page in the order of ``_toc.yml``, under their
parts, each on its own pages; every internal link leads somewhere; each chapter's pages show
a sample of the numbers its cells printed; every explorer is its picture and the sentence
that says where it moves; no picture is blank; every font is embedded, and the Chinese
edition's titles are in Chinese, set in a CJK font.
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import subprocess

import nbformat
import pytest
import yaml

from book._ext.editions import CHINESE, CJK, EDITION_SETTINGS, ENGLISH
from book._ext.print_edition import EXPLORER_NOTE, INTRODUCTION_TITLE
from tests.catalogues import CATALOGUES, read_catalogue
from tests.explorer_moves import explorer_cells
from tests.test_site import ROOT, toc_docnames
from tools.build_pdfs import build_pdf

pytestmark = pytest.mark.pdf

EDITIONS = [ENGLISH, CHINESE]
TOOLS = ("xelatex", "latexmk", "make", "pdffonts", "pdftotext", "pdfimages")
BUDGET_SECONDS = 180  # each PDF, Sphinx's LaTeX and XeLaTeX together
# TeX reports each line wider than its measure; a line a point or two too wide cannot be
# seen. (Before lossbook.sty let code break after ( [ = and _, names of code ran up to
# 140 points into the margin.)
OVERFULL_POINTS = 3
NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d{2,}(?![\w.])")
SHORT_LINE = 70  # an output line this short is not wrapped in print, so its numbers stay whole
EVERY_NTH_NUMBER = 4


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{missing} not found: the PDFs need TeX Live and poppler-utils (README)")
    out = tmp_path_factory.mktemp("pdf")
    return {language: build_pdf(language, out) for language in EDITIONS}


@functools.cache
def reader(path):
    from pypdf import PdfReader

    return PdfReader(path)


@functools.cache
def page_texts(path) -> list[str]:
    """Each page's text (poppler's pdftotext), without its spaces and line breaks: Chinese is
    set without spaces, and a line may break anywhere."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True,
                          text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")]


def title(docname: str, language: str) -> str:
    """A page's title, the first heading of its source, in the edition's language."""
    source = ROOT / f"{docname}.md"
    if source.exists():
        text = source.read_text(encoding="utf-8")
    else:
        cells = nbformat.read(ROOT / f"{docname}.ipynb", as_version=4).cells
        text = next(cell.source for cell in cells if cell.cell_type == "markdown")
    english = next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))
    if language == ENGLISH:
        return english
    return read_catalogue(CATALOGUES / f"{docname}.po")[english].string


def introduction_title(language: str) -> str:
    return EDITION_SETTINGS.get(language, {}).get("print_introduction_title", INTRODUCTION_TITLE)


def explorer_note(language: str) -> str:
    return EDITION_SETTINGS.get(language, {}).get("print_explorer_note", EXPLORER_NOTE)


def outline(path) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks: (depth, title, page index), in order."""
    pdf = reader(path)
    entries = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, pdf.get_destination_page_number(item)))

    walk(pdf.outline, 0)
    return entries


def chapter_pages(path, language) -> dict[str, range]:
    """The pages of each chapter and appendix page (by docname), from the outline."""
    docnames = toc_docnames()[1:]
    titles = {title(name, language): name for name in docnames}
    tops = [(name, page) for depth, name, page in outline(path) if depth <= 1]
    pages = {}
    for (name, start), (_, end) in zip(tops, [*tops[1:], ("", len(reader(path).pages))], strict=True):
        if name in titles:
            pages[titles[name]] = range(start, max(end, start + 1))
    return pages


@pytest.mark.parametrize("language", EDITIONS)
def test_pdf_builds_within_its_budget(pdfs, language):
    pdf = pdfs[language]
    assert pdf.path.stat().st_size > 1_000_000
    assert pdf.seconds <= BUDGET_SECONDS, f"{pdf.seconds:.0f} s"


@pytest.mark.parametrize("language", EDITIONS)
def test_latex_reports_no_error_undefined_reference_or_missing_glyph(pdfs, language):
    log = pdfs[language].log.read_text(encoding="utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("! ")]
    undefined = [line for line in log.splitlines() if "undefined" in line.lower()]
    missing = [line for line in log.splitlines() if line.startswith("Missing character")]
    assert not errors and not undefined and not missing, errors + undefined + missing[:10]


@pytest.mark.parametrize("language", EDITIONS)
def test_no_line_runs_far_into_the_margin(pdfs, language):
    log = pdfs[language].log.read_text(encoding="utf-8", errors="replace")
    overfull = re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\) (.*)", log)
    too_wide = [(float(points), where) for points, where in overfull if float(points) > OVERFULL_POINTS]
    assert not too_wide, too_wide


def toc_parts() -> list[list[str]]:
    """The docnames of each part of _toc.yml, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [[chapter["file"] for chapter in part["chapters"]] for part in toc["parts"]]


@pytest.mark.parametrize("language", EDITIONS)
def test_outline_holds_every_page_in_order_under_its_part(pdfs, language):
    entries = [(depth, name) for depth, name, _ in outline(pdfs[language].path) if depth <= 1]
    assert entries[0] == (0, introduction_title(language))
    starts = [i for i, (depth, _) in enumerate(entries) if depth == 0][1:]  # the parts
    ends = [*starts[1:], len(entries)]
    printed = [[name for _, name in entries[start + 1:end]] for start, end in zip(starts, ends, strict=True)]
    assert printed == [[title(name, language) for name in part] for part in toc_parts()]


@pytest.mark.parametrize("language", EDITIONS)
def test_every_internal_link_leads_to_a_destination(pdfs, language):
    from pypdf.generic import ArrayObject

    pdf = reader(pdfs[language].path)
    destinations = pdf.named_destinations
    links, broken = 0, []
    for number, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            action = action.get_object() if action is not None else {}
            target = annotation.get("/Dest") or (action.get("/D") if action.get("/S") == "/GoTo" else None)
            if target is None or isinstance(target, ArrayObject):
                continue  # a web link, or a destination given as a page
            links += 1
            if str(target) not in destinations:
                broken.append((number + 1, str(target)))
    assert links > 500 and not broken, broken[:10]


def sampled_numbers(docname: str) -> list[str]:
    """Every fourth distinct number (two decimals or more) that a chapter's cells printed on
    lines short enough to stay whole in print."""
    cells = nbformat.read(ROOT / f"{docname}.ipynb", as_version=4).cells
    numbers = []
    for cell in cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                for line in output.text.splitlines():
                    if len(line) <= SHORT_LINE:
                        numbers.extend(NUMBER.findall(line))
    return list(dict.fromkeys(numbers))[::EVERY_NTH_NUMBER]


CHAPTERS_WITH_NUMBERS = [name for name in toc_docnames() if (ROOT / f"{name}.ipynb").exists()
                         and sampled_numbers(name)]


@pytest.mark.parametrize("language", EDITIONS)
@pytest.mark.parametrize("docname", CHAPTERS_WITH_NUMBERS)
def test_chapter_pages_show_the_numbers_its_cells_printed(pdfs, language, docname):
    path = pdfs[language].path
    pages = chapter_pages(path, language)[docname]
    text = "".join(page_texts(path)[i] for i in pages)
    numbers = sampled_numbers(docname)
    assert len(numbers) >= 3
    assert [n for n in numbers if n not in text] == []


@pytest.mark.parametrize("language", EDITIONS)
def test_each_explorer_is_its_picture_and_a_sentence_on_where_it_moves(pdfs, language):
    path = pdfs[language].path
    note = re.sub(r"\s+", "", explorer_note(language).split("[")[0])
    counts = explorer_cells()
    for docname, pages in chapter_pages(path, language).items():
        text = "".join(page_texts(path)[i] for i in pages)
        assert text.count(note) == counts.get(f"{docname}.html", 0), docname


def stored_pictures() -> set[str]:
    """The distinct PNGs the notebooks' outputs show, and the first picture of each explorer."""
    pictures = set()
    for name in toc_docnames():
        source = ROOT / f"{name}.ipynb"
        if not source.exists():
            continue
        for cell in nbformat.read(source, as_version=4).cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data:
                    pictures.add(hashlib.sha256(data["image/png"].encode()).hexdigest())
                if "lossutils-web-explorer" in data.get("text/html", ""):
                    pictures.add(hashlib.sha256(data["text/html"].encode()).hexdigest())
    return pictures


@pytest.mark.parametrize("language", EDITIONS)
def test_every_picture_is_there_and_none_is_blank(pdfs, language, tmp_path):
    from PIL import Image

    path = pdfs[language].path
    # poppler's pdfimages writes each picture of the PDF (and each transparency mask, which
    # is not a picture of its own) to <prefix>-<num>.png.
    subprocess.run(["pdfimages", "-png", path, tmp_path / "picture"], check=True)
    listing = subprocess.run(["pdfimages", "-list", path], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    pictures = [(row.split()[0], int(row.split()[1])) for row in listing if row.split()[2] == "image"]
    seen, blank = set(), []
    for page, number in pictures:
        with Image.open(tmp_path / f"picture-{number:03d}.png") as picture:
            grey = picture.convert("L")
            seen.add(hashlib.sha256(grey.tobytes()).hexdigest())
            low, high = grey.getextrema()
            if high - low < 32:
                blank.append(f"page {page}, picture {number}")
    assert not blank, blank
    assert len(seen) >= len(stored_pictures())


@pytest.mark.parametrize("language", EDITIONS)
def test_every_font_is_embedded(pdfs, language):
    listing = subprocess.run(["pdffonts", pdfs[language].path], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing
    not_embedded = [row for row in listing if row.split()[-5] != "yes"]
    assert not not_embedded, not_embedded
    if language == CHINESE:
        assert any("CJK" in row.split()[0] for row in listing)


def test_chinese_solutions_name_their_exercise_in_chinese(pdfs):
    """"解答练习 3 (…)": the exercise's title as the Chinese edition gives it (exercise_titles.py)."""
    text = "".join(page_texts(pdfs[CHINESE].path))
    titles = re.findall(r"解答练习\d+\((.+?)\)", text)
    assert len(titles) >= 30
    assert [title for title in titles if not CJK.search(title)] == []


def test_chinese_pdf_is_titled_in_chinese(pdfs):
    path = pdfs[CHINESE].path
    first_pages = "".join(page_texts(path)[:3])
    assert re.sub(r"\s+", "", title("book/intro", CHINESE)) in first_pages
    entries = [name for depth, name, _ in outline(path) if depth <= 1]
    for docname in toc_docnames()[1:]:
        assert title(docname, CHINESE) in entries
        assert CJK.search(title(docname, CHINESE))

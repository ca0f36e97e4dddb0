"""The two editions of the website: English at the root, Chinese in zh_CN/, built by one command.

Checked on the built site (the ``site`` fixture): every page is in both editions and links
to its counterpart; the Chinese pages are in Chinese (a paragraph of English prose is a
page not translated); the Chinese search index knows the glossary's Chinese terms and the
code's names; each Chinese chapter downloads as a notebook with Chinese markdown and the
English notebook's code and outputs. The browser checks of the Chinese pages are in
test_pages.py (and the explorers there) and test_browser.py.
"""

from __future__ import annotations

import functools
import json
import re

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from book._ext.editions import CHINESE, CJK, ENGLISH, glossary_names, pdf_path
from book._ext.translated_notebooks import MarkdownTranslator, read_translations
from tests.catalogues import CATALOGUES
from tests.test_site import BOOK, NOTEBOOKS, ROOT, docname, toc_docnames

PAGES = toc_docnames()
MYST_EXTENSIONS = yaml.safe_load((ROOT / "_config.yml").read_text())["parse"]["myst_enable_extensions"]
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
# What stays English on a Chinese page: code and what code printed, the docstrings of the
# API reference, formulas, and the glossary's English names.
NOT_PROSE = "pre, code, .cell_output, [lang=en], dl.py, .math, mjx-container, svg, dt, .headerlink"


def parse(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


#: A page parsed once for every test that reads it (parsing a chapter takes about half a
#: second): a test that changes the tree parses its own copy.
read = functools.cache(parse)


def language_link(page: BeautifulSoup):
    return page.select_one("a.language-link")


@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_in_both_editions_and_links_its_counterpart(site, name):
    english, chinese = site.html / f"{name}.html", site.html / CHINESE / f"{name}.html"
    assert english.is_file() and chinese.is_file()
    for page, other, lang in ((english, chinese, "zh-CN"), (chinese, english, "en")):
        link = language_link(read(page))
        assert link is not None, f"{page} has no link to the other edition"
        assert (page.parent / link["href"]).resolve() == other.resolve(), link["href"]
        assert link["lang"] == lang and link["hreflang"] == lang


@pytest.mark.parametrize("name", PAGES)
def test_every_page_links_its_editions_pdf(site, name):
    """Where tools/build_pdfs.py --site puts each edition's PDF (tests/test_pdfs.py builds them)."""
    for language, folder in ((ENGLISH, site.html), (CHINESE, site.html / CHINESE)):
        page = folder / f"{name}.html"
        link = read(page).select_one(".pdf-link a")
        assert link is not None, f"{page} has no link to its edition's PDF"
        assert (page.parent / link["href"]).resolve() == (site.html / pdf_path(language)).resolve()
        assert link["type"] == "application/pdf" and "PDF" in link.get_text()


def test_chinese_pages_say_they_are_chinese_and_mark_what_is_english(site):
    for name in PAGES:
        page = read(site.html / CHINESE / f"{name}.html")
        assert page.html["lang"] == "zh-CN", name
        # The API's entries are its docstrings, in English (WCAG 3.1.2, language of parts).
        assert all(entry.get("lang") == "en" for entry in page.select("dl.py")), name
    assert read(site.html / CHINESE / "book/api.html").select("dl.py[lang=en]")


@functools.cache
def prose_blocks(path) -> list[str]:
    """The text of each block of prose of a page's article (a list item that holds
    paragraphs is left to them), without code, formulas and what is marked English."""
    article = parse(path).select_one("article")
    for element in article.select(NOT_PROSE):
        element.decompose()
    blocks = article.select("p, li, td, th, h1, h2, h3, h4, figcaption, blockquote")
    return [b.get_text(" ", strip=True) for b in blocks if not b.find(["p", "li"])]


def english_paragraphs(path) -> list[str]:
    """Blocks of prose of the page at ``path`` with English words and no Chinese."""
    return [text[:120] for text in prose_blocks(path)
            if len(ENGLISH_WORD.findall(text)) >= 4 and not CJK.search(text)]


@pytest.mark.parametrize("name", PAGES)
def test_chinese_page_has_no_english_prose(site, name):
    found = english_paragraphs(site.html / CHINESE / f"{name}.html")
    assert not found, f"{len(found)} blocks of English prose on zh_CN/{name}.html:\n" + "\n".join(found)


# MyST markup that reached the reader as text: bold or a role that did not parse (in
# Chinese, ** next to a full-width bracket does not close), or a formula cut by a line
# that starts with "-" or ">" in the source.
RAW_MARKUP = re.compile(r"\*\*|\{(?:term|doc|ref|numref|py:func|py:class|math|glue:?\w*)\}|\$")


def raw_markup(path) -> list[str]:
    """Blocks of prose of the page at ``path`` that show MyST markup as text."""
    return [text[:160] for text in prose_blocks(path) if RAW_MARKUP.search(text)]


@pytest.mark.parametrize("edition", ["", CHINESE + "/"], ids=["English", "Chinese"])
@pytest.mark.parametrize("name", PAGES)
def test_page_shows_no_raw_markup(site, name, edition):
    found = raw_markup(site.html / f"{edition}{name}.html")
    assert not found, f"markup shown as text on {edition}{name}.html:\n" + "\n".join(found)


def search_index(site) -> dict:
    text = (site.html / CHINESE / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def pages_with(index: dict, term: str) -> set[str]:
    """The pages the search finds for ``term``: in their text or in a heading (Sphinx
    keeps a page's heading words apart from the rest, and searches both)."""
    pages = set()
    for mapping in (index["terms"], index["titleterms"]):
        found = mapping.get(term, [])
        pages.update(index["docnames"][i] for i in ([found] if isinstance(found, int) else found))
    return pages


def test_chinese_search_knows_every_glossary_name(site):
    index = search_index(site)
    missing = [name for name in glossary_names(BOOK / "glossary.md")
               if " " not in name and not pages_with(index, name)]
    assert not missing, f"glossary names the Chinese search cannot find: {missing}"


@pytest.mark.parametrize(("term", "page"), [
    ("交叉熵", "book/cross_entropy"),
    ("铰链损失", "book/hinge"),
    ("余弦相似度", "book/cosine_similarity"),
    ("熵", "book/entropy"),
    ("huber", "book/regression_losses"),
])
def test_chinese_search_finds_chinese_words_and_code_names(site, term, page):
    assert page in pages_with(search_index(site), term)


CHAPTERS = [p for p in NOTEBOOKS if (CATALOGUES / f"{docname(p)}.po").exists()]


@pytest.mark.parametrize("path", CHAPTERS, ids=[docname(p) for p in CHAPTERS])
def test_chinese_chapter_downloads_as_a_chinese_notebook(site, path):
    name = docname(path)
    page = read(site.html / CHINESE / f"{name}.html")
    offered = [a["href"] for a in page.select("a[href$='.ipynb']") if "_sources" in a["href"]]
    assert offered, f"zh_CN/{name}.html offers no notebook to download"
    english = nbformat.read(path, as_version=4)
    chinese = nbformat.read((site.html / CHINESE / name).parent / offered[0], as_version=4)
    assert len(chinese.cells) == len(english.cells)
    for zh, en in zip(chinese.cells, english.cells, strict=True):
        assert zh.cell_type == en.cell_type
        if en.cell_type == "code":
            assert zh == en, "a code cell, its outputs or its metadata differ from the English"
    # Nothing a catalogue translates is left in English: translating again changes nothing.
    translations = read_translations(CATALOGUES / f"{name}.po")
    left = {k: v for k, v in translations.items() if k != v}
    again = MarkdownTranslator(left, MYST_EXTENSIONS)
    for cell in chinese.cells:
        if cell.cell_type == "markdown":
            assert again.translate(cell.source) == cell.source, cell.source[:200]
    assert CJK.search(chinese.cells[0].source), "the first cell (the title) is not in Chinese"


def test_the_chinese_edition_is_beside_the_english_one(site):
    assert (site.html / CHINESE / "index.html").is_file()
    assert (site.html / "index.html").is_file()
    assert ROOT.joinpath("locale", CHINESE).is_dir()


@pytest.mark.parametrize("name", [docname(p) for p in CHAPTERS])
def test_exercise_and_solution_titles_are_chinese(site, name):
    """An exercise's title, and the title its solution repeats, are in Chinese too."""
    page = read(site.html / CHINESE / f"{name}.html")
    titles = [t.get_text(" ", strip=True) for t in page.select(".admonition-title")]
    named = [t for t in titles if "(" in t]
    english = [t for t in named if not CJK.search(t[t.index("("):])]
    assert not english, f"titles left in English on zh_CN/{name}.html: {english}"


def test_chinese_intro_says_what_stays_english(site):
    intro = read(site.html / CHINESE / "book/intro.html").select_one("article").get_text()
    assert "保留英文" in intro, "the Chinese intro must say that figures' and code's text stays English"


def test_chinese_source_code_pages_show_the_english_code(site):
    """The Chinese edition's source-code pages (Sphinx's viewcode, linked by the API's
    [source]) show the English pages' code, highlighted alike, and link to them. The
    browser does not open them (test_pages.py): what differs is the Chinese page frame,
    which the browser checks on every other Chinese page."""
    chinese = sorted((site.html / CHINESE / "_modules").rglob("*.html"))
    assert chinese, "the Chinese edition has no source-code pages"
    for page in chinese:
        english = site.html / page.relative_to(site.html / CHINESE)
        assert english.is_file(), f"{english} is missing"
        zh, en = parse(page), parse(english)
        # The links (the index lists the modules, the code links back to the API page), then
        # the code, highlighted, without those links' words ([docs], [文档]).
        shown = [[a["href"] for a in p.select("article a")] for p in (zh, en)]
        for p in (zh, en):
            for back in p.select("a.viewcode-back"):
                back.decompose()
        for i, p in enumerate((zh, en)):
            shown[i] += [str(block) for block in p.select("article div.highlight")]
        assert shown[0] and shown[0] == shown[1], page
        assert zh.html["lang"] == "zh-CN"
        assert (page.parent / language_link(zh)["href"]).resolve() == english.resolve()

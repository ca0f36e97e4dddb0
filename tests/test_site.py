"""The website and the notebooks it is built from.

The site is built once per test session (the `site` fixture of conftest.py), into a temporary folder (the
repository's own ``_build`` is left alone), from the outputs committed in the
notebooks, with warnings as errors:

    jupyter-book build <repo> --path-output <tmp> -W -n --keep-going

The API reference (book/api.md) must document every public name of lossutils, with its
example and a link to the chapter that teaches it, and every page must link the favicon.

The notebook checks below need no build: every chapter is in ``_toc.yml``, was
executed top to bottom in one kernel, stores no error and no stderr output, and
stores the state of every widget it shows (else the website shows nothing there).
"""

from __future__ import annotations

import importlib
import inspect
import pathlib
import re

import nbformat
import pytest

from book._ext import taught_in  # the Sphinx extension

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# Cells whose outputs myst-nb does not put on the page.
HIDDEN_OUTPUT_TAGS = {"remove-cell", "remove-output"}



def notebooks() -> list[pathlib.Path]:
    """Every notebook under book/, in name order."""
    return sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def docname(path: pathlib.Path) -> str:
    """The Sphinx document name of a source file: 'book/entropy' for book/entropy.ipynb."""
    return path.relative_to(ROOT).with_suffix("").as_posix()


def toc_docnames() -> list[str]:
    """Every document listed in _toc.yml, in reading order."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    return list(parse_toc_yaml(ROOT / "_toc.yml"))


def shown_widget_views(nb) -> list[str]:
    """Model ids of the widget views a notebook shows on its page."""
    return [
        out["data"][WIDGET_VIEW]["model_id"]
        for cell in nb.cells
        if cell.cell_type == "code"
        and not HIDDEN_OUTPUT_TAGS & set(cell.get("metadata", {}).get("tags", []))
        for out in cell.get("outputs", [])
        if WIDGET_VIEW in out.get("data", {})
    ]


def stored_widget_state(nb) -> dict:
    """The widget models stored in a notebook's metadata, by model id."""
    return nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


NOTEBOOKS = notebooks()
NB_IDS = [docname(p) for p in NOTEBOOKS]


# --------------------------------------------------------------------------- notebooks


def test_toc_lists_existing_pages():
    missing = [
        name
        for name in toc_docnames()
        if not any((ROOT / name).with_suffix(s).is_file() for s in (".md", ".ipynb", ".rst"))
    ]
    assert not missing, f"_toc.yml lists pages that do not exist: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_notebook_is_in_toc(path):
    assert docname(path) in toc_docnames(), (
        f"{path.relative_to(ROOT)} is not in _toc.yml, so the website leaves it out; "
        "add it as a chapter."
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_notebook_was_executed_in_order_without_errors_or_stderr(path):
    nb = nbformat.read(path, as_version=4)
    counts, problems = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue  # nbclient skips empty cells
        counts.append(cell.execution_count)
        for out in cell.outputs:
            if out.output_type == "error":
                problems.append(f"cell {i} stores an error ({out.get('ename')})")
            if out.output_type == "stream" and out.get("name") == "stderr":
                problems.append(f"cell {i} wrote to stderr: {out.get('text', '')[:200]!r}")
    refresh = f"python tools/refresh_notebooks.py {path.relative_to(ROOT).as_posix()}"
    assert counts == list(range(1, len(counts) + 1)), (
        f"execution counts {counts}: the notebook was not run top to bottom in one "
        f"fresh kernel; run `{refresh}`"
    )
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NB_IDS)
def test_notebook_stores_the_state_of_the_widgets_it_shows(path):
    nb = nbformat.read(path, as_version=4)
    views = shown_widget_views(nb)
    state = stored_widget_state(nb)
    lost = [model_id for model_id in views if model_id not in state]
    assert not lost, (
        f"widget views {lost} have no stored state, so the website shows nothing "
        f"there; run `python tools/refresh_notebooks.py {path.relative_to(ROOT).as_posix()}`"
    )


# ----------------------------------------------------------------------------- site


def test_site_builds_without_warnings(site):
    problems = [line for line in site.log.splitlines()
                if re.search(r"\b(WARNING|ERROR|CRITICAL|SEVERE)\b", line)]
    assert site.returncode == 0 and not problems, (
        f"jupyter-book build exited with {site.returncode}; "
        + ("\n".join(problems) or site.log[-3000:])
    )


def test_site_build_executes_no_notebook(site):
    executed = [line for line in site.log.splitlines()
                if re.search(r"Execut(ing|ed) notebook|Using cached notebook", line)]
    assert not executed, "the site must be built from committed outputs:\n" + "\n".join(executed)
    assert not (site.build_dir / ".jupyter_cache").exists(), "a jupyter-cache was written"


@pytest.mark.parametrize("name", toc_docnames())
def test_every_toc_page_has_html(site, name):
    assert (site.html / f"{name}.html").is_file(), f"no HTML page for {name}"


def test_site_has_an_index_page(site):
    assert (site.html / "index.html").is_file()


def shown_web_explorers(nb) -> int:
    """How many website versions of explorers a notebook shows on its page."""
    return sum(
        "lossutils-web-explorer" in out.get("data", {}).get("text/html", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        and not HIDDEN_OUTPUT_TAGS & set(cell.get("metadata", {}).get("tags", []))
        for out in cell.get("outputs", [])
    )


EXPLORER_NOTEBOOKS = [p for p in NOTEBOOKS if shown_web_explorers(nbformat.read(p, as_version=4))]


@pytest.mark.parametrize("path", EXPLORER_NOTEBOOKS, ids=[docname(p) for p in EXPLORER_NOTEBOOKS])
def test_page_shows_each_explorer_with_its_pictures_as_files(site, path):
    """Each explorer of the notebook is on its page, its pictures files of _images/: the one it
    starts at fetched lazily, the others only when shown (data-src); no widget manager."""
    page = (site.html / f"{docname(path)}.html").read_text(encoding="utf-8")
    explorers = page.count('<div class="lossutils-web-explorer">')
    assert explorers == shown_web_explorers(nbformat.read(path, as_version=4))
    frames = re.findall(r'<div class="lossutils-frame" data-stops="[^"]*"( hidden)?><img\b([^>]*)>', page)
    assert sum(not hidden for hidden, _ in frames) == explorers, "one picture shown per explorer"
    for hidden, tag in frames:
        attribute = "data-src" if hidden else "src"
        url = re.search(rf'\s{attribute}="\.\./(_images/explorer-[0-9a-f]{{20}}\.png)"', tag)
        assert url, f"a picture not served as a file: <img{tag[:200]}>"
        assert (site.html / url.group(1)).is_file(), url.group(1)
        assert ("data:image" in tag) is False
    assert re.search(r'<script[^>]*\ssrc="[^"]*_static/explorers\.js', page)
    assert "html-manager" not in page and WIDGET_VIEW not in page, "a widget manager or view on the page"


def test_chapter_figures_load_lazily(site):
    """Figures (files of _images/) are fetched as the reader nears them (book/_ext/lazy_images.py)."""
    pages = [toc_docnames()[0]] + NB_IDS  # the intro and every chapter
    figures, eager = 0, []
    for name in pages:
        page = (site.html / f"{name}.html").read_text(encoding="utf-8")
        for tag in re.findall(r'<img\b[^>]*\ssrc="[^"]*_images/[^"]*"[^>]*>', page):
            figures += 1
            if not re.search(r'\sloading="lazy"', tag) or not re.search(r'\sdecoding="async"', tag):
                eager.append(f"{name}: {tag[:160]}")
    assert figures, "no chapter page shows a figure from _images/: the check found nothing to check"
    assert not eager, "figures fetched at open, not lazily:\n" + "\n".join(eager)


# -------------------------------------------------------------------------- math


MATH_ELEMENT = re.compile(r'(?s)<(?:span|div) class="math notranslate nohighlight"[^>]*>.{0,400}')


def test_every_formula_is_drawn_when_the_site_is_built(site):
    """Formulas arrive drawn (book/_ext/svg_math.py): each math element holds MathJax's SVG
    and its MathML for screen readers, every glyph it draws is defined on its own page, no
    TeX is left for a script to typeset, and no page loads a typesetting script."""
    pages = [p for p in site.html.rglob("*.html") if not {"_static", "_sources"} & set(p.parts)]
    formulas, problems = 0, []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(site.html)
        for element in re.findall(MATH_ELEMENT, html):
            formulas += 1
            if not re.search(r'<mjx-container class="MathJax" jax="SVG"', element):
                problems.append(f"{name}: a formula not drawn: {element[:160]}")
        if html.count("<mjx-container") != html.count("<mjx-assistive-mml"):
            problems.append(f"{name}: a formula without its MathML for screen readers")
        glyphs = set(re.findall(r'<path id="(MJX-[^"]+)"', html))
        missing = set(re.findall(r'xlink:href="#(MJX-[^"]+)"', html)) - glyphs
        if missing:
            problems.append(f"{name}: glyphs used but not defined on the page: {sorted(missing)[:5]}")
        if re.search(r"<script[^>]*mathjax", html, re.IGNORECASE):
            problems.append(f"{name}: loads MathJax")
        if re.search(r"\\\(|\\\[|\$\$", re.sub(r"<(pre|code)\b.*?</\1>", "", html, flags=re.S)):
            problems.append(f"{name}: TeX delimiters left in the page")
    assert formulas > 1000, f"only {formulas} formulas found: the check is not looking at them"
    assert not problems, "\n".join(problems[:30])


# ------------------------------------------------------------------- API reference

# The modules book/api.md documents, every name of their __all__ included.
API_MODULES = [
    "lossutils",
    "lossutils.losses",
    "lossutils.information",
    "lossutils.explorers",
    "lossutils.plotting",
    "lossutils.source",
    "lossutils.articles.experiments",
    "lossutils.metrics",
    "lossutils.articles.keras2_calls",
]


def api_entries() -> dict[str, object]:
    """The anchor autodoc writes for each public name (``id="lossutils.losses.huber"``), and its object."""
    entries = {}
    for modname in API_MODULES:
        module = importlib.import_module(modname)
        entries[f"module-{modname}"] = module
        for name in module.__all__:
            obj = getattr(module, name)
            entries[f"module-{obj.__name__}" if inspect.ismodule(obj) else f"{modname}.{name}"] = obj
    return entries


def api_sections(page: str, anchors) -> dict[str, str]:
    """The HTML of each entry of the API page: from its anchor to the next one."""
    starts = sorted((page.index(f'id="{a}"'), a) for a in anchors if f'id="{a}"' in page)
    ends = [start for start, _ in starts[1:]] + [len(page)]
    return {anchor: page[start:end] for (start, anchor), end in zip(starts, ends, strict=True)}


def test_api_page_documents_every_public_name(site):
    page = (site.html / "book" / "api.html").read_text(encoding="utf-8")
    missing = [anchor for anchor in api_entries() if f'id="{anchor}"' not in page]
    assert not missing, (
        f"book/api.md has no entry for {missing}; add an autofunction, autoclass or "
        "autodata line for each, in the section it belongs to"
    )


@pytest.mark.parametrize("edition", ["", "zh_CN/"], ids=["English", "Chinese"])
def test_api_signatures_show_each_default_after_its_name(site, edition):
    """An entry's signature reads as Python writes it: "from_logits=False", never
    "=from_logitsFalse" (what marking the signature's inline nodes untranslatable once did,
    book/_ext/kept_as_they_are.py)."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((site.html / edition / "book" / "api.html").read_text(encoding="utf-8"),
                         "html.parser")
    wrong, checked = [], 0
    for anchor, obj in api_entries().items():
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        signature = page.find("dt", id=anchor).get_text("", strip=False)
        for name, parameter in inspect.signature(obj).parameters.items():
            if parameter.default is not inspect.Parameter.empty:
                checked += 1
                if f"{name}={parameter.default!r}" not in signature:
                    wrong.append(f"{anchor}: {name}={parameter.default!r} not in {signature!r}")
    assert checked > 50 and not wrong, wrong[:5]


def test_api_page_shows_the_examples_and_links_the_chapters(site):
    page = (site.html / "book" / "api.html").read_text(encoding="utf-8")
    entries = api_entries()
    written = set(toc_docnames())
    problems = []
    for anchor, html in api_sections(page, entries).items():
        obj = entries[anchor]
        if inspect.ismodule(obj):
            continue
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            # A constant shows its doc comment (book/_ext/reexported_constants.py), never
            # the docstring of its type ("Convert a string or number to a floating point ...").
            words = " ".join(re.findall(r"\w+", inspect.cleandoc(type(obj).__doc__ or "")))
            if words and words in " ".join(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", html))):
                problems.append(f"{anchor}: shows the docstring of {type(obj).__name__}")
            continue
        doc = inspect.getdoc(obj) or ""
        if ">>>" in doc and 'class="doctest' not in html:
            problems.append(f"{anchor}: the example of its docstring is not shown")
        for chapter in taught_in.parse(doc):
            if chapter.docname in written:
                expected = f'href="{pathlib.PurePosixPath(chapter.docname).name}.html"'
            else:
                expected = f"{chapter.title} (a chapter still to come)"
            if expected not in html:
                problems.append(f"{anchor}: the chapter that teaches it is not shown as {expected}")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------- favicon


def test_every_page_links_the_favicon(site):
    pages = [p for p in site.html.rglob("*.html") if not {"_static", "_sources"} & set(p.parts)]
    problems = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if re.search(r'<meta http-equiv="refresh"', html, re.IGNORECASE):
            continue  # a redirect stub (index.html) is never shown
        icon = re.search(r'<link rel="icon" href="([^"]+)"', html)
        if icon is None:
            problems.append(f"{path.relative_to(site.html)} links no icon")
        elif not (path.parent / icon.group(1)).is_file():
            problems.append(f"{path.relative_to(site.html)} links a missing icon {icon.group(1)}")
    assert not problems, "\n".join(problems)
    # Browsers also ask for /favicon.ico on their own (html_extra_path puts it there).
    assert (site.html / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00", "no favicon.ico at the root"


# -------------------------------------------------------------------------- names of controls


def test_controls_are_named_by_the_words_they_show(site):
    """WCAG 2.5.3 (label in name), which axe-core checks in the browser (test_pages.py): the
    toggle above a hidden cell (book/_ext/summary_names.py) and the search button
    (book/_templates/search-button-field.html) carry no aria-label that hides what they show."""
    toggles = buttons = 0
    for name in NB_IDS:
        page = (site.html / f"{name}.html").read_text(encoding="utf-8")
        for summary in re.findall(r'<details class="admonition hide[^"]*">\s*(<summary[^>]*>)', page):
            toggles += 1
            assert summary == "<summary>", f"{name}: {summary}"
        for button in re.findall(r'<button class="btn search-button-field[^>]*>', page):
            buttons += 1
            assert "aria-label" not in button and 'aria-keyshortcuts="Control+K"' in button, button
    assert toggles and buttons, f"found {toggles} hidden-cell toggles and {buttons} search buttons"

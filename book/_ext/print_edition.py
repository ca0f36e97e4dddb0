"""Sphinx extension: what the book's PDF (Sphinx's LaTeX builder) does differently from its website.

Only the LaTeX builder is touched (``tools/build_pdfs.py`` runs it, one PDF per edition):

- **Parts.** The introduction is one chapter, "Introduction", and its sections are its sections;
  it is not numbered. Each part of the table of contents (``_toc.yml``'s captions) starts a
  ``\\part``; the last part is the appendix, whose chapters are lettered.
- **Explorers.** An explorer's website version is HTML, which LaTeX cannot show. In the PDF it is
  the picture it starts at (drawn by lossutils and stored in the notebook), that picture's
  caption, and one sentence saying where it moves: the chapter as a notebook on Binder or Colab.
- **Tables of sentences** (Every loss at a glance has nine columns) cannot be read as columns
  on a page, and LaTeX's tables cannot break a long name of code: each row is printed as a
  record, its first cell in bold, then one line per column, named by the column's header.
  Tables of numbers stay tables.
- **Solutions** follow their exercises on the website, folded away; printed open there, they
  would give each answer away under its question. In print they are gathered at the end of
  their chapter, under "Solutions", each under a heading of its own rather than in a box:
  code in a LaTeX box cannot break across pages, and ran over the footer.
- **Nothing vanishes unnoticed.** Any other HTML output of a cell is reported as a warning
  (an error in the strict build), since the PDF would lose it.

The words it adds are configuration values (``print_introduction_title``,
``print_explorer_note``, ``print_solutions_title``); ``editions.py`` gives the Chinese
edition's.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx_exercise.nodes import solution_node

logger = logging.getLogger(__name__)

EXPLORER_CLASS = "lossutils-web-explorer"
# The picture an explorer starts at: the one frame that is not hidden (web_frames.py).
START_FRAME = re.compile(
    r'<div class="lossutils-frame" data-stops="[^"]*">\s*<img\b[^>]*?'
    r'src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=]+)"[^>]*?'
    r'width="(?P<width>\d+)"[^>]*?alt="(?P<alt>[^"]*)"'
)
# A link in the note: [words](binder) or [words](colab).
NOTE_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>binder|colab)\)")
# A table is printed as records when it has this many columns or more and it holds code,
# or its rows are sentences, not numbers: wider than this many Latin letters on average.
WIDE_COLUMNS = 3
WIDE_ROW_CHARACTERS = 75
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")

# LaTeX around the introduction: it is not numbered, the chapters after it are.
UNNUMBERED = r"\lossbookunnumbered"
NUMBERED = r"\lossbooknumbered"


def _is_pdf(app) -> bool:
    return app.builder.name == "latex"


def _raw_latex(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


# --- parts -------------------------------------------------------------------------------

def _arrange_parts(app, doctree) -> None:
    """The root page: its body becomes the chapter "Introduction"; each toctree a part."""
    top = next(iter(doctree.findall(nodes.section)), None)
    wrappers = [node for node in doctree.findall(nodes.compound)
                if "toctree-wrapper" in node["classes"]]
    if top is None or not wrappers:
        return
    introduction = nodes.section(ids=["book-introduction"], names=["book-introduction"])
    introduction += nodes.title("", app.config.print_introduction_title)
    for child in list(top.children[1:]):  # everything after the page's title (the book's)
        if child not in wrappers:
            top.remove(child)
            introduction += child
    top.insert(1, introduction)
    top.insert(1, _raw_latex(UNNUMBERED))
    for number, wrapper in enumerate(wrappers):
        toctree = next(iter(wrapper.findall(addnodes.toctree)))
        caption = toctree.get("caption") or ""
        start = NUMBERED if number == 0 else ""
        if number == len(wrappers) - 1 and number > 0:
            start += r"\appendix"
        wrapper.parent.insert(wrapper.parent.index(wrapper),
                              _raw_latex(rf"{start}\part{{{_latex_text(caption)}}}"))
        # Sphinx would name the table of contents after the first caption ("Chapters").
        del toctree["caption"]


def _latex_text(text: str) -> str:
    """Plain words for a LaTeX argument (a part's name): its special characters escaped."""
    special = {c: "\\" + c for c in "&%$#_{}"}
    return "".join(special.get(c, c) for c in text)


# --- explorers ------------------------------------------------------------------------------

def _launch_urls(app, docname: str) -> dict[str, str]:
    """The chapter's notebook on Binder and on Colab, as the website's launch menu links them."""
    options = app.config.html_theme_options
    repository = options["repository_url"].rstrip("/").removeprefix("https://github.com/")
    branch = options.get("repository_branch", "main")
    path = os.path.relpath(app.env.doc2path(docname), app.srcdir).replace(os.sep, "/")
    launch = options.get("launch_buttons", {})
    interface = "lab/tree" if launch.get("notebook_interface") == "jupyterlab" else "tree"
    return {
        "binder": f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{repository}/{branch}"
                  f"?urlpath={interface}/{path}",
        "colab": f"{launch['colab_url'].rstrip('/')}/github/{repository}/blob/{branch}/{path}",
    }


def _note(app, docname: str) -> nodes.paragraph:
    """The sentence under an explorer's picture, its links made from the launch buttons' addresses."""
    urls = _launch_urls(app, docname)
    text = app.config.print_explorer_note
    note = nodes.paragraph(classes=["explorer-note"])
    position = 0
    for link in NOTE_LINK.finditer(text):
        note += nodes.Text(text[position:link.start()])
        note += nodes.reference("", link["text"], refuri=urls[link["target"]])
        position = link.end()
    note += nodes.Text(text[position:])
    return note


def _picture_file(app, png: bytes) -> str:
    """Writes the picture beside the build (once); its address as Sphinx reads image paths."""
    folder = Path(app.doctreedir).parent / "explorer_pictures"
    path = folder / f"{hashlib.sha256(png).hexdigest()[:20]}.png"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    return "/" + os.path.relpath(path, app.srcdir).replace(os.sep, "/")


def _explorer_in_print(app, docname: str, raw: nodes.raw) -> list[nodes.Node] | None:
    start = START_FRAME.search(raw.astext())
    if start is None:
        return None
    caption = html.unescape(start["alt"])
    image = nodes.image(uri=_picture_file(app, base64.b64decode(start["data"])),
                        alt=caption, width=f"{start['width']}px")
    return [nodes.paragraph("", "", image),
            nodes.paragraph("", "", nodes.emphasis("", caption)),
            _note(app, docname)]


def _replace_html_outputs(app, docname: str, doctree) -> None:
    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        if "output" not in raw["classes"]:
            continue  # the pages' own raw HTML (none has any meaning in print)
        printed = _explorer_in_print(app, docname, raw) if EXPLORER_CLASS in raw.astext() else None
        if printed is None:
            logger.warning("an HTML output of a cell is lost in the PDF: %.80s", raw.astext(),
                           location=raw)
            continue
        raw.replace_self(printed)


# --- wide tables ----------------------------------------------------------------------------

def _rows(table: nodes.table) -> tuple[list, list]:
    group = next(iter(table.findall(nodes.tgroup)))
    head = next(iter(group.findall(nodes.thead)), None)
    body = next(iter(group.findall(nodes.tbody)))
    header = list(head.findall(nodes.row))[0] if head is not None else None
    return (list(header.children) if header is not None else []), list(body.children)


def _is_wide(table: nodes.table) -> bool:
    header, rows = _rows(table)
    if len(header) < WIDE_COLUMNS or not rows:
        return False
    if any(True for _ in table.findall(nodes.literal)):
        return True  # a name of code cannot break where LaTeX's narrow columns need it
    characters = sum(_width(row.astext()) for row in rows) / len(rows)
    return characters > WIDE_ROW_CHARACTERS


def _width(text: str) -> int:
    """How wide ``text`` is set, in Latin letters: a Chinese character is about two."""
    return len(text) + len(CJK.findall(text))


def _cell_content(entry: nodes.entry) -> list[nodes.Node]:
    return [child.deepcopy() for child in entry.children]


def _as_records(table: nodes.table) -> nodes.container:
    """Each row: its first cell as a bold line, then a field per other column."""
    header, rows = _rows(table)
    records = nodes.container(classes=["table-as-records"])
    title = next(iter(table.findall(nodes.title)), None)
    if title is not None:
        records += nodes.rubric("", "", *[c.deepcopy() for c in title.children])
    for row in rows:
        cells = list(row.children)
        first = nodes.paragraph("", "", nodes.strong("", "", *_inline(cells[0])))
        fields = nodes.field_list()
        for name_entry, cell in zip(header[1:], cells[1:], strict=True):
            if not cell.astext().strip():
                continue
            name = nodes.field_name("", "", *_inline(name_entry))
            fields += nodes.field("", name, nodes.field_body("", *_cell_content(cell)))
        records += [first, fields]
    records["ids"] = table["ids"]
    return records


def _inline(entry: nodes.entry) -> list[nodes.Node]:
    """A cell's words as inline nodes (a cell holds one paragraph)."""
    inline = []
    for paragraph in entry.children:
        inline.extend(child.deepcopy() for child in paragraph.children)
    return inline or [nodes.Text(entry.astext())]


def _records_for_wide_tables(doctree) -> None:
    for table in list(doctree.findall(nodes.table)):
        if _is_wide(table):
            table.replace_self(_as_records(table))


# --- solutions ------------------------------------------------------------------------------

def _solutions_at_the_end(app, doctree) -> None:
    solutions = list(doctree.findall(solution_node))
    top = next(iter(doctree.findall(nodes.section)), None)
    if not solutions or top is None:
        return
    section = nodes.section(ids=["book-solutions"], names=["book-solutions"])
    section += nodes.title("", app.config.print_solutions_title)
    for solution in solutions:
        solution.parent.remove(solution)
        section += solution
    top += section


class SolutionsUnboxed(SphinxPostTransform):
    """Each solution as a heading ("Solution to Exercise 3 (...)") and its text."""

    # After sphinx-exercise (21, 22) and exercise_titles.py (22) have written the titles.
    default_priority = 30
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for solution in list(self.document.findall(solution_node)):
            title, *parts = solution.children
            label = solution.get("label", "")
            docname = registry.get(label, {}).get("docname", "")
            # Where sphinx-exercise's own LaTeX puts a solution's label, for links to it.
            anchor = _raw_latex(rf"\phantomsection\label{{{docname}:{label}}}")
            heading = nodes.rubric("", "", *[child.deepcopy() for child in title.children])
            body = [child for part in parts
                    for child in (part.children if isinstance(part, nodes.section) else [part])]
            solution.replace_self([anchor, heading, *body])


def _for_print(app, doctree) -> None:
    if not _is_pdf(app):
        return
    docname = app.env.docname
    if docname == app.config.root_doc:
        _arrange_parts(app, doctree)
    _replace_html_outputs(app, docname, doctree)
    _records_for_wide_tables(doctree)
    _solutions_at_the_end(app, doctree)


# The English words it adds; editions.py gives the Chinese edition's.
INTRODUCTION_TITLE = "Introduction"
SOLUTIONS_TITLE = "Solutions"
EXPLORER_NOTE = ("In print, the explorer shows the picture it starts at. To move its controls, run "
                 "this chapter as a notebook, [on Binder](binder) or [in Colab](colab), or read its "
                 "page on the book’s website.")


def setup(app):
    app.add_config_value("print_introduction_title", INTRODUCTION_TITLE, "env", str)
    app.add_config_value("print_explorer_note", EXPLORER_NOTE, "env", str)
    app.add_config_value("print_solutions_title", SOLUTIONS_TITLE, "env", str)
    # Before Sphinx's own readers of the doctree (priority 500), which then collect the
    # pictures and sections added here.
    app.connect("doctree-read", _for_print, priority=400)
    app.add_post_transform(SolutionsUnboxed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension: a translated edition offers each chapter as a translated notebook.

A chapter page's download button offers ``_sources/<page>.ipynb``, which Sphinx copies
from the source: in the Chinese edition that would be the English notebook. Once the
edition is written, this replaces each copy by the same notebook with its markdown cells
in the edition's language: every block the page's catalogue translates (a paragraph, a
heading, a list item, a table cell, a directive's title, caption or alt text) is put in
place of its English source. Code cells, outputs and metadata are the English notebook's,
byte for byte, so the notebook runs and shows exactly what the English one does.

The blocks are found as Sphinx finds its messages: MyST's own markdown parser splits a
cell into blocks, and a block's text with its line breaks made spaces is its message id.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from babel.messages.pofile import read_po
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

# A directive's options at the top of its body, ":alt: text".
OPTION = re.compile(r"^(\s*:([\w-]+):\s*)(.*)$")
# Options whose value is prose (Sphinx extracts an image's alt text as a message).
PROSE_OPTIONS = {"alt"}


def read_translations(catalogue: Path) -> dict[str, str]:
    """The catalogue's translated messages, id to translation."""
    with open(catalogue, "rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}


def _message_id(text: str) -> str:
    return text.replace("\n", " ").strip()


class MarkdownTranslator:
    """Puts a catalogue's translations in place of the English blocks of MyST markdown."""

    def __init__(self, translations: dict[str, str], extensions: list[str]):
        self.translations = translations
        self.parser = create_md_parser(
            MdParserConfig(enable_extensions=set(extensions)), RendererHTML
        )

    def translate(self, text: str) -> str:
        """``text`` with every block that has a translation translated."""
        out, cursor = text, 0
        for token in self.parser.parse(text):
            if token.type == "inline":
                out, cursor = self._swap(out, cursor, token.content, self._block(token.content))
            elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
                out, cursor = self._directive(out, cursor, token)
        return out

    def _block(self, source: str) -> str | None:
        return self.translations.get(_message_id(source))

    def _directive(self, out: str, cursor: int, token) -> tuple[str, int]:
        _, _, argument = token.info.partition(" ")
        if argument.strip():
            out, cursor = self._swap(out, cursor, argument.strip(), self._block(argument))
        body = token.content.rstrip("\n")
        options, text = self._split_options(body)
        translated = "\n".join(options + [self.translate(text)]) if text else "\n".join(options)
        return self._swap(out, cursor, body, translated if translated != body else None)

    def _split_options(self, body: str) -> tuple[list[str], str]:
        """A directive's option lines (prose options translated) and the text after them."""
        lines = body.split("\n")
        options = []
        while lines and OPTION.match(lines[0]):
            match = OPTION.match(lines.pop(0))
            translated = self._block(match.group(3)) if match.group(2) in PROSE_OPTIONS else None
            options.append(match.group(1) + translated if translated else match.group(0))
        return options, "\n".join(lines)

    @staticmethod
    def _swap(out: str, cursor: int, source: str, translated: str | None) -> tuple[str, int]:
        """Replace the next occurrence of ``source`` (its lines, whatever indents them)."""
        lines = source.split("\n")
        start = out.find(lines[0], cursor)
        if start < 0:
            return out, cursor
        end = start + len(lines[0])
        for line in lines[1:]:
            found = out.find(line, end)
            if found < 0:
                return out, cursor
            end = found + len(line)
        if translated is None:
            return out, end
        return out[:start] + translated + out[end:], start + len(translated)


def translate_notebook(notebook, translator: MarkdownTranslator):
    """``notebook`` (nbformat) with its markdown cells translated, in place."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = translator.translate(cell.source)
    return notebook


def _write_translated_notebooks(app, exception):
    if exception is not None or app.builder.name != "html" or app.config.language == "en":
        return
    catalogues = Path(app.srcdir, app.config.locale_dirs[0], app.config.language, "LC_MESSAGES")
    for docname in sorted(app.env.found_docs):
        source = Path(app.env.doc2path(docname))
        catalogue = catalogues / f"{docname}.po"
        if source.suffix != ".ipynb" or not catalogue.exists():
            continue
        translator = MarkdownTranslator(read_translations(catalogue), app.config.myst_enable_extensions)
        notebook = translate_notebook(nbformat.read(source, as_version=4), translator)
        nbformat.write(notebook, Path(app.outdir, "_sources", docname + ".ipynb"))


def setup(app):
    app.connect("build-finished", _write_translated_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
